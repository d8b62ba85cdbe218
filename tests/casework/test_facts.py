"""Deadlines read from the database (`casework.selectors.facts`): the records each rule
counts from, the authority's closure days and frequencies, and a fixed number of queries
however many episodes are asked about."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from everychild.casework.selectors import facts as facts_module
from everychild.casework.selectors.facts import due_items_for, episode_facts
from everychild.casework.timescales import Standing
from everychild.core import closures
from everychild.core.models import ClosureDay

from ..factories import PersonFactory, StaffFactory
from ..oversight import builders as b

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 3, 2)


@pytest.fixture(autouse=True)
def _fresh_closures():
    closures.invalidate()
    yield
    closures.invalidate()


def by_key(episode) -> dict[str, object]:
    return {i.key: i for i in due_items_for([episode], TODAY)[episode.pk]}


def test_a_whole_pathway_read_from_the_records():
    worker = StaffFactory()
    ep = b.episode(PersonFactory(), referral_date=D(2025, 12, 1), worker=worker)
    single = b.assessment(ep, "single", D(2025, 12, 2), completed_on=D(2026, 1, 9))
    first = b.strategy(ep, D(2025, 12, 10), by=worker)
    b.enquiry(ep, first)  # the enquiry it began, continued by a second discussion
    second = b.strategy(ep, D(2025, 12, 15), by=worker)
    icpc = b.conference(ep, held_on=D(2026, 1, 8), decision="plan",
                        first_core_group_on=D(2026, 1, 20))
    b.conference(ep, held_on=D(2026, 1, 6), status="cancelled")  # does not count
    plan = b.plan(ep, D(2026, 1, 8), conference=icpc, key_worker=worker)
    b.core_group(plan, D(2026, 1, 20))
    b.visit(ep, D(2026, 1, 14), p=plan)
    b.visit(ep, D(2026, 2, 25), p=plan, seen=False)  # the child was not seen: no visit
    b.visit(ep, D(2026, 2, 2))  # not linked to the plan, but made while it was open

    items = by_key(ep)
    assert set(items) == {f"assessment:{single.pk}", f"icpc:strategy:{second.pk}",
                          f"plan:{plan.pk}:first_core_group", f"plan:{plan.pk}:review:1",
                          f"plan:{plan.pk}:core_group:2026-01-20",
                          f"plan:{plan.pk}:visit:2026-02-02"}
    assessment = items[f"assessment:{single.pk}"]
    assert (assessment.due_on, assessment.standing) == (D(2026, 2, 5), Standing.DONE)
    # From the last strategy discussion (15 December), 15 working days over Christmas.
    icpc_item = items[f"icpc:strategy:{second.pk}"]
    assert (icpc_item.counted_from, icpc_item.due_on, icpc_item.done_on) == (
        D(2025, 12, 15), D(2026, 1, 8), D(2026, 1, 8))
    assert items[f"plan:{plan.pk}:first_core_group"].standing == Standing.DONE
    review = items[f"plan:{plan.pk}:review:1"]
    assert (review.due_on, review.standing) == (D(2026, 4, 8), Standing.ON_TRACK)
    core_group = items[f"plan:{plan.pk}:core_group:2026-01-20"]
    assert (core_group.due_on, core_group.standing) == (D(2026, 2, 17), Standing.OVERDUE)
    visit = items[f"plan:{plan.pk}:visit:2026-02-02"]
    assert (visit.due_on, visit.standing) == (D(2026, 2, 16), Standing.OVERDUE)


def test_an_enquiry_that_found_no_conference_needed_leaves_no_conference_due():
    ep = b.episode(PersonFactory(), referral_date=D(2026, 1, 5))
    talk = b.strategy(ep, D(2026, 1, 7))
    assert {i.rule for i in due_items_for([ep], TODAY)[ep.pk]} == {"strategy_to_icpc"}
    b.enquiry(ep, talk, outcome="not_substantiated", completed_on=D(2026, 1, 20))
    assert due_items_for([ep], TODAY)[ep.pk] == []


def test_a_strategy_discussion_after_a_concluded_enquiry_starts_the_clock_again():
    ep = b.episode(PersonFactory(), referral_date=D(2026, 1, 5))
    b.enquiry(ep, b.strategy(ep, D(2026, 1, 7)), outcome="substantiated_not_at_risk",
              completed_on=D(2026, 1, 20))
    again = b.strategy(ep, D(2026, 2, 10))
    assert [i.key for i in due_items_for([ep], TODAY)[ep.pk]] == [f"icpc:strategy:{again.pk}"]


def test_closure_days_entered_by_the_authority_move_deadlines():
    ep = b.episode(PersonFactory(), referral_date=D(2025, 12, 19), rules="wt2006")
    b.assessment(ep, "initial", D(2025, 12, 19))
    assert due_items_for([ep], TODAY)[ep.pk][0].due_on == D(2026, 1, 2)
    for day in (D(2025, 12, 29), D(2025, 12, 30), D(2025, 12, 31)):
        ClosureDay.objects.create(date=day, reason="Council closed")
    assert due_items_for([ep], TODAY)[ep.pk][0].due_on == D(2026, 1, 7)


def test_the_authoritys_frequencies_come_from_the_settings(settings):
    worker = StaffFactory()
    ep, _, plan = b.on_plan(PersonFactory(), worker, icpc_on=D(2026, 2, 2))
    b.core_group(plan, D(2026, 2, 10))
    b.visit(ep, D(2026, 2, 9), p=plan)
    settings.EVERYCHILD_VISIT_INTERVAL_WORKING_DAYS = 5
    settings.EVERYCHILD_CORE_GROUP_INTERVAL_WORKING_DAYS = 15
    items = {i.rule: i for i in due_items_for([ep], TODAY)[ep.pk]}
    assert items["visit"].due_on == D(2026, 2, 16)
    assert items["core_group"].due_on == D(2026, 3, 3)
    plan.visit_interval_working_days = 8  # this plan's own frequency wins
    plan.save()
    assert {i.rule: i for i in due_items_for([ep], TODAY)[ep.pk]}["visit"].due_on == D(
        2026, 2, 19)


def test_the_next_visit_counts_from_the_latest_of_many_on_a_long_history():
    # A plan that ended, then a new one: visits to either, some naming no plan. Only the
    # open plan's latest visit counts, however many came before it.
    ep = b.episode(PersonFactory(), referral_date=D(2024, 1, 2), worker=StaffFactory())
    old = b.plan(ep, D(2024, 2, 1), ended_on=D(2025, 6, 30))
    for day in range(1, 25):
        b.visit(ep, D(2024, 2, 1) + dt.timedelta(days=14 * day), p=old)
    b.visit(ep, D(2025, 6, 2))  # named no plan, made while the old one was open
    new = b.plan(ep, D(2026, 1, 5))
    b.visit(ep, D(2026, 2, 16), p=new)
    assert f"plan:{new.pk}:visit:2026-02-16" in by_key(ep)
    b.visit(ep, D(2026, 2, 20))  # names no plan, made while the new one is open
    b.visit(ep, D(2026, 2, 26), p=new, seen=False)  # not seen: does not count
    assert f"plan:{new.pk}:visit:2026-02-20" in by_key(ep)
    assert not [k for k in by_key(ep) if k.startswith(f"plan:{old.pk}:visit")]


def _pathways(n: int) -> list:
    worker = StaffFactory()
    made = []
    for _ in range(n):
        ep, _, plan = b.on_plan(PersonFactory(), worker, icpc_on=D(2026, 1, 12))
        b.assessment(ep, "single", ep.referral_date)
        b.core_group(plan, D(2026, 1, 20))
        b.visit(ep, D(2026, 1, 21), p=plan)
        made.append(ep)
    return made


def test_many_episodes_are_read_in_the_same_few_queries_as_one():
    episodes = _pathways(12)
    due_items_for(episodes[:1], TODAY)  # the closure days are read once, then kept
    with CaptureQueriesContext(connection) as one:
        due_items_for(episodes[:1], TODAY)
    with CaptureQueriesContext(connection) as twelve:
        found = due_items_for(episodes, TODAY)
    # One query per kind of record (and perhaps the closure days, when they changed).
    assert len(one) == len(twelve) <= 8
    assert all(len(found[e.pk]) == 6 for e in episodes)


def test_large_batches_are_read_in_chunks_with_the_same_result(monkeypatch):
    episodes = _pathways(5)
    whole = episode_facts(episodes)
    monkeypatch.setattr(facts_module, "CHUNK", 2)
    assert episode_facts(episodes) == whole
