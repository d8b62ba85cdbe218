"""The validation report, as text for people and as JSON for other tools."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

from everychild.insight.census.specs import census_year
from everychild.insight.census.validation.registry import ERROR
from everychild.insight.census.validation.runner import Result


def summary(result: Result) -> str:
    label = census_year(result.year).label
    children = f"{result.children:,} child{'ren' if result.children != 1 else ''}"
    if result.errors:
        verdict = "the file has errors to correct before it can be sent"
    elif result.queries:
        verdict = ("no errors; the queries above need checking but do not stop the file "
                   "being sent")
    else:
        verdict = "no errors and no queries"
    return (f"{label} census, {children}: {result.errors:,} error"
            f"{'s' if result.errors != 1 else ''}, {result.queries:,} quer"
            f"{'ies' if result.queries != 1 else 'y'}; {verdict}.")


def text_lines(result: Result) -> Iterator[str]:
    """One line per failure in file order, then a count per rule, then the summary."""
    for f in result.failures:
        where = f"line {f.line}" if f.line else "line ?"
        child = f"child {f.child}" if f.child else "header"
        value = f" = {f.value!r}" if f.value is not None else ""
        kind = "Error" if f.kind == ERROR else "Query"
        yield f"{where}: {child}: {kind} {f.rule}: {f.field}{value}: {f.message}"
    if result.failures:
        yield ""
        yield "By rule:"
        counts = Counter((f.rule, f.kind) for f in result.failures)
        for (code, kind), n in sorted(counts.items()):
            yield f"  {code:<8} {kind:<6} {n:,}"
        yield ""
    yield summary(result)


def as_json(result: Result) -> str:
    return json.dumps({
        "year": result.year, "collection": census_year(result.year).label,
        "children": result.children, "errors": result.errors, "queries": result.queries,
        "failures": [f.as_dict() for f in result.failures],
    }, indent=1)
