"""Linking the people on a referral to the records they turn out to be."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike, check_action, may_see_sealed
from everychild.core import clock
from everychild.core.errors import NotFound, ValidationFailed
from everychild.people.matching import Candidate, find_candidates
from everychild.people.models import OtherNameKind, Person, PersonKind
from everychild.people.services import PersonInput, other_name_add, person_create

from ..entries import full_date
from ..identity import matches_for, probe_for
from ..models import MatchStatus, Referral, ReferralPerson, Status
from ._common import bump, locked, require_status

OPEN = (Status.RECEIVED, Status.AWAITING_SIGN_OFF)


def match_on_receipt(rp: ReferralPerson) -> None:
    """Link automatically only when the matcher is sure and no sealed record is in play;
    otherwise leave it for the front door (or a specialist) to decide."""
    found = matches_for(rp, actor=None)
    if found.needs_specialist:
        rp.match_status = MatchStatus.SPECIALIST
        rp.save(update_fields=["match_status"])
    elif found.decision == "auto":
        best = found.shown[0]
        _set_link(rp, best.person, best.candidate, by=None)


def _set_link(rp: ReferralPerson, person: Person, candidate: Candidate | None,
              *, by: StaffLike | None, status: str = MatchStatus.LINKED) -> None:
    rp.person = person
    rp.match_status = status
    rp.match_score = candidate.score if candidate else None
    rp.match_reasons = list(candidate.reasons) if candidate else []
    rp.matched_by_id = by.pk if by is not None else None
    rp.matched_at = clock.now()
    rp.save(update_fields=["person", "match_status", "match_score", "match_reasons",
                           "matched_by", "matched_at"])


def _score_against(rp: ReferralPerson, person: Person) -> Candidate | None:
    for c in find_candidates(probe_for(rp), limit=25):
        if c.person_id == person.pk:
            return c
    return None


def _person_on(referral: Referral, entry_id: int) -> ReferralPerson:
    try:
        return referral.people.select_related("referral").get(pk=entry_id)
    except ReferralPerson.DoesNotExist:
        raise NotFound("That person is not on this referral") from None


def referral_person_link(*, actor: StaffLike, referral: Referral, entry_id: int,
                         person: Person, version: int | None) -> ReferralPerson:
    """The front door decides that someone on the referral is a person already known."""
    check_action(actor, "referral.triage")
    if person.merged_into_id is not None:
        raise ValidationFailed(errors={"person": ["That record was merged into another: link "
                                                  "to the record it was merged into"]})
    if person.sealed and not may_see_sealed(actor):
        raise NotFound("No record was found")
    with transaction.atomic():
        current = locked(referral, version=version)
        require_status(current, OPEN, "This referral's decision has been signed off; it can "
                       "no longer be changed")
        rp = _person_on(current, entry_id)
        if rp.match_status == MatchStatus.SPECIALIST and not may_see_sealed(actor):
            raise ValidationFailed(errors={"person": [
                "A specialist must review this person before they are linked"]})
        if rp.is_child != (person.kind == PersonKind.CHILD):
            raise ValidationFailed(errors={"person": [
                f"{rp.full_name} is recorded on the referral as "
                f"{'a child' if rp.is_child else 'an adult'}; choose a matching record"]})
        taken = current.people.filter(person=person).exclude(pk=rp.pk).first()
        if taken is not None:
            raise ValidationFailed(errors={"person": [
                f"That record is already linked to {taken.full_name} on this referral"]})
        _set_link(rp, person, _score_against(rp, person), by=actor)
        bump(current)
        audit_record(actor=actor, action="referral.match", target_type="referral",
                     target_id=current.ref, detail={"referral_person": rp.pk,
                                                    "person": str(person.ref),
                                                    "score": rp.match_score})
    return rp


def _person_input(rp: ReferralPerson) -> PersonInput:
    return PersonInput(
        kind=PersonKind.CHILD if rp.is_child else PersonKind.ADULT,
        given_name="" if rp.given_name.lower() in ("baby", "unborn", "unknown") else rp.given_name,
        family_name=rp.family_name or "Unknown", sex=rp.sex or "U",
        date_of_birth=full_date(rp.date_of_birth),
        expected_date_of_birth=rp.expected_date_of_birth,
        nhs_number=rp.nhs_number, upn=rp.upn,
    )


def referral_person_create_record(*, actor: StaffLike, referral: Referral, entry_id: int,
                                  version: int | None) -> ReferralPerson:
    """Nobody known matches: record the person as new, with the names they are also
    known by, so the next referral finds them."""
    check_action(actor, "referral.triage")
    with transaction.atomic():
        current = locked(referral, version=version)
        require_status(current, OPEN, "This referral's decision has been signed off; it can "
                       "no longer be changed")
        rp = _person_on(current, entry_id)
        if rp.match_status == MatchStatus.SPECIALIST and not may_see_sealed(actor):
            raise ValidationFailed(errors={"person": [
                "A specialist must review this person before a record is made"]})
        if rp.person_id is not None:
            raise ValidationFailed(errors={"person": [
                f"{rp.full_name} is already linked to a record"]})
        person = person_create(actor=actor, data=_person_input(rp))
        for given, family in rp.other_names:
            other_name_add(actor=actor, person=person, kind=OtherNameKind.ALIAS,
                           given_name=given, family_name=family,
                           note=f"Given on referral {current.reference}")
        _set_link(rp, person, None, by=actor, status=MatchStatus.NEW_RECORD)
        bump(current)
        audit_record(actor=actor, action="referral.match", target_type="referral",
                     target_id=current.ref, detail={"referral_person": rp.pk,
                                                    "person": str(person.ref), "new": True})
    return rp


def referral_person_specialist_resolve(*, actor: StaffLike, referral: Referral, entry_id: int,
                                       person: Person | None, version: int | None,
                                       note: str = "") -> ReferralPerson:
    """A specialist who may see sealed records settles a sealed match: either it is that
    sealed person (linked, and the front door sees only that a specialist linked them), or
    it is not (the front door then matches as usual, without the sealed record)."""
    check_action(actor, "referral.specialist_review")
    with transaction.atomic():
        current = locked(referral, version=version)
        require_status(current, OPEN, "This referral's decision has been signed off")
        rp = _person_on(current, entry_id)
        if rp.match_status != MatchStatus.SPECIALIST:
            raise ValidationFailed(errors={"person": [
                "This person is not waiting for a specialist review"]})
        detail: dict[str, Any] = {"referral_person": rp.pk, "note": note[:500]}
        if person is not None:
            _set_link(rp, person, _score_against(rp, person), by=actor)
            detail["person"] = str(person.ref)
        else:
            rp.match_status = MatchStatus.PENDING
            rp.specialist_cleared_at = clock.now()
            rp.specialist_cleared_by_id = actor.pk
            rp.save(update_fields=["match_status", "specialist_cleared_at",
                                   "specialist_cleared_by"])
        bump(current)
        audit_record(actor=actor, action="referral.specialist_review", target_type="referral",
                     target_id=current.ref, detail=detail)
    return rp
