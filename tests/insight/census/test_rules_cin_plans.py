"""The DfE's rules on CINPlanDates: each with a failing case and the passing case nearest to
it. The 2023-24 census year (1 April 2023 to 31 March 2024); the referral is 1 June 2023."""

from __future__ import annotations

import pytest

from everychild.insight.census.specs import YEARS
from everychild.insight.census.validation import Failure
from everychild.insight.census.validation.registry import rules_for
from tests.insight.census.xml_builder import (
    census,
    check,
    child,
    cin_plan,
    cp_plan,
    episode,
    fails,
    hits,
    section47,
)

NUMBERS = {"4000", "4001", "4004", "4009Q", "4010", "4011", "4012Q", "4013", "4014", "4015",
           "4016", "4017"}


def run(*episodes: str, identifiers: dict[str, str | None] | None = None) -> list[Failure]:
    return check(census(child("C1", episodes=list(episodes), identifiers=identifiers)))


def plans(*blocks: str, **episode_fields: str | None) -> list[Failure]:
    return run(episode(cin_plans=list(blocks), **episode_fields))


def protected(cin_plans: list[str], start: str = "2023-06-26", end: str | None = None) -> str:
    """An episode whose protection plan starts at its enquiry's initial conference."""
    return episode(cin_plans=cin_plans,
                   section47s=[section47(DateOfInitialCPC=start, ICPCnotRequired="false")],
                   cp_plans=[cp_plan(CPPstartDate=start, CPPendDate=end,
                                     NumberOfPreviousCPP="1")])


@pytest.mark.parametrize("year", sorted(YEARS))
def test_every_cin_plan_rule_is_registered_each_year(year: int) -> None:
    assert {r.code for r in rules_for(year)} >= NUMBERS


def test_4000_no_cin_plan_on_a_referral_with_no_further_action() -> None:
    nfa = run(episode(assessments=[], ReferralNFA="true"))
    assert fails(nfa, "4000", "C1", "ReferralNFA")
    assert not hits(run(episode(assessments=[], ReferralNFA="false")), "4000")
    assert not hits(run(episode(assessments=[], cin_plans=[], ReferralNFA="true")), "4000")


def test_4001_cin_plan_and_protection_plan_not_both_open() -> None:
    both_open = run(protected([cin_plan(CINPlanStartDate="2023-06-05")]))
    assert fails(both_open, "4001", "C1", "CINPlanEndDate")
    ended = run(protected([cin_plan(CINPlanStartDate="2023-06-05", CINPlanEndDate="2023-06-26")]))
    assert not hits(ended, "4001")


def test_4004_one_open_cin_plan_per_episode() -> None:
    two_open = plans(cin_plan(CINPlanStartDate="2023-07-15"), cin_plan(CINPlanStartDate="2023-09-01"))
    assert fails(two_open, "4004", "C1", "CINPlanEndDate")
    assert len(hits(two_open, "4004")) == 1
    one_open = plans(cin_plan(CINPlanStartDate="2023-07-15", CINPlanEndDate="2023-08-31"),
                     cin_plan(CINPlanStartDate="2023-09-01"))
    assert not hits(one_open, "4004")


def test_4009q_cin_plan_ends_by_the_date_of_death() -> None:
    died = {"PersonDeathDate": "2023-08-01"}
    after = run(episode(cin_plans=[cin_plan(CINPlanEndDate="2023-08-02")]), identifiers=died)
    assert fails(after, "4009Q", "C1", "CINPlanEndDate")
    assert hits(after, "4009Q")[0].kind == "query"
    same_day = run(episode(cin_plans=[cin_plan(CINPlanEndDate="2023-08-01")]), identifiers=died)
    assert not hits(same_day, "4009Q")


def test_4010_start_date_present_and_not_after_the_year() -> None:
    assert fails(plans(cin_plan(CINPlanStartDate=None)), "4010", "C1", "CINPlanStartDate")
    assert fails(plans(cin_plan(CINPlanStartDate="2024-04-01")), "4010", "C1", "CINPlanStartDate")
    assert not hits(plans(cin_plan(CINPlanStartDate="2024-03-31")), "4010")


def test_4011_end_not_before_start() -> None:
    backwards = plans(cin_plan(CINPlanStartDate="2023-07-15", CINPlanEndDate="2023-07-14"))
    assert fails(backwards, "4011", "C1", "CINPlanEndDate")
    assert not hits(plans(cin_plan(CINPlanStartDate="2023-07-15",
                                   CINPlanEndDate="2023-07-15")), "4011")


def test_4012q_plan_starting_and_ending_the_same_day() -> None:
    one_day = plans(cin_plan(CINPlanStartDate="2023-07-15", CINPlanEndDate="2023-07-15"))
    assert fails(one_day, "4012Q", "C1", "CINPlanEndDate")
    assert not hits(plans(cin_plan(CINPlanStartDate="2023-07-15",
                                   CINPlanEndDate="2023-07-16")), "4012Q")


def test_4013_end_date_within_the_census_year() -> None:
    assert fails(plans(cin_plan(CINPlanEndDate="2024-04-01")), "4013", "C1", "CINPlanEndDate")
    assert not hits(plans(cin_plan(CINPlanEndDate="2024-03-31")), "4013")
    early = {"CINreferralDate": "2023-01-05"}
    before = plans(cin_plan(CINPlanStartDate="2023-02-01", CINPlanEndDate="2023-03-31"), **early)
    assert fails(before, "4013", "C1", "CINPlanEndDate")
    first_day = plans(cin_plan(CINPlanStartDate="2023-02-01", CINPlanEndDate="2023-04-01"),
                      **early)
    assert not hits(first_day, "4013")


def test_4014_cin_plans_do_not_overlap() -> None:
    first = cin_plan(CINPlanStartDate="2023-07-15", CINPlanEndDate="2023-09-01")
    on_end_day = plans(first, cin_plan(CINPlanStartDate="2023-09-01"))
    assert fails(on_end_day, "4014", "C1", "CINPlanStartDate")
    assert [f.value for f in hits(on_end_day, "4014")] == ["2023-09-01"]
    assert not hits(plans(first, cin_plan(CINPlanStartDate="2023-09-02")), "4014")


def test_4014_an_open_plan_in_an_earlier_episode_overlaps_a_later_one() -> None:
    earlier = episode(CINclosureDate="2023-12-01", ReasonForClosure="RC1")
    later = episode(CINreferralDate="2024-01-05", assessments=[],
                    cin_plans=[cin_plan(CINPlanStartDate="2024-01-10")])
    assert fails(run(earlier, later), "4014", "C1", "CINPlanStartDate")


def test_4015_plan_not_before_the_referral() -> None:
    assert fails(plans(cin_plan(CINPlanStartDate="2023-05-31")), "4015", "C1", "CINPlanStartDate")
    assert not hits(plans(cin_plan(CINPlanStartDate="2023-06-01")), "4015")


def test_4016_cin_plan_not_started_during_a_protection_plan() -> None:
    during = run(protected([cin_plan(CINPlanStartDate="2023-08-01")], end="2023-09-01"))
    assert fails(during, "4016", "C1", "CINPlanStartDate")
    step_down = run(protected([cin_plan(CINPlanStartDate="2023-09-01")], end="2023-09-01"))
    assert not hits(step_down, "4016")
    still_protected = run(protected([cin_plan(CINPlanStartDate="2024-03-31")]))
    assert fails(still_protected, "4016", "C1", "CINPlanStartDate")


def test_4017_protection_plan_not_started_during_a_cin_plan() -> None:
    in_need = cin_plan(CINPlanStartDate="2023-06-05", CINPlanEndDate="2023-09-01")
    during = run(protected([in_need], start="2023-08-01"))
    assert fails(during, "4017", "C1", "CPPstartDate")
    escalated = run(protected([in_need], start="2023-09-01"))
    assert not hits(escalated, "4017")
