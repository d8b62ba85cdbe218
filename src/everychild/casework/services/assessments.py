"""Assessments: started under the episode's procedure set, recorded (the child seen and
their views, the census factors, the analysis and outcome), completed, and authorised
by a manager who did not write it.

Working Together 2006: an initial assessment, then (where needed) a core assessment.
Working Together 2013 onwards: single assessments. A completion after the timescale
(`casework.timescales`) needs the reason it is late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import Enum

from django.db import transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.core import clock
from everychild.core.calendar import working_days_between
from everychild.core.errors import ValidationFailed

from ..factors import CODES, NO_FACTORS
from ..models import (
    Assessment,
    AssessmentKind,
    AssessmentOutcome,
    AssessmentStatus,
    Episode,
    PrimaryNeed,
    Rules,
)
from ..selectors.facts import due_items_for
from ._checks import MIN_REASON_LENGTH, Errors, clean, long_date, may, require_open
from ._common import bump, locked

FIRST_KIND: dict[str, str] = {Rules.WT2006: AssessmentKind.INITIAL,
                              Rules.WT2013: AssessmentKind.SINGLE}
KINDS_UNDER: dict[str, tuple[str, ...]] = {
    Rules.WT2006: (AssessmentKind.INITIAL, AssessmentKind.CORE),
    Rules.WT2013: (AssessmentKind.SINGLE,)}


class Keep(Enum):
    """Leave a field as it is (an edit that sends only what changes)."""

    KEEP = "keep"


KEEP = Keep.KEEP


# ------------------------------------------------------------------ which kinds may start
def kind_refusal(episode: Episode, kind: str) -> str:
    """Why an assessment of this kind cannot start now ('' when it can)."""
    if kind not in AssessmentKind.values:
        return "Select the kind of assessment"
    label = AssessmentKind(kind).label
    if kind not in KINDS_UNDER[episode.rules]:
        allowed = " or ".join(AssessmentKind(k).label.lower() for k in KINDS_UNDER[episode.rules])
        return (f"{label}s are not used under {Rules(episode.rules).label}, which this case "
                f"was opened under: start a {allowed}")
    earlier = list(episode.assessments.all())
    if any(a.status == AssessmentStatus.IN_PROGRESS for a in earlier):
        return "Another assessment is in progress: complete it before starting a new one"
    if kind == AssessmentKind.INITIAL and any(a.kind == kind for a in earlier):
        return "This case already has an initial assessment: start a core assessment"
    if kind == AssessmentKind.CORE and not any(a.kind == AssessmentKind.INITIAL
                                               for a in earlier):
        return "A core assessment follows an initial assessment: start the initial one first"
    return ""


def kinds_startable(episode: Episode) -> list[str]:
    """The kinds of assessment that could start on the episode now."""
    if episode.closed_on is not None:
        return []
    return [k for k in KINDS_UNDER[episode.rules] if not kind_refusal(episode, k)]


def outcome_refusal(assessment: Assessment, outcome: str) -> str:
    if outcome not in AssessmentOutcome.values:
        return "Select the outcome of the assessment"
    if outcome == AssessmentOutcome.CORE_ASSESSMENT and assessment.kind != AssessmentKind.INITIAL:
        return "Only an initial assessment can lead to a core assessment"
    return ""


def create_assessment(*, actor: StaffLike, episode: Episode, kind: str, started_on: dt.date,
                      via: str = "casework") -> Assessment:
    """Write a new assessment (inside the caller's transaction; the caller has checked
    that it may start)."""
    now = clock.now()
    assessment = Assessment.objects.create(
        episode=episode, kind=kind, started_on=started_on, worker=episode.worker,
        created_at=now, updated_at=now)
    audit_record(actor=actor, action="assessment.start", target_type="person",
                 target_id=episode.child.ref, detail={
                     "episode": episode.pk, "assessment": assessment.pk, "kind": kind,
                     "started_on": started_on.isoformat(), "via": via})
    return assessment


def assessment_start(*, actor: StaffLike, episode: Episode, kind: str,
                     started_on: dt.date | None = None) -> Assessment:
    may(actor, episode.child, "assessment.record")
    started_on = started_on or clock.today()
    errors = Errors()
    errors.date("started_on", started_on, label="The start date",
                not_before=(episode.referral_date, "the referral"))
    errors.raise_any()
    with transaction.atomic():
        current = Episode.objects.select_for_update().get(pk=episode.pk)
        require_open(current, "an assessment")
        refusal = kind_refusal(current, kind)
        if refusal:
            raise ValidationFailed(errors={"kind": [refusal]})
        return create_assessment(actor=actor, episode=current, kind=kind, started_on=started_on)


# ------------------------------------------------------------------ recording
def clean_factors(errors: Errors, factors: Sequence[str]) -> list[str]:
    """Known census codes, each once, in the census's order."""
    given = {clean(f).upper() for f in factors if clean(f)}
    unknown = sorted(given - set(CODES))
    if unknown:
        errors.add("factors", "These are not census factor codes: " + ", ".join(unknown))
    chosen = [c for c in CODES if c in given]
    if NO_FACTORS in chosen and len(chosen) > 1:
        errors.add("factors", "'No factors identified' cannot be chosen with other factors")
    return chosen


def _require_in_progress(assessment: Assessment) -> None:
    if assessment.status != AssessmentStatus.IN_PROGRESS:
        raise ValidationFailed(errors={"assessment": [
            "This assessment has been completed: it can no longer be changed"]})


def assessment_record(*, actor: StaffLike, assessment: Assessment, version: int | None,
                      child_seen_on: dt.date | Keep | None = KEEP,
                      child_not_seen_reason: str | Keep = KEEP,
                      child_views: str | Keep = KEEP, factors: Sequence[str] | Keep = KEEP,
                      analysis: str | Keep = KEEP, outcome: str | Keep = KEEP) -> Assessment:
    """Record what the assessment found so far; fields left as KEEP are not changed."""
    may(actor, assessment.episode.child, "assessment.record")
    errors = Errors()
    changes: dict[str, object] = {}
    if not isinstance(child_seen_on, Keep):
        errors.date("child_seen_on", child_seen_on, label="The date the child was seen",
                    not_before=(assessment.episode.referral_date, "the referral"))
        changes["child_seen_on"] = child_seen_on
    for name, value, label in (("child_not_seen_reason", child_not_seen_reason,
                                "Why the child was not seen"),
                               ("child_views", child_views, "The child's views"),
                               ("analysis", analysis, "The analysis")):
        if not isinstance(value, Keep):
            changes[name] = clean(value)
            errors.text(name, changes[name], label=label)  # type: ignore[arg-type]
    if not isinstance(factors, Keep):
        changes["factors"] = clean_factors(errors, factors)
    if not isinstance(outcome, Keep):
        changes["outcome"] = chosen = clean(outcome)
        refusal = outcome_refusal(assessment, chosen) if chosen else ""
        if refusal:
            errors.add("outcome", refusal)
    errors.raise_any()
    with transaction.atomic():
        current = locked(assessment, version=version, what="assessment")
        require_open(current.episode, "an assessment")
        _require_in_progress(current)
        changed = {k: v for k, v in changes.items() if getattr(current, k) != v}
        if changed:
            bump(current, **changed)
        audit_record(actor=actor, action="assessment.record", target_type="person",
                     target_id=assessment.episode.child.ref,
                     detail={"assessment": current.pk, "fields": sorted(changed)})
    return current


# ------------------------------------------------------------------ completing
def _completion_errors(current: Assessment, completed_on: dt.date) -> Errors:
    errors = Errors()
    if current.child_seen_on is None and len(current.child_not_seen_reason) < MIN_REASON_LENGTH:
        errors.add("child_seen_on", "Record the date the child was seen, or why they were not "
                                    "seen")
    elif current.child_seen_on is not None and current.child_seen_on > completed_on:
        errors.add("child_seen_on", "The date the child was seen must be on or before the "
                                    "date the assessment was completed")
    if not current.outcome:
        errors.add("outcome", "Record the outcome of the assessment")
    else:
        refusal = outcome_refusal(current, current.outcome)
        if refusal:
            errors.add("outcome", refusal)
    nfa = current.outcome == AssessmentOutcome.NFA
    real = [f for f in current.factors if f != NO_FACTORS]
    if NO_FACTORS in current.factors and not nfa:
        errors.add("factors", "'No factors identified' can only be recorded when the outcome "
                              "is no further action")
    elif not real and not nfa:
        errors.add("factors", "Record at least one factor identified at the assessment")
    if not current.analysis:
        errors.add("analysis", "Write the analysis: what the assessment found and why")
    return errors


def assessment_complete(*, actor: StaffLike, assessment: Assessment, version: int | None,
                        completed_on: dt.date | None = None, late_reason: str = "",
                        primary_need: str = "") -> Assessment:
    """The worker finishes the assessment and sends it for authorisation. The child's main
    need (the census's primary need code) is settled here if the case has none yet, or
    changed if the assessment found another."""
    may(actor, assessment.episode.child, "assessment.record")
    completed_on = completed_on or clock.today()
    late_reason = clean(late_reason)
    errors = Errors()
    if primary_need and primary_need not in PrimaryNeed.values:
        errors.add("primary_need", "Select the child's main need from the list")
    errors.date("completed_on", completed_on, label="The completion date",
                not_before=(assessment.started_on, "the start of the assessment"))
    errors.text("late_reason", late_reason, label="The reason it is late", limit=5000)
    errors.raise_any()
    with transaction.atomic():
        current = locked(assessment, version=version, what="assessment")
        # The case row is locked too: the main need may be saved on it with a new version,
        # which must count from the case as it is, not as it was before someone else's
        # change (a reallocation, a closure) committed.
        episode = current.episode = (Episode.objects.select_for_update()
                                     .select_related("child").get(pk=current.episode_id))
        require_open(episode, "an assessment")
        _require_in_progress(current)
        errors = _completion_errors(current, completed_on)
        if not (primary_need or episode.primary_need):
            errors.add("primary_need", "Select the child's main need: the census records it "
                                       "for every child assessed")
        item = next((i for i in due_items_for([episode]).get(episode.pk, [])
                     if i.key == f"assessment:{current.pk}"), None)
        late = item is not None and completed_on > item.due_on
        if late and len(late_reason) < MIN_REASON_LENGTH:
            assert item is not None
            days = working_days_between(item.due_on, completed_on)
            errors.add("late_reason", f"The assessment was due on {long_date(item.due_on)}: "
                                      f"completed on {long_date(completed_on)} it is {days} "
                                      f"working day{'s' if days != 1 else ''} late. Give the "
                                      "reason it is late")
        errors.raise_any()
        bump(current, status=AssessmentStatus.AWAITING_AUTHORISATION, completed_on=completed_on,
             late_reason=late_reason if late else "", worker_id=actor.pk)
        if primary_need and primary_need != episode.primary_need:
            bump(episode, primary_need=primary_need)
        audit_record(actor=actor, action="assessment.complete", target_type="person",
                     target_id=episode.child.ref, detail={
                         "assessment": current.pk, "completed_on": completed_on.isoformat(),
                         "late": late, "outcome": current.outcome,
                         "primary_need": episode.primary_need})
    return current


def assessment_authorise(*, actor: StaffLike, assessment: Assessment,
                         version: int | None) -> Assessment:
    """A manager agrees the completed assessment. Nobody authorises their own."""
    may(actor, assessment.episode.child, "assessment.authorise")
    with transaction.atomic():
        current = locked(assessment, version=version, what="assessment")
        if current.status != AssessmentStatus.AWAITING_AUTHORISATION:
            raise ValidationFailed(errors={"assessment": [
                "This assessment is not waiting for authorisation"
                if current.status == AssessmentStatus.IN_PROGRESS
                else "This assessment has already been authorised"]})
        if current.worker_id == actor.pk:
            raise ValidationFailed(errors={"assessment": [
                "You completed this assessment, so you cannot authorise it: another manager "
                "must"]})
        bump(current, status=AssessmentStatus.AUTHORISED, authorised_by_id=actor.pk,
             authorised_on=clock.today())
        audit_record(actor=actor, action="assessment.authorise", target_type="person",
                     target_id=current.episode.child.ref,
                     detail={"assessment": current.pk, "outcome": current.outcome})
    return current
