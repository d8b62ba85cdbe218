"""How referrals look in the API: the body a referrer sends, what the referrer sees back,
and the front door's view of a referral.

The body's serializers check only the shape and types of what was sent (so an unknown or
misspelt field, or a number where text belongs, is refused by name); what the referral
must say is checked by `entries`, the same checks the web form uses, so a message reads
the same wherever the referral was made.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from everychild.access.api_support import MAX_ID, StrictSerializer, id_field
from everychild.people.api_serializers import (
    AgencyRefSerializer,
    PersonLinkSerializer,
    WorkerSerializer,
    ref_field,
    text,
)

from .entries import MAX_PEOPLE
from .models import (
    Channel,
    DecisionStatus,
    FamilyAware,
    HarmCategory,
    MatchStatus,
    Outcome,
    PersonRole,
    Rag,
    ReferralSource,
    SharingBasis,
    Status,
)

MAX_INCIDENTS = 50
MAX_OTHER_NAMES = 20
MAX_TEXT = 20_000


# ------------------------------------------------------------------ strict input fields
class StrictBooleanField(serializers.BooleanField):
    """true or false, and nothing that merely looks like them ("yes", 1)."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=str(data)[:40])
        return data


NAME_PAIR = {"type": "array", "minItems": 2, "maxItems": 2,
             "items": {"type": "string", "maxLength": 100}}


@extend_schema_field({
    "oneOf": [
        {"type": "array", "maxItems": MAX_OTHER_NAMES, "items": NAME_PAIR,
         "description": "[[given, family], ...]"},
        {"type": "string", "maxLength": 2000,
         "description": "'Given Family; Given Family'"},
    ],
})
class OtherNamesField(serializers.Field):
    """Names a person is also known by: pairs of [given, family], or the text a person
    would type ('Given Family; Given Family')."""

    default_error_messages = {
        "invalid": "Give other names as [[given, family], ...] or as text like "
                   "'Tilly Marsh; Matilda Ross'",
        "too_many": f"Give at most {MAX_OTHER_NAMES} other names",
        "too_long": "Each part of a name must be 100 characters or fewer",
    }

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str):
            if len(data) > 2000:
                self.fail("too_long")
            self._plain(data)
            return data
        if not isinstance(data, list):
            self.fail("invalid")
        if len(data) > MAX_OTHER_NAMES:
            self.fail("too_many")
        for pair in data:
            if not (isinstance(pair, list) and len(pair) == 2
                    and all(isinstance(part, str) for part in pair)):
                self.fail("invalid")
            if any(len(part) > 100 for part in pair):
                self.fail("too_long")
            for part in pair:
                self._plain(part)
        return data

    @staticmethod
    def _plain(text: str) -> None:
        """What the other text fields refuse: NUL (which PostgreSQL cannot store) and lone
        surrogates (which UTF-8 cannot encode)."""
        ProhibitNullCharactersValidator()(text)
        ProhibitSurrogateCharactersValidator()(text)

    def to_representation(self, value: Any) -> Any:
        return value


def choice(choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices, required=False, **kwargs)


class ReferrerInputSerializer(StrictSerializer):
    channel = choice(Channel.choices, help_text="How the referral was made; `api` if not "
                                                "given")
    # (`source` is also the name of an attribute of DRF fields: hence the ignore.)
    source = choice(ReferralSource.choices,  # type: ignore[assignment]
                    help_text="Who is referring (CIN census ReferralSource code)")
    name = text(200, required=False, help_text="Not needed when the source is 9, anonymous")
    role = text(200, required=False, help_text="Job title, or relationship to the child")
    agency_id = id_field(required=False, allow_null=True,
                         help_text="The referrer's agency, if it is in Everychild")
    organisation = text(200, required=False)
    phone = text(40, required=False)
    email = text(254, required=False, help_text="Where the acknowledgement and outcome are "
                                                "sent; a phone number or email is needed")


class PersonEntryInputSerializer(StrictSerializer):
    role = choice(PersonRole.choices, help_text="One person must be the subject child")
    given_name = text(100, required=False, help_text="As much of the name as is known "
                                                     "(for a baby not yet named, 'Baby')")
    family_name = text(100, required=False)
    other_names = OtherNamesField(required=False)
    sex = choice([("M", "Male"), ("F", "Female"), ("U", "Not known")], allow_blank=True)
    date_of_birth = text(20, required=False, help_text="As far as it is known: 2015-03-27, "
                                                       "2015-03, 2015 or 27/3/2015")
    expected_date_of_birth = text(10, required=False,
                                  help_text="For an unborn child: YYYY-MM-DD")
    nhs_number = text(20, required=False, help_text="10 digits; spaces are ignored")
    upn = text(20, required=False, help_text="Unique Pupil Number (13 characters)")
    relationship = text(100, required=False, help_text="For an adult: who they are to the "
                                                       "child, e.g. mother, lodger")
    lives_in_household = StrictBooleanField(required=False, help_text="Default true")
    is_family = StrictBooleanField(required=False, help_text="Default true")
    school_or_setting = text(200, required=False)
    notes = text(500, required=False)


class AddressInputSerializer(StrictSerializer):
    line_1 = text(200, required=False)
    line_2 = text(200, required=False)
    town = text(100, required=False)
    postcode = text(16, required=False, help_text="A UK postcode, like NB1 4QL")


class IncidentInputSerializer(StrictSerializer):
    description = text(MAX_TEXT, required=False, help_text="What happened")
    happened_on = text(10, required=False, help_text="YYYY-MM-DD, if known")
    when_text = text(100, required=False, help_text="Roughly when, if the date is not known")


class ConcernInputSerializer(StrictSerializer):
    concern = text(MAX_TEXT, required=False, help_text="The concern in the referrer's words")
    significant_harm = StrictBooleanField(
        required=False, help_text="The referrer believes a child is suffering, or is likely "
                                  "to suffer, significant harm")
    harm_categories = serializers.ListField(
        child=serializers.ChoiceField(HarmCategory.choices), required=False, max_length=4)
    past_concerns = text(MAX_TEXT, required=False)
    incidents: serializers.ListSerializer[Any] = serializers.ListSerializer(
        child=IncidentInputSerializer(), required=False, max_length=MAX_INCIDENTS)


class SharingInputSerializer(StrictSerializer):
    family_aware = choice(FamilyAware.choices, help_text="Does the family know?")
    basis = choice(SharingBasis.choices, help_text="The information-sharing basis")
    reason = text(MAX_TEXT, required=False,
                  help_text="Why it is shared without consent (needed unless consent given)")


@extend_schema_serializer(component_name="ReferralCreate")
class ReferralInputSerializer(StrictSerializer):
    referrer = ReferrerInputSerializer()
    people: serializers.ListSerializer[Any] = serializers.ListSerializer(
        child=PersonEntryInputSerializer(), max_length=MAX_PEOPLE,
        help_text="The subject child and everyone else")
    address = AddressInputSerializer(required=False, help_text="The family's address, as "
                                                               "far as it is known")
    concern = ConcernInputSerializer()
    sharing = SharingInputSerializer()


# ------------------------------------------------------------------ the referrer's view
class ReferrerStatus(models.TextChoices):
    BEING_CONSIDERED = "being_considered", "Being considered"
    DECISION_MADE = "decision_made", "Decision made"


# The tracked referral carries the outcome as its label; the API gives the code as well.
OUTCOME_BY_LABEL = {label: value for value, label in Outcome.choices}


class ReferralPersonMatchSerializer(serializers.Serializer):
    """Whether the person was found among the people already known: never who."""

    name = serializers.CharField(source="full_name", help_text="As the referrer gave it")
    role = serializers.ChoiceField(PersonRole.choices)
    match_status = serializers.ChoiceField(MatchStatus.choices)


@extend_schema_serializer(component_name="ReferralReceipt")
class ReferralReceiptSerializer(serializers.Serializer):
    ref = ref_field()
    reference = serializers.CharField(help_text="Quote this on the phone, like R2026-000123")
    status = serializers.ChoiceField(ReferrerStatus.choices)
    received_at = serializers.DateTimeField()
    people = ReferralPersonMatchSerializer(many=True)


@extend_schema_serializer(component_name="ReferralStatus")
class TrackedReferralSerializer(serializers.Serializer):
    """A referral the user made, and what became of it: not the case file."""

    ref = ref_field(source="referral.ref")
    reference = serializers.CharField(source="referral.reference")
    received_at = serializers.DateTimeField(source="referral.received_at")
    children = serializers.ListField(child=serializers.CharField(),
                                     help_text="The children's names as given")
    status = serializers.ChoiceField(ReferrerStatus.choices)
    status_text = serializers.CharField()
    outcome = serializers.ChoiceField(Outcome.choices, allow_null=True,
                                      help_text="Once the decision is signed off")
    outcome_text = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        done = instance.referral.status == Status.COMPLETE
        status = ReferrerStatus.DECISION_MADE if done else ReferrerStatus.BEING_CONSIDERED
        shown = {"referral": instance.referral, "children": instance.children,
                 "status": status, "status_text": status.label,
                 "outcome": OUTCOME_BY_LABEL.get(instance.outcome),
                 "outcome_text": instance.outcome, "decided_at": instance.decided_at}
        return dict(super().to_representation(shown))


# ------------------------------------------------------------------ the front door
class QueueItemSerializer(serializers.Serializer):
    ref = ref_field(source="referral.ref")
    reference = serializers.CharField(source="referral.reference")
    status = serializers.ChoiceField(Status.choices, source="referral.status")
    rag = serializers.ChoiceField(Rag.choices, source="referral.rag", allow_blank=True)
    source = serializers.ChoiceField(  # type: ignore[assignment]
        ReferralSource.choices, source="referral.source", allow_blank=True)
    received_at = serializers.DateTimeField(source="referral.received_at")
    children = serializers.ListField(child=serializers.CharField())
    response_due = serializers.DateTimeField()
    decision_due = serializers.DateTimeField()
    standing = serializers.CharField(help_text="Of the decision: on_track, due_soon, "
                                               "overdue or done")
    response_standing = serializers.CharField()
    flags = serializers.ListField(child=serializers.CharField())
    version = serializers.IntegerField(source="referral.version", min_value=1)


class CandidateSerializer(serializers.Serializer):
    """A known person the referral's person may be."""

    ref = ref_field(source="person.ref")
    name = serializers.CharField(source="person.full_name")
    date_of_birth = serializers.DateField(source="person.date_of_birth", allow_null=True)
    score = serializers.FloatField(source="candidate.score")
    reasons = serializers.ListField(child=serializers.CharField(), source="candidate.reasons",
                                    help_text="Which details agreed")
    home = serializers.CharField(help_text="Where they live now (town and postcode), to tell "
                                           "candidates apart; blank if not known")


class TriagePersonSerializer(serializers.Serializer):
    """A person as the referrer described them, and who they turned out to be."""

    entry = serializers.IntegerField(source="entry.pk", min_value=1, max_value=MAX_ID,
                                     help_text="Names this person in the link and "
                                               "new-record URLs")
    role = serializers.ChoiceField(PersonRole.choices, source="entry.role")
    name = serializers.CharField(source="entry.full_name")
    given_name = serializers.CharField(source="entry.given_name")
    family_name = serializers.CharField(source="entry.family_name")
    other_names = serializers.ListField(child=serializers.ListField(
        child=serializers.CharField()), source="entry.other_names")
    sex = serializers.CharField(source="entry.sex")
    date_of_birth = serializers.CharField(source="entry.date_of_birth",
                                          help_text="As far as it was known")
    expected_date_of_birth = serializers.DateField(source="entry.expected_date_of_birth",
                                                   allow_null=True)
    nhs_number = serializers.CharField(source="entry.nhs_number")
    upn = serializers.CharField(source="entry.upn")
    relationship = serializers.CharField(source="entry.relationship")
    lives_in_household = serializers.BooleanField(source="entry.lives_in_household")
    is_family = serializers.BooleanField(source="entry.is_family")
    school_or_setting = serializers.CharField(source="entry.school_or_setting")
    notes = serializers.CharField(source="entry.notes")
    match_status = serializers.ChoiceField(MatchStatus.choices, source="entry.match_status")
    person = PersonLinkSerializer(allow_null=True, help_text="The record they are linked to")
    match_score = serializers.FloatField(allow_null=True)
    match_reasons = serializers.ListField(child=serializers.CharField())
    linked_by_specialist = serializers.BooleanField(
        help_text="A specialist linked them to a record this user may not see")
    needs_specialist = serializers.BooleanField(
        help_text="A specialist must review this person before they are matched")
    advice = serializers.ChoiceField([("auto", "Link"), ("review", "Review the candidates"),
                                      ("none", "No likely match")], allow_null=True,
                                     help_text="The matcher's advice, while not yet matched")
    candidates = CandidateSerializer(many=True)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        entry, matches = instance.entry, instance.matches
        hidden = instance.linked_by_specialist_unseen
        shown = {
            "entry": entry, "person": None if hidden else entry.person,
            "match_score": None if hidden else entry.match_score,
            "match_reasons": [] if hidden else [str(r) for r in entry.match_reasons],
            "linked_by_specialist": hidden,
            "needs_specialist": entry.match_status == MatchStatus.SPECIALIST
            or bool(matches and matches.needs_specialist),
            "advice": matches.decision if matches else None,
            "candidates": [{"person": m.person, "candidate": m.candidate,
                            "home": instance.homes.get(m.person.pk, "")}
                           for m in (matches.shown if matches else [])],
        }
        return dict(super().to_representation(shown))


class EarlierReferralSerializer(serializers.Serializer):
    reference = serializers.CharField()
    received_at = serializers.DateTimeField(allow_null=True)
    source = serializers.CharField()  # type: ignore[assignment]
    outcome = serializers.CharField()
    within_12_months = serializers.BooleanField()


class FamilyMemberSerializer(serializers.Serializer):
    person = PersonLinkSerializer()
    how = serializers.CharField(help_text="Who they are to the child")
    agencies = serializers.ListField(child=serializers.CharField())


class ChildHistorySerializer(serializers.Serializer):
    """A linked child's history across agencies."""

    entry = serializers.IntegerField(source="entry.pk", min_value=1, max_value=MAX_ID)
    person = PersonLinkSerializer()
    earlier = EarlierReferralSerializer(many=True, help_text="Earlier referrals, newest first")
    family = FamilyMemberSerializer(many=True)
    agencies = serializers.ListField(child=serializers.CharField(),
                                     help_text="Agencies involved now")
    rereferral = serializers.BooleanField(help_text="Referred before within 12 months")
    under_one = serializers.BooleanField()


class IncidentSerializer(serializers.Serializer):
    happened_on = serializers.DateField(allow_null=True)
    when_text = serializers.CharField()
    description = serializers.CharField()


class RagChangeSerializer(serializers.Serializer):
    rag = serializers.ChoiceField(Rag.choices)
    reason = serializers.CharField()
    changed_by = WorkerSerializer(allow_null=True, help_text="Empty for the rating on receipt")
    changed_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="InformationRequest")
class InformationRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    agency = AgencyRefSerializer()
    question = serializers.CharField()
    requested_by = WorkerSerializer()
    requested_at = serializers.DateTimeField()
    answer = serializers.CharField()
    answered_by_name = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    outcome = serializers.ChoiceField(Outcome.choices)
    reasons = serializers.CharField()
    decided_by = WorkerSerializer()
    decided_at = serializers.DateTimeField()
    status = serializers.ChoiceField(DecisionStatus.choices)
    reviewed_by = WorkerSerializer(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    review_note = serializers.CharField()


class TriageReferrerSerializer(serializers.Serializer):
    name = serializers.CharField(source="referrer_name")
    role = serializers.CharField(source="referrer_role")
    agency = AgencyRefSerializer(source="referrer_agency", allow_null=True)
    organisation = serializers.CharField(source="referrer_organisation")
    phone = serializers.CharField(source="referrer_phone")
    email = serializers.CharField(source="referrer_email")


class AddressSerializer(serializers.Serializer):
    line_1 = serializers.CharField(source="address_line_1")
    line_2 = serializers.CharField(source="address_line_2")
    town = serializers.CharField()
    postcode = serializers.CharField()


class SharingSerializer(serializers.Serializer):
    family_aware = serializers.ChoiceField(FamilyAware.choices, allow_blank=True)
    basis = serializers.ChoiceField(SharingBasis.choices, source="sharing_basis",
                                    allow_blank=True)
    reason = serializers.CharField(source="sharing_reason")


@extend_schema_serializer(component_name="TriageReferral")
class TriageSerializer(serializers.Serializer):
    """A referral as the front door sees it (a `selectors.TriageView`)."""

    ref = ref_field(source="referral.ref")
    reference = serializers.CharField(source="referral.reference")
    status = serializers.ChoiceField(Status.choices, source="referral.status")
    version = serializers.IntegerField(source="referral.version", min_value=1,
                                       help_text="Also sent as the ETag")
    channel = serializers.ChoiceField(Channel.choices, source="referral.channel")
    source = serializers.ChoiceField(  # type: ignore[assignment]
        ReferralSource.choices, source="referral.source", allow_blank=True)
    received_at = serializers.DateTimeField(source="referral.received_at")
    referrer = TriageReferrerSerializer(source="referral")
    needs_written_confirmation = serializers.BooleanField(
        source="referral.needs_written_confirmation")
    written_confirmation_at = serializers.DateTimeField(
        source="referral.written_confirmation_at", allow_null=True)
    address = AddressSerializer(source="referral")
    concern = serializers.CharField(source="referral.concern")
    significant_harm = serializers.BooleanField(source="referral.significant_harm")
    harm_categories = serializers.ListField(child=serializers.ChoiceField(
        HarmCategory.choices), source="referral.harm_categories")
    past_concerns = serializers.CharField(source="referral.past_concerns")
    incidents = IncidentSerializer(many=True)
    sharing = SharingSerializer(source="referral")
    rag = serializers.ChoiceField(Rag.choices, source="referral.rag", allow_blank=True)
    rag_history = RagChangeSerializer(many=True)
    people = TriagePersonSerializer(many=True)
    histories = ChildHistorySerializer(many=True, help_text="For each linked child")
    requests = InformationRequestSerializer(many=True)
    decisions = DecisionSerializer(many=True, help_text="Returned ones included")
    response_due = serializers.DateTimeField()
    decision_due = serializers.DateTimeField()
    standing = serializers.CharField(help_text="Of the decision: on_track, due_soon, "
                                               "overdue or done")
    flags = serializers.ListField(child=serializers.CharField())

