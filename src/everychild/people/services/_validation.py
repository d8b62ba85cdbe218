"""Collecting a service's complaints about its input, and the version check."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from everychild.core.errors import Conflict, ValidationFailed


class _Errors:
    """Collects field errors so the user sees every problem at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, name: str, message: str | None) -> None:
        if message:
            self.errors.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(errors=self.errors)


def _choice(errors: _Errors, name: str, value: str, choices: Any, message: str) -> None:
    if value not in choices.values:
        errors.add(name, message)


def _text(value: str | None) -> str:
    return (value or "").strip()


def _too_long(errors: _Errors, name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors.add(name, f"Must be {limit} characters or fewer")


def _check_version(current: int, expected: int | None, what: str) -> None:
    if expected is None:
        raise ValidationFailed(errors={"version": [f"Say which version of the {what} you are "
                                                   "changing"]})
    if current != expected:
        raise Conflict(f"Someone else changed this {what} while you were editing it "
                       f"(you had version {expected}, it is now version {current}). "
                       "Your changes have not been saved: review the current record and make "
                       "them again.")


def _agency_is_active(agency_id: object) -> bool:
    # The people app sits beside agencies, not above it, so it names the model.
    return bool(apps.get_model("agencies", "Agency").objects.filter(pk=agency_id,
                                                                    active=True).exists())


def _must_see(actor: Any, person: Any, field: str) -> None:
    """Linking people gives each side's workers a way into the other's record, so a user
    may link only people whose records they can already open: through their own work, or
    by break-glass, which is audited and alerted. A sealed person stays a 404."""
    from everychild.core.errors import AccessDenied

    from ..selectors import person_access

    try:
        person_access(actor=actor, person=person, action="person.view")
    except AccessDenied:  # includes BreakGlassRequired
        raise ValidationFailed(errors={field: [
            f"You cannot open {person.full_name}'s record, so you cannot link them here. "
            "Open their record first (giving a reason if you are not involved)"]}) from None


def _end_once(rows: Any, ended: Any, what: str) -> None:
    """Set the end date only if nobody has set it since it was read: of two people ending
    the same thing at once, the second is told, and the first date stands."""
    if rows.filter(ended__isnull=True).update(ended=ended) != 1:
        raise Conflict(f"Someone else has just recorded the end of this {what}. Nothing was "
                       "changed: check the record for the date they gave.")
