"""Date-range checks shared by the rules on plans, assessments and enquiries.

Two questions recur: does a record start while another record of the same kind is still
running (overlapping CIN plans, CP plans, assessments, enquiries), and does a date fall
inside a period of another kind (a CIN plan starting during a CP plan). Both are answered
by sorting, so the work grows as n log n in a child's records, never pairwise.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Sequence

Span = tuple[dt.date, dt.date | None]

_DAY = dt.timedelta(days=1)


def starts_inside_another(spans: Sequence[Span]) -> set[int]:
    """Positions of the spans whose start falls on or between the start and the (inclusive)
    end of some other span. A span whose end is None is checked itself but, having no known
    end, nothing can start inside it."""
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    found: set[int] = set()
    reach: dt.date | None = None  # the latest end among spans that start strictly earlier
    k = 0
    while k < len(order):
        start = spans[order[k]][0]
        m = k
        while m < len(order) and spans[order[m]][0] == start:
            m += 1
        group = order[k:m]
        ends = sorted((e for i in group if (e := spans[i][1]) is not None), reverse=True)
        for i in group:
            if reach is not None and reach >= start:
                found.add(i)
                continue
            # Spans starting the same day: only the others' ends count.
            others = list(ends)
            own = spans[i][1]
            if own is not None:
                others.remove(own)
            if others and others[0] >= start:
                found.add(i)
        if ends:
            reach = ends[0] if reach is None else max(reach, ends[0])
        k = m
    return found


class Periods:
    """A set of closed date ranges [first, last], asked whether they cover a date."""

    __slots__ = ("_firsts", "_reach")

    def __init__(self, ranges: Sequence[tuple[dt.date, dt.date]]) -> None:
        ordered = sorted(r for r in ranges if r[0] <= r[1])
        self._firsts = [r[0] for r in ordered]
        self._reach: list[dt.date] = []  # the latest `last` among the first k ranges
        latest: dt.date | None = None
        for _first, last in ordered:
            latest = last if latest is None or last > latest else latest
            self._reach.append(latest)

    def __bool__(self) -> bool:
        return bool(self._firsts)

    def covers(self, day: dt.date) -> bool:
        k = bisect_right(self._firsts, day)
        return k > 0 and self._reach[k - 1] >= day


def running(start: dt.date, end: dt.date | None, reference: dt.date) -> tuple[dt.date, dt.date]:
    """The days a plan counts as open for the DfE's 'falls within' rules: from its start up
    to the day before it ends (a plan may begin on the day another ends), or to the
    reference date while it has no end."""
    return (start, end - _DAY if end is not None else reference)
