"""Domain errors raised by services and selectors.

Views and API views translate them into GOV.UK error pages and RFC 9457 problem
responses; they never reach a user as a stack trace.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base class: something the user asked for cannot be done, with a reason."""

    status = 400
    title = "The request could not be completed"
    slug = "invalid-request"

    def __init__(self, message: str = "", *, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message or self.title)
        self.message = message or self.title
        self.errors = errors or {}


class ValidationFailed(DomainError):
    """Input broke one or more rules; `errors` maps field name to messages."""

    status = 400
    title = "There is a problem with the information you gave"
    slug = "validation-failed"


class NotFound(DomainError):
    """The record does not exist, or the user may not know that it exists."""

    status = 404
    title = "Not found"
    slug = "not-found"


class AccessDenied(DomainError):
    """The user is known to lack permission for this action."""

    status = 403
    title = "You do not have permission to do this"
    slug = "forbidden"


class BreakGlassRequired(AccessDenied):
    """The user has no legitimate relationship but may open the record by giving a reason."""

    title = "You are not involved with this child"
    slug = "break-glass-required"


class Conflict(DomainError):
    """A stale edit: someone else changed the record since it was read."""

    status = 409
    title = "Someone else has changed this record"
    slug = "edit-conflict"


class PreconditionFailed(Conflict):
    """An API If-Match header named a version that is no longer current."""

    status = 412
    title = "The record has changed since you read it"
    slug = "precondition-failed"


class PreconditionRequired(DomainError):
    """An API edit came without If-Match or a version, so it could overwrite silently."""

    status = 428
    title = "Say which version you are editing"
    slug = "precondition-required"
