"""Rules on the Assessments blocks of an episode: their dates, whether they overlap, and the
factors identified at assessment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache

from everychild.insight.census.reader import Assessment, Child
from everychild.insight.census.validation.blocks import facts
from everychild.insight.census.validation.dates import working_days_before
from everychild.insight.census.validation.registry import (
    ERROR,
    QUERY,
    Context,
    Hit,
    at,
    at_item,
    rule,
)
from everychild.insight.census.validation.spans import starts_inside_another

FROM_2025 = (2025, 2026, 2027)
START, AUTHORISED, FACTORS = ("AssessmentActualStartDate", "AssessmentAuthorisationDate",
                              "AssessmentFactors")
NO_FACTORS = "21"  # "no factors identified"
DISABILITY_FACTORS = frozenset({"5A", "6A"})  # the child's own physical or learning disability


@lru_cache(maxsize=32)
def _open_too_long(reference: dt.date) -> dt.date:
    # Computed once per census year, not once per child.
    return working_days_before(reference, 45)


def _factor_hit(a: Assessment, detail: str | None = None) -> Hit:
    """A hit on an assessment's factors: the first factor's line, or the block's."""
    if a.factors:
        return at_item(FACTORS, a.factors[0], detail)
    return Hit(FACTORS, None, a.line, detail)


@rule("1103", kind=ERROR, fields=(START, "CINreferralDate"),
      message="This assessment is dated to start before the referral that opened its episode; "
              "check the assessment's start date against the referral date.")
def assessment_after_referral(child: Child, ctx: Context) -> Iterator[Hit]:
    for a in facts(child, ctx).assessments:
        referred = a.ep.referred
        if a.start is not None and referred is not None and a.start < referred:
            yield at(a.rec, START, f"The referral is dated {referred.isoformat()}.")


@rule("8608", kind=ERROR, fields=(AUTHORISED, START),
      message="This assessment was signed off before it began: its authorisation date is earlier "
              "than its start date, so one of the two is wrong.")
def authorised_after_start(child: Child, ctx: Context) -> Iterator[Hit]:
    for a in facts(child, ctx).assessments:
        if a.start is not None and a.end is not None and a.end < a.start:
            yield at(a.rec, AUTHORISED)


@rule("8614", kind=ERROR, fields=(FACTORS, AUTHORISED),
      message="This assessment lists factors but has no authorisation date; add the date it was "
              "signed off, or remove the factors until it is.")
def factors_only_when_complete(child: Child, ctx: Context) -> Iterator[Hit]:
    for a in facts(child, ctx).assessments:
        if a.rec.factors and not a.rec.has(AUTHORISED):
            yield _factor_hit(a.rec)


@rule("8617", kind=ERROR, fields=(FACTORS,),
      message="Code 8A is listed among this assessment's factors, but no such factor exists; "
              "pick the code for what the assessment found.")
def no_factor_8a(child: Child, ctx: Context) -> Iterator[Hit]:
    return _code_used("8A", child, ctx)


@rule("8670Q", kind=QUERY, fields=(START, AUTHORISED),
      message="Please check: this assessment began over 45 working days before the reference "
              "date and still has no authorisation date; record when it was completed, or "
              "confirm it is genuinely still open.")
def open_assessment_not_overdue(child: Child, ctx: Context) -> Iterator[Hit]:
    for a in facts(child, ctx).assessments:
        if a.start is None or a.rec.has(AUTHORISED):
            continue
        cutoff = _open_too_long(ctx.reference_date)
        if a.start < cutoff:
            yield at(a.rec, START, f"Assessments still open on the census day should have "
                                   f"started on or after {cutoff.isoformat()}.")


@rule("8696", kind=ERROR, fields=(AUTHORISED,),
      message="This assessment was signed off outside the period this return covers (1 April to "
              "31 March); check its authorisation date.")
def authorised_in_year(child: Child, ctx: Context) -> Iterator[Hit]:
    for a in facts(child, ctx).assessments:
        if a.end is not None and not ctx.period_start <= a.end <= ctx.reference_date:
            yield at(a.rec, AUTHORISED)


@rule("8736", kind=ERROR, fields=(START, AUTHORISED),
      message="This assessment has no authorisation date, yet its start date lies outside this "
              "return's year; if it has been signed off, record when, otherwise correct the "
              "start date.")
def open_assessment_started_in_year(child: Child, ctx: Context) -> Iterator[Hit]:
    for a in facts(child, ctx).assessments:
        if (a.start is not None and not a.rec.has(AUTHORISED)
                and not ctx.period_start <= a.start <= ctx.reference_date):
            yield at(a.rec, START)


@rule("8863Q", kind=QUERY, fields=(START, AUTHORISED),
      message="Please check: this assessment begins while an earlier one in the same episode has "
              "not yet been signed off; look again at the dates of both.")
def assessments_do_not_overlap(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in facts(child, ctx).episodes:
        if len(ep.assessments) < 2:
            continue
        dated = [a for a in ep.assessments if a.start is not None]
        spans = [(a.start, a.end or ctx.reference_date) for a in dated if a.start is not None]
        for i in sorted(starts_inside_another(spans)):
            yield at(dated[i].rec, START)


@rule("8869", kind=ERROR, fields=(FACTORS,),
      message="Factor 21 means no factors were found, yet this assessment lists other factors"
              " too; remove 21 or the other codes.")
def no_factors_means_no_others(child: Child, ctx: Context) -> Iterator[Hit]:
    for a in facts(child, ctx).assessments:
        if len(a.rec.factors) > 1:
            lone = next((f for f in a.rec.factors if f.value == NO_FACTORS), None)
            if lone is not None:
                yield at_item(FACTORS, lone)


@rule("8873", kind=ERROR, fields=("ReasonForClosure", FACTORS),
      message="This episode's single assessment recorded factor 21 (nothing found), so the "
              "episode should carry closure reason RC8; check the closure reason and the "
              "factors.")
def no_factors_closes_rc8(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in facts(child, ctx).episodes:
        if len(ep.assessments) != 1:
            continue
        only = ep.assessments[0].rec.factors
        if any(f.value == NO_FACTORS for f in only) and ep.rec.get("ReasonForClosure") != "RC8":
            yield at(ep.rec, "ReasonForClosure")


@rule("8896", kind=ERROR, fields=(AUTHORISED,),
      message="Two or more assessments in this episode have no authorisation date; record when "
              "the finished ones were signed off, so that at most one stays open.")
def one_open_assessment(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in facts(child, ctx).episodes:
        if len(ep.assessments) < 2:
            continue
        open_ones = [a.rec for a in ep.assessments if not a.rec.has(AUTHORISED)]
        for a in open_ones[1:]:
            yield at(a, AUTHORISED, f"Another open assessment is at line {open_ones[0].line}.")


@rule("8897", kind=ERROR, fields=(FACTORS, AUTHORISED),
      message="This assessment was signed off this year but carries no recognised factor code; "
              "record what it found, or 21 if it found nothing.")
def completed_assessment_has_factors(child: Child, ctx: Context) -> Iterator[Hit]:
    for a in facts(child, ctx).assessments:
        if a.end is None or a.end < ctx.period_start:
            continue
        valid = ctx.spec.codes("assessmentfactorstype")
        if not any(f.value in valid for f in a.rec.factors):
            yield _factor_hit(a.rec)


@rule("8898", kind=ERROR, fields=(FACTORS,),
      message="A factor code appears twice on this assessment; keep one copy.")
def factors_not_repeated(child: Child, ctx: Context) -> Iterator[Hit]:
    for a in facts(child, ctx).assessments:
        if len(a.rec.factors) < 2:
            continue
        seen: set[str] = set()
        for item in a.rec.factors:
            if item.value in seen:
                yield at_item(FACTORS, item)
            seen.add(item.value)


@rule("8899Q", kind=QUERY, fields=(FACTORS, "Disability"),
      message="Please check: this child has a disability recorded, but an assessment signed off "
              "this year lists neither 5A nor 6A; add the disability factor if it applies.")
def disabled_child_has_disability_factor(child: Child, ctx: Context) -> Iterator[Hit]:
    if not child.disabilities or all(d.value.upper() == "NONE" for d in child.disabilities):
        return
    for a in facts(child, ctx).assessments:
        if a.end is None or a.end < ctx.period_start:
            continue
        if not any(f.value.upper() in DISABILITY_FACTORS for f in a.rec.factors):
            yield _factor_hit(a.rec)


def _code_used(code: str, child: Child, ctx: Context) -> Iterator[Hit]:
    for a in facts(child, ctx).assessments:
        for item in a.rec.factors:
            if item.value.upper() == code:
                yield at_item(FACTORS, item)


@rule("8945Q", kind=QUERY, fields=(FACTORS,), years=FROM_2025,
      message="Please check: code 18A has been retired; replace it with 18B or 18C, whichever "
              "fits, or note why 18A stands.")
def no_factor_18a(child: Child, ctx: Context) -> Iterator[Hit]:
    return _code_used("18A", child, ctx)


@rule("8950Q", kind=QUERY, fields=(FACTORS,), years=FROM_2025,
      message="Please check: code 19A has been retired; replace it with 19B or 19C, whichever "
              "fits, or note why 19A stands.")
def no_factor_19a(child: Child, ctx: Context) -> Iterator[Hit]:
    return _code_used("19A", child, ctx)
