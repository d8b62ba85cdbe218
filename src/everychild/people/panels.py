"""Panels higher apps add to a person's record page, without people importing them.

The people app sits below casework and the chronology, so it cannot call them. Instead
an app registers a function (in its AppConfig.ready) that, given the request and the
record being shown, returns the HTML of its panel, or "" to show nothing. Each panel
decides for itself, through its own selector, whether the user may see it; a refusal
(AccessDenied, NotFound) simply leaves the panel out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import HttpRequest
from markupsafe import Markup

from everychild.core.errors import AccessDenied, NotFound

if TYPE_CHECKING:
    from .selectors import HouseholdRecord, PersonRecord

RecordPanel = Callable[[HttpRequest, "PersonRecord"], str]
HouseholdPanel = Callable[[HttpRequest, "HouseholdRecord"], str]

_record_panels: list[tuple[int, str, RecordPanel]] = []
_household_panels: list[tuple[int, str, HouseholdPanel]] = []


def _key(fn: Callable[..., str]) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def register_record_panel(fn: RecordPanel, *, order: int = 100) -> RecordPanel:
    """Show `fn`'s HTML on every person's record page, lowest `order` first. Registering
    the same function again replaces it (ready() may run more than once)."""
    _record_panels[:] = [p for p in _record_panels if p[1] != _key(fn)]
    _record_panels.append((order, _key(fn), fn))
    _record_panels.sort(key=lambda p: (p[0], p[1]))
    return fn


def register_household_panel(fn: HouseholdPanel, *, order: int = 100) -> HouseholdPanel:
    """As register_record_panel, for the household page."""
    _household_panels[:] = [p for p in _household_panels if p[1] != _key(fn)]
    _household_panels.append((order, _key(fn), fn))
    _household_panels.sort(key=lambda p: (p[0], p[1]))
    return fn


def record_panels(request: HttpRequest, record: PersonRecord) -> list[Markup]:
    return _render([fn for _, _, fn in _record_panels], request, record)


def household_panels(request: HttpRequest, record: HouseholdRecord) -> list[Markup]:
    return _render([fn for _, _, fn in _household_panels], request, record)


def _render(panels: list[Callable[..., str]], request: HttpRequest, record: object
            ) -> list[Markup]:
    shown: list[Markup] = []
    for panel in panels:
        try:
            html = panel(request, record)
        except (AccessDenied, NotFound):
            continue
        if html:
            # A panel renders its own template (escaped there), so its HTML is trusted.
            shown.append(Markup(html))  # noqa: S704
    return shown
