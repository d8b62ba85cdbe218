"""Recording and changing people through the HTML forms: every problem is in the error
summary and next to its field, what was typed comes back, and nothing is saved until
everything is right. Stale edits are refused with a conflict."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from everychild.access.models import AuditEvent
from everychild.core import clock
from everychild.people.models import Involvement, OtherName, Person, PersonName

from ..factories import valid_nhs_number, valid_upn
from .pages import date_fields, ids, inline_errors, main_text, summary, summary_links, value

pytestmark = pytest.mark.django_db

CREATE = "/people/new/"


def good_child(**overrides: str) -> dict[str, str]:
    data = {"kind": "child", "given_name": "Amira", "middle_names": "", "family_name": "Okafor",
            "sex": "F", "ethnicity": "BAFR", "nhs_number": "", "upn": "", "la_child_id": "",
            **date_fields("date_of_birth", "9", "4", "2019")}
    data.update(overrides)
    return data


def edit_url(person: Person, page: str = "person-edit") -> str:
    return reverse(f"people:{page}", kwargs={"ref": person.ref})


# ------------------------------------------------------------------ recording a person
def test_recording_a_child_opens_their_new_record(world, client_for):
    client = client_for(world.social_worker)
    nhs, upn = valid_nhs_number(), valid_upn()
    response = client.post(CREATE, good_child(nhs_number=f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}",
                                              upn=upn.lower(), la_child_id="NB1234"))
    person = Person.objects.get(family_name="Okafor")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person-detail", kwargs={"ref": person.ref})
    assert (person.date_of_birth, person.nhs_number, person.upn, person.ethnicity) == (
        dt.date(2019, 4, 9), nhs, upn, "BAFR")
    page = client.get(response["Location"])
    assert "Amira Okafor has been recorded" in main_text(page)
    # The recording worker's agency is now involved, so they can open it.
    assert Involvement.objects.filter(person=person, staff=world.social_worker).exists()


def test_bad_input_lists_every_problem_and_records_nothing(world, client_for):
    before = (Person.objects.count(), AuditEvent.objects.filter(action="person.create").count())
    response = client_for(world.social_worker).post(CREATE, good_child(
        kind="", family_name="  ", sex="X", nhs_number="943 476 5918", upn="A12",
        la_child_id="NB-12/34"))
    assert response.status_code == 200
    expected = {
        "Select whether this is a child or an adult": "#kind",
        "Enter a family name (use 'Unknown' if it is not known)": "#family_name",
        "Select the person's sex, or 'Not known'": "#sex",
        "NHS number is not valid: check the digits, the last one does not match": "#nhs_number",
        "Unique Pupil Number must be 13 characters: a check letter, then 11 digits and a digit "
        "or letter": "#upn",
        "Local authority child ID must be 1 to 10 letters or digits": "#la_child_id",
    }
    assert summary_links(response) == expected
    assert summary(response) == list(expected)  # in the order the questions are asked
    assert set(inline_errors(response)) == set(expected)
    for anchor in expected.values():
        assert anchor[1:] in ids(response)  # each summary link lands on its field
    # What the user typed is kept.
    assert value(response, "given_name") == "Amira"
    assert value(response, "nhs_number") == "943 476 5918"
    assert value(response, "date_of_birth-day") == "9"
    assert (Person.objects.count(),
            AuditEvent.objects.filter(action="person.create").count()) == before
    assert main_text(response).startswith("There is a problem")
    assert "<title>Error: Record a new person" in response.content.decode()


@pytest.mark.parametrize(("parts", "message", "anchor"), [
    (("31", "2", "2020"), "Date of birth must be a real date", "#date_of_birth-day"),
    (("12", "13", "2020"), "Date of birth must be a real date", "#date_of_birth-month"),
    (("1O", "3", "2020"), "Date of birth must be a real date", "#date_of_birth-day"),
    (("", "", "2020"), "Date of birth must include a day and month", "#date_of_birth-day"),
    (("4", "3", ""), "Date of birth must include a year", "#date_of_birth-year"),
    (("4", "3", "19"), "Date of birth must have a year with 4 numbers, for example 2019",
     "#date_of_birth-year"),
])
def test_a_date_that_is_not_real_is_caught_before_the_service(world, client_for, parts, message,
                                                              anchor):
    response = client_for(world.social_worker).post(
        CREATE, good_child(**date_fields("date_of_birth", *parts)))
    assert summary_links(response) == {message: anchor}
    assert inline_errors(response) == [message]
    assert value(response, "date_of_birth-day") == parts[0]
    assert 'govuk-input--error" id="' + anchor[1:] in response.content.decode() or (
        f'id="{anchor[1:]}"' in response.content.decode())
    assert not Person.objects.filter(family_name="Okafor").exists()


def test_a_future_date_of_birth_is_refused_by_the_service(world, client_for):
    tomorrow = clock.today() + dt.timedelta(days=1)
    response = client_for(world.social_worker).post(CREATE, good_child(**date_fields(
        "date_of_birth", str(tomorrow.day), str(tomorrow.month), str(tomorrow.year))))
    assert summary(response) == ["Date of birth must be today or in the past; for an unborn "
                                 "child enter the expected date of birth instead"]


def test_an_unborn_child_needs_an_expected_date_and_then_is_recorded(world, client_for):
    client = client_for(world.social_worker)
    no_date = client.post(CREATE, good_child(unborn="yes", given_name="",
                                             **date_fields("date_of_birth")))
    assert summary_links(no_date) == {
        "Enter the expected date of birth": "#expected_date_of_birth-day"}
    due = clock.today() + dt.timedelta(days=90)
    done = client.post(CREATE, good_child(unborn="yes", given_name="", sex="U",
                                          **date_fields("date_of_birth"),
                                          **date_fields("expected_date_of_birth", str(due.day),
                                                        str(due.month), str(due.year))))
    assert done.status_code == 302
    baby = Person.objects.get(family_name="Okafor")
    assert (baby.date_of_birth, baby.expected_date_of_birth) == (None, due)
    assert "Expected date of birth" in main_text(client.get(done["Location"]))


def test_an_expected_date_left_in_the_hidden_box_is_ignored_unless_unborn(world, client_for):
    response = client_for(world.social_worker).post(CREATE, good_child(
        **date_fields("expected_date_of_birth", "99", "x", "")))
    assert response.status_code == 302
    assert Person.objects.get(family_name="Okafor").expected_date_of_birth is None


def test_an_unknown_ethnicity_code_and_overlong_names_are_refused(world, client_for):
    response = client_for(world.social_worker).post(CREATE, good_child(
        ethnicity="ZZZZ", given_name="A" * 101))
    assert summary(response) == ["Given name must be 100 characters or fewer",
                                 "Select an ethnicity from the list"]
    assert not Person.objects.filter(family_name="Okafor").exists()


def test_a_nul_character_typed_into_a_name_is_dropped_not_a_crash(world, client_for):
    response = client_for(world.social_worker).post(CREATE, good_child(given_name="Ami\x00ra"))
    assert response.status_code == 302
    assert Person.objects.get(family_name="Okafor").given_name == "Amira"


def test_an_identifier_another_person_has_is_refused(world, client_for):
    nhs = valid_nhs_number()
    Person.objects.filter(pk=world.child.pk).update(nhs_number=nhs)
    response = client_for(world.social_worker).post(CREATE, good_child(nhs_number=nhs))
    [message] = summary(response)
    assert message.startswith("Another person already has this NHS number")


def test_roles_that_cannot_record_people_are_refused(world, client_for):
    for role in ("inspector", "conference_chair"):
        assert client_for(world.users[role]).post(CREATE, good_child()).status_code == 403
    assert not Person.objects.filter(family_name="Okafor").exists()


# ------------------------------------------------------------------ editing
def test_edit_form_is_prefilled_with_the_version_it_was_read_at(world, client_for):
    response = client_for(world.social_worker).get(edit_url(world.child))
    assert value(response, "given_name") == "Amelia"
    assert value(response, "date_of_birth-year") == "2017"
    assert value(response, "version") == str(world.child.version)
    assert value(response, "kind") == "child" and value(response, "sex") == "F"


def edit_data(person: Person, version: str, **overrides: str) -> dict[str, str]:
    person.refresh_from_db()
    dob = person.date_of_birth
    data = {"kind": person.kind, "given_name": person.given_name, "middle_names": "",
            "family_name": person.family_name, "sex": person.sex, "ethnicity": "",
            "version": version,
            **date_fields("date_of_birth", str(dob.day), str(dob.month), str(dob.year))}
    data.update(overrides)
    return data


def test_changing_a_name_keeps_the_old_one_in_the_history(world, client_for):
    client = client_for(world.social_worker)
    version = value(client.get(edit_url(world.child)), "version")
    response = client.post(edit_url(world.child),
                           edit_data(world.child, version, family_name="Osei-Mensah"))
    assert response.status_code == 302
    world.child.refresh_from_db()
    assert world.child.family_name == "Osei-Mensah"
    assert [n.family_name for n in PersonName.objects.filter(person=world.child)] == [
        "Osei-Mensah", "Osei"]
    text = main_text(client.get(response["Location"]))
    assert "Your changes have been saved" in text and "Name history" in text


def test_a_stale_edit_shows_the_conflict_and_changes_nothing(world, client_for):
    first, second = client_for(world.social_worker), client_for(world.users["team_manager"])
    version = value(first.get(edit_url(world.child)), "version")
    assert value(second.get(edit_url(world.child)), "version") == version

    saved = first.post(edit_url(world.child), edit_data(world.child, version,
                                                        given_name="Vicky"))
    assert saved.status_code == 302
    stale = second.post(edit_url(world.child), edit_data(world.child, version,
                                                         family_name="Overwritten"))
    assert stale.status_code == 409
    [message] = summary(stale)
    assert message.startswith("Someone else changed this record while you were editing it")
    assert "Your changes have not been saved" in message
    assert summary_links(stale)[message] == "#kind"
    assert value(stale, "family_name") == "Overwritten"  # the user's input is kept
    assert value(stale, "version") == version  # and still marked stale
    world.child.refresh_from_db()
    assert (world.child.given_name, world.child.family_name) == ("Vicky", "Osei")
    assert not AuditEvent.objects.filter(action="person.edit",
                                         detail__changes__family_name__isnull=False).exists()


def test_identifiers_are_validated_and_a_stale_edit_is_refused(world, client_for):
    client = client_for(world.social_worker)
    url = edit_url(world.child, "identifiers-edit")
    version = value(client.get(url), "version")
    bad = client.post(url, {"nhs_number": "123", "upn": "", "former_upn": "", "la_child_id": "",
                            "version": version})
    assert summary_links(bad) == {"NHS number must be 10 digits, like 943 476 5919":
                                  "#nhs_number"}
    nhs = valid_nhs_number()
    good = client.post(url, {"nhs_number": nhs, "upn": "", "former_upn": "",
                             "la_child_id": "NB77", "version": version})
    assert good.status_code == 302
    again = client.post(url, {"nhs_number": "", "upn": "", "former_upn": "",
                              "la_child_id": "", "version": version})
    assert again.status_code == 409
    world.child.refresh_from_db()
    assert (world.child.nhs_number, world.child.la_child_id) == (nhs, "NB77")


def test_an_edit_with_no_version_is_refused(world, client_for):
    response = client_for(world.social_worker).post(edit_url(world.child),
                                                    edit_data(world.child, ""))
    assert summary(response) == ["Say which version of the record you are changing"]


# ------------------------------------------------------------------ other names and sealing
def test_an_agency_spelling_needs_the_agency(world, client_for):
    client = client_for(world.social_worker)
    url = edit_url(world.child, "other-name-add")
    missing = client.post(url, {"kind": "agency_spelling", "given_name": "Amelie",
                                "family_name": "Osey", "agency": ""})
    assert summary_links(missing) == {"Select the agency that uses this spelling": "#agency"}
    assert not OtherName.objects.exists()
    done = client.post(url, {"kind": "agency_spelling", "given_name": "Amelie",
                             "family_name": "Osey", "agency": str(world.school.pk)})
    assert done.status_code == 302
    text = main_text(client.get(done["Location"]))
    assert "Amelie Osey (Spelling used by an agency: Northbrook Primary School)" in text


def test_an_other_name_needs_a_kind_and_a_name(world, client_for):
    client = client_for(world.social_worker)
    url = edit_url(world.child, "other-name-add")
    response = client.post(url, {"kind": "", "agency": ""})
    assert summary(response) == ["Select what kind of name this is",
                                 "Enter the given name, the family name, or both"]
    invented = client.post(url, {"kind": "alias", "given_name": "Vee", "agency": "999999"})
    assert summary_links(invented) == {"Select an agency from the list": "#agency"}
    assert not OtherName.objects.exists()


def test_the_privacy_officer_seals_a_record_with_a_reason(world, client_for):
    officer = client_for(world.users["privacy_officer"])
    url = edit_url(world.child, "person-seal")
    assert officer.post(url, {"reason": " ", "sealed": "1"}).status_code == 200
    world.child.refresh_from_db()
    assert world.child.sealed is False
    done = officer.post(url, {"reason": "Adoption order made", "sealed": "1"})
    assert done.status_code == 302
    world.child.refresh_from_db()
    assert world.child.sealed is True
    # Sent twice (a double click), it stays sealed rather than flipping back.
    officer.post(url, {"reason": "Adoption order made", "sealed": "1"})
    world.child.refresh_from_db()
    assert world.child.sealed is True
    # Now the social worker cannot find it at all.
    worker = client_for(world.social_worker)
    assert worker.get(reverse("people:person-detail",
                              kwargs={"ref": world.child.ref})).status_code == 404


def test_sealing_needs_a_reason_and_is_for_the_privacy_officer_only(world, client_for):
    officer = client_for(world.users["privacy_officer"])
    response = officer.post(edit_url(world.child, "person-seal"), {"reason": "", "sealed": "1"})
    assert summary(response) == ["Enter the reason for sealing or unsealing"]
    worker = client_for(world.social_worker)
    assert worker.get(edit_url(world.child, "person-seal")).status_code == 403
