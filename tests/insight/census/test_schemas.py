"""The schema each collection year is checked against."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from everychild.insight.census.schemas import schema_for
from everychild.insight.census.specs import UnknownYear

SAMPLE = Path(__file__).parents[1] / "data" / "cin_census_sample_2022.xml"


def _sample_with(sex_element: str, value: str) -> etree._ElementTree:
    tree = etree.parse(str(SAMPLE))
    gender = tree.find(".//GenderCurrent")
    assert gender is not None
    gender.tag = sex_element
    gender.text = value
    return tree


def test_2024_schema_accepts_the_dfe_sample_with_gender_current() -> None:
    schema = schema_for(2024)
    assert schema.validate(etree.parse(str(SAMPLE))), schema.error_log


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_later_years_want_sex_m_f_u_instead_of_gender_current(year: int) -> None:
    schema = schema_for(year)
    assert schema.validate(_sample_with("Sex", "F")), schema.error_log
    assert not schema.validate(_sample_with("Sex", "2"))
    assert not schema.validate(etree.parse(str(SAMPLE)))  # GenderCurrent no longer allowed


def test_2024_refuses_the_later_sex_element() -> None:
    assert not schema_for(2024).validate(_sample_with("Sex", "M"))


def test_unknown_year_is_refused_with_the_years_known() -> None:
    with pytest.raises(UnknownYear, match="2024"):
        schema_for(2019)
