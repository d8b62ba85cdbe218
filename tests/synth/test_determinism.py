"""The same seed and size give the same authority; another seed gives another."""

from __future__ import annotations

import pytest

from .helpers import snapshot_of_fresh_run

pytestmark = pytest.mark.django_db


def test_same_seed_twice_into_fresh_databases_gives_identical_data():
    first = snapshot_of_fresh_run(300, seed=7)
    second = snapshot_of_fresh_run(300, seed=7)
    assert first["people"], "synth made no people"
    for table in first:
        assert first[table] == second[table], f"{table} differ between two runs of seed 7"


def test_a_different_seed_gives_different_people():
    seven = snapshot_of_fresh_run(300, seed=7)
    eight = snapshot_of_fresh_run(300, seed=8)
    refs_seven = {row[0] for row in seven["people"]}
    refs_eight = {row[0] for row in eight["people"]}
    assert not refs_seven & refs_eight
    names = lambda snap: sorted((r[2], r[4], r[6]) for r in snap["people"])  # noqa: E731
    assert names(seven) != names(eight)


def test_batch_size_changes_how_it_is_written_not_what_is_written():
    whole = snapshot_of_fresh_run(250, seed=3)
    in_small_batches = snapshot_of_fresh_run(250, seed=3, batch_size=7)
    assert whole == in_small_batches


def test_refs_are_version_4_uuids_from_the_seed():
    taken = snapshot_of_fresh_run(120, seed=11)
    refs = [row[0] for row in taken["people"]] + [row[0] for row in taken["households"]]
    assert len(set(refs)) == len(refs)
    assert all(ref.version == 4 for ref in refs)
