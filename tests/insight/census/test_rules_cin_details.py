"""Rules on an episode's own fields (referral, need, NFA flag, closure) and on the header,
each with a failing and a passing file."""

from __future__ import annotations

import pytest

from tests.insight.census.xml_builder import (
    Case,
    assert_case,
    assessment,
    case,
    census,
    child,
    episode,
    header,
    section47,
)


def ep(**fields: str | None) -> str:
    return child(episodes=[episode(**fields)])


def nfa(**fields: str | None) -> str:
    """A referral with no further action: nothing recorded after it."""
    base: dict[str, str | None] = {"ReferralNFA": "true", "CINclosureDate": "2023-06-01",
                                   "ReasonForClosure": "RC7"}
    base.update(fields)
    return child(episodes=[episode(assessments=[], cin_plans=[], **base)])


CLOSED = {"CINclosureDate": "2023-12-01", "ReasonForClosure": "RC7"}
RC8 = {"CINclosureDate": "2023-08-01", "ReasonForClosure": "RC8"}

CASES = [
    case("100", census(child(), head=header(ReferenceDate="2024-03-30")), census(child()),
         field="ReferenceDate", child=None),
    case("100", census(child(), head=header(ReferenceDate=None)), census(child()),
         field="ReferenceDate", child=None, name="missing"),
    case("8600", ep(CINreferralDate="2024-04-05"), ep(), field="CINreferralDate"),
    case("8600", ep(CINreferralDate="05/04/2023"), ep(), field="CINreferralDate",
         name="malformed"),
    case("8866", ep(ReferralSource="ZZ"), ep(), field="ReferralSource"),
    case("8866", ep(ReferralSource=None),
         ep(ReferralSource=None, CINreferralDate="2013-03-01", **CLOSED),
         field="ReferralSource", name="missing"),
    case("8650", ep(PrimaryNeedCode="N99"), ep(), field="PrimaryNeedCode"),
    case("8610", ep(PrimaryNeedCode=None), nfa(PrimaryNeedCode=None), field="PrimaryNeedCode"),
    case("8568", ep(ReferralNFA="yes"), ep(ReferralNFA="FALSE"), field="ReferralNFA"),
    case("8569Q", nfa(CINreferralDate="2023-03-30"), nfa(CINreferralDate="2023-03-31"),
         field="ReferralNFA"),
    case("8620", ep(CINreferralDate="2023-01-01", CINclosureDate="2023-03-01",
                    ReasonForClosure="RC7"), ep(**CLOSED), field="CINclosureDate"),
    case("8630", ep(CINclosureDate="2023-05-01", ReasonForClosure="RC7"), ep(**CLOSED),
         field="CINclosureDate"),
    case("8640", ep(CINclosureDate="2023-12-01", ReasonForClosure="RC10"), ep(**CLOSED),
         field="ReasonForClosure"),
    case("8810", ep(ReasonForClosure="RC7"), ep(**CLOSED), field="ReasonForClosure"),
    case("8805", ep(CINclosureDate="2023-12-01"), ep(**CLOSED), field="CINclosureDate"),
    case("8825Q", child(episodes=[episode(assessments=[], cin_plans=[], **RC8)]),
         child(episodes=[episode(cin_plans=[], **RC8)]), field="ReasonForClosure"),
    case("2990", ep(**RC8), child(episodes=[episode(cin_plans=[], **RC8)]),
         field="ReasonForClosure"),
    case("2991Q", child(episodes=[episode(assessments=[], section47s=[section47()])]),
         child(episodes=[episode(section47s=[section47()])]), field="Section47"),
    case("8831", child(episodes=[episode(ReferralNFA="true", cin_plans=[], **CLOSED)]),
         nfa(), field="ReferralNFA"),
    case("8867", child(episodes=[episode(assessments=[assessment(
        AssessmentAuthorisationDate=None)], **CLOSED)]), ep(**CLOSED),
         field="AssessmentAuthorisationDate"),
    case("8868", child(episodes=[episode(section47s=[section47(ICPCnotRequired="false")],
                                         **CLOSED)]),
         child(episodes=[episode(section47s=[section47(ICPCnotRequired="false",
                                                       DateOfInitialCPC="2023-06-20")],
                                 **CLOSED)]), field="ICPCnotRequired"),
]


@pytest.mark.parametrize("c", CASES)
def test_episode_rule(c: Case) -> None:
    assert_case(c)
