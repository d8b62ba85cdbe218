"""One side of a comparison: a person's or a probe's details, prepared once for matching.

The online scorer compares two `MatchRecord`s in Python; the batch tools write the same
fields as columns for Splink (see `columns()`), so both compare exactly the same values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from everychild.core.identifiers import normalise_nhs_number, normalise_upn
from everychild.core.postcodes import normalise_postcode

from .dates import BLANK, PartialDate
from .names import family_or_none, given_or_none, name_forms, outward_code, phonetic, tokens


@dataclass(frozen=True, slots=True)
class MatchRecord:
    given: str | None            # cleaned; None when blank or a placeholder
    family: str | None
    given_all: tuple[str, ...]   # given, middle names and other given names
    family_all: tuple[str, ...]  # family, its parts, and other (e.g. former) family names
    given_forms: tuple[str, ...]  # forms of the given name (short forms, spellings)
    given_phonetic: str
    family_phonetic: str
    dob: PartialDate
    sex: str | None              # "M" or "F"; None when not known
    postcodes: tuple[str, ...]   # where they live now
    postcodes_all: tuple[str, ...]  # now and before
    districts: tuple[str, ...]   # outward codes of where they live now
    nhs_number: str | None
    upns: tuple[str, ...]
    # For reasons in plain English: what each cleaned name was as written, and what
    # kind of other name it is ("former name", "nickname", ...).
    shown: Mapping[str, str] = field(default_factory=dict, compare=False)
    alt_kinds: Mapping[str, str] = field(default_factory=dict, compare=False)

    def display(self, cleaned: str | None) -> str:
        if not cleaned:
            return ""
        return self.shown.get(cleaned) or cleaned.title()

    def columns(self) -> dict[str, Any]:
        """The record as Splink input columns (lists stay lists)."""
        dob = self.dob
        return {
            "given": self.given, "family": self.family,
            "given_all": list(self.given_all), "family_all": list(self.family_all),
            "given_forms": list(self.given_forms),
            "given_phonetic": self.given_phonetic or None,
            "family_phonetic": self.family_phonetic or None,
            "dob_year": dob.year, "dob_month": dob.month, "dob_day": dob.day,
            "dob_ordinal": dob.ordinal, "dob_iso": dob.iso() if dob.is_full else None,
            "sex": self.sex,
            "postcodes": list(self.postcodes), "postcodes_all": list(self.postcodes_all),
            "districts": list(self.districts),
            "postcode_any": self.postcodes_all[0] if self.postcodes_all else None,
            "nhs_number": self.nhs_number, "upns": list(self.upns),
            "upn": self.upns[0] if self.upns else None,
        }


def _unique(values: Iterable[str | None]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        if value:
            seen.setdefault(value, None)
    return tuple(seen)


def prepare(*, given_name: str, family_name: str, middle_names: str = "",
            other_names: Iterable[tuple[str, str, str]] = (), dob: PartialDate = BLANK,
            sex: str = "", postcodes: Iterable[str] = (), former_postcodes: Iterable[str] = (),
            nhs_number: str = "", upns: Iterable[str] = ()) -> MatchRecord:
    """Build a MatchRecord. `other_names` are (given, family, kind) triples, where kind
    is how a reason should call it ("former name", "nickname", "other name")."""
    given = given_or_none(given_name)
    family = family_or_none(family_name)
    shown: dict[str, str] = {}
    if given:
        shown[given] = given_name.strip()
    if family:
        shown[family] = family_name.strip()
    alt_kinds: dict[str, str] = {}
    given_alts: list[str] = []
    family_alts: list[str] = []
    for part in tokens(given_or_none(middle_names)):
        given_alts.append(part)
        alt_kinds.setdefault(part, "middle name")
    # The parts of a double name: 'Mary Ann', 'Smith-Jones'.
    if given and " " in given:
        given_alts.extend(tokens(given))
    if family and " " in family:
        for part in tokens(family):
            family_alts.append(part)
            alt_kinds.setdefault(part, "part of the family name")
    for other_given, other_family, kind in other_names:
        g, f = given_or_none(other_given), family_or_none(other_family)
        if g:
            given_alts.append(g)
            alt_kinds.setdefault(g, kind)
            shown.setdefault(g, other_given.strip())
        if f:
            family_alts.append(f)
            alt_kinds.setdefault(f, kind)
            shown.setdefault(f, other_family.strip())
    current = _unique(normalise_postcode(p) for p in postcodes)
    everywhere = _unique((*current, *(normalise_postcode(p) for p in former_postcodes)))
    sex = (sex or "").strip().upper()[:1]
    nhs = normalise_nhs_number(nhs_number)
    return MatchRecord(
        given=given, family=family,
        given_all=_unique((given, *given_alts)), family_all=_unique((family, *family_alts)),
        given_forms=name_forms(given),
        given_phonetic=phonetic(given), family_phonetic=phonetic(family),
        dob=dob, sex=sex if sex in ("M", "F") else None,
        postcodes=current, postcodes_all=everywhere,
        districts=_unique(outward_code(p) for p in current),
        nhs_number=nhs or None, upns=_unique(normalise_upn(u) for u in upns),
        shown=shown, alt_kinds=alt_kinds,
    )
