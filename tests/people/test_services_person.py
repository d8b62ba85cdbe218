"""Recording and changing a person: every rule refuses bad input with a specific message
and writes nothing; success writes exactly one audit entry of the right kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from everychild.access.audit import audit_verify
from everychild.access.models import AuditEvent
from everychild.core import clock
from everychild.core.errors import (
    AccessDenied,
    BreakGlassRequired,
    Conflict,
    NotFound,
    ValidationFailed,
)
from everychild.people.models import (
    HouseholdMembership,
    Involvement,
    InvolvementRole,
    OtherName,
    Person,
    PersonName,
)
from everychild.people.selectors import person_record, person_search
from everychild.people.services import (
    PersonInput,
    other_name_add,
    person_create,
    person_seal,
    person_update,
)

from ..factories import InvolvementFactory, PersonFactory, StaffFactory, valid_nhs_number, valid_upn
from .service_checks import days_from_today, last_seq, one_entry_since, refused_unchanged

pytestmark = pytest.mark.django_db

COUNTED = (Person, PersonName, OtherName, Involvement, HouseholdMembership, AuditEvent)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in COUNTED}




def refused(exc_type: type[Exception], call: Callable[[], object]) -> Exception:
    return refused_unchanged(counts, exc_type, call)


@pytest.fixture
def today(monkeypatch) -> Callable[[dt.date], None]:
    """Move the date the services see."""

    def move(day: dt.date) -> None:
        monkeypatch.setattr(clock, "today", lambda: day)

    return move


@pytest.fixture
def child(world) -> Person:
    world.child.refresh_from_db()
    return world.child


def child_input(**overrides) -> PersonInput:
    fields = {"kind": "child", "given_name": "Ayesha", "family_name": "Khan", "sex": "F",
              "date_of_birth": clock.today() - dt.timedelta(days=3 * 365)}
    return PersonInput(**{**fields, **overrides})


# ================================================================== person_create
def test_creating_a_child_writes_the_person_their_name_an_involvement_and_one_entry(world):
    police = world.users["police_investigator"]
    seq, before = last_seq(), counts()
    nhs = valid_nhs_number()
    person = person_create(actor=police, data=child_input(
        given_name=" Ayesha ", family_name="Khan-Ó Briain", nhs_number=f"{nhs[:3]} {nhs[3:6]} "
        f"{nhs[6:]}", upn=valid_upn().lower(), la_child_id=" LA77 "))
    assert counts() == {**before, "Person": before["Person"] + 1,
                        "PersonName": before["PersonName"] + 1,
                        "Involvement": before["Involvement"] + 1,
                        "AuditEvent": before["AuditEvent"] + 1}
    person.refresh_from_db()
    assert (person.given_name, person.family_name, person.nhs_number, person.la_child_id) == (
        "Ayesha", "Khan-Ó Briain", nhs, "LA77")
    assert person.upn.isupper()
    assert (person.given_name_key, person.family_name_key) == ("ayesha", "khan-o briain")
    assert person.version == 1
    involvement = Involvement.objects.get(person=person)
    assert (involvement.agency_id, involvement.staff_id, involvement.role, involvement.ended) == (
        police.agency_id, police.pk, InvolvementRole.PRACTITIONER, None)
    entry = one_entry_since(seq, "person.create")
    assert entry.target_id == str(person.ref)
    assert entry.detail["fields"]["nhs_number"] == nhs


def test_the_creator_and_their_agency_can_open_the_new_record(world):
    police = world.users["police_investigator"]
    person = person_create(actor=police, data=child_input())
    assert person_record(actor=police, ref=person.ref).access.via == "relationship"
    colleague = StaffFactory(role="police_investigator", agency=police.agency)
    assert person_record(actor=colleague, ref=person.ref).person == person
    with pytest.raises(BreakGlassRequired):
        person_record(actor=world.users["health_practitioner"], ref=person.ref)


def test_an_unborn_child_is_recorded_with_an_expected_date(world):
    person = person_create(actor=world.social_worker, data=child_input(
        date_of_birth=None, expected_date_of_birth=clock.today() + dt.timedelta(days=90),
        given_name="", sex="U"))
    assert person.is_unborn


@pytest.mark.parametrize("role", ["board_analyst", "inspector", "administrator",
                                  "conference_chair", "privacy_officer"])
def test_roles_that_may_not_record_people_are_refused(world, role):
    refused(AccessDenied, lambda: person_create(actor=world.users[role], data=child_input()))


_days = days_from_today


INVALID_PEOPLE = [
    ({"kind": "alien"}, "kind", "Select whether this is a child or an adult"),
    ({"sex": "X"}, "sex", "Select the person's sex"),
    ({"family_name": "   "}, "family_name", "Enter a family name"),
    ({"family_name": "K" * 101}, "family_name", "100 characters or fewer"),
    ({"given_name": "A" * 101}, "given_name", "100 characters or fewer"),
    ({"date_of_birth": _days(1)}, "date_of_birth", "today or in the past"),
    ({"kind": "adult", "date_of_birth": dt.date(1899, 12, 31)}, "date_of_birth", "after 1900"),
    ({"kind": "adult", "date_of_birth": dt.date(1980, 1, 1),
      "expected_date_of_birth": _days(30)}, "expected_date_of_birth", "Only an unborn child"),
    ({"expected_date_of_birth": _days(30)}, "expected_date_of_birth", "not both"),
    ({"date_of_birth": None, "expected_date_of_birth": _days(301)}, "expected_date_of_birth",
     "within the next 10 months"),
    ({"date_of_death": _days(-4 * 365)}, "date_of_death", "on or after the date of birth"),
    ({"date_of_death": _days(1)}, "date_of_death", "today or in the past"),
    ({"date_of_birth": dt.date(clock.today().year - 27, 1, 1)}, "date_of_birth",
     "within the last 25 years"),
    ({"nhs_number": "943 476 5918"}, "nhs_number", "the last one does not match"),
    ({"nhs_number": "12345"}, "nhs_number", "must be 10 digits"),
    ({"upn": "A801200005001"}, "upn", "check letter does not match"),
    ({"former_upn": "B80120000500"}, "former_upn", "must be 13 characters"),
    ({"la_child_id": "LA-00001"}, "la_child_id", "1 to 10 letters or digits"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), INVALID_PEOPLE)
def test_each_rule_refuses_with_its_message_and_writes_nothing(world, overrides, field,
                                                                message):
    error = refused(ValidationFailed, lambda: person_create(
        actor=world.social_worker, data=child_input(**overrides)))
    assert any(message in m for m in error.errors[field]), error.errors


@pytest.mark.parametrize("field", ["nhs_number", "upn", "la_child_id"])
def test_an_identifier_another_person_has_is_refused(world, field):
    value = {"nhs_number": valid_nhs_number(), "upn": valid_upn(), "la_child_id": "LA1234"}[field]
    PersonFactory(**{field: value})
    error = refused(ValidationFailed, lambda: person_create(
        actor=world.social_worker, data=child_input(**{field: value})))
    assert "Another person already has this" in error.errors[field][0]


def test_a_duplicate_nhs_number_is_found_however_it_is_typed(world):
    nhs = valid_nhs_number()
    PersonFactory(nhs_number=nhs)
    spaced = f"{nhs[:3]}-{nhs[3:6]}-{nhs[6:]}"
    error = refused(ValidationFailed, lambda: person_create(
        actor=world.social_worker, data=child_input(nhs_number=spaced)))
    assert "Another person already has this NHS number" in error.errors["nhs_number"][0]


def test_every_problem_is_reported_at_once(world):
    error = refused(ValidationFailed, lambda: person_create(
        actor=world.social_worker, data=child_input(
            family_name="", date_of_birth=_days(2), nhs_number="1", upn="nonsense",
            la_child_id="!", sex="?")))
    assert set(error.errors) == {"family_name", "date_of_birth", "nhs_number", "upn",
                                 "la_child_id", "sex"}


def test_a_child_may_be_up_to_25_but_not_26(world, today):
    today(dt.date(2026, 6, 15))
    refused(ValidationFailed, lambda: person_create(
        actor=world.social_worker, data=child_input(date_of_birth=dt.date(2000, 6, 15))))
    person = person_create(actor=world.social_worker,
                           data=child_input(date_of_birth=dt.date(2000, 6, 16)))
    assert person.date_of_birth == dt.date(2000, 6, 16)


def test_a_child_can_be_recorded_on_29_february(world, today):
    today(dt.date(2028, 2, 29))  # 26 years earlier there was no 29 February
    person = person_create(actor=world.social_worker,
                           data=child_input(date_of_birth=dt.date(2002, 3, 1)))
    assert person.pk
    refused(ValidationFailed, lambda: person_create(
        actor=world.social_worker, data=child_input(date_of_birth=dt.date(2002, 2, 28))))


def test_a_child_born_on_29_february_turns_26_on_1_march(world, today):
    today(dt.date(2026, 2, 28))
    assert person_create(actor=world.social_worker, data=child_input(
        date_of_birth=dt.date(2000, 2, 29))).pk
    today(dt.date(2026, 3, 1))
    refused(ValidationFailed, lambda: person_create(
        actor=world.social_worker, data=child_input(date_of_birth=dt.date(2000, 2, 29),
                                                    given_name="Other")))


def test_an_adult_may_be_any_age_since_1900(world):
    person = person_create(actor=world.social_worker, data=child_input(
        kind="adult", date_of_birth=dt.date(1900, 1, 1)))
    assert person.kind == "adult"


# ================================================================== person_update
def test_a_change_bumps_the_version_and_audits_old_and_new_values(child, world):
    seq = last_seq()
    updated = person_update(actor=world.social_worker, person=child, version=1, changes={
        "date_of_birth": dt.date(2017, 11, 3), "ethnicity": "wbri", "given_name": "Amelia"})
    assert updated.version == 2
    assert (updated.date_of_birth, updated.ethnicity) == (dt.date(2017, 11, 3), "WBRI")
    entry = one_entry_since(seq, "person.edit")
    assert entry.detail == {"changes": {"date_of_birth": ["2017-11-02", "2017-11-03"],
                                        "ethnicity": ["", "WBRI"]}}
    assert audit_verify().ok


def test_a_stale_version_is_a_conflict_and_changes_nothing(child, world):
    stale = Person.objects.get(pk=child.pk)
    person_update(actor=world.social_worker, person=child, version=1,
                  changes={"given_name": "Vicky"})
    before = (Person.objects.values().get(pk=child.pk), counts())
    with pytest.raises(Conflict) as caught:
        person_update(actor=world.social_worker, person=stale, version=1,
                      changes={"family_name": "Smith"})
    assert "you had version 1, it is now version 2" in caught.value.message
    assert (Person.objects.values().get(pk=child.pk), counts()) == before


def test_a_version_that_is_not_the_current_one_is_a_conflict_even_if_newer(child, world):
    refused(Conflict, lambda: person_update(actor=world.social_worker, person=child,
                                            version=7, changes={"given_name": "Vicky"}))


def test_a_missing_version_is_refused(child, world):
    error = refused(ValidationFailed, lambda: person_update(
        actor=world.social_worker, person=child, version=None, changes={"given_name": "V"}))
    assert "version" in error.errors
    assert Person.objects.get(pk=child.pk).given_name == "Amelia"


def test_a_name_change_keeps_the_old_name_in_the_history(child, world):
    person_update(actor=world.social_worker, person=child, version=1,
                  changes={"family_name": "Kouao", "middle_names": "Osei"})
    history = list(PersonName.objects.filter(person=child).order_by("recorded_from", "id"))
    assert [(n.family_name, n.recorded_until is None) for n in history] == [
        ("Osei", False), ("Kouao", True)]
    assert history[1].middle_names == "Osei"
    assert history[1].recorded_by_id == world.social_worker.pk
    assert history[0].recorded_until == history[1].recorded_from
    # Search follows the new name.
    hits = person_search(actor=world.social_worker, text="kouao")
    assert [h.person.pk for h in hits] == [child.pk]


def test_a_change_that_changes_nothing_writes_nothing(child, world):
    before = (counts(), Person.objects.values().get(pk=child.pk))
    same = person_update(actor=world.social_worker, person=child, version=1, changes={
        "given_name": "  Amelia ", "family_name": "Osei", "date_of_birth": child.date_of_birth})
    assert same.version == 1
    assert (counts(), Person.objects.values().get(pk=child.pk)) == before


@pytest.mark.parametrize("field", ["sealed", "version", "ref", "given_name_key", "created_at"])
def test_fields_outside_the_record_cannot_be_changed(child, world, field):
    error = refused(ValidationFailed, lambda: person_update(
        actor=world.social_worker, person=child, version=1, changes={field: "x"}))
    assert error.errors == {field: ["This field cannot be changed here"]}
    assert Person.objects.get(pk=child.pk).sealed is False


def test_an_update_is_validated_like_a_new_record(child, world):
    other = PersonFactory(nhs_number=valid_nhs_number())
    error = refused(ValidationFailed, lambda: person_update(
        actor=world.social_worker, person=child, version=1,
        changes={"nhs_number": other.nhs_number, "date_of_birth": _days(5)}))
    assert set(error.errors) == {"nhs_number", "date_of_birth"}


def test_keeping_ones_own_identifiers_is_not_a_duplicate(child, world):
    nhs = valid_nhs_number()
    person_update(actor=world.social_worker, person=child, version=1,
                  changes={"nhs_number": nhs, "la_child_id": "LA9"})
    child.refresh_from_db()
    person_update(actor=world.social_worker, person=child, version=2,
                  changes={"nhs_number": nhs, "la_child_id": "LA9", "given_name": "Vicky"})
    assert Person.objects.get(pk=child.pk).version == 3


def test_a_blank_text_field_sent_as_none_is_treated_as_blank(child, world):
    updated = person_update(actor=world.social_worker, person=child, version=1,
                            changes={"middle_names": None, "ethnicity": None})
    assert updated.version == 1  # nothing actually changed
    error = refused(ValidationFailed, lambda: person_update(
        actor=world.social_worker, person=child, version=1, changes={"family_name": None}))
    assert "family_name" in error.errors


def test_a_dsl_allocated_to_the_child_may_edit(child, world):
    dsl = world.users["designated_safeguarding_lead"]
    InvolvementFactory(person=child, agency=world.school, staff=dsl,
                       role=InvolvementRole.LEAD_PROFESSIONAL)
    assert person_update(actor=dsl, person=child, version=1,
                         changes={"given_name": "Vicky"}).version == 2


def test_a_dsl_merely_in_an_involved_agency_may_read_but_not_edit(child, world):
    dsl = world.users["designated_safeguarding_lead"]
    assert person_record(actor=dsl, ref=child.ref).person == child  # the school is involved
    error = refused(AccessDenied, lambda: person_update(
        actor=dsl, person=child, version=1, changes={"given_name": "Vicky"}))
    assert type(error) is AccessDenied


def test_a_social_worker_in_another_team_may_not_edit(child, world):
    other_team = StaffFactory(role="social_worker", agency=world.csc, team=world.team_b)
    refused(AccessDenied, lambda: person_update(actor=other_team, person=child, version=1,
                                                changes={"given_name": "Vicky"}))
    team_mate = StaffFactory(role="social_worker", agency=world.csc, team=world.team_a)
    assert person_update(actor=team_mate, person=child, version=1,
                         changes={"given_name": "Vicky"}).version == 2


def test_nobody_without_the_grant_can_edit_a_sealed_record(world):
    sealed = Person.objects.get(pk=world.sealed_child.pk)
    refused(NotFound, lambda: person_update(actor=world.users["team_manager"], person=sealed,
                                            version=1, changes={"given_name": "X"}))


# ================================================================== person_seal
def test_the_privacy_officer_seals_and_unseals_a_record(child, world):
    officer = world.users["privacy_officer"]
    seq = last_seq()
    sealed = person_seal(actor=officer, person=child, sealed=True, reason=" Adoption order ")
    assert sealed.sealed and sealed.version == 2
    entry = one_entry_since(seq, "person.seal")
    assert entry.reason == "Adoption order" and entry.target_id == str(child.ref)
    with pytest.raises(NotFound):
        person_record(actor=world.social_worker, ref=child.ref)
    assert person_search(actor=world.social_worker, text="amelia osei") == []

    seq = last_seq()
    assert not person_seal(actor=officer, person=sealed, sealed=False,
                           reason="Sealed in error").sealed
    one_entry_since(seq, "person.unseal")
    assert person_record(actor=world.social_worker, ref=child.ref).person == child


@pytest.mark.parametrize("role", ["social_worker", "team_manager", "inspector",
                                  "police_investigator", "administrator"])
def test_only_the_privacy_officer_may_seal(child, world, role):
    refused(AccessDenied, lambda: person_seal(actor=world.users[role], person=child,
                                              sealed=True, reason="Adoption order"))
    assert Person.objects.get(pk=child.pk).sealed is False


def test_sealing_needs_a_reason(child, world):
    error = refused(ValidationFailed, lambda: person_seal(
        actor=world.users["privacy_officer"], person=child, sealed=True, reason="   "))
    assert "reason" in error.errors
    assert Person.objects.get(pk=child.pk).sealed is False


# ================================================================== other names
def test_an_agency_spelling_is_recorded_and_found_by_search(child, world):
    seq = last_seq()
    other = other_name_add(actor=world.social_worker, person=child, kind="agency_spelling",
                           given_name=" Anna ", family_name="Mensah", agency_id=world.gp.pk)
    assert (other.given_name_key, other.family_name_key, other.agency_id) == (
        "anna", "mensah", world.gp.pk)
    entry = one_entry_since(seq, "person.other_name_add")
    assert entry.detail == {"kind": "agency_spelling", "name": "Anna Mensah"}
    hits = person_search(actor=world.social_worker, text="mensah anna")
    assert [(h.person.pk, h.matched_other_name) for h in hits] == [(child.pk, "Anna Mensah")]


def test_an_agency_spelling_needs_the_agency(child, world):
    error = refused(ValidationFailed, lambda: other_name_add(
        actor=world.social_worker, person=child, kind="agency_spelling", given_name="Anna",
        family_name="Mensah"))
    assert "Select the agency that uses this spelling" in error.errors["agency"]


def test_the_agency_must_exist_and_be_active(child, world):
    error = refused(ValidationFailed, lambda: other_name_add(
        actor=world.social_worker, person=child, kind="agency_spelling", given_name="Anna",
        family_name="Mensah", agency_id=999_999))
    assert "agency" in error.errors
    world.gp.active = False
    world.gp.save()
    refused(ValidationFailed, lambda: other_name_add(
        actor=world.social_worker, person=child, kind="agency_spelling", given_name="Anna",
        family_name="Mensah", agency_id=world.gp.pk))


def test_another_name_needs_at_least_one_part_and_a_kind(child, world):
    error = refused(ValidationFailed, lambda: other_name_add(
        actor=world.social_worker, person=child, kind="pet_name", given_name="  ",
        family_name=""))
    assert set(error.errors) == {"kind", "given_name"}


def test_a_nickname_alone_is_enough(child, world):
    assert other_name_add(actor=world.social_worker, person=child, kind="nickname",
                          given_name="Vicky", family_name="").pk


def test_other_names_need_edit_permission(child, world):
    refused(AccessDenied, lambda: other_name_add(
        actor=world.users["designated_safeguarding_lead"], person=child, kind="nickname",
        given_name="Vicky", family_name=""))
