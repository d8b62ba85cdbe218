"""A session that ends while a referral page is being filled in loses nothing: the page
posted after the end is kept, and comes back (saved on the draft) once the same person
signs in again. It never reaches anyone else's draft, and a post without a good CSRF
token is not kept."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from everychild.access.middleware import KEPT_TYPED, LAST_SEEN_AT

from ..people.pages import main_text, value
from ..web.helpers import sign_in, signed_in_user_id
from .test_wizard import SCHOOL_LEAD, Wizard, concern, lodger

pytestmark = pytest.mark.django_db

KEPT = "You were signed out; what you typed has been kept"


@pytest.fixture
def wizard(world) -> Wizard:
    client = Client()
    assert sign_in(client, "dsl").status_code == 302
    wizard = Wizard(client)
    wizard.post("referrer", SCHOOL_LEAD)
    return wizard


def idle_too_long(client: Client, settings) -> None:
    session = client.session
    session[LAST_SEEN_AT] = time.time() - settings.EVERYCHILD_SESSION_IDLE_SECONDS - 1
    session.save()


def forget_session(client: Client) -> None:
    """What the session store does when the session's cookie age has passed."""
    Session.objects.filter(session_key=client.session.session_key).delete()


def test_an_idle_timeout_keeps_the_concern_typed(wizard, settings):
    client = wizard.client
    idle_too_long(client, settings)
    typed = concern(concern="Tillie said she is scared of the lodger and does not want to go home.")
    response = wizard.post("concern", typed)
    # Signed out, sent to sign in, and brought back to the same page afterwards.
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/?timeout=1")
    assert signed_in_user_id(client) is None
    assert "concern" not in wizard.draft.draft_data  # nothing saved while signed out
    notice = main_text(client.get(response["Location"]))
    assert "You were signed out" in notice and "What you typed has been kept" in notice
    again = sign_in(client, "dsl", next=wizard.url("concern"))
    assert again["Location"] == wizard.url("concern")
    page = client.get(again["Location"])
    assert KEPT in main_text(page)
    assert value(page, "concern") == typed["concern"]
    assert value(page, "incidents-1-when_text") == "last half term"
    assert wizard.draft.draft_data["concern"]["concern"] == typed["concern"]
    # Kept once: the next visit shows the draft, without the notice.
    assert KEPT not in main_text(client.get(wizard.url("concern")))


def test_a_session_the_store_has_forgotten_keeps_a_new_person(wizard):
    client = wizard.client
    forget_session(client)
    response = wizard.post("people", lodger(given_name="Deano"), index=0)
    assert response.status_code == 302 and "timeout=1" in response["Location"]
    assert wizard.draft.draft_data.get("people") is None
    sign_in(client, "dsl", next=wizard.url("people", 0))
    page = client.get(wizard.url("people", 0))
    assert KEPT in main_text(page) and value(page, "given_name") == "Deano"
    assert wizard.draft.draft_data["people"][0]["given_name"] == "Deano"


def test_kept_values_never_reach_someone_elses_draft(wizard, world, settings):
    client = wizard.client
    idle_too_long(client, settings)
    wizard.post("address", {"line_1": "1 Mill Street", "postcode": "NB1 4QL"})
    before = wizard.draft.draft_data
    # Someone else signs in at the same browser and follows the link back.
    sign_in(client, "police", next=wizard.url("address"))
    assert client.get(wizard.url("address")).status_code == 404
    assert wizard.draft.draft_data == before
    # Nor on their own draft.
    theirs = Wizard(client)
    page = theirs.get("address")
    assert KEPT not in main_text(page) and "address" not in theirs.draft.draft_data


def test_values_recorded_for_one_user_are_not_given_to_another(wizard, world, settings):
    """Even on a page of the same path: a kept form says whose it was."""
    client = wizard.client
    idle_too_long(client, settings)
    wizard.post("address", {"line_1": "1 Mill Street"})
    key = next(k for k, _ in client.session.items() if k.startswith(KEPT_TYPED))
    assert client.session[key]["user"] == world.users["designated_safeguarding_lead"].pk
    session = client.session
    session[key] = {**session[key], "user": world.users["police_investigator"].pk}
    session.save()
    sign_in(client, "dsl", next=wizard.url("address"))
    page = client.get(wizard.url("address"))
    assert KEPT not in main_text(page) and value(page, "line_1") == ""
    assert "address" not in wizard.draft.draft_data


def test_a_post_without_a_good_csrf_token_is_not_kept(wizard, settings):
    client = wizard.client
    idle_too_long(client, settings)
    client.handler.enforce_csrf_checks = True
    response = wizard.post("address", {"line_1": "Planted by another site"})
    client.handler.enforce_csrf_checks = False
    assert response.status_code == 302  # still signed out
    assert not any(k.startswith(KEPT_TYPED) for k, _ in client.session.items())
    sign_in(client, "dsl", next=wizard.url("address"))
    page = client.get(wizard.url("address"))
    assert KEPT not in main_text(page) and value(page, "line_1") == ""
