"""NI 68 (referrals going on to assessment) and re-referrals within 12 months."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.insight.indicators.compute import WORKER, Scope

from .history import assessment, child, counts, episode, month_cell, referral

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def test_ni68_counts_each_child_on_a_signed_off_referral(world):
    """April 2024's referrals (British Summer Time began on 31 March)."""
    tm = world.users["team_manager"]
    ada, ben, cal, dee, eve = (child(n) for n in ("Ada", "Ben", "Cal", "Dee", "Eve"))
    mum = child("Mum", kind="adult", date_of_birth=dt.date(1990, 1, 1))
    # 23:30 on 31 March in UTC is 00:30 on 1 April in England: an April referral.
    r1 = referral(dt.datetime(2024, 3, 31, 23, 30, tzinfo=UTC), [ada], outcome="assessment",
                  decided_by=tm, adults=[mum])
    assessment(episode(ada, "2024-04-01", referral=r1), "single", "2024-04-01")
    referral(dt.datetime(2024, 4, 3, 10, tzinfo=UTC), [ben], outcome="nfa", decided_by=tm)
    # Siblings on one referral, straight to a strategy discussion: no assessment.
    r3 = referral(dt.datetime(2024, 4, 9, 10, tzinfo=UTC), [cal, dee],
                  outcome="strategy_discussion", decided_by=world.social_worker)
    episode(cal, "2024-04-09", referral=r3)
    episode(dee, "2024-04-09", referral=r3)
    # Decided but not yet signed off: not counted.
    referral(dt.datetime(2024, 4, 10, 10, tzinfo=UTC), [eve], outcome="assessment",
             decided_by=tm, signed_off=False)
    april = month_cell("ni68", "2024-04", today="2024-06-01")
    # Ada, Ben, Cal and Dee are counted (not the mother, not Eve); only Ada was assessed.
    assert counts(april) == (1, 4)
    assert april.value == 25.0
    assert counts(month_cell("ni68", "2024-03", today="2024-06-01")) == (0, 0)
    # Counted for whoever decided: the manager decided Ada's and Ben's.
    assert counts(month_cell("ni68", "2024-04", today="2024-06-01",
                             scope=Scope(WORKER, tm.pk))) == (1, 2)


def test_rereferrals_within_12_months_of_the_last_referral(world):
    ada, ben, cal, dee = (child(n) for n in ("Ada", "Ben", "Cal", "Dee"))
    episode(ada, "2023-01-10", closed_on="2023-03-01")
    episode(ada, "2024-01-10")  # exactly 12 months on: a re-referral
    episode(ben, "2022-02-05", closed_on="2022-06-01")
    episode(ben, "2023-02-06")  # 12 months and a day: not
    episode(cal, "2024-01-20")  # a first referral
    episode(dee, "2024-01-15", closed_on="2024-01-20")
    episode(dee, "2024-03-01")  # six weeks later
    today = "2024-06-01"
    assert counts(month_cell("rereferrals", "2024-01", today=today)) == (1, 3)
    assert counts(month_cell("rereferrals", "2023-02", today=today)) == (0, 1)
    assert counts(month_cell("rereferrals", "2023-01", today=today)) == (0, 1)
    assert counts(month_cell("rereferrals", "2024-03", today=today)) == (1, 1)
