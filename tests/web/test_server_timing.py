"""Every response says how long the app took and how much of that was computing
(Server-Timing), for developer tools and the load benchmark; a view's own timings are
kept after them."""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from everychild.web.timing import ServerTimingMiddleware

APP = re.compile(r"^app;dur=(\d+\.\d), cpu;dur=(\d+\.\d)$")


@pytest.mark.django_db
def test_pages_and_refusals_carry_the_apps_own_time():
    client = Client()
    for path in ("/sign-in/", "/people/"):  # a page, and a redirect to sign in
        response = client.get(path)
        timing = APP.match(response["Server-Timing"])
        assert timing, response["Server-Timing"]
        assert float(timing.group(2)) <= float(timing.group(1)) + 0.2  # part of the whole


def test_a_views_own_timings_follow_the_apps_total():
    def view(request):
        response = HttpResponse("ok")
        response["Server-Timing"] = "db;dur=3.0"
        return response

    response = ServerTimingMiddleware(view)(RequestFactory().get("/"))
    app, cpu, own = response["Server-Timing"].split(", ")
    assert APP.match(f"{app}, {cpu}") and own == "db;dur=3.0"
