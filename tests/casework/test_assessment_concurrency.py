"""The case reallocated at the moment its assessment is completed with a new main need:
both changes count in the case's version, so a form read before either is refused rather
than overwriting. Real commits and real row locks (PostgreSQL; SQLite has no row locks)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from everychild.casework.services.episodes import episode_allocate

from ..people.test_services_concurrency import at_once
from .pathway_support import complete, fresh, open_case, record_ready, start


def test_a_reallocation_committing_mid_completion_keeps_both_versions(live_db, world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    episode = open_case(world)
    assessment = start(world, episode)
    record_ready(world, assessment)
    before = fresh(episode)
    holding, release = threading.Event(), threading.Event()

    def reallocate() -> object:
        # The manager's reallocation, its transaction still open while the worker completes.
        with transaction.atomic():
            done = episode_allocate(actor=world.users["team_manager"], episode=before,
                                    team=world.team_a, worker=None, version=before.version)
            holding.set()
            release.wait(10)
        return done

    def complete_it() -> object:
        holding.wait(10)
        threading.Timer(0.3, release.set).start()
        return complete(world, assessment, primary_need="N3")

    started = time.monotonic()
    results = at_once(reallocate, complete_it)
    assert not any(isinstance(r, BaseException) for r in results), results
    assert time.monotonic() - started < 10
    after = fresh(episode)
    assert (after.worker_id, after.primary_need) == (None, "N3")
    assert after.version == before.version + 2
