"""Oversight tests run on a fixed day: Monday 2 March 2026."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.core import clock, closures

TODAY = dt.date(2026, 3, 2)
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_day(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    monkeypatch.setattr(clock, "now", lambda: NOW)
    closures.invalidate()
    yield
    closures.invalidate()


@pytest.fixture
def caseload(world):
    """Children of team A and B in known states, and ones the team must not see."""
    from types import SimpleNamespace

    from everychild.core.calendar import add_working_days
    from everychild.people.models import InvolvementRole

    from ..factories import InvolvementFactory, StaffFactory
    from . import builders as b

    sw, manager = world.social_worker, world.users["team_manager"]
    mate = StaffFactory(username="mate", role="social_worker", agency=world.csc,
                        team=world.team_a, first_name="Priya", last_name="Mate")
    other = StaffFactory(username="other", role="social_worker", agency=world.csc,
                         team=world.team_b)
    other_manager = StaffFactory(username="tm_b", role="team_manager", agency=world.csc,
                                 team=world.team_b)
    # Due 45 working days after the referral: long overdue, due tomorrow, due in a month.
    overdue = b.episode(world.child, referral_date=dt.date(2025, 12, 1), worker=sw)
    b.assessment(overdue, "single", dt.date(2025, 12, 2))
    soon_child = b.child_allocated_to(sw, given_name="Bella", family_name="Soon")
    soon = b.episode(soon_child, referral_date=add_working_days(TODAY, -44, closures=set()),
                     worker=sw)
    b.assessment(soon, "single", soon.referral_date)
    mates_child = b.child_allocated_to(mate, given_name="Callum", family_name="Mate")
    mates = b.episode(mates_child, referral_date=dt.date(2026, 2, 2), worker=mate)
    b.assessment(mates, "single", dt.date(2026, 2, 3))
    b_child = b.child_allocated_to(other, given_name="Dylan", family_name="Otherteam")
    b.assessment(b.episode(b_child, referral_date=dt.date(2025, 11, 3), worker=other),
                 "single", dt.date(2025, 11, 3))
    # Allocated to our worker, but sealed (adopted).
    InvolvementFactory(person=world.sealed_child, agency=world.csc, staff=sw,
                       role=InvolvementRole.ALLOCATED_SOCIAL_WORKER)
    b.assessment(b.episode(world.sealed_child, referral_date=dt.date(2025, 11, 3), worker=sw),
                 "single", dt.date(2025, 11, 3))
    return SimpleNamespace(sw=sw, manager=manager, mate=mate, other=other,
                           other_manager=other_manager, overdue=overdue, soon=soon,
                           mates=mates, soon_child=soon_child, mates_child=mates_child,
                           b_child=b_child)
