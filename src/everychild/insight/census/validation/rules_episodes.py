"""Rules that look across a child's episodes, or between episodes and the child's dates of
birth and death (DfE modules ChildIdentifiers and CINdetails)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from everychild.insight.census.reader import Child, Episode
from everychild.insight.census.validation.dates import add_years, date_of, is_false
from everychild.insight.census.validation.registry import (
    ERROR,
    QUERY,
    Context,
    Hit,
    at,
    rule,
)

FROM_2025 = (2025, 2026, 2027)


def _open(ep: Episode) -> bool:
    return not ep.has("CINclosureDate")


@rule("8590", kind=ERROR, fields=("LAchildID",),
      message="This child's record holds no CIN episode (CINdetails); add the episode the child "
              "was reported for, or remove the child from the return.")
def has_an_episode(child: Child, ctx: Context) -> Iterator[Hit]:
    if not child.episodes:
        yield at(child.identifiers, "LAchildID")


@rule("8815", kind=ERROR, fields=("CINclosureDate", "ReferralNFA"),
      message="This child has more than one episode left open that is not a no-further-action"
              " referral; only the current episode may stay open, so close the earlier ones.")
def one_open_episode(child: Child, ctx: Context) -> Iterator[Hit]:
    open_ones = [ep for ep in child.episodes if _open(ep) and is_false(ep.get("ReferralNFA"))]
    for ep in open_ones[1:]:
        yield at(ep, "CINclosureDate", f"Another is open from line {open_ones[0].line}.")


@rule("8816", kind=ERROR, fields=("CINreferralDate",),
      message="An episode still open for further action is not the child's most recent referral; "
              "close the earlier episode, or check its referral date.")
def open_episode_is_latest(child: Child, ctx: Context) -> Iterator[Hit]:
    dates = [d for ep in child.episodes if (d := date_of(ep, "CINreferralDate"))]
    if len(dates) < 2:
        return
    latest = max(dates)
    for ep in child.episodes:
        referred = date_of(ep, "CINreferralDate")
        if (referred is not None and referred < latest and _open(ep)
                and is_false(ep.get("ReferralNFA"))):
            yield at(ep, "CINreferralDate", f"The latest referral is {latest.isoformat()}.")


@rule("8820", kind=ERROR, fields=("CINreferralDate", "CINclosureDate"),
      message="This episode's referral date falls inside the span of another of the child's "
              "episodes; check the referral and closure dates of both.")
def episodes_do_not_overlap(child: Child, ctx: Context) -> Iterator[Hit]:
    if len(child.episodes) < 2:
        return
    spans: list[tuple[Episode, dt.date, dt.date | None]] = []
    for ep in child.episodes:
        referred = date_of(ep, "CINreferralDate")
        if referred is None:
            continue
        closed = date_of(ep, "CINclosureDate")
        if closed is None and is_false(ep.get("ReferralNFA")):
            closed = ctx.reference_date  # open and ongoing: runs to the census day
        spans.append((ep, referred, closed))
    for ep, referred, _closed in spans:
        for other, start, end in spans:
            # One episode may end on the day the next begins.
            if other is not ep and end is not None and start <= referred < end:
                yield at(ep, "CINreferralDate",
                         f"It is inside the episode from {start.isoformat()} "
                         f"to {end.isoformat()}.")
                break


@rule("8555Q", kind=QUERY, fields=("CINreferralDate", "PersonDeathDate"),
      message="Please check: this referral is dated after the child died; check the referral "
              "date and the date of death.")
def referral_before_death(child: Child, ctx: Context) -> Iterator[Hit]:
    died = date_of(child.identifiers, "PersonDeathDate")
    if died is None:
        return
    for ep in child.episodes:
        referred = date_of(ep, "CINreferralDate")
        if referred is not None and referred > died:
            yield at(ep, "CINreferralDate")


@rule("8585Q", kind=QUERY, fields=("ReasonForClosure", "PersonDeathDate"),
      message="Please check: an episode closed with reason RC2 (the child died), but no date of "
              "death is recorded; add the date, or correct the closure reason.")
def died_has_death_date(child: Child, ctx: Context) -> Iterator[Hit]:
    if date_of(child.identifiers, "PersonDeathDate") is not None:
        return
    for ep in child.episodes:
        if ep.get("ReasonForClosure") == "RC2":
            yield at(ep, "ReasonForClosure")


@rule("8606", kind=ERROR, fields=("CINreferralDate",),
      message="This referral is dated over 40 weeks before the child was born (or is expected to "
              "be); check the referral date and the birth date.")
def referral_not_too_early(child: Child, ctx: Context) -> Iterator[Hit]:
    ids = child.identifiers
    birth = date_of(ids, "PersonBirthDate") or date_of(ids, "ExpectedPersonBirthDate")
    if birth is None:
        return
    earliest = birth - dt.timedelta(days=280)
    for ep in child.episodes:
        referred = date_of(ep, "CINreferralDate")
        if referred is not None and referred < earliest:
            yield at(ep, "CINreferralDate")


@rule("4008", kind=ERROR, fields=("CINPlanStartDate", "PersonDeathDate"),
      message="This CIN plan is dated to begin after the child died; check the plan's start date "
              "and the date of death.")
def no_plan_after_death(child: Child, ctx: Context) -> Iterator[Hit]:
    died = date_of(child.identifiers, "PersonDeathDate")
    if died is None:
        return
    for ep in child.episodes:
        for plan in ep.cin_plans:
            started = date_of(plan, "CINPlanStartDate")
            if started is not None and started > died:
                yield at(plan, "CINPlanStartDate")


@rule("8772", kind=ERROR, fields=("UPNunknown",),
      message="UN7 is given as the reason this child has no UPN, which only fits when every "
              "referral needed no further action, but one of this child's referrals went "
              "further; choose the reason that applies.")
def un7_only_for_nfa(child: Child, ctx: Context) -> Iterator[Hit]:
    if child.identifiers.get("UPNunknown") == "UN7" and any(
            is_false(ep.get("ReferralNFA")) for ep in child.episodes):
        yield at(child.identifiers, "UPNunknown")


def _school_age(child: Child, ctx: Context) -> bool:
    born = date_of(child.identifiers, "PersonBirthDate")
    return born is not None and born <= add_years(ctx.reference_date, -5)


@rule("8770Q", kind=QUERY, fields=("UPN", "UPNunknown"), years=(2024,),
      message="Please check: this child is over five, was referred for further action, and has "
              "no UPN and no reason for lacking one; add the UPN or the reason.")
def school_age_upn_2024(child: Child, ctx: Context) -> Iterator[Hit]:
    ids = child.identifiers
    if (_school_age(child, ctx) and any(is_false(ep.get("ReferralNFA")) for ep in child.episodes)
            and not ids.has("UPN") and not ids.has("UPNunknown")):
        yield at(ids, "UPN")


@rule("8770Q", kind=QUERY, fields=("UPN", "UPNunknown"), years=FROM_2025,
      message="Please check: this child is of school age and was referred for further action, "
              "but has no UPN and no reason for lacking one other than UN1 (not of school age); "
              "add the UPN or a reason that fits.")
def school_age_upn(child: Child, ctx: Context) -> Iterator[Hit]:
    ids = child.identifiers
    reason = (ids.get("UPNunknown") or "").upper()
    if (_school_age(child, ctx) and any(is_false(ep.get("ReferralNFA")) for ep in child.episodes)
            and not ids.has("UPN") and reason in ("", "UN1")):
        yield at(ids, "UPNunknown" if reason else "UPN")


@rule("8775Q", kind=QUERY, fields=("PersonBirthDate",),
      message="Please check: this child's episode stayed open after they turned 25; check the "
              "date of birth and the episode's dates.")
def not_over_25(child: Child, ctx: Context) -> Iterator[Hit]:
    born = date_of(child.identifiers, "PersonBirthDate")
    if born is None or not child.episodes:
        return
    closures = [date_of(ep, "CINclosureDate") for ep in child.episodes]
    last_day = ctx.reference_date if any(c is None for c in closures) else max(
        c for c in closures if c is not None)
    if add_years(born, 25) < last_day:
        yield at(child.identifiers, "PersonBirthDate")

