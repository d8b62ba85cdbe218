"""A signed-off referral naming a sealed child opens no case for that child (social care
could not see it, and a case would make the record known): the privacy officer, who may
see sealed records, is alerted instead, and the alert is on the audit log."""

from __future__ import annotations

import pytest

from everychild.access.models import AuditEvent, PrivacyAlert
from everychild.access.selectors import privacy_alert_list
from everychild.casework.models import Episode
from everychild.referrals import services as referrals

from ..referrals.builders import referral_input
from .pathway_support import fresh

pytestmark = pytest.mark.django_db


def test_a_sealed_child_on_a_signed_off_referral_alerts_the_privacy_officer(world):
    sw, tm = world.social_worker, world.users["team_manager"]
    referral = referrals.referral_submit(actor=world.users["designated_safeguarding_lead"],
                                         data=referral_input())
    for entry in referral.people.filter(person__isnull=True):
        current = fresh(referral)
        referrals.referral_person_create_record(actor=sw, referral=current, entry_id=entry.pk,
                                                version=current.version)
    referral = fresh(referral)
    referrals.referral_decide(actor=sw, referral=referral, outcome="assessment",
                              reasons="Bruising and a disclosure about the lodger",
                              version=referral.version)
    children = {rp.person.given_name: rp.person for rp in referral.people.filter(
        role__in=("subject_child", "other_child"))}
    tillie, ronan = children["Tillie"], children["Ronan"]
    tillie.sealed = True  # sealed while the decision waited for sign-off (an adoption)
    tillie.save(update_fields=["sealed"])
    referral = fresh(referral)
    referrals.referral_sign_off(actor=tm, referral=referral, version=referral.version)

    assert not Episode.objects.filter(child=tillie).exists()
    assert Episode.objects.filter(child=ronan).exists()  # her brother's case opens as usual
    alert = PrivacyAlert.objects.get()
    assert (alert.kind, alert.target_type, alert.target_id, alert.staff) == (
        "sealed_referral", "person", str(tillie.ref), tm)
    assert "No case was opened" in alert.reason and "Tillie" not in alert.reason
    entry = AuditEvent.objects.get(seq=alert.audit_seq)
    assert (entry.action, entry.target_id, entry.detail["referral"]) == (
        "casework.sealed_referral", str(tillie.ref), str(referral.ref))
    assert privacy_alert_list(actor=world.users["privacy_officer"]) == [alert]
