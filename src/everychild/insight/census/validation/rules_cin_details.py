"""Rules on one CINdetails episode's own fields: referral, need, no-further-action flag,
closure, and what may be recorded against an episode closed or marked NFA."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from everychild.insight.census.reader import Child, Episode
from everychild.insight.census.validation.dates import (
    date_of,
    is_false,
    is_true,
    working_days_before,
)
from everychild.insight.census.validation.registry import (
    ERROR,
    QUERY,
    Context,
    Hit,
    at,
    rule,
)

_NFA_VALUES = frozenset({"true", "false", "1", "0"})
_SOURCES_REQUIRED_FROM = dt.date(2013, 4, 1)


@rule("8600", kind=ERROR, fields=("CINreferralDate",),
      message="The referral date is absent, or later than the census reference date; give the"
              " date the referral was received.")
def referral_date_in_time(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in child.episodes:
        referred = date_of(ep, "CINreferralDate")
        if referred is None or referred > ctx.reference_date:
            yield at(ep, "CINreferralDate")


@rule("8866", kind=ERROR, fields=("ReferralSource",),
      message="This referral's source is blank or uses a code that is not on the referral source "
              "list; record who made the referral.")
def referral_source_valid(child: Child, ctx: Context) -> Iterator[Hit]:
    valid = ctx.spec.codes("referralsourcetype")
    for ep in child.episodes:
        referred = date_of(ep, "CINreferralDate")
        if referred is not None and referred < _SOURCES_REQUIRED_FROM:
            continue  # sources were not collected for referrals before April 2013
        if ep.get("ReferralSource") not in valid:
            yield at(ep, "ReferralSource")


@rule("8650", kind=ERROR, fields=("PrimaryNeedCode",),
      message="The primary need code on this episode is not on the primary need list; choose the "
              "code for the child's main need.")
def primary_need_valid(child: Child, ctx: Context) -> Iterator[Hit]:
    valid = ctx.spec.codes("primaryneedcodetype")
    for ep in child.episodes:
        need = ep.get("PrimaryNeedCode")
        if need and need not in valid:
            yield at(ep, "PrimaryNeedCode")


@rule("8610", kind=ERROR, fields=("PrimaryNeedCode",),
      message="This referral went on to further action but no primary need is recorded; add the "
              "code for the child's main need.")
def primary_need_given(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in child.episodes:
        if is_false(ep.get("ReferralNFA")) and not ep.has("PrimaryNeedCode"):
            yield at(ep, "PrimaryNeedCode")


@rule("8568", kind=ERROR, fields=("ReferralNFA",),
      message="The flag saying whether this referral needed no further action is blank or "
              "unreadable; enter true or false (or 1 or 0).")
def nfa_flag_valid(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in child.episodes:
        if (ep.get("ReferralNFA") or "").lower() not in _NFA_VALUES:
            yield at(ep, "ReferralNFA")


@rule("8569Q", kind=QUERY, fields=("ReferralNFA",),
      message="Please check: this referral was received before the year began (over one working "
              "day before 1 April), yet it is flagged as needing no further action; check the "
              "flag and the referral date.")
def old_referral_not_nfa(child: Child, ctx: Context) -> Iterator[Hit]:
    cutoff = working_days_before(ctx.period_start, 1)
    for ep in child.episodes:
        referred = date_of(ep, "CINreferralDate")
        if referred is not None and referred < cutoff and is_true(ep.get("ReferralNFA")):
            yield at(ep, "ReferralNFA")


@rule("8620", kind=ERROR, fields=("CINclosureDate",),
      message="The closure date falls outside this census year (1 April to 31 March); check "
              "the date. An episode that is still open has no closure date.")
def closure_in_census_year(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in child.episodes:
        closed = date_of(ep, "CINclosureDate")
        if closed is not None and not ctx.period_start <= closed <= ctx.reference_date:
            yield at(ep, "CINclosureDate")


@rule("8630", kind=ERROR, fields=("CINclosureDate", "CINreferralDate"),
      message="The episode's closure date comes before its referral date; check both dates.")
def closure_after_referral(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in child.episodes:
        closed, referred = date_of(ep, "CINclosureDate"), date_of(ep, "CINreferralDate")
        if closed is not None and referred is not None and closed < referred:
            yield at(ep, "CINclosureDate")


@rule("8640", kind=ERROR, fields=("ReasonForClosure",),
      message="The closure reason on this episode is not on the reason for closure list; choose "
              "the RC code that says why it closed.")
def closure_reason_valid(child: Child, ctx: Context) -> Iterator[Hit]:
    valid = ctx.spec.codes("reasonforclosuretype")
    for ep in child.episodes:
        reason = ep.get("ReasonForClosure")
        if reason and reason not in valid:
            yield at(ep, "ReasonForClosure")


@rule("8810", kind=ERROR, fields=("ReasonForClosure",),
      message="The episode gives a reason for closure but no closure date; add the date it "
              "closed, or drop the reason if the episode is still open.")
def reason_needs_date(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in child.episodes:
        if ep.has("ReasonForClosure") and not ep.has("CINclosureDate"):
            yield at(ep, "ReasonForClosure")


@rule("8805", kind=ERROR, fields=("CINclosureDate",),
      message="The episode has a closure date but no reason for closure; add the RC code that"
              " says why it closed.")
def date_needs_reason(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in child.episodes:
        if ep.has("CINclosureDate") and not ep.has("ReasonForClosure"):
            yield at(ep, "CINclosureDate")


def _closed_after_assessment(ep: Episode) -> bool:
    # RC8: closed after assessment, no further action; RC9: referred to early help.
    return ep.get("ReasonForClosure") in ("RC8", "RC9")


@rule("8825Q", kind=QUERY, fields=("ReasonForClosure",),
      message="Please check: this episode was closed as finished after assessment (RC8 or RC9) "
              "but holds no assessment; add the assessment or correct the closure reason.")
def closed_after_assessment_has_one(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in child.episodes:
        if _closed_after_assessment(ep) and not ep.assessments:
            yield at(ep, "ReasonForClosure")


@rule("2990", kind=ERROR, fields=("ReasonForClosure",),
      message="This episode was closed as finished after assessment (RC8 or RC9), yet it holds a "
              "CIN plan, section 47 enquiry, initial conference or protection plan; either that "
              "work or the closure reason is wrong.")
def closed_after_assessment_has_no_more(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in child.episodes:
        if _closed_after_assessment(ep) and (
                ep.cin_plans or ep.section47s or ep.cp_plans or ep.has("DateOfInitialCPC")):
            yield at(ep, "ReasonForClosure")


@rule("2991Q", kind=QUERY, fields=("Section47",),
      message="Please check: this episode holds a section 47 enquiry but no assessment; add the "
              "assessment if one was carried out.")
def section47_with_assessment(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in child.episodes:
        if ep.section47s and not ep.assessments:
            yield Hit("Section47", None, ep.section47s[0].line)


@rule("8831", kind=ERROR, fields=("ReferralNFA",),
      message="This episode is marked as a no-further-action referral, yet it has an "
              "assessment, section 47 enquiry or initial conference; either the flag or that "
              "work is wrong.")
def nfa_has_no_activity(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in child.episodes:
        if is_true(ep.get("ReferralNFA")) and (
                ep.assessments or ep.section47s or ep.has("DateOfInitialCPC")):
            yield at(ep, "ReferralNFA")


@rule("8867", kind=ERROR, fields=("AssessmentAuthorisationDate",),
      message="The episode is closed, but one of its assessments has no authorisation date; "
              "record when that assessment was completed.")
def closed_assessments_complete(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in child.episodes:
        if not ep.has("CINclosureDate"):
            continue
        for assessment in ep.assessments:
            if not assessment.has("AssessmentAuthorisationDate"):
                yield at(assessment, "AssessmentAuthorisationDate")


@rule("8868", kind=ERROR, fields=("DateOfInitialCPC", "ICPCnotRequired"),
      message="The episode is closed, but one of its section 47 enquiries was left "
              "unresolved: give its initial conference date, or mark that no conference was "
              "required.")
def closed_section47s_complete(child: Child, ctx: Context) -> Iterator[Hit]:
    for ep in child.episodes:
        if not ep.has("CINclosureDate"):
            continue
        for s47 in ep.section47s:
            if not s47.has("DateOfInitialCPC") and not is_true(s47.get("ICPCnotRequired")):
                yield at(s47, "ICPCnotRequired")
