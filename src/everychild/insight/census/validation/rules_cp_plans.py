"""Rules on ChildProtectionPlans: each plan's dates, codes and count of earlier plans; plans
against the episode, the initial conference and the child's death; and activity recorded
after an episode closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from everychild.insight.census.reader import Child, Record
from everychild.insight.census.validation.blocks import ICPC, EpisodeFacts, facts
from everychild.insight.census.validation.registry import (
    ERROR,
    Context,
    Hit,
    at,
    collector,
    rule,
)
from everychild.insight.census.validation.spans import starts_inside_another

START, END = "CPPstartDate", "CPPendDate"
_TALLY = "cp_plans.tally"  # ctx.memo: [plans started, initial conferences held] in the year


def _in_year(day: dt.date | None, ctx: Context) -> bool:
    return day is not None and ctx.period_start <= day <= ctx.reference_date


@rule("1105", kind=ERROR, fields=(START, "CINreferralDate"),
      message="This protection plan is dated to begin before the referral that opened its "
              "episode; check the plan's start date against the referral date.")
def plan_after_referral(child: Child, ctx: Context) -> Iterator[Hit]:
    for cp in facts(child, ctx).cp_plans:
        referred = cp.ep.referred
        if cp.start is not None and referred is not None and cp.start < referred:
            yield at(cp.rec, START, f"The referral is dated {referred.isoformat()}.")


@collector
def _tally_plans_and_conferences(child: Child, ctx: Context) -> None:
    f = facts(child, ctx)
    if not (f.cp_plans or f.s47s or any(ep.icpc for ep in f.episodes)):
        return
    tally = ctx.memo.setdefault(_TALLY, [0, 0])
    tally[0] += sum(1 for cp in f.cp_plans if _in_year(cp.start, ctx))
    tally[1] += sum(1 for ep in f.episodes if _in_year(ep.icpc, ctx))
    tally[1] += sum(1 for s47 in f.s47s if _in_year(s47.icpc, ctx))


@rule("2883", kind=ERROR, fields=(START, ICPC), scope="end",
      message="Across the return, more protection plans begin this year than initial child "
              "protection conferences take place; look for conferences that were left out.")
def plans_not_more_than_conferences(ctx: Context) -> Iterator[Hit]:
    plans, conferences = ctx.memo.get(_TALLY, (0, 0))
    if plans > conferences:
        yield Hit(START, None, 0, f"{plans:,} plans start; {conferences:,} conferences are "
                                  f"recorded.")


@rule("2885", kind=ERROR, fields=(START, ICPC),
      message="This protection plan began this year, but on no date matching an initial child "
              "protection conference in its episode; check the plan's start date and the "
              "conference date.")
def plan_starts_at_conference(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in facts(child, ctx).episodes:
        if not ep.cp_plans:
            continue
        held = {s47.icpc for s47 in ep.s47s}
        held.add(ep.icpc)
        for cp in ep.cp_plans:
            if _in_year(cp.start, ctx) and cp.start not in held:
                yield at(cp.rec, START)


def _after_closure(ep: EpisodeFacts, closed: dt.date) -> Iterator[tuple[Record, str]]:
    """The dated fields of an episode that fall after its closure date."""
    checks: list[tuple[Record, str, dt.date | None]] = [(ep.rec, ICPC, ep.icpc)]
    for a in ep.assessments:
        checks += [(a.rec, "AssessmentActualStartDate", a.start),
                   (a.rec, "AssessmentAuthorisationDate", a.end)]
    for s47 in ep.s47s:
        checks += [(s47.rec, "S47ActualStartDate", s47.start), (s47.rec, ICPC, s47.icpc)]
    checks += [(cp.rec, END, cp.end) for cp in ep.cp_plans]
    for p in ep.cin_plans:
        checks += [(p.rec, "CINPlanStartDate", p.start), (p.rec, "CINPlanEndDate", p.end)]
    for rec, name, day in checks:
        if day is not None and day > closed:
            yield rec, name


@rule("8565", kind=ERROR,
      fields=("CINclosureDate", ICPC, "AssessmentActualStartDate", "AssessmentAuthorisationDate",
              "S47ActualStartDate", END, "CINPlanStartDate", "CINPlanEndDate"),
      message="Work in this episode is dated after the episode's closure date; check the "
              "closure date and the dates of the work that follows it.")
def no_activity_after_closure(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in facts(child, ctx).episodes:
        if ep.closed is not None:
            for rec, name in _after_closure(ep, ep.closed):
                yield at(rec, name, f"The episode closed on {ep.closed.isoformat()}.")


@rule("8720", kind=ERROR, fields=(START,),
      message="This protection plan has no start date, or one after 31 March of this return's "
              "year; enter the date the plan began.")
def plan_start_given(child: Child, ctx: Context) -> Iterator[Hit]:
    for cp in facts(child, ctx).cp_plans:
        if (cp.start is None and not cp.rec.has(START)) or (
                cp.start is not None and cp.start > ctx.reference_date):
            yield at(cp.rec, START)


@rule("8730", kind=ERROR, fields=("NumberOfPreviousCPP",),
      message="The count of this child's earlier protection plans is blank or not a whole "
              "number; enter 0 or more.")
def previous_plans_counted(child: Child, ctx: Context) -> Iterator[Hit]:
    for cp in facts(child, ctx).cp_plans:
        if not (cp.rec.get("NumberOfPreviousCPP") or "").isdigit():
            yield at(cp.rec, "NumberOfPreviousCPP")


@rule("8832", kind=ERROR, fields=("ReferralNFA",),
      message="This episode is marked as a no-further-action referral, yet it has a child "
              "protection plan; either the flag or the plan is wrong.")
def no_plan_on_nfa(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in facts(child, ctx).episodes:
        if ep.cp_plans and ep.nfa:
            yield at(ep.rec, "ReferralNFA")


@rule("8840", kind=ERROR, fields=(START, END),
      message="This child protection plan's end date equals its start date; check both dates,"
              " as a plan is not expected to end on the day it began.")
def plan_not_one_day(child: Child, ctx: Context) -> Iterator[Hit]:
    for cp in facts(child, ctx).cp_plans:
        if cp.start is not None and cp.start == cp.end:
            yield at(cp.rec, END)


def _category(name: str, child: Child, ctx: Context) -> Iterator[Hit]:
    for cp in facts(child, ctx).cp_plans:
        if cp.rec.get(name) not in ctx.spec.codes("categoryofabuse"):
            yield at(cp.rec, name)


@rule("8905", kind=ERROR, fields=("InitialCategoryOfAbuse",),
      message="The category of abuse recorded when this protection plan began is blank or not on "
              "the category of abuse list; enter the listed code.")
def initial_category_valid(child: Child, ctx: Context) -> Iterator[Hit]:
    return _category("InitialCategoryOfAbuse", child, ctx)


@rule("8910", kind=ERROR, fields=("LatestCategoryOfAbuse",),
      message="The latest category of abuse on this protection plan is blank or not on the "
              "category of abuse list; enter the listed code.")
def latest_category_valid(child: Child, ctx: Context) -> Iterator[Hit]:
    return _category("LatestCategoryOfAbuse", child, ctx)


def _after_death(name: str, child: Child, ctx: Context) -> Iterator[Hit]:
    f = facts(child, ctx)
    if f.died is None:
        return
    for cp in f.cp_plans:
        day = cp.start if name == START else cp.end
        if day is not None and day > f.died:
            yield at(cp.rec, name, f"The child died on {f.died.isoformat()}.")


@rule("8915", kind=ERROR, fields=(START, "PersonDeathDate"),
      message="This protection plan is dated to begin after the child died; check the plan's "
              "start date and the date of death.")
def plan_starts_by_death(child: Child, ctx: Context) -> Iterator[Hit]:
    return _after_death(START, child, ctx)


@rule("8920", kind=ERROR, fields=(END, "PersonDeathDate"),
      message="This protection plan is dated to end after the child died; check the plan's end "
              "date and the date of death.")
def plan_ends_by_death(child: Child, ctx: Context) -> Iterator[Hit]:
    return _after_death(END, child, ctx)


@rule("8925", kind=ERROR, fields=(END, START),
      message="This child protection plan's end date comes before its start date; one of the "
              "two dates is wrong.")
def plan_ends_after_start(child: Child, ctx: Context) -> Iterator[Hit]:
    for cp in facts(child, ctx).cp_plans:
        if cp.start is not None and cp.end is not None and cp.end < cp.start:
            yield at(cp.rec, END)


@rule("8930", kind=ERROR, fields=(END,),
      message="This protection plan's end date lies outside the period this return covers (1 "
              "April to 31 March); check the date.")
def plan_ends_in_year(child: Child, ctx: Context) -> Iterator[Hit]:
    for cp in facts(child, ctx).cp_plans:
        if cp.end is not None and not _in_year(cp.end, ctx):
            yield at(cp.rec, END)


@rule("8935", kind=ERROR, fields=(END,),
      message="This child has two or more protection plans with no end date; record when the "
              "finished ones ended, so that at most one stays open.")
def one_open_plan(child: Child, ctx: Context) -> Iterator[Hit]:
    plans = facts(child, ctx).cp_plans
    if len(plans) < 2:
        return
    open_ones = [cp.rec for cp in plans if not cp.rec.has(END)]
    for rec in open_ones[1:]:
        yield at(rec, END, f"Another open plan is at line {open_ones[0].line}.")


@rule("8940", kind=ERROR, fields=(START, END),
      message="This protection plan begins while another of the child's protection plans is "
              "still running; check the start and end dates of both plans.")
def plans_do_not_overlap(child: Child, ctx: Context) -> Iterator[Hit]:
    plans = facts(child, ctx).cp_plans
    if len(plans) < 2:
        return
    dated = [cp for cp in plans if cp.start is not None]
    spans = [(cp.start, cp.end or ctx.reference_date) for cp in dated if cp.start is not None]
    for i in sorted(starts_inside_another(spans)):
        yield at(dated[i].rec, START)
