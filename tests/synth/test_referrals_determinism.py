"""The same seed gives the same referrals, however the households are batched; another
seed gives others."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from everychild.people.models import OtherName
from everychild.referrals.models import (
    Decision,
    Incident,
    InformationRequest,
    RagChange,
    Referral,
    ReferralPerson,
)

from .helpers import synth

pytestmark = pytest.mark.django_db


def _sorted(rows: Any) -> list[tuple[Any, ...]]:
    return sorted((tuple(r) for r in rows), key=repr)


def referral_snapshot(children: int, seed: int, **options: Any) -> dict[str, list[Any]]:
    """Everything about the referrals, by stable keys (refs, usernames), from a fresh run
    that is rolled back afterwards."""
    with transaction.atomic():
        synth(children, seed, **options)
        taken = {
            "referrals": _sorted(Referral.objects.values_list(
                "ref", "status", "made_by__username", "channel", "source", "referrer_name",
                "referrer_role", "referrer_agency__code", "referrer_organisation",
                "referrer_phone", "referrer_email", "received_at", "needs_written_confirmation",
                "written_confirmation_at", "address_line_1", "postcode", "concern",
                "significant_harm", "harm_categories", "past_concerns", "family_aware",
                "sharing_basis", "sharing_reason", "rag", "version", "updated_at")),
            "people": _sorted(ReferralPerson.objects.values_list(
                "referral__ref", "position", "role", "given_name", "family_name", "other_names",
                "sex", "date_of_birth", "expected_date_of_birth", "nhs_number", "upn",
                "relationship", "lives_in_household", "is_family", "notes", "person__ref",
                "match_status", "matched_by__username", "matched_at")),
            "decisions": _sorted(Decision.objects.values_list(
                "referral__ref", "outcome", "reasons", "decided_by__username", "decided_at",
                "status", "reviewed_by__username", "reviewed_at", "review_note")),
            "rag": _sorted(RagChange.objects.values_list(
                "referral__ref", "rag", "reason", "changed_by__username", "changed_at")),
            "incidents": _sorted(Incident.objects.values_list(
                "referral__ref", "happened_on", "when_text", "description")),
            "requests": _sorted(InformationRequest.objects.values_list(
                "referral__ref", "agency__code", "question", "requested_at", "answer",
                "answered_at")),
            "aliases": _sorted(OtherName.objects.values_list(
                "person__ref", "kind", "given_name", "family_name", "note")),
        }
        transaction.set_rollback(True)
    return taken


def test_same_seed_gives_the_same_referrals_in_any_batch_size():
    first = referral_snapshot(500, seed=4)
    again = referral_snapshot(500, seed=4, batch_size=9)
    assert len(first["referrals"]) > 50 and first["people"] and first["decisions"]
    for table in first:
        assert first[table] == again[table], f"{table} differ between two runs of seed 4"


def test_another_seed_gives_other_referrals():
    four = referral_snapshot(500, seed=4)
    five = referral_snapshot(500, seed=5)
    assert not {r[0] for r in four["referrals"]} & {r[0] for r in five["referrals"]}
    assert [r[16] for r in four["referrals"]] != [r[16] for r in five["referrals"]]
