"""Drafts: a referral being typed in, page by page. Whatever was typed is kept, valid or
not, so a failed check or an expired session never loses a referrer's words."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike, check_action
from everychild.core import clock
from everychild.core.errors import NotFound, ValidationFailed

from ..entries import referral_input_from_dict
from ..models import Referral, Status
from .submission import referral_submit

SECTIONS = ("referrer", "people", "address", "concern", "sharing")
MAX_DRAFT_BYTES = 256 * 1024


def _own_draft(actor: StaffLike, referral: Referral) -> Referral:
    current = Referral.objects.select_for_update().filter(pk=referral.pk).first()
    if current is None or current.made_by_id != actor.pk or current.status != Status.DRAFT:
        raise NotFound("No draft referral was found")
    return current


def referral_draft_save(*, actor: StaffLike, referral: Referral | None, section: str,
                        data: Any) -> Referral:
    """Keep one page's answers on the draft (starting a draft when there is none)."""
    check_action(actor, "referral.create")
    if section not in SECTIONS:
        raise ValidationFailed(errors={"section": [f"Unknown part of a referral: {section}"]})
    if len(json.dumps(data, default=str)) > MAX_DRAFT_BYTES:
        raise ValidationFailed(errors={section: ["This is too long to keep; shorten it"]})
    now = clock.now()
    with transaction.atomic():
        if referral is None:
            referral = Referral.objects.create(made_by_id=actor.pk, created_at=now,
                                               updated_at=now, draft_data={section: data})
            audit_record(actor=actor, action="referral.draft_start", target_type="referral",
                         target_id=referral.ref)
            return referral
        current = _own_draft(actor, referral)
        current.draft_data = {**current.draft_data, section: data}
        current.updated_at = now
        current.version += 1
        current.save(update_fields=["draft_data", "updated_at", "version"])
    return current


def referral_draft_submit(*, actor: StaffLike, referral: Referral) -> Referral:
    """Send a finished draft. Errors name the page they belong to (their first word)."""
    check_action(actor, "referral.create")
    with transaction.atomic():
        current = _own_draft(actor, referral)
        data, errors = referral_input_from_dict(current.draft_data)
        if errors:
            raise ValidationFailed(errors=errors.errors)
        return referral_submit(actor=actor, data=data, draft=current)


def referral_draft_discard(*, actor: StaffLike, referral: Referral) -> None:
    """A draft is not yet a referral: its author may throw it away."""
    check_action(actor, "referral.create")
    with transaction.atomic():
        current = _own_draft(actor, referral)
        audit_record(actor=actor, action="referral.draft_discard", target_type="referral",
                     target_id=current.ref)
        current.delete()
