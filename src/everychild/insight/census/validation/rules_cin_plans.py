"""Rules on CINPlanDates: child in need plans' own dates, and how they sit beside the
episode, the child's other CIN plans and the child's child protection plans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from everychild.insight.census.reader import Child
from everychild.insight.census.validation.blocks import Dated, facts
from everychild.insight.census.validation.registry import (
    ERROR,
    QUERY,
    Context,
    Hit,
    at,
    rule,
)
from everychild.insight.census.validation.spans import Periods, running, starts_inside_another

START, END = "CINPlanStartDate", "CINPlanEndDate"


def _periods(plans: Sequence[Dated[Any]], reference: dt.date) -> Periods:
    return Periods([running(p.start, p.end, reference) for p in plans if p.start is not None])


@rule("4000", kind=ERROR, fields=("ReferralNFA",),
      message="This episode is marked as a no-further-action referral, yet a CIN plan is "
              "recorded in it; either the flag or the plan is wrong.")
def no_plan_on_nfa(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in facts(child, ctx).episodes:
        if ep.cin_plans and ep.nfa:
            yield at(ep.rec, "ReferralNFA")


@rule("4001", kind=ERROR, fields=(END, "CPPendDate"),
      message="A CIN plan and a child protection plan in this episode are both left open (no "
              "end date); give the end date of whichever plan has finished.")
def not_both_open(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in facts(child, ctx).episodes:
        if not ep.cin_plans or all(cp.rec.has("CPPendDate") for cp in ep.cp_plans):
            continue
        for plan in ep.cin_plans:
            if not plan.rec.has(END):
                yield at(plan.rec, END)


@rule("4004", kind=ERROR, fields=(END,),
      message="Two or more CIN plans in this episode have no end date; only the current plan "
              "may be left open, so give the earlier plans their end dates.")
def one_open_plan(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in facts(child, ctx).episodes:
        if len(ep.cin_plans) < 2:
            continue
        open_ones = [p.rec for p in ep.cin_plans if not p.rec.has(END)]
        for plan in open_ones[1:]:
            yield at(plan, END, f"Another open plan is at line {open_ones[0].line}.")


@rule("4009Q", kind=QUERY, fields=(END, "PersonDeathDate"),
      message="Please check: this CIN plan runs past the date the child died; check the plan's "
              "end date and the date of death.")
def plan_ends_by_death(child: Child, ctx: Context) -> Iterator[Hit]:
    f = facts(child, ctx)
    if f.died is None:
        return
    for plan in f.cin_plans:
        if plan.end is not None and plan.end > f.died:
            yield at(plan.rec, END, f"The child died on {f.died.isoformat()}.")


@rule("4010", kind=ERROR, fields=(START,),
      message="This CIN plan has no start date, or one after 31 March of this return's year; "
              "enter the date the plan began.")
def plan_start_given(child: Child, ctx: Context) -> Iterator[Hit]:
    for plan in facts(child, ctx).cin_plans:
        # A start that is present but malformed is the schema check's to report.
        if (plan.start is None and not plan.rec.has(START)) or (
                plan.start is not None and plan.start > ctx.reference_date):
            yield at(plan.rec, START)


@rule("4011", kind=ERROR, fields=(END, START),
      message="This CIN plan's end date comes before its start date; one of the two dates is "
              "wrong.")
def plan_ends_after_start(child: Child, ctx: Context) -> Iterator[Hit]:
    for plan in facts(child, ctx).cin_plans:
        if plan.start is not None and plan.end is not None and plan.end < plan.start:
            yield at(plan.rec, END)


@rule("4012Q", kind=QUERY, fields=(START, END),
      message="Please check: this CIN plan's end date equals its start date; confirm the plan"
              " really lasted less than a day.")
def plan_not_one_day(child: Child, ctx: Context) -> Iterator[Hit]:
    for plan in facts(child, ctx).cin_plans:
        if plan.start is not None and plan.start == plan.end:
            yield at(plan.rec, END)


@rule("4013", kind=ERROR, fields=(END,),
      message="This CIN plan's end date lies outside the period this return covers (1 April to "
              "31 March); check the date.")
def plan_ends_in_year(child: Child, ctx: Context) -> Iterator[Hit]:
    for plan in facts(child, ctx).cin_plans:
        if plan.end is not None and not ctx.period_start <= plan.end <= ctx.reference_date:
            yield at(plan.rec, END)


@rule("4014", kind=ERROR, fields=(START, END),
      message="This CIN plan begins while another of the child's CIN plans is still running; "
              "check the start and end dates of both plans.")
def plans_do_not_overlap(child: Child, ctx: Context) -> Iterator[Hit]:
    plans = facts(child, ctx).cin_plans
    if len(plans) < 2:
        return
    dated = [p for p in plans if p.start is not None]
    spans = [(p.start, p.end or ctx.reference_date) for p in dated if p.start is not None]
    for i in sorted(starts_inside_another(spans)):
        yield at(dated[i].rec, START)


@rule("4015", kind=ERROR, fields=(START, "CINreferralDate"),
      message="This CIN plan is dated to begin before the referral that opened its episode; "
              "check the plan's start date against the referral date.")
def plan_after_referral(child: Child, ctx: Context) -> Iterator[Hit]:
    for plan in facts(child, ctx).cin_plans:
        referred = plan.ep.referred
        if plan.start is not None and referred is not None and plan.start < referred:
            yield at(plan.rec, START, f"The referral is dated {referred.isoformat()}.")


@rule("4016", kind=ERROR, fields=(START, "CPPstartDate", "CPPendDate"),
      message="This CIN plan begins while the child is still on a protection plan; the CIN plan "
              "can start on the day the protection plan ends, but no earlier. Check both plans' "
              "dates.")
def plan_not_during_protection(child: Child, ctx: Context) -> Iterator[Hit]:
    f = facts(child, ctx)
    if not f.cp_plans or not f.cin_plans:
        return
    protected = _periods(f.cp_plans, ctx.reference_date)
    for plan in f.cin_plans:
        if plan.start is not None and protected.covers(plan.start):
            yield at(plan.rec, START)


@rule("4017", kind=ERROR, fields=("CPPstartDate", START, END),
      message="This protection plan begins while the child is still on a CIN plan; it can start "
              "on the day the CIN plan ends, but no earlier. Check both plans' dates.")
def protection_not_during_plan(child: Child, ctx: Context) -> Iterator[Hit]:
    f = facts(child, ctx)
    if not f.cp_plans or not f.cin_plans:
        return
    in_need = _periods(f.cin_plans, ctx.reference_date)
    for cp in f.cp_plans:
        if cp.start is not None and in_need.covers(cp.start):
            yield at(cp.rec, "CPPstartDate")
