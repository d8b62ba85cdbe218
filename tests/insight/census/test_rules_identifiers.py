"""ChildIdentifiers rules and the rules that tie a child's dates to their episodes: each
with a file that fails it and one that passes."""

from __future__ import annotations

import pytest

from everychild.insight.census.validation.upn import check_letter
from tests.insight.census.xml_builder import (
    Case,
    assert_case,
    case,
    census,
    check,
    child,
    cin_plan,
    episode,
    hits,
)

# A UPN whose check letter is right but whose authority code (999) does not exist.
_BODY_999 = "999215123001"
UPN_BAD_LA = check_letter("X" + _BODY_999) + _BODY_999
UNBORN_2024 = {"PersonBirthDate": None, "ExpectedPersonBirthDate": "2024-05-01",
               "GenderCurrent": "0", "UPN": None}
NFA_ONLY = episode(ReferralNFA="true", assessments=[], cin_plans=[], PrimaryNeedCode=None,
                   CINclosureDate="2023-06-01", ReasonForClosure="RC7")


def two_episodes(first: dict[str, str | None], second: dict[str, str | None]) -> str:
    return child(episodes=[episode(**first), episode(**second)])


CASES = [
    case("8500", child(None), child(), field="LAchildID", child=None),
    case("8510", census(child("C1"), child("C1")), census(child("C1"), child("C2")),
         field="LAchildID"),
    case("1570", child("A" * 21, year=2025), child("A" * 20, year=2025), field="LAchildID",
         child="A" * 21, year=2025),
    case("1580", child("C-1", year=2025), child("C1", year=2025), field="LAchildID",
         child="C-1", year=2025),
    case("1510", child(identifiers={"UPN": "A201215123001"}), child(), field="UPN"),
    case("1520", census(child("C0", identifiers={"UPN": "P201215123001"}), child("C1")),
         census(child("C0"), child("C1")), field="UPN"),
    case("1530", child(identifiers={"UPN": UPN_BAD_LA}), child(), field="UPN"),
    case("1540", child(identifiers={"UPN": "P2012X5123001"}), child(), field="UPN"),
    case("1550", child(identifiers={"UPN": "P20121512300I"}), child(), field="UPN"),
    case("1560Q", child(identifiers={"FormerUPN": "X12345"}),
         child(identifiers={"FormerUPN": "X987654321231"}), field="FormerUPN"),
    case("8525Q", child(identifiers={"ExpectedPersonBirthDate": "2024-05-01"}), child(),
         field="PersonBirthDate", name="both"),
    case("8525Q", child(identifiers={"PersonBirthDate": None}), child(),
         field="ExpectedPersonBirthDate", name="neither"),
    case("8520", child(identifiers={"PersonBirthDate": "2024-04-02"}), child(),
         field="PersonBirthDate"),
    case("8530Q", child(identifiers={**UNBORN_2024, "ExpectedPersonBirthDate": "2025-02-01"}),
         child(identifiers=UNBORN_2024), field="ExpectedPersonBirthDate"),
    case("8535Q", child(identifiers={"PersonDeathDate": "2015-01-01"}),
         child(identifiers={"PersonDeathDate": "2023-12-01"}), field="PersonDeathDate"),
    case("8545Q", child(identifiers={"PersonDeathDate": "2023-01-10"}),
         child(identifiers={"PersonDeathDate": "2023-12-01"}), field="PersonDeathDate"),
    case("4180", child(identifiers={"GenderCurrent": "M"}), child(), field="GenderCurrent"),
    case("4180", child(identifiers={"Sex": "1"}, year=2025), child(year=2025), field="Sex",
         year=2025),
    case("8750", child(identifiers={**UNBORN_2024, "GenderCurrent": "1"}),
         child(identifiers=UNBORN_2024), field="GenderCurrent"),
    case("8750", child(identifiers={**UNBORN_2024, "ExpectedPersonBirthDate": "2025-05-01",
                                    "Sex": "F"}, year=2025),
         child(identifiers={**UNBORN_2024, "ExpectedPersonBirthDate": "2025-05-01",
                            "Sex": "U"}, year=2025), field="Sex", year=2025),
    case("2886Q", child(identifiers={"GenderCurrent": "0"}), child(), field="GenderCurrent",
         child=None),
    case("8590", child(episodes=[]), child(), field="LAchildID"),
    case("8815", two_episodes({"CINreferralDate": "2023-05-01"}, {}),
         two_episodes({"CINreferralDate": "2023-05-01", "CINclosureDate": "2023-05-20",
                       "ReasonForClosure": "RC7"}, {}), field="CINclosureDate"),
    case("8816", two_episodes({"CINreferralDate": "2023-05-01"},
                              {"CINreferralDate": "2023-09-01", "CINclosureDate": "2023-09-20",
                               "ReasonForClosure": "RC7"}),
         two_episodes({"CINreferralDate": "2023-05-01", "CINclosureDate": "2023-05-20",
                       "ReasonForClosure": "RC7"}, {}), field="CINreferralDate"),
    case("8820", two_episodes({"CINreferralDate": "2023-05-01", "CINclosureDate": "2023-08-01",
                               "ReasonForClosure": "RC7"}, {"CINreferralDate": "2023-07-01"}),
         two_episodes({"CINreferralDate": "2023-05-01", "CINclosureDate": "2023-08-01",
                       "ReasonForClosure": "RC7"}, {"CINreferralDate": "2023-08-01"}),
         field="CINreferralDate"),
    case("8555Q", child(identifiers={"PersonDeathDate": "2023-05-01"}),
         child(identifiers={"PersonDeathDate": "2023-07-01"}), field="CINreferralDate"),
    case("8585Q", child(episodes=[episode(CINclosureDate="2023-12-01",
                                          ReasonForClosure="RC2")]),
         child(identifiers={"PersonDeathDate": "2023-12-01"},
               episodes=[episode(CINclosureDate="2023-12-01", ReasonForClosure="RC2")]),
         field="ReasonForClosure"),
    case("8606", child(identifiers={"PersonBirthDate": "2024-03-20"}),
         child(identifiers={"PersonBirthDate": "2024-03-01"}), field="CINreferralDate"),
    case("4008", child(identifiers={"PersonDeathDate": "2023-07-01"}),
         child(identifiers={"PersonDeathDate": "2023-08-01"}), field="CINPlanStartDate"),
    case("8772", child(identifiers={"UPN": None, "UPNunknown": "UN7"}),
         child(identifiers={"UPN": None, "UPNunknown": "UN7"}, episodes=[NFA_ONLY]),
         field="UPNunknown"),
    case("8770Q", child(identifiers={"UPN": None}),
         child(identifiers={"UPN": None, "UPNunknown": "UN2"}), field="UPN"),
    case("8770Q", child(identifiers={"UPN": None, "UPNunknown": "UN1"}, year=2025),
         child(identifiers={"UPN": None, "UPNunknown": "UN3"}, year=2025), field="UPNunknown",
         year=2025),
    case("8775Q", child(identifiers={"PersonBirthDate": "1990-01-01"}), child(),
         field="PersonBirthDate"),
]


@pytest.mark.parametrize("c", CASES)
def test_identifier_rule(c: Case) -> None:
    assert_case(c)


def test_the_la_child_id_limits_apply_only_from_2024_25() -> None:
    failures = check(census(child("C-" + "1" * 20)), 2024)
    assert not hits(failures, "1570") and not hits(failures, "1580")


def test_a_later_duplicate_names_where_the_first_was() -> None:
    [dup] = hits(check(census(child("C1"), child("C1"))), "8510")
    assert "First used at line" in dup.message and dup.line > 20


def test_a_child_is_reported_once_for_two_plans_after_death_only_per_plan() -> None:
    xml = child(identifiers={"PersonDeathDate": "2023-07-01"},
                episodes=[episode(cin_plans=[cin_plan(), cin_plan(CINPlanStartDate="2023-08-01",
                                                              CINPlanEndDate=None)])])
    assert len(hits(check(census(xml)), "4008")) == 2
