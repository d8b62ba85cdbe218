"""Where a request came from, for the audit log.

Middleware sets it at the start of each request; the audit writer reads it, so services
keep a small signature (`actor=`) and still record the source address.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestMeta:
    source_address: str = ""
    request_id: str = ""
    channel: str = "system"  # "web", "api", "cli" or "system"


_current: contextvars.ContextVar[RequestMeta] = contextvars.ContextVar(
    "everychild_request_meta", default=RequestMeta()  # noqa: B039 (frozen, so immutable)
)


def current() -> RequestMeta:
    return _current.get()


def set_current(meta: RequestMeta) -> contextvars.Token[RequestMeta]:
    return _current.set(meta)


def reset(token: contextvars.Token[RequestMeta]) -> None:
    _current.reset(token)
