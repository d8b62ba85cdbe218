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
      message="The child has no CIN episode (CINdetails).")
def has_an_episode(child: Child, ctx: Context) -> Iterator[Hit]:
    if not child.episodes:
        yield at(child.identifiers, "LAchildID")


@rule("8815", kind=ERROR, fields=("CINclosureDate", "ReferralNFA"),
      message="The child has more than one open episode (no closure date) that is not a "
              "referral with no further action.")
def one_open_episode(child: Child, ctx: Context) -> Iterator[Hit]:
    open_ones = [ep for ep in child.episodes if _open(ep) and is_false(ep.get("ReferralNFA"))]
    for ep in open_ones[1:]:
        yield at(ep, "CINclosureDate", f"Another is open from line {open_ones[0].line}.")


@rule("8816", kind=ERROR, fields=("CINreferralDate",),
      message="An open episode that is not a referral with no further action is not the "
              "child's latest referral.")
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
      message="The episode's referral date falls within another of the child's episodes.")
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
      message="Please check: the child is referred after their recorded date of death.")
def referral_before_death(child: Child, ctx: Context) -> Iterator[Hit]:
    died = date_of(child.identifiers, "PersonDeathDate")
    if died is None:
        return
    for ep in child.episodes:
        referred = date_of(ep, "CINreferralDate")
        if referred is not None and referred > died:
            yield at(ep, "CINreferralDate")


@rule("8585Q", kind=QUERY, fields=("ReasonForClosure", "PersonDeathDate"),
      message="Please check: an episode closed because the child died (RC2), but the child "
              "has no date of death.")
def died_has_death_date(child: Child, ctx: Context) -> Iterator[Hit]:
    if date_of(child.identifiers, "PersonDeathDate") is not None:
        return
    for ep in child.episodes:
        if ep.get("ReasonForClosure") == "RC2":
            yield at(ep, "ReasonForClosure")


@rule("8606", kind=ERROR, fields=("CINreferralDate",),
      message="The referral date is more than 40 weeks before the child's date of birth or "
              "expected date of birth.")
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
      message="A CIN plan starts after the child's date of death.")
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
      message="The reason for no UPN is UN7 (referral with no further action), but one of the "
              "child's referrals went on to further action.")
def un7_only_for_nfa(child: Child, ctx: Context) -> Iterator[Hit]:
    if child.identifiers.get("UPNunknown") == "UN7" and any(
            is_false(ep.get("ReferralNFA")) for ep in child.episodes):
        yield at(child.identifiers, "UPNunknown")


def _school_age(child: Child, ctx: Context) -> bool:
    born = date_of(child.identifiers, "PersonBirthDate")
    return born is not None and born <= add_years(ctx.reference_date, -5)


@rule("8770Q", kind=QUERY, fields=("UPN", "UPNunknown"), years=(2024,),
      message="Please check: a child over five with a referral that went on to further "
              "action has neither a UPN nor a reason for not having one.")
def school_age_upn_2024(child: Child, ctx: Context) -> Iterator[Hit]:
    ids = child.identifiers
    if (_school_age(child, ctx) and any(is_false(ep.get("ReferralNFA")) for ep in child.episodes)
            and not ids.has("UPN") and not ids.has("UPNunknown")):
        yield at(ids, "UPN")


@rule("8770Q", kind=QUERY, fields=("UPN", "UPNunknown"), years=FROM_2025,
      message="Please check: a child of school age with a referral that went on to further "
              "action has no UPN, and no reason for that other than UN1 (not of school age).")
def school_age_upn(child: Child, ctx: Context) -> Iterator[Hit]:
    ids = child.identifiers
    reason = (ids.get("UPNunknown") or "").upper()
    if (_school_age(child, ctx) and any(is_false(ep.get("ReferralNFA")) for ep in child.episodes)
            and not ids.has("UPN") and reason in ("", "UN1")):
        yield at(ids, "UPNunknown" if reason else "UPN")


@rule("8775Q", kind=QUERY, fields=("PersonBirthDate",),
      message="Please check: the child was over 25 while their episode was open.")
def not_over_25(child: Child, ctx: Context) -> Iterator[Hit]:
    born = date_of(child.identifiers, "PersonBirthDate")
    if born is None or not child.episodes:
        return
    closures = [date_of(ep, "CINclosureDate") for ep in child.episodes]
    last_day = ctx.reference_date if any(c is None for c in closures) else max(
        c for c in closures if c is not None)
    if add_years(born, 25) < last_day:
        yield at(child.identifiers, "PersonBirthDate")

