"""/api/v1/front-door/: the queue, a referral with everything needed to decide, and each
step of triage through to the manager's sign-off, with the refusals along the way."""

from __future__ import annotations

from typing import Any

import pytest

from everychild.access.models import AuditEvent
from everychild.outbox.models import Message
from everychild.people.matching import refresh_match_keys
from everychild.people.models import Person
from everychild.referrals.models import (
    Decision,
    InformationRequest,
    RagChange,
    Referral,
    ReferralPerson,
)

from ..factories import PersonFactory, valid_nhs_number
from .conftest import assert_problem
from .test_referrals import gp_body, status_url, submitted

pytestmark = pytest.mark.django_db

FRONT_DOOR = "/api/v1/front-door/"
QUEUE = f"{FRONT_DOOR}queue/"


def triage_url(ref: object, rest: str = "") -> str:
    return f"{FRONT_DOOR}referrals/{ref}/{rest}"


def post(client: Any, url: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(url, body, content_type="application/json", headers=headers)


def read(client: Any, ref: object) -> dict[str, Any]:
    response = client.get(triage_url(ref))
    assert response.status_code == 200, response.content[:1000]
    body = response.json()
    assert response["ETag"] == f'"{body["version"]}"'
    return body


def entry_of(view: dict[str, Any], name: str) -> dict[str, Any]:
    [found] = [p for p in view["people"] if p["name"] == name]
    return found


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.content[:2000]
    return response.json()


@pytest.fixture
def known_mother(world) -> Person:
    """The mother's record, known to the police under a different spelling."""
    mother = PersonFactory(kind="adult", given_name="Kerrie", family_name="Marsh", sex="F",
                           date_of_birth="1989-07-21")
    refresh_match_keys([mother.pk])
    return mother


def _unchanged(referral: Referral, version: int) -> None:
    referral.refresh_from_db()
    assert referral.version == version


# ------------------------------------------------------------------ the queue
def test_a_new_referral_is_in_the_queue(world, api):
    made = submitted(api("health_practitioner"), gp_body(world))
    queue = ok(api("social_worker").get(QUEUE))["results"]
    [item] = [i for i in queue if i["ref"] == made["ref"]]
    assert item["reference"] == made["reference"] and item["status"] == "received"
    assert item["rag"] == "amber"  # shared without the family's consent
    assert item["children"] == ["Tillie Marsh", "Ronan Marsh"]
    assert item["standing"] in ("on_track", "due_soon", "overdue")
    assert item["decision_due"] >= item["response_due"]
    for show in ("awaiting_sign_off", "complete"):
        assert ok(api("social_worker").get(QUEUE, {"show": show}))["results"] == []


@pytest.mark.parametrize("query", [{"show": "everything"}, {"sort": "rag"}])
def test_the_queue_refuses_what_it_does_not_know(world, api, query):
    problem = assert_problem(api("social_worker").get(QUEUE, query), 400)
    assert set(query) <= set(problem["errors"])


# ------------------------------------------------------------------ the whole round trip
def test_a_referral_triaged_decided_and_signed_off_through_the_api(world, api, known_mother):
    gp, sw, tm = api("health_practitioner"), api("social_worker"), api("team_manager")
    made = submitted(gp, gp_body(world, concern__significant_harm=True,
                                 concern__harm_categories=["PHY"]))
    ref = made["ref"]
    view = read(sw, ref)
    assert view["reference"] == made["reference"] and view["rag"] == "red"
    assert view["referrer"]["agency"] == {"id": world.gp.pk, "name": "Riverside GP Practice"}
    assert view["harm_categories"] == ["PHY"] and view["significant_harm"] is True
    assert view["incidents"][0]["description"] == "Bruising seen by the class teacher"
    assert [r["rag"] for r in view["rag_history"]] == ["red"]
    assert view["standing"] in ("on_track", "due_soon")

    # The mother: linked to her known record, naming the version with If-Match.
    kerry = entry_of(view, "Kerry Marsh")
    assert kerry["match_status"] == "pending" and kerry["person"] is None
    [candidate] = [c for c in kerry["candidates"] if c["ref"] == str(known_mother.ref)]
    assert candidate["name"] == "Kerrie Marsh" and candidate["date_of_birth"] == "1989-07-21"
    assert 0 < candidate["score"] <= 1 and candidate["reasons"]
    assert candidate["home"] == ""  # no household recorded for her
    assert kerry["advice"] in ("review", "none") and kerry["needs_specialist"] is False
    view = ok(post(sw, triage_url(ref, f"people/{kerry['entry']}/link/"),
                   {"person": str(known_mother.ref)}, **{"If-Match": f'"{view["version"]}"'}))
    kerry = entry_of(view, "Kerry Marsh")
    assert kerry["match_status"] == "linked"
    assert kerry["person"] == {"ref": str(known_mother.ref), "name": "Kerrie Marsh"}
    assert kerry["candidates"] == []

    # Everyone else is new: records made, with the version in the body.
    for person in view["people"]:
        if person["person"] is None:
            view = ok(post(sw, triage_url(ref, f"people/{person['entry']}/new-record/"),
                           {"version": view["version"]}))
    assert all(p["person"] for p in view["people"])
    tillie = Person.objects.get(ref=entry_of(view, "Tillie Marsh")["person"]["ref"])
    assert tillie.other_names.filter(given_name="Matilda").exists()
    assert [h["person"]["name"] for h in view["histories"]] == ["Tillie Marsh", "Ronan Marsh"]

    # The rating, changed with a reason; every rating is kept.
    view = ok(post(sw, triage_url(ref, "rating/"),
                   {"rag": "amber", "reason": "Seen by the GP today; the lodger has moved out",
                    "version": view["version"]}))
    assert view["rag"] == "amber"
    assert [(r["rag"], r["changed_by"]) for r in view["rag_history"]] == [
        ("red", None), ("amber", {"id": world.users["social_worker"].pk,
                                  "name": world.users["social_worker"].get_full_name()})]

    # Information asked of the police, and their answer.
    asked = post(sw, triage_url(ref, "information-requests/"),
                 {"agency": world.police.pk, "question": "Any call-outs to 14 Quarry Lane?"})
    request = ok(asked, 201)
    assert asked["Location"] == f"http://testserver{triage_url(ref)}"
    assert request["agency"] == {"id": world.police.pk, "name": "Northbrook Police"}
    assert request["answered_at"] is None
    answered = ok(post(sw, triage_url(ref, f"information-requests/{request['id']}/answer/"),
                       {"answer": "Two domestic call-outs in March",
                        "answered_by_name": "DC Rowe, MASH police"}))
    assert answered["answered_by_name"] == "DC Rowe, MASH police"
    assert answered["answered_at"] is not None
    view = read(sw, ref)
    assert [r["answer"] for r in view["requests"]] == ["Two domestic call-outs in March"]

    # Early help is refused on a child-protection concern, and nothing changes.
    version = view["version"]
    problem = assert_problem(post(sw, triage_url(ref, "decision/"),
                                  {"outcome": "early_help", "version": version,
                                   "reasons": "The family would accept support"}), 400)
    assert "Early help cannot be chosen" in problem["errors"]["outcome"][0]
    assert Decision.objects.count() == 0
    _unchanged(Referral.objects.get(ref=ref), version)

    # A strategy discussion; the manager returns it, it is decided again and signed off.
    view = ok(post(sw, triage_url(ref, "decision/"),
                   {"outcome": "assessment", "reasons": "Injury with a disclosure",
                    "version": version}))
    assert view["status"] == "awaiting_sign_off"
    assert [d["status"] for d in view["decisions"]] == ["awaiting_sign_off"]
    view = ok(post(tm, triage_url(ref, "return/"),
                   {"note": "This needs a strategy discussion with the police",
                    "version": view["version"]}))
    assert view["status"] == "received"
    assert view["decisions"][0]["status"] == "returned"
    assert view["decisions"][0]["review_note"].startswith("This needs a strategy")
    view = ok(post(sw, triage_url(ref, "decision/"),
                   {"outcome": "strategy_discussion", "version": view["version"],
                    "reasons": "Physical injury and police call-outs: section 47 threshold"}))
    view = ok(post(tm, triage_url(ref, "sign-off/"), {"note": "Agreed"},
                   **{"If-Match": f'"{view["version"]}"'}))
    assert view["status"] == "complete" and view["standing"] == "done"
    assert [d["status"] for d in view["decisions"]] == ["returned", "signed_off"]

    # The referrer sees the outcome, and is emailed it.
    status = ok(gp.get(status_url(ref)))
    assert (status["status"], status["outcome"]) == ("decision_made", "strategy_discussion")
    assert status["decided_at"] is not None
    assert Message.objects.filter(key__startswith=f"referral:{ref}:outcome:").count() == 1
    assert ok(sw.get(QUEUE, {"show": "complete"}))["results"][0]["ref"] == ref

    # Once signed off, nothing more can change.
    problem = assert_problem(post(sw, triage_url(ref, "rating/"),
                                  {"rag": "red", "reason": "Changed my mind about it",
                                   "version": view["version"]}), 400)
    assert "signed off" in problem["errors"]["status"][0]


def test_each_step_is_audited(world, api, known_mother):
    made = submitted(api("health_practitioner"), gp_body(world))
    sw = api("social_worker")
    view = read(sw, made["ref"])
    kerry = entry_of(view, "Kerry Marsh")
    ok(post(sw, triage_url(made["ref"], f"people/{kerry['entry']}/link/"),
            {"person": str(known_mother.ref), "version": view["version"]}))
    actions = list(AuditEvent.objects.filter(target_id=made["ref"]).order_by("seq")
                   .values_list("action", "channel"))
    assert actions == [("referral.submit", "api"), ("referral.view", "api"),
                       ("referral.match", "api"), ("referral.view", "api")]


# ------------------------------------------------------------------ versions
@pytest.fixture
def rated(world, api):
    """A referral whose rating was changed once, so its first version is stale."""
    made = submitted(api("health_practitioner"), gp_body(world))
    sw = api("social_worker")
    view = read(sw, made["ref"])
    view = ok(post(sw, triage_url(made["ref"], "rating/"),
                   {"rag": "red", "reason": "A disclosure made to the GP",
                    "version": view["version"]}))
    return Referral.objects.get(ref=made["ref"]), view["version"]


def test_a_stale_if_match_is_412_and_changes_nothing(world, api, rated):
    referral, version = rated
    problem = assert_problem(post(api("social_worker"), triage_url(referral.ref, "rating/"),
                                  {"rag": "green", "reason": "No longer worried at all"},
                                  **{"If-Match": f'"{version - 1}"'}), 412)
    assert f"version {version}" in problem["detail"]
    _unchanged(referral, version)
    assert RagChange.objects.filter(referral=referral).count() == 2


def test_a_stale_version_is_409_and_changes_nothing(world, api, rated):
    referral, version = rated
    entry = referral.people.get(position=3)
    problem = assert_problem(post(api("social_worker"),
                                  triage_url(referral.ref, f"people/{entry.pk}/new-record/"),
                                  {"version": version - 1}), 409, "edit-conflict")
    assert f"version {version - 1}" in problem["detail"]
    _unchanged(referral, version)
    entry.refresh_from_db()
    assert entry.person_id is None


def test_a_change_without_a_version_is_428(world, api, rated):
    referral, version = rated
    problem = assert_problem(post(api("social_worker"), triage_url(referral.ref, "rating/"),
                                  {"rag": "green", "reason": "No longer worried at all"}), 428)
    assert "If-Match" in problem["detail"]
    _unchanged(referral, version)


# ------------------------------------------------------------------ refusals
def test_a_decision_before_everyone_is_matched_is_refused(world, api):
    made = submitted(api("health_practitioner"), gp_body(world))
    view = read(api("social_worker"), made["ref"])
    problem = assert_problem(post(api("social_worker"), triage_url(made["ref"], "decision/"),
                                  {"outcome": "nfa", "reasons": "Nothing to suggest harm",
                                   "version": view["version"]}), 400)
    assert "Dean Tolley" in problem["errors"]["people"][0]
    assert Decision.objects.count() == 0


@pytest.mark.parametrize("step, body, field", [
    ("rating/", {"rag": "purple", "reason": "Because I say so today"}, "rag"),
    ("rating/", {"rag": "red", "reason": "Why"}, "reason"),
    ("rating/", {"rag": "amber", "reason": "It is already amber now"}, "rag"),
    ("decision/", {"outcome": "nfa"}, "reasons"),
    ("decision/", {"outcome": "adoption", "reasons": "Not an outcome we know"}, "outcome"),
    ("return/", {}, "note"),
    ("return/", {"note": "No"}, "note"),
    ("return/", {"note": "Returning a decision never made"}, "status"),
    ("written-confirmation/", {}, "confirmation"),
    ("information-requests/", {"agency": 999999, "question": "Anything known?"}, "agency"),
    ("information-requests/", {"agency": "police", "question": "Anything known?"}, "agency"),
    ("information-requests/", {"question": "Anything known?", "urgent": True}, "urgent"),
    ("people/{entry}/link/", {}, "person"),
    ("people/{entry}/link/", {"person": 12}, "person"),
])
def test_bad_input_at_each_step_is_refused_by_name(world, api, step, body, field):
    made = submitted(api("health_practitioner"), gp_body(world))
    referral = Referral.objects.get(ref=made["ref"])
    entry = referral.people.get(position=2)
    role = "team_manager" if step == "return/" else "social_worker"
    headers = {} if step.startswith("information") else {"If-Match": f'"{referral.version}"'}
    response = post(api(role), triage_url(made["ref"], step.format(entry=entry.pk)), body,
                    **headers)
    problem = assert_problem(response, 400)
    assert field in problem["errors"], problem
    _unchanged(referral, referral.version)
    assert InformationRequest.objects.count() == 0 and Decision.objects.count() == 0


def test_linking_to_someone_who_does_not_exist_is_not_found(world, api):
    made = submitted(api("health_practitioner"), gp_body(world))
    referral = Referral.objects.get(ref=made["ref"])
    entry = referral.people.get(position=2)
    problem = assert_problem(post(api("social_worker"),
                                  triage_url(made["ref"], f"people/{entry.pk}/link/"),
                                  {"person": "00000000-0000-4000-8000-000000000000",
                                   "version": referral.version}), 404)
    assert "person" in problem["errors"]
    _unchanged(referral, referral.version)


def test_linking_a_child_to_an_adults_record_is_refused(world, api, known_mother):
    made = submitted(api("health_practitioner"), gp_body(world))
    referral = Referral.objects.get(ref=made["ref"])
    tillie = referral.people.get(position=0)
    problem = assert_problem(post(api("social_worker"),
                                  triage_url(made["ref"], f"people/{tillie.pk}/link/"),
                                  {"person": str(known_mother.ref),
                                   "version": referral.version}), 400)
    assert "a child" in problem["errors"]["person"][0]
    _unchanged(referral, referral.version)


@pytest.mark.parametrize("path", ["people/999999/link/", "people/99999999999999999999/new-record/",
                                  "information-requests/99999999999999999999/answer/"])
def test_a_person_or_request_not_on_the_referral_is_not_found(world, api, path):
    made = submitted(api("health_practitioner"), gp_body(world))
    referral = Referral.objects.get(ref=made["ref"])
    body = ({"answer": "Nothing known", "answered_by_name": "Desk officer"}
            if "answer" in path else {"person": str(world.child.ref)})
    if "new-record" in path:
        body = {}
    assert_problem(post(api("social_worker"), triage_url(made["ref"], path), body,
                        **{"If-Match": f'"{referral.version}"'}), 404)
    _unchanged(referral, referral.version)


def test_an_answer_cannot_be_recorded_twice(world, api):
    made = submitted(api("health_practitioner"), gp_body(world))
    sw = api("social_worker")
    asked = ok(post(sw, triage_url(made["ref"], "information-requests/"),
                    {"agency": world.school.pk, "question": "Attendance this term?"}), 201)
    answer = triage_url(made["ref"], f"information-requests/{asked['id']}/answer/")
    ok(post(sw, answer, {"answer": "92%", "answered_by_name": "Attendance officer"}))
    problem = assert_problem(post(sw, answer, {"answer": "95%",
                                               "answered_by_name": "Head teacher"}), 400)
    assert "already recorded" in problem["errors"]["answer"][0]
    assert InformationRequest.objects.get().answer == "92%"


def test_a_phoned_referral_is_confirmed_in_writing_once(world, api):
    body = gp_body(world)
    body["referrer"]["channel"] = "phone"
    made = submitted(api("contact_centre_officer"), body)
    sw = api("social_worker")
    view = read(sw, made["ref"])
    assert view["needs_written_confirmation"] and view["written_confirmation_at"] is None
    view = ok(post(sw, triage_url(made["ref"], "written-confirmation/"),
                   {"version": view["version"]}))
    assert view["written_confirmation_at"] is not None
    problem = assert_problem(post(sw, triage_url(made["ref"], "written-confirmation/"),
                                  {"version": view["version"]}), 400)
    assert "already been recorded" in problem["errors"]["confirmation"][0]


@pytest.mark.parametrize("role", ["designated_safeguarding_lead", "health_practitioner",
                                  "police_investigator", "contact_centre_officer",
                                  "privacy_officer", "inspector"])
def test_only_the_front_door_may_triage(world, api, role):
    made = submitted(api("health_practitioner"), gp_body(world))
    referral = Referral.objects.get(ref=made["ref"])
    client = api(role)
    assert_problem(client.get(QUEUE), 403, "forbidden")
    problem = assert_problem(client.get(triage_url(made["ref"])), 403, "forbidden")
    assert "Tillie" not in str(problem)
    assert_problem(post(client, triage_url(made["ref"], "rating/"),
                        {"rag": "red", "reason": "Trying to change it anyway",
                         "version": referral.version}), 403)
    _unchanged(referral, referral.version)


def test_a_social_worker_cannot_sign_off(world, api):
    made = submitted(api("health_practitioner"), gp_body(world))
    referral = Referral.objects.get(ref=made["ref"])
    for step in ("sign-off/", "return/"):
        assert_problem(post(api("social_worker"), triage_url(made["ref"], step),
                            {"version": referral.version, "note": "Signing my own decision"}),
                       403, "forbidden")
    _unchanged(referral, referral.version)


def test_an_unknown_referral_is_not_found(world, api):
    unknown = "00000000-0000-4000-8000-000000000000"
    assert_problem(api("social_worker").get(triage_url(unknown)), 404, "not-found")
    assert_problem(post(api("social_worker"), triage_url(unknown, "rating/"),
                        {"rag": "red", "reason": "For a referral that is not there",
                         "version": 1}), 404)


# ------------------------------------------------------------------ sealed records
def test_a_sealed_record_is_never_shown_to_the_front_door(world, api):
    """A child on the referral resembles an adopted child's sealed record: the social
    worker learns only that a specialist must review them, in every answer."""
    sealed = world.sealed_child
    secret_nhs = valid_nhs_number()
    Person.objects.filter(pk=sealed.pk).update(nhs_number=secret_nhs)
    refresh_match_keys([sealed.pk])
    body = gp_body(world)
    body["people"][0].update(given_name="Hidden", family_name="Sealedchild", sex="F",
                             date_of_birth="2018-05-04", other_names=[])
    made = submitted(api("health_practitioner"), body)
    ref = made["ref"]
    sw = api("social_worker")
    secrets = (str(sealed.ref), secret_nhs)
    answers = []

    view = read(sw, ref)
    hidden = entry_of(view, "Hidden Sealedchild")
    assert hidden["needs_specialist"] is True
    assert hidden["match_status"] == "specialist"
    assert all(c["ref"] != str(sealed.ref) for c in hidden["candidates"])
    answers.append(sw.get(triage_url(ref)))
    answers.append(sw.get(QUEUE))
    # Naming the sealed record, or making a new one, is refused without a hint.
    linked = post(sw, triage_url(ref, f"people/{hidden['entry']}/link/"),
                  {"person": str(sealed.ref), "version": view["version"]})
    assert_problem(linked, 404)
    answers.append(linked)
    fresh = post(sw, triage_url(ref, f"people/{hidden['entry']}/new-record/"),
                 {"version": view["version"]})
    assert "specialist" in assert_problem(fresh, 400)["errors"]["person"][0]
    answers.append(fresh)
    # The other people can still be matched, and the answer still hides the record.
    ronan = entry_of(view, "Ronan Marsh")
    answers.append(post(sw, triage_url(ref, f"people/{ronan['entry']}/new-record/"),
                        {"version": view["version"]}))
    assert answers[-1].status_code == 200
    for response in answers:
        text = response.content.decode()
        assert not any(s in text for s in secrets), response.request["PATH_INFO"]
    entry = ReferralPerson.objects.get(referral__ref=ref, position=0)
    assert entry.person_id is None


def test_a_child_a_specialist_linked_to_a_sealed_record_shows_only_that(world, api):
    made = submitted(api("health_practitioner"), gp_body(world))
    # As if a specialist had linked Tillie to the sealed record.
    ReferralPerson.objects.filter(referral__ref=made["ref"], position=0).update(
        person=world.sealed_child, match_status="linked", match_score=0.99,
        match_reasons=["nhs_number"])
    response = api("social_worker").get(triage_url(made["ref"]))
    view = ok(response)
    tillie = entry_of(view, "Tillie Marsh")
    assert tillie["linked_by_specialist"] is True
    assert tillie["person"] is None and tillie["match_score"] is None
    assert tillie["match_reasons"] == []
    assert [h["person"]["name"] for h in view["histories"]] == []
    assert str(world.sealed_child.ref) not in response.content.decode()
