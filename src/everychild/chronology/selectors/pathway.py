"""The pathway's events as chronology lines, read from the records that hold them.

Nothing is copied into the chronology: each line is built, when the chronology is read,
from the referral, episode, assessment, strategy discussion, enquiry, conference, plan,
core group, visit or change of circumstances it records. A few queries serve any number
of children (a family chronology), whatever the length of their histories.

How much a line says depends on the reader (`Reach`): the pathway in full for roles
allowed `casework.view`; its milestones without reasons or notes for partners allowed
`plan.view`; see docs/decisions/0011-chronology.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.urls import reverse
from django.utils import timezone

from everychild.access import policy
from everychild.access.records import StaffLike
from everychild.agencies.models import Agency, AgencyKind
from everychild.casework.models import (
    Assessment,
    AssessmentStatus,
    ChangeKind,
    CircumstanceChange,
    Conference,
    ConferenceStatus,
    CoreGroupMeeting,
    Episode,
    Plan,
    PlanKind,
    Section47,
    StrategyAttendee,
    StrategyDiscussion,
    Visit,
)
from everychild.referrals.models import Decision, DecisionStatus, ReferralPerson, Status

from .items import PATHWAY, Item, staff_name
from .visibility import Reach

NOTABLE, ROUTINE, SIGNIFICANT = "notable", "routine", "significant"
SOCIAL_CARE = "Children's social care"
# Changes of circumstance that restate an event already on the chronology from its own
# record (the plan, the closure): shown once, from the record.
RESTATED = {ChangeKind.PLAN_STARTED, ChangeKind.PLAN_ENDED, ChangeKind.CLOSED}
CASE_PAGE, PLAN_PAGE = "casework:case", "casework:plan"


class _Lines:
    """Collects the lines for a set of children, each as its reader may see it."""

    def __init__(self, actor: StaffLike, reaches: Mapping[int, Reach]) -> None:
        self.actor = actor
        self.reaches = reaches
        self.items: list[Item] = []
        self.episodes: dict[int, Episode] = {}
        self._default_agency: Agency | bool | None = False

    def social_care(self, episode: Episode) -> tuple[int | None, str]:
        """The agency whose work the episode is: its team's, its worker's, or the
        authority's children's social care."""
        if episode.team is not None:
            return episode.team.agency_id, episode.team.agency.name
        if episode.worker_id is not None and episode.worker is not None:
            return episode.worker.agency_id, episode.worker.agency.name
        if self._default_agency is False:
            self._default_agency = (Agency.objects.filter(kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
                                    .order_by("pk").first())
        agency = self._default_agency
        return (agency.pk, agency.name) if isinstance(agency, Agency) else (None, SOCIAL_CARE)

    def add(self, episode: Episode, key: str, on: dt.date | None, type_: str, significance: str,
            summary: str, detail: str = "", *, by: object | None = None,
            at: dt.datetime | None = None, route: tuple[str, dict[str, int]] | None = None
            ) -> None:
        if on is None:
            return
        agency_id, agency_name = self.social_care(episode)
        reach = self.reaches[episode.child_id]
        # Link only to a page the reader may open: the plan's for the core group, the
        # rest of the case for casework readers.
        if route is not None and not (reach.casework or (route[0] == PLAN_PAGE and reach.plan)):
            route = None
        self.items.append(Item(on=on, key=key, source=PATHWAY, type=type_,
                               significance=significance, summary=summary, detail=detail,
                               agency_id=agency_id, agency_name=agency_name,
                               recorded_by=staff_name(by), recorded_at=at,
                               person_id=episode.child_id, route=route))


def pathway_items(*, actor: StaffLike, reaches: Mapping[int, Reach]) -> list[Item]:
    """Every pathway line for these children (child id → what the actor may read)."""
    lines = _Lines(actor, reaches)
    ids = [pk for pk, r in reaches.items() if r.casework or r.plan]
    _referrals(lines, list(reaches))
    episodes = list(Episode.objects.filter(child_id__in=list(reaches))
                    .select_related("team__agency", "worker__agency"))
    lines.episodes = {e.pk: e for e in episodes}
    _changes(lines)
    _strategy(lines)
    if not ids:
        return lines.items
    shown = [e for e in episodes if e.child_id in ids]
    for e in shown:
        full = reaches[e.child_id].casework
        lines.add(e, f"episode:{e.pk}:opened", e.referral_date, "episode", NOTABLE,
                  "Case opened by children's social care",
                  (f"Primary need: {e.get_primary_need_display()}"
                   if full and e.primary_need else ""), at=e.created_at, route=(CASE_PAGE, {}))
        if e.closed_on:
            reason = e.get_closure_reason_display() if e.closure_reason else ""
            lines.add(e, f"episode:{e.pk}:closed", e.closed_on, "episode", NOTABLE,
                      "Case closed by children's social care" + (f": {reason}" if reason else ""),
                      e.closure_note if full else "", at=e.updated_at, route=(CASE_PAGE, {}))
    episode_ids = [e.pk for e in shown]
    _assessments(lines, episode_ids)
    _section47(lines, episode_ids)
    _conferences(lines, episode_ids)
    plans = _plans(lines, episode_ids)
    _core_groups(lines, plans)
    _visits(lines, episode_ids)
    return lines.items


def _full(lines: _Lines, episode: Episode) -> bool:
    return lines.reaches[episode.child_id].casework


def _assessments(lines: _Lines, episode_ids: list[int]) -> None:
    for a in (Assessment.objects.filter(episode_id__in=episode_ids)
              .select_related("worker", "authorised_by")):
        e = lines.episodes[a.episode_id]
        kind, full = a.get_kind_display(), _full(lines, e)
        route = ("casework:assessment", {"assessment_id": a.pk})
        lines.add(e, f"assessment:{a.pk}:started", a.started_on, "assessment", ROUTINE,
                  f"{kind} started", by=a.worker if full else None, at=a.created_at,
                  route=route)
        if a.completed_on:
            outcome = f": {a.get_outcome_display().lower()}" if full and a.outcome else ""
            detail = ""
            if full:
                seen = (f"Child seen on {a.child_seen_on:%d/%m/%Y}." if a.child_seen_on
                        else "Child not recorded as seen.")
                factors = f" Factors: {', '.join(a.factors)}." if a.factors else ""
                late = f" Late because: {a.late_reason}" if a.late_reason else ""
                detail = seen + factors + late
            lines.add(e, f"assessment:{a.pk}:completed", a.completed_on, "assessment", NOTABLE,
                      f"{kind} completed{outcome}", detail, by=a.worker if full else None,
                      route=route)
        if full and a.status == AssessmentStatus.AUTHORISED and a.authorised_on:
            lines.add(e, f"assessment:{a.pk}:authorised", a.authorised_on, "assessment",
                      ROUTINE, f"{kind} authorised by the manager", by=a.authorised_by,
                      route=route)


def _strategy(lines: _Lines) -> None:
    """Strategy discussions in full for casework readers; to partners only those their
    agency took part in (an enquiry must not be known to those outside it)."""
    episodes = lines.episodes
    if not episodes:
        return
    discussions = list(StrategyDiscussion.objects.filter(episode_id__in=list(episodes))
                       .select_related("recorded_by"))
    agencies: dict[int, dict[int, str]] = defaultdict(dict)
    for discussion_id, agency_id, name in StrategyAttendee.objects.filter(
            discussion__in=discussions).values_list("discussion_id", "agency_id",
                                                    "agency__name"):
        agencies[discussion_id][agency_id] = name
    for s in discussions:
        e = episodes[s.episode_id]
        reach = lines.reaches[e.child_id]
        took_part = lines.actor.agency_id in agencies[s.pk]
        if not (reach.casework or (reach.plan and took_part)):
            continue
        decision = "section 47 enquiry to start" if s.section47 else "no section 47 enquiry"
        summary = f"Strategy discussion held: {decision}"
        detail = ""
        if reach.casework:
            names = ", ".join(sorted(agencies[s.pk].values()))
            detail = "\n".join(p for p in (f"Reasons: {s.reasons}" if s.reasons else "",
                                           f"Agencies taking part: {names}" if names else "")
                               if p)
        else:
            summary += " (your agency took part)"
        lines.add(e, f"strategy:{s.pk}", s.held_on, "strategy", SIGNIFICANT, summary, detail,
                  by=s.recorded_by if reach.casework else None, at=s.recorded_at,
                  route=("casework:strategy", {"strategy_id": s.pk}))


def _section47(lines: _Lines, episode_ids: list[int]) -> None:
    for q in Section47.objects.filter(episode_id__in=episode_ids):
        e = lines.episodes[q.episode_id]
        if not _full(lines, e):
            continue
        lines.add(e, f"section47:{q.pk}:started", q.started_on, "section47", SIGNIFICANT,
                  "Section 47 enquiry started", at=q.created_at,
                  route=("casework:strategy", {"strategy_id": q.strategy_id}))
        if q.completed_on:
            outcome = q.get_outcome_display() if q.outcome else "outcome not recorded"
            lines.add(e, f"section47:{q.pk}:completed", q.completed_on, "section47",
                      SIGNIFICANT, f"Section 47 enquiry completed: {outcome}", q.findings,
                      route=("casework:strategy", {"strategy_id": q.strategy_id}))


def _conferences(lines: _Lines, episode_ids: list[int]) -> None:
    held = (Conference.objects.filter(episode_id__in=episode_ids, held_on__isnull=False)
            .exclude(status=ConferenceStatus.CANCELLED).select_related("chair"))
    for c in held:
        e = lines.episodes[c.episode_id]
        full = _full(lines, e)
        summary = f"{c.get_kind_display()} held"
        if c.decision:
            summary += f": {c.get_decision_display().lower()}"
        if c.category:
            summary += f" (category: {c.get_category_display().lower()})"
        detail = ""
        if full:
            parts = [f"Reconvened early: {c.reconvene_reason}" if c.reconvened else "",
                     c.decision_reasons]
            detail = "\n".join(p for p in parts if p)
        lines.add(e, f"conference:{c.pk}", c.held_on, "conference", SIGNIFICANT, summary,
                  detail, by=c.chair, at=c.decided_at or c.updated_at,
                  route=("casework:conference", {"conference_id": c.pk}))


def _plans(lines: _Lines, episode_ids: list[int]) -> dict[int, Plan]:
    plans = {p.pk: p for p in Plan.objects.filter(episode_id__in=episode_ids)
             .select_related("key_worker")}
    for p in plans.values():
        e = lines.episodes[p.episode_id]
        full = _full(lines, e)
        label = p.get_kind_display()
        category = (f" (category: {p.get_category_display().lower()})"
                    if p.kind == PlanKind.CHILD_PROTECTION and p.category else "")
        key_worker = (f"Key worker: {staff_name(p.key_worker)}" if p.key_worker else "")
        route = (PLAN_PAGE, {"plan_id": p.pk})
        lines.add(e, f"plan:{p.pk}:started", p.started_on, "plan", SIGNIFICANT,
                  f"{label} started{category}", key_worker, at=p.created_at, route=route)
        if p.ended_on:
            lines.add(e, f"plan:{p.pk}:ended", p.ended_on, "plan", SIGNIFICANT,
                      f"{label} ended", p.end_reason if full else "", at=p.updated_at,
                      route=route)
    return plans


def _core_groups(lines: _Lines, plans: Mapping[int, Plan]) -> None:
    for m in (CoreGroupMeeting.objects.filter(plan_id__in=list(plans))
              .select_related("recorded_by")):
        e = lines.episodes[plans[m.plan_id].episode_id]
        summary = "Core group meeting held"
        if not m.plan_working:
            summary += ": the plan is not working"
        lines.add(e, f"core_group:{m.pk}", m.held_on, "core_group",
                  ROUTINE if m.plan_working else NOTABLE, summary,
                  m.notes if _full(lines, e) else "", by=m.recorded_by, at=m.recorded_at,
                  route=(PLAN_PAGE, {"plan_id": m.plan_id}))


def _visits(lines: _Lines, episode_ids: list[int]) -> None:
    for v in Visit.objects.filter(episode_id__in=episode_ids).select_related("recorded_by"):
        e = lines.episodes[v.episode_id]
        if v.child_seen:
            summary = ("Statutory visit: child seen alone" if v.seen_alone
                       else "Statutory visit: child seen, not alone")
        else:
            summary = "Statutory visit: child not seen"
        detail = ""
        if _full(lines, e):
            detail = "\n".join(p for p in (v.not_seen_reason, v.note) if p)
        lines.add(e, f"visit:{v.pk}", v.visited_on, "visit",
                  ROUTINE if v.child_seen else NOTABLE, summary, detail,
                  by=v.recorded_by, at=v.recorded_at,
                  route=(PLAN_PAGE, {"plan_id": v.plan_id}) if v.plan_id else (CASE_PAGE, {}))


def _changes(lines: _Lines) -> None:
    """Changes of circumstance were sent to every involved agency: every reader of the
    chronology reads them."""
    changes = (CircumstanceChange.objects.filter(episode_id__in=list(lines.episodes))
               .exclude(kind__in=RESTATED).select_related("recorded_by"))
    for c in changes:
        e = lines.episodes[c.episode_id]
        lines.add(e, f"circumstance:{c.pk}", c.occurred_on, "circumstance", NOTABLE,
                  c.get_kind_display(), c.summary, by=c.recorded_by, at=c.recorded_at,
                  route=(CASE_PAGE, {}))


def _referrals(lines: _Lines, child_ids: Iterable[int]) -> None:
    """Referrals naming the child, once received. The reader with casework reach sees
    who referred, the concern and the decision; a partner sees their own agency's
    referrals with the signed-off outcome, and only that others were received."""
    mentions = (ReferralPerson.objects.filter(person_id__in=list(child_ids))
                .exclude(referral__status=Status.DRAFT)
                .filter(referral__received_at__isnull=False)
                .select_related("referral__referrer_agency", "referral__made_by"))
    # A referral naming the child twice (as subject and as another child) is one line.
    found: dict[tuple[int, int], ReferralPerson] = {}
    for m in mentions:
        if m.person_id is not None:
            found.setdefault((m.person_id, m.referral_id), m)
    triage = policy.allows(lines.actor.role, "referral.triage")
    decisions = {d.referral_id: d for d in Decision.objects.filter(
        referral_id__in={referral for _, referral in found}).exclude(
        status=DecisionStatus.RETURNED)}
    for (person_id, _), m in found.items():
        r, reach = m.referral, lines.reaches[person_id]
        assert r.received_at is not None
        own = r.referrer_agency_id is not None and r.referrer_agency_id == lines.actor.agency_id
        decision = decisions.get(r.pk)
        if reach.casework:
            summary = f"Referral received from {r.get_source_display().lower() or 'unknown'}"
            outcome = ""
            if decision is not None:
                signed = ("signed off" if decision.status == DecisionStatus.SIGNED_OFF
                          else "awaiting sign-off")
                outcome = f"Decision: {decision.get_outcome_display().lower()} ({signed})"
            detail = "\n".join(p for p in (r.concern, outcome) if p)
            by = staff_name(r.made_by)
        elif reach.plan and own:
            summary = "Referral made by your agency"
            detail = (f"Decision: {decision.get_outcome_display().lower()}"
                      if decision is not None and decision.status == DecisionStatus.SIGNED_OFF
                      else "")
            by = staff_name(r.made_by)
        elif reach.plan:
            summary, detail, by = "Referral received by children's social care", "", ""
        else:
            continue
        # Whether a referral was a child protection concern is the referrer's and social
        # care's to know: to another partner its line is neither labelled nor graded as
        # one (a "significant" grade would say it, and be filterable).
        concern = r.significant_harm and (reach.casework or own)
        if concern:
            summary += ": child protection concern"
        agency_id = r.referrer_agency_id if reach.casework or own else None
        agency_name = (r.referrer_agency.name if r.referrer_agency and (reach.casework or own)
                       else (r.referrer_organisation if reach.casework else "") or "")
        lines.items.append(Item(
            on=timezone.localtime(r.received_at).date(),
            key=f"referral:{r.pk}", source=PATHWAY, type="referral",
            significance=SIGNIFICANT if concern else NOTABLE, summary=summary,
            detail=detail, agency_id=agency_id, agency_name=agency_name, recorded_by=by,
            recorded_at=r.received_at, person_id=person_id,
            link=reverse("referrals:triage", kwargs={"ref": r.ref})
            if triage and reach.casework else ""))
