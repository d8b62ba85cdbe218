"""The DfE's rules on Reviews of a child protection plan: each with a failing case and the
passing case nearest to it. The 2023-24 census year; the plan starts on 26 June 2023."""

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

NUMBERS = {"4003", "8841", "8842Q"}
START = "2023-06-26"


def reviewed(reviews: list[str], *, end: str | None = None,
             cin_plans: list[str] | None = None) -> list[Failure]:
    plan = cp_plan(reviews, CPPstartDate=START, CPPendDate=end, NumberOfPreviousCPP="1")
    ep = episode(cin_plans=cin_plans or [], cp_plans=[plan],
                 section47s=[section47(DateOfInitialCPC=START, ICPCnotRequired="false")])
    return check(census(child("C1", episodes=[ep])))


@pytest.mark.parametrize("year", sorted(YEARS))
def test_every_review_rule_is_registered_each_year(year: int) -> None:
    assert {r.code for r in rules_for(year)} >= NUMBERS


def test_4003_review_not_held_while_a_cin_plan_is_open() -> None:
    # The protection plan ends on 1 September and a CIN plan follows from that day.
    step_down = [cin_plan(CINPlanStartDate="2023-09-01")]
    during = reviewed(["2023-08-20", "2023-09-05"], end="2023-09-01", cin_plans=step_down)
    assert fails(during, "4003", "C1", "CPPreviewDate")
    assert [f.value for f in hits(during, "4003")] == ["2023-09-05"]
    # A review on the day the protection plan ends may coincide with the new CIN plan.
    on_end_day = reviewed(["2023-08-20", "2023-09-01"], end="2023-09-01", cin_plans=step_down)
    assert not hits(on_end_day, "4003")
    before = reviewed(["2023-08-31"], end="2023-09-01", cin_plans=step_down)
    assert not hits(before, "4003")


def test_8841_review_after_the_plan_starts() -> None:
    same_day = reviewed([START])
    assert fails(same_day, "8841", "C1", "CPPreviewDate")
    assert START in hits(same_day, "8841")[0].message
    assert fails(reviewed(["2023-06-25"]), "8841", "C1", "CPPreviewDate")
    assert not hits(reviewed(["2023-06-27"]), "8841")


@pytest.mark.parametrize("value", ["", "2023-13-01", "20/09/2023"])
def test_8842q_review_with_a_missing_or_unreadable_date(value: str) -> None:
    failures = reviewed(["2023-09-20", value])
    assert fails(failures, "8842Q", "C1", "CPPreviewDate")
    assert [f.kind for f in hits(failures, "8842Q")] == ["query"]


def test_8842q_readable_review_dates_pass() -> None:
    assert not hits(reviewed(["2023-09-20", "2023-12-14"]), "8842Q")
