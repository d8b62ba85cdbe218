"""Rules on ChildCharacteristics: ethnicity and disabilities."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from everychild.insight.census.reader import Child
from everychild.insight.census.validation.dates import is_false
from everychild.insight.census.validation.registry import (
    ERROR,
    QUERY,
    Context,
    Hit,
    at,
    at_item,
    collector,
    rule,
)


@rule("4220", kind=ERROR, fields=("Ethnicity",),
      message="This child's ethnicity is blank or uses a code that is not on the ethnicity list; "
              "enter a listed code (REFU if the family declined to say, NOBT if not yet asked).")
def ethnicity_valid(child: Child, ctx: Context) -> Iterator[Hit]:
    if child.characteristics.get("Ethnicity") not in ctx.spec.codes("ethnicitytype"):
        yield at(child.characteristics, "Ethnicity")


@rule("8540", kind=ERROR, fields=("Disability",),
      message="This child was referred for further action but has no usable disability entry; "
              "record each disability code that applies from the disability list, or NONE.")
def disability_present_and_valid(child: Child, ctx: Context) -> Iterator[Hit]:
    valid = ctx.spec.codes("disabilitytype")
    bad = [d for d in child.disabilities if d.value not in valid]
    for item in bad:
        yield at_item("Disability", item)
    needed = child.identifiers.has("PersonBirthDate") and any(
        is_false(ep.get("ReferralNFA")) for ep in child.episodes)
    if needed and not child.disabilities:
        yield Hit("Disability", None, child.characteristics.line, "No disability is given.")


@rule("8790", kind=ERROR, fields=("Disability",),
      message="NONE is listed alongside disability codes; keep NONE only if the child has no "
              "disability, otherwise remove it.")
def none_alone(child: Child, ctx: Context) -> Iterator[Hit]:
    values = [d.value.upper() for d in child.disabilities]
    if "NONE" in values and len(values) > 1:
        none = next(d for d in child.disabilities if d.value.upper() == "NONE")
        yield at_item("Disability", none)


@rule("8794", kind=ERROR, fields=("Disability",),
      message="A disability code is repeated for this child; list each code only once.")
def disability_not_repeated(child: Child, ctx: Context) -> Iterator[Hit]:
    if len(child.disabilities) < 2:
        return
    counts = Counter(d.value for d in child.disabilities)
    reported: set[str] = set()
    for item in child.disabilities:
        if counts[item.value] > 1 and item.value not in reported:
            reported.add(item.value)
            yield at_item("Disability", item)


@collector
def _count_disabilities(child: Child, ctx: Context) -> None:
    codes = {d.value for d in child.disabilities if d.value and d.value.upper() != "NONE"}
    if not codes:
        return
    used: set[str] = ctx.memo.setdefault("disability codes", set())
    used.update(codes)
    if len(codes) > 1:
        ctx.memo["several disabilities"] = True


@rule("2887Q", kind=QUERY, fields=("Disability",), scope="end",
      message="Please check: across the whole return, fewer than 8 different disability codes "
              "(not counting NONE) are in use; make sure each child's disabilities are fully "
              "recorded.")
def variety_of_disabilities(ctx: Context) -> Iterator[Hit]:
    used = ctx.memo.get("disability codes", set())
    if len(used) < 8:
        yield Hit("Disability", None, 0, f"{len(used)} used.")


@rule("2888Q", kind=QUERY, fields=("Disability",), scope="end",
      message="Please check: no child in this return has more than one disability code; where a "
              "child has several disabilities, record each of them.")
def several_disabilities(ctx: Context) -> Iterator[Hit]:
    if ctx.memo.get("disability codes") and not ctx.memo.get("several disabilities"):
        yield Hit("Disability", None, 0)
