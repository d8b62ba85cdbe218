"""Reads for the front door, with access applied and views of a referral audited.

The front door reads across agencies (that is its purpose: the school's concern beside the
police's and the GP's), but sealed people stay hidden from anyone without the sealed
permission. A referrer sees the referrals they made and what was decided, not the file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike, check_action, may_see_sealed
from everychild.core import clock
from everychild.core.errors import NotFound
from everychild.people.models import (
    RELATIONSHIP_INVERSE,
    HouseholdMembership,
    Involvement,
    Person,
    Relationship,
)

from .entries import full_date
from .history import open_work
from .identity import Match, Matches, matches_for
from .models import (
    CHILD_ROLES,
    Decision,
    DecisionStatus,
    MatchStatus,
    Referral,
    ReferralPerson,
    Status,
)
from .timescales import (
    decision_due,
    is_rereferral,
    response_due,
    standing,
    under_one,
    written_confirmation_due,
)

OPEN_STATUSES = (Status.RECEIVED, Status.AWAITING_SIGN_OFF)
RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "": 3}


def _parse(ref: object) -> UUID:
    try:
        return ref if isinstance(ref, UUID) else UUID(str(ref))
    except ValueError:
        raise NotFound("No referral was found") from None


def _received(ref: object) -> Referral:
    referral = (Referral.objects.exclude(status=Status.DRAFT)
                .select_related("made_by", "referrer_agency").filter(ref=_parse(ref)).first())
    if referral is None:
        raise NotFound("No referral was found")
    return referral


def referral_get(*, actor: StaffLike, ref: object, action: str = "referral.triage") -> Referral:
    """A received referral for a front-door action (services re-check and lock it)."""
    check_action(actor, action)
    return _received(ref)


def draft_get(*, actor: StaffLike, ref: object) -> Referral:
    """The actor's own draft; anyone else's is not found."""
    check_action(actor, "referral.create")
    draft = Referral.objects.filter(ref=_parse(ref), status=Status.DRAFT,
                                    made_by_id=actor.pk).first()
    if draft is None:
        raise NotFound("No draft referral was found")
    return draft


def drafts_for(*, actor: StaffLike) -> list[Referral]:
    check_action(actor, "referral.create")
    return list(Referral.objects.filter(status=Status.DRAFT, made_by_id=actor.pk)
                .order_by("-updated_at")[:20])


# ---------------------------------------------------------------- the queue
@dataclass
class QueueItem:
    referral: Referral
    children: list[str]
    response_due: dt.datetime
    decision_due: dt.datetime
    standing: str  # of the decision deadline: on_track / due_soon / overdue
    response_standing: str
    flags: list[str]


def _flags(referral: Referral, people: list[ReferralPerson], now: dt.datetime) -> list[str]:
    flags = []
    received = referral.received_at or now
    if any(under_one(full_date(p.date_of_birth) or (p.person.date_of_birth if p.person else None),
                     received.date(), unborn=p.expected_date_of_birth is not None)
           for p in people if p.role in CHILD_ROLES):
        flags.append("Child under one")
    if referral.significant_harm:
        flags.append("Risk of significant harm")
    if any(p.match_status == MatchStatus.SPECIALIST for p in people):
        flags.append("Needs specialist review")
    if (referral.needs_written_confirmation and referral.written_confirmation_at is None
            and now > written_confirmation_due(received)):
        flags.append("Written confirmation overdue")
    return flags


def _queue_items(rows: QuerySet[Referral], now: dt.datetime) -> list[QueueItem]:
    items = []
    rows = rows.prefetch_related(
        Prefetch("people", ReferralPerson.objects.select_related("person")))
    for r in rows:
        assert r.received_at is not None
        people = list(r.people.all())
        due = decision_due(r.received_at)
        first = response_due(r.received_at, r.rag)
        done = r.status == Status.COMPLETE
        items.append(QueueItem(
            referral=r, children=[p.full_name for p in people if p.role in CHILD_ROLES],
            response_due=first, decision_due=due, standing=standing(due, now, done=done),
            response_standing=standing(first, now, done=done or r.status != Status.RECEIVED),
            flags=_flags(r, people, now)))
    return items


def referral_queue(*, actor: StaffLike, show: str = "open") -> list[QueueItem]:
    """The front-door queue: red first, then by how soon the response is due."""
    check_action(actor, "referral.triage")
    now = clock.now()
    rows = Referral.objects.exclude(status=Status.DRAFT)
    if show == "awaiting_sign_off":
        rows = rows.filter(status=Status.AWAITING_SIGN_OFF)
    elif show == "complete":
        rows = rows.filter(status=Status.COMPLETE).order_by("-received_at")[:200]
        return _queue_items(rows, now)
    else:
        rows = rows.filter(status__in=OPEN_STATUSES)
    items = _queue_items(rows.order_by("received_at")[:1000], now)
    items.sort(key=lambda i: (RAG_ORDER.get(i.referral.rag, 3), i.response_due))
    return items


def overdue_decisions(*, actor: StaffLike) -> list[QueueItem]:
    """For managers: referrals whose decision and sign-off are past the 1 working day."""
    check_action(actor, "referral.sign_off")
    now = clock.now()
    rows = Referral.objects.filter(status__in=OPEN_STATUSES).order_by("received_at")
    return [i for i in _queue_items(rows, now) if i.standing == "overdue"]


# ---------------------------------------------------------------- one referral, triaged
@dataclass
class EarlierReferral:
    reference: str
    received_at: dt.datetime | None
    source: str
    outcome: str
    within_12_months: bool


@dataclass
class Household:
    person: Person
    how: str
    agencies: list[str]
    open_work: list[str] = field(default_factory=list)


@dataclass
class ChildHistory:
    entry: ReferralPerson
    person: Person
    earlier: list[EarlierReferral]
    family: list[Household]
    agencies: list[str]
    rereferral: bool
    under_one: bool
    open_work: list[str] = field(default_factory=list)  # open cases and plans


@dataclass
class PersonOnReferral:
    entry: ReferralPerson
    matches: Matches | None  # None once linked
    linked_by_specialist_unseen: bool = False
    homes: dict[int, str] = field(default_factory=dict)  # candidate -> where they live now


@dataclass
class TriageView:
    referral: Referral
    people: list[PersonOnReferral]
    histories: list[ChildHistory]
    incidents: list
    rag_history: list
    requests: list
    decisions: list[Decision]
    live_decision: Decision | None
    response_due: dt.datetime
    decision_due: dt.datetime
    standing: str
    flags: list[str] = field(default_factory=list)


def _agencies_by_person(person_ids: set[int]) -> dict[int, list[str]]:
    out: dict[int, set[str]] = {}
    for pid, name in (Involvement.objects.filter(person_id__in=person_ids, ended__isnull=True)
                      .values_list("person_id", "agency__name")):
        out.setdefault(pid, set()).add(name)
    return {k: sorted(v) for k, v in out.items()}


def _family_of(person: Person, sees_sealed: bool) -> list[tuple[Person, str]]:
    """Siblings, parents and everyone living with the child, from every agency's records."""
    found: dict[int, tuple[Person, str]] = {}
    homes = HouseholdMembership.objects.filter(person=person, ended__isnull=True).values_list(
        "household_id", flat=True)
    for m in (HouseholdMembership.objects.filter(household_id__in=list(homes), ended__isnull=True)
              .exclude(person=person).select_related("person")):
        found[m.person_id] = (m.person, f"lives with them ({m.get_role_display().lower()})")
    rels = (Relationship.objects.filter(Q(person=person) | Q(related=person), ended__isnull=True)
            .select_related("person", "related"))
    for rel in rels:
        if rel.person_id == person.pk:
            other, how = rel.related, RELATIONSHIP_INVERSE.get(rel.kind, rel.kind)
        else:
            other, how = rel.person, rel.get_kind_display()
        if other.pk not in found:
            found[other.pk] = (other, how)
    return [(p, how) for p, how in found.values()
            if (sees_sealed or not p.sealed) and p.merged_into_id is None]


def _homes(person_ids: set[int], sees_sealed: bool) -> dict[int, str]:
    """Where each candidate lives now (town and postcode), to tell candidates apart. A
    household a sealed person lives in is left out for those who may not see it: it
    would give away an adopted child's address."""
    if not person_ids:
        return {}
    rows = (HouseholdMembership.objects.filter(person_id__in=person_ids, ended__isnull=True)
            .select_related("household"))
    if not sees_sealed:
        sealed_homes = HouseholdMembership.objects.filter(ended__isnull=True,
                                                          person__sealed=True)
        rows = rows.exclude(household_id__in=sealed_homes.values("household_id"))
    out: dict[int, list[str]] = {}
    for m in rows:
        h = m.household
        out.setdefault(m.person_id, []).append(", ".join(p for p in (h.town, h.postcode) if p))
    return {pid: "; ".join(places) for pid, places in out.items()}


def _earlier(person_ids: set[int], referral: Referral) -> dict[int, list[EarlierReferral]]:
    out: dict[int, list[EarlierReferral]] = {}
    rows = (ReferralPerson.objects.filter(person_id__in=person_ids)
            .exclude(referral=referral).exclude(referral__status=Status.DRAFT)
            .select_related("referral").prefetch_related("referral__decisions")
            .order_by("-referral__received_at"))
    assert referral.received_at is not None
    for rp in rows:
        r = rp.referral
        signed = [d for d in r.decisions.all() if d.status == DecisionStatus.SIGNED_OFF]
        if rp.person_id is None:
            continue
        out.setdefault(rp.person_id, []).append(EarlierReferral(
            reference=r.reference, received_at=r.received_at, source=r.get_source_display(),
            outcome=signed[-1].get_outcome_display() if signed else r.get_status_display(),
            within_12_months=bool(r.received_at and is_rereferral(referral.received_at,
                                                                  [r.received_at]))))
    return out


def referral_for_triage(*, actor: StaffLike, ref: object, with_matches: bool = True) -> TriageView:
    """The referral with everything the front door needs to decide: who the people are,
    and each child's history across agencies. Audited as a read of each child's record."""
    check_action(actor, "referral.triage")
    referral = _received(ref)
    now = clock.now()
    sees_sealed = may_see_sealed(actor)
    entries = list(referral.people.select_related("person", "referral"))
    people: list[PersonOnReferral] = []
    for e in entries:
        hidden = e.person is not None and e.person.sealed and not sees_sealed
        matches = None
        if e.person_id is None and with_matches and referral.status in OPEN_STATUSES:
            matches = matches_for(e, actor=actor)
        homes = _homes({m.person.pk for m in matches.shown}, sees_sealed) if matches else {}
        people.append(PersonOnReferral(entry=e, matches=matches,
                                       linked_by_specialist_unseen=hidden, homes=homes))
    linked: dict[int, ReferralPerson] = {
        e.person.pk: e for e in entries
        if e.person is not None and (sees_sealed or not e.person.sealed)}
    earlier = _earlier(set(linked), referral)
    families = {pid: _family_of(e.person, sees_sealed) for pid, e in linked.items() if e.person}
    everyone = set(linked) | {p.pk for fam in families.values() for p, _ in fam}
    agencies = _agencies_by_person(everyone)
    work = open_work(everyone)
    assert referral.received_at is not None
    histories = []
    for pid, e in linked.items():
        if e.role not in CHILD_ROLES or e.person is None:
            continue
        mine = earlier.get(pid, [])
        histories.append(ChildHistory(
            entry=e, person=e.person, earlier=mine,
            family=[Household(p, how, agencies.get(p.pk, []), work.get(p.pk, []))
                    for p, how in families.get(pid, [])],
            agencies=agencies.get(pid, []), open_work=work.get(pid, []),
            rereferral=any(x.within_12_months for x in mine),
            under_one=under_one(e.person.date_of_birth, referral.received_at.date(),
                                unborn=e.person.is_unborn)))
    decisions = list(referral.decisions.select_related("decided_by", "reviewed_by"))
    live = next((d for d in decisions if d.status == DecisionStatus.AWAITING_SIGN_OFF), None)
    due = decision_due(referral.received_at)
    audit_record(actor=actor, action="referral.view", target_type="referral",
                 target_id=referral.ref,
                 detail={"people": sorted(str(e.person.ref) for e in linked.values() if e.person)})
    return TriageView(
        referral=referral, people=people, histories=histories,
        incidents=list(referral.incidents.all()),
        rag_history=list(referral.rag_history.select_related("changed_by")),
        requests=list(referral.information_requests.select_related("agency", "requested_by")),
        decisions=decisions, live_decision=live,
        response_due=response_due(referral.received_at, referral.rag), decision_due=due,
        standing=standing(due, now, done=referral.status == Status.COMPLETE),
        flags=_flags(referral, entries, now))


# ---------------------------------------------------------------- the referrer's view
@dataclass
class TrackedReferral:
    referral: Referral
    children: list[str]
    status: str
    outcome: str
    decided_at: dt.datetime | None


def _tracked(r: Referral) -> TrackedReferral:
    signed = [d for d in r.decisions.all() if d.status == DecisionStatus.SIGNED_OFF]
    status = ("Decision made" if r.status == Status.COMPLETE else
              "Being considered" if r.status in OPEN_STATUSES else r.get_status_display())
    return TrackedReferral(
        referral=r, children=[p.full_name for p in r.people.all() if p.role in CHILD_ROLES],
        status=status, outcome=signed[-1].get_outcome_display() if signed else "",
        decided_at=signed[-1].reviewed_at if signed else None)


def referrals_made_by(*, actor: StaffLike) -> list[TrackedReferral]:
    """What the referrer sent and what became of it: their own words and the outcome,
    nothing from the case file."""
    check_action(actor, "referral.track")
    rows = (Referral.objects.filter(made_by_id=actor.pk).exclude(status=Status.DRAFT)
            .prefetch_related("people", "decisions").order_by("-received_at")[:500])
    return [_tracked(r) for r in rows]


def referral_for_referrer(*, actor: StaffLike, ref: object) -> TrackedReferral:
    check_action(actor, "referral.track")
    referral = _received(ref)
    if referral.made_by_id != actor.pk:
        raise NotFound("No referral was found")
    return _tracked(referral)


# ---------------------------------------------------------------- sealed matches, for a specialist
@dataclass
class SpecialistReview:
    entry: ReferralPerson
    sealed: list[Match]  # the sealed records this person resembles


def specialist_reviews(*, actor: StaffLike) -> list[ReferralPerson]:
    """People on open referrals who resemble a sealed record: only a specialist may say
    whether they are that person."""
    check_action(actor, "referral.specialist_review")
    return list(ReferralPerson.objects
                .filter(match_status=MatchStatus.SPECIALIST, referral__status__in=OPEN_STATUSES)
                .select_related("referral").order_by("referral__received_at", "position"))


def specialist_review_get(*, actor: StaffLike, ref: object, entry_id: int) -> SpecialistReview:
    """One person on a referral with the sealed records they resemble; audited, as it
    shows sealed records."""
    check_action(actor, "referral.specialist_review")
    referral = _received(ref)
    entry = referral.people.select_related("referral", "person").filter(pk=entry_id).first()
    if entry is None:
        raise NotFound("That person is not on this referral")
    sealed: list[Match] = []
    if entry.match_status == MatchStatus.SPECIALIST:
        sealed = [m for m in matches_for(entry, actor=actor).shown if m.person.sealed]
    audit_record(actor=actor, action="referral.specialist_view", target_type="referral",
                 target_id=referral.ref,
                 detail={"referral_person": entry.pk,
                         "candidates": [str(m.person.ref) for m in sealed]})
    return SpecialistReview(entry=entry, sealed=sealed)
