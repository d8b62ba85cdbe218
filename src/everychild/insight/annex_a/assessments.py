"""Lists 4 and 5: assessments, and section 47 enquiries with their initial conferences.

- List 4: every assessment open at some time in the period: started by the as-of date
  and not authorised before the period began (an assessment started years ago and
  authorised within it is listed, as in Ofsted's sample). Authorisation is the end.
- List 5: every section 47 enquiry whose strategy discussion was held in the period, one
  row for each (open enquiries included). The counts are of the child's enquiries, and
  initial conferences held, in the 12 months before this one's strategy discussion.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from everychild.casework.models import (
    Assessment,
    AssessmentOutcome,
    Conference,
    ConferenceDecision,
    ConferenceKind,
    ConferenceStatus,
    Section47,
    Section47Outcome,
)

from . import codes
from .common import (
    Period,
    Record,
    Row,
    allocation_cells,
    allocation_values,
    child_cells,
    count_in_year_before,
    dates_by_child,
    months_before,
    person_values,
)

# An authorised assessment whose outcome is one of these found the child needed children's
# social care's help; no further action and early help found they did not.
NO_SUPPORT = {AssessmentOutcome.NFA, AssessmentOutcome.EARLY_HELP}


def assessments(period: Period) -> list[Row]:
    found = (Assessment.objects
             .filter(started_on__lte=period.as_of)
             .filter(Q(authorised_on__isnull=True) | Q(authorised_on__gte=period.start))
             .values("started_on", "child_seen_on", "authorised_on", "outcome",
                     *person_values("episode__child"), *allocation_values("episode"))
             .order_by("started_on", "episode__child_id", "id"))
    rows: list[Row] = []
    for a in found:
        row = child_cells(a, "episode__child", period)
        authorised = period.known(a["authorised_on"])
        needs = None if authorised is None or not a["outcome"] else a["outcome"] not in NO_SUPPORT
        row.update(start=a["started_on"],
                   seen=codes.yes_no(period.known(a["child_seen_on"]) is not None),
                   authorised=authorised, needs_support=codes.yes_no(needs))
        row.update(allocation_cells(a, "episode"))
        rows.append(row)
    return rows


def _initial_conferences(since: dt.date, period: Period) -> list[Record]:
    """Initial conferences held from `since` to the as-of date, earliest first."""
    return list(Conference.objects
                .filter(kind=ConferenceKind.INITIAL, held_on__gte=since,
                        held_on__lte=period.as_of)
                .exclude(status__in=(ConferenceStatus.SCHEDULED, ConferenceStatus.CANCELLED))
                .values("section47_id", "held_on", "decision", "episode__child_id")
                .order_by("held_on", "id"))


def _icpc_unnecessary(enquiry: Record, completed: dt.date | None,
                      conference: Record | None) -> bool | None:
    """Whether the enquiry concluded that no initial conference was needed (unknown while
    it is open with none held)."""
    if conference is not None:
        return False
    if completed is None or not enquiry["outcome"]:
        return None
    return enquiry["outcome"] != Section47Outcome.SUBSTANTIATED_CONFERENCE


def section47s(period: Period) -> list[Row]:
    enquiries = (Section47.objects
                 .filter(strategy__held_on__gte=period.start,
                         strategy__held_on__lte=period.as_of)
                 .values("id", "strategy__held_on", "completed_on", "outcome",
                         *person_values("episode__child"), *allocation_values("episode"))
                 .order_by("strategy__held_on", "episode__child_id", "id"))
    year_back = months_before(period.start, 12)
    conferences = _initial_conferences(year_back, period)
    held_for: dict[int, Record] = {}
    for c in conferences:
        if c["section47_id"] is not None:
            held_for.setdefault(c["section47_id"], c)
    icpcs = dates_by_child((c["episode__child_id"], c["held_on"]) for c in conferences)
    earlier = dates_by_child(Section47.objects
                             .filter(strategy__held_on__gte=year_back,
                                     strategy__held_on__lte=period.as_of)
                             .values_list("episode__child_id", "strategy__held_on"))
    rows: list[Row] = []
    for e in enquiries:
        child, day = e["episode__child__id"], e["strategy__held_on"]
        conference = held_for.get(e["id"])
        plan = None
        if conference is not None and conference["decision"]:
            plan = conference["decision"] == ConferenceDecision.PLAN
        row = child_cells(e, "episode__child", period)
        row.update(
            strategy_date=day,
            icpc_unnecessary=codes.yes_no(
                _icpc_unnecessary(e, period.known(e["completed_on"]), conference)),
            icpc_date=conference["held_on"] if conference else None,
            icpc_plan=codes.yes_no(plan),
            enquiries_12m=count_in_year_before(earlier.get(child, []), day),
            icpcs_12m=count_in_year_before(icpcs.get(child, []), day))
        row.update(allocation_cells(e, "episode"))
        rows.append(row)
    return rows
