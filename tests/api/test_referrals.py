"""/api/v1/referrals/: an agency's system makes a referral in one request, and the referrer
follows what became of it (status and outcome, never the case file)."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from everychild.outbox.models import Message
from everychild.people.matching import refresh_match_keys
from everychild.people.models import Person
from everychild.referrals import services
from everychild.referrals.models import Referral, ReferralPerson, Status

from ..factories import AgencyFactory, valid_nhs_number
from ..referrals.builders import referral_body
from .conftest import assert_problem

pytestmark = pytest.mark.django_db

REFERRALS = "/api/v1/referrals/"


# ------------------------------------------------------------------ helpers (shared with
# the front-door tests)
def gp_body(world: Any, **changes: Any) -> dict[str, Any]:
    """A GP practice's referral about two siblings, their mother and her lodger, as its
    system would send it (no channel: the API is the channel)."""
    body = referral_body(**changes)
    if "referrer" not in changes:
        body["referrer"] = {"source": "3A", "name": "Dr Imogen Fairley", "role": "GP",
                            "agency_id": world.gp.pk, "organisation": "Riverside GP Practice",
                            "phone": "01632 960123", "email": "ifairley@riverside-gp.example"}
    return body


def submit(client: Any, body: Any) -> Any:
    return client.post(REFERRALS, body, content_type="application/json")


def submitted(client: Any, body: Any) -> dict[str, Any]:
    response = submit(client, body)
    assert response.status_code == 201, response.content[:2000]
    return response.json()


def status_url(ref: object) -> str:
    return f"{REFERRALS}{ref}/status/"


def nothing_received() -> None:
    assert Referral.objects.count() == 0
    assert ReferralPerson.objects.count() == 0
    assert Message.objects.count() == 0


# ------------------------------------------------------------------ making a referral
def test_a_gp_practice_makes_a_referral_and_it_is_acknowledged(world, api):
    response = submit(api("health_practitioner"), gp_body(world))

    assert response.status_code == 201, response.content
    body = response.json()
    assert re.fullmatch(r"R\d{4}-\d{6}", body["reference"])
    assert body["status"] == "being_considered"
    assert response["Location"] == f"http://testserver{status_url(body['ref'])}"
    assert [(p["name"], p["role"]) for p in body["people"]] == [
        ("Tillie Marsh", "subject_child"), ("Ronan Marsh", "other_child"),
        ("Kerry Marsh", "parent"), ("Dean Tolley", "other_adult")]
    assert {p["match_status"] for p in body["people"]} <= {"pending", "linked"}

    referral = Referral.objects.get(ref=body["ref"])
    assert (referral.status, referral.channel, referral.source) == (Status.RECEIVED, "api", "3A")
    assert referral.made_by == world.users["health_practitioner"]
    assert referral.referrer_agency == world.gp
    assert referral.reference == body["reference"]
    [ack] = Message.objects.filter(key=f"referral:{referral.ref}:acknowledgement")
    assert ack.to == "ifairley@riverside-gp.example"
    assert body["reference"] in ack.subject
    assert "Tillie" not in ack.body and "Marsh" not in ack.body


def test_a_channel_given_is_kept(world, api):
    body = gp_body(world)
    body["referrer"]["channel"] = "phone"
    made = submitted(api("contact_centre_officer"), body)
    referral = Referral.objects.get(ref=made["ref"])
    assert referral.channel == "phone" and referral.needs_written_confirmation


def test_the_referrer_is_never_told_who_a_person_was_matched_to(world, api):
    """Even when a child on the referral is already known, the referrer learns only that
    they were matched, never which record or who else was considered."""
    refresh_match_keys([world.child.pk])
    body = gp_body(world)
    body["people"][0].update(given_name="Amelia", family_name="Osei",
                             date_of_birth="2017-11-02", other_names=[])
    response = submit(api("health_practitioner"), body)
    assert response.status_code == 201
    assert str(world.child.ref) not in response.content.decode()
    assert set(response.json()["people"][0]) == {"name", "role", "match_status"}


def test_a_person_like_a_sealed_record_is_simply_not_matched_yet_to_the_referrer(world, api):
    refresh_match_keys([world.sealed_child.pk])
    body = gp_body(world)
    body["people"][0].update(given_name="Hidden", family_name="Sealedchild", sex="F",
                             date_of_birth="2018-05-04", other_names=[])
    response = submit(api("health_practitioner"), body)
    assert response.status_code == 201
    text = response.content.decode()
    assert str(world.sealed_child.ref) not in text and "specialist" not in text
    assert response.json()["people"][0]["match_status"] == "pending"
    # ...while the front door knows a specialist must look.
    assert ReferralPerson.objects.get(referral__ref=response.json()["ref"],
                                      position=0).match_status == "specialist"


def _without_subject_child(body: dict) -> None:
    body["people"] = [p for p in body["people"] if p["role"] != "subject_child"]


def _set(path: str, value: Any):
    def change(body: dict) -> None:
        *parents, last = path.split(".")
        target: Any = body
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    return change


BAD_BODIES = {
    "no subject child": (_without_subject_child, "people", "Add the child"),
    "impossible date of birth": (_set("people.0.date_of_birth", "31/2/2015"),
                                 "people.0.date_of_birth", "real date"),
    "date of birth not a date": (_set("people.1.date_of_birth", "last spring"),
                                 "people.1.date_of_birth", "as far as it is known"),
    "month out of range": (_set("people.0.date_of_birth", "2015-13"),
                           "people.0.date_of_birth", "month"),
    "NHS number that fails its check": (_set("people.0.nhs_number", "123 456 7890"),
                                        "people.0.nhs_number", "NHS number"),
    "sharing without consent, no reason": (
        lambda b: b["sharing"].update(basis="consent_refused", reason=""),
        "sharing.reason", "reason"),
    "unknown field at the top": (_set("colour", "blue"), "colour", "not recognised"),
    "unknown field on a person": (_set("people.2.favourite_food", "toast"),
                                  "people.2.favourite_food", "not recognised"),
    "unknown field on an incident": (_set("concern.incidents.0.weather", "rain"),
                                     "concern.incidents.0.weather", "not recognised"),
    "a name that is not text": (_set("people.0.given_name", 7), "people.0.given_name",
                                "valid string"),
    "a flag that is not true or false": (_set("people.3.lives_in_household", "yes"),
                                         "people.3.lives_in_household", "boolean"),
    "an unknown kind of harm": (_set("concern.harm_categories", ["XYZ"]),
                                "concern.harm_categories.0", "valid choice"),
    "an incident in the future": (_set("concern.incidents.0.happened_on", "2999-01-01"),
                                  "concern.incidents.0.happened_on", "past"),
    "no way to reach the referrer": (
        lambda b: b["referrer"].update(phone="", email=""), "referrer.phone",
        "phone number or email"),
    "an adult with no relationship": (_set("people.2.relationship", ""),
                                      "people.2.relationship", "who this adult is"),
    "other names in a shape of their own": (_set("people.0.other_names", [["Tilly"]]),
                                            "people.0.other_names", "other names"),
    "no concern": (_set("concern.concern", "Worried"), "concern.concern", "own words"),
    "a NUL character in another name": (_set("people.0.other_names", [["Til\x00ly", "Marsh"]]),
                                        "people.0.other_names", "null characters"),
    "a NUL character in a name": (_set("people.1.given_name", "Ro\x00nan"),
                                  "people.1.given_name", "null characters"),
}


@pytest.mark.parametrize("case", BAD_BODIES, ids=list(BAD_BODIES))
def test_a_referral_with_a_problem_is_refused_naming_the_field(world, api, case):
    change, field, words = BAD_BODIES[case]
    body = copy.deepcopy(gp_body(world))
    change(body)
    problem = assert_problem(submit(api("health_practitioner"), body), 400,
                             "validation-failed")
    assert field in problem["errors"], problem["errors"]
    assert any(words.lower() in m.lower() for m in problem["errors"][field]), problem
    assert "not received" in problem["detail"]
    nothing_received()


def test_every_problem_in_a_body_is_named_at_once(world, api):
    body = gp_body(world)
    body["people"][0]["date_of_birth"] = "2015-02-30"
    body["people"][1]["nhs_number"] = "999"
    body["sharing"]["basis"] = "without_consent"
    body["sharing"]["reason"] = ""
    problem = assert_problem(submit(api("health_practitioner"), body), 400)
    assert {"people.0.date_of_birth", "people.1.nhs_number", "sharing.reason"} <= set(
        problem["errors"])
    nothing_received()


@pytest.mark.parametrize("body", [[], "referral", 3, None])
def test_a_body_that_is_not_a_referral_is_refused(world, api, body):
    response = api("health_practitioner").post(REFERRALS, json.dumps(body),
                                               content_type="application/json")
    assert "request" in assert_problem(response, 400)["errors"]
    nothing_received()


def test_missing_parts_are_named(world, api):
    problem = assert_problem(submit(api("health_practitioner"), {"people": []}), 400)
    assert {"referrer", "concern", "sharing"} <= set(problem["errors"])
    nothing_received()


def test_an_agency_that_has_closed_is_refused(world, api):
    closed = AgencyFactory(name="Old Mill Surgery", active=False)
    body = gp_body(world)
    body["referrer"]["agency_id"] = closed.pk
    problem = assert_problem(submit(api("health_practitioner"), body), 400)
    assert "referrer.agency_id" in problem["errors"]
    nothing_received()


def test_the_referrers_own_words_are_kept(world, api):
    nhs = valid_nhs_number()
    body = gp_body(world)
    body["people"][0]["nhs_number"] = nhs
    body["people"][0]["other_names"] = "Tilly Marsh; Matilda Ross"
    made = submitted(api("health_practitioner"), body)
    tillie = ReferralPerson.objects.get(referral__ref=made["ref"], position=0)
    assert tillie.nhs_number == nhs
    assert tillie.other_names == [["Tilly", "Marsh"], ["Matilda", "Ross"]]
    assert not Person.objects.filter(given_name="Tillie").exists()


@pytest.mark.parametrize("role", ["board_analyst", "inspector", "administrator",
                                  "conference_chair"])
def test_roles_that_do_not_refer_are_refused(world, api, role):
    assert_problem(submit(api(role), gp_body(world)), 403, "forbidden")
    assert_problem(api(role).get(REFERRALS), 403, "forbidden")
    nothing_received()


def test_making_a_referral_needs_a_token(world):
    from django.test import Client

    response = Client().post(REFERRALS, gp_body(world), content_type="application/json")
    assert_problem(response, 401)
    nothing_received()


# ------------------------------------------------------------------ following it
def test_the_referrer_sees_their_own_referrals_only(world, api):
    mine = submitted(api("health_practitioner"), gp_body(world))
    submitted(api("designated_safeguarding_lead"), referral_body())

    response = api("health_practitioner").get(REFERRALS)
    assert response.status_code == 200
    [only] = response.json()["results"]
    assert only["ref"] == mine["ref"] and only["reference"] == mine["reference"]
    assert only["status"] == "being_considered" and only["status_text"] == "Being considered"
    assert only["outcome"] is None and only["outcome_text"] == ""
    assert only["children"] == ["Tillie Marsh", "Ronan Marsh"]


def _decided(world, ref: str, outcome: str = "assessment") -> None:
    """Triage, decision and sign-off done at the front door (through the services; the
    front-door endpoints have their own tests)."""
    sw, tm = world.users["social_worker"], world.users["team_manager"]
    referral = Referral.objects.get(ref=ref)
    for entry in referral.people.filter(person__isnull=True):
        referral.refresh_from_db()
        services.referral_person_create_record(actor=sw, referral=referral, entry_id=entry.pk,
                                               version=referral.version)
    referral.refresh_from_db()
    services.referral_decide(actor=sw, referral=referral, outcome=outcome,
                             reasons="Bruising with a disclosure about an adult at home",
                             version=referral.version)
    referral.refresh_from_db()
    services.referral_sign_off(actor=tm, referral=referral, version=referral.version)


def test_the_status_shows_the_outcome_once_signed_off(world, api):
    made = submitted(api("health_practitioner"), gp_body(world))
    before = api("health_practitioner").get(status_url(made["ref"]))
    assert before.status_code == 200
    assert before.json()["status"] == "being_considered"
    assert before.json()["decided_at"] is None

    _decided(world, made["ref"])

    after = api("health_practitioner").get(status_url(made["ref"])).json()
    assert after["status"] == "decision_made" and after["status_text"] == "Decision made"
    assert after["outcome"] == "assessment"
    assert after["outcome_text"] == "Assessment by children's social care"
    assert after["decided_at"] is not None
    # The status, not the file: nothing of the decision's reasons or the records made.
    assert set(after) == {"ref", "reference", "received_at", "children", "status",
                          "status_text", "outcome", "outcome_text", "decided_at"}
    assert "disclosure" not in str(after)
    listed = api("health_practitioner").get(REFERRALS).json()["results"][0]
    assert listed["outcome"] == "assessment"


def test_someone_elses_referral_is_not_found(world, api):
    made = submitted(api("health_practitioner"), gp_body(world))
    for role in ("designated_safeguarding_lead", "police_investigator", "social_worker"):
        problem = assert_problem(api(role).get(status_url(made["ref"])), 404, "not-found")
        assert made["reference"] not in str(problem)


def test_an_unknown_referral_is_not_found(world, api):
    assert_problem(api("health_practitioner").get(
        status_url("00000000-0000-4000-8000-000000000000")), 404, "not-found")
