"""`everychild demo_users`: one account per role, with real relationships to synthetic
children, reset (never duplicated) when run again."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from everychild.access.models import AuditEvent
from everychild.access.policy import policy
from everychild.agencies.models import Staff
from everychild.core.errors import NotFound
from everychild.people.models import Involvement, InvolvementRole, Person
from everychild.people.selectors import person_record, person_search
from everychild.synth.demo import DEMO_PASSWORD, URL, USERNAMES

from .helpers import synth

pytestmark = pytest.mark.django_db


def demo_users() -> str:
    out = io.StringIO()
    call_command("demo_users", stdout=out)
    return out.getvalue()


def account(role: str) -> Staff:
    return Staff.objects.get(username=USERNAMES[role])


def caseload(staff: Staff) -> list[Involvement]:
    return list(Involvement.objects.filter(
        staff=staff, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER, ended__isnull=True)
        .select_related("person").order_by("person_id"))


@pytest.fixture
def authority(db):
    synth(400, 1)


def test_refuses_clearly_before_synth_has_run(db):
    with pytest.raises(CommandError, match="run `everychild synth"):
        demo_users()
    assert not Staff.objects.exists()


def test_one_account_per_role_all_with_the_printed_password(authority):
    out = demo_users()
    accounts = Staff.objects.filter(username__endswith=".demo")
    assert sorted(a.role for a in accounts) == sorted(policy().roles)
    for staff in accounts:
        assert staff.check_password(DEMO_PASSWORD)
        assert staff.is_active and not staff.is_superuser
        assert staff.username in out
    assert DEMO_PASSWORD in out and URL in out
    for label in ("Username", "Role", "Agency", "What they can see"):
        assert label in out


def test_running_again_resets_the_accounts_and_duplicates_nothing(authority):
    demo_users()
    sw = account("social_worker")
    allocated = [i.person_id for i in caseload(sw)]
    involvements, staff = Involvement.objects.count(), Staff.objects.count()
    sw.set_password("someone-changed-it-1")
    sw.is_active = False
    sw.save()

    demo_users()

    sw.refresh_from_db()
    assert sw.check_password(DEMO_PASSWORD) and sw.is_active
    assert [i.person_id for i in caseload(sw)] == allocated
    assert Involvement.objects.count() == involvements
    assert Staff.objects.count() == staff


def test_the_social_worker_is_allocated_about_fifteen_children_and_can_open_them(authority):
    demo_users()
    sw = account("social_worker")
    mine = caseload(sw)
    assert 8 <= len(mine) <= 25
    for involvement in mine:
        record = person_record(actor=sw, ref=involvement.person.ref)
        assert "allocated" in record.access.relationships
    # The caseload was handed over from a synthetic colleague, through the services.
    handed_over = AuditEvent.objects.filter(action="involvement.add",
                                            actor_username="manager.demo")
    assert handed_over.count() == len(mine)
    assert not Involvement.objects.filter(
        person_id__in=[i.person_id for i in mine], ended__isnull=True,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER).exclude(staff=sw).exists()


def test_partner_accounts_are_where_the_social_workers_children_are(authority):
    demo_users()
    sw = account("social_worker")
    children = [i.person_id for i in caseload(sw)]
    manager = account("team_manager")
    assert manager.team_id == sw.team_id and manager.agency_id == sw.agency_id
    for role in ("designated_safeguarding_lead", "police_investigator", "health_practitioner"):
        staff = account(role)
        involved = Involvement.objects.filter(person_id__in=children, agency=staff.agency,
                                              ended__isnull=True)
        assert involved.exists(), f"{staff.username}'s agency is not involved with any"
        child = involved.select_related("person").first().person
        assert person_record(actor=staff, ref=child.ref).person == child


def test_only_the_privacy_officer_can_find_a_sealed_child(authority):
    demo_users()
    sealed = Person.objects.filter(sealed=True).order_by("pk").first()
    assert sealed is not None
    privacy = account("privacy_officer")
    assert person_record(actor=privacy, ref=sealed.ref).person == sealed
    assert sealed.pk in [h.person.pk for h in person_search(actor=privacy,
                                                             text=sealed.family_name)]
    for role in policy().roles:
        if role == "privacy_officer":
            continue
        staff = account(role)
        with pytest.raises(NotFound):
            person_record(actor=staff, ref=sealed.ref)
    sw = account("social_worker")
    assert sealed.pk not in [h.person.pk for h in person_search(actor=sw,
                                                                 text=sealed.family_name)]
