"""Whether another agency's referral was a child protection concern is not told to a
partner: not in its words, nor in its grade (which the significance filter would find)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from everychild.chronology.selectors import chronology_for_child
from everychild.referrals.models import Referral, ReferralPerson

from ..api.conftest import token_client

pytestmark = pytest.mark.django_db


def _referral(world, by, agency):
    now = timezone.now()
    referral = Referral.objects.create(
        status="complete", made_by=by, source="POL", referrer_agency=agency, received_at=now,
        concern="Concern only social care reads", significant_harm=True, created_at=now,
        updated_at=now)
    ReferralPerson.objects.create(referral=referral, role="subject", person=world.child)
    return referral


def _referral_lines(actor, child, **filters):
    return [(i.summary, i.significance) for i in
            chronology_for_child(actor=actor, ref=child.ref, **filters).items
            if i.type == "referral"]


def test_a_partner_is_not_told_another_agencys_referral_was_a_cp_concern(world,
                                                                         police_involved):
    _referral(world, police_involved, world.police)
    school = world.users["designated_safeguarding_lead"]
    assert _referral_lines(school, world.child) == [
        ("Referral received by children's social care", "notable")]
    assert _referral_lines(school, world.child, significance=["significant"]) == []
    api = token_client(school)
    body = api.get(f"/api/v1/people/{world.child.ref}/chronology/").json()
    assert [(r["summary"], r["significance"]) for r in body["results"]
            if r["type"] == "referral"] == [
        ("Referral received by children's social care", "notable")]
    filtered = api.get(f"/api/v1/people/{world.child.ref}/chronology/",
                       {"significance": "significant", "type": "referral"}).json()
    assert filtered["count"] == 0


def test_social_care_and_the_referring_agency_see_the_concern_graded(world, police_involved):
    _referral(world, police_involved, world.police)
    for reader in (world.social_worker, police_involved):
        [(summary, significance)] = _referral_lines(reader, world.child)
        assert summary.endswith(": child protection concern")
        assert significance == "significant"
        assert _referral_lines(reader, world.child, significance=["significant"])
