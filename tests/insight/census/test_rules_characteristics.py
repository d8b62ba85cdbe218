"""Ethnicity and disability rules, each with a failing and a passing file."""

from __future__ import annotations

import pytest

from tests.insight.census.xml_builder import Case, assert_case, case, census, child

EIGHT_CODES = ("MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS")
VARIED = census(*(child(f"C{i}", disabilities=(code,)) for i, code in enumerate(EIGHT_CODES)),
                child("C9", disabilities=("BEH", "AUT")))

CASES = [
    case("4220", child(ethnicity="XXXX"), child(), field="Ethnicity", name="invalid"),
    case("4220", child(ethnicity=None), child(), field="Ethnicity", name="missing"),
    case("8540", child(disabilities=("BAD",)), child(), field="Disability", name="invalid"),
    case("8540", child(disabilities=None), child(), field="Disability", name="missing"),
    case("8790", child(disabilities=("NONE", "MOB")), child(disabilities=("MOB",)),
         field="Disability"),
    case("8794", child(disabilities=("MOB", "MOB")), child(disabilities=("MOB", "HAND")),
         field="Disability"),
    case("2887Q", child(disabilities=("MOB", "HAND")), VARIED, field="Disability", child=None),
    case("2888Q", census(child("C1", disabilities=("MOB",)), child("C2", disabilities=("LD",))),
         census(child("C1", disabilities=("MOB", "LD"))), field="Disability", child=None),
]


@pytest.mark.parametrize("c", CASES)
def test_characteristics_rule(c: Case) -> None:
    assert_case(c)


def test_no_disability_is_fine_for_an_unborn_child() -> None:
    from tests.insight.census.xml_builder import check, hits

    unborn = child(identifiers={"PersonBirthDate": None, "ExpectedPersonBirthDate": "2024-05-01",
                                "GenderCurrent": "0", "UPN": None}, disabilities=None)
    assert not hits(check(census(unborn)), "8540")
