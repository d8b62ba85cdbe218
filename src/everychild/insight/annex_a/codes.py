"""How Everychild's codes read in Annex A: the lettered options Ofsted's template uses.

Each map takes the code Everychild stores (mostly the CIN census's) to the text the
sample workbook (tests/insight/data/Annex_A_sample.xlsx) shows for it. A code with no
entry is written blank rather than guessed. Where the sample settles a letter it is
followed; options the sample does not show keep the order of the census code list.
"""

from __future__ import annotations

from collections.abc import Mapping

from everychild.casework.models import Category, ClosureReason

YES, NO = "Yes", "No"
# Demographic-style yes/no columns (disability, seen alone, EPO) are lettered in the sample.
LETTERED_YES, LETTERED_NO = "a) Yes", "b) No"

GENDER: Mapping[str, str] = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}

# The census order (a) WBRI ... r) OOTH). The sample writes "s) NOBT" (information not yet
# obtained), so refused takes the letter after it.
_ETHNICITIES = ("WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH",
                "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH",
                "NOBT", "REFU")
ETHNICITY: Mapping[str, str] = {code: f"{chr(ord('a') + i)}) {code}"
                                for i, code in enumerate(_ETHNICITIES)}

# Referral (contact) source. The sample shows "q) 6: Police", so 5D (early help, added to
# the census after the template's list was lettered) takes the letter after 10.
_SOURCES = (("1A", "Individual"), ("1B", "Individual"), ("1C", "Individual"),
            ("1D", "Individual"), ("2A", "Schools"), ("2B", "Education services"),
            ("3A", "Health services"), ("3B", "Health services"), ("3C", "Health services"),
            ("3D", "Health services"), ("3E", "Health services"), ("3F", "Health services"),
            ("4", "Housing"), ("5A", "LA services"), ("5B", "LA services"),
            ("5C", "LA services"), ("6", "Police"), ("7", "Other legal agency"),
            ("8", "Other"), ("9", "Anonymous"), ("10", "Unknown"), ("5D", "LA services"))
SOURCE: Mapping[str, str] = {code: f"{chr(ord('a') + i)}) {code}: {label}"
                             for i, (code, label) in enumerate(_SOURCES)}

PRIMARY_NEED: Mapping[str, str] = {
    "N0": "N0 - Not stated", "N1": "N1 - Abuse or Neglect",
    "N2": "N2 - Child's disability or illness", "N3": "N3 - Parental disability or illness",
    "N4": "N4 - Family in acute stress", "N5": "N5 - Family dysfunction",
    "N6": "N6 - Socially unacceptable behaviour", "N7": "N7 - Low income",
    "N8": "N8 - Absent parenting", "N9": "N9 - Cases other than children in need",
}

CLOSURE_REASON: Mapping[str, str] = {c.value: f"{c.value} - {c.label}" for c in ClosureReason}

CATEGORY: Mapping[str, str] = {c.value: str(c.label) for c in Category}

# List 6's case status as at the as-of date (a) is looked after: Everychild keeps no care
# records, so it is never written).
CASE_STATUS_CP = "b) Child Protection plan"
CASE_STATUS_CIN = "c) Child in need plan"
CASE_STATUS_ASSESSMENT = "d) Open assessment"
CASE_STATUS_CLOSED = "e) Closed episode"


def yes_no(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


def lettered_yes_no(value: bool | None) -> str:
    return "" if value is None else (LETTERED_YES if value else LETTERED_NO)


def label(codes: Mapping[str, str], code: str | None) -> str:
    return codes.get(code or "", "")
