"""Two people arranging the same conference at the same moment (the social worker and the
chair's office, say): one conference is arranged, the other person is told it already
is. Real commits, real threads, on both databases."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from everychild.casework.models import Conference, ConferenceKind
from everychild.casework.services import conferences
from everychild.core import clock
from everychild.core.errors import ValidationFailed

from ..people.test_services_concurrency import at_once
from .builders import at, cp_plan, episode_after_enquiry, fresh


def one_arranged(results: list[object], kind: str, field: str) -> None:
    made = [r for r in results if isinstance(r, Conference)]
    refused = [r for r in results if isinstance(r, ValidationFailed)]
    assert (len(made), len(refused)) == (1, 1), results
    assert "already arranged" in refused[0].errors[field][0]
    assert Conference.objects.filter(kind=kind).count() == 1


@pytest.mark.parametrize("round_", range(2))
def test_two_initial_conferences_arranged_at_once_make_one(live_db, world, round_):
    episode = episode_after_enquiry(world)

    def arrange(actor) -> Callable[[], object]:
        return lambda: conferences.conference_schedule(
            actor=actor, episode=fresh(episode), scheduled_for=at(clock.today(), 16),
            chair_id=world.users["conference_chair"].pk)

    results = at_once(arrange(world.social_worker), arrange(world.users["team_manager"]))
    one_arranged(results, ConferenceKind.INITIAL, "section47")


@pytest.mark.parametrize("round_", range(2))
def test_two_reviews_arranged_at_once_make_one(live_db, world, round_):
    plan = cp_plan(world)

    def review(actor) -> Callable[[], object]:
        return lambda: conferences.review_schedule(
            actor=actor, plan=fresh(plan), scheduled_for=at(clock.today(), 17),
            chair_id=world.users["conference_chair"].pk)

    results = at_once(review(world.social_worker), review(world.users["team_manager"]))
    one_arranged(results, ConferenceKind.REVIEW, "scheduled_for")
