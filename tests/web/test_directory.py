"""The directory of agencies: grouped by kind, with teams and how many staff use it."""

from __future__ import annotations

import pytest
from django.test import Client

from everychild.agencies.selectors import agency_directory

from ..factories import AgencyFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_agencies_are_grouped_by_kind_with_teams_and_staff_counts(world):
    StaffFactory(agency=world.csc, team=world.team_b, is_active=False)  # left: not counted
    AgencyFactory(name="Closed Family Centre", active=False)
    groups = {g.label: g for g in agency_directory(actor=world.social_worker)}
    social_care = groups["Local authority children's social care"]
    csc = next(a for a in social_care.agencies if a.pk == world.csc.pk)
    # sw, tm, chair, admin, privacy officer and contact-centre officer work there.
    assert csc.staff_count == 6
    assert {(t.name, t.staff_count) for t in csc.teams.all()} == {
        ("Assessment team A", 2), ("Assessment team B", 0)}
    assert [a.name for a in groups["School"].agencies] == ["Northbrook Primary School"]
    assert all("Closed Family Centre" not in [a.name for a in g.agencies] for g in groups.values())


def test_directory_page(world, client_for):
    response = client_for(world.users["inspector"]).get("/agencies/")
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("Police", "GP practice", "Northbrook Police", "Assessment team A (2 staff)"):
        assert text in body, text
    assert body.index("Local authority children&#39;s social care") < body.index("GP practice")


def test_directory_needs_sign_in():
    response = Client().get("/agencies/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
