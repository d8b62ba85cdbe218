"""Small helpers shared by the web tests."""

from __future__ import annotations

import time

from django.test import Client
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..factories import PASSWORD


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app holding the device's secret shows now (or that many
    30-second steps later: a code is accepted only once, the next step's is also valid)."""
    if steps_ahead == 0:
        value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits,
                     drift=device.drift)
    else:
        later = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits,
                     drift=device.drift)
        later.time = time.time() + steps_ahead * device.step
        value = later.token()
    return f"{value:0{device.digits}d}"


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post("/sign-in/", {"username": username, "password": password, **extra})


def signed_in_user_id(client: Client):
    return client.session.get("_auth_user_id")
