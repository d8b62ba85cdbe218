"""The front door's pages as its workers meet them: the queue, one referral with the people
on it and each child's history, matching people to records, and the specialist review of
matches to sealed records."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from everychild.core import clock
from everychild.people.matching import refresh_match_keys
from everychild.people.models import Person, Relationship
from everychild.referrals import services
from everychild.referrals.models import MatchStatus, Referral, ReferralPerson

from ..factories import HouseholdFactory, InvolvementFactory, MembershipFactory, PersonFactory
from ..people.pages import hrefs, links, main_text, read, summary, summary_links
from .builders import referral_input

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
MONDAY_9AM = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)  # GMT, so 9am in London too


class FrozenClock:
    """Time as the services and pages see it, moved on by the test."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, at: dt.datetime) -> None:
        self.at = at
        monkeypatch.setattr(clock, "now", lambda: self.at)
        monkeypatch.setattr(clock, "today", lambda: self.at.astimezone(LONDON).date())

    def move(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


@pytest.fixture
def frozen(monkeypatch) -> FrozenClock:
    return FrozenClock(monkeypatch, MONDAY_9AM)


# ------------------------------------------------------------------ helpers (shared)
def index(*people: Person) -> None:
    """Make people findable by the matcher (factories write no match keys)."""
    refresh_match_keys([p.pk for p in people])


def referrer(world):
    return world.users["designated_safeguarding_lead"]


def receive(world, **changes: Any) -> Referral:
    """A referral from the school, received now."""
    return services.referral_submit(actor=referrer(world), data=referral_input(**changes))


def fresh(referral: Referral) -> Referral:
    return Referral.objects.get(pk=referral.pk)


def entry(referral: Referral, position: int) -> ReferralPerson:
    return ReferralPerson.objects.get(referral=referral, position=position)


def link(world, referral: Referral, position: int, person: Person) -> None:
    rp = entry(referral, position)
    if rp.person_id != person.pk:
        services.referral_person_link(actor=world.social_worker, referral=referral,
                                      entry_id=rp.pk, person=person,
                                      version=fresh(referral).version)


def resolve_everyone(world, referral: Referral) -> None:
    """Everyone not yet matched gets a new record, so a decision can be made."""
    for rp in ReferralPerson.objects.filter(referral=referral, person__isnull=True):
        services.referral_person_create_record(actor=world.social_worker, referral=referral,
                                               entry_id=rp.pk, version=fresh(referral).version)


def one_child(given: str, family: str, dob: str, **person: Any) -> list[dict[str, Any]]:
    return [{"role": "subject_child", "given_name": given, "family_name": family,
             "sex": "F", "date_of_birth": dob, **person}]


def triage_url(referral: Referral) -> str:
    return reverse("referrals:triage", kwargs={"ref": referral.ref})


def version_on(response) -> str:
    return read(response).inputs.get("version", "")


QUEUE = "/front-door/"


# ------------------------------------------------------------------ the queue
def test_the_queue_puts_red_first_then_the_soonest_response_with_tags(world, client_for,
                                                                      frozen):
    green = receive(world, people=one_child("Poppy", "Lark", "2016-04-04"),
                    sharing={"family_aware": "yes", "basis": "consent_given", "reason": ""})
    frozen.move(hours=1)
    amber_first = receive(world)  # shared without consent: amber on receipt
    frozen.move(hours=1)
    red = receive(world, concern__significant_harm=True, concern__harm_categories=["PHY"])
    frozen.move(hours=1)
    baby = (clock.today() - dt.timedelta(days=90)).isoformat()
    amber_later = receive(world, people=one_child("Nell", "Fisher", baby))
    frozen.move(hours=1)  # 1pm: the red referral's 4-hour response is due at 3pm

    response = client_for(world.social_worker).get(QUEUE)
    assert response.status_code == 200
    text = main_text(response)
    order = [text.index(r.reference) for r in (red, amber_first, amber_later, green)]
    assert order == sorted(order)
    rows = _rows(response)
    assert rows[red.reference].startswith("Red")
    assert "Risk of significant harm" in rows[red.reference]
    assert "Due soon" in rows[red.reference]  # its response, within four hours
    assert rows[amber_later.reference].startswith("Amber")
    assert "Child under one" in rows[amber_later.reference]
    assert "Nell Fisher" in rows[amber_later.reference]
    assert rows[green.reference].startswith("Green") and "On track" in rows[green.reference]
    assert "Overdue" not in text
    assert links(response)[red.reference] == triage_url(red)


def _rows(response) -> dict[str, str]:
    """Each table row's words, keyed by the referral reference in it."""
    html = response.content.decode()
    out = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", html, re.S):
        words = " ".join(re.sub(r"<[^>]+>", " ", row).split())
        ref = re.search(r"R\d{4}-\d{6}", words)
        if ref:
            out[ref.group(0)] = words
    return out


def test_the_queue_tabs_show_open_awaiting_sign_off_and_decided(world, client_for, frozen):
    waiting, decided, still_open = receive(world), receive(world), receive(world)
    for r in (waiting, decided):
        resolve_everyone(world, r)
        services.referral_decide(actor=world.social_worker, referral=r, outcome="assessment",
                                 reasons="Bruising disclosed; needs an assessment",
                                 version=fresh(r).version)
    services.referral_sign_off(actor=world.users["team_manager"], referral=decided,
                               version=fresh(decided).version)
    client = client_for(world.social_worker)
    open_text = main_text(client.get(QUEUE))
    assert still_open.reference in open_text and waiting.reference in open_text
    assert decided.reference not in open_text
    awaiting = main_text(client.get(QUEUE, {"show": "awaiting_sign_off"}))
    assert waiting.reference in awaiting and still_open.reference not in awaiting
    assert "Decided: awaiting manager sign-off" in awaiting
    done = main_text(client.get(QUEUE, {"show": "complete"}))
    assert decided.reference in done and waiting.reference not in done
    assert "Decision signed off" in done


def test_a_school_user_cannot_open_the_queue_or_a_referral(world, client_for):
    referral = receive(world)
    school = client_for(referrer(world))
    assert school.get(QUEUE).status_code == 403
    assert school.get(triage_url(referral)).status_code == 403
    assert client_for(world.users["privacy_officer"]).get(QUEUE).status_code == 403


def test_a_draft_or_unknown_referral_is_not_found(world, client_for):
    client = client_for(world.social_worker)
    assert client.get("/front-door/8d3c4c9e-0000-4000-8000-000000000000/").status_code == 404


# ------------------------------------------------------------------ one referral
def test_the_triage_page_shows_the_referral_as_given_and_its_due_times(world, client_for,
                                                                       frozen):
    referral = receive(world, referrer__channel="phone")
    response = client_for(world.social_worker).get(triage_url(referral))
    assert response.status_code == 200
    text = main_text(response)
    for words in ("Priya Hallam, Designated safeguarding lead", "Northbrook Primary",
                  "Telephone", "School", "1 March 2027 at 09:00", "14 Quarry Lane",
                  "the lodger grabbed her", "1 March 2027: Bruising seen by the class teacher",
                  "The school raised neglect concerns last spring",
                  "Shared without seeking consent because of risk of significant harm",
                  "Telling the family could put Tillie at risk from the lodger",
                  "Tillie Marsh", "Also known as Matilda Marsh", "Dean Tolley",
                  "Relationship to the child lodger", "Not family",
                  "Decision and sign-off due 2 March 2027 at 23:59", "On track",
                  "Written confirmation", "Amber"):
        assert words in text, words


def test_candidates_are_shown_with_score_and_reasons_and_can_be_linked(world, client_for):
    # Two records like the child: the matcher cannot be sure, so a person decides.
    twin = PersonFactory(given_name="Amelie", family_name="Osei", date_of_birth="2017-11-02")
    index(world.child, twin)
    referral = receive(world, people=one_child("Amelia", "Osei", "2017-11-02"))
    rp = entry(referral, 0)
    assert rp.person_id is None
    client = client_for(world.social_worker)
    response = client.get(triage_url(referral))
    text = main_text(response)
    assert "Records that may be Amelia Osei" in text
    assert "Amelia Osei" in text and "Amelie Osei" in text and "2 November 2017" in text
    assert re.search(r"\d{1,3}%", text)
    assert "This is the same person" in text and "None of these: make a new record" in text
    reasons = read(response).main
    assert any("date of birth" in r.lower() for r in reasons)

    linked = client.post(reverse("referrals:person-link", kwargs={"ref": referral.ref,
                                                                  "entry": rp.pk}),
                         {"person": str(world.child.ref), "version": version_on(response)})
    assert linked.status_code == 302
    rp.refresh_from_db()
    assert (rp.person_id, rp.match_status, rp.matched_by_id) == (
        world.child.pk, MatchStatus.LINKED, world.social_worker.pk)
    page = client.get(linked["Location"])
    assert "Linked Amelia Osei" in main_text(page)  # the notice
    assert "Linked by Sam" in main_text(page)
    assert links(page)["Amelia Osei"] == reverse("people:person-detail",
                                                 kwargs={"ref": world.child.ref})
    assert "Records that may be" not in main_text(page)
    assert twin.full_name not in main_text(page)


def test_none_of_these_makes_a_new_record(world, client_for):
    referral = receive(world)
    rp = entry(referral, 3)  # the lodger, whom nobody knows
    client = client_for(world.social_worker)
    version = version_on(client.get(triage_url(referral)))
    made = client.post(reverse("referrals:person-new-record",
                               kwargs={"ref": referral.ref, "entry": rp.pk}),
                       {"version": version})
    assert made.status_code == 302
    rp.refresh_from_db()
    assert rp.match_status == MatchStatus.NEW_RECORD
    assert (rp.person.given_name, rp.person.family_name, rp.person.kind) == (
        "Dean", "Tolley", "adult")
    assert "New record made by Sam" in main_text(client.get(made["Location"]))


def test_linking_to_a_merged_record_is_refused_and_a_sealed_one_is_not_found(world,
                                                                           client_for):
    survivor = PersonFactory(given_name="Tillie", family_name="Marsh")
    merged = PersonFactory(given_name="Tilly", family_name="Marsh")
    Person.objects.filter(pk=merged.pk).update(merged_into=survivor)
    index(survivor, merged)
    referral = receive(world)
    rp = entry(referral, 0)
    client = client_for(world.social_worker)
    url = reverse("referrals:person-link", kwargs={"ref": referral.ref, "entry": rp.pk})
    version = version_on(client.get(triage_url(referral)))

    refused = client.post(url, {"person": str(merged.ref), "version": version})
    assert refused.status_code == 200
    [message] = summary(refused)
    assert message.startswith("That record was merged into another")
    assert summary_links(refused)[message] == f"#person-{rp.pk}"
    assert client.post(url, {"person": str(world.sealed_child.ref),
                             "version": version}).status_code == 404
    rp.refresh_from_db()
    assert rp.person_id is None


# ------------------------------------------------------------------ a child's history
def test_the_history_shows_an_earlier_referral_within_12_months_and_a_sibling_elsewhere(
        world, client_for, frozen):
    home = HouseholdFactory(postcode="NB1 4QT")
    MembershipFactory(household=home, person=world.child, role="child")
    brother = PersonFactory(given_name="Jayden", family_name="Osei", sex="M",
                            date_of_birth="2012-02-10")
    MembershipFactory(household=home, person=brother, role="child")
    Relationship.objects.create(person=brother, related=world.child, kind="sibling",
                                recorded_at=clock.now())
    InvolvementFactory(person=brother, agency=world.police)
    index(world.child, brother)
    child = one_child("Amelia", "Osei", "2017-11-02")

    earlier = receive(world, people=child)
    link(world, earlier, 0, world.child)
    services.referral_decide(actor=world.social_worker, referral=earlier, outcome="nfa",
                             reasons="Explained by a fall at the park, seen by the GP",
                             version=fresh(earlier).version)
    services.referral_sign_off(actor=world.users["team_manager"], referral=earlier,
                               version=fresh(earlier).version)
    frozen.move(days=120)
    again = receive(world, people=child)
    link(world, again, 0, world.child)

    response = client_for(world.social_worker).get(triage_url(again))
    text = main_text(response)
    history = text[text.index("What is known about the children"):text.index("Rating")]
    assert f"Earlier referrals about Amelia Osei {earlier.reference}" in " ".join(
        history.replace("Reference Received From Outcome ", "").split())
    assert "Re-referral within 12 months" in history
    assert "1 March 2027" in history and "No further action" in history
    assert "Jayden Osei" in history and "Northbrook Police" in history
    assert "Northbrook Children's Social Care" in history  # the child's own agencies
    assert "Northbrook Primary School" in history
    assert links(response)["Jayden Osei"] == reverse("people:person-detail",
                                                     kwargs={"ref": brother.ref})


# ------------------------------------------------------------------ sealed records
@pytest.fixture
def adopted(world) -> Person:
    """The world's sealed child, with details only a specialist may ever see."""
    Person.objects.filter(pk=world.sealed_child.pk).update(
        middle_names="Rosamund", la_child_id="ADOPT77", date_of_birth=dt.date(2018, 5, 4))
    adoptive_home = HouseholdFactory(address_line_1="3 Orchard Close", postcode="ZZ9 9ZZ")
    MembershipFactory(household=adoptive_home, person=world.sealed_child, role="child")
    index(world.sealed_child)
    return Person.objects.get(pk=world.sealed_child.pk)


def _no_sealed_detail(response, sealed: Person) -> None:
    html = response.content.decode()
    for secret in (str(sealed.ref), "Rosamund", "ADOPT77", "Orchard Close", "ZZ9 9ZZ"):
        assert secret not in html, secret
    assert not re.search(r"\bsealed\b", main_text(response), re.I)


def test_a_referral_naming_a_sealed_child_needs_a_specialist_and_shows_nothing_sealed(
        world, client_for, adopted):
    referral = receive(world, people=one_child("Hidden", "Sealedchild", "2018-05-04"))
    rp = entry(referral, 0)
    assert rp.match_status == MatchStatus.SPECIALIST

    worker = client_for(world.social_worker)
    queue = worker.get(QUEUE)
    assert "Needs specialist review" in _rows(queue)[referral.reference]
    _no_sealed_detail(queue, adopted)
    page = worker.get(triage_url(referral))
    assert "A specialist must review this person before they can be matched" in main_text(page)
    assert "This is the same person" not in main_text(page)
    assert "make a new record" not in main_text(page).lower()
    _no_sealed_detail(page, adopted)
    # Nor can the worker link to it by guessing, or make a new record round it.
    version = version_on(page)
    assert worker.post(reverse("referrals:person-link", kwargs={"ref": referral.ref,
                                                                "entry": rp.pk}),
                       {"person": str(adopted.ref), "version": version}).status_code == 404
    refused = worker.post(reverse("referrals:person-new-record",
                                  kwargs={"ref": referral.ref, "entry": rp.pk}),
                          {"version": version})
    assert summary(refused) == ["A specialist must review this person before a record is made"]
    _no_sealed_detail(refused, adopted)
    # The specialist pages are the privacy officer's alone.
    assert worker.get(reverse("referrals:specialist-queue")).status_code == 403


def test_the_privacy_officer_links_the_sealed_child_and_the_front_door_sees_only_that(
        world, client_for, adopted):
    referral = receive(world, people=one_child("Hidden", "Sealedchild", "2018-05-04"))
    rp = entry(referral, 0)
    officer = client_for(world.users["privacy_officer"])
    waiting = officer.get(reverse("referrals:specialist-queue"))
    review_url = reverse("referrals:person-specialist", kwargs={"ref": referral.ref,
                                                                "entry": rp.pk})
    assert referral.reference in main_text(waiting)
    assert review_url in hrefs(waiting)

    review = officer.get(review_url)
    text = main_text(review)
    assert "Hidden Rosamund Sealedchild" in text or "Hidden Sealedchild" in text
    assert reverse("people:person-detail", kwargs={"ref": adopted.ref}) in hrefs(review)
    unchosen = officer.post(review_url, {"choice": "", "note": "", "version": version_on(review)})
    assert summary(unchosen) == ["Say which sealed person this is, or that it is none of them"]

    done = officer.post(review_url, {"choice": f"link:{adopted.ref}",
                                     "note": "Same child: adoption order 2024",
                                     "version": version_on(review)})
    assert done.status_code == 302
    rp.refresh_from_db()
    assert (rp.person_id, rp.match_status) == (adopted.pk, MatchStatus.LINKED)
    assert "No one is waiting for a specialist review" in main_text(
        officer.get(done["Location"]))

    page = client_for(world.social_worker).get(triage_url(referral))
    assert "A specialist has reviewed this person and linked them to a record" in main_text(page)
    _no_sealed_detail(page, adopted)
    assert "No child on the referral is linked to a record yet" in main_text(page)


def test_the_privacy_officer_can_say_it_is_not_the_sealed_child(world, client_for, adopted):
    referral = receive(world, people=one_child("Hidden", "Sealedchild", "2018-05-04"))
    rp = entry(referral, 0)
    officer = client_for(world.users["privacy_officer"])
    url = reverse("referrals:person-specialist", kwargs={"ref": referral.ref, "entry": rp.pk})
    cleared = officer.post(url, {"choice": "clear", "note": "Different child: other parents",
                                 "version": version_on(officer.get(url))})
    assert cleared.status_code == 302
    rp.refresh_from_db()
    assert (rp.person_id, rp.match_status) == (None, MatchStatus.PENDING)
    page = client_for(world.social_worker).get(triage_url(referral))
    assert "Make a new record" in main_text(page) or "make a new record" in main_text(page)
    _no_sealed_detail(page, adopted)
