"""Each collection year's census specification, as data.

A collection year is named by the year its reference date falls in: `--year 2025` is the
2024-25 census, covering 1 April 2024 to 31 March 2025. The 2023-24 schema is kept in
`schema/`; each later year is described by how it differs from the year before, so that a
new year's specification is a new entry here, not new code.

The code lists (ethnicity, disability, referral source, ...) are read from the schema so
there is one copy of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from lxml import etree

SCHEMA_2024 = Path(__file__).with_name("schema") / "CIN_schema_2024.xsd"
XS = "{http://www.w3.org/2001/XMLSchema}"


@dataclass(frozen=True)
class CensusYear:
    """What one collection year's file looks like."""

    year: int
    # The element that carries the child's sex or gender, and the codes it takes.
    sex_element: str
    sex_codes: dict[str, str]
    # Code lists that differ from the schema's, by simpleType name (e.g. "reasonforclosuretype").
    code_overrides: dict[str, tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def reference_date(self) -> dt.date:
        return dt.date(self.year, 3, 31)

    @property
    def period_start(self) -> dt.date:
        return dt.date(self.year - 1, 4, 1)

    @property
    def label(self) -> str:
        return f"{self.year - 1}-{str(self.year)[2:]}"

    def codes(self, type_name: str) -> tuple[str, ...]:
        """The values allowed for a schema simpleType in this year."""
        if type_name in self.code_overrides:
            return self.code_overrides[type_name]
        return schema_codes()[type_name]


_GENDER_2024 = {"0": "Not recorded or unborn", "1": "Male", "2": "Female", "9": "Not stated"}
_SEX_2025 = {"M": "Male", "F": "Female", "U": "Unknown or unborn"}

_2024 = CensusYear(year=2024, sex_element="GenderCurrent", sex_codes=_GENDER_2024,
                   notes=("The schema kept in the repository (CIN_schema_2024.xsd).",))
_2025 = replace(_2024, year=2025, sex_element="Sex", sex_codes=_SEX_2025,
                notes=("Sex (M, F, U) replaces GenderCurrent (0, 1, 2, 9).",))
_2026 = replace(_2025, year=2026, notes=("No structural change from 2024-25 is recorded here.",))
_2027 = replace(_2026, year=2027, notes=("No structural change from 2025-26 is recorded here.",))

YEARS: dict[int, CensusYear] = {y.year: y for y in (_2024, _2025, _2026, _2027)}


class UnknownYear(ValueError):
    pass


def census_year(year: int) -> CensusYear:
    try:
        return YEARS[year]
    except KeyError:
        known = ", ".join(f"{y} ({spec.label})" for y, spec in sorted(YEARS.items()))
        raise UnknownYear(f"There is no census specification for {year}. "
                          f"Everychild knows these collection years: {known}.") from None


@cache
def schema_codes() -> dict[str, tuple[str, ...]]:
    """Every enumerated simpleType in the 2023-24 schema, by name."""
    tree = etree.parse(str(SCHEMA_2024))
    out: dict[str, tuple[str, ...]] = {}
    for simple in tree.iter(f"{XS}simpleType"):
        name = simple.get("name")
        values = tuple(e.get("value") or "" for e in simple.iter(f"{XS}enumeration"))
        if name and values:
            out[name] = values
    return out
