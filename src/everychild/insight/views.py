"""The key indicators' pages: the dashboard, one indicator with its definition, the
children behind a figure, and each table and list as CSV.

Every page takes its choices from the address (scope, the last month shown, the period
and part of a figure), so any view can be bookmarked or sent to a colleague, who sees it
under their own permissions. A choice that cannot be read gets a page saying what was
wrong (400); a scope the user may not see is refused (403).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from everychild.core.errors import AccessDenied, NotFound, ValidationFailed
from everychild.core.pages import error_page
from everychild.people.views.support import actor_of, page, require_GET

from .dashboards import children as drill
from .dashboards import csv_files, presenting
from .dashboards.figures import Dashboard, dashboard
from .dashboards.scopes import parse_scope
from .indicators.catalogue import groups
from .indicators.compute import Scope
from .indicators.model import Indicator

View = Callable[..., HttpResponse]


def _errors(view: View) -> View:
    """A choice that cannot be read says what is wrong; a refusal is a 403 that names
    no one; an unknown indicator is a 404."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ValidationFailed as exc:
            return error_page(request, 400, exc.message)
        except AccessDenied:
            return error_page(request, 403)
        except NotFound:
            return error_page(request, 404)

    return wrapped


def _scope(request: HttpRequest) -> Scope | None:
    text = request.GET.get("scope", "")
    return parse_scope(text) if text else None


def _dashboard(request: HttpRequest, indicators: list[Indicator] | None = None) -> Dashboard:
    kwargs: dict[str, Any] = {"indicators": indicators} if indicators else {}
    return dashboard(actor=actor_of(request), scope=_scope(request),
                     end=request.GET.get("to") or None, **kwargs)


def _context(board: Dashboard) -> dict[str, Any]:
    return {"board": board, "links": presenting.Links(board.scope, board.end),
            "p": presenting, "nav_active": "insight"}


@require_GET
@_errors
def dashboard_page(request: HttpRequest) -> HttpResponse:
    board = _dashboard(request)
    by_id = {item.indicator.id: item for item in board.items}
    sections = [(name, [by_id[i.id] for i in members]) for name, members in groups()]
    return page(request, "insight/dashboard.html", {
        **_context(board), "title": "Key indicators", "sections": sections})


@require_GET
@_errors
def indicator_page(request: HttpRequest) -> HttpResponse:
    indicator = drill.find_indicator(request.GET.get("indicator", ""))
    board = _dashboard(request, [indicator])
    return page(request, "insight/indicator.html", {
        **_context(board), "title": indicator.name, "item": board.items[0]})


def _children(request: HttpRequest, purpose: str) -> drill.ChildList:
    # The scope and the last month are read as the dashboard reads them, so the list is
    # the one behind the figure the user followed.
    return drill.children_behind(
        actor=actor_of(request), indicator_id=request.GET.get("indicator", ""),
        part=request.GET.get("part", ""), month=request.GET.get("month") or None,
        year=request.GET.get("year") or None, scope=_scope(request),
        end=request.GET.get("to") or None, purpose=purpose)


@require_GET
@_errors
def children_page(request: HttpRequest) -> HttpResponse:
    found = _children(request, "page")
    return page(request, "insight/children.html", {
        "title": f"{found.indicator.name}: the children behind the figure", "found": found,
        "links": presenting.Links(found.scope, found.end), "p": presenting,
        "nav_active": "insight"})


@require_GET
@_errors
def children_csv(request: HttpRequest) -> HttpResponse:
    found = _children(request, "csv")
    name = f"{found.indicator.id}-{found.period.key}-{found.part}.csv"
    return csv_files.csv_response(name, csv_files.CHILDREN_HEADER,
                                  csv_files.children_rows(found))


@require_GET
@_errors
def table_csv(request: HttpRequest) -> HttpResponse:
    wanted = request.GET.get("indicator", "")
    indicators = [drill.find_indicator(wanted)] if wanted else None
    by = request.GET.get("by", "month")
    if by not in ("month", "year"):
        raise ValidationFailed("Choose figures by month or by year")
    board = _dashboard(request, indicators)
    name = f"{wanted or 'indicators'}-by-{by}-to-{board.end.key}.csv"
    return csv_files.csv_response(name, csv_files.TABLE_HEADER,
                                  csv_files.table_rows(board.items, board.scope_label, by))


