"""The privacy officer's pages: the audit log and break-glass alerts."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from everychild.access import services
from everychild.access.selectors import (
    ALERT_STATUSES,
    AuditFilters,
    audit_event_list,
    privacy_alert_get,
    privacy_alert_list,
    role_label,
)
from everychild.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from everychild.core.pages import error_page

FILTER_FIELDS = ("actor", "action", "target", "from", "to")
_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$|^(\d{4})-(\d{1,2})-(\d{1,2})$")

# Where a record named in an alert or the audit log can be opened.
RECORD_URLS = {"person": "people:person-detail", "household": "people:household-detail"}


def _domain_error_page(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error_page(request, exc.status, "" if isinstance(exc, NotFound) else exc.message)


def record_link(target_type: str, target_id: str) -> str:
    """A link to the record, or "" when there is no page for it."""
    name = RECORD_URLS.get(target_type)
    if not name:
        return ""
    try:
        return reverse(name, args=[uuid.UUID(target_id)])
    except (ValueError, NoReverseMatch):
        return ""


# ------------------------------------------------------------------ the audit log
def _parse_day(text: str) -> dt.date | None:
    m = _DAY.match(text.strip())
    if not m:
        raise ValueError(text)
    if m.group(1):
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return dt.date(int(m.group(4)), int(m.group(5)), int(m.group(6)))


def _filters_from(query: Any) -> tuple[AuditFilters, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    days: dict[str, dt.date | None] = {}
    for name, label in (("from", "from"), ("to", "to")):
        text = query.get(name, "").strip()
        days[name] = None
        if text:
            try:
                days[name] = _parse_day(text)
            except ValueError:
                errors[name] = [f"The '{label}' date must be a real date, like 27/3/2026"]
    if days["from"] and days["to"] and days["to"] < days["from"]:
        errors["to"] = ["The 'to' date must be the same as or after the 'from' date"]
    filters = AuditFilters(
        actor_username=query.get("actor", "").strip()[:150],
        action=query.get("action", "").strip()[:60],
        target_id=query.get("target", "").strip()[:64],
        date_from=days["from"], date_to=days["to"],
    )
    return filters, errors


def _cursor(query: Any, name: str) -> int | None:
    value = query.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 18 else None


def audit_events(request: HttpRequest) -> HttpResponse:
    filters, errors = _filters_from(request.GET)
    page = None
    if not errors:
        try:
            page = audit_event_list(actor=request.user,  # type: ignore[arg-type]
                                    filters=filters,
                                    older_than=_cursor(request.GET, "older"),
                                    newer_than=_cursor(request.GET, "newer"))
        except DomainError as exc:
            return _domain_error_page(request, exc)
    kept = {k: request.GET[k] for k in FILTER_FIELDS if request.GET.get(k, "").strip()}

    def page_url(**cursor: int) -> str:
        return "?" + urlencode({**kept, **cursor})

    return render(request, "privacy/audit_events.html", {
        "title": "Audit log",
        "nav_active": "audit",
        "errors": errors,
        "form": {k: request.GET.get(k, "") for k in FILTER_FIELDS},
        "page": page,
        "filtered": bool(kept),
        "role_label": role_label,
        "record_link": record_link,
        "newer_url": page_url(newer=page.newer_than) if page and page.newer_than else "",
        "older_url": page_url(older=page.older_than) if page and page.older_than else "",
    }, status=400 if errors else 200)


# ------------------------------------------------------------------ break-glass alerts
def privacy_alerts(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("show", "unreviewed")
    if status not in ALERT_STATUSES:
        status = "unreviewed"
    try:
        alerts = privacy_alert_list(actor=request.user, status=status)  # type: ignore[arg-type]
    except DomainError as exc:
        return _domain_error_page(request, exc)
    return render(request, "privacy/alerts.html", {
        "title": "Privacy alerts",
        "nav_active": "privacy",
        "alerts": alerts,
        "show": status,
        "record_link": record_link,
    })


def privacy_alert_review(request: HttpRequest, alert_id: int) -> HttpResponse:
    actor: Any = request.user
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        try:
            services.privacy_alert_review(actor=actor, alert_id=alert_id,
                                          note=request.POST.get("note", ""))
        except ValidationFailed as exc:
            errors, status = exc.errors, 400
        except Conflict as exc:
            errors, status = {"note": [exc.message]}, 409
        except DomainError as exc:
            return _domain_error_page(request, exc)
        else:
            messages.success(request, "The alert is marked as reviewed")
            return redirect("web:privacy-alerts")
    try:
        alert = privacy_alert_get(actor=actor, alert_id=alert_id)
    except DomainError as exc:
        return _domain_error_page(request, exc)
    return render(request, "privacy/alert_review.html", {
        "title": "Review a privacy alert",
        "nav_active": "privacy",
        "errors": errors,
        "alert": alert,
        "note": request.POST.get("note", "") if errors else "",
        "record_url": record_link(alert.target_type, alert.target_id),
    }, status=status)
