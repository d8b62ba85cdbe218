"""The comparisons of the Fellegi-Sunter model, each as ordered levels.

Every level is written twice, side by side: as SQL for Splink (training and the batch
tools) and as Python for the per-referral scorer. The first level whose condition holds
is the pair's level, in both. tests/people/matching/test_model_consistency.py checks the
two give the same level for every pair of a synthetic sample.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import JaroWinkler, Levenshtein

from .names import how_related
from .records import MatchRecord

# "Near": one typing slip (a letter wrong, missing or added: Levenshtein distance 1), or
# the same letters with two of them swapped (distance 2, same letters when sorted).
# Cheaper in DuckDB than its Damerau-Levenshtein, which was a third of the batch time.
SIMILAR_JARO_WINKLER = 0.88

# The few functions whose names differ between Splink's backends.
_FUNCTIONS = {
    "duckdb": {"overlap": "list_has_any", "jw": "jaro_winkler_similarity", "lev": "levenshtein"},
    "spark": {"overlap": "arrays_overlap", "jw": "jaro_winkler", "lev": "levenshtein"},
}


# A level's index, and (for a level that says something) how to say it in plain English:
# worked out only for the candidates shown, not for every pair scored.
Judged = tuple[int, Callable[[], str] | None]


@dataclass(frozen=True)
class Level:
    label: str   # stable: the model file keys its m and u by it
    sql: str     # with {overlap}, {jw}, {lev} standing for the backend's functions
    null: bool = False


@dataclass(frozen=True)
class Comparison:
    name: str
    description: str
    levels: tuple[Level, ...]
    judge: Callable[[MatchRecord, MatchRecord], Judged]

    def splink_dict(self, dialect: str = "duckdb",
                    parameters: list[dict[str, float]] | None = None) -> dict[str, Any]:
        functions = _FUNCTIONS[dialect]
        levels: list[dict[str, Any]] = []
        for i, level in enumerate(self.levels):
            entry: dict[str, Any] = {
                "sql_condition": level.sql.format(**functions),
                "label_for_charts": level.label,
            }
            if level.null:
                entry["is_null_level"] = True
            elif parameters is not None:
                entry["m_probability"] = parameters[i]["m"]
                entry["u_probability"] = parameters[i]["u"]
            levels.append(entry)
        return {"output_column_name": self.name, "comparison_description": self.description,
                "comparison_levels": levels}


def _overlap(a: tuple[str, ...], b: tuple[str, ...]) -> str | None:
    for value in a:
        if value in b:
            return value
    return None


def _near(a: str, b: str, letters_a: str, letters_b: str, code_a: str, code_b: str) -> bool:
    if code_a and code_a == code_b:
        return True
    edits = Levenshtein.distance(a, b, score_cutoff=2)
    return edits <= 1 or (edits == 2 and letters_a == letters_b)


def _near_sql(column: str) -> str:
    return (f"{{lev}}({column}_l, {column}_r) <= 1 "
            f"OR ({column}_letters_l = {column}_letters_r AND {{lev}}({column}_l, {column}_r) = 2) "
            f"OR {column}_phonetic_l = {column}_phonetic_r")


def _similar(a: str, b: str) -> bool:
    return JaroWinkler.similarity(a, b) >= SIMILAR_JARO_WINKLER


# ------------------------------------------------------------------ identifiers


def _nhs(left: MatchRecord, right: MatchRecord) -> Judged:
    if left.nhs_number is None or right.nhs_number is None:
        return 0, None
    if left.nhs_number == right.nhs_number:
        return 1, lambda: "NHS number agrees"
    return 2, lambda: "NHS number differs"


NHS = Comparison("nhs_number", "NHS number", (
    Level("null", "nhs_number_l IS NULL OR nhs_number_r IS NULL", null=True),
    Level("agrees", "nhs_number_l = nhs_number_r"),
    Level("differs", "ELSE"),
), _nhs)


def _upn(left: MatchRecord, right: MatchRecord) -> Judged:
    if not left.upns or not right.upns:
        return 0, None
    if _overlap(left.upns, right.upns):
        return 1, lambda: "Unique Pupil Number agrees"
    return 2, lambda: "Unique Pupil Number differs"


UPN = Comparison("upn", "Unique Pupil Number (current or former)", (
    Level("null", "upn_l IS NULL OR upn_r IS NULL", null=True),
    Level("agrees", "{overlap}(upns_l, upns_r)"),
    Level("differs", "ELSE"),
), _upn)


# ------------------------------------------------------------------ names


def _given(left: MatchRecord, right: MatchRecord) -> Judged:
    a, b = left.given, right.given
    if a is None or b is None:
        return 0, None
    shown_a, shown_b = left.display(a), right.display(b)
    if a == b:
        return 1, lambda: "Given name agrees"
    if a == right.family and left.family == b:
        whole_a = f"{shown_a} {left.display(left.family)}"
        whole_b = f"{shown_b} {right.display(right.family)}"
        return 2, lambda: f"Given and family names are swapped ('{whole_a}' and '{whole_b}')"
    common = _overlap(left.given_all, right.given_all)
    if common:
        kind = right.alt_kinds.get(common) or left.alt_kinds.get(common) or "other name"
        shown = right.display(common) if common in right.shown else left.display(common)
        return 3, lambda: f"Given name differs ({kind} '{shown}' agrees)"
    if _overlap(left.given_forms, right.given_forms):
        relation = how_related(a, b)
        if relation == "short":
            return 4, lambda: f"Given name '{shown_a}' is a short form of '{shown_b}'"
        if relation == "long":
            return 4, lambda: f"Given name '{shown_b}' is a short form of '{shown_a}'"
        if relation == "spelling":
            return 4, lambda: f"Given name '{shown_a}' is another spelling of '{shown_b}'"
        return 4, lambda: f"Given names '{shown_a}' and '{shown_b}' are forms of the same name"
    if _near(a, b, left.given_letters, right.given_letters, left.given_phonetic,
             right.given_phonetic):
        return 5, lambda: f"Given name '{shown_a}' is spelt like '{shown_b}'"
    if (len(a) == 1 or len(b) == 1) and a[0] == b[0]:
        return 6, lambda: f"Given name initial agrees ('{shown_a}' and '{shown_b}')"
    if _similar(a, b):
        return 7, lambda: f"Given name '{shown_a}' is similar to '{shown_b}'"
    return 8, lambda: f"Given name differs ('{shown_a}' and '{shown_b}')"


GIVEN = Comparison("given_name", "Given name, with short forms, other names and swaps", (
    Level("null", "given_l IS NULL OR given_r IS NULL", null=True),
    Level("exact", "given_l = given_r"),
    Level("swapped", "given_l = family_r AND family_l = given_r"),
    Level("other name", "{overlap}(given_all_l, given_all_r)"),
    Level("form of the name", "{overlap}(given_forms_l, given_forms_r)"),
    Level("near", _near_sql("given")),
    Level("initial", "(length(given_l) = 1 OR length(given_r) = 1) "
                     "AND substr(given_l, 1, 1) = substr(given_r, 1, 1)"),
    Level("similar", f"{{jw}}(given_l, given_r) >= {SIMILAR_JARO_WINKLER}"),
    Level("differs", "ELSE"),
), _given)


def _family(left: MatchRecord, right: MatchRecord) -> Judged:
    a, b = left.family, right.family
    # Names the wrong way round are the given name comparison's evidence; counted here
    # as well, one slip would weigh twice.
    if a is None or b is None or (a != b and a == right.given and left.given == b):
        return 0, None
    shown_a, shown_b = left.display(a), right.display(b)
    if a == b:
        return 1, lambda: "Family name agrees"
    common = _overlap(left.family_all, right.family_all)
    if common:
        kind = right.alt_kinds.get(common) or left.alt_kinds.get(common) or "other name"
        shown = right.display(common) if common in right.shown else left.display(common)
        return 2, lambda: f"Family name differs ({kind} '{shown}' agrees)"
    if _near(a, b, left.family_letters, right.family_letters, left.family_phonetic,
             right.family_phonetic):
        return 3, lambda: f"Family name '{shown_a}' is spelt like '{shown_b}'"
    if _similar(a, b):
        return 4, lambda: f"Family name '{shown_a}' is similar to '{shown_b}'"
    return 5, lambda: f"Family name differs ('{shown_a}' and '{shown_b}')"


FAMILY = Comparison("family_name", "Family name, with former and other names and swaps", (
    Level("null", "family_l IS NULL OR family_r IS NULL "
                  "OR (family_l <> family_r AND family_l = given_r AND given_l = family_r)",
          null=True),
    Level("exact", "family_l = family_r"),
    Level("other name", "{overlap}(family_all_l, family_all_r)"),
    Level("near", _near_sql("family")),
    Level("similar", f"{{jw}}(family_l, family_r) >= {SIMILAR_JARO_WINKLER}"),
    Level("differs", "ELSE"),
), _family)


# ------------------------------------------------------------------ date of birth, sex


def _dob(left: MatchRecord, right: MatchRecord) -> Judged:
    a, b = left.dob, right.dob
    if a.year is None or b.year is None:
        return 0, None
    if a.is_full and b.is_full and a == b:
        return 1, lambda: "Date of birth agrees"
    if a.year == b.year and a.month is not None and a.month == b.day and a.day == b.month:
        return 2, lambda: "Date of birth agrees with day and month swapped"
    if a.year == b.year and a.month is not None and a.month == b.month:
        return 3, lambda: "Date of birth agrees to the month"
    if a.year == b.year:
        return 4, lambda: "Year of birth agrees"
    oa, ob = a.ordinal, b.ordinal
    if (oa is not None and ob is not None and abs(oa - ob) <= 366) or (
            (oa is None or ob is None) and abs(a.year - b.year) == 1):
        return 5, lambda: f"Date of birth within a year ({a.iso()} and {b.iso()})"
    return 6, lambda: f"Date of birth differs ({a.iso()} and {b.iso()})"


DOB = Comparison("date_of_birth", "Date of birth, whole or partial", (
    Level("null", "dob_year_l IS NULL OR dob_year_r IS NULL", null=True),
    Level("exact", "dob_iso_l = dob_iso_r"),
    Level("day and month swapped", "dob_year_l = dob_year_r AND dob_month_l = dob_day_r "
                                   "AND dob_day_l = dob_month_r"),
    Level("year and month", "dob_year_l = dob_year_r AND dob_month_l = dob_month_r"),
    Level("year", "dob_year_l = dob_year_r"),
    Level("within a year", "abs(dob_ordinal_l - dob_ordinal_r) <= 366 "
                           "OR ((dob_ordinal_l IS NULL OR dob_ordinal_r IS NULL) "
                           "AND abs(dob_year_l - dob_year_r) = 1)"),
    Level("differs", "ELSE"),
), _dob)


def _sex(left: MatchRecord, right: MatchRecord) -> Judged:
    if left.sex is None or right.sex is None:
        return 0, None
    if left.sex == right.sex:
        return 1, lambda: "Sex agrees"
    return 2, lambda: "Sex differs"


SEX = Comparison("sex", "Sex", (
    Level("null", "sex_l IS NULL OR sex_r IS NULL", null=True),
    Level("agrees", "sex_l = sex_r"),
    Level("differs", "ELSE"),
), _sex)


# ------------------------------------------------------------------ address


def _postcode(left: MatchRecord, right: MatchRecord) -> Judged:
    if not left.postcodes_all or not right.postcodes_all:
        return 0, None
    if _overlap(left.postcodes, right.postcodes):
        return 1, lambda: "Postcode agrees"
    common = _overlap(left.postcodes_all, right.postcodes_all)
    if common:
        return 2, lambda: f"Postcode agrees with a former address ({common})"
    district = _overlap(left.districts, right.districts)
    if district:
        return 3, lambda: f"Postcode district agrees ({district})"
    return 4, lambda: "Postcode differs"


POSTCODE = Comparison("postcode", "Postcode of the home now, and of former homes", (
    Level("null", "postcode_any_l IS NULL OR postcode_any_r IS NULL", null=True),
    Level("full", "{overlap}(postcodes_l, postcodes_r)"),
    Level("former address", "{overlap}(postcodes_all_l, postcodes_all_r)"),
    Level("district", "{overlap}(districts_l, districts_r)"),
    Level("differs", "ELSE"),
), _postcode)


COMPARISONS: tuple[Comparison, ...] = (NHS, UPN, GIVEN, FAMILY, DOB, SEX, POSTCODE)
BY_NAME = {c.name: c for c in COMPARISONS}
