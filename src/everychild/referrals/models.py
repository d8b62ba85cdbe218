"""Referrals: who referred, about which children and adults, what the concern is, how it
was triaged, what was decided, and who signed the decision off."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class ReferralSource(models.TextChoices):
    # CIN census ReferralSource codes.
    FAMILY = "1A", "Individual: family member, relative or carer"
    ACQUAINTANCE = "1B", "Individual: acquaintance, neighbour or childminder"
    SELF = "1C", "Individual: the child themselves"
    INDIVIDUAL_OTHER = "1D", "Individual: other, including strangers"
    SCHOOL = "2A", "School"
    EDUCATION = "2B", "Education services"
    GP = "3A", "Health: GP"
    HEALTH_VISITOR = "3B", "Health: health visitor"
    SCHOOL_NURSE = "3C", "Health: school nurse"
    PRIMARY_HEALTH = "3D", "Health: other primary health services"
    A_AND_E = "3E", "Health: A&E"
    HEALTH_OTHER = "3F", "Health: other"
    HOUSING = "4", "Housing"
    LA_SOCIAL_CARE = "5A", "Local authority: social care"
    LA_OTHER_INTERNAL = "5B", "Local authority: other internal (e.g. youth offending)"
    LA_EXTERNAL = "5C", "Local authority: another authority's services"
    EARLY_HELP = "5D", "Local authority: early help"
    POLICE = "6", "Police"
    LEGAL = "7", "Other legal agency (courts, probation, immigration, Cafcass, prison)"
    OTHER = "8", "Other (children's centres, voluntary organisations)"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class Channel(models.TextChoices):
    ONLINE = "online", "Online form"
    API = "api", "Agency system (API)"
    PHONE = "phone", "Telephone"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    RECEIVED = "received", "Received: awaiting decision"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Decided: awaiting manager sign-off"
    COMPLETE = "complete", "Decision signed off"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class FamilyAware(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class SharingBasis(models.TextChoices):
    CONSENT_GIVEN = "consent_given", "The family consented to the referral"
    CONSENT_REFUSED = ("consent_refused",
                       "Consent was refused; shared because of risk of significant harm")
    WITHOUT_CONSENT = ("without_consent",
                       "Shared without seeking consent because of risk of significant harm")


class HarmCategory(models.TextChoices):
    NEGLECT = "NEG", "Neglect"
    PHYSICAL = "PHY", "Physical abuse"
    EMOTIONAL = "EMO", "Emotional abuse"
    SEXUAL = "SAB", "Sexual abuse"


class Outcome(models.TextChoices):
    NFA = "nfa", "No further action"
    EARLY_HELP = "early_help", "Early help"
    ASSESSMENT = "assessment", "Assessment by children's social care"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"


class Referral(models.Model):
    ref = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Who typed it in: the referrer themselves, or a contact-centre officer taking a call.
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="referrals_made")
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    source = models.CharField(max_length=3, choices=ReferralSource.choices, blank=True)
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True,
                                     help_text="Job title, or relationship to the child")
    referrer_agency = models.ForeignKey("agencies.Agency", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    referrer_email = models.EmailField(blank=True)
    received_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # A referral made by phone must be confirmed in writing.
    needs_written_confirmation = models.BooleanField(default=False)
    written_confirmation_at = models.DateTimeField(null=True, blank=True)
    # The family's address as the referrer gave it.
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    concern = models.TextField(blank=True, help_text="The concern in the referrer's words")
    significant_harm = models.BooleanField(
        default=False, help_text="The referrer believes a child is suffering, or is likely to "
        "suffer, significant harm (a child-protection concern)")
    harm_categories = models.JSONField(default=list, blank=True)
    past_concerns = models.TextField(blank=True)
    family_aware = models.CharField(max_length=10, choices=FamilyAware.choices, blank=True)
    sharing_basis = models.CharField(max_length=20, choices=SharingBasis.choices, blank=True)
    sharing_reason = models.TextField(blank=True)
    rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    # The wizard's work in progress while a draft (what was typed, valid or not).
    draft_data = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "received_at"]),
                   models.Index(fields=["made_by", "status"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The number people quote on the phone: year received and a sequence."""
        year = (self.received_at or self.created_at).year
        return f"R{year}-{self.pk:06d}"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


class PersonRole(models.TextChoices):
    SUBJECT_CHILD = "subject_child", "Child the concern is about"
    OTHER_CHILD = "other_child", "Other child in the family"
    PARENT = "parent", "Parent or carer"
    OTHER_ADULT = "other_adult", "Other adult"


CHILD_ROLES = (PersonRole.SUBJECT_CHILD, PersonRole.OTHER_CHILD)


class MatchStatus(models.TextChoices):
    PENDING = "pending", "Not yet matched"
    LINKED = "linked", "Linked to an existing record"
    NEW_RECORD = "new_record", "New record created"
    SPECIALIST = "specialist", "Needs a specialist to review"


class ReferralPerson(models.Model):
    """A child or adult as the referrer described them, and the record they turned out to be."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="people")
    position = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=20, choices=PersonRole.choices)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    other_names = models.JSONField(default=list, blank=True,
                                   help_text="[[given, family], ...] names also used")
    sex = models.CharField(max_length=1, blank=True)
    # As given: "2015-03-04", "2015-03", "2015" or blank.
    date_of_birth = models.CharField(max_length=10, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    upn = models.CharField(max_length=13, blank=True)
    relationship = models.CharField(max_length=100, blank=True,
                                    help_text="To the child, e.g. mother, mother's partner, lodger")
    lives_in_household = models.BooleanField(default=True)
    is_family = models.BooleanField(default=True)
    school_or_setting = models.CharField(max_length=200, blank=True)
    notes = models.CharField(max_length=500, blank=True)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="referral_mentions")
    match_status = models.CharField(max_length=20, choices=MatchStatus.choices,
                                    default=MatchStatus.PENDING)
    match_score = models.FloatField(null=True, blank=True)
    match_reasons = models.JSONField(default=list, blank=True)
    matched_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    matched_at = models.DateTimeField(null=True, blank=True)
    # A specialist (who may see sealed records) looked at the sealed records this person
    # resembles and found they are someone else; the front door then matches as usual.
    specialist_cleared_at = models.DateTimeField(null=True, blank=True)
    specialist_cleared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                              on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["person", "referral"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p) or "Name not known"

    @property
    def is_child(self) -> bool:
        return self.role in CHILD_ROLES


class Incident(models.Model):
    """Something that happened, in the referrer's words, with its date where known."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="incidents")
    happened_on = models.DateField(null=True, blank=True)
    when_text = models.CharField(max_length=100, blank=True,
                                 help_text="When the date is not exact, e.g. 'last summer'")
    description = models.TextField()

    class Meta:
        ordering = ["happened_on", "id"]

    def __str__(self) -> str:
        return f"{self.happened_on or self.when_text}: {self.description[:40]}"


class RagChange(models.Model):
    """Every rating a referral has had, so a change of RAG is never silent."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="rag_history")
    rag = models.CharField(max_length=5, choices=Rag.choices)
    reason = models.CharField(max_length=500)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return self.rag


class InformationRequest(models.Model):
    """Information the front door asked a partner agency for during triage."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT,
                                 related_name="information_requests")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    question = models.TextField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_by_name = models.CharField(max_length=200, blank=True,
                                        help_text="Who at the agency answered")
    answered_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.question[:40]}"


class DecisionStatus(models.TextChoices):
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting sign-off"
    SIGNED_OFF = "signed_off", "Signed off"
    RETURNED = "returned", "Returned by the manager"


class Decision(models.Model):
    """A decision on a referral. A manager signs it off or returns it; a returned decision
    stays on the record and a new one is made."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reasons = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=DecisionStatus.choices,
                              default=DecisionStatus.AWAITING_SIGN_OFF)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            # At most one live decision per referral.
            models.UniqueConstraint(fields=["referral"], condition=~Q(status="returned"),
                                    name="decision_one_live_per_referral"),
        ]

    def __str__(self) -> str:
        return self.outcome
