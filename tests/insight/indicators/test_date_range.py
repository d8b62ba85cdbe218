"""One stray date in the records (a birth in 1900, a slip for 2205) must not make the
dashboard work out due dates for millions of days."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from everychild.core import clock
from everychild.insight.indicators.deadlines import date_range


def test_stray_dates_do_not_stretch_the_range(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 12, 4))
    table = pa.table({"day": pa.array([dt.date(1900, 1, 1), dt.date(2024, 5, 1),
                                       dt.date(9999, 12, 31)], pa.date32())})
    low, high = date_range({"t": table})
    assert low == dt.date(2001, 12, 1) and high == dt.date(2028, 12, 5)
    assert (high - low).days < 10_000


def test_ordinary_dates_keep_their_range(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 12, 4))
    table = pa.table({"day": pa.array([dt.date(2021, 4, 1), dt.date(2026, 11, 30)],
                                      pa.date32())})
    assert date_range({"t": table}) == (dt.date(2021, 4, 1), dt.date(2026, 11, 30))
