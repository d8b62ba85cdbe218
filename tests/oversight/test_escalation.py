"""Escalation: a manager is told once, by e-mail through the outbox, when an item goes
overdue; a second run, or two at once, sends nothing more."""

from __future__ import annotations

import datetime as dt
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from everychild import cli
from everychild.access.models import AuditEvent
from everychild.casework.models import Episode
from everychild.outbox.models import Message
from everychild.oversight.models import Escalation
from everychild.oversight.services import escalate_overdue

from ..factories import AgencyFactory, StaffFactory, TeamFactory
from . import builders as b
from .conftest import NOW

D = dt.date


def sent() -> list[tuple[str, str]]:
    return sorted(Message.objects.values_list("to", "subject"))


@pytest.mark.django_db
def test_each_overdue_item_is_escalated_once_to_the_teams_managers(caseload, world):
    run = escalate_overdue(now=NOW)
    # Amelia's assessment (team A) and Dylan's (team B): each to their own team's manager.
    assert (run.escalated, run.emails) == (2, 2)
    assert sent() == sorted([
        (caseload.manager.email, "Everychild: overdue for a child in your team: Single assessment"),
        (caseload.other_manager.email,
         "Everychild: overdue for a child in your team: Single assessment"),
    ])
    escalation = Escalation.objects.get(episode=caseload.overdue)
    assessment = caseload.overdue.assessments.get()
    assert (escalation.item_key, escalation.due_on, escalation.manager) == (
        f"assessment:{assessment.pk}", D(2026, 2, 5), caseload.manager)
    assert escalation.escalated_at == NOW

    again = escalate_overdue(now=NOW)
    assert (again.escalated, again.emails) == (0, 0)
    assert Message.objects.count() == 2 and Escalation.objects.count() == 2


@pytest.mark.django_db
def test_the_email_names_no_child_and_links_to_the_managers_overdue_page(caseload, world):
    escalate_overdue(now=NOW)
    message = Message.objects.get(to=caseload.manager.email)
    assert "Amelia" not in message.body and "Osei" not in message.body
    assert "due on 5 February 2026" in message.body
    assert "/worklists/overdue/" in message.body
    assert message.about_ref == str(world.child.ref)
    event = AuditEvent.objects.filter(action="escalation.raise").get(target_id=str(world.child.ref))
    assert event.actor_id is None and event.detail["managers"] == [caseload.manager.pk]


@pytest.mark.django_db
def test_no_email_about_a_child_the_manager_may_not_see(caseload):
    # The sealed child is overdue too, in team A, but the team's manager may not read
    # a sealed record: nobody is told, nothing is recorded, and the next run tries again.
    run = escalate_overdue(now=NOW)
    assert run.without_manager == 1
    assert not Escalation.objects.filter(episode__child__given_name="Hidden").exists()


@pytest.mark.django_db
def test_items_not_yet_overdue_done_or_closed_are_not_escalated(caseload):
    caseload.overdue.assessments.update(completed_on=D(2026, 2, 27))
    Episode.objects.filter(child=caseload.b_child).update(closed_on=D(2026, 2, 27),
                                                          closure_reason="RC8")
    run = escalate_overdue(now=NOW)
    assert (run.escalated, run.emails) == (0, 0)  # Bella's is due soon, Callum's on track


@pytest.mark.django_db
def test_a_case_without_a_team_goes_to_the_managers_of_the_workers_agency(world):
    agency = world.csc
    worker = StaffFactory(role="social_worker", agency=agency, team=None)
    elsewhere = StaffFactory(role="team_manager", agency=agency, team=TeamFactory(agency=agency))
    StaffFactory(role="team_manager", agency=AgencyFactory())  # another agency's
    child = b.child_allocated_to(worker)
    b.assessment(b.episode(child, referral_date=D(2025, 12, 1), worker=worker, team=None),
                 "single", D(2025, 12, 1))
    escalate_overdue(now=NOW)
    assert [to for to, _ in sent()] == sorted([world.users["team_manager"].email,
                                               elsewhere.email])


@pytest.mark.django_db
def test_an_item_with_no_manager_is_escalated_once_one_is_appointed(world):
    agency = AgencyFactory()
    team = TeamFactory(agency=agency)
    worker = StaffFactory(role="social_worker", agency=agency, team=team)
    child = b.child_allocated_to(worker)
    b.assessment(b.episode(child, referral_date=D(2025, 12, 1), worker=worker),
                 "single", D(2025, 12, 1))
    assert escalate_overdue(now=NOW).without_manager == 1
    assert not Escalation.objects.exists()
    manager = StaffFactory(role="team_manager", agency=agency, team=team)
    assert escalate_overdue(now=NOW).emails == 1
    assert sent()[0][0] == manager.email


@pytest.mark.django_db
def test_a_visit_missed_again_after_the_last_one_is_escalated_again(world):
    manager = world.users["team_manager"]
    child = b.child_allocated_to(world.social_worker)
    ep, _, plan = b.on_plan(child, world.social_worker, icpc_on=D(2026, 1, 5),
                            first_core_group_on=D(2026, 1, 12))
    for held_on in (D(2026, 1, 12), D(2026, 2, 6)):
        b.core_group(plan, held_on)
    b.visit(ep, D(2026, 1, 19), p=plan)  # next due 2 February: missed
    escalate_overdue(now=NOW)
    assert list(Escalation.objects.values_list("what", flat=True)) == ["Statutory visit"]
    b.visit(ep, D(2026, 2, 3), p=plan)  # late; the next is due 17 February: missed too
    escalate_overdue(now=NOW)
    assert Escalation.objects.count() == 2
    assert [to for to, _ in sent()] == [manager.email, manager.email]


@pytest.mark.django_db
def test_the_command_escalates_and_says_how_many(caseload):
    out = StringIO()
    call_command("oversight_escalate", stdout=out)
    assert "Escalated 2 overdue items (2 e-mails); 1 with no manager to tell" in out.getvalue()
    out = StringIO()
    call_command("oversight_escalate", stdout=out)
    assert "Escalation stopped; 0 escalated" in out.getvalue()
    assert Message.objects.count() == 2
    assert cli.ALIASES[("oversight", "escalate")] == "oversight_escalate"


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_email_once(live_db, world):
    child = b.child_allocated_to(world.social_worker, given_name="Concurrent")
    b.assessment(b.episode(child, referral_date=D(2025, 12, 1), worker=world.social_worker),
                 "single", D(2025, 12, 1))
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            escalate_overdue(now=NOW)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert Escalation.objects.count() == 1
    assert Message.objects.count() == 1
