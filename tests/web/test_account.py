"""The account page, setting up and removing an authenticator app, and API tokens."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from everychild.access.api_auth import ApiTokenAuthentication
from everychild.access.models import ApiToken, AuditEvent

from ..factories import PASSWORD, StaffFactory
from .helpers import code_for, confirmed_device, sign_in, signed_in_user_id

pytestmark = pytest.mark.django_db


def _last(action: str) -> AuditEvent:
    event = AuditEvent.objects.filter(action=action).order_by("-seq").first()
    assert event is not None, f"no {action} entry"
    return event


# ------------------------------------------------------------------ the account page
def test_account_page_shows_who_the_user_is(world, client_for):
    world.social_worker.first_name, world.social_worker.last_name = "Amara", "Okafor"
    world.social_worker.save()
    body = client_for(world.social_worker).get("/account/").content.decode()
    for text in ("Amara Okafor", "Social worker", "Northbrook Children&#39;s Social Care",
                 "Assessment team A", "Off", "/account/two-factor/", "/account/api-tokens/"):
        assert text in body, text


def test_account_page_says_when_there_is_no_team_and_when_2fa_is_on(world, client_for):
    chair = world.users["conference_chair"]
    confirmed_device(chair)
    body = client_for(chair).get("/account/").content.decode()
    assert "Conference chair" in body and "Not in a team" in body
    assert ">On<" in body.replace("\n", "").replace(" ", "")


def test_account_pages_need_sign_in():
    for path in ("/account/", "/account/two-factor/", "/account/api-tokens/"):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


# ------------------------------------------------------------------ two-factor set-up
def test_setting_up_an_authenticator_app(world, client_for):
    client = client_for(world.social_worker)
    intro = client.get("/account/two-factor/")
    assert intro.status_code == 200 and not TOTPDevice.objects.exists()  # GET writes nothing

    started = client.post("/account/two-factor/", {"action": "start"})
    assert started.status_code == 302
    device = TOTPDevice.objects.get(user=world.social_worker)
    assert device.confirmed is False
    page = client.get("/account/two-factor/").content.decode()
    assert "<svg" in page and 'role="img"' in page  # the QR code, drawn inline
    assert "http://" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", "")  # nothing fetched from elsewhere
    secret = re.search(r'class="everychild-secret">([A-Z2-7 ]+)<', page)
    assert secret and len(secret.group(1).replace(" ", "")) == 32

    # Reloading or starting again keeps the same secret, so a scanned code stays valid.
    client.post("/account/two-factor/", {"action": "start"})
    assert TOTPDevice.objects.filter(user=world.social_worker).count() == 1

    done = client.post("/account/two-factor/", {"action": "confirm", "code": code_for(device)})
    assert done.status_code == 302 and done["Location"] == "/account/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session.get("otp_device_id") == device.persistent_id
    assert _last("account.otp_enabled").actor_id == world.social_worker.pk
    assert "Two-factor authentication is set up" in client.get("/account/").content.decode()

    # From now on signing in asks for a code.
    fresh = Client()
    assert sign_in(fresh, "sw")["Location"] == "/sign-in/code/"


def test_a_wrong_code_does_not_turn_it_on(world, client_for):
    client = client_for(world.social_worker)
    client.post("/account/two-factor/", {"action": "start"})
    device = TOTPDevice.objects.get(user=world.social_worker)
    wrong = "123456" if code_for(device) != "123456" else "654321"
    response = client.post("/account/two-factor/", {"action": "confirm", "code": wrong})
    assert response.status_code == 400
    assert "The code is not correct" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert not AuditEvent.objects.filter(action="account.otp_enabled").exists()


def test_confirming_without_starting_is_refused(world, client_for):
    response = client_for(world.social_worker).post(
        "/account/two-factor/", {"action": "confirm", "code": "123456"})
    assert response.status_code == 400
    assert "Start setting up" in response.content.decode()


def test_removing_the_second_factor_needs_the_password(world, client_for):
    confirmed_device(world.social_worker)
    client = client_for(world.social_worker)
    page = client.get("/account/two-factor/").content.decode()
    assert "Turn off two-factor authentication" in page

    empty = client.post("/account/two-factor/", {"action": "remove", "password": ""})
    assert empty.status_code == 400 and "Enter your password" in empty.content.decode()
    wrong = client.post("/account/two-factor/", {"action": "remove", "password": "nope"})
    assert wrong.status_code == 400 and "Your password is not correct" in wrong.content.decode()
    assert TOTPDevice.objects.filter(user=world.social_worker).exists()

    done = client.post("/account/two-factor/", {"action": "remove", "password": PASSWORD})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.social_worker).exists()
    assert _last("account.otp_disabled").actor_id == world.social_worker.pk
    assert sign_in(Client(), "sw")["Location"] == "/"  # no code asked for any more


def test_unknown_two_factor_action_is_a_bad_request(world, client_for):
    response = client_for(world.social_worker).post("/account/two-factor/", {"action": "x"})
    assert response.status_code == 400


# ------------------------------------------------------------------ passwords
def test_passwords_are_hashed_with_argon2_in_production(world, settings):
    from everychild.config.settings import base

    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    user = StaffFactory(username="argon", agency=world.csc)
    user.set_password("a-long-synthetic-passphrase")
    user.save()
    user.refresh_from_db()
    assert user.password.startswith("argon2")
    client = Client()
    assert sign_in(client, "argon", "a-long-synthetic-passphrase").status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


# ------------------------------------------------------------------ API tokens
def _bearer(token: str) -> Request:
    return Request(APIRequestFactory().get("/api/v1/people/",
                                           HTTP_AUTHORIZATION=f"Bearer {token}"))


def _create(client: Client, name: str = "case sync", days: str = "30"):
    return client.post("/account/api-tokens/", {"action": "create", "name": name, "days": days})


def test_creating_a_token_shows_it_once(world, client_for):
    client = client_for(world.social_worker)
    response = _create(client)
    body = response.content.decode()
    assert response.status_code == 200
    token = re.search(r'id="new-token">(ec_[A-Za-z0-9_-]+)<', body).group(1)
    assert "will not be shown again" in body
    record = ApiToken.objects.get(staff=world.social_worker)
    assert record.name == "case sync" and token.startswith(record.prefix)
    assert (record.expires_at - record.created_at).days == 30

    listing = client.get("/account/api-tokens/").content.decode()
    assert "case sync" in listing and record.prefix in listing and token not in listing
    user, used = ApiTokenAuthentication().authenticate(_bearer(token))
    assert user == world.social_worker and used == record


@pytest.mark.parametrize("name,days,field,message", [
    ("", "30", "name", "Enter a name for the token"),
    ("sync", "", "days", "whole number"),
    ("sync", "ten", "days", "whole number"),
    ("sync", "0", "days", "from 1 to 365"),
    ("sync", "366", "days", "from 1 to 365"),
])
def test_bad_token_requests_change_nothing(world, client_for, name, days, field, message):
    response = _create(client_for(world.social_worker), name, days)
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body and f'href="#{field}"' in body
    assert not ApiToken.objects.exists()


def test_revoked_token_is_rejected_by_the_api(world, client_for):
    client = client_for(world.social_worker)
    token = re.search(r'id="new-token">([^<]+)<', _create(client).content.decode()).group(1)
    record = ApiToken.objects.get(staff=world.social_worker)
    response = client.post("/account/api-tokens/", {"action": "revoke",
                                                    "token_id": record.pk})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.revoked_at is not None
    assert "Revoked" in client.get("/account/api-tokens/").content.decode()
    assert _last("account.api_token_revoke").actor_id == world.social_worker.pk
    with pytest.raises(AuthenticationFailed):
        ApiTokenAuthentication().authenticate(_bearer(token))


def test_expired_token_is_shown_as_expired_and_rejected(world, client_for):
    client = client_for(world.social_worker)
    token = re.search(r'id="new-token">([^<]+)<', _create(client).content.decode()).group(1)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert "Expired" in client.get("/account/api-tokens/").content.decode()
    with pytest.raises(AuthenticationFailed):
        ApiTokenAuthentication().authenticate(_bearer(token))


def test_nobody_can_see_or_revoke_another_users_token(world, client_for):
    _create(client_for(world.social_worker), name="mine")
    record = ApiToken.objects.get()
    other = client_for(world.users["team_manager"])
    assert "mine" not in other.get("/account/api-tokens/").content.decode()
    response = other.post("/account/api-tokens/", {"action": "revoke", "token_id": record.pk})
    assert response.status_code == 404
    record.refresh_from_db()
    assert record.revoked_at is None


def test_revoking_twice_or_nonsense_is_not_found(world, client_for):
    client = client_for(world.social_worker)
    _create(client)
    record = ApiToken.objects.get()
    client.post("/account/api-tokens/", {"action": "revoke", "token_id": record.pk})
    again = client.post("/account/api-tokens/", {"action": "revoke", "token_id": record.pk})
    assert again.status_code == 404
    nonsense = client.post("/account/api-tokens/", {"action": "revoke", "token_id": "x"})
    assert nonsense.status_code == 404
