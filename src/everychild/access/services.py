"""Writes about the user's own account (sign-in, second factor) and privacy alerts.

Each function checks what it must, does its work in one transaction and records it in
the audit log in that transaction. Where a failed attempt must itself be kept (a wrong
code counts towards throttling), the refusal is raised after the transaction has
finished, so that the count and its audit entry survive the error.
"""

from __future__ import annotations

import math
import re
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from everychild.core import clock
from everychild.core.errors import Conflict, NotFound, ValidationFailed

from .audit import audit_record
from .models import AuditEvent, PrivacyAlert
from .records import StaffLike, check_action
from .selectors import otp_device_confirmed, otp_device_pending, privacy_alert_get

CODE_FIELD = "code"
DEVICE_NAME = "Authenticator app"
MAX_NOTE_LENGTH = 5000


# ------------------------------------------------------------------ signing in and out
def account_sign_in_record(*, actor: StaffLike, second_factor: bool) -> AuditEvent:
    return audit_record(actor=actor, action="account.sign_in", target_type="staff",
                        target_id=actor.pk, detail={"second_factor": second_factor})


def account_sign_in_failure_record(*, username: str, reason: str) -> AuditEvent:
    """A refused sign-in. No actor: nobody has shown who they are yet."""
    return audit_record(actor=None, action="account.sign_in_failed",
                        detail={"username": (username or "")[:150], "reason": reason})


def account_sign_out_record(*, actor: StaffLike) -> AuditEvent:
    return audit_record(actor=actor, action="account.sign_out", target_type="staff",
                        target_id=actor.pk)


# ------------------------------------------------------------------ second factor
def _clean_code(code: str) -> str:
    cleaned = re.sub(r"[\s-]", "", code or "")
    if not cleaned:
        raise ValidationFailed(errors={CODE_FIELD: [
            "Enter the 6-digit code from your authenticator app"]})
    if not re.fullmatch(r"\d{6}", cleaned):
        raise ValidationFailed(errors={CODE_FIELD: ["The code must be 6 digits, like 123456"]})
    return cleaned


def _refuse_if_throttled(device: TOTPDevice) -> None:
    """django-otp doubles the wait after each wrong code; say how long is left."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return
    locked_until = (info or {}).get("locked_until")
    seconds = max(1, math.ceil((locked_until - clock.now()).total_seconds())) \
        if locked_until else 1
    unit = "second" if seconds == 1 else "seconds"
    raise ValidationFailed(errors={CODE_FIELD: [
        f"Too many wrong codes have been entered. Wait {seconds} {unit}, then enter the "
        "code your app shows now"]})


def _verify(device: TOTPDevice, code: str) -> bool:
    """Check the code against a freshly locked copy of the device, so two attempts at
    once cannot both pass the throttle or reuse one code."""
    locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    return bool(locked.verify_token(code))


def otp_sign_in_verify(*, user: Any, code: str) -> TOTPDevice:
    """The second step of signing in: check the code from the user's confirmed device."""
    device = otp_device_confirmed(user=user)
    if device is None:
        raise NotFound("This account has no second factor")
    code = _clean_code(code)
    try:
        _refuse_if_throttled(device)
    except ValidationFailed:
        account_sign_in_failure_record(username=user.username, reason="code_throttled")
        raise
    with transaction.atomic():
        verified = _verify(device, code)
        if not verified:
            account_sign_in_failure_record(username=user.username, reason="wrong_code")
    if not verified:
        raise ValidationFailed(errors={CODE_FIELD: [
            "The code is not correct. Enter the code your app shows now"]})
    device.refresh_from_db()
    return device


def otp_device_start(*, actor: StaffLike) -> TOTPDevice:
    """Begin setting up an authenticator app: a new secret, unconfirmed until a code from
    the app proves it was copied correctly. Starting again reuses the unconfirmed one."""
    check_action(actor, "account.use")
    if otp_device_confirmed(user=actor) is not None:
        raise Conflict("You have already set up a second factor")
    pending = otp_device_pending(user=actor)
    if pending is not None:
        return pending
    with transaction.atomic():
        device = TOTPDevice.objects.create(user_id=actor.pk, name=DEVICE_NAME, confirmed=False)
        audit_record(actor=actor, action="account.otp_setup_start", target_type="staff",
                     target_id=actor.pk, detail={"device": device.pk})
    return device


def otp_device_confirm(*, actor: StaffLike, code: str) -> TOTPDevice:
    """Finish setting up: the code proves the app holds the secret; from now on signing in
    asks for a code."""
    check_action(actor, "account.use")
    device = otp_device_pending(user=actor)
    if device is None:
        raise ValidationFailed(errors={CODE_FIELD: [
            "Start setting up your authenticator app again"]})
    code = _clean_code(code)
    _refuse_if_throttled(device)
    with transaction.atomic():
        verified = _verify(device, code)
        if verified:
            TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
            TOTPDevice.objects.filter(user_id=actor.pk, confirmed=False).delete()
            audit_record(actor=actor, action="account.otp_enabled", target_type="staff",
                         target_id=actor.pk, detail={"device": device.pk})
    if not verified:
        raise ValidationFailed(errors={CODE_FIELD: [
            "The code is not correct. Check the secret was entered correctly and enter the "
            "code your app shows now"]})
    device.refresh_from_db()
    return device


def otp_device_remove(*, actor: StaffLike, reauthenticated: Any) -> None:
    """Turn the second factor off. `reauthenticated` is the result of checking the
    password the user just entered again (None if it was wrong), so that someone at an
    unattended screen cannot weaken the account."""
    check_action(actor, "account.use")
    if reauthenticated is None or reauthenticated.pk != actor.pk:
        raise ValidationFailed(errors={"password": ["Your password is not correct"]})
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user_id=actor.pk).delete()
        if not removed:
            raise NotFound("You have not set up a second factor")
        audit_record(actor=actor, action="account.otp_disabled", target_type="staff",
                     target_id=actor.pk)


# ------------------------------------------------------------------ privacy alerts
def privacy_alert_review(*, actor: StaffLike, alert_id: int, note: str) -> PrivacyAlert:
    """Record that the privacy officer has looked into a break-glass alert, and what they
    found. An alert is reviewed once; a second review is refused, not overwritten."""
    check_action(actor, "audit.review")
    alert = privacy_alert_get(actor=actor, alert_id=alert_id)
    note = (note or "").strip()
    if not note:
        raise ValidationFailed(errors={"note": ["Enter a note saying what you found"]})
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationFailed(errors={"note": [
            f"The note must be {MAX_NOTE_LENGTH} characters or fewer"]})
    now = clock.now()
    with transaction.atomic():
        updated = PrivacyAlert.objects.filter(pk=alert.pk, reviewed_at__isnull=True).update(
            reviewed_by_id=actor.pk, reviewed_at=now, review_note=note)
        if not updated:
            alert.refresh_from_db()
            who = alert.reviewed_by.get_full_name() if alert.reviewed_by else "someone else"
            raise Conflict(f"This alert has already been reviewed by {who}")
        # The entry names the record the alert is about, so it is sealed along with it.
        audit_record(actor=actor, action="privacy_alert.review", target_type=alert.target_type,
                     target_id=alert.target_id,
                     detail={"alert": alert.pk, "audit_seq": alert.audit_seq})
    alert.refresh_from_db()
    return alert
