"""The rule tables: what is due, counted from what, and how long is allowed.

One table per procedure set. Changing a timescale is a change to this data and to
nothing else; `engine` reads it. Amounts are working days in England and Wales unless
the unit says months; "interval" rules repeat from the last time the thing was done.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from ..models import Rules

Unit = Literal["working_days", "months"]


@dataclass(frozen=True)
class Rule:
    key: str
    what: str
    # The event the clock starts from (see engine.EpisodeFacts for the names).
    counted_from: str
    amount: int
    unit: Unit = "working_days"
    # A setting that overrides `amount` (for locally chosen frequencies).
    setting: str = ""


_COMMON = (
    Rule("strategy_to_icpc", "Initial child protection conference",
         "last strategy discussion that started a section 47 enquiry", 15),
    Rule("first_core_group", "First core group", "initial conference", 10),
    Rule("first_review", "First review conference", "initial conference", 3, "months"),
    Rule("later_review", "Review conference", "previous review conference", 6, "months"),
    Rule("core_group", "Core group", "previous core group", 20,
         setting="EVERYCHILD_CORE_GROUP_INTERVAL_WORKING_DAYS"),
    Rule("visit", "Statutory visit", "previous visit, or the start of the plan", 10,
         setting="EVERYCHILD_VISIT_INTERVAL_WORKING_DAYS"),
)

RULES: dict[str, tuple[Rule, ...]] = {
    Rules.WT2006: (
        Rule("initial_assessment", "Initial assessment", "referral", 7),
        Rule("core_assessment", "Core assessment", "start of the core assessment", 35),
        *_COMMON,
    ),
    Rules.WT2013: (
        Rule("single_assessment", "Single assessment", "referral", 45),
        *_COMMON,
    ),
}


def rules_for(procedure_set: str) -> dict[str, Rule]:
    """The procedure set's rules by key (a fresh dict: callers may not change the table)."""
    try:
        return dict(_by_key(procedure_set))
    except KeyError:
        raise ValueError(f"unknown procedure set {procedure_set!r}") from None


@cache
def _by_key(procedure_set: str) -> dict[str, Rule]:
    return {rule.key: rule for rule in RULES[procedure_set]}
