"""check_record_access: sealing before scope, break-glass only for reading, and a
break-glass grant that lasts only as long as it should."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.access.models import BreakGlassGrant
from everychild.access.records import (
    BREAK_GLASS_ACTIONS,
    active_grant,
    check_action,
    check_record_access,
)
from everychild.core import clock
from everychild.core.errors import AccessDenied, BreakGlassRequired, NotFound

pytestmark = pytest.mark.django_db

NO_RELATIONSHIP: frozenset[str] = frozenset()


def check(actor, action, *, target_id="p-1", relationships=NO_RELATIONSHIP, sealed=False,
          target_type="person"):
    return check_record_access(actor, action, target_type=target_type, target_id=target_id,
                               relationships=frozenset(relationships), sealed=sealed)


def grant(actor, *, target_id="p-1", target_type="person", expires_in=dt.timedelta(hours=1)):
    now = clock.now()
    return BreakGlassGrant.objects.create(
        staff=actor, target_type=target_type, target_id=target_id, reason="Child at A&E tonight",
        granted_at=now - dt.timedelta(hours=2), expires_at=now + expires_in)


def refused_with(exc_type, *args, **kwargs):
    with pytest.raises(AccessDenied) as caught:
        check(*args, **kwargs)
    assert type(caught.value) is exc_type
    return caught.value


# ------------------------------------------------------------------ sealed records
@pytest.mark.parametrize("action", ["person.view", "person.edit", "household.view"])
def test_sealed_record_is_not_found_even_for_the_allocated_worker(world, action):
    with pytest.raises(NotFound):
        check(world.social_worker, action, relationships={"allocated", "team", "agency"},
              sealed=True)


def test_sealed_record_is_not_found_even_with_a_break_glass_grant(world):
    police = world.users["police_investigator"]
    grant(police)
    with pytest.raises(NotFound):
        check(police, "person.view", sealed=True)


@pytest.mark.parametrize("role", ["inspector", "board_analyst", "administrator",
                                  "team_manager", "conference_chair"])
def test_sealed_record_is_not_found_for_every_role_without_the_grant(world, role):
    with pytest.raises(NotFound):
        check(world.users[role], "person.view", relationships={"agency"}, sealed=True)


def test_privacy_officer_opens_a_sealed_record(world):
    access = check(world.users["privacy_officer"], "person.view", sealed=True)
    assert access.via == "scope"


def test_privacy_officer_still_needs_the_policy_for_anything_but_reading(world):
    refused_with(AccessDenied, world.users["privacy_officer"], "person.edit", sealed=True)


# ------------------------------------------------------------------ relationships
def test_a_relationship_within_scope_opens_the_record(world):
    access = check(world.social_worker, "person.edit", relationships={"team"})
    assert access.via == "relationship" and access.relationships == {"team"}


def test_scope_all_needs_no_relationship(world):
    assert check(world.users["inspector"], "person.view").via == "scope"


# ------------------------------------------------------------------ break-glass
@pytest.mark.parametrize("action", sorted(BREAK_GLASS_ACTIONS))
@pytest.mark.parametrize("role", ["social_worker", "team_manager", "conference_chair",
                                  "designated_safeguarding_lead", "police_investigator",
                                  "health_practitioner"])
def test_break_glass_roles_without_a_relationship_are_offered_break_glass(world, role, action):
    error = refused_with(BreakGlassRequired, world.users[role], action,
                         target_type=action.split(".")[0])
    assert "give a reason" in error.message


@pytest.mark.parametrize("role", ["board_analyst", "administrator"])
def test_roles_without_break_glass_are_simply_refused(world, role):
    refused_with(AccessDenied, world.users[role], "person.view")


@pytest.mark.parametrize("action", ["person.edit", "household.edit", "relationship.edit",
                                    "involvement.edit", "person.seal"])
def test_edits_are_refused_outright_never_offered_break_glass(world, action):
    refused_with(AccessDenied, world.users["police_investigator"], action)
    refused_with(AccessDenied, world.social_worker, action, relationships={"agency"})


def test_an_active_grant_opens_reading_but_not_editing(world):
    police = world.users["police_investigator"]
    grant(police)
    assert check(police, "person.view").via == "break_glass"
    refused_with(AccessDenied, police, "person.edit")


def test_a_grant_opens_only_its_own_record_for_its_own_user(world):
    police = world.users["police_investigator"]
    grant(police, target_id="p-1")
    refused_with(BreakGlassRequired, police, "person.view", target_id="p-2")
    refused_with(AccessDenied, police, "household.view", target_id="p-1",
                 target_type="household")
    refused_with(BreakGlassRequired, world.users["health_practitioner"], "person.view")


def test_an_expired_grant_opens_nothing(world):
    police = world.users["police_investigator"]
    grant(police, expires_in=-dt.timedelta(seconds=1))
    assert active_grant(police, "person", "p-1") is None
    refused_with(BreakGlassRequired, police, "person.view")


def test_a_grant_stops_working_when_its_time_is_up(world, monkeypatch):
    police = world.users["police_investigator"]
    issued = grant(police, expires_in=dt.timedelta(minutes=5))
    assert check(police, "person.view").via == "break_glass"
    monkeypatch.setattr(clock, "now", lambda: issued.expires_at)
    refused_with(BreakGlassRequired, police, "person.view")


# ------------------------------------------------------------------ actions not about a record
def test_check_action_follows_the_policy(world):
    check_action(world.users["police_investigator"], "person.create")
    for role in ("board_analyst", "inspector", "administrator", "conference_chair"):
        with pytest.raises(AccessDenied):
            check_action(world.users[role], "person.create")
