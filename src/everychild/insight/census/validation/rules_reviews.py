"""Rules on Reviews: the review conference dates of a child protection plan."""

from __future__ import annotations

from collections.abc import Iterator

from everychild.insight.census.reader import Child
from everychild.insight.census.validation.blocks import facts
from everychild.insight.census.validation.registry import (
    ERROR,
    QUERY,
    Context,
    Hit,
    at_item,
    rule,
)
from everychild.insight.census.validation.spans import Periods, running

REVIEW = "CPPreviewDate"


@rule("4003", kind=ERROR, fields=(REVIEW, "CINPlanStartDate", "CINPlanEndDate"),
      message="This protection plan review is dated while a CIN plan in the same episode is "
              "running; only a review held on the day the protection plan ends may overlap. "
              "Check the review and plan dates.")
def review_not_during_cin_plan(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in facts(child, ctx).episodes:
        if not ep.reviews or not ep.cin_plans:
            continue
        in_need = Periods([running(p.start, p.end, ctx.reference_date)
                           for p in ep.cin_plans if p.start is not None])
        for cp, item, day in ep.reviews:
            if day is not None and day != cp.end and in_need.covers(day):
                yield at_item(REVIEW, item)


@rule("8841", kind=ERROR, fields=(REVIEW, "CPPstartDate"),
      message="A review of this child protection plan is dated on or before the day the plan "
              "began; reviews follow the start, so check both dates.")
def review_after_start(child: Child, ctx: Context) -> Iterator[Hit]:
    for cp, item, day in facts(child, ctx).reviews:
        if day is not None and cp.start is not None and day <= cp.start:
            yield at_item(REVIEW, item, f"The plan started on {cp.start.isoformat()}.")


@rule("8842Q", kind=QUERY, fields=(REVIEW,),
      message="Please check: a review of this protection plan has a blank or unreadable date; "
              "enter the date the review took place.")
def review_dated(child: Child, ctx: Context) -> Iterator[Hit]:
    for _cp, item, day in facts(child, ctx).reviews:
        if day is None:
            yield at_item(REVIEW, item)
