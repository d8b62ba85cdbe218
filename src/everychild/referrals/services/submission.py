"""Receiving a referral: everything checked first, then written at once, matched, rated
and acknowledged in one transaction."""

from __future__ import annotations

from django.db import transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike, check_action
from everychild.agencies.models import Agency
from everychild.core import clock
from everychild.core.errors import ValidationFailed

from ..entries import ReferralInput, check_referral
from ..models import (
    Channel,
    Incident,
    RagChange,
    Referral,
    ReferralPerson,
    Status,
)
from ..rating import initial_rating
from . import notify
from .matching import match_on_receipt


def _fill(referral: Referral, data: ReferralInput) -> None:
    r, a, c, s = data.referrer, data.address, data.concern, data.sharing
    referral.channel = r.channel
    referral.source = r.source
    referral.referrer_name = r.name
    referral.referrer_role = r.role
    referral.referrer_agency_id = r.agency_id
    referral.referrer_organisation = r.organisation
    referral.referrer_phone = r.phone
    referral.referrer_email = r.email
    referral.address_line_1, referral.address_line_2 = a.line_1, a.line_2
    referral.town, referral.postcode = a.town, a.postcode
    referral.concern = c.concern
    referral.significant_harm = c.significant_harm
    referral.harm_categories = c.harm_categories
    referral.past_concerns = c.past_concerns
    referral.family_aware = s.family_aware
    referral.sharing_basis = s.basis
    referral.sharing_reason = s.reason
    # Professionals who phone a referral through confirm it in writing; the public do not.
    referral.needs_written_confirmation = r.channel == Channel.PHONE and not r.is_public


def referral_submit(*, actor: StaffLike, data: ReferralInput,
                    draft: Referral | None = None) -> Referral:
    """Receive a referral (from a draft the actor was completing, or all at once)."""
    check_action(actor, "referral.create")
    data, errors = check_referral(data)
    if data.referrer.agency_id is not None and not Agency.objects.filter(
            pk=data.referrer.agency_id, active=True).exists():
        errors.add("referrer.agency_id", "Select an agency that is still active")
    if errors:
        raise ValidationFailed(errors=errors.errors)
    now = clock.now()
    with transaction.atomic():
        if draft is not None:
            referral = Referral.objects.select_for_update().get(pk=draft.pk)
            if referral.status != Status.DRAFT or referral.made_by_id != actor.pk:
                raise ValidationFailed(errors={"draft": [
                    "This draft has already been sent; look for it in your referrals"]})
            referral.draft_data = {}
            referral.version += 1
        else:
            referral = Referral(made_by_id=actor.pk, created_at=now)
        _fill(referral, data)
        referral.status = Status.RECEIVED
        referral.received_at = now
        referral.updated_at = now
        referral.save()
        for position, p in enumerate(data.people):
            ReferralPerson.objects.create(
                referral=referral, position=position, role=p.role, given_name=p.given_name,
                family_name=p.family_name, other_names=[list(n) for n in p.other_names],
                sex=p.sex, date_of_birth=p.date_of_birth,
                expected_date_of_birth=p.expected_date_of_birth, nhs_number=p.nhs_number,
                upn=p.upn, relationship=p.relationship,
                lives_in_household=p.lives_in_household, is_family=p.is_family,
                school_or_setting=p.school_or_setting, notes=p.notes)
        Incident.objects.bulk_create([
            Incident(referral=referral, happened_on=i.happened_on, when_text=i.when_text,
                     description=i.description) for i in data.concern.incidents])
        for rp in referral.people.select_related("referral"):
            match_on_receipt(rp)
        rag, reason = initial_rating(referral)
        referral.rag = rag
        referral.save(update_fields=["rag"])
        RagChange.objects.create(referral=referral, rag=rag, reason=reason, changed_at=now)
        notify.acknowledge(referral)
        notify.schedule_confirmation_reminder(referral)
        linked = [str(p.person.ref) for p in referral.people.select_related("person") if p.person]
        audit_record(actor=actor, action="referral.submit", target_type="referral",
                     target_id=referral.ref,
                     detail={"channel": referral.channel, "source": referral.source,
                             "people": len(data.people), "rag": rag,
                             "linked_automatically": linked})
    return referral
