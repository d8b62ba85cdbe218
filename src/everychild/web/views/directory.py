"""The directory of agencies and their teams."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from everychild.agencies.selectors import agency_directory


def agencies(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/agencies.html", {
        "title": "Agencies",
        "nav_active": "agencies",
        "groups": agency_directory(actor=request.user),  # type: ignore[arg-type]
    })
