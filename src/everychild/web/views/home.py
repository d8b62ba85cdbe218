"""The signed-in user's home page: their children and what needs their attention."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from everychild.people.selectors import people_for_actor


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {
        "title": "Home",
        "nav_active": "home",
        "caseload": people_for_actor(actor=request.user),  # type: ignore[arg-type]
    })
