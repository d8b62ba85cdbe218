"""What synth makes looks like a local authority: valid identifiers, plausible families,
the agencies involved, other names and sealed adoptions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from stdnum.gb import nhs as stdnum_nhs
from stdnum.gb import upn as stdnum_upn

from everychild.access.models import AuditEvent
from everychild.agencies.models import Agency, AgencyKind, Staff
from everychild.core.identifiers import nhs_number_problem, upn_problem
from everychild.core.names import name_key
from everychild.insight.census.validation.la_codes import is_la_code
from everychild.people.models import (
    NON_FAMILY_ROLES,
    HouseholdMembership,
    Involvement,
    InvolvementRole,
    OtherName,
    OtherNameKind,
    Person,
    PersonKind,
    Relationship,
    RelationshipKind,
)
from everychild.referrals.models import MatchStatus, ReferralPerson
from everychild.synth.generate import DEFAULT_AS_OF
from everychild.synth.involvement import academic_year
from everychild.synth.places import UPN_LA_CODE

from .helpers import synth

pytestmark = pytest.mark.django_db
CHILDREN = 400
SEED = 5
CIN_ETHNICITY_CODES = {"WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH",
                       "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH",
                       "REFU", "NOBT"}


@pytest.fixture
def authority(db):
    summary = synth(CHILDREN, SEED)
    return summary


def _years(earlier: dt.date, later: dt.date) -> float:
    return (later - earlier).days / 365.25


def test_makes_exactly_the_children_asked_for_and_adults_besides(authority):
    children = Person.objects.filter(kind=PersonKind.CHILD).count()
    adults = Person.objects.filter(kind=PersonKind.ADULT).count()
    assert children == CHILDREN
    households = HouseholdMembership.objects.filter(ended__isnull=True).values(
        "household").distinct().count()
    assert 1.5 <= adults / households <= 2.3
    assert "Children       400" in authority


def test_every_nhs_number_and_upn_is_valid_and_unique(authority):
    nhs = list(Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True))
    upns = list(Person.objects.exclude(upn="").values_list("upn", flat=True))
    assert len(nhs) >= CHILDREN * 0.9
    assert len(set(nhs)) == len(nhs)
    assert len(set(upns)) == len(upns)
    for number in nhs:
        assert nhs_number_problem(number) is None, number
        assert stdnum_nhs.is_valid(number), number
    for upn in upns:
        assert upn_problem(upn) is None, upn
        assert stdnum_upn.calc_check_digit(upn[1:]) == upn[0], upn
        # Issued by a real authority's code, so that the census accepts it (rule 1530).
        assert upn[1:4] == UPN_LA_CODE and is_la_code(upn[1:4])


def test_school_age_children_have_upns_and_younger_ones_do_not(authority):
    year = academic_year(DEFAULT_AS_OF)
    for person in Person.objects.filter(kind=PersonKind.CHILD, date_of_birth__isnull=False):
        grade = year - academic_year(person.date_of_birth) - 5
        assert bool(person.upn) == (grade >= 0), (person.date_of_birth, person.upn)
    assert not Person.objects.filter(date_of_birth__isnull=True).exclude(upn="").exists()


def test_la_child_ids_are_unique_and_only_for_children_known_to_social_care(authority):
    ids = list(Person.objects.exclude(la_child_id="").values_list("la_child_id", flat=True))
    assert ids
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z0-9]{1,10}", i) for i in ids)
    csc = Agency.objects.get(kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    known = set(Involvement.objects.filter(agency=csc).values_list("person_id", flat=True))
    with_id = set(Person.objects.exclude(la_child_id="").values_list("pk", flat=True))
    assert with_id == known


def test_parents_are_at_least_fourteen_years_older_than_their_children(authority):
    checked = 0
    for rel in Relationship.objects.filter(kind=RelationshipKind.PARENT).select_related(
            "person", "related"):
        if rel.related.date_of_birth is None:  # unborn
            assert rel.related.expected_date_of_birth is not None
            continue
        gap = _years(rel.person.date_of_birth, rel.related.date_of_birth)
        assert 14 <= gap <= 50, (rel.person, rel.related, gap)
        checked += 1
    assert checked > CHILDREN
    for rel in Relationship.objects.filter(kind=RelationshipKind.GRANDPARENT).select_related(
            "person", "related"):
        assert _years(rel.person.date_of_birth, rel.related.date_of_birth) >= 32


def test_dates_hang_together(authority):
    as_of = DEFAULT_AS_OF
    # Adults the front door recorded from a referral: only what the referrer knew.
    from_referrals = ReferralPerson.objects.filter(match_status=MatchStatus.NEW_RECORD)
    for person in Person.objects.exclude(pk__in=from_referrals.values("person_id")):
        if person.kind == PersonKind.CHILD and person.date_of_birth:
            assert _years(person.date_of_birth, as_of) < 18
        if person.kind == PersonKind.ADULT:
            assert _years(person.date_of_birth, as_of) >= 18
        if person.date_of_birth is None:
            assert person.expected_date_of_birth > as_of
            assert person.sex == "U"
    for m in HouseholdMembership.objects.select_related("person"):
        assert m.started <= as_of and (m.ended is None or m.started <= m.ended <= as_of)
        assert m.person.date_of_birth is None or m.started >= m.person.date_of_birth
    for inv in Involvement.objects.select_related("person"):
        assert inv.started <= as_of and (inv.ended is None or inv.started <= inv.ended <= as_of)
        if inv.person.date_of_birth:
            assert inv.started >= inv.person.date_of_birth


def test_households_are_made_up_as_families_are(authority):
    roles = set(HouseholdMembership.objects.values_list("role", flat=True))
    assert roles & set(NON_FAMILY_ROLES), "no adult who is not family lives anywhere"
    assert "partner_of_parent" in roles
    kinds = set(Relationship.objects.values_list("kind", flat=True))
    for kind in ("parent", "sibling", "half_sibling", "grandparent", "partner", "ex_partner",
                 "parents_partner"):
        assert kind in kinds, kind
    assert HouseholdMembership.objects.filter(ended__isnull=False).exists(), "no one ever moved"
    assert Person.objects.filter(kind=PersonKind.CHILD, date_of_birth__isnull=True,
                                 expected_date_of_birth__isnull=False).exists()
    ethnicities = set(Person.objects.values_list("ethnicity", flat=True))
    assert ethnicities <= CIN_ETHNICITY_CODES
    assert len(ethnicities) >= 10


def test_names_come_from_many_backgrounds_and_keys_match(authority):
    families = set(Person.objects.values_list("family_name", flat=True))
    assert len(families) > 150
    for given, family, gkey, fkey in Person.objects.values_list(
            "given_name", "family_name", "given_name_key", "family_name_key"):
        assert gkey == name_key(given) and fkey == name_key(family)


def test_people_have_other_names_of_every_kind(authority):
    kinds = set(OtherName.objects.values_list("kind", flat=True))
    assert kinds == {k.value for k in OtherNameKind}
    spellings = OtherName.objects.filter(kind=OtherNameKind.AGENCY_SPELLING)
    assert not spellings.filter(agency__isnull=True).exists()
    for other in spellings.select_related("person"):
        assert (other.given_name, other.family_name) != (other.person.given_name,
                                                         other.person.family_name)


def test_a_few_percent_of_children_have_an_allocated_social_worker(authority):
    allocated = Involvement.objects.filter(role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
                                           ended__isnull=True)
    share = allocated.values("person").distinct().count() / CHILDREN
    assert 0.01 <= share <= 0.08
    for inv in allocated.select_related("staff", "agency"):
        assert inv.agency.kind == AgencyKind.CHILDRENS_SOCIAL_CARE
        assert inv.staff.role == "social_worker" and inv.staff.agency_id == inv.agency_id


def test_every_child_has_a_gp_and_school_age_children_a_school(authority):
    year = academic_year(DEFAULT_AS_OF)
    open_by_kind: dict[int, set[str]] = {}
    for person_id, kind in Involvement.objects.filter(ended__isnull=True).values_list(
            "person_id", "agency__kind"):
        open_by_kind.setdefault(person_id, set()).add(kind)
    for person in Person.objects.filter(kind=PersonKind.CHILD, date_of_birth__isnull=False):
        kinds = open_by_kind.get(person.pk, set())
        assert AgencyKind.GP_PRACTICE in kinds
        if 0 <= year - academic_year(person.date_of_birth) - 5 <= 11:
            assert AgencyKind.SCHOOL in kinds


def test_some_adopted_children_are_sealed_with_the_adoption_team_involved(authority):
    sealed = list(Person.objects.filter(sealed=True))
    assert sealed
    for child in sealed:
        assert child.kind == PersonKind.CHILD and child.la_child_id
        assert Involvement.objects.filter(person=child, ended__isnull=True,
                                          staff__team__name="Adoption team").exists()
        assert OtherName.objects.filter(person=child, kind=OtherNameKind.FORMER).exists()


def test_staff_have_the_policy_roles_and_cannot_sign_in(authority):
    roles = set(Staff.objects.values_list("role", flat=True))
    assert roles == {"social_worker", "team_manager", "conference_chair",
                     "designated_safeguarding_lead", "police_investigator",
                     "health_practitioner", "board_analyst", "inspector", "administrator",
                     "privacy_officer", "contact_centre_officer", "partner_practitioner"}
    assert not any(s.has_usable_password() for s in Staff.objects.all())
    kinds = set(Agency.objects.values_list("kind", flat=True))
    assert kinds >= {"childrens_social_care", "early_help", "police", "health_trust",
                     "gp_practice", "school", "probation", "youth_offending", "cafcass",
                     "housing", "safeguarding_board", "inspectorate"}


def test_the_run_writes_one_audit_entry_saying_where_the_data_came_from(authority):
    entries = list(AuditEvent.objects.filter(action="synth.generate"))
    assert len(entries) == 1
    detail = entries[0].detail
    assert detail["seed"] == SEED and detail["children_requested"] == CHILDREN
    assert detail["counts"]["children"] == CHILDREN
    assert entries[0].actor_id is None
    assert AuditEvent.objects.count() == 1  # no entry per row
