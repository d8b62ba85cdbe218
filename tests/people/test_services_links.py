"""Relationships between people and the agencies involved with a child."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from everychild.access.models import AuditEvent
from everychild.core.errors import AccessDenied, NotFound, ValidationFailed
from everychild.people.models import Involvement, InvolvementRole, Person, Relationship
from everychild.people.services import (
    PersonInput,
    involvement_add,
    involvement_end,
    person_create,
    relationship_add,
    relationship_end,
)

from ..factories import AgencyFactory, InvolvementFactory, PersonFactory, StaffFactory
from .service_checks import days_from_today, last_seq, one_entry_since, refused_unchanged

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int]:
    return Relationship.objects.count(), Involvement.objects.count(), AuditEvent.objects.count()




def refused(exc_type: type[Exception], call: Callable[[], object]) -> Exception:
    return refused_unchanged(counts, exc_type, call)


_days = days_from_today


@pytest.fixture
def father(world) -> Person:
    """An adult the social worker recorded, so they may open his record and link him."""
    return person_create(actor=world.social_worker, data=PersonInput(
        kind="adult", given_name="Manning", family_name="Carl",
        date_of_birth=dt.date(1988, 3, 3)))


# ================================================================== relationship_add
def test_a_relationship_is_recorded_with_one_entry(world, father):
    seq = last_seq()
    rel = relationship_add(actor=world.social_worker, person=father, related=world.child,
                           kind="parent", started=dt.date(2017, 11, 2), note=" birth father ")
    assert (rel.person_id, rel.related_id, rel.kind, rel.note) == (
        father.pk, world.child.pk, "parent", "birth father")
    entry = one_entry_since(seq, "relationship.add")
    assert entry.detail == {"related": str(world.child.ref), "kind": "parent"}


def test_nobody_is_related_to_themselves(world):
    error = refused(ValidationFailed, lambda: relationship_add(
        actor=world.social_worker, person=world.child, related=world.child, kind="sibling"))
    assert error.errors["related"] == ["A person cannot be related to themselves"]


def test_the_same_relationship_is_not_recorded_twice(world, father):
    relationship_add(actor=world.social_worker, person=father, related=world.child,
                     kind="parent")
    error = refused(ValidationFailed, lambda: relationship_add(
        actor=world.social_worker, person=father, related=world.child, kind="parent"))
    assert error.errors["kind"] == ["This relationship is already recorded"]


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"started": _days(1)}, "started"), ({"kind": "nemesis"}, "kind"),
    ({"note": "n" * 301}, "note"),
])
def test_relationship_rules(world, father, kwargs, field):
    error = refused(ValidationFailed, lambda: relationship_add(**{
        "actor": world.social_worker, "person": father, "related": world.child,
        "kind": "parent", **kwargs}))
    assert field in error.errors


def test_recording_a_relationship_needs_a_relationship_to_one_of_them(world):
    stranger, stranger_child = PersonFactory(kind="adult"), PersonFactory()
    refused(AccessDenied, lambda: relationship_add(
        actor=world.social_worker, person=stranger, related=stranger_child, kind="parent"))


def test_a_relationship_with_a_sealed_person_is_not_found(world, father):
    refused(NotFound, lambda: relationship_add(
        actor=world.social_worker, person=father, related=world.sealed_child, kind="parent"))


# ================================================================== relationship_end
@pytest.fixture
def fatherhood(world, father) -> Relationship:
    return relationship_add(actor=world.social_worker, person=father, related=world.child,
                            kind="step_parent", started=dt.date(2020, 1, 1))


def test_ending_a_relationship_writes_one_entry(world, fatherhood):
    seq = last_seq()
    assert relationship_end(actor=world.social_worker, relationship=fatherhood,
                            ended=_days(0)).ended == _days(0)
    one_entry_since(seq, "relationship.end")


@pytest.mark.parametrize(("ended", "message"), [
    (None, "Enter the date the relationship ended"),
    (_days(1), "today or in the past"),
    (dt.date(2019, 12, 31), "on or after the date it started"),
])
def test_relationship_end_rules(world, fatherhood, ended, message):
    error = refused(ValidationFailed, lambda: relationship_end(
        actor=world.social_worker, relationship=fatherhood, ended=ended))
    assert message in error.errors["ended"][0]


def test_an_ended_relationship_cannot_end_again(world, fatherhood):
    relationship_end(actor=world.social_worker, relationship=fatherhood, ended=_days(-1))
    refused(ValidationFailed, lambda: relationship_end(
        actor=world.social_worker, relationship=fatherhood, ended=_days(0)))


def test_ending_a_relationship_needs_permission(world, fatherhood):
    refused(AccessDenied, lambda: relationship_end(
        actor=world.users["police_investigator"], relationship=fatherhood, ended=_days(0)))


# ================================================================== involvement_add
def test_a_worker_is_allocated_and_their_agency_recorded_with_one_entry(world):
    colleague = StaffFactory(role="social_worker", agency=world.csc, team=world.team_a)
    seq = last_seq()
    involvement = involvement_add(actor=world.social_worker, person=world.child,
                                  agency_id=None, staff_id=colleague.pk,
                                  role="key_worker", started=_days(-2))
    assert (involvement.agency_id, involvement.staff_id, involvement.role) == (
        world.csc.pk, colleague.pk, "key_worker")
    entry = one_entry_since(seq, "involvement.add")
    assert entry.detail == {"agency": world.csc.pk, "staff": colleague.pk, "role": "key_worker",
                            "started": _days(-2).isoformat()}


def test_an_agency_is_recorded_as_involved_without_a_worker(world):
    assert involvement_add(actor=world.social_worker, person=world.child,
                           agency_id=world.police.pk, staff_id=None, role="agency",
                           started=_days(0)).staff_id is None


def add(world, **overrides):
    kwargs = {"actor": world.social_worker, "person": world.child, "agency_id": world.csc.pk,
              "staff_id": world.social_worker.pk, "role": "practitioner",
              "started": _days(-1), **overrides}
    return lambda: involvement_add(**kwargs)


def test_a_worker_from_another_agency_is_refused(world):
    error = refused(ValidationFailed, add(world, agency_id=world.school.pk))
    assert error.errors["staff"] == ["The worker must belong to the agency you selected"]


def test_an_inactive_worker_is_refused(world):
    leaver = StaffFactory(agency=world.csc, is_active=False)
    error = refused(ValidationFailed, add(world, staff_id=leaver.pk))
    assert error.errors["staff"] == ["Select a worker who is still active"]
    refused(ValidationFailed, add(world, staff_id=999_999))


def test_a_named_role_needs_a_worker(world):
    error = refused(ValidationFailed, add(world, staff_id=None, role="lead_professional"))
    assert error.errors["staff"] == ["Select the worker (or choose 'Agency involved')"]


def test_an_agency_is_required_and_must_be_active(world):
    error = refused(ValidationFailed, add(world, staff_id=None, agency_id=None, role="agency"))
    assert error.errors["agency"] == ["Select the agency that is involved"]
    closed = AgencyFactory(active=False)
    error = refused(ValidationFailed, add(world, staff_id=None, agency_id=closed.pk,
                                          role="agency"))
    assert error.errors["agency"] == ["Select an agency that is still active"]
    refused(ValidationFailed, add(world, staff_id=None, agency_id=999_999, role="agency"))
    worker_of_closed = StaffFactory(agency=closed)
    refused(ValidationFailed, add(world, agency_id=None, staff_id=worker_of_closed.pk))


@pytest.mark.parametrize(("started", "message"), [
    (None, "Enter the date the involvement started"), (_days(1), "today or in the past")])
def test_involvement_start_rules(world, started, message):
    error = refused(ValidationFailed, add(world, started=started))
    assert message in error.errors["started"][0]


def test_an_unknown_kind_of_involvement_is_refused(world):
    assert "role" in refused(ValidationFailed, add(world, role="boss")).errors


def test_adding_an_involvement_needs_permission(world):
    refused(AccessDenied, add(world, actor=world.users["police_investigator"],
                              agency_id=world.police.pk, staff_id=None, role="agency"))
    refused(AccessDenied, add(world, actor=world.users["inspector"]))


# ================================================================== involvement_end
@pytest.fixture
def school_involvement(world) -> Involvement:
    return Involvement.objects.get(person=world.child, agency=world.school)


def test_ending_an_involvement_writes_one_entry(world, school_involvement):
    seq = last_seq()
    ended = involvement_end(actor=world.social_worker, involvement=school_involvement,
                            ended=_days(0))
    assert ended.ended == _days(0)
    entry = one_entry_since(seq, "involvement.end")
    assert entry.detail == {"involvement": school_involvement.pk, "ended": _days(0).isoformat()}


@pytest.mark.parametrize(("ended", "message"), [
    (None, "Enter the date the involvement ended"),
    (dt.date(2023, 12, 31), "between the start date and today"),
    (_days(1), "between the start date and today"),
])
def test_involvement_end_rules(world, school_involvement, ended, message):
    error = refused(ValidationFailed, lambda: involvement_end(
        actor=world.social_worker, involvement=school_involvement, ended=ended))
    assert message in error.errors["ended"][0]


def test_an_ended_involvement_cannot_end_again(world, school_involvement):
    involvement_end(actor=world.social_worker, involvement=school_involvement, ended=_days(0))
    refused(ValidationFailed, lambda: involvement_end(
        actor=world.social_worker, involvement=school_involvement, ended=_days(0)))


def test_ending_the_last_involvement_ends_the_agencys_access(world):
    dsl = world.users["designated_safeguarding_lead"]
    involvement = InvolvementFactory(person=world.child, agency=world.school, staff=dsl,
                                     role=InvolvementRole.LEAD_PROFESSIONAL)
    for inv in Involvement.objects.filter(person=world.child, agency=world.school):
        involvement_end(actor=dsl, involvement=inv, ended=_days(0))
    involvement.refresh_from_db()
    assert involvement.ended == _days(0)
    refused(AccessDenied, lambda: involvement_end(actor=dsl, involvement=involvement,
                                                  ended=_days(0)))
