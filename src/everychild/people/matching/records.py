"""One side of a comparison: a person's or a probe's details, prepared once for matching.

The online scorer compares two `MatchRecord`s in Python; the batch tools write the same
fields as columns for Splink (see `values()`), so both compare exactly the same values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from everychild.core.identifiers import normalise_nhs_number, normalise_upn
from everychild.core.postcodes import normalise_postcode

from .dates import BLANK, PartialDate
from .names import (
    family_or_none,
    given_or_none,
    letters,
    name_forms,
    outward_code,
    phonetic,
    tokens,
)


@dataclass(slots=True, eq=False)
class MatchRecord:
    given: str | None            # cleaned; None when blank or a placeholder
    family: str | None
    given_all: tuple[str, ...]   # given, middle names and other given names
    family_all: tuple[str, ...]  # family, its parts, and other (e.g. former) family names
    given_forms: tuple[str, ...]  # forms of the given name (short forms, spellings)
    given_phonetic: str
    family_phonetic: str
    given_letters: str           # the letters sorted: two swapped letters leave it the same
    family_letters: str
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

    def values(self) -> tuple[Any, ...]:
        """The record as Splink's input columns, in the order of splink_settings.SCHEMA
        (after unique_id); lists stay lists."""
        dob = self.dob
        return (
            self.given, self.family, list(self.given_all), list(self.family_all),
            list(self.given_forms), self.given_phonetic or None, self.family_phonetic or None,
            self.given_letters or None, self.family_letters or None,
            self.given[0] if self.given else None,
            dob.year, dob.month, dob.day, dob.ordinal, dob.iso() if dob.is_full else None,
            self.sex, list(self.postcodes), list(self.postcodes_all), list(self.districts),
            self.postcodes_all[0] if self.postcodes_all else None,
            self.nhs_number, list(self.upns), self.upns[0] if self.upns else None,
        )


def _unique(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


# Names, postcodes and identifiers repeat across a million people: work each out once.
_postcode = lru_cache(maxsize=500_000)(normalise_postcode)
_outward = lru_cache(maxsize=50_000)(outward_code)
_upn = lru_cache(maxsize=100_000)(normalise_upn)


@lru_cache(maxsize=200_000)
def _name_parts(raw: str, given_side: bool) -> tuple[str | None, str, tuple[str, ...]]:
    """(cleaned, as written, parts of a double name) for a given or family name."""
    cleaned = given_or_none(raw) if given_side else family_or_none(raw)
    parts = tokens(cleaned) if cleaned and " " in cleaned else ()
    return cleaned, raw.strip(), parts


def prepare(*, given_name: str, family_name: str, middle_names: str = "",
            other_names: Iterable[tuple[str, str, str]] = (), dob: PartialDate = BLANK,
            sex: str = "", postcodes: Iterable[str] = (), former_postcodes: Iterable[str] = (),
            nhs_number: str = "", upns: Iterable[str] = ()) -> MatchRecord:
    """Build a MatchRecord. `other_names` are (given, family, kind) triples, where kind
    is how a reason should call it ("former name", "nickname", "other name")."""
    given, given_shown, given_parts = _name_parts(given_name or "", True)
    family, family_shown, family_parts = _name_parts(family_name or "", False)
    shown: dict[str, str] = {}
    alt_kinds: dict[str, str] = {}
    given_all = [given] if given else []
    family_all = [family] if family else []
    if given:
        shown[given] = given_shown
        given_all.extend(given_parts)  # 'Mary Ann' answers to 'Mary' and to 'Ann'
    if family:
        shown[family] = family_shown
        for part in family_parts:      # 'Smith-Jones' to 'Smith' and to 'Jones'
            family_all.append(part)
            alt_kinds.setdefault(part, "part of the family name")
    if middle_names:
        middle = _name_parts(middle_names, True)[0]
        for part in tokens(middle):
            given_all.append(part)
            alt_kinds.setdefault(part, "middle name")
    for other_given, other_family, kind in other_names:
        g, g_shown, _ = _name_parts(other_given or "", True)
        f, f_shown, _ = _name_parts(other_family or "", False)
        if g:
            given_all.append(g)
            alt_kinds.setdefault(g, kind)
            shown.setdefault(g, g_shown)
        if f:
            family_all.append(f)
            alt_kinds.setdefault(f, kind)
            shown.setdefault(f, f_shown)
    current = _unique([_postcode(p) for p in postcodes])
    everywhere = _unique([*current, *(_postcode(p) for p in former_postcodes)]) \
        if former_postcodes else current
    sex = (sex or "").strip().upper()[:1]
    nhs = normalise_nhs_number(nhs_number) if nhs_number else ""
    return MatchRecord(
        given=given, family=family,
        given_all=_unique(given_all), family_all=_unique(family_all),
        given_forms=name_forms(given),
        given_phonetic=phonetic(given), family_phonetic=phonetic(family),
        given_letters=letters(given), family_letters=letters(family),
        dob=dob, sex=sex if sex in ("M", "F") else None,
        postcodes=current, postcodes_all=everywhere,
        districts=_unique([_outward(p) for p in current]),
        nhs_number=nhs or None, upns=_unique([_upn(u) for u in upns if u]),
        shown=shown, alt_kinds=alt_kinds,
    )
