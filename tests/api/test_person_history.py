"""The API's person record carries the same history as the page: name history, past
households and past involvement."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.people.models import MemberRole
from everychild.people.services import membership_end, person_update

from ..factories import HouseholdFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_history_is_in_the_record(world, api):
    world.child.refresh_from_db()
    person_update(actor=world.social_worker, person=world.child, version=1,
                  changes={"family_name": "Osei-Mensah"})
    old_home = HouseholdFactory(address_line_1="9 Old Yard")
    moved = MembershipFactory(household=old_home, person=world.child, role=MemberRole.CHILD,
                              started=dt.date(2019, 1, 1))
    membership_end(actor=world.social_worker, membership=moved, ended=dt.date(2023, 6, 1))
    body = api("social_worker").get(f"/api/v1/people/{world.child.ref}/").json()
    assert [n["family_name"] for n in body["name_history"]] == ["Osei-Mensah", "Osei"]
    assert body["name_history"][1]["recorded_until"] is not None
    assert [h["ref"] for h in body["past_households"]] == [str(old_home.ref)]
    assert body["past_involvements"] == []
