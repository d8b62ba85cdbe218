"""What an indicator is: its written definition, how to read it, a national figure to
compare with, and the DuckDB query that finds the children behind it.

An indicator is data. Its query returns one row per child-event (an assessment, a plan,
a conference, a visit due...) with the columns in `ROW_COLUMNS`: whether the row is in
the denominator and in the numerator, the date that places it in a month, and the team
and worker it is counted for. Everything else (months, financial years, the authority,
a team, a worker, the children behind a figure) is worked out from those rows the same
way for every indicator (see `compute`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    HIGHER = "higher"  # a higher figure is better
    LOWER = "lower"
    NEITHER = "neither"  # context, not a target (rates of plans, for example)


class Unit(StrEnum):
    PERCENT = "percent"  # numerator as a share of the denominator
    PER_10000 = "per_10000"  # numerator per 10,000 children under 18 in the authority


class Kind(StrEnum):
    # Events in the period: a month's rows are those dated in it, a year's are the sum.
    FLOW = "flow"
    # A count at the end of the period: a month's rows are dated its last day, and a
    # year's figure is the one at its end (31 March, or the latest month shown).
    STOCK = "stock"


@dataclass(frozen=True)
class National:
    """England's figure, where the seed figures give one (DOMAIN.md §5)."""

    value: float
    period: str  # the year it describes, e.g. "2006-07"; "" when the source gives none
    source: str

    @property
    def label(self) -> str:
        return f"{self.source}, {self.period}" if self.period else self.source


@dataclass(frozen=True)
class Definition:
    numerator: str
    denominator: str
    period: str  # what places a row in a month
    exclusions: str
    counted_for: str  # the team and the worker a row is counted for


@dataclass(frozen=True)
class Indicator:
    id: str  # used in addresses and files: "ni59"
    code: str  # the National Indicator number, or "" for the others
    title: str
    group: str  # the dashboard section
    definition: Definition
    direction: Direction
    unit: Unit
    kind: Kind
    national: National | None
    # The operational tables the query reads (see `extract.TABLES`) and the query itself,
    # which may also read `due` (timescales), `months` (every month shown) and the
    # parameters $today and $visit_interval (see `compute`).
    tables: tuple[str, ...]
    sql: str
    # The timescale rules whose due dates the query joins (see `deadlines`).
    deadlines: tuple[str, ...] = ()
    # Column headings for the numerator and the denominator ("In 7 working days",
    # "Completed"); a rate has only the first.
    numerator_label: str = "Numerator"
    denominator_label: str = "Denominator"
    # What the drill-down's date columns mean for this indicator.
    counted_from_label: str = "Counted from"
    due_label: str = "Due"
    done_label: str = "Done"

    @property
    def name(self) -> str:
        return f"{self.code}: {self.title}" if self.code else self.title

    @property
    def shows_due(self) -> bool:
        """Whether its rows' middle date (a deadline, or what `due_label` names) is shown."""
        return bool(self.deadlines) or self.due_label != "Due"

    @property
    def is_rate(self) -> bool:
        return self.unit == Unit.PER_10000


# The columns every indicator query returns, in this order.
ROW_COLUMNS = ("child_id", "episode_id", "event_date", "in_denominator", "in_numerator",
               "team_id", "worker_id", "counted_from", "due_on", "done_on")
