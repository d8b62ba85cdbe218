"""Running the rules over a census: `validate` for a census already read, `check_file` for a
file on disk (schema check, header checks and rules in one streamed pass)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from lxml import etree

from everychild.insight.census.reader import (
    CensusFileError,
    Child,
    Record,
    SchemaProblem,
    Source,
    open_census,
)
from everychild.insight.census.schemas import fragment_schema_for
from everychild.insight.census.specs import census_year
from everychild.insight.census.validation.registry import (
    ERROR,
    QUERY,
    Context,
    Hit,
    Kind,
    Rule,
    collectors,
    rules_for,
)

SCHEMA_RULE = "schema"


@dataclass(frozen=True, slots=True)
class Failure:
    rule: str
    kind: Kind
    message: str
    child: str | None  # LAchildID, None for the header
    field: str
    value: str | None
    line: int

    def as_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "kind": self.kind, "message": self.message,
                "child": self.child, "field": self.field, "value": self.value,
                "line": self.line}


class CensusLike(Protocol):
    header: Record
    schema_problems: list[SchemaProblem]

    @property
    def children(self) -> Iterable[Child]: ...


def validate(census: CensusLike, year: int) -> list[Failure]:
    """Every failure of the year's rules (and of the schema, where the census was read with a
    schema check) in the order of the file."""
    return _Run(year).run(census)


@dataclass
class Result:
    year: int
    failures: list[Failure]
    children: int

    @property
    def errors(self) -> int:
        return sum(1 for f in self.failures if f.kind == ERROR)

    @property
    def queries(self) -> int:
        return sum(1 for f in self.failures if f.kind == QUERY)


def check_file(source: Source, year: int, *, schema: bool = True) -> Result:
    """Check a census file for collection year `year`.

    Raises `CensusFileError` (with a message for the user) for a file that cannot be checked:
    missing, empty, not XML, malformed, not a CIN census, or for another year; and
    `specs.UnknownYear` for a year with no specification.
    """
    spec = census_year(year)
    checker = _SchemaChecker(year) if schema else None
    with open_census(source, check=checker) as stream:
        _check_header_identity(stream.header, spec.year, spec.label)
        failures = _Run(year).run(stream)
        if stream.child_count == 0:
            failures.append(Failure(SCHEMA_RULE, ERROR, "The file has no <Child> records.",
                                    None, "Child", None, stream.header.line))
        return Result(year=year, failures=failures, children=stream.child_count)


def _check_header_identity(header: Record, year: int, label: str) -> None:
    collection = header.get("Collection")
    if collection is not None and collection != "CIN":
        raise CensusFileError(f"This is not a Children in Need census file: its header names "
                              f"the collection {collection!r}, not 'CIN'.")
    file_year = header.get("Year")
    if file_year and file_year.isdigit() and int(file_year) != year:
        raise CensusFileError(f"The file is for the {int(file_year) - 1}-{file_year[2:]} "
                              f"collection (header Year {file_year}), not {label} "
                              f"(--year {year}).")


@dataclass
class _Run:
    year: int
    failures: list[Failure] = field(default_factory=list)

    def run(self, census: CensusLike) -> list[Failure]:
        ctx = Context(spec=census_year(self.year), header=census.header)
        gatherers = collectors()
        self._schema(census.schema_problems, None)
        for r in rules_for(self.year, "header"):
            self._apply(r, None, 0, r.check(census.header, ctx))
        child_rules = [(r, r.check) for r in rules_for(self.year, "child")]
        append = self.failures.append
        for child in census.children:
            child_id = child.la_child_id
            if child.schema_problems:
                self._schema(child.schema_problems, child_id)
            # The hot loop (rules x children), written out rather than through _apply.
            for r, check in child_rules:
                try:
                    for hit in check(child, ctx):
                        append(Failure(r.code, r.kind, f"{r.message} {hit.detail}"
                                       if hit.detail else r.message, child_id, hit.field,
                                       hit.value, hit.line))
                except Exception as exc:  # one odd record must not stop the file
                    append(_crashed(r, exc, child_id, child.line))
            for gather in gatherers:
                gather(child, ctx)
        for r in rules_for(self.year, "end"):
            self._apply(r, None, 0, r.check(ctx))
        return self.failures

    def _apply(self, r: Rule, child_id: str | None, line: int,
               hits: Iterable[Hit]) -> None:
        try:
            for hit in hits:
                message = f"{r.message} {hit.detail}" if hit.detail else r.message
                self.failures.append(Failure(r.code, r.kind, message, child_id, hit.field,
                                             hit.value, hit.line))
        except Exception as exc:  # one odd record must not stop the whole file being checked
            self.failures.append(_crashed(r, exc, child_id, line))

    def _schema(self, problems: list[SchemaProblem], child_id: str | None) -> None:
        for p in problems:
            self.failures.append(Failure(SCHEMA_RULE, ERROR, p.message, child_id, p.field,
                                         None, p.line))


def _crashed(r: Rule, exc: Exception, child_id: str | None, line: int) -> Failure:
    return Failure(r.code, ERROR, f"Rule {r.code} could not be checked here "
                   f"({type(exc).__name__}).", child_id, "", None, line)


class _SchemaChecker:
    """Checks each Header and Child element against the year's schema as it is streamed."""

    def __init__(self, year: int) -> None:
        self.schema = fragment_schema_for(year)

    def __call__(self, element: etree._Element) -> list[SchemaProblem]:
        problems = []
        parent = element.getparent()
        expected = "Message" if element.tag.endswith("Header") else "Children"
        if parent is not None and not str(parent.tag).endswith(expected):
            problems.append(SchemaProblem(cast(int | None, element.sourceline) or 0,
                                          _local(element.tag),
                                          f"<{_local(element.tag)}> must be inside "
                                          f"<{expected}>."))
        if self.schema.validate(element):
            return problems
        for entry in cast(Iterable[Any], self.schema.error_log):
            problems.append(SchemaProblem(entry.line, _field(entry.message),
                                          _tidy(entry.message)))
        return problems


def _local(tag: object) -> str:
    text = str(tag)
    return text.rpartition("}")[2]


def _field(message: str) -> str:
    # libxml2 starts its messages "Element 'Name': ..."
    if message.startswith("Element '"):
        return message[9:].split("'", 1)[0].rpartition("}")[2]
    return ""


def _tidy(message: str) -> str:
    # The field is reported separately, so drop libxml2's "Element 'Name': " prefix.
    if message.startswith("Element '"):
        return message.split("': ", 1)[-1]
    return message
