"""Worklists: what each user sees, in what order, and what they must never see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from everychild.access.models import AuditEvent
from everychild.core.errors import AccessDenied
from everychild.oversight.selectors import (
    team_oversight,
    worklist_mine,
    worklist_overdue,
    worklist_team,
)

from ..factories import InvolvementFactory, PersonFactory, StaffFactory
from . import builders as b
from .conftest import TODAY

pytestmark = pytest.mark.django_db


def names(items) -> set[str]:
    return {w.child_name for w in items}


def test_my_worklist_holds_my_childrens_open_items_overdue_first(caseload, world):
    items = worklist_mine(actor=caseload.sw)
    assert [(w.child_name, w.what, w.standing) for w in items] == [
        ("Amelia Osei", "Single assessment", "overdue"),
        ("Bella Soon", "Single assessment", "due_soon"),
    ]
    first = items[0]
    assert first.due_on == dt.date(2026, 2, 5)  # 45 working days from 1 December 2025
    assert first.working_days_left == -17 and first.why == "Allocated worker"
    assert first.worker_name == caseload.sw.get_full_name()
    assert first.child_ref == world.child.ref
    assert items[1].working_days_left == 1


def test_my_worklist_leaves_out_other_workers_children_and_sealed_ones(caseload):
    seen = names(worklist_mine(actor=caseload.sw))
    assert "Callum Mate" not in seen  # a colleague's
    assert "Dylan Otherteam" not in seen  # another team's
    assert "Hidden Sealedchild" not in seen  # allocated, but sealed
    assert names(worklist_mine(actor=caseload.other)) == {"Dylan Otherteam"}


def test_social_care_lists_its_own_cases_with_no_involvement_recorded(caseload, world):
    # Social care reads its casework across the authority (decision 0013): a case
    # allocated to the worker is theirs to see, whoever else is involved.
    stranger = PersonFactory(given_name="Elsie", family_name="Stranger")
    InvolvementFactory(person=stranger, agency=world.gp)
    b.assessment(b.episode(stranger, referral_date=dt.date(2025, 11, 3), worker=caseload.sw),
                 "single", dt.date(2025, 11, 3))
    assert "Elsie Stranger" in names(worklist_mine(actor=caseload.sw))


def test_done_items_are_not_on_a_worklist(caseload):
    assessment = caseload.soon.assessments.get()
    assessment.completed_on = TODAY
    assessment.save()
    assert names(worklist_mine(actor=caseload.sw)) == {"Amelia Osei"}


def test_closed_episodes_leave_the_worklist(caseload):
    caseload.overdue.closed_on = TODAY
    caseload.overdue.closure_reason = "RC8"
    caseload.overdue.save()
    assert names(worklist_mine(actor=caseload.sw)) == {"Bella Soon"}


def test_a_key_worker_sees_the_plan_and_a_chair_only_their_conferences(caseload, world):
    chair = world.users["conference_chair"]
    key_worker = StaffFactory(username="kw", role="social_worker", agency=world.csc,
                              team=world.team_b)
    caseload.mates.closed_on = dt.date(2025, 12, 31)  # the earlier episode, now closed
    caseload.mates.save()
    _, _, plan = b.on_plan(caseload.mates_child, caseload.mate, icpc_on=dt.date(2026, 1, 5))
    plan.key_worker = key_worker
    plan.save()
    mine = worklist_mine(actor=key_worker)
    assert {w.what for w in mine} == {"First core group", "First review conference",
                                      "Statutory visit"}
    assert {w.why for w in mine} == {"Key worker"}
    # A strategy discussion about another child: the chair of the coming conference sees
    # its deadline, not the assessment.
    b.strategy(caseload.soon, dt.date(2026, 2, 20), by=caseload.sw)
    b.conference(caseload.soon, scheduled_for=dt.date(2026, 3, 10), chair=chair)
    chaired = worklist_mine(actor=chair)
    assert [(w.child_name, w.what, w.why) for w in chaired] == [
        ("Bella Soon", "Initial child protection conference", "Conference chair")]


def test_the_team_worklist_holds_the_teams_children_with_their_workers(caseload):
    items = worklist_team(actor=caseload.manager)
    assert [(w.child_name, w.standing) for w in items] == [
        ("Amelia Osei", "overdue"), ("Bella Soon", "due_soon"), ("Callum Mate", "on_track")]
    assert items[2].worker_name == "Priya Mate"
    assert names(worklist_team(actor=caseload.other_manager)) == {"Dylan Otherteam"}


def test_a_case_held_by_the_team_is_on_its_list_even_when_allocated_outside_it(caseload, world):
    ep = caseload.mates
    ep.worker = caseload.other  # allocated to a team B worker, still held by team A
    ep.team = world.team_a
    ep.save()
    InvolvementFactory(person=caseload.mates_child, agency=world.csc, staff=caseload.other)
    assert "Callum Mate" in names(worklist_team(actor=caseload.manager))
    assert "Callum Mate" in names(worklist_team(actor=caseload.other_manager))


def test_an_unallocated_case_of_the_team_is_listed_without_a_worker(caseload, world):
    ep = caseload.mates
    ep.worker = None
    ep.save()
    row = next(w for w in worklist_team(actor=caseload.manager) if w.child_name == "Callum Mate")
    assert row.worker_name == "" and row.worker_id is None


def test_the_overdue_view_is_only_what_is_overdue_or_due_soon(caseload):
    assert [(w.child_name, w.standing) for w in worklist_overdue(actor=caseload.manager)] == [
        ("Amelia Osei", "overdue"), ("Bella Soon", "due_soon")]


def test_a_manager_in_no_team_has_an_empty_team_list(caseload, world):
    loner = StaffFactory(role="team_manager", agency=world.csc, team=None)
    assert worklist_team(actor=loner) == []


@pytest.mark.parametrize("role", ["designated_safeguarding_lead", "police_investigator",
                                  "health_practitioner", "partner_practitioner", "inspector",
                                  "administrator", "contact_centre_officer"])
def test_roles_without_worklists_are_refused(caseload, world, role):
    with pytest.raises(AccessDenied):
        worklist_mine(actor=world.users[role])
    with pytest.raises(AccessDenied):
        worklist_team(actor=world.users[role])


def test_social_workers_and_chairs_have_no_team_view(caseload, world):
    for user in (caseload.sw, world.users["conference_chair"]):
        with pytest.raises(AccessDenied):
            worklist_team(actor=user)
        with pytest.raises(AccessDenied):
            worklist_overdue(actor=user)


def test_reading_a_worklist_is_audited_with_the_children_it_named(caseload, world):
    worklist_team(actor=caseload.manager)
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.actor_id, event.detail) == (
        "worklist.team", caseload.manager.pk,
        {"worklist": "team", "children": 3,
         "people": [str(world.child.ref), str(caseload.soon_child.ref),
                    str(caseload.mates_child.ref)]})


@pytest.mark.parametrize(("read", "which", "named"), [
    (worklist_mine, "mine", ("child", "soon_child")),
    (worklist_overdue, "overdue", ("child", "soon_child")),
])
def test_every_list_records_whom_it_showed(caseload, world, read, which, named):
    refs = {"child": world.child.ref, "soon_child": caseload.soon_child.ref}
    user = caseload.sw if which == "mine" else caseload.manager
    read(actor=user)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.detail["worklist"] == which
    assert event.detail["people"] == [str(refs[n]) for n in named]
    # Children read but not shown (nothing of theirs is due soon) are not named.
    assert str(caseload.mates_child.ref) not in event.detail["people"]


def test_the_overdue_page_records_whom_it_showed_once_each(caseload, world):
    oversight = team_oversight(actor=caseload.manager)
    assert oversight.drift  # Amelia is both late and drifting: named once
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.detail == {"worklist": "overdue", "children": 3,
                            "people": [str(world.child.ref), str(caseload.soon_child.ref)]}


def test_a_sealed_child_shown_is_audited_in_an_entry_of_its_own(caseload, world, monkeypatch):
    # Only a user with the sealed grant has a sealed child on a list; the audit log hides
    # entries naming a sealed record by their target, so the child gets one of those
    # rather than a place in the list of refs.
    from everychild.oversight.selectors import _common

    monkeypatch.setattr(_common, "may_see_sealed", lambda actor: True)
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    shown = worklist_mine(actor=caseload.sw)
    assert "Hidden Sealedchild" in names(shown)
    events = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
    listed = next(e for e in events if e.target_id == "")
    assert str(world.sealed_child.ref) not in listed.detail["people"]
    assert str(world.child.ref) in listed.detail["people"]
    own = next(e for e in events if e.target_id == str(world.sealed_child.ref))
    assert (own.action, own.target_type, own.detail) == (
        "worklist.own", "person", {"worklist": "mine"})


def test_a_team_list_takes_the_same_number_of_queries_for_10_or_40_cases(caseload, world):
    def grow(n: int) -> None:
        for i in range(n):
            child = b.child_allocated_to(caseload.mate, given_name=f"Extra{i}")
            ep = b.episode(child, referral_date=dt.date(2025, 12, 1), worker=caseload.mate)
            b.assessment(ep, "single", ep.referral_date)
            talk = b.strategy(ep, dt.date(2025, 12, 10), by=caseload.mate)
            icpc = b.conference(ep, held_on=dt.date(2025, 12, 20), decision="plan")
            plan = b.plan(ep, dt.date(2025, 12, 20), conference=icpc)
            b.core_group(plan, dt.date(2026, 1, 5))
            b.visit(ep, dt.date(2026, 1, 6), p=plan)
            b.enquiry(ep, talk, outcome="substantiated_conference")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            worklist_team(actor=caseload.manager)
        return len(queries)

    grow(7)
    count()  # the first read also reads the closure days, which are then kept a while
    small = count()
    grow(30)
    assert count() == small
