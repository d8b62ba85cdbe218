"""Bearer-token authentication for the API. Tokens are stored only as SHA-256 digests."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from rest_framework import authentication, exceptions

from everychild.core import clock

from .audit import audit_record
from .models import ApiToken

TOKEN_PREFIX = "ec_"  # noqa: S105 (a label, not a secret)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def api_token_create(*, actor: Any, name: str, days: int = 90) -> tuple[ApiToken, str]:
    """Issue a token for the actor's own use; returns the record and the token (shown once)."""
    import datetime as dt

    from .records import check_action

    check_action(actor, "account.use")

    from everychild.core.errors import ValidationFailed

    name = (name or "").strip()
    if not name:
        raise ValidationFailed(errors={"name": ["Enter a name for the token, like 'case sync'"]})
    if not 1 <= days <= 365:
        raise ValidationFailed(errors={"days": ["A token can last from 1 to 365 days"]})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = clock.now()
    with transaction.atomic():
        record = ApiToken.objects.create(staff_id=actor.pk, name=name, prefix=token[:10],
                                         digest=_digest(token), created_at=now,
                                         expires_at=now + dt.timedelta(days=days))
        audit_record(actor=actor, action="account.api_token_create", target_type="staff",
                     target_id=actor.pk, detail={"token": record.prefix, "name": name})
    return record, token


def api_token_revoke(*, actor: Any, token_id: int) -> None:
    from everychild.core.errors import NotFound

    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token_id, staff_id=actor.pk,
                                          revoked_at__isnull=True).update(revoked_at=clock.now())
        if not updated:
            raise NotFound("No such token")
        audit_record(actor=actor, action="account.api_token_revoke", target_type="staff",
                     target_id=actor.pk, detail={"token_id": token_id})


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if not parts or parts[0].lower() not in ("bearer", "token"):
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Give the token as 'Authorization: Bearer <token>'")
        record = (ApiToken.objects.select_related("staff")
                  .filter(digest=_digest(parts[1])).first())
        now = clock.now()
        if record is None or record.revoked_at is not None or record.expires_at <= now:
            raise exceptions.AuthenticationFailed("This API token is not valid or has expired")
        if not record.staff.is_active:
            raise exceptions.AuthenticationFailed("This account is no longer active")
        if record.last_used_at is None or (now - record.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        return record.staff, record

    def authenticate_header(self, request: Any) -> str:
        return 'Bearer realm="everychild"'
