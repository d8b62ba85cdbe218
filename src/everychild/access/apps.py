from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class AccessConfig(AppConfig):
    name = "everychild.access"
    label = "access"
    verbose_name = "Access and audit"

    def ready(self) -> None:
        from . import audit_triggers
        from .policy import policy

        policy()  # a malformed policy file stops start-up rather than a user's request
        # Re-assert the append-only triggers after every migrate (and test-database flush).
        post_migrate.connect(audit_triggers.install_after_migrate, sender=self)
        user_logged_in.connect(_mark_signed_in, dispatch_uid="everychild_signed_in_at")


def _mark_signed_in(*, request: Any, **_: Any) -> None:
    """Start the absolute session clock (see access.middleware.SessionTimeoutMiddleware)."""
    import time

    from .middleware import LAST_SEEN_AT, SIGNED_IN_AT

    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = time.time()
