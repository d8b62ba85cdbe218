"""The register of census validation rules, each under its DfE rule number.

A rule is a function decorated with `@rule(...)`. It receives one child (or the header,
or nothing at the end of the file, according to its `scope`) and the `Context`, and yields
a `Hit` for each thing wrong: the field, its value and line. The runner adds the rule's
number, kind and message and the child's LAchildID to make a `Failure`.

    @rule("8500", kind=ERROR, fields=("LAchildID",), message="...")
    def la_child_id_present(child: Child, ctx: Context) -> Iterator[Hit]:
        if not child.identifiers.has("LAchildID"):
            yield at(child.identifiers, "LAchildID")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from everychild.insight.census.reader import Item, Record
from everychild.insight.census.specs import YEARS, CensusYear

ERROR: Literal["error"] = "error"
QUERY: Literal["query"] = "query"
Kind = Literal["error", "query"]
Scope = Literal["header", "child", "end"]

ALL_YEARS: frozenset[int] = frozenset(YEARS)


class Hit(NamedTuple):
    """One thing a rule found wrong: where, and (optionally) a few words of specifics."""

    field: str
    value: str | None
    line: int
    detail: str | None = None


def at(record: Record, name: str, detail: str | None = None) -> Hit:
    """A hit on field `name` of `record` (its line is the record's when the field is absent)."""
    return Hit(name, record.get(name), record.line_of(name), detail)


def at_item(name: str, item: Item, detail: str | None = None) -> Hit:
    return Hit(name, item.value, item.line, detail)


@dataclass
class Context:
    """What every rule may consult besides the child: the year's specification, the header
    and a scratch space for rules that look across children (e.g. duplicate ids)."""

    spec: CensusYear
    header: Record
    memo: dict[str, Any] = field(default_factory=dict)
    # Plain attributes, not properties: rules read them for every child.
    reference_date: dt.date = field(init=False)
    period_start: dt.date = field(init=False)

    def __post_init__(self) -> None:
        self.reference_date = self.spec.reference_date
        self.period_start = self.spec.period_start


@dataclass(frozen=True)
class Rule:
    code: str
    kind: Kind
    fields: tuple[str, ...]
    message: str
    years: frozenset[int]
    scope: Scope
    check: Callable[..., Iterable[Hit]]

    def applies_to(self, year: int) -> bool:
        return year in self.years


_RULES: list[Rule] = []


def rule(code: str, *, kind: Kind, fields: tuple[str, ...], message: str,
         years: Iterable[int] | None = None, scope: Scope = "child",
         ) -> Callable[[Callable[..., Iterable[Hit]]], Callable[..., Iterable[Hit]]]:
    """Register a rule. `years` are collection years (2024 = 2023-24); default all known.

    `code` is the DfE number; queries end in "Q" by the DfE's convention and must be
    registered with kind=QUERY. One number may be registered more than once only for
    different years (a rule the DfE changed from one year to the next).
    """
    applies = frozenset(ALL_YEARS if years is None else years)
    if code.endswith("Q") != (kind == QUERY):
        raise ValueError(f"Rule {code}: a query's number ends in Q, an error's does not.")
    unknown = applies - ALL_YEARS
    if unknown:
        raise ValueError(f"Rule {code}: no specification for years {sorted(unknown)}.")

    def register(check: Callable[..., Iterable[Hit]]) -> Callable[..., Iterable[Hit]]:
        for other in _RULES:
            if other.code == code and other.years & applies:
                raise ValueError(f"Rule {code} is already registered for "
                                 f"{sorted(other.years & applies)}.")
        _RULES.append(Rule(code, kind, fields, message, applies, scope, check))
        return check

    return register


_COLLECTORS: list[Callable[..., None]] = []


def collector(gather: Callable[..., None]) -> Callable[..., None]:
    """Register a function called with (child, ctx) for every child, to gather what a
    file-level (scope="end") rule needs into ctx.memo. It reports nothing itself."""
    _COLLECTORS.append(gather)
    return gather


def collectors() -> list[Callable[..., None]]:
    return list(_COLLECTORS)


def rules_for(year: int, scope: Scope | None = None) -> list[Rule]:
    return [r for r in _RULES if r.applies_to(year) and (scope is None or r.scope == scope)]


def all_rules() -> list[Rule]:
    return list(_RULES)


def rule_numbers(year: int | None = None) -> list[str]:
    """The distinct DfE numbers registered (for `year`, if given)."""
    chosen = _RULES if year is None else rules_for(year)
    return sorted({r.code for r in chosen})


def first(items: Iterable[Hit]) -> Iterator[Hit]:
    """At most the first hit (for rules that report a child once however often it fails)."""
    for hit in items:
        yield hit
        return
