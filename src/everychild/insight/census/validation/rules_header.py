"""Rules on the file's header."""

from __future__ import annotations

from collections.abc import Iterator

from everychild.insight.census.reader import Record
from everychild.insight.census.validation.dates import parse_date
from everychild.insight.census.validation.registry import ERROR, Context, Hit, at, rule


@rule("100", kind=ERROR, fields=("ReferenceDate",), scope="header",
      message="The return's reference date is blank or is not 31 March of the year being "
              "collected; correct it in the header.")
def reference_date_is_census_day(header: Record, ctx: Context) -> Iterator[Hit]:
    if parse_date(header.get("ReferenceDate")) != ctx.reference_date:
        yield at(header, "ReferenceDate", f"It should be {ctx.reference_date.isoformat()}.")
