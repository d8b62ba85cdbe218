"""The same seed gives the same case histories, however the households are batched; the
casework has streams of its own, so a seed's people and referrals stay as they were."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError

from everychild.people.models import Person

from .helpers import casework_snapshot_of_fresh_run, synth

pytestmark = pytest.mark.django_db
CHILDREN = 700


def test_same_seed_twice_gives_identical_case_histories():
    first = casework_snapshot_of_fresh_run(CHILDREN, seed=5)
    second = casework_snapshot_of_fresh_run(CHILDREN, seed=5, batch_size=13)
    assert len(first["episodes"]) > 50 and first["plans"] and first["chronology"]
    for table in first:
        assert first[table] == second[table], f"{table} differ between two runs of seed 5"


def test_the_switch_to_the_2013_rules_can_be_chosen():
    early = casework_snapshot_of_fresh_run(300, seed=5, wt2013_from=dt.date(2021, 1, 4))
    # Every referral in the window is after the switch (only plans from before the window,
    # which have no referral, may be under the 2006 rules).
    rules = {row[4] for row in early["episodes"] if row[2] is not None}
    assert rules == {"wt2013"}
    late = casework_snapshot_of_fresh_run(300, seed=5, wt2013_from=dt.date(2026, 9, 1))
    assert {row[4] for row in late["episodes"] if row[2] is not None} == {"wt2006", "wt2013"}


def test_a_switch_after_the_data_date_is_refused(db):
    with pytest.raises(CommandError, match="wt2013-from"):
        synth(20, 1, wt2013_from=dt.date(2027, 1, 1), as_of=dt.date(2026, 10, 1))
    assert not Person.objects.exists()
