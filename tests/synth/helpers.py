"""Running `synth` inside a test and reading back what it made."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command
from django.db import transaction

from everychild.agencies.models import Staff
from everychild.people.models import (
    Household,
    HouseholdMembership,
    Involvement,
    OtherName,
    Person,
    Relationship,
)


def synth(children: int, seed: int, **options: Any) -> str:
    out = io.StringIO()
    call_command("synth", children=children, seed=seed, verbosity=0, stdout=out, **options)
    return out.getvalue()


def _sorted(rows: Any) -> list[tuple[Any, ...]]:
    return sorted((tuple(r) for r in rows), key=repr)


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Everything synth writes, by stable keys (refs, codes, usernames), not database ids."""
    return {
        "people": _sorted(Person.objects.values_list(
            "ref", "kind", "given_name", "middle_names", "family_name", "sex", "date_of_birth",
            "expected_date_of_birth", "ethnicity", "nhs_number", "upn", "la_child_id",
            "sealed", "disabilities")),
        "households": _sorted(Household.objects.values_list(
            "ref", "address_line_1", "address_line_2", "town", "postcode")),
        "memberships": _sorted(HouseholdMembership.objects.values_list(
            "household__ref", "person__ref", "role", "started", "ended")),
        "relationships": _sorted(Relationship.objects.values_list(
            "person__ref", "related__ref", "kind", "started", "ended", "note")),
        "involvements": _sorted(Involvement.objects.values_list(
            "person__ref", "agency__code", "staff__username", "role", "started", "ended")),
        "other_names": _sorted(OtherName.objects.values_list(
            "person__ref", "kind", "given_name", "family_name", "agency__code", "note")),
        "staff": _sorted(Staff.objects.values_list("username", "role", "agency__code",
                                                   "team__name", "job_title")),
    }


def snapshot_of_fresh_run(children: int, seed: int, **options: Any) -> dict[str, Any]:
    """Generate into the (empty) test database, read it, then roll it all back, so the next
    run starts from the same empty database."""
    with transaction.atomic():
        synth(children, seed, **options)
        taken = snapshot()
        transaction.set_rollback(True)
    return taken


def casework_snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """The casework and chronology synth writes, by stable keys."""
    from everychild.agencies.models import Agency
    from everychild.casework import models as cw
    from everychild.chronology.models import ChronologyEntry

    codes = dict(Agency.objects.values_list("pk", "code"))
    changes = [(ref, kind, day, sorted(codes[pk] for pk in told)) for ref, kind, day, told
               in cw.CircumstanceChange.objects.values_list(
                   "episode__ref", "kind", "occurred_on", "agencies_told")]
    return {
        "episodes": _sorted(cw.Episode.objects.values_list(
            "ref", "child__ref", "referral__ref", "referral_date", "rules", "primary_need",
            "team__name", "worker__username", "closed_on", "closure_reason")),
        "assessments": _sorted(cw.Assessment.objects.values_list(
            "episode__ref", "kind", "started_on", "completed_on", "child_seen_on", "outcome",
            "factors", "late_reason", "authorised_by__username", "authorised_on", "status")),
        "strategies": _sorted(cw.StrategyDiscussion.objects.values_list(
            "episode__ref", "held_on", "section47", "recorded_by__username")),
        "conferences": _sorted(cw.Conference.objects.values_list(
            "episode__ref", "kind", "scheduled_for", "held_on", "decision", "category",
            "chair__username", "status", "minutes_sent_at")),
        "invitees": _sorted(cw.ConferenceInvitee.objects.values_list(
            "conference__episode__ref", "conference__scheduled_for", "kind", "name",
            "attendance", "report_submitted_at")),
        "plans": _sorted(cw.Plan.objects.values_list(
            "episode__ref", "kind", "category", "started_on", "ended_on",
            "key_worker__username")),
        "visits": _sorted(cw.Visit.objects.values_list(
            "episode__ref", "visited_on", "child_seen", "seen_alone")),
        "core_groups": _sorted(cw.CoreGroupMeeting.objects.values_list(
            "plan__episode__ref", "held_on", "plan_working")),
        "actions": _sorted(cw.PlanAction.objects.values_list(
            "plan__episode__ref", "description", "due_on", "status", "completed_on")),
        "changes": _sorted(changes),
        "chronology": _sorted(ChronologyEntry.objects.values_list(
            "lineage", "revision", "child__ref", "agency__code", "occurred_on", "kind",
            "significance", "sharing", "summary", "recorded_at")),
    }


def casework_snapshot_of_fresh_run(children: int, seed: int, **options: Any) -> dict[str, Any]:
    with transaction.atomic():
        synth(children, seed, **options)
        taken = {**snapshot(), **casework_snapshot()}
        transaction.set_rollback(True)
    return taken
