"""The referrer's own referrals: what they sent, whether it is still being considered and,
once signed off, the outcome and when. Never the case file: not the records the people
were matched to, not the history, not what other agencies said."""

from __future__ import annotations

import re

import pytest

from everychild.referrals import services
from everychild.referrals.models import Referral

from ..people.pages import hrefs, links, main_text, read
from .builders import referral_input

pytestmark = pytest.mark.django_db

MINE = "/referrals/mine/"
REASONS = "Known to the family support team; the mother's earlier partner was convicted"
QUESTION = "Has the GP practice seen Tillie for injuries this year?"


def _fresh(referral: Referral) -> Referral:
    return Referral.objects.get(pk=referral.pk)


def received(world) -> Referral:
    return services.referral_submit(actor=world.users["designated_safeguarding_lead"],
                                    data=referral_input())


def decided(world, referral: Referral) -> Referral:
    """Triaged as the front door would: matched (Tillie to a known child), asked about,
    decided and signed off."""
    sw, tm = world.social_worker, world.users["team_manager"]
    for rp in referral.people.all():
        r = _fresh(referral)
        if rp.person_id is not None:
            continue
        if rp.given_name == "Tillie":
            services.referral_person_link(actor=sw, referral=r, entry_id=rp.pk,
                                          person=world.child, version=r.version)
        else:
            services.referral_person_create_record(actor=sw, referral=r, entry_id=rp.pk,
                                                   version=r.version)
    services.information_request_add(actor=sw, referral=_fresh(referral),
                                     agency_id=world.gp.pk, question=QUESTION)
    r = _fresh(referral)
    services.referral_decide(actor=sw, referral=r, outcome="assessment", reasons=REASONS,
                             version=r.version)
    r = _fresh(referral)
    services.referral_sign_off(actor=tm, referral=r, version=r.version)
    return _fresh(referral)


def row_of(response, reference: str) -> str:
    html = response.content.decode()
    start = html.index(reference)
    return " ".join(html[start:html.index("</tr>", start)].split())


def test_the_list_shows_status_then_the_outcome(world, client_for):
    client = client_for(world.users["designated_safeguarding_lead"])
    referral = received(world)
    page = client.get(MINE)
    assert page.status_code == 200
    row = row_of(page, referral.reference)
    assert "Tillie Marsh, Ronan Marsh" in row and "Being considered" in row
    assert "Kerry" not in row  # children only
    assert links(page)[referral.reference] == f"/referrals/mine/{referral.ref}/"

    decided(world, referral)
    row = row_of(client.get(MINE), referral.reference)
    assert "Decision made" in row and "Assessment by children&#39;s social care" in row


def test_the_detail_shows_what_was_sent_and_the_outcome_but_not_the_file(world, client_for):
    client = client_for(world.users["designated_safeguarding_lead"])
    referral = decided(world, received(world))
    page = client.get(f"/referrals/mine/{referral.ref}/")
    text = main_text(page)
    for shown in ("Tillie Marsh", "Matilda Marsh", "Dean Tolley", "lodger", "14 Quarry Lane",
                  "bruising to her upper arm", "Decision made",
                  "Assessment by children's social care", "Decided"):
        assert shown in text, shown
    # Nothing from triage: the matched record, the reasons, other agencies, the rating.
    for hidden in ("Amelia", "Osei", REASONS, QUESTION, "Riverside GP Practice", "Red",
                   "Amber", "Green", "Linked", "match"):
        assert hidden not in text, hidden
    records = re.compile(r"/(people|households)/[0-9a-f-]{36}|/front-door/")
    assert not [h for h in hrefs(page) if records.match(h)]


def test_a_referral_being_considered_says_when_to_expect_a_decision(world, client_for):
    client = client_for(world.users["designated_safeguarding_lead"])
    referral = received(world)
    text = main_text(client.get(f"/referrals/mine/{referral.ref}/"))
    assert "Being considered" in text and "within 1 working day" in text
    assert "Outcome" not in text


def test_other_peoples_referrals_are_not_listed_or_shown(world, client_for):
    referral = received(world)
    other = client_for(world.users["health_practitioner"])
    assert referral.reference not in main_text(other.get(MINE))
    assert other.get(f"/referrals/mine/{referral.ref}/").status_code == 404
    # Not even to the front door through these pages: they are for the referrer.
    assert client_for(world.social_worker).get(f"/referrals/mine/{referral.ref}/").status_code == 404


def test_a_draft_is_not_a_referral_to_follow(world, client_for):
    dsl = world.users["designated_safeguarding_lead"]
    client = client_for(dsl)
    start = client.post("/referrals/new/")
    ref = start["Location"].split("/")[3]
    assert client.get(f"/referrals/mine/{ref}/").status_code == 404
    assert read(client.get(MINE)).main and "You have not made any referrals yet" in main_text(client.get(MINE))


@pytest.mark.parametrize("role", ["board_analyst", "inspector"])
def test_roles_that_do_not_refer_cannot_follow_referrals(world, client_for, role):
    referral = received(world)
    client = client_for(world.users[role])
    assert client.get(MINE).status_code == 403
    assert client.get(f"/referrals/mine/{referral.ref}/").status_code == 403
