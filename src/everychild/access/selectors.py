"""Reads of the audit log, privacy alerts, API tokens and second-factor devices.

The audit log and the alerts name records by (type, id); entries about sealed records
are dropped for users whose role lacks the sealed grant (see access.sealing), so the
rule holds whichever roles the policy lets read the log.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import policy
from .audit import audit_record
from .models import ApiToken, AuditEvent, PrivacyAlert
from .records import StaffLike, check_action, may_see_sealed
from .sealing import Reference, references, sealed_references

AUDIT_PAGE_SIZE = 50
ALERT_LIMIT = 200


# ------------------------------------------------------------------ audit log
@dataclass(frozen=True)
class AuditFilters:
    """What to look for. Dates are days in England, inclusive at both ends."""

    actor_username: str = ""
    action: str = ""  # a whole action ("person.view") or a prefix ending in "." ("person.")
    target_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def as_detail(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items() if v not in ("", None)}


@dataclass
class AuditPage:
    events: list[AuditEvent]
    # Cursors for the neighbouring pages (sequence numbers), or None at either end.
    newer_than: int | None = None
    older_than: int | None = None
    filters: AuditFilters = field(default_factory=AuditFilters)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _as_reference(text: str) -> str | None:
    """A record reference as the log stores it (lower case, hyphenated), if `text` is one."""
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def _without_nul(filters: AuditFilters) -> AuditFilters:
    """No name, action or id in the log holds a NUL, and PostgreSQL cannot even be asked
    about one (nor store it in the search's own audit entry): a typed one is dropped."""
    def drop(text: str) -> str:
        return text.replace("\x00", "")

    return replace(filters, actor_username=drop(filters.actor_username),
                   action=drop(filters.action), target_id=drop(filters.target_id))


def _filtered(filters: AuditFilters) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if filters.actor_username:
        username = filters.actor_username.strip()
        # Failed sign-ins have no actor but name the account tried: include them, so
        # someone guessing at an account shows up when that account is looked into.
        events = events.filter(Q(actor_username__iexact=username)
                               | Q(actor__isnull=True, detail__username__iexact=username))
    action = filters.action.strip()
    if action.endswith("."):
        events = events.filter(action__startswith=action)
    elif action:
        events = events.filter(action=action)
    if filters.target_id:
        target = filters.target_id.strip()
        # A list read (a worklist, a dashboard's children) names the children it showed in
        # its detail rather than as its target: "who has looked at this child?" must find
        # those too. Only a whole reference is looked for, never a fragment of one.
        if ref := _as_reference(target):
            events = events.filter(Q(target_id=ref) | Q(detail__icontains=f'"{ref}"'))
        else:
            events = events.filter(target_id=target)
    if filters.date_from:
        events = events.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to:
        events = events.filter(at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    return events


def _visible(events: list[AuditEvent], sees_sealed: bool) -> list[AuditEvent]:
    if sees_sealed:
        return events
    named = {e.seq: references(e.target_type, e.target_id, e.detail) for e in events}
    sealed = sealed_references(ref for refs in named.values() for ref in refs)
    return [e for e in events if not any(ref in sealed for ref in named[e.seq])]


def _scan(events: QuerySet[AuditEvent], sees_sealed: bool, want: int, *,
          descending: bool) -> list[AuditEvent]:
    """Up to `want` visible events, newest or oldest first, reading in chunks so that
    hidden entries never leave a page short."""
    events = events.order_by("-seq" if descending else "seq")
    found: list[AuditEvent] = []
    last: int | None = None
    chunk = max(want, 20)
    while len(found) < want:
        page = events
        if last is not None:
            page = page.filter(seq__lt=last) if descending else page.filter(seq__gt=last)
        batch = list(page[:chunk])
        if not batch:
            break
        found.extend(_visible(batch, sees_sealed))
        last = batch[-1].seq
        if len(batch) < chunk:
            break
    return found[:want]


def audit_event_list(
    *, actor: StaffLike, filters: AuditFilters | None = None,
    older_than: int | None = None, newer_than: int | None = None,
    page_size: int = AUDIT_PAGE_SIZE,
) -> AuditPage:
    """One page of the audit log, newest first, filtered; reading it is itself audited.

    Pages are found by sequence number (`older_than` / `newer_than` come from the
    previous page), which stays right while new entries are being added.
    """
    check_action(actor, "audit.view")
    filters = _without_nul(filters or AuditFilters())
    sees_sealed = may_see_sealed(actor)
    events = _filtered(filters)
    if newer_than is not None:
        found = _scan(events.filter(seq__gt=newer_than), sees_sealed, page_size + 1,
                      descending=False)
        has_newer, rows = len(found) > page_size, found[:page_size][::-1]
        has_older = True
    else:
        if older_than is not None:
            events = events.filter(seq__lt=older_than)
        found = _scan(events, sees_sealed, page_size + 1, descending=True)
        has_older, rows = len(found) > page_size, found[:page_size]
        has_newer = older_than is not None
    page = AuditPage(
        events=rows,
        newer_than=rows[0].seq if rows and has_newer else None,
        older_than=rows[-1].seq if rows and has_older else None,
        filters=filters,
    )
    # Recorded after reading, so the officer's own look is not the top line of every page.
    audit_record(actor=actor, action="audit.view", detail={
        **filters.as_detail(),
        **({"older_than": older_than} if older_than is not None else {}),
        **({"newer_than": newer_than} if newer_than is not None else {}),
        "shown": len(rows),
    })
    return page


# ------------------------------------------------------------------ privacy alerts
def _alerts_visible(alerts: list[PrivacyAlert], actor: StaffLike) -> list[PrivacyAlert]:
    if may_see_sealed(actor):
        return alerts
    sealed = sealed_references(Reference(a.target_type, a.target_id) for a in alerts)
    return [a for a in alerts if Reference(a.target_type, a.target_id) not in sealed]


ALERT_STATUSES = ("unreviewed", "reviewed", "all")


def privacy_alert_list(*, actor: StaffLike, status: str = "unreviewed",
                       limit: int = ALERT_LIMIT) -> list[PrivacyAlert]:
    """Break-glass alerts, newest first: unreviewed, reviewed or all."""
    check_action(actor, "audit.view")
    alerts = PrivacyAlert.objects.select_related("staff", "staff__agency", "reviewed_by")
    if status == "unreviewed":
        alerts = alerts.filter(reviewed_at__isnull=True)
    elif status == "reviewed":
        alerts = alerts.filter(reviewed_at__isnull=False)
    found = _alerts_visible(list(alerts.order_by("-raised_at", "-pk")[:limit]), actor)
    # Alerts say who opened which child's record: reading them is recorded like the log.
    audit_record(actor=actor, action="privacy_alert.view",
                 detail={"show": status, "shown": len(found)})
    return found


def privacy_alert_get(*, actor: StaffLike, alert_id: int) -> PrivacyAlert:
    """One alert, or NotFound (also for an alert about a record the actor may not know)."""
    from everychild.core.errors import NotFound

    check_action(actor, "audit.view")
    alert = (PrivacyAlert.objects.select_related("staff", "staff__agency", "reviewed_by")
             .filter(pk=alert_id).first())
    if alert is None or not _alerts_visible([alert], actor):
        raise NotFound("No such alert")
    return alert


# ------------------------------------------------------------------ the user's own account
def role_label(role: str) -> str:
    found = policy.policy().roles.get(role)
    return found.label if found else role


def api_token_list(*, actor: StaffLike) -> list[ApiToken]:
    """The actor's own tokens, newest first (never anyone else's)."""
    return list(ApiToken.objects.filter(staff_id=actor.pk).order_by("-created_at", "-pk"))


def staff_for_sign_in(*, user_id: object) -> Any:
    """An active user part-way through signing in, or None."""
    if not isinstance(user_id, int):
        return None
    return get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()


def otp_device_confirmed(*, user: Any) -> TOTPDevice | None:
    """The user's working second factor, if they have set one up."""
    return (TOTPDevice.objects.filter(user_id=user.pk, confirmed=True)
            .order_by("-pk").first())


def otp_device_pending(*, user: Any) -> TOTPDevice | None:
    """A second factor the user has started to set up but not yet confirmed."""
    return (TOTPDevice.objects.filter(user_id=user.pk, confirmed=False)
            .order_by("-pk").first())
