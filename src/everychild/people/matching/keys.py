"""Blocking keys: short strings that a person and a description of them are likely to
share. A person's keys are stored (MatchKey); a probe's keys add the variants a referrer
might have used (nearby years, day and month swapped, short forms, swapped names), so
the stored side stays small and the lookup does the widening.

Each key starts with a letter saying what it is made of; lookups rank people by the
keys they share, a key shared by few people counting for more than a common one.
"""

from __future__ import annotations

from .dates import PartialDate
from .names import phonetic
from .records import MatchRecord

KEY_VERSION = 2  # raise when the keys change, so stored keys are rebuilt

def _dates(dob: PartialDate) -> list[str]:
    return [dob.iso()] if dob.is_full else []


def _sex(record: MatchRecord) -> str:
    return record.sex or "U"


def stored_keys(record: MatchRecord) -> set[str]:
    """The keys kept for a person already known."""
    keys: set[str] = set()
    if record.nhs_number:
        keys.add(f"n:{record.nhs_number}")
    keys.update(f"u:{upn}" for upn in record.upns)
    dob = record.dob
    family_codes = {phonetic(f) for f in record.family_all} - {""}
    given_codes = {phonetic(g) for g in record.given_all} - {""}
    if dob.year is not None:
        keys.update(f"f:{code}:{dob.year}" for code in family_codes)
    if dob.month is not None:
        keys.update(f"m:{code}:{dob.year}-{dob.month:02d}" for code in family_codes)
    for day in _dates(dob):
        keys.update(f"g:{code}:{day}" for code in given_codes)
        keys.add(f"d:{day}:{_sex(record)}")
    initial = record.given[0] if record.given else ""
    for postcode in record.postcodes_all:
        if initial:
            keys.add(f"p:{postcode}:{initial}")
        if record.family_phonetic:
            keys.add(f"h:{postcode}:{record.family_phonetic}")
    if record.given_phonetic and record.family_phonetic:
        keys.add(f"b:{record.given_phonetic}:{record.family_phonetic}")
    return keys


def probe_keys(record: MatchRecord) -> set[str]:
    """The keys to look a description up by: the stored kinds, widened."""
    keys: set[str] = set()
    if record.nhs_number:
        keys.add(f"n:{record.nhs_number}")
    keys.update(f"u:{upn}" for upn in record.upns)
    dob = record.dob
    families = set(record.family_all)
    givens = set(record.given_all) | set(record.given_forms)
    # Names given the wrong way round: the given name may be the stored family name.
    if record.given:
        families.add(record.given)
    if record.family:
        givens.add(record.family)
    family_codes = {phonetic(f) for f in families} - {""}
    given_codes = {phonetic(g) for g in givens} - {""}
    if dob.year is not None:
        for year in (dob.year - 1, dob.year, dob.year + 1):
            keys.update(f"f:{code}:{year}" for code in family_codes)
    days = _dates(dob)
    months = [f"{dob.year}-{dob.month:02d}"] if dob.month is not None else []
    swapped = dob.transposed()
    if swapped is not None:
        days.append(swapped.iso())
        months.append(f"{dob.year}-{swapped.month:02d}")
    for month in months:
        keys.update(f"m:{code}:{month}" for code in family_codes)
    sexes = (record.sex, "U") if record.sex else ("M", "F", "U")
    for day in days:
        keys.update(f"g:{code}:{day}" for code in given_codes)
        keys.update(f"d:{day}:{sex}" for sex in sexes)
    initials = {g[0] for g in givens if g}
    for postcode in record.postcodes:
        keys.update(f"p:{postcode}:{initial}" for initial in initials)
        keys.update(f"h:{postcode}:{code}" for code in family_codes)
    if not dob.is_full:
        # Without a whole date, names alone must find them.
        keys.update(f"b:{g}:{f}" for g in given_codes for f in family_codes)
    return keys
