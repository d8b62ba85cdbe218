"""The account services behind signing in with a second factor and setting one up."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from everychild.access.models import AuditEvent
from everychild.access.services import (
    otp_device_confirm,
    otp_device_remove,
    otp_device_start,
    otp_sign_in_verify,
)
from everychild.core.errors import Conflict, NotFound, ValidationFailed

from ..web.helpers import code_for, confirmed_device

pytestmark = pytest.mark.django_db


def _wrong(device: TOTPDevice) -> str:
    return "000000" if code_for(device) != "000000" else "111111"


def test_code_for_a_user_without_a_second_factor_is_not_found(world):
    with pytest.raises(NotFound):
        otp_sign_in_verify(user=world.social_worker, code="123456")


def test_wrong_codes_make_the_wait_grow(world):
    device = confirmed_device(world.social_worker)
    with pytest.raises(ValidationFailed) as wrong:
        otp_sign_in_verify(user=world.social_worker, code=_wrong(device))
    assert wrong.value.errors["code"] == [
        "The code is not correct. Enter the code your app shows now"]
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Three more failures in a row (the wait is skipped by back-dating the last one).
    for _ in range(3):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
        with pytest.raises(ValidationFailed):
            otp_sign_in_verify(user=world.social_worker, code=_wrong(device))
    with pytest.raises(ValidationFailed) as refused:
        otp_sign_in_verify(user=world.social_worker, code=code_for(device))
    # Four failures: 1, 2, 4, then 8 seconds to wait (less whatever this test took).
    assert re.search(r"Wait [78] seconds", refused.value.errors["code"][0])
    reasons = list(AuditEvent.objects.filter(action="account.sign_in_failed")
                   .values_list("detail__reason", flat=True))
    assert reasons == ["wrong_code"] * 4 + ["code_throttled"]


def test_starting_set_up_twice_keeps_one_secret_and_refuses_once_confirmed(world):
    first = otp_device_start(actor=world.social_worker)
    assert otp_device_start(actor=world.social_worker).pk == first.pk
    assert AuditEvent.objects.filter(action="account.otp_setup_start").count() == 1
    otp_device_confirm(actor=world.social_worker, code=code_for(first))
    with pytest.raises(Conflict):
        otp_device_start(actor=world.social_worker)


def test_removing_needs_the_same_user_reauthenticated(world):
    confirmed_device(world.social_worker)
    with pytest.raises(ValidationFailed):
        otp_device_remove(actor=world.social_worker, reauthenticated=None)
    with pytest.raises(ValidationFailed):
        otp_device_remove(actor=world.social_worker,
                          reauthenticated=world.users["team_manager"])
    assert TOTPDevice.objects.filter(user=world.social_worker).exists()
    otp_device_remove(actor=world.social_worker, reauthenticated=world.social_worker)
    assert not TOTPDevice.objects.filter(user=world.social_worker).exists()
    with pytest.raises(NotFound):
        otp_device_remove(actor=world.social_worker, reauthenticated=world.social_worker)
