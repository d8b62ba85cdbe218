"""The indicators and the worklists call the same things late.

A synthetic authority's five years of casework are judged twice: by the casework
timescale engine, as the worklists and the case page do (`due_items_for`), and by the
indicator queries in DuckDB. Every assessment, initial conference, first core group and
review the engine has as done (or missed) must be in the indicator's rows with the same
clock start, due date and verdict, and every statutory visit the engine has as overdue
must be the indicator's last, missed, visit for that plan.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from everychild.casework.models import Episode
from everychild.casework.selectors.facts import due_items_for
from everychild.insight.indicators.catalogue import BY_ID, INDICATORS
from everychild.insight.indicators.compute import Workspace
from everychild.insight.indicators.plans_sql import CP_PLANS, REVIEW_ITEMS
from everychild.synth.generate import DEFAULT_AS_OF

from ...synth.helpers import synth
from .history import cp_plan

pytestmark = pytest.mark.django_db
TODAY = DEFAULT_AS_OF


@pytest.fixture(scope="module")
def judged(django_db_setup, django_db_blocker):
    """(engine items by episode, a workspace over every indicator), rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        synth(1500, 11)
        _an_unvisited_plan()
        items = due_items_for(Episode.objects.order_by("pk"), TODAY)
        workspace = Workspace(INDICATORS, today=TODAY)
        yield items, workspace
        workspace.close()
        transaction.set_rollback(True)


def _an_unvisited_plan() -> None:
    """A synthetic authority visits every child on a plan in time, so one plan is added
    whose child has not been seen since it began, six weeks ago: its visit is overdue."""
    open_case = (Episode.objects.filter(closed_on__isnull=True).exclude(plans__kind="cp")
                 .order_by("pk").first())
    assert open_case is not None
    cp_plan(open_case, (TODAY - dt.timedelta(days=42)).isoformat())


def _rows(workspace: Workspace, indicator_id: str) -> dict[tuple, tuple]:
    table = workspace.rows_table(BY_ID[indicator_id])
    return {(e, f, u): (done, hit) for e, f, u, done, hit in workspace.con.execute(
        f"SELECT episode_id, counted_from, due_on, done_on, in_numerator FROM {table}"
    ).fetchall()}


@pytest.mark.parametrize(("indicator_id", "rule"), [
    ("ni59", "initial_assessment"), ("ni60", "core_assessment"),
    ("single45", "single_assessment"), ("icpc15", "strategy_to_icpc"),
    ("coregroups", "first_core_group")])
def test_done_and_missed_items_agree(judged, indicator_id, rule):
    items, workspace = judged
    rows = _rows(workspace, indicator_id)
    expected = {}
    for episode_id, due in items.items():
        for item in due:
            counted = item.done_on is not None or (
                indicator_id == "coregroups" and item.standing == "overdue")
            if item.rule == rule and counted:
                expected[(episode_id, item.counted_from, item.due_on)] = (
                    item.done_on, item.standing == "done")
    assert len(expected) > 20, "the authority should have some of these"
    assert rows == expected


def test_reviews_agree(judged):
    items, workspace = judged
    reviews = {(e, f, u): done for e, f, u, done in workspace.execute(
        f"WITH {CP_PLANS}, {REVIEW_ITEMS} SELECT cp.episode_id, r.counted_from, r.due_on, "
        "r.done_on FROM review_due r JOIN cp ON cp.plan_id = r.plan_id").fetchall()}
    engine = {(episode_id, i.counted_from, i.due_on): i.done_on
              for episode_id, due in items.items() for i in due
              if i.rule in ("first_review", "later_review")}
    assert len(engine) > 20
    # The indicator also keeps the next review of plans that have ended (for the
    # figures at past month ends); every review the engine knows is among them.
    assert {k: reviews.get(k, "missing") for k in engine} == engine


def test_overdue_visits_agree(judged):
    items, workspace = judged
    table = workspace.rows_table(BY_ID["visits"])
    missed = set(workspace.con.execute(
        f"SELECT episode_id, counted_from, due_on FROM {table} WHERE done_on IS NULL"
    ).fetchall())
    overdue = {(episode_id, i.counted_from, i.due_on) for episode_id, due in items.items()
               for i in due if i.rule == "visit" and i.standing == "overdue"}
    assert overdue, "the unvisited plan, at least, is overdue"
    assert overdue <= missed
    # And nothing the engine has as on track or due soon is counted as missed yet.
    running = {(episode_id, i.counted_from, i.due_on) for episode_id, due in items.items()
               for i in due if i.rule == "visit" and i.standing != "overdue"}
    assert running, "the authority should have some visits not yet due"
    assert not running & missed


def test_every_indicator_runs_on_a_whole_authority(judged):
    _, workspace = judged
    for indicator in INDICATORS:
        found = workspace.counts(indicator)
        assert found, f"{indicator.id} found nothing"
        assert all(n <= d or indicator.is_rate for months in found.values()
                   for n, d in months.values())
