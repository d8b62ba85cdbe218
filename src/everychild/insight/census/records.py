"""What the census says about each child, read from our records in bulk.

`children_in_scope` finds the children in need of one collection year: every child with
an episode open at any point in the year, and every child named in a referral received in
the year that ended in no further action (or early help) without opening an episode (one
received while the child's case was open is part of that case, not a referral of its own).
`read_children` then reads a batch of them with six queries whatever its size (people,
episodes, assessments, section 47 enquiries, conferences, plans) and returns each child's
census facts as they stood on the reference date: anything recorded for a later day (a
closure, an authorisation, a review) is left out, as it had not happened yet.

Which parts of an episode count: those that ran at some point in the year (an assessment
until it is authorised, a plan until it ends, an enquiry until it concludes). A child
protection plan's number of previous plans counts the child's earlier plans with us in
any episode; the schema takes only positive numbers, so the count includes the plan
itself (a first plan is 1).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from everychild.casework.models import (
    Assessment,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    Episode,
    Plan,
    PlanKind,
    Section47,
    Section47Outcome,
)
from everychild.casework.timescales import rules_for
from everychild.casework.timescales.engine import deadline
from everychild.core.calendar import LONDON
from everychild.core.closures import closure_days
from everychild.people.models import Person, PersonKind
from everychild.referrals.models import (
    CHILD_ROLES,
    DecisionStatus,
    Outcome,
    ReferralPerson,
    Status,
)

from .specs import CensusYear

# Decisions that end a referral without an episode: no further action by social care.
NFA_OUTCOMES = (Outcome.NFA, Outcome.EARLY_HELP)
ICPC_RULE = "strategy_to_icpc"


@dataclass(slots=True)
class AssessmentFacts:
    started_on: dt.date
    completed_on: dt.date | None
    authorised_on: dt.date | None
    factors: list[str]


@dataclass(slots=True)
class Section47Facts:
    started_on: dt.date
    icpc_target: dt.date | None
    icpc_on: dt.date | None
    icpc_not_required: bool


@dataclass(slots=True)
class CinPlanFacts:
    started_on: dt.date
    ended_on: dt.date | None


@dataclass(slots=True)
class CpPlanFacts:
    started_on: dt.date
    ended_on: dt.date | None
    initial_category: str
    latest_category: str
    number: int
    reviews: list[dt.date]


@dataclass(slots=True)
class EpisodeFacts:
    referral_date: dt.date
    source: str
    primary_need: str = ""
    closed_on: dt.date | None = None
    closure_reason: str = ""
    icpc_on: dt.date | None = None
    nfa: bool = False
    assessments: list[AssessmentFacts] = field(default_factory=list)
    cin_plans: list[CinPlanFacts] = field(default_factory=list)
    section47s: list[Section47Facts] = field(default_factory=list)
    cp_plans: list[CpPlanFacts] = field(default_factory=list)


@dataclass(slots=True)
class ChildFacts:
    ref: Any  # the record's UUID: never written out, only hashed for a missing LA child ID
    la_child_id: str
    upn: str
    former_upn: str
    born_on: dt.date | None
    expected_on: dt.date | None
    sex: str
    died_on: dt.date | None
    ethnicity: str
    disabilities: list[str]
    sealed: bool
    episodes: list[EpisodeFacts] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class NfaReferral:
    """A child named in a referral that ended without an episode. The census gives such a
    referral its date, source and the NFA flag only: it opened no case, so there is no
    closure to report (the DfE's rules allow several of them without a closure date)."""

    received_on: dt.date
    source: str


@dataclass(frozen=True, slots=True)
class Scope:
    child_ids: list[int]
    nfa: dict[int, list[NfaReferral]]


def _upto(day: dt.date | None, end: dt.date) -> dt.date | None:
    return day if day is not None and day <= end else None


def _ran_in(start: dt.date, finished: dt.date | None, spec: CensusYear) -> bool:
    """Started by the reference date and not finished before the year began."""
    return start <= spec.reference_date and (finished is None or finished >= spec.period_start)


def _london_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=LONDON)


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _open_in(spec: CensusYear) -> Q:
    return Q(referral_date__lte=spec.reference_date) & (
        Q(closed_on__isnull=True) | Q(closed_on__gte=spec.period_start))


def children_in_scope(spec: CensusYear) -> Scope:
    """Every child the year's census returns, in a stable order (by record)."""
    ids = set(Episode.objects.filter(_open_in(spec), child__merged_into__isnull=True)
              .order_by().values_list("child_id", flat=True).distinct())
    nfa = _nfa_referrals(spec)
    return Scope(sorted(ids | nfa.keys()), nfa)


def _nfa_referrals(spec: CensusYear) -> dict[int, list[NfaReferral]]:
    rows = (ReferralPerson.objects
            .filter(role__in=CHILD_ROLES, person__isnull=False, person__kind=PersonKind.CHILD,
                    person__merged_into__isnull=True, referral__status=Status.COMPLETE,
                    referral__received_at__gte=_london_midnight(spec.period_start),
                    referral__received_at__lt=_london_midnight(
                        spec.reference_date + dt.timedelta(days=1)),
                    referral__decisions__status=DecisionStatus.SIGNED_OFF,
                    referral__decisions__outcome__in=NFA_OUTCOMES)
            .order_by("person_id", "referral__received_at", "referral_id")
            .values_list("person_id", "referral_id", "person__date_of_birth",
                         "referral__received_at", "referral__source"))
    out: dict[int, list[NfaReferral]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for person, referral, born, received, source in rows:
        if (person, referral) in seen or received is None:
            continue  # named twice on one referral (and every one here was received)
        seen.add((person, referral))
        day = received.astimezone(LONDON).date()
        if born is not None and day >= _years_later(born, 18):
            continue  # an adult by then: not a child in need
        out[person].append(NfaReferral(day, source))
    return out


def read_children(ids: list[int], spec: CensusYear, scope: Scope) -> list[ChildFacts]:
    """The census facts of the children `ids` (a batch), in the order given."""
    children = _people(ids)
    episodes = _episodes(ids, spec, children)
    for person_id, child in children.items():
        spans = [(e.referral_date, e.closed_on) for e in child.episodes]
        for r in scope.nfa.get(person_id, ()):
            # A referral while the child's case is open is part of that case, not a
            # referral of its own (the DfE's rule 8820: episodes may not overlap).
            if not any(start <= r.received_on and (end is None or r.received_on < end)
                       for start, end in spans):
                child.episodes.append(EpisodeFacts(r.received_on, r.source, nfa=True))
    if episodes:
        _fill(episodes, spec)
    out = [children[i] for i in ids if i in children and children[i].episodes]
    for child in out:
        child.episodes.sort(key=lambda e: (e.referral_date, e.nfa))
    return out


def _people(ids: list[int]) -> dict[int, ChildFacts]:
    rows = Person.objects.filter(pk__in=ids).values_list(
        "pk", "ref", "la_child_id", "upn", "former_upn", "date_of_birth",
        "expected_date_of_birth", "sex", "date_of_death", "ethnicity", "disabilities", "sealed")
    return {pk: ChildFacts(ref, la_id, upn, former, born, expected, sex, died, ethnicity,
                           list(disabilities or []), sealed)
            for pk, ref, la_id, upn, former, born, expected, sex, died, ethnicity,
            disabilities, sealed in rows}


@dataclass(slots=True)
class _Episode:
    facts: EpisodeFacts
    rules: str


def _episodes(ids: list[int], spec: CensusYear,
              children: dict[int, ChildFacts]) -> dict[int, _Episode]:
    end = spec.reference_date
    rows = (Episode.objects.filter(_open_in(spec), child_id__in=ids).order_by()
            .values_list("pk", "child_id", "referral_date", "referral__source", "rules",
                         "primary_need", "closed_on", "closure_reason"))
    out: dict[int, _Episode] = {}
    for pk, child_id, referral_date, source, rules, need, closed_on, reason in rows:
        closed = _upto(closed_on, end)
        facts = EpisodeFacts(referral_date=referral_date, source=source or "",
                             primary_need=need, closed_on=closed,
                             closure_reason=reason if closed else "")
        children[child_id].episodes.append(facts)
        out[pk] = _Episode(facts, rules)
    return out


def _fill(episodes: dict[int, _Episode], spec: CensusYear) -> None:
    ids = list(episodes)
    conferences = _conferences(ids, spec)
    _assessments(ids, episodes, spec)
    _section47s(ids, episodes, spec, conferences)
    _plans(episodes, spec, conferences)
    # The episode's own conference date is for an initial conference in the year that no
    # enquiry in the return already records (DfE rule 2884: one place only), such as one
    # after an enquiry that ended before the year began.
    start = spec.period_start
    for pk, episode in episodes.items():
        recorded = {s.icpc_on for s in episode.facts.section47s}
        held = [c.held_on for c in conferences.get(pk, ()) if c.kind == ConferenceKind.INITIAL
                and c.held_on >= start and c.held_on not in recorded]
        episode.facts.icpc_on = max(held) if held else None


def _assessments(ids: list[int], episodes: dict[int, _Episode], spec: CensusYear) -> None:
    end = spec.reference_date
    rows = (Assessment.objects.filter(episode_id__in=ids, started_on__lte=end)
            .order_by("started_on", "pk")
            .values_list("episode_id", "started_on", "completed_on", "authorised_on", "factors"))
    for episode_id, started, completed, authorised, factors in rows:
        if not _ran_in(started, authorised or completed, spec):
            continue
        authorised = _upto(authorised, end)
        episodes[episode_id].facts.assessments.append(AssessmentFacts(
            started, _upto(completed, end), authorised,
            list(factors or []) if authorised else []))


@dataclass(frozen=True, slots=True)
class _Conference:
    kind: str
    section47_id: int | None
    plan_id: int | None
    held_on: dt.date
    decision: str
    category: str


def _conferences(ids: list[int], spec: CensusYear) -> dict[int, list[_Conference]]:
    rows = (Conference.objects
            .filter(episode_id__in=ids, held_on__isnull=False, held_on__lte=spec.reference_date)
            .exclude(status__in=(ConferenceStatus.SCHEDULED, ConferenceStatus.CANCELLED))
            .order_by("held_on", "pk")
            .values_list("episode_id", "kind", "section47_id", "plan_id", "held_on", "decision",
                         "category"))
    out: dict[int, list[_Conference]] = defaultdict(list)
    for episode_id, kind, section47_id, plan_id, held_on, decision, category in rows:
        if held_on is not None:  # filtered above; said again for the type checker
            out[episode_id].append(_Conference(kind, section47_id, plan_id, held_on, decision,
                                               category))
    return out


def _section47s(ids: list[int], episodes: dict[int, _Episode], spec: CensusYear,
                conferences: dict[int, list[_Conference]]) -> None:
    end = spec.reference_date
    closures = closure_days()
    rows = (Section47.objects.filter(episode_id__in=ids, started_on__lte=end)
            .order_by("started_on", "pk")
            .values_list("pk", "episode_id", "started_on", "completed_on", "outcome",
                         "strategy__held_on"))
    for pk, episode_id, started, completed, outcome, strategy_on in rows:
        icpc = next((c.held_on for c in conferences.get(episode_id, ())
                     if c.kind == ConferenceKind.INITIAL and c.section47_id == pk), None)
        finished = max((d for d in (completed, icpc) if d is not None), default=None)
        if not _ran_in(started, finished, spec):
            continue
        episode = episodes[episode_id]
        concluded = _upto(completed, end) is not None
        not_required = concluded and outcome != Section47Outcome.SUBSTANTIATED_CONFERENCE \
            and icpc is None
        target = None
        if not not_required:
            rule = rules_for(episode.rules)[ICPC_RULE]
            target = deadline(rule, strategy_on, rule.amount, closures=closures)
        episode.facts.section47s.append(Section47Facts(started, target, icpc, not_required))


def _plans(episodes: dict[int, _Episode], spec: CensusYear,
           conferences: dict[int, list[_Conference]]) -> None:
    """Child in need plans and child protection plans; a child protection plan's number
    counts every plan the child had before it, in episodes outside the year too."""
    end = spec.reference_date
    rows = (Plan.objects
            .filter(episode__child_id__in=Episode.objects.filter(pk__in=list(episodes))
                    .values("child_id"), started_on__lte=end)
            .order_by("started_on", "pk")
            .values_list("pk", "episode_id", "episode__child_id", "kind", "started_on",
                         "ended_on", "category", "conference__category"))
    numbers: dict[int, int] = defaultdict(int)
    reviews = _reviews(conferences)
    for pk, episode_id, child_id, kind, started, ended, category, initial in rows:
        if kind == PlanKind.CHILD_PROTECTION:
            numbers[child_id] += 1
        episode = episodes.get(episode_id)
        if episode is None or not _ran_in(started, ended, spec):
            continue
        ended = _upto(ended, end)
        if kind == PlanKind.CHILD_IN_NEED:
            episode.facts.cin_plans.append(CinPlanFacts(started, ended))
            continue
        held = reviews.get(pk, [])
        first = initial or category
        latest = next((c.category for c in reversed(held) if c.category), first)
        episode.facts.cp_plans.append(CpPlanFacts(
            started, ended, first, latest, numbers[child_id], [c.held_on for c in held]))


def _reviews(conferences: dict[int, list[_Conference]]) -> dict[int, list[_Conference]]:
    out: dict[int, list[_Conference]] = defaultdict(list)
    for held in conferences.values():
        for c in held:
            if c.kind == ConferenceKind.REVIEW and c.plan_id is not None:
                out[c.plan_id].append(c)
    return out


def batches(ids: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i:i + size]
