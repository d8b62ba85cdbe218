"""The referrer's own referrals: what they sent, whether it is still being considered, and
the outcome once a manager has signed the decision off. Never the case file: not the
records the people were matched to, not the child's history, not what other agencies
said during triage."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from everychild.people.views.support import actor_of, domain_errors, require_GET

from .. import forms, selectors
from ..selectors import TrackedReferral
from ..timescales import decision_due
from .wizard import SENT


@require_GET
@domain_errors()
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "referrals/mine.html", {
        "title": "Your referrals",
        "referrals": selectors.referrals_made_by(actor=actor_of(request)),
    })


def _cards(tracked: TrackedReferral) -> list[forms.Card]:
    r = tracked.referral
    return forms.answer_cards(
        referrer=SimpleNamespace(channel=r.channel, source=r.source, name=r.referrer_name,
                                 role=r.referrer_role, organisation=r.referrer_organisation,
                                 phone=r.referrer_phone, email=r.referrer_email),
        people=list(r.people.all()),
        address=SimpleNamespace(line_1=r.address_line_1, line_2=r.address_line_2,
                                town=r.town, postcode=r.postcode),
        concern=SimpleNamespace(concern=r.concern, significant_harm=r.significant_harm,
                                harm_categories=r.harm_categories,
                                past_concerns=r.past_concerns),
        incidents=list(r.incidents.all()),
        sharing=SimpleNamespace(family_aware=r.family_aware, basis=r.sharing_basis,
                                reason=r.sharing_reason),
        agency_name=r.referrer_agency.name if r.referrer_agency else "")


@require_GET
@domain_errors()
def mine_detail(request: HttpRequest, ref: Any) -> HttpResponse:
    tracked = selectors.referral_for_referrer(actor=actor_of(request), ref=ref)
    referral = tracked.referral
    # Straight after sending: the confirmation, once; afterwards the referral itself.
    if request.session.get(SENT) == str(referral.ref):
        del request.session[SENT]
        assert referral.received_at is not None
        return render(request, "referrals/wizard_sent.html", {
            "title": "Referral sent", "referral": referral,
            "decision_due": decision_due(referral.received_at),
            "written_confirmation_hours": settings.EVERYCHILD_WRITTEN_CONFIRMATION_HOURS,
            "contact_centre": actor_of(request).role == forms.CONTACT_CENTRE,
        })
    return render(request, "referrals/mine_detail.html", {
        "title": f"Referral {referral.reference}", "tracked": tracked,
        "referral": referral, "cards": [(card, []) for card in _cards(tracked)],
    })
