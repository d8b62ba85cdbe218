"""After a demo-sized run the front door has work: referrals waiting to be matched, rated
and decided, among them the cases a demo needs to show; and the demo accounts include
the people who make and take referrals."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from everychild.agencies.models import AgencyKind, Staff
from everychild.people.matching import rebuild_all_match_keys
from everychild.people.models import OtherName, OtherNameKind, Person
from everychild.referrals.identity import matches_for
from everychild.referrals.models import (
    CHILD_ROLES,
    MatchStatus,
    Referral,
    ReferralPerson,
    Status,
)
from everychild.referrals.selectors import referral_queue
from everychild.synth.authority import CSC_TEAMS
from everychild.synth.demo import DEMO_PASSWORD, USERNAMES
from everychild.synth.referrals import MIN_QUEUE

from .helpers import synth

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def authority(django_db_setup, django_db_blocker):
    """`make demo`'s authority (3,000 children, seed 1), once for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        synth(3000, 1)
        rebuild_all_match_keys(progress=False)
        yield
        transaction.set_rollback(True)


def front_door_worker() -> Staff:
    return Staff.objects.filter(team__name=CSC_TEAMS["front_door"],
                                role="social_worker").order_by("pk").first()


def test_the_queue_has_referrals_waiting_with_the_cases_a_demo_needs(authority):
    items = referral_queue(actor=front_door_worker())
    assert len(items) >= MIN_QUEUE
    waiting = [i for i in items if i.referral.status == Status.RECEIVED]
    assert len(waiting) >= MIN_QUEUE // 2
    flags = {f for i in items for f in i.flags}
    assert {"Risk of significant harm", "Child under one", "Needs specialist review"} <= flags
    assert any(i.referral.rag == "red" for i in items)
    assert items[0].referral.rag == "red"
    assert any(i.referral.channel == "phone" and i.referral.needs_written_confirmation
               and i.referral.written_confirmation_at is None for i in waiting)
    assert any(i.referral.status == Status.AWAITING_SIGN_OFF for i in items)
    assert referral_queue(actor=front_door_worker(), show="awaiting_sign_off")
    for i in waiting:
        people = list(i.referral.people.all())
        assert people and all(p.person_id is None for p in people)
        assert {p.match_status for p in people} <= {MatchStatus.PENDING, MatchStatus.SPECIALIST}


def test_waiting_people_have_records_to_be_matched_with(authority):
    worker = front_door_worker()
    children = ReferralPerson.objects.filter(referral__status=Status.RECEIVED,
                                             role__in=CHILD_ROLES,
                                             match_status=MatchStatus.PENDING)
    assert children.count() >= MIN_QUEUE // 2
    found = sum(1 for rp in children.select_related("referral")
                if matches_for(rp, actor=worker).shown)
    assert found >= 0.6 * children.count()


def test_one_waiting_child_resembles_a_sealed_child_and_needs_a_specialist(authority):
    rp = ReferralPerson.objects.get(match_status=MatchStatus.SPECIALIST)
    assert rp.referral.status == Status.RECEIVED and rp.person_id is None
    birth_names = OtherName.objects.filter(kind=OtherNameKind.FORMER, person__sealed=True,
                                           family_name=rp.family_name,
                                           given_name=rp.given_name)
    sealed = Person.objects.get(pk__in=birth_names.values("person"),
                                date_of_birth=rp.date_of_birth)
    found = matches_for(rp, actor=front_door_worker())
    assert found.needs_specialist
    assert sealed.pk not in [m.person.pk for m in found.shown]


def test_demo_users_include_contact_centre_partner_and_school_accounts(authority):
    out = io.StringIO()
    call_command("demo_users", stdout=out)
    contact = Staff.objects.get(username=USERNAMES["contact_centre_officer"])
    assert contact.role == "contact_centre_officer"
    assert contact.team is not None and contact.team.name == CSC_TEAMS["contact_centre"]
    partner = Staff.objects.get(username=USERNAMES["partner_practitioner"])
    assert partner.role == "partner_practitioner"
    assert partner.agency.kind == AgencyKind.PROBATION
    dsl = Staff.objects.get(username=USERNAMES["designated_safeguarding_lead"])
    assert dsl.agency.kind == AgencyKind.SCHOOL
    for staff in (contact, partner, dsl):
        assert staff.check_password(DEMO_PASSWORD)
        assert staff.username in out.getvalue()
    open_referrals = Referral.objects.filter(status__in=(Status.RECEIVED,
                                                         Status.AWAITING_SIGN_OFF)).count()
    assert f"{open_referrals} referrals are in the front-door queue" in out.getvalue()
