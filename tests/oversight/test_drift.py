"""Drift: the stalled cases a manager must see, each found from the records."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.access.models import AuditEvent
from everychild.core.errors import AccessDenied
from everychild.oversight.selectors import DriftKind, drift_for_team

from ..factories import InvolvementFactory
from . import builders as b

pytestmark = pytest.mark.django_db
D = dt.date


def drift(manager) -> list[tuple[str, str, str]]:
    return [(d.kind.value, d.child_name, d.detail) for d in drift_for_team(actor=manager)]


def test_a_long_open_assessment_is_drift(caseload):
    assert drift(caseload.manager) == [
        ("assessment", "Amelia Osei", "Single assessment: due 5 February 2026")]


def test_a_plan_with_no_core_group_or_visit_in_its_interval_is_drift(caseload, world):
    caseload.mates.closed_on = D(2025, 12, 31)
    caseload.mates.save()
    ep, _, plan = b.on_plan(caseload.mates_child, caseload.mate, icpc_on=D(2026, 1, 12),
                            first_core_group_on=D(2026, 1, 26))
    found = drift(caseload.manager)
    assert ("core_group", "Callum Mate", "First core group: due 26 January 2026") in found
    assert ("visit", "Callum Mate", "Statutory visit: due 26 January 2026") in found
    # Core groups and a seen visit put it right until their next interval runs out.
    b.core_group(plan, D(2026, 1, 23))
    b.visit(ep, D(2026, 2, 25), p=plan)
    assert [(k, detail) for k, name, detail in drift(caseload.manager)
            if name == "Callum Mate"] == [("core_group", "Core group: due 20 February 2026")]
    b.core_group(plan, D(2026, 2, 19))
    assert [k for k, name, _ in drift(caseload.manager) if name == "Callum Mate"] == []


def test_a_visit_where_the_child_was_not_seen_does_not_stop_the_drift(caseload):
    caseload.mates.closed_on = D(2025, 12, 31)
    caseload.mates.save()
    ep, _, plan = b.on_plan(caseload.mates_child, caseload.mate, icpc_on=D(2026, 1, 12),
                            first_core_group_on=D(2026, 1, 26))
    b.visit(ep, D(2026, 2, 25), p=plan, seen=False)
    assert any(k == "visit" and name == "Callum Mate"
               for k, name, _ in drift(caseload.manager))


def test_an_initial_conference_held_without_a_first_core_group_date_is_drift(caseload):
    caseload.mates.closed_on = D(2025, 12, 31)
    caseload.mates.save()
    b.on_plan(caseload.mates_child, caseload.mate, icpc_on=D(2026, 2, 26))
    assert ("core_group_date", "Callum Mate", "Conference held 26 February 2026") in drift(
        caseload.manager)


def test_a_conference_that_decided_on_no_plan_needs_no_core_group(caseload):
    ep = caseload.mates
    b.conference(ep, held_on=D(2026, 2, 26), decision="no_plan")
    assert not any(k == "core_group_date" for k, _, _ in drift(caseload.manager))


def test_an_unallocated_case_is_drift(caseload, world):
    ep = caseload.mates
    ep.worker = None
    ep.save()
    InvolvementFactory(person=caseload.mates_child, agency=world.csc)
    assert ("unallocated", "Callum Mate", "Referral received 2 February 2026") in drift(
        caseload.manager)


def test_drift_is_in_order_of_kind_then_how_long_ago(caseload):
    kinds = [d.kind for d in drift_for_team(actor=caseload.manager)]
    assert kinds == sorted(kinds, key=list(DriftKind).index)


def test_drift_keeps_to_the_team_and_to_children_the_manager_may_see(caseload):
    seen = {name for _, name, _ in drift(caseload.manager)}
    assert not seen & {"Dylan Otherteam", "Hidden Sealedchild"}
    assert {name for _, name, _ in drift(caseload.other_manager)} == {"Dylan Otherteam"}


def test_only_managers_see_drift(caseload):
    with pytest.raises(AccessDenied):
        drift_for_team(actor=caseload.sw)


def test_reading_drift_records_whom_it_showed(caseload, world):
    assert [d.child_ref for d in drift_for_team(actor=caseload.manager)] == [world.child.ref]
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.detail) == ("worklist.team", {
        "worklist": "drift", "children": 3, "people": [str(world.child.ref)]})
