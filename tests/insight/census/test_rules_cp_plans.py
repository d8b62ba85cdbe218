"""The DfE's rules on ChildProtectionPlans: each with a failing case and the passing case
nearest to it. The 2023-24 census year (1 April 2023 to 31 March 2024); the referral is
1 June 2023 and, unless a test says otherwise, the plan starts at the enquiry's initial
conference on Monday 26 June 2023."""

from __future__ import annotations

import pytest

from everychild.insight.census.specs import YEARS
from everychild.insight.census.validation import Failure
from everychild.insight.census.validation.registry import rules_for
from tests.insight.census.xml_builder import (
    assessment,
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

NUMBERS = {"1105", "2883", "2885", "8565", "8720", "8730", "8832", "8840", "8905", "8910",
           "8915", "8920", "8925", "8930", "8935", "8940"}
ICPC = "2023-06-26"


def plan(**fields: str | None) -> str:
    values: dict[str, str | None] = {"CPPstartDate": ICPC, "NumberOfPreviousCPP": "1"}
    values.update(fields)
    return cp_plan(**values)


def protected(*plans: str, held: str | None = ICPC, **episode_fields: str | None) -> str:
    s47s = [section47(DateOfInitialCPC=held, ICPCnotRequired="false")] if held else []
    return episode(cin_plans=[], section47s=s47s, cp_plans=list(plans), **episode_fields)


def run(*episodes: str, identifiers: dict[str, str | None] | None = None,
        others: tuple[str, ...] = ()) -> list[Failure]:
    return check(census(child("C1", episodes=list(episodes), identifiers=identifiers), *others))


@pytest.mark.parametrize("year", sorted(YEARS))
def test_every_protection_plan_rule_is_registered_each_year(year: int) -> None:
    assert {r.code for r in rules_for(year)} >= NUMBERS


def test_a_coherent_protection_plan_passes_every_rule_of_this_block() -> None:
    failures = run(protected(plan(CPPendDate="2024-01-10", reviews=["2023-09-20"])))
    assert not [f for f in failures if f.rule in NUMBERS]


def test_1105_plan_not_before_the_referral() -> None:
    early = run(protected(plan(CPPstartDate="2023-05-31"), held="2023-05-31"))
    assert fails(early, "1105", "C1", "CPPstartDate")
    assert not hits(run(protected(plan(CPPstartDate="2023-06-01"), held="2023-06-01")), "1105")


def test_2883_no_more_plans_starting_than_conferences_held() -> None:
    without = run(protected(plan(), held=None))
    assert fails(without, "2883", None, "CPPstartDate")
    assert "1 plans start; 0 conferences" in hits(without, "2883")[0].message
    assert not hits(run(protected(plan())), "2883")
    # A conference recorded for another child balances the count for the authority.
    other = child("C2", episodes=[episode(DateOfInitialCPC="2023-07-03")])
    assert not hits(run(protected(plan(), held=None), others=(other,)), "2883")


def test_2883_counts_only_plans_starting_in_the_year() -> None:
    earlier = protected(plan(CPPstartDate="2023-03-20"), held=None, CINreferralDate="2023-03-01")
    assert not hits(run(earlier), "2883")


def test_2885_plan_starts_on_the_day_of_a_conference() -> None:
    next_day = run(protected(plan(CPPstartDate="2023-06-27")))
    assert fails(next_day, "2885", "C1", "CPPstartDate")
    assert not hits(run(protected(plan())), "2885")
    on_episode = protected(plan(), held=None, DateOfInitialCPC=ICPC)
    assert not hits(run(on_episode), "2885")
    before_year = protected(plan(CPPstartDate="2023-03-20"), held=None,
                            CINreferralDate="2023-03-01")
    assert not hits(run(before_year), "2885")


def test_8565_no_activity_after_the_episode_closed() -> None:
    def closed(**plan_dates: str | None) -> list[Failure]:
        return run(episode(cin_plans=[cin_plan(**plan_dates)], CINclosureDate="2023-08-01",
                           ReasonForClosure="RC1"))

    late = closed(CINPlanEndDate="2023-08-02")
    assert fails(late, "8565", "C1", "CINPlanEndDate")
    assert "2023-08-01" in hits(late, "8565")[0].message
    assert not hits(closed(CINPlanEndDate="2023-08-01"), "8565")
    late_assessment = run(episode(assessments=[assessment(AssessmentAuthorisationDate="2023-08-02")],
                                  cin_plans=[], CINclosureDate="2023-08-01", ReasonForClosure="RC1"))
    assert fails(late_assessment, "8565", "C1", "AssessmentAuthorisationDate")
    late_plan_end = run(protected(plan(CPPendDate="2023-08-02"), CINclosureDate="2023-08-01",
                                  ReasonForClosure="RC1"))
    assert fails(late_plan_end, "8565", "C1", "CPPendDate")


def test_8720_start_date_present_and_not_after_the_year() -> None:
    assert fails(run(protected(plan(CPPstartDate=None))), "8720", "C1", "CPPstartDate")
    after = run(protected(plan(CPPstartDate="2024-04-01"), held="2024-04-01"))
    assert fails(after, "8720", "C1", "CPPstartDate")
    last_day = run(protected(plan(CPPstartDate="2024-03-31"), held="2024-03-31"))
    assert not hits(last_day, "8720")


@pytest.mark.parametrize(("value", "wrong"), [(None, True), ("", True), ("-1", True),
                                              ("two", True), ("0", False), ("3", False)])
def test_8730_number_of_previous_plans(value: str | None, wrong: bool) -> None:
    failures = run(protected(plan(NumberOfPreviousCPP=value)))
    assert fails(failures, "8730", "C1", "NumberOfPreviousCPP") is wrong


def test_8832_no_protection_plan_on_a_referral_with_no_further_action() -> None:
    nfa = run(protected(plan(), ReferralNFA="true"))
    assert fails(nfa, "8832", "C1", "ReferralNFA")
    assert not hits(run(protected(plan(), ReferralNFA="false")), "8832")


def test_8840_plan_not_starting_and_ending_the_same_day() -> None:
    assert fails(run(protected(plan(CPPendDate=ICPC))), "8840", "C1", "CPPendDate")
    assert not hits(run(protected(plan(CPPendDate="2023-06-27"))), "8840")


@pytest.mark.parametrize(("rule", "field"), [("8905", "InitialCategoryOfAbuse"),
                                             ("8910", "LatestCategoryOfAbuse")])
def test_8905_8910_categories_of_abuse(rule: str, field: str) -> None:
    assert fails(run(protected(plan(**{field: "XYZ"}))), rule, "C1", field)
    assert fails(run(protected(plan(**{field: None}))), rule, "C1", field)
    assert not hits(run(protected(plan(**{field: "PHY"}))), rule)


def test_8915_plan_not_started_after_death() -> None:
    after = run(protected(plan()), identifiers={"PersonDeathDate": "2023-06-25"})
    assert fails(after, "8915", "C1", "CPPstartDate")
    assert not hits(run(protected(plan()), identifiers={"PersonDeathDate": ICPC}), "8915")


def test_8920_plan_not_ended_after_death() -> None:
    died = {"PersonDeathDate": "2023-09-01"}
    after = run(protected(plan(CPPendDate="2023-09-02")), identifiers=died)
    assert fails(after, "8920", "C1", "CPPendDate")
    assert not hits(run(protected(plan(CPPendDate="2023-09-01")), identifiers=died), "8920")


def test_8925_plan_does_not_end_before_it_starts() -> None:
    assert fails(run(protected(plan(CPPendDate="2023-06-25"))), "8925", "C1", "CPPendDate")
    assert not hits(run(protected(plan(CPPendDate=ICPC))), "8925")


def test_8930_end_date_within_the_census_year() -> None:
    assert fails(run(protected(plan(CPPendDate="2024-04-01"))), "8930", "C1", "CPPendDate")
    assert not hits(run(protected(plan(CPPendDate="2024-03-31"))), "8930")
    early = protected(plan(CPPstartDate="2023-03-06", CPPendDate="2023-03-31"),
                      held="2023-03-06", CINreferralDate="2023-03-01")
    assert fails(run(early), "8930", "C1", "CPPendDate")
    first_day = protected(plan(CPPstartDate="2023-03-06", CPPendDate="2023-04-01"),
                          held="2023-03-06", CINreferralDate="2023-03-01")
    assert not hits(run(first_day), "8930")


def test_8935_one_open_protection_plan() -> None:
    later = section47(S47ActualStartDate="2023-10-02", DateOfInitialCPC="2023-10-16",
                      ICPCnotRequired="false")
    two_open = run(episode(cin_plans=[], section47s=[section47(DateOfInitialCPC=ICPC,
                                                               ICPCnotRequired="false"), later],
                           cp_plans=[plan(), plan(CPPstartDate="2023-10-16")]))
    assert fails(two_open, "8935", "C1", "CPPendDate")
    assert len(hits(two_open, "8935")) == 1
    one_open = run(episode(cin_plans=[], section47s=[section47(DateOfInitialCPC=ICPC,
                                                               ICPCnotRequired="false"), later],
                           cp_plans=[plan(CPPendDate="2023-10-01"),
                                     plan(CPPstartDate="2023-10-16")]))
    assert not hits(one_open, "8935")


def test_8940_protection_plans_do_not_overlap() -> None:
    first = plan(CPPendDate="2023-09-01")
    on_end_day = run(protected(first, plan(CPPstartDate="2023-09-01")))
    assert fails(on_end_day, "8940", "C1", "CPPstartDate")
    assert [f.value for f in hits(on_end_day, "8940")] == ["2023-09-01"]
    assert not hits(run(protected(first, plan(CPPstartDate="2023-09-02"))), "8940")


def test_8940_two_plans_starting_the_same_day_both_overlap() -> None:
    twins = run(protected(plan(CPPendDate="2023-09-01"), plan(CPPendDate="2023-09-01")))
    assert len(hits(twins, "8940")) == 2
