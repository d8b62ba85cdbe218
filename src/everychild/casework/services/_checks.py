"""Checks the pathway services share: may the actor do this to the child, is the
episode still open, is a date or a piece of text acceptable.

Each check raises the domain error the user should see, before anything is written.
"""

from __future__ import annotations

import datetime as dt

from everychild.access.records import Access, StaffLike
from everychild.core import clock
from everychild.core.errors import ValidationFailed
from everychild.people.models import Person
from everychild.people.selectors import person_access

from ..dates import EARLIEST
from ..models import Episode

MIN_REASON_LENGTH = 10
LONG_TEXT = 20_000


def may(actor: StaffLike, child: Person, action: str) -> Access:
    """The policy's answer for `action` on the child's record (raises when refused; a
    sealed child the actor may not know of is not found)."""
    return person_access(actor=actor, person=child, action=action)


def require_open(episode: Episode, what: str = "this") -> None:
    if episode.closed_on is not None:
        raise ValidationFailed(errors={"episode": [
            f"The case was closed on {long_date(episode.closed_on)}: {what} cannot be "
            "recorded on a closed case"]})


def clean(value: object) -> str:
    """Text as typed, trimmed; a NUL (which PostgreSQL cannot store) removed."""
    return str(value or "").replace("\x00", "").strip()


def long_date(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


class Errors(dict[str, list[str]]):
    """Field errors gathered before a service writes anything."""

    def add(self, name: str, message: str) -> None:
        self.setdefault(name, []).append(message)

    def text(self, name: str, value: str, *, label: str, required: str = "",
             minimum: int = 0, limit: int = LONG_TEXT) -> None:
        if not value:
            if required:
                self.add(name, required)
        elif minimum and len(value) < minimum:
            self.add(name, required or f"{label} must be at least {minimum} characters")
        elif len(value) > limit:
            self.add(name, f"{label} must be {limit} characters or fewer")

    def date(self, name: str, value: dt.date | None, *, label: str, required: str = "",
             not_before: tuple[dt.date, str] | None = None) -> None:
        """A date that has happened: not in the future, nor before `not_before` (a date
        and what it is, e.g. 'the referral')."""
        if value is None:
            if required:
                self.add(name, required)
            return
        if value > clock.today():
            self.add(name, f"{label} must be today or in the past")
        elif value < EARLIEST:
            self.add(name, f"{label} must be in 1900 or later")
        elif not_before and value < not_before[0]:
            self.add(name, f"{label} must be on or after {not_before[1]} "
                           f"({long_date(not_before[0])})")

    def raise_any(self) -> None:
        if self:
            raise ValidationFailed(errors=dict(self))
