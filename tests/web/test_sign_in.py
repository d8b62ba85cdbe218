"""Signing in and out through the pages: credentials, lockout, second factor, where the
user lands afterwards, and what the audit log records."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from everychild.access.models import AuditEvent
from everychild.web.views.account import PENDING_SIGN_IN

from ..factories import PASSWORD
from .helpers import code_for, confirmed_device, sign_in, signed_in_user_id

pytestmark = pytest.mark.django_db


def _last(action: str) -> AuditEvent:
    event = AuditEvent.objects.filter(action=action).order_by("-seq").first()
    assert event is not None, f"no {action} entry"
    return event


# ------------------------------------------------------------------ the page
def test_sign_in_page_is_public_and_asks_for_username_and_password():
    response = Client().get("/sign-in/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="username"' in body and 'name="password"' in body
    assert 'type="password"' in body


def test_correct_password_signs_in_and_lands_on_home(world):
    client = Client()
    response = sign_in(client, "sw")
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_user_id(client) == str(world.social_worker.pk)
    assert client.get("/").status_code == 200
    event = _last("account.sign_in")
    assert event.actor_id == world.social_worker.pk and event.detail["second_factor"] is False
    assert event.source_address == "127.0.0.1"


def test_wrong_password_and_unknown_user_get_the_same_message(world):
    client = Client()
    wrong_password = sign_in(client, "sw", "not-the-password")
    unknown_user = sign_in(client, "nobody-by-this-name", "not-the-password")
    for response in (wrong_password, unknown_user):
        body = response.content.decode()
        assert response.status_code == 400
        assert "There is a problem" in body and "Enter a correct username and password" in body
        assert signed_in_user_id(client) is None
    # Apart from the echoed username, the form's token and the CSP nonce, the pages match.
    assert _normalised(wrong_password, "sw") == _normalised(unknown_user, "nobody-by-this-name")


def _normalised(response, username: str) -> str:
    body = response.content.decode().replace(f'value="{username}"', 'value=""')
    body = re.sub(r'nonce="[^"]*"', "", body)  # a fresh CSP nonce on every response
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)


def test_failed_sign_in_is_audited_without_an_actor(world):
    sign_in(Client(), "sw", "not-the-password")
    event = _last("account.sign_in_failed")
    assert event.actor_id is None and event.actor_username == ""
    assert event.detail == {"username": "sw", "reason": "credentials"}


@pytest.mark.parametrize("username,password,messages", [
    ("", "", ["Enter your username", "Enter your password"]),
    ("sw", "", ["Enter your password"]),
    ("", PASSWORD, ["Enter your username"]),
])
def test_empty_fields_get_specific_messages(world, username, password, messages):
    client = Client()
    response = sign_in(client, username, password)
    body = response.content.decode()
    assert response.status_code == 400
    for message in messages:
        assert message in body
    assert "Enter a correct username and password" not in body
    assert signed_in_user_id(client) is None
    # An empty form is not an attempt: it does not count towards a lockout.
    assert not AccessAttempt.objects.exists()


def test_inactive_account_cannot_sign_in(world):
    world.social_worker.is_active = False
    world.social_worker.save()
    client = Client()
    response = sign_in(client, "sw")
    assert response.status_code == 400
    assert "Enter a correct username and password" in response.content.decode()
    assert signed_in_user_id(client) is None


# ------------------------------------------------------------------ lockout
def test_five_failures_lock_the_account_even_with_the_right_password(world):
    client = Client()
    for _ in range(4):
        assert sign_in(client, "sw", "wrong-password").status_code == 400
    fifth = sign_in(client, "sw", "wrong-password")
    assert fifth.status_code == 429
    right = sign_in(client, "sw", PASSWORD)
    body = right.content.decode()
    assert right.status_code == 429
    assert "locked for 15 minutes" in body and "too many attempts" in body
    assert signed_in_user_id(client) is None
    assert _last("account.sign_in_failed").detail["reason"] == "locked_out"


def test_lockout_follows_the_username_to_another_address(world):
    for _ in range(5):
        sign_in(Client(REMOTE_ADDR="10.0.0.1"), "sw", "wrong-password")
    elsewhere = Client(REMOTE_ADDR="10.0.0.2")
    assert sign_in(elsewhere, "sw").status_code == 429
    assert signed_in_user_id(elsewhere) is None
    # Other users are not affected by someone guessing at this one.
    assert sign_in(Client(REMOTE_ADDR="10.0.0.3"), "tm").status_code == 302


def test_an_address_trying_many_usernames_is_locked_out(world):
    client = Client(REMOTE_ADDR="10.0.0.9")
    for name in ("alpha", "bravo", "charlie", "delta", "echo"):
        sign_in(client, name, "guess")
    assert sign_in(client, "sw").status_code == 429


def test_lock_lifts_after_the_cool_off(world):
    client = Client()
    for _ in range(5):
        sign_in(client, "sw", "wrong-password")
    assert sign_in(client, "sw").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert sign_in(client, "sw").status_code == 302
    assert signed_in_user_id(client) == str(world.social_worker.pk)


# ------------------------------------------------------------------ where to go next
def test_next_on_this_site_is_honoured(world):
    client = Client()
    page = client.get("/account/")
    assert page.status_code == 302 and page["Location"] == "/sign-in/?next=%2Faccount%2F"
    form = client.get(page["Location"]).content.decode()
    assert 'name="next" value="/account/"' in form
    response = sign_in(client, "sw", next="/account/")
    assert response["Location"] == "/account/"


def test_a_search_interrupted_by_sign_in_comes_back_whole(world):
    client = Client()
    page = client.get("/people/?text=osei&dob-day=2")
    form = client.get(page["Location"]).content.decode()
    assert 'name="next" value="/people/?text=osei&amp;dob-day=2"' in form


@pytest.mark.parametrize("target", [
    "https://attacker.example/steal", "//attacker.example/", "http://testserver.attacker.example/",
    "javascript:alert(1)", "https:///attacker.example",
])
def test_next_pointing_elsewhere_is_ignored(world, target):
    client = Client()
    form = client.get("/sign-in/", {"next": target}).content.decode()
    assert "attacker" not in form
    response = sign_in(client, "sw", next=target)
    assert response.status_code == 302 and response["Location"] == "/"


def test_signed_in_user_visiting_sign_in_goes_home(world, client_for):
    response = client_for(world.social_worker).get("/sign-in/")
    assert response.status_code == 302 and response["Location"] == "/"


# ------------------------------------------------------------------ second factor
def test_user_with_a_second_factor_is_asked_for_a_code_before_signing_in(world):
    device = confirmed_device(world.social_worker)
    client = Client()
    response = sign_in(client, "sw", next="/account/")
    assert response.status_code == 302 and response["Location"] == "/sign-in/code/"
    assert signed_in_user_id(client) is None
    assert client.get("/account/").status_code == 302  # not signed in yet
    page = client.get("/sign-in/code/")
    assert page.status_code == 200 and "6-digit code" in page.content.decode()

    done = client.post("/sign-in/code/", {"code": code_for(device)})
    assert done.status_code == 302 and done["Location"] == "/account/"
    assert signed_in_user_id(client) == str(world.social_worker.pk)
    assert client.session.get("otp_device_id") == device.persistent_id
    assert PENDING_SIGN_IN not in client.session
    assert _last("account.sign_in").detail["second_factor"] is True


def test_wrong_code_is_refused_then_throttled(world):
    device = confirmed_device(world.social_worker)
    client = Client()
    sign_in(client, "sw")
    wrong = client.post("/sign-in/code/", {"code": "000000" if code_for(device) != "000000"
                                                 else "111111"})
    assert wrong.status_code == 400
    assert "The code is not correct" in wrong.content.decode()
    assert signed_in_user_id(client) is None
    assert _last("account.sign_in_failed").detail == {"username": "sw", "reason": "wrong_code"}

    # Straight after a wrong code even the right one must wait (django-otp's back-off).
    throttled = client.post("/sign-in/code/", {"code": code_for(device)})
    body = throttled.content.decode()
    assert throttled.status_code == 400
    assert "Too many wrong codes" in body and "Wait" in body
    assert signed_in_user_id(client) is None

    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - dt.timedelta(minutes=5)
    device.save()
    ok = client.post("/sign-in/code/", {"code": code_for(device)})
    assert ok.status_code == 302
    assert signed_in_user_id(client) == str(world.social_worker.pk)


@pytest.mark.parametrize("code,message", [
    ("", "Enter the 6-digit code"),
    ("12345", "must be 6 digits"),
    ("abcdef", "must be 6 digits"),
])
def test_malformed_codes_get_specific_messages(world, code, message):
    confirmed_device(world.social_worker)
    client = Client()
    sign_in(client, "sw")
    response = client.post("/sign-in/code/", {"code": code})
    assert response.status_code == 400 and message in response.content.decode()


def test_code_with_spaces_is_accepted(world):
    device = confirmed_device(world.social_worker)
    client = Client()
    sign_in(client, "sw")
    code = code_for(device)
    assert client.post("/sign-in/code/", {"code": f"{code[:3]} {code[3:]}"}).status_code == 302


def test_code_page_without_a_password_first_sends_back_to_sign_in(world):
    response = Client().get("/sign-in/code/")
    assert response.status_code == 302 and response["Location"] == "/sign-in/"


def test_a_stale_half_sign_in_must_start_again(world):
    device = confirmed_device(world.social_worker)
    client = Client()
    sign_in(client, "sw")
    session = client.session
    session[PENDING_SIGN_IN] = {**session[PENDING_SIGN_IN], "at": 0}
    session.save()
    response = client.post("/sign-in/code/", {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == "/sign-in/"
    assert signed_in_user_id(client) is None


def test_code_cannot_be_used_twice(world):
    device = confirmed_device(world.social_worker)
    code = code_for(device)
    first = Client()
    sign_in(first, "sw")
    assert first.post("/sign-in/code/", {"code": code}).status_code == 302
    second = Client()
    sign_in(second, "sw")
    replay = second.post("/sign-in/code/", {"code": code})
    assert replay.status_code == 400 and signed_in_user_id(second) is None


# ------------------------------------------------------------------ signing out
def test_sign_out_asks_then_signs_out(world, client_for):
    client = client_for(world.social_worker)
    page = client.get("/sign-out/")
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    assert signed_in_user_id(client) == str(world.social_worker.pk)  # GET changes nothing

    response = client.post("/sign-out/")
    assert response.status_code == 302 and response["Location"] == "/signed-out/"
    assert signed_in_user_id(client) is None
    assert "You have signed out" in client.get("/signed-out/").content.decode()
    assert client.get("/account/").status_code == 302
    event = _last("account.sign_out")
    assert event.actor_id == world.social_worker.pk


def test_sign_out_needs_a_signed_in_user():
    response = Client().post("/sign-out/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
