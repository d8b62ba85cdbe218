"""Relationships between people, and agencies' involvement with a child."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike, check_record_access
from everychild.core import clock

from ..models import (
    Involvement,
    InvolvementRole,
    Person,
    Relationship,
    RelationshipKind,
)
from ..relationships import relationships_to_person
from ..selectors import person_access
from ._validation import (
    _agency_is_active,
    _choice,
    _end_once,
    _Errors,
    _must_see,
    _text,
    _too_long,
)


def relationship_add(*, actor: StaffLike, person: Person, related: Person, kind: str,
                     started: dt.date | None = None, note: str = "") -> Relationship:
    """Record '<person> is the <kind> of <related>'."""
    relationships = relationships_to_person(actor, person) | relationships_to_person(actor,
                                                                                      related)
    check_record_access(actor, "relationship.edit", target_type="person",
                        target_id=str(person.ref), relationships=relationships,
                        sealed=person.sealed or related.sealed)
    _must_see(actor, person, "person")
    _must_see(actor, related, "related")
    errors = _Errors()
    _choice(errors, "kind", kind, RelationshipKind, "Select how these two people are related")
    if person.pk == related.pk:
        errors.add("related", "A person cannot be related to themselves")
    if started and started > clock.today():
        errors.add("started", "The date must be today or in the past")
    if Relationship.objects.filter(person=person, related=related, kind=kind,
                                   ended__isnull=True).exists():
        errors.add("kind", "This relationship is already recorded")
    note = _text(note)
    _too_long(errors, "note", note, 300)
    errors.raise_if_any()
    with transaction.atomic():
        rel = Relationship.objects.create(person=person, related=related, kind=kind,
                                          started=started, note=note,
                                          recorded_at=clock.now(), recorded_by_id=actor.pk)
        audit_record(actor=actor, action="relationship.add", target_type="person",
                     target_id=person.ref,
                     detail={"related": str(related.ref), "kind": kind})
    return rel


def relationship_end(*, actor: StaffLike, relationship: Relationship,
                     ended: dt.date | None) -> Relationship:
    relationships = (relationships_to_person(actor, relationship.person)
                     | relationships_to_person(actor, relationship.related))
    check_record_access(actor, "relationship.edit", target_type="person",
                        target_id=str(relationship.person.ref), relationships=relationships,
                        sealed=relationship.person.sealed or relationship.related.sealed)
    errors = _Errors()
    if relationship.ended is not None:
        errors.add("ended", "This relationship has already ended")
    elif ended is None:
        errors.add("ended", "Enter the date the relationship ended")
    elif ended > clock.today():
        errors.add("ended", "The date must be today or in the past")
    elif relationship.started and ended < relationship.started:
        errors.add("ended", "The date it ended must be on or after the date it started")
    errors.raise_if_any()
    with transaction.atomic():
        _end_once(Relationship.objects.filter(pk=relationship.pk), ended, "relationship")
        audit_record(actor=actor, action="relationship.end", target_type="person",
                     target_id=relationship.person.ref,
                     detail={"related": str(relationship.related.ref), "ended": ended})
    relationship.refresh_from_db()
    return relationship


# ------------------------------------------------------------------ involvement
def involvement_add(*, actor: StaffLike, person: Person, agency_id: int | None,
                    staff_id: int | None, role: str, started: dt.date | None) -> Involvement:
    """Record that an agency (and optionally a named worker) is involved with a child."""
    person_access(actor=actor, person=person, action="involvement.edit")
    errors = _Errors()
    _choice(errors, "role", role, InvolvementRole, "Select the kind of involvement")
    staff = None
    if staff_id is not None:
        staff = get_user_model().objects.filter(pk=staff_id, is_active=True).first()
        if staff is None:
            errors.add("staff", "Select a worker who is still active")
        elif agency_id is not None and staff.agency_id != agency_id:
            errors.add("staff", "The worker must belong to the agency you selected")
        else:
            agency_id = staff.agency_id
    if agency_id is None:
        errors.add("agency", "Select the agency that is involved")
    if role != InvolvementRole.AGENCY and staff_id is None:
        errors.add("staff", "Select the worker (or choose 'Agency involved')")
    if started is None:
        errors.add("started", "Enter the date the involvement started")
    elif started > clock.today():
        errors.add("started", "The start date must be today or in the past")
    errors.raise_if_any()
    if not _agency_is_active(agency_id):
        errors.add("agency", "Select an agency that is still active")
        errors.raise_if_any()
    assert started is not None and agency_id is not None
    with transaction.atomic():
        involvement = Involvement.objects.create(
            person=person, agency_id=agency_id, staff_id=staff.pk if staff else None, role=role,
            started=started, recorded_at=clock.now(), recorded_by_id=actor.pk)
        audit_record(actor=actor, action="involvement.add", target_type="person",
                     target_id=person.ref,
                     detail={"agency": agency_id, "staff": staff.pk if staff else None,
                             "role": role, "started": started})
    return involvement


def involvement_end(*, actor: StaffLike, involvement: Involvement,
                    ended: dt.date | None) -> Involvement:
    person_access(actor=actor, person=involvement.person, action="involvement.edit")
    errors = _Errors()
    if involvement.ended is not None:
        errors.add("ended", "This involvement has already ended")
    elif ended is None:
        errors.add("ended", "Enter the date the involvement ended")
    elif ended < involvement.started or ended > clock.today():
        errors.add("ended", "The end date must be between the start date and today")
    errors.raise_if_any()
    with transaction.atomic():
        _end_once(Involvement.objects.filter(pk=involvement.pk), ended, "involvement")
        audit_record(actor=actor, action="involvement.end", target_type="person",
                     target_id=involvement.person.ref,
                     detail={"involvement": involvement.pk, "ended": ended})
    involvement.refresh_from_db()
    return involvement
