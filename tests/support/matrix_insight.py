"""What the authorisation matrix asks the indicator pages.

Their choices are in the query string, not the path, so each route gets one here. The
children behind a figure are asked for the month of the target child's initial
conference (tests/support/matrix_casework.py holds one, 75 days ago, after a strategy
discussion), so the target child is among those counted: the matrix then checks that a
sealed child is never named to a role without the sealed grant.
"""

from __future__ import annotations

from collections.abc import Callable

from everychild.insight.indicators.periods import Month

from .matrix_targets import Target


def _children(t: Target) -> str:
    held = t.casework().conference.held_on
    assert held is not None
    return f"indicator=icpc15&part=denominator&month={Month.of(held).key}"


QUERIES: dict[str, Callable[[Target], str]] = {
    "insight:indicator": lambda t: "indicator=icpc15",
    "insight:table-csv": lambda t: "by=year",
    "insight:children": _children,
    "insight:children-csv": _children,
}
# Routes whose answer may name the target child: a sealed one must never show.
MENTIONS_CHILD = frozenset({"insight:children", "insight:children-csv"})
