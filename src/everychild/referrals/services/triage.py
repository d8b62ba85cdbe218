"""Triage at the front door: the rating, information asked of partner agencies, and the
written confirmation of a phoned-in referral."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike, check_action
from everychild.agencies.models import Agency
from everychild.core import clock
from everychild.core.errors import NotFound, ValidationFailed

from ..entries import MIN_REASON_LENGTH, text
from ..models import InformationRequest, Rag, RagChange, Referral
from . import notify
from ._common import bump, locked, require_status
from .matching import OPEN


def referral_rag_set(*, actor: StaffLike, referral: Referral, rag: str, reason: str,
                     version: int | None) -> Referral:
    check_action(actor, "referral.triage")
    reason = text(reason)
    errors: dict[str, list[str]] = {}
    if rag not in Rag.values:
        errors["rag"] = ["Select red, amber or green"]
    if len(reason) < MIN_REASON_LENGTH:
        errors["reason"] = ["Say why the rating should change"]
    if len(reason) > 500:
        errors["reason"] = ["Must be 500 characters or fewer"]
    if errors:
        raise ValidationFailed(errors=errors)
    with transaction.atomic():
        current = locked(referral, version=version)
        require_status(current, OPEN, "This referral's decision has been signed off")
        if current.rag == rag:
            raise ValidationFailed(errors={"rag": [f"The referral is already rated {rag}"]})
        RagChange.objects.create(referral=current, rag=rag, reason=reason,
                                 changed_by_id=actor.pk, changed_at=clock.now())
        previous = current.rag
        bump(current, rag=rag)
        audit_record(actor=actor, action="referral.rag", target_type="referral",
                     target_id=current.ref, reason=reason,
                     detail={"from": previous, "to": rag})
    return current


def information_request_add(*, actor: StaffLike, referral: Referral, agency_id: int | None,
                            question: str) -> InformationRequest:
    check_action(actor, "referral.triage")
    question = text(question)
    errors: dict[str, list[str]] = {}
    if not agency_id or not Agency.objects.filter(pk=agency_id, active=True).exists():
        errors["agency"] = ["Select the agency you asked"]
    if len(question) < 5:
        errors["question"] = ["Say what you asked the agency"]
    if len(question) > 2000:
        errors["question"] = ["Must be 2000 characters or fewer"]
    if errors:
        raise ValidationFailed(errors=errors)
    assert agency_id is not None
    with transaction.atomic():
        current = Referral.objects.select_for_update().get(pk=referral.pk)
        require_status(current, OPEN, "This referral's decision has been signed off")
        request = InformationRequest.objects.create(
            referral=current, agency_id=agency_id, question=question,
            requested_by_id=actor.pk, requested_at=clock.now())
        audit_record(actor=actor, action="referral.information_request",
                     target_type="referral", target_id=current.ref,
                     detail={"request": request.pk, "agency": agency_id})
    return request


def information_request_answer(*, actor: StaffLike, referral: Referral, request_id: int,
                               answer: str, answered_by_name: str,
                               answered_at: dt.datetime | None = None) -> InformationRequest:
    """Record what a partner agency said, who said it and when."""
    check_action(actor, "referral.triage")
    answer, answered_by_name = text(answer), text(answered_by_name)
    now = clock.now()
    answered_at = answered_at or now
    errors: dict[str, list[str]] = {}
    if not answer:
        errors["answer"] = ["Enter what the agency told you"]
    if not answered_by_name:
        errors["answered_by_name"] = ["Enter who answered, and their role"]
    if len(answered_by_name) > 200:
        errors["answered_by_name"] = ["Must be 200 characters or fewer"]
    if answered_at > now:
        errors["answered_at"] = ["The time answered cannot be in the future"]
    if errors:
        raise ValidationFailed(errors=errors)
    with transaction.atomic():
        request = (InformationRequest.objects.select_for_update()
                   .filter(pk=request_id, referral_id=referral.pk).first())
        if request is None:
            raise NotFound("That request for information is not on this referral")
        if request.answered_at is not None:
            raise ValidationFailed(errors={"answer": [
                f"{request.answered_by_name}'s answer is already recorded"]})
        if answered_at < request.requested_at:
            raise ValidationFailed(errors={"answered_at": [
                "The answer cannot come before the question was asked"]})
        request.answer, request.answered_by_name = answer, answered_by_name
        request.answered_at, request.recorded_by_id = answered_at, actor.pk
        request.save(update_fields=["answer", "answered_by_name", "answered_at", "recorded_by"])
        audit_record(actor=actor, action="referral.information_answer",
                     target_type="referral", target_id=referral.ref,
                     detail={"request": request.pk})
    return request


def referral_written_confirmation_record(*, actor: StaffLike, referral: Referral,
                                         version: int | None) -> Referral:
    """The referrer's written confirmation of a phone referral arrived: no more reminders."""
    check_action(actor, "referral.triage")
    with transaction.atomic():
        current = locked(referral, version=version)
        if not current.needs_written_confirmation:
            raise ValidationFailed(errors={"confirmation": [
                "This referral does not need written confirmation"]})
        if current.written_confirmation_at is not None:
            raise ValidationFailed(errors={"confirmation": [
                "Written confirmation has already been recorded"]})
        bump(current, written_confirmation_at=clock.now())
        notify.cancel_confirmation_reminder(current)
        audit_record(actor=actor, action="referral.written_confirmation",
                     target_type="referral", target_id=current.ref)
    return current
