"""The child (one per relationship) the authorisation matrix points every URL at, with
everything a URL can name about them: household, membership, relationship, involvement,
a referral and a draft, and, built only when a URL needs them, a merged duplicate, a
break-glass alert and the whole casework pathway (tests/support/matrix_casework.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from everychild.access.models import PrivacyAlert
from everychild.agencies.models import Agency, Staff
from everychild.people.models import (
    Household,
    HouseholdMembership,
    Involvement,
    InvolvementRole,
    MemberRole,
    Person,
    PersonMerge,
    Relationship,
    RelationshipKind,
)
from everychild.referrals.models import InformationRequest, Referral, ReferralPerson

from ..factories import (
    HouseholdFactory,
    InvolvementFactory,
    MembershipFactory,
    PersonFactory,
    StaffFactory,
    valid_nhs_number,
)
from .matrix_casework import Casework, build_casework


@dataclass
class Target:
    """A child and everything a URL can name about them, as seen by one user."""

    user: Staff | None
    agency: Agency  # the user's agency (for a visitor, one that knows nothing of them)
    person: Person
    household: Household
    membership: HouseholdMembership
    relationship: Relationship
    involvement: Involvement
    # A referral the user made, naming the child (linked to the child's record) by a name
    # of the referrer's own, so only the record can give the secrets away.
    referral: Referral
    draft: Referral  # the user's own draft referral
    # Strings that must not leak: given name (the search term), family name, NHS number,
    # address.
    secrets: list[str] = field(default_factory=list)
    # Built on first use: most endpoints need none of them.
    _merge: PersonMerge | None = None
    _casework: Casework | None = None
    _alert: PrivacyAlert | None = None
    _ids: dict[str, int] = field(default_factory=dict)

    def merge(self) -> PersonMerge:
        """A duplicate record of the child, merged into the child's record (as if by the
        merge service): merge pages are about the record kept."""
        if self._merge is None:
            twin = PersonFactory(given_name="Matrixtwin", family_name="Duplicaterecord",
                                 sealed=self.person.sealed, merged_into=self.person)
            self._merge = PersonMerge.objects.create(
                survivor=self.person, merged=twin, reason="matrix",
                merged_at=self.person.created_at, merged_by=StaffFactory())
        return self._merge

    def casework(self) -> Casework:
        if self._casework is None:
            user = self.user
            self._casework = build_casework(
                child=self.person, actor=self.referral.made_by, agency=self.agency,
                worker=self.involvement.staff,
                chair=user if user is not None and user.role == "conference_chair" else None)
        return self._casework

    def alert(self) -> PrivacyAlert:
        """A break-glass alert about the child (what the privacy officer reviews)."""
        if self._alert is None:
            self._alert = PrivacyAlert.objects.create(
                kind="break_glass", staff=self.referral.made_by, target_type="person",
                target_id=str(self.person.ref), reason="matrix",
                raised_at=self.person.created_at, audit_seq=0)
        return self._alert

    def referral_entry(self) -> int:
        if "entry" not in self._ids:
            self._ids["entry"] = self.referral.people.get().pk
        return self._ids["entry"]

    def information_request(self) -> int:
        if "request" not in self._ids:
            self._ids["request"] = self.referral.information_requests.get().pk
        return self._ids["request"]


# URL keywords (other than ref) of the people, referral and privacy URLs, and what fills
# them; the casework, chronology and oversight ones are in tests/support/matrix_casework.py.
TARGET_KWARGS: dict[str, Callable[[Target], object]] = {
    "entry": Target.referral_entry,
    "request_id": Target.information_request,
    "index": lambda t: 0,
    "section": lambda t: "referrer",
    "merge_id": lambda t: t.merge().pk,
    "rel_id": lambda t: t.relationship.pk,
    "inv_id": lambda t: t.involvement.pk,
    "membership_id": lambda t: t.membership.pk,
    "alert_id": lambda t: t.alert().pk,
}


def _letters(n: int) -> str:
    """A fixed-length, letters-only code, so no target's name is a prefix of another's
    (names are searched by prefix, and digits are not part of a name's search key)."""
    return "".join(chr(ord("a") + (n // 26**i) % 26) for i in (2, 1, 0))


def build_target(user: Staff | None, relationship: str, n: int, stranger_agency: Agency) -> Target:
    """A child in `relationship` to `user` (None: a visitor who has not signed in): one of
    "allocated", "team", "same_agency", "unrelated", "sealed". `n` makes the names unique."""
    nhs = valid_nhs_number()
    code = _letters(n)
    child = PersonFactory(given_name=f"Matrixchild{code}", family_name=f"Zqx{code}",
                          nhs_number=nhs, sealed=relationship == "sealed",
                          date_of_birth=dt.date(2016, 1, 1))
    household = HouseholdFactory(address_line_1=f"{n} Matrixaddress Road")
    membership = MembershipFactory(household=household, person=child, role=MemberRole.CHILD)
    parent = PersonFactory(kind="adult", given_name=f"Matrixparent{code}", family_name=f"Zqx{code}",
                           date_of_birth=dt.date(1985, 1, 1))
    MembershipFactory(household=household, person=parent, role=MemberRole.PARENT)
    rel = Relationship.objects.create(person=parent, related=child, kind=RelationshipKind.PARENT,
                                      recorded_at=child.created_at)
    if user is None or relationship == "unrelated":
        inv = InvolvementFactory(person=child, agency=stranger_agency)
    elif relationship == "same_agency":
        inv = InvolvementFactory(person=child, agency=user.agency)
    elif relationship == "team":  # a team-mate is the allocated worker
        mate = StaffFactory(role="social_worker", agency=user.agency, team=user.team)
        inv = InvolvementFactory(person=child, agency=user.agency, staff=mate,
                                 role=InvolvementRole.ALLOCATED_SOCIAL_WORKER)
    else:  # allocated, and sealed: even the allocated worker needs the sealed grant
        inv = InvolvementFactory(person=child, agency=user.agency, staff=user,
                                 role=InvolvementRole.PRACTITIONER)
    referral = _referral(user, child, stranger_agency)
    draft = Referral.objects.create(made_by=referral.made_by, created_at=referral.created_at,
                                    updated_at=referral.created_at)
    return Target(user, user.agency if user else stranger_agency, child, household, membership,
                  rel, inv, referral, draft,
                  secrets=[f"Matrixchild{code}", f"Zqx{code}", nhs, f"{n} Matrixaddress Road"])


def _referral(user: Staff | None, child: Person, agency: Agency) -> Referral:
    at = child.created_at
    referral = Referral.objects.create(
        made_by=user or StaffFactory(), status="received", received_at=at, created_at=at,
        updated_at=at, source="2A", referrer_name="Matrix referrer", referrer_phone="01632 960000",
        concern="A concern described by the referrer in their own words", rag="amber")
    ReferralPerson.objects.create(referral=referral, role="subject_child", given_name="Referred",
                                  family_name="Byname", person=child, match_status="linked")
    InformationRequest.objects.create(referral=referral, agency=agency, question="Known?",
                                      requested_by=referral.made_by, requested_at=at)
    return referral
