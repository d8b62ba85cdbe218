"""Rules on Section47 blocks (enquiries into significant harm) and on the date of the initial
child protection conference, which a file may give on the enquiry or on the episode."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache

from everychild.insight.census.reader import Child, Record
from everychild.insight.census.validation.blocks import ICPC, ChildFacts, EpisodeFacts, facts
from everychild.insight.census.validation.dates import parse_date, working_days_before
from everychild.insight.census.validation.registry import (
    ERROR,
    QUERY,
    Context,
    Hit,
    at,
    rule,
)
from everychild.insight.census.validation.spans import starts_inside_another

START = "S47ActualStartDate"
SATURDAY = 5


@lru_cache(maxsize=32)
def _conference_overdue(reference: dt.date) -> dt.date:
    # Computed once per census year, not once per child.
    return working_days_before(reference, 15)


def _conferences(f: ChildFacts) -> Iterator[tuple[EpisodeFacts, Record, dt.date]]:
    """Every initial conference date given, on an episode or on one of its enquiries."""
    for ep in f.episodes:
        if ep.icpc is not None:
            yield ep, ep.rec, ep.icpc
        for s47 in ep.s47s:
            if s47.icpc is not None:
                yield ep, s47.rec, s47.icpc


@rule("1104", kind=ERROR, fields=(ICPC, "CINreferralDate"),
      message="This initial child protection conference is dated before the referral that opened "
              "its episode; check the conference date against the referral date.")
def conference_after_referral(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep, rec, held in _conferences(facts(child, ctx)):
        if ep.referred is not None and held < ep.referred:
            yield at(rec, ICPC, f"The referral is dated {ep.referred.isoformat()}.")


@rule("2884", kind=ERROR, fields=(ICPC,),
      message="The same initial child protection conference is recorded twice, once on a section "
              "47 enquiry and once on the episode; keep only one.")
def conference_recorded_once(child: Child, ctx: Context) -> Iterator[Hit]:
    f = facts(child, ctx)
    if not f.s47s:
        return
    on_episodes = {ep.icpc for ep in f.episodes if ep.icpc is not None}
    for s47 in f.s47s:
        if s47.icpc in on_episodes:
            yield at(s47.rec, ICPC)


@rule("2889", kind=ERROR, fields=(START, "CINreferralDate"),
      message="This section 47 enquiry is dated to begin before the referral that opened its "
              "episode; check the enquiry's start date against the referral date.")
def enquiry_after_referral(child: Child, ctx: Context) -> Iterator[Hit]:
    for s47 in facts(child, ctx).s47s:
        referred = s47.ep.referred
        if s47.start is not None and referred is not None and s47.start < referred:
            yield at(s47.rec, START, f"The referral is dated {referred.isoformat()}.")


@rule("8615", kind=ERROR, fields=(START, ICPC),
      message="This section 47 enquiry has an initial conference date, but its start date is "
              "missing or later than that conference; enter the date the enquiry began.")
def enquiry_starts_by_conference(child: Child, ctx: Context) -> Iterator[Hit]:
    for s47 in facts(child, ctx).s47s:
        if s47.icpc is None:
            continue
        if not s47.rec.has(START) or (s47.start is not None and s47.start > s47.icpc):
            yield at(s47.rec, START)


@rule("8675Q", kind=QUERY, fields=(START, ICPC, "ICPCnotRequired"),
      message="Please check: this section 47 enquiry began over 15 working days before the "
              "reference date, but gives neither an initial conference date nor a decision "
              "that no conference was needed; record whichever applies.")
def conference_not_overdue(child: Child, ctx: Context) -> Iterator[Hit]:
    for s47 in facts(child, ctx).s47s:
        if s47.start is None or not s47.awaiting:
            continue
        cutoff = _conference_overdue(ctx.reference_date)
        if s47.start < cutoff:
            yield at(s47.rec, START, f"Enquiries still awaiting a conference on the census day "
                                     f"should have started on or after {cutoff.isoformat()}.")


@rule("8715", kind=ERROR, fields=(ICPC,),
      message="This initial child protection conference is dated outside the period this return "
              "covers (1 April to 31 March); check the date.")
def conference_in_year(child: Child, ctx: Context) -> Iterator[Hit]:
    for _ep, rec, held in _conferences(facts(child, ctx)):
        if not ctx.period_start <= held <= ctx.reference_date:
            yield at(rec, ICPC)


@rule("8740", kind=ERROR, fields=(START, ICPC, "ICPCnotRequired"),
      message="This section 47 enquiry is still waiting for its initial conference at year end, "
              "yet its start date lies outside this return's year; record the conference or the "
              "decision not to hold one, or correct the start date.")
def awaiting_enquiry_started_in_year(child: Child, ctx: Context) -> Iterator[Hit]:
    for s47 in facts(child, ctx).s47s:
        if (s47.start is not None and s47.awaiting
                and not ctx.period_start <= s47.start <= ctx.reference_date):
            yield at(s47.rec, START)


@rule("8839", kind=ERROR, fields=(ICPC, "ICPCnotRequired"),
      message="Two or more section 47 enquiries in this episode are still waiting for an initial "
              "conference (no date, and not marked as needing none); record the outcome for all "
              "but the one still under way.")
def one_enquiry_awaiting(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in facts(child, ctx).episodes:
        if len(ep.s47s) < 2:
            continue
        waiting = [s47.rec for s47 in ep.s47s if s47.awaiting]
        for rec in waiting[1:]:
            yield at(rec, ICPC, f"Another enquiry awaiting one is at line {waiting[0].line}.")


@rule("8870Q", kind=QUERY, fields=("InitialCPCtarget",),
      message="Please check: the date set for the initial child protection conference is a "
              "Saturday or Sunday; check the date was entered correctly.")
def target_on_weekday(child: Child, ctx: Context) -> Iterator[Hit]:
    for s47 in facts(child, ctx).s47s:
        target = parse_date(s47.rec.get("InitialCPCtarget"))
        if target is not None and target.weekday() >= SATURDAY:
            yield at(s47.rec, "InitialCPCtarget", f"It is a {target.strftime('%A')}.")


@rule("8875", kind=ERROR, fields=(ICPC,),
      message="This initial child protection conference is dated on a Saturday or Sunday; check "
              "the date was entered correctly.")
def conference_on_weekday(child: Child, ctx: Context) -> Iterator[Hit]:
    for _ep, rec, held in _conferences(facts(child, ctx)):
        if held.weekday() >= SATURDAY:
            yield at(rec, ICPC, f"It is a {held.strftime('%A')}.")


@rule("8890", kind=ERROR, fields=(START,),
      message="This section 47 enquiry begins while another in the same episode is still running "
              "(between its start and its initial conference, or to year end if it is still "
              "waiting); check the dates of both.")
def enquiries_do_not_overlap(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in facts(child, ctx).episodes:
        if len(ep.s47s) < 2:
            continue
        dated = [s47 for s47 in ep.s47s if s47.start is not None]
        # An enquiry closed with no conference needed has no known end: nothing starts inside it.
        spans = [(s47.start, s47.icpc or (ctx.reference_date if s47.awaiting else None))
                 for s47 in dated if s47.start is not None]
        for i in sorted(starts_inside_another(spans)):
            yield at(dated[i].rec, START)
