"""The case page costs the same number of queries whatever the child's history: a child
with ten past episodes (each with assessments, strategy discussions, enquiries,
conferences, plans and changes) is read in as many queries as a child with one. And the
plan's forms offer the staff of the agencies working with the child, not the authority."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from everychild.casework.models import (
    Assessment,
    CircumstanceChange,
    Conference,
    Episode,
    Plan,
    Rules,
    Section47,
    StrategyAttendee,
    StrategyDiscussion,
)

from ..api.conftest import token_client
from ..factories import AgencyFactory, StaffFactory
from .builders import arrange, cp_plan, episode_after_enquiry

pytestmark = pytest.mark.django_db


def history(world, episodes: int) -> None:
    """`episodes` closed episodes (years before today's), each with one of every record the case page shows."""
    now = timezone.now()
    sw = world.social_worker
    for i in range(episodes):
        day = dt.date(2012 + i, 3, 1)
        episode = Episode.objects.create(
            child=world.child, referral_date=day, rules=Rules.WT2013, team=world.team_a,
            worker=sw, closed_on=day + dt.timedelta(days=200), closure_reason="RC8",
            created_at=now, updated_at=now)
        Assessment.objects.create(episode=episode, kind="single", started_on=day, worker=sw,
                                  status="authorised", completed_on=day, outcome="nfa",
                                  created_at=now, updated_at=now)
        strategy = StrategyDiscussion.objects.create(
            episode=episode, held_on=day, section47=True, reasons="A disclosure at school",
            recorded_by=sw, recorded_at=now)
        StrategyAttendee.objects.create(discussion=strategy, agency=world.csc, name="Sam")
        enquiry = Section47.objects.create(
            episode=episode, strategy=strategy, started_on=day, completed_on=day,
            outcome="substantiated_conference", findings="Concerns found",
            created_at=now, updated_at=now)
        conference = Conference.objects.create(
            episode=episode, kind="initial", section47=enquiry, status="closed", held_on=day,
            decision="plan", category="NEG", scheduled_for=now, created_at=now,
            updated_at=now)
        Plan.objects.create(episode=episode, kind="cp", conference=conference, category="NEG",
                            started_on=day, ended_on=day + dt.timedelta(days=100),
                            created_at=now, updated_at=now)
        CircumstanceChange.objects.create(episode=episode, kind="move", summary="Moved house",
                                          occurred_on=day, recorded_by=sw, recorded_at=now)


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def case_client(world) -> Client:
    client = Client()
    client.force_login(world.social_worker)
    return client


def test_the_case_page_reads_ten_episodes_in_the_queries_of_one(world, case_client,
                                                                django_assert_max_num_queries):
    url = reverse("casework:case", kwargs={"ref": world.child.ref})
    arrange(world, episode_after_enquiry(world))  # the open episode, a conference to come
    history(world, 1)
    queries_for(case_client, url)  # the first request warms the session and caches
    one = queries_for(case_client, url)
    history(world, 9)
    assert Episode.objects.filter(child=world.child).count() == 11
    assert queries_for(case_client, url) == one
    with django_assert_max_num_queries(one):
        assert "Conferences and plans" in case_client.get(url).content.decode()


def test_the_case_api_reads_ten_episodes_in_the_queries_of_one(world):
    api = token_client(world.social_worker)
    url = f"/api/v1/people/{world.child.ref}/case/"
    history(world, 1)
    queries_for(api, url)
    one = queries_for(api, url)
    history(world, 9)
    assert queries_for(api, url) == one


def test_the_plan_forms_offer_staff_of_the_agencies_working_with_the_child(world,
                                                                           case_client):
    plan = cp_plan(world)
    elsewhere = StaffFactory(role="health_practitioner", first_name="Farah",
                             last_name="Elsewhere", agency=AgencyFactory(name="Faraway Clinic"))
    url = reverse("casework:plan-member-add", kwargs={"ref": world.child.ref,
                                                      "plan_id": plan.pk})
    page = case_client.get(url).content.decode()
    assert "Farah Elsewhere" not in page
    assert world.users["designated_safeguarding_lead"].get_full_name() in page  # the school
    assert world.users["conference_chair"].get_full_name() in page  # the actor's own agency
    before = queries_for(case_client, url)
    for _ in range(5):
        AgencyFactory()
    assert queries_for(case_client, url) == before
    assert elsewhere.pk
