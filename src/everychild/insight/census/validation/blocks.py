"""A child's episodes and blocks with their dates read once, for the block rules.

About sixty rules look at the dates of the same assessments, plans and enquiries. Parsing them
once per child, rather than once per rule, keeps a 100,000-child file within its time budget:
`facts(child, ctx)` builds the view for a child on first use and returns the same one to
every later rule for that child.
"""

from __future__ import annotations

import datetime as dt
from typing import Generic, TypeVar

from everychild.insight.census.reader import (
    Assessment,
    Child,
    Episode,
    Item,
    ProtectionPlan,
    Record,
)
from everychild.insight.census.validation.dates import is_true, parse_date
from everychild.insight.census.validation.registry import Context

ICPC = "DateOfInitialCPC"
_KEY = "blocks.facts"

R = TypeVar("R", bound=Record)


class Dated(Generic[R]):
    """An assessment, CIN plan or protection plan: its record, start and end (an assessment
    ends when authorised), and the episode it belongs to."""

    __slots__ = ("end", "ep", "rec", "start")

    def __init__(self, rec: R, ep: EpisodeFacts, start: str, end: str) -> None:
        self.rec = rec
        self.ep = ep
        values = rec.values
        self.start = parse_date(values.get(start))
        self.end = parse_date(values.get(end))


class Enquiry:
    """A section 47 enquiry: start, initial conference, and whether it still awaits one
    (no conference date and not marked as needing none)."""

    __slots__ = ("awaiting", "ep", "icpc", "rec", "start")

    def __init__(self, rec: Record, ep: EpisodeFacts) -> None:
        self.rec = rec
        self.ep = ep
        values = rec.values
        self.start = parse_date(values.get("S47ActualStartDate"))
        self.icpc = parse_date(values.get(ICPC))
        self.awaiting = not values.get(ICPC) and not is_true(values.get("ICPCnotRequired"))


class EpisodeFacts:
    __slots__ = ("assessments", "cin_plans", "closed", "cp_plans", "icpc", "nfa", "rec",
                 "referred", "reviews", "s47s")

    def __init__(self, ep: Episode) -> None:
        self.rec = ep
        values = ep.values
        self.referred = parse_date(values.get("CINreferralDate"))
        self.closed = parse_date(values.get("CINclosureDate"))
        self.icpc = parse_date(values.get(ICPC))
        self.nfa = is_true(values.get("ReferralNFA"))
        self.assessments: list[Dated[Assessment]] = [
            Dated(a, self, "AssessmentActualStartDate", "AssessmentAuthorisationDate")
            for a in ep.assessments]
        self.cin_plans: list[Dated[Record]] = [
            Dated(p, self, "CINPlanStartDate", "CINPlanEndDate") for p in ep.cin_plans]
        self.s47s = [Enquiry(s, self) for s in ep.section47s]
        self.cp_plans: list[Dated[ProtectionPlan]] = [
            Dated(cp, self, "CPPstartDate", "CPPendDate") for cp in ep.cp_plans]
        # Each review with its date (None when missing or unreadable), and its plan.
        self.reviews: list[tuple[Dated[ProtectionPlan], Item, dt.date | None]] = [
            (plan, item, parse_date(item.value))
            for plan, cp in zip(self.cp_plans, ep.cp_plans, strict=True) for item in cp.reviews]


class ChildFacts:
    """The child's episodes, and each kind of block across all of them, in file order."""

    __slots__ = ("assessments", "cin_plans", "cp_plans", "died", "episodes", "reviews", "s47s")

    def __init__(self, child: Child) -> None:
        self.died = parse_date(child.identifiers.values.get("PersonDeathDate"))
        self.episodes = [EpisodeFacts(ep) for ep in child.episodes]
        self.assessments = [a for ep in self.episodes for a in ep.assessments]
        self.cin_plans = [p for ep in self.episodes for p in ep.cin_plans]
        self.s47s = [s for ep in self.episodes for s in ep.s47s]
        self.cp_plans = [cp for ep in self.episodes for cp in ep.cp_plans]
        self.reviews = [r for ep in self.episodes for r in ep.reviews]


def facts(child: Child, ctx: Context) -> ChildFacts:
    """The child's facts, built once and shared by every block rule for this child."""
    cached = ctx.memo.get(_KEY)
    if cached is not None and cached[0] is child:
        found: ChildFacts = cached[1]
        return found
    made = ChildFacts(child)
    ctx.memo[_KEY] = (child, made)
    return made
