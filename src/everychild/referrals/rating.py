"""The rating a referral gets on receipt. The front door may change it, with a reason."""

from __future__ import annotations

import datetime as dt

from .entries import full_date
from .models import CHILD_ROLES, Rag, Referral, ReferralPerson, SharingBasis, Status
from .timescales import is_rereferral, under_one


def earlier_referral_times(referral: Referral) -> dict[int, list[dt.datetime]]:
    """For each known person on this referral, when earlier referrals about them arrived."""
    person_ids = [p.person_id for p in referral.people.all() if p.person_id]
    out: dict[int, list[dt.datetime]] = {}
    rows = (ReferralPerson.objects.filter(person_id__in=person_ids)
            .exclude(referral=referral).exclude(referral__status=Status.DRAFT)
            .values_list("person_id", "referral__received_at"))
    for person_id, received in rows:
        if received is not None:
            out.setdefault(person_id, []).append(received)
    return out


def initial_rating(referral: Referral) -> tuple[str, str]:
    if referral.significant_harm:
        return Rag.RED, "The referrer believes a child is at risk of significant harm"
    received = referral.received_at
    assert received is not None
    children = [p for p in referral.people.all() if p.role in CHILD_ROLES]
    reasons = []
    if any(under_one(full_date(p.date_of_birth) or (p.person.date_of_birth if p.person else None),
                     received.date(), unborn=p.expected_date_of_birth is not None)
           for p in children):
        reasons.append("a child under one")
    earlier = earlier_referral_times(referral)
    if any(is_rereferral(received, earlier.get(p.person_id, [])) for p in children if p.person_id):
        reasons.append("a child referred before within 12 months")
    if referral.sharing_basis != SharingBasis.CONSENT_GIVEN:
        reasons.append("shared without the family's consent")
    if reasons:
        return Rag.AMBER, "Rated amber on receipt: " + ", ".join(reasons)
    return Rag.GREEN, "Rated green on receipt: no risk of significant harm reported"
