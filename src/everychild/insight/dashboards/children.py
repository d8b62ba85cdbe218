"""The children behind a figure: one indicator, one month or year, its numerator or its
denominator, for one scope.

Every child counted is counted; a child is named only if the user may read that child's
casework (the page each line links to, the same test the worklists apply), and a sealed
child is never named, whoever asks. The rest are given as a number. Each list that names
children is audited like a worklist: who looked, at what, and the refs of the children
it named (so "who has looked at this child?" finds it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from everychild.access import policy
from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.agencies.models import Staff, Team
from everychild.core import clock
from everychild.core.errors import NotFound, ValidationFailed
from everychild.core.querying import among
from everychild.people.models import Person
from everychild.people.relationships import relationships_to_many

from ..indicators.catalogue import BY_ID
from ..indicators.compute import PARTS, Row, Scope, rows_behind
from ..indicators.model import Indicator, Kind
from ..indicators.periods import EARLIEST_YEAR, FinancialYear, Month, PeriodError
from ..indicators.series import year_months
from .figures import end_month, resolve_scope
from .scopes import scope_key

# A line names a child and links to their casework: shown only if that page would open.
LIST_ACTION = "casework.view"
AUDIT_ACTION = "insight.children"


@dataclass(frozen=True)
class ChildLine:
    ref: UUID
    name: str
    row: Row
    team: str
    worker: str


@dataclass(frozen=True)
class ChildList:
    indicator: Indicator
    scope: Scope
    scope_label: str
    period: Month | FinancialYear
    through: Month  # the last month the figure takes in
    end: Month  # the last month shown on the page the list was opened from
    part: str
    lines: list[ChildLine]
    counted: int  # rows behind the figure (events: a child may have several)
    hidden_children: int  # children counted but not named

    @property
    def children(self) -> int:
        return len({line.ref for line in self.lines}) + self.hidden_children


def find_indicator(indicator_id: str) -> Indicator:
    found = BY_ID.get((indicator_id or "").strip())
    if found is None:
        raise NotFound("There is no such indicator")
    return found


def parse_period(month: str | None, year: str | None, end: Month) -> tuple[Month | FinancialYear,
                                                                          Month]:
    """The period asked for, and the last month of it the figure takes in (a year's
    figure stops at the last month shown on the dashboard, `end`)."""
    try:
        if month and not year:
            one = Month.parse(month)
            return one, one
        if year and not month:
            whole = FinancialYear.parse(year)
            months = year_months(whole, end)
            if not months:
                raise ValidationFailed(f"{whole.key} begins after {end.label}, the last "
                                       "month shown")
            return whole, months[-1]
    except PeriodError as exc:
        raise ValidationFailed(str(exc)) from None
    raise ValidationFailed("Say which month (like 2026-03) or which financial year (like "
                           "2025-26) the figure is for")


def _dates(indicator: Indicator, period: Month | FinancialYear, through: Month
           ) -> tuple[dt.date, dt.date]:
    if indicator.kind == Kind.STOCK:
        return through.end, through.end  # a stock's rows are dated the period's last day
    return period.start, through.end


def children_behind(*, actor: StaffLike, indicator_id: str, part: str,
                    month: str | None = None, year: str | None = None,
                    scope: Scope | None = None, end: str | None = None,
                    purpose: str = "page", today: dt.date | None = None) -> ChildList:
    """The rows behind one figure, each child named or counted as the actor may see them
    (AccessDenied for a scope they may not see, ValidationFailed for what cannot be
    read). `end` is the dashboard's last month shown, which a year's figure stops at."""
    today = today or clock.today()
    indicator = find_indicator(indicator_id)
    scope, label = resolve_scope(actor, scope)
    last_shown = end_month(end, Month(EARLIEST_YEAR, 1), today)
    if part not in PARTS:
        raise ValidationFailed("Choose the numerator or the denominator")
    if indicator.is_rate and part == "denominator":
        raise ValidationFailed("A rate's denominator is the authority's population of "
                               "children, not a list of children: choose the numerator")
    period, through = parse_period(month, year, last_shown)
    first, last = _dates(indicator, period, through)
    rows = rows_behind(indicator, first=first, last=last, part=part, scope=scope, today=today)
    people = {p.pk: p for p in Person.objects.filter(pk__in=among({r.child_id for r in rows}))
              .only("ref", "kind", "given_name", "middle_names", "family_name", "sealed",
                    "merged_into_id")}
    named = _may_name(actor, list(people.values()))
    teams = Team.objects.in_bulk({r.team_id for r in rows if r.team_id})
    staff = Staff.objects.in_bulk({r.worker_id for r in rows if r.worker_id})
    lines = [ChildLine(people[r.child_id].ref, people[r.child_id].full_name, r,
                       teams[r.team_id].name if r.team_id in teams else "",
                       _staff_name(staff.get(r.worker_id))) for r in rows if r.child_id in named]
    hidden = len({r.child_id for r in rows} - named)
    found = ChildList(indicator, scope, label, period, through, last_shown, part, lines,
                      len(rows), hidden)
    _audit(actor, found, purpose)
    return found


def _staff_name(staff: Staff | None) -> str:
    return (staff.get_full_name() or staff.username) if staff is not None else ""


def _may_name(actor: StaffLike, people: list[Person]) -> set[int]:
    """The children the actor may see named: never a sealed child; otherwise those whose
    casework the policy lets them read."""
    candidates = [p for p in people if not p.sealed]
    scope = policy.policy().scope(actor.role, LIST_ACTION)
    if scope == policy.Scope.NONE or not candidates:
        return set()
    if scope == policy.Scope.ALL:
        return {p.pk for p in candidates}
    relationships = relationships_to_many(actor, candidates)
    return {p.pk for p in candidates
            if policy.allows(actor.role, LIST_ACTION, relationships=relationships[p.pk])}


def _audit(actor: StaffLike, found: ChildList, purpose: str) -> None:
    named = list(dict.fromkeys(str(line.ref) for line in found.lines))
    audit_record(actor=actor, action=AUDIT_ACTION, detail={
        "indicator": found.indicator.id, "period": found.period.key,
        "through": found.through.key, "part": found.part, "scope": scope_key(found.scope),
        "format": purpose, "counted": found.counted, "not_named": found.hidden_children,
        "people": named})
