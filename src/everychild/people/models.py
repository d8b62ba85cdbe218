"""Children, adults, their names, identifiers, households, relationships and the
agencies involved with them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class PersonKind(models.TextChoices):
    CHILD = "child", "Child"
    ADULT = "adult", "Adult"


class Sex(models.TextChoices):
    # Census codes (from 2024-25 `Sex`): M, F, U (not known or not recorded, e.g. unborn).
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


# The CIN census disability codes, in the census's order.
DISABILITIES = (
    ("NONE", "No disability"),
    ("MOB", "Mobility: getting about"),
    ("HAND", "Hand function"),
    ("PC", "Personal care"),
    ("INC", "Incontinence"),
    ("COMM", "Communication"),
    ("LD", "Learning"),
    ("HEAR", "Hearing"),
    ("VIS", "Vision"),
    ("BEH", "Behaviour"),
    ("CON", "Consciousness"),
    ("AUT", "Autism or Asperger syndrome"),
    ("DDA", "Another disability"),
)
DISABILITY_CODES = tuple(code for code, _ in DISABILITIES)


class Person(models.Model):
    ref = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=10, choices=PersonKind.choices)
    given_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=100)
    # Lower-case, accent-free copies for search; kept in step by the services.
    given_name_key = models.CharField(max_length=100, blank=True, db_index=True)
    family_name_key = models.CharField(max_length=100, db_index=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    expected_date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    date_of_death = models.DateField(null=True, blank=True)
    ethnicity = models.CharField(max_length=4, blank=True, help_text="CIN census ethnicity code")
    # CIN census disability codes (e.g. ["NONE"], or ["AUT", "COMM"]); empty means not yet
    # recorded, which is not the same as recorded as having none.
    disabilities = models.JSONField(default=list, blank=True,
                                    help_text="CIN census disability codes")
    nhs_number = models.CharField(max_length=10, blank=True)
    upn = models.CharField(max_length=13, blank=True)
    former_upn = models.CharField(max_length=13, blank=True)
    la_child_id = models.CharField(max_length=10, blank=True)
    sealed = models.BooleanField(default=False)
    # Set when this record was merged into another (a duplicate of the same person). The
    # record is kept, unchanged, so that the merge can be undone; search and matching skip it.
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_from")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nhs_number"], condition=~Q(nhs_number=""),
                                    name="person_unique_nhs_number"),
            models.UniqueConstraint(fields=["upn"], condition=~Q(upn=""),
                                    name="person_unique_upn"),
            models.UniqueConstraint(fields=["la_child_id"], condition=~Q(la_child_id=""),
                                    name="person_unique_la_child_id"),
            models.CheckConstraint(
                condition=Q(kind="child") | Q(expected_date_of_birth__isnull=True),
                name="person_only_children_unborn",
            ),
        ]
        indexes = [models.Index(fields=["family_name_key", "given_name_key"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.middle_names, self.family_name) if p)

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None


class PersonName(models.Model):
    """The history of a person's legal/recorded name: one row per name they have had."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="name_history")
    given_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=100)
    recorded_from = models.DateTimeField()
    recorded_until = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["-recorded_from", "-id"]

    def __str__(self) -> str:
        return " ".join(p for p in (self.given_name, self.middle_names, self.family_name) if p)


class OtherNameKind(models.TextChoices):
    ALIAS = "alias", "Alias"
    NICKNAME = "nickname", "Nickname"
    FORMER = "former", "Former name"
    AGENCY_SPELLING = "agency_spelling", "Spelling used by an agency"


class OtherName(models.Model):
    """A name a person is also known by: a nickname, an alias, a former surname, or the
    spelling one agency uses (e.g. a school's 'Mohammed' for the GP's 'Muhammad')."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="other_names")
    kind = models.CharField(max_length=20, choices=OtherNameKind.choices)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    given_name_key = models.CharField(max_length=100, blank=True, db_index=True)
    family_name_key = models.CharField(max_length=100, blank=True, db_index=True)
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", help_text="The agency that uses this spelling")
    note = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)


class Household(models.Model):
    ref = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=8, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.address_line_1}, {self.town} {self.postcode}"


class MemberRole(models.TextChoices):
    CHILD = "child", "Child of the household"
    PARENT = "parent", "Parent or main carer"
    RELATIVE = "relative", "Other relative"
    PARTNER_OF_PARENT = "partner_of_parent", "Partner of a parent"
    LODGER = "lodger", "Lodger"
    FRIEND = "friend", "Friend staying"
    OTHER_ADULT = "other_adult", "Other adult (not family)"


NON_FAMILY_ROLES = {MemberRole.PARTNER_OF_PARENT, MemberRole.LODGER, MemberRole.FRIEND,
                    MemberRole.OTHER_ADULT}


class HouseholdMembership(models.Model):
    """A person living at a household between two dates (an open end means still there)."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=MemberRole.choices)
    started = models.DateField()
    ended = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["started", "id"]
        indexes = [models.Index(fields=["person", "ended"]),
                   models.Index(fields=["household", "ended"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended__isnull=True) | Q(ended__gte=models.F("started")),
                name="membership_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.household_id}"

    @property
    def is_family(self) -> bool:
        return self.role not in NON_FAMILY_ROLES


class RelationshipKind(models.TextChoices):
    # Read as "<person> is the <kind> of <related>".
    PARENT = "parent", "parent"
    STEP_PARENT = "step_parent", "step-parent"
    FOSTER_CARER = "foster_carer", "foster carer"
    SPECIAL_GUARDIAN = "special_guardian", "special guardian"
    GRANDPARENT = "grandparent", "grandparent"
    AUNT_UNCLE = "aunt_uncle", "aunt or uncle"
    SIBLING = "sibling", "sibling"
    HALF_SIBLING = "half_sibling", "half-sibling"
    STEP_SIBLING = "step_sibling", "step-sibling"
    PARTNER = "partner", "partner"
    EX_PARTNER = "ex_partner", "former partner"
    PARENTS_PARTNER = "parents_partner", "parent's partner"
    FAMILY_FRIEND = "family_friend", "family friend"
    OTHER = "other", "other relation"


# How the relationship reads from the other side.
RELATIONSHIP_INVERSE = {
    "parent": "child", "step_parent": "step-child", "foster_carer": "foster child",
    "special_guardian": "child under special guardianship", "grandparent": "grandchild",
    "aunt_uncle": "niece or nephew", "sibling": "sibling", "half_sibling": "half-sibling",
    "step_sibling": "step-sibling", "partner": "partner", "ex_partner": "former partner",
    "parents_partner": "partner's child", "family_friend": "family friend",
    "other": "other relation",
}


class Relationship(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships_out")
    related = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships_in")
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    started = models.DateField(null=True, blank=True)
    ended = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(person=models.F("related")),
                                   name="relationship_not_with_self"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} of {self.related_id}"


class InvolvementRole(models.TextChoices):
    ALLOCATED_SOCIAL_WORKER = "allocated_social_worker", "Allocated social worker"
    KEY_WORKER = "key_worker", "Key worker"
    LEAD_PROFESSIONAL = "lead_professional", "Lead professional"
    PRACTITIONER = "practitioner", "Practitioner"
    AGENCY = "agency", "Agency involved (no named worker)"


class Involvement(models.Model):
    """An agency, and optionally a named worker, working with a child since a date."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="involvements")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="involvements")
    role = models.CharField(max_length=30, choices=InvolvementRole.choices)
    started = models.DateField()
    ended = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["started", "id"]
        indexes = [models.Index(fields=["person", "ended"]),
                   models.Index(fields=["agency", "ended"]),
                   models.Index(fields=["staff", "ended"])]

    def __str__(self) -> str:
        return f"{self.agency_id} with {self.person_id}"


class MatchKey(models.Model):
    """A blocking key for identity matching (e.g. phonetic family name with birth year).

    Derived from a person's names, other names, date of birth, postcode and identifiers;
    a lookup gathers the people sharing any key with the probe and scores only those.
    Rebuilt whenever the person changes, so it is never a source of truth."""

    key = models.CharField(max_length=80)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "person"], name="matchkey_unique")]

    def __str__(self) -> str:
        return self.key


class PersonMerge(models.Model):
    """Two records found to be one person: `merged` was folded into `survivor`.

    `snapshot` keeps every original value of both records as they stood, and `moves` lists
    each row that was re-pointed from `merged` to `survivor` ([model label, pk, field]), so
    that undoing the merge restores exactly what was there."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_folded")
    reason = models.CharField(max_length=500)
    snapshot = models.JSONField(default=dict)
    moves = models.JSONField(default=list)
    merged_at = models.DateTimeField()
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    undo_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.merged_id} into {self.survivor_id}"
