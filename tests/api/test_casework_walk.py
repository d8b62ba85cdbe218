"""The pathway through /api/v1 alone, each user with their own API token: from the
episode the front door opened, allocation, the strategy discussion and enquiry, the
initial conference (reports, attendance, decision, dissent, minutes), the plan (actions,
progress, a visit, a core group), the partner reading the chronology, the review that
ends the plan, and closure. Edits carry versions (If-Match, or `version`), and stale ones
are refused with nothing changed."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from everychild.casework.models import ChangeKind, CircumstanceChange, Episode
from everychild.outbox.models import Message

from ..casework.walk_support import (
    REFERRAL_DAY,
    Cast,
    WalkClock,
    cast_of,
    london,
    refer_link_decide,
    sign_off,
    told,
)
from .conftest import assert_problem

pytestmark = pytest.mark.django_db

FINDINGS = "The bruising matches Tillie's account; the lodger has a caution for assault."


class Caller:
    """One user's API client, for one child's case."""

    def __init__(self, client: Client, child_ref: object) -> None:
        self.client, self.base = client, f"/api/v1/people/{child_ref}/"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(self.base + path, params)

    def post(self, path: str, body: dict[str, Any], if_match: str | None = None) -> Any:
        headers = {"If-Match": if_match} if if_match else {}
        return self.client.post(self.base + path, data=json.dumps(body),
                                content_type="application/json", headers=headers)

    def patch(self, path: str, body: dict[str, Any], if_match: str) -> Any:
        return self.client.patch(self.base + path, data=json.dumps(body),
                                 content_type="application/json", headers={"If-Match": if_match})


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.content[:800])
    return response.json()


def callers(cast: Cast) -> dict[str, Caller]:
    """Tokens made on the walk's first day, good for the year it lasts."""
    from everychild.access.api_auth import api_token_create

    found = {}
    for name in ("manager", "worker", "chair", "dsl", "police", "health"):
        user = getattr(cast, name)
        token = api_token_create(actor=user, name="walk", days=365)[1]
        found[name] = Caller(Client(headers={"Authorization": f"Bearer {token}"}),
                             cast.tillie.ref)
    return found


def test_the_pathway_through_the_api(world, monkeypatch):
    walk = WalkClock(monkeypatch, REFERRAL_DAY, hour=9)
    cast = cast_of(world)
    referral = refer_link_decide(cast, walk)
    walk.to(REFERRAL_DAY, 11)
    sign_off(cast, referral)
    api = callers(cast)
    # Not the same token for everyone: a partner is refused the casework.
    assert_problem(api["dsl"].get("case/"), 403)

    episode_id = _allocate(cast, walk, api)
    enquiry = _strategy_and_enquiry(cast, walk, api, episode_id)
    _assessment(walk, api, episode_id)
    conference = _initial_conference(cast, walk, api, enquiry)
    plan_id = _the_plan(cast, walk, api, conference)
    _the_partner_reads_the_chronology(api)
    _review_and_closure(cast, walk, api, plan_id, episode_id)


def _allocate(cast: Cast, walk: WalkClock, api: dict[str, Caller]) -> int:
    walk.working_days_on(1, hour=9)
    case = ok(api["manager"].get("case/"))
    (opened,) = case["episodes"]
    episode = opened["episode"]
    assert (episode["referral_date"], episode["worker"]) == (REFERRAL_DAY.isoformat(), None)
    url = f"case/episodes/{episode['id']}/allocation/"
    body = {"team": cast.worker.team_id, "worker": cast.worker.pk}
    # No version at all: 428; the wrong one: 412; nothing allocated either time.
    assert_problem(api["manager"].post(url, body), 428)
    assert_problem(api["manager"].post(url, body, if_match='"7"'), 412)
    assert Episode.objects.get(pk=episode["id"]).worker is None
    allocated = api["manager"].post(url, body, if_match=f'"{episode["version"]}"')
    done = ok(allocated)
    assert done["worker"]["id"] == cast.worker.pk and allocated["ETag"] == f'"{done["version"]}"'
    # The same change again from the page read before it: 412, not a second notice.
    assert_problem(api["manager"].post(url, body, if_match=f'"{episode["version"]}"'), 412)
    assert CircumstanceChange.objects.filter(kind=ChangeKind.WORKER).count() == 1
    return int(episode["id"])


def _assessment(walk: WalkClock, api: dict[str, Caller], episode_id: int) -> None:
    """The single assessment beside the enquiry: recorded and completed against its
    ETag, authorised by the manager."""
    started = api["worker"].post(f"case/episodes/{episode_id}/assessments/",
                                 {"kind": "single", "started_on": "2027-03-10"})
    url = f"case/assessments/{ok(started, 201)['id']}/"
    walk.later()
    recorded = api["worker"].patch(url, {
        "child_seen_on": "2027-03-11", "child_views": "Tillie wants the lodger to leave.",
        "factors": ["2B", "3A"], "outcome": "cin_plan",
        "analysis": "Kerry cannot keep Tillie safe while the lodger lives there."},
        if_match=started["ETag"])
    assert ok(recorded)["factors"][0]["code"] == "2B"
    assert_problem(api["worker"].patch(url, {"outcome": "nfa"}, if_match=started["ETag"]), 412)
    completed = api["worker"].post(url + "completion/", {"primary_need": "N1"},
                                   if_match=recorded["ETag"])
    assert ok(completed)["status"] == "awaiting_authorisation"
    walk.later()
    authorised = ok(api["manager"].post(url + "authorisation/",
                                        {"version": ok(completed)["version"]}))
    assert (authorised["status"], authorised["outcome"]) == ("authorised", "cin_plan")


def _strategy_and_enquiry(cast: Cast, walk: WalkClock, api: dict[str, Caller],
                          episode_id: int) -> dict[str, Any]:
    held_on = walk.to(dt.date(2027, 3, 10), 14)
    made = api["worker"].post(f"case/episodes/{episode_id}/strategy-discussions/", {
        "held_on": held_on.isoformat(), "section47": True,
        "reasons": "Bruising and Tillie's account of being grabbed",
        "information_shared": "Police attended the address twice this year.",
        "attendees": [
            {"agency": cast.social_care.pk, "name": "Sam Okafor", "staff": cast.worker.pk},
            {"agency": cast.police_force.pk, "name": "DC Rhian Price", "staff": cast.police.pk},
            {"agency": cast.gp.pk, "name": "Dr Ana Reyes", "role": "GP"}]})
    assert ok(made, 201)["health_attended"] is True
    case = ok(api["worker"].get("case/"))["episodes"][0]
    (enquiry,) = case["enquiries"]
    icpc = next(d for d in case["due"] if d["rule"] == "strategy_to_icpc")
    assert (icpc["due_on"], icpc["standing"]) == ("2027-04-02", "on_track")

    walk.to(dt.date(2027, 3, 19), 9)
    url = f"case/enquiries/{enquiry['id']}/outcome/"
    body = {"outcome": "substantiated_conference", "findings": FINDINGS}
    # A stale `version` in the body: 409 with nothing recorded.
    assert_problem(api["worker"].post(url, {**body, "version": enquiry["version"] + 1}), 409)
    done = ok(api["worker"].post(url, {**body, "version": enquiry["version"]}))
    assert (done["outcome"], done["completed_on"]) == ("substantiated_conference", "2027-03-19")
    return done


def _initial_conference(cast: Cast, walk: WalkClock, api: dict[str, Caller],
                        enquiry: dict[str, Any]) -> dict[str, Any]:
    walk.later()
    made = api["worker"].post("case/conferences/", {
        "scheduled_for": london(dt.date(2027, 3, 31), 10).isoformat(),
        "venue": "Northbrook Civic Centre", "chair": cast.chair.pk,
        "family": [{"person": str(cast.kerry.ref), "email": "kerry.marsh@example.org"}]})
    conference = ok(made, 201)
    cid = conference["id"]
    invitees = {i["agency"]["id"] if i["agency"] else i["name"]: i
                for i in conference["invitees"]}
    assert set(invitees) == {cast.social_care.pk, cast.school.pk, cast.police_force.pk,
                             cast.gp.pk, "Kerry Marsh"}
    assert conference["due"]["due_on"] == "2027-04-02"

    # The school reads its invitation and sends its report; health may not read the
    # school's invitation.
    walk.to(dt.date(2027, 3, 22), 15)
    school = f"case/conferences/{cid}/invitations/{invitees[cast.school.pk]['id']}/"
    assert_problem(api["health"].get(school), 403)
    invitation = ok(api["dsl"].get(school))
    assert invitation["invitee"]["report_version"] == 0 and invitation["minutes"] == ""
    sent = ok(api["dsl"].post(school + "report/", {
        "report": "Tillie often arrives hungry and has been withdrawn since January.",
        "report_version": 0}))
    assert_problem(api["dsl"].post(school + "report/", {"report": "A stale second report",
                                                        "report_version": 0}), 409)
    shared = ok(api["dsl"].post(school + "report/shared/",
                                {"report_version": sent["invitee"]["report_version"]}))
    assert shared["invitee"]["report_shared_with_family_at"]

    held_on = walk.to(dt.date(2027, 3, 31), 12)
    chair, base = api["chair"], f"case/conferences/{cid}/"
    current = chair.get(base)
    marks = [{"invitee": i["id"], "attendance": "apologies" if i["agency"] and
              i["agency"]["id"] == cast.police_force.pk else "attended"}
             for i in ok(current)["invitees"]]
    attended = chair.post(base + "attendance/", {"attendance": marks},
                          if_match=current["ETag"])
    ok(attended)
    decision = {"held_on": held_on.isoformat(), "decision": "plan",
                "reasons": "Neglect and an unsafe adult in the home",
                "first_core_group_on": "2027-04-09"}
    refused = assert_problem(chair.post(base + "decision/", decision,
                                        if_match=attended["ETag"]), 400)
    assert "category of abuse" in refused["errors"]["category"][0]
    decided = chair.post(base + "decision/", {**decision, "category": "NEG"},
                         if_match=attended["ETag"])
    body = ok(decided)
    assert body["plan_made"] and body["category"] == "NEG"
    ok(chair.post(base + "dissents/", {"agency": cast.police_force.pk, "view": "The police "
                                       "think the threshold for a plan is not met"}), 201)
    written = chair.post(base + "minutes/", {"minutes": "Attended: ... Decision: a plan."},
                         if_match=chair.get(base)["ETag"])
    by_hand = [invitees["Kerry Marsh"]["id"]]  # a family's copy is given, never e-mailed
    closed = ok(chair.post(base + "minutes/send/", {"sent_otherwise": by_hand},
                           if_match=written["ETag"]))
    assert closed["status"] == "closed"
    assert all(i["minutes_sent_at"] for i in closed["invitees"])
    police_invite = invitees[cast.police_force.pk]["id"]
    assert Message.objects.filter(key=f"conference-minutes:{cid}:{police_invite}").exists()
    # The school now reads the minutes from its invitation.
    assert ok(api["dsl"].get(school))["minutes"].startswith("Attended")
    return closed


def _the_plan(cast: Cast, walk: WalkClock, api: dict[str, Caller],
              conference: dict[str, Any]) -> int:
    plan_id = conference["plan_made"]
    base = f"case/plans/{plan_id}/"
    walk.to(dt.date(2027, 4, 1), 10)
    plan = ok(api["dsl"].get(base))  # the partner reads the plan it is part of
    assert (plan["kind"], plan["category"], plan["key_worker"]["id"]) == (
        "cp", "NEG", cast.worker.pk)
    added = ok(api["worker"].post(base + "actions/", {
        "description": "Check each morning that Tillie has eaten and has a coat",
        "owner_staff": cast.dsl.pk, "due_on": "2027-04-30"}), 201)
    (action,) = added["actions"]
    walk.to(dt.date(2027, 4, 6), 16)
    progress = f"{base}actions/{action['id']}/progress/"
    assert_problem(api["health"].post(progress, {"note": "Health's view of it"}), 403)
    ok(api["dsl"].post(progress, {"note": "Breakfast club every day this week."}), 201)
    # The school adds its own note to Tillie's chronology.
    ok(api["dsl"].post("chronology/", {"occurred_on": "2027-04-06", "kind": "note",
                                       "summary": "Tillie said home is calmer since Dean left"}),
       201)

    walk.to(dt.date(2027, 4, 8), 15)
    ok(api["worker"].post("case/visits/", {"visited_on": "2027-04-08", "child_seen": True,
                                           "seen_alone": True}), 201)
    walk.to(dt.date(2027, 4, 9), 14)
    members = [m["id"] for m in ok(api["worker"].get(base))["members"]]
    met = ok(api["worker"].post(base + "core-groups/", {
        "held_on": "2027-04-09", "attendees": members, "plan_working": True}), 201)
    first = next(d for d in met["due"] if d["rule"] == "first_core_group")
    assert (first["standing"], first["done_on"]) == ("done", "2027-04-09")
    return plan_id


def _the_partner_reads_the_chronology(api: dict[str, Caller]) -> None:
    page = ok(api["dsl"].get("chronology/", order="oldest"))
    lines = [(line["date"], line["type"]) for line in page["results"]]
    types = {kind for _, kind in lines}
    assert {"referral", "conference", "plan", "visit", "core_group", "note"} <= types
    assert not types & {"strategy", "section47"}
    assert [d for d, _ in lines] == sorted(d for d, _ in lines)
    text = json.dumps(page)
    assert FINDINGS not in text and "lodger grabbed" not in text
    # The worker reads the same chronology with the casework in it.
    full = json.dumps(ok(api["worker"].get("chronology/", order="oldest")))
    assert FINDINGS in full and "Section 47 enquiry completed" in full


def _review_and_closure(cast: Cast, walk: WalkClock, api: dict[str, Caller], plan_id: int,
                        episode_id: int) -> None:
    walk.to(dt.date(2027, 6, 14), 10)
    review = ok(api["worker"].post(f"case/plans/{plan_id}/reviews/", {
        "scheduled_for": london(dt.date(2027, 6, 23), 10).isoformat(),
        "chair": cast.chair.pk}), 201)
    assert review["due"]["due_on"] == "2027-06-30"
    held_on = walk.to(dt.date(2027, 6, 23), 13)
    chair, base = api["chair"], f"case/conferences/{review['id']}/"
    attended = chair.post(base + "attendance/", {"attendance": [
        {"invitee": i["id"], "attendance": "attended"} for i in review["invitees"]]},
        if_match=f'"{review["version"]}"')
    decided = chair.post(base + "decision/", {
        "held_on": held_on.isoformat(), "decision": "end_plan",
        "reasons": "Dean has left for good and Tillie is thriving", "version": ok(attended)[
            "version"]})
    assert ok(decided)["decision"] == "end_plan"
    written = chair.post(base + "minutes/", {"minutes": "The plan ends."},
                         if_match=decided["ETag"])
    by_hand = [i["id"] for i in ok(written)["invitees"] if i["kind"] != "agency"]
    assert ok(chair.post(base + "minutes/send/", {"sent_otherwise": by_hand},
                         if_match=written["ETag"]))["status"] == "closed"
    plan = ok(api["worker"].get(f"case/plans/{plan_id}/"))
    assert plan["ended_on"] == held_on.isoformat()

    walk.to(dt.date(2027, 6, 25), 11)
    episode = ok(api["worker"].get("case/"))["episodes"][0]["episode"]
    url = f"case/episodes/{episode_id}/closure/"
    body = {"reason": "RC7", "note": "No longer in need: the plan has worked"}
    assert_problem(api["worker"].post(url, body, if_match=f'"{episode["version"] - 1}"'), 412)
    assert not CircumstanceChange.objects.filter(kind=ChangeKind.CLOSED).exists()
    closed = ok(api["worker"].post(url, body, if_match=f'"{episode["version"]}"'))
    assert (closed["closed_on"], closed["closure_reason"]) == ("2027-06-25", "RC7")
    change = CircumstanceChange.objects.get(kind=ChangeKind.CLOSED)
    assert {cast.social_care.email, cast.school.email, cast.police_force.email,
            cast.gp.email} <= told(change)
    # The partner's token still reads the chronology, closure included.
    latest = ok(api["dsl"].get("chronology/"))["results"][0]
    assert latest["summary"].startswith("Case closed by children's social care")
