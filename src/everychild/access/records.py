"""Deciding whether a user may act on one record, and break-glass.

The apps that own records work out the user's relationships to it (allocated, team,
agency) and whether it is sealed; this module applies the policy, sealing and any
break-glass grant, and records break-glass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction

from everychild.core import clock
from everychild.core.errors import AccessDenied, BreakGlassRequired, NotFound, ValidationFailed

from . import policy
from .audit import audit_record
from .models import BreakGlassGrant, PrivacyAlert

# Break-glass opens a person's record for reading only; changing it still needs a real
# relationship. (Their current household opens with them: see people.selectors.)
BREAK_GLASS_ACTIONS = frozenset({"person.view"})
MIN_REASON_LENGTH = 10


class StaffLike(Protocol):
    pk: Any
    username: str
    role: str
    agency_id: Any
    team_id: Any


@dataclass(frozen=True)
class Access:
    """How the user came to be allowed: through a relationship, scope, or break-glass."""

    action: str
    via: str  # "relationship", "scope" or "break_glass"
    relationships: frozenset[str]


def may_see_sealed(actor: StaffLike) -> bool:
    return policy.role_sees_sealed(actor.role)


def active_grant(actor: StaffLike, target_type: str, target_id: str) -> BreakGlassGrant | None:
    return (
        BreakGlassGrant.objects.filter(
            staff_id=actor.pk, target_type=target_type, target_id=target_id,
            expires_at__gt=clock.now(),
        )
        .order_by("-expires_at")
        .first()
    )


def check_record_access(
    actor: StaffLike,
    action: str,
    *,
    target_type: str,
    target_id: str,
    relationships: frozenset[str],
    sealed: bool,
) -> Access:
    """Allow, or raise: NotFound for sealed records the user may not know of,
    BreakGlassRequired when a stated reason would open it, AccessDenied otherwise."""
    if sealed and not may_see_sealed(actor):
        raise NotFound("No record was found")
    if policy.allows(actor.role, action, relationships=relationships):
        scope = policy.policy().scope(actor.role, action)
        via = "scope" if scope == policy.Scope.ALL else "relationship"
        return Access(action, via, relationships)
    if action in BREAK_GLASS_ACTIONS and policy.role_may_break_glass(actor.role):
        if active_grant(actor, target_type, str(target_id)):
            return Access(action, "break_glass", relationships)
        raise BreakGlassRequired(
            "You are not involved with this child. You can open the record only if you "
            "give a reason; the privacy officer will be told."
        )
    raise AccessDenied("You do not have permission to do this")


def check_action(actor: StaffLike, action: str) -> None:
    """Permission for an action that is not about one record (search, create...)."""
    if not policy.allows(actor.role, action):
        raise AccessDenied("You do not have permission to do this")


def break_glass_open(
    *, actor: StaffLike, target_type: str, target_id: str, reason: str, sealed: bool
) -> BreakGlassGrant:
    """Open a record outside the user's relationships for a limited time, with a reason."""
    reason = (reason or "").strip()
    if sealed and not may_see_sealed(actor):
        raise NotFound("No record was found")
    if not policy.role_may_break_glass(actor.role):
        raise AccessDenied("Your role cannot open records outside your involvement")
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationFailed(errors={"reason": [
            f"Enter the reason you need to open this record (at least {MIN_REASON_LENGTH} "
            "characters)"
        ]})
    now = clock.now()
    with transaction.atomic():
        grant = BreakGlassGrant.objects.create(
            staff_id=actor.pk, target_type=target_type, target_id=str(target_id),
            reason=reason, granted_at=now,
            expires_at=now + dt.timedelta(seconds=settings.EVERYCHILD_BREAK_GLASS_SECONDS),
        )
        event = audit_record(actor=actor, action="record.break_glass", target_type=target_type,
                             target_id=target_id, reason=reason,
                             detail={"expires_at": grant.expires_at.isoformat()})
        PrivacyAlert.objects.create(
            kind=PrivacyAlert.Kind.BREAK_GLASS, staff_id=actor.pk, target_type=target_type,
            target_id=str(target_id), reason=reason, raised_at=now, audit_seq=event.seq,
        )
    return grant
