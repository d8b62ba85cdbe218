"""The decision on a referral and the manager's sign-off."""

from __future__ import annotations

from django.db import transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike, check_action
from everychild.core import clock
from everychild.core.errors import ValidationFailed

from .. import hooks
from ..entries import MIN_REASON_LENGTH, text
from ..models import Decision, DecisionStatus, MatchStatus, Outcome, Referral, Status
from . import notify
from ._common import bump, locked, require_status


def _unresolved(referral: Referral) -> list[str]:
    """People on the referral not yet linked to a record: a decision about a family the
    system cannot find again would repeat the 'isolated incident' failure."""
    out = []
    for rp in referral.people.all():
        if rp.match_status == MatchStatus.SPECIALIST:
            out.append(f"{rp.full_name} (waiting for a specialist review)")
        elif rp.person_id is None:
            out.append(rp.full_name)
    return out


def referral_decide(*, actor: StaffLike, referral: Referral, outcome: str, reasons: str,
                    version: int | None) -> Decision:
    check_action(actor, "referral.decide")
    reasons = text(reasons)
    errors: dict[str, list[str]] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = ["Select the decision"]
    if len(reasons) < MIN_REASON_LENGTH:
        errors["reasons"] = ["Give the reasons for the decision"]
    if len(reasons) > 5000:
        errors["reasons"] = ["Must be 5000 characters or fewer"]
    if errors:
        raise ValidationFailed(errors=errors)
    with transaction.atomic():
        current = locked(referral, version=version)
        require_status(current, (Status.RECEIVED,), "A decision has already been made on this "
                       "referral" if current.status != Status.DRAFT else "This is still a draft")
        if outcome == Outcome.EARLY_HELP and (current.significant_harm or current.harm_categories):
            raise ValidationFailed(errors={"outcome": [
                "Early help cannot be chosen: the referral records a child-protection concern. "
                "Choose a strategy discussion or an assessment, or no further action with "
                "reasons"]})
        missing = _unresolved(current)
        if missing:
            raise ValidationFailed(errors={"people": [
                "Match everyone on the referral to a record (or make a new record) before "
                "deciding: " + ", ".join(missing)]})
        decision = Decision.objects.create(referral=current, outcome=outcome, reasons=reasons,
                                           decided_by_id=actor.pk, decided_at=clock.now())
        bump(current, status=Status.AWAITING_SIGN_OFF)
        audit_record(actor=actor, action="referral.decide", target_type="referral",
                     target_id=current.ref, detail={"outcome": outcome, "decision": decision.pk})
    return decision


def _live_decision(referral: Referral) -> Decision:
    return Decision.objects.select_for_update().get(
        referral=referral, status=DecisionStatus.AWAITING_SIGN_OFF)


def referral_sign_off(*, actor: StaffLike, referral: Referral, version: int | None,
                      note: str = "") -> Decision:
    """The manager agrees the decision; the referrer is told the outcome."""
    check_action(actor, "referral.sign_off")
    note = text(note)
    if len(note) > 2000:
        raise ValidationFailed(errors={"note": ["Must be 2000 characters or fewer"]})
    with transaction.atomic():
        current = locked(referral, version=version)
        require_status(current, (Status.AWAITING_SIGN_OFF,),
                       "There is no decision waiting for sign-off on this referral")
        decision = _live_decision(current)
        decision.status = DecisionStatus.SIGNED_OFF
        decision.reviewed_by_id, decision.reviewed_at = actor.pk, clock.now()
        decision.review_note = note
        decision.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        bump(current, status=Status.COMPLETE)
        notify.report_outcome(current, decision)
        audit_record(actor=actor, action="referral.sign_off", target_type="referral",
                     target_id=current.ref, detail={"outcome": decision.outcome,
                                                    "decision": decision.pk})
        # What follows from the decision elsewhere (casework opens episodes), in this
        # transaction: a sign-off never stands without it.
        hooks.signed_off(actor=actor, referral=current, decision=decision)
    return decision


def referral_return(*, actor: StaffLike, referral: Referral, version: int | None,
                    note: str) -> Decision:
    """The manager does not agree: the decision goes back, with the manager's reasons, and
    stays on the record."""
    check_action(actor, "referral.sign_off")
    note = text(note)
    if len(note) < MIN_REASON_LENGTH:
        raise ValidationFailed(errors={"note": ["Say why the decision is being returned"]})
    if len(note) > 2000:
        raise ValidationFailed(errors={"note": ["Must be 2000 characters or fewer"]})
    with transaction.atomic():
        current = locked(referral, version=version)
        require_status(current, (Status.AWAITING_SIGN_OFF,),
                       "There is no decision waiting for sign-off on this referral")
        decision = _live_decision(current)
        decision.status = DecisionStatus.RETURNED
        decision.reviewed_by_id, decision.reviewed_at = actor.pk, clock.now()
        decision.review_note = note
        decision.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        bump(current, status=Status.RECEIVED)
        audit_record(actor=actor, action="referral.return", target_type="referral",
                     target_id=current.ref, reason=note, detail={"decision": decision.pk})
    return decision
