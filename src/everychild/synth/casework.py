"""Case histories for the synthetic authority: from each referral that went to assessment
or a strategy discussion, an episode for every child it named, along the statutory
pathway (synth.pathway), over the referral window.

How it fits what the people generator made:

- A child the people generator gave an open social care case (an allocated worker in the
  assessment, children in need or child protection team) has that case as an open
  episode with that worker, opened by the referral that led to it and standing where
  the team says: assessing, on a child in need plan, or through the child protection
  pathway (on a plan, or a conference that made none). Together with the plans still
  running from the flow below, about 40 children in 10,000 are on a plan on the data's
  date (England: about 42).
- Every other episode runs to its natural end. One on the child protection route
  (a section 47 enquiry, a conference, a plan) may still be open on the data's date: the
  flow of plans is left to chance entirely, so their starts, lengths and repeats come
  out as calibrated. Any other that would still be open is drawn again (a few times), so
  that the children in need caseload is the people generator's; the newest stay open,
  assessing, as new work does.
- A referral about a child whose episode is open joins it; one after closure starts the
  next episode (re-referrals, and repeat plans).
- Some children who come onto a plan had one before the window: that earlier episode is
  made too (without a referral, which is before the window), so about a fifth of new
  plans are second or later ones (NI 65).

Each episode brings the involvements that go with it (the allocated workers in turn, the
police officer from the strategy discussion), so access follows the casework.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from everychild.core.calendar import LONDON
from everychild.people.models import InvolvementRole
from everychild.referrals.models import CHILD_ROLES, DecisionStatus, MatchStatus, Outcome, Status

from .authority import Authority
from .case_context import DAY, Staffing, wd
from .case_family import Family
from .case_plan import EpisodeSpec
from .chronology import ChronologyMaker
from .identifiers import LaChildIds
from .pathway import Group, Pathway
from .plan import InvolvementSpec, Plan
from .referrals import YEARS

OPEN_TEAMS = ("assessment", "children_in_need", "child_protection")
ON_PLAN = 0.3   # children in the child protection team's open cases who are on a plan
PRIOR_PLAN = 0.35 # children coming onto a plan who had one before the window
RETRIES = 4
FAR = dt.date(9999, 1, 1)


@dataclass(frozen=True)
class Anchor:
    team: str
    worker: int
    since: dt.date


class CaseMaker:
    def __init__(self, rng: random.Random, *, authority: Authority, as_of: dt.date,
                 switch: dt.date, la_ids: LaChildIds, visit_interval: int,
                 core_group_interval: int, chronology: random.Random) -> None:
        self.rng = rng
        self.a = authority
        self.as_of = as_of
        self.window = as_of - dt.timedelta(days=round(YEARS * 365.25))
        self.la_ids = la_ids
        self.staff = Staffing(authority)
        self.pathway = Pathway(self.staff, switch=switch, visit_interval=visit_interval,
                               core_group_interval=core_group_interval)
        self.team_of = {pk: team for team in OPEN_TEAMS for pk in authority.pools[team]}
        self.chronology = ChronologyMaker(chronology, self.staff, as_of=as_of)

    # ------------------------------------------------------------ one household
    def plan(self, plan: Plan) -> None:
        fam = Family(plan, self.a)
        anchors = self._anchors(plan)
        open_until: dict[int, dt.date] = {}
        on_plan_before: set[int] = set()
        episodes: list[EpisodeSpec] = []
        anchor_group = self._anchor_group(plan, anchors)
        anchor_day = anchor_group.start if anchor_group is not None else FAR
        for g, kids in self._groups(plan):
            if anchor_group is not None and g.referral is anchor_group.referral:
                continue
            kids = [k for k in kids if open_until.get(k, g.start - DAY) < g.start]
            anchored_kids = [k for k in kids if k in anchors]
            if anchored_kids and g.start >= anchor_day:
                continue  # joins the open case
            if anchored_kids:
                g.horizon = anchor_day - DAY
            g.prior_plan = any(k in on_plan_before for k in kids)
            episodes += self._run(g, kids, fam, open_until, on_plan_before)
        if anchor_group is not None:
            episodes += self._anchored(anchor_group, anchors, fam, open_until, on_plan_before)
        episodes += self._priors(episodes, fam)
        episodes.sort(key=lambda e: (e.referral_date, e.child))
        for ep in episodes:
            self._involve(plan, ep)
        plan.episodes = episodes
        self.chronology.plan(plan, fam, episodes)

    def _run(self, g: Group, kids: list[int], fam: Family, open_until: dict[int, dt.date],
             on_plan: set[int]) -> list[EpisodeSpec]:
        """Episodes for the children of one group, drawn again while the lead child's
        would stay open past the horizon (keeping the last draw if it is the data's
        date, dropping the group if it must close before a later case)."""
        if not kids:
            return []
        lead = kids[0]
        seeds = [self.rng.getrandbits(64) for _ in kids]
        for attempt in range(RETRIES):
            first = self.pathway.run(g, lead, fam, random.Random(seeds[0]))
            if first.closed_on is not None or g.anchored or (
                    g.horizon >= self.as_of and any(s.section47 for s in first.strategies)):
                break
            if attempt == RETRIES - 1:
                if g.horizon < self.as_of:
                    return []
                break
            g.token = self.rng.getrandbits(64)
        out = [first] + [self.pathway.run(g, k, fam, random.Random(s))
                         for k, s in zip(kids[1:], seeds[1:], strict=True)]
        if g.horizon < self.as_of and not g.anchored:
            # Each must have closed before the case that follows (a sibling who turned
            # 18 on the way may have taken another turn).
            out = [ep for ep in out if ep.closed_on is not None]
        for ep in out:
            if ep.referral is not None and ep.child not in _named(ep.referral):
                ep.referral = None  # a brother or sister the referral did not name
            open_until[ep.child] = ep.closed_on or FAR
            if any(p.kind == "cp" for p in ep.plans):
                on_plan.add(ep.child)
        return out

    # ------------------------------------------------------------ where the episodes start
    def _groups(self, plan: Plan) -> list[tuple[Group, list[int]]]:
        out = []
        for spec in plan.referrals:
            decision = next((d for d in reversed(spec.decisions)
                             if d.status == DecisionStatus.SIGNED_OFF), None)
            if spec.status != Status.COMPLETE or decision is None or decision.outcome not in (
                    Outcome.ASSESSMENT, Outcome.STRATEGY_DISCUSSION):
                continue
            day = spec.received_at.astimezone(LONDON).date()
            kids = []
            for m in spec.people:
                if m.role not in CHILD_ROLES or m.person is None \
                        or m.match_status != MatchStatus.LINKED:
                    continue
                p = plan.people[m.person]
                if p.dob is None or p.dob > day or (day - p.dob).days > 17.5 * 365.25 \
                        or m.person in kids:
                    continue
                kids.append(m.person)
            route = "strategy" if decision.outcome == Outcome.STRATEGY_DISCUSSION \
                else "assessment"
            begin = wd(decision.reviewed_at.astimezone(LONDON).date(), 0) \
                if decision.reviewed_at else wd(day, 1)
            out.append((self._group(spec, day, begin, route, spec.category), kids))
        return out

    def _group(self, referral: object, day: dt.date, begin: dt.date, route: str,
               concern: str, *, team: str = "", worker: int = 0, force: str = "",
               horizon: dt.date | None = None) -> Group:
        team = team or ("child_protection" if route == "strategy" else "assessment")
        pool = self.a.pools[team]
        return Group(self.rng.getrandbits(64), referral, day, max(begin, day), route, concern,
                     team, worker or pool[self.rng.randrange(len(pool))],
                     horizon or self.as_of, force=force)

    # ------------------------------------------------------------ the open case
    def _anchors(self, plan: Plan) -> dict[int, Anchor]:
        out = {}
        for inv in plan.involvements:
            if inv.agency == self.a.csc and inv.ended is None and inv.staff in self.team_of \
                    and inv.role == InvolvementRole.ALLOCATED_SOCIAL_WORKER:
                out[inv.person] = Anchor(self.team_of[inv.staff], inv.staff, inv.started)
        return out

    def _anchor_group(self, plan: Plan, anchors: dict[int, Anchor]) -> Group | None:
        if not anchors:
            return None
        first = min(anchors.values(), key=lambda x: x.since)
        spec = next((s for s in plan.referrals if s.event in ("anchor_csc", "anchor_cp")
                     and s.status == Status.COMPLETE), None)
        if spec is not None:
            day = spec.received_at.astimezone(LONDON).date()
            decision = spec.decisions[-1]
            begin = wd(decision.reviewed_at.astimezone(LONDON).date(), 0) \
                if decision.reviewed_at else wd(day, 1)
            route = "strategy" if decision.outcome == Outcome.STRATEGY_DISCUSSION \
                else "assessment"
            concern = spec.category
        else:
            day = first.since - dt.timedelta(days=self.rng.randint(4, 20))
            begin, route, concern, spec = wd(day, 1), "assessment", "neglect", None
        force = {"assessment": "assessment", "children_in_need": "cin"}.get(first.team, "")
        if first.team == "child_protection":
            force = "cp" if self.rng.random() < ON_PLAN else "cp_no_plan"
        g = self._group(spec, day, begin, route, concern, team=first.team, worker=first.worker,
                        force=force)
        g.anchored = True
        return g

    def _anchored(self, g: Group, anchors: dict[int, Anchor], fam: Family,
                  open_until: dict[int, dt.date], on_plan: set[int]) -> list[EpisodeSpec]:
        born = [k for k in sorted(anchors) if (fam.dob(k) or FAR) <= g.start]
        unborn = [k for k in sorted(anchors) if k not in born]
        out = self._run(g, born, fam, open_until, on_plan)
        for k in unborn:  # assessed before birth (or since birth), with the same worker
            dob = fam.dob(k)
            if dob is None:
                later = self._group(g.referral, g.start, g.begin, "assessment", g.concern,
                                    team=g.team, worker=g.worker, force="assessment")
            else:  # born since: the case opened at birth
                later = self._group(None, dob, wd(dob, 1), "assessment", g.concern,
                                    team=g.team, worker=g.worker, force="assessment")
            later.anchored = True
            out += self._run(later, [k], fam, open_until, on_plan)
        return out

    # ------------------------------------------------------------ plans before the window
    def _priors(self, episodes: list[EpisodeSpec], fam: Family) -> list[EpisodeSpec]:
        firsts: dict[int, EpisodeSpec] = {}
        for ep in episodes:
            if any(p.kind == "cp" for p in ep.plans):
                firsts.setdefault(ep.child, ep)
        out: list[EpisodeSpec] = []
        first_day: dict[int, dt.date] = {}
        for ep in episodes:
            first_day[ep.child] = min(first_day.get(ep.child, FAR), ep.referral_date)
        chosen = [ep for ep in firsts.values() if self.rng.random() < PRIOR_PLAN]
        for ep in chosen:
            child = ep.child
            start = self.window - dt.timedelta(days=self.rng.randint(60, 1400))
            dob = fam.dob(child)
            if dob is None or dob + dt.timedelta(days=60) > start:
                continue
            horizon = min(self.window, first_day.get(child, FAR)) - dt.timedelta(days=180)
            g = self._group(None, start, wd(start, 0), "strategy", ep.referral.category
                            if ep.referral is not None else "neglect", force="cp_closed",
                            horizon=horizon)
            out += self._run(g, [child], fam, {}, set())
        return out

    # ------------------------------------------------------------ who is involved
    def _involve(self, plan: Plan, ep: EpisodeSpec) -> None:
        a, child = self.a, ep.child
        if not plan.people[child].la_id:
            plan.people[child].la_id = self.la_ids.next()
        if not ep.anchored:
            spans = ep.allocations
            for i, (worker, _, start) in enumerate(spans):
                end = spans[i + 1][2] if i + 1 < len(spans) else ep.closed_on
                plan.involvements.append(InvolvementSpec(
                    child, a.csc, worker, InvolvementRole.ALLOCATED_SOCIAL_WORKER, start, end))
        if ep.police is not None:
            officer, since = ep.police
            known = any(inv.person == child and inv.agency == a.police and inv.started <= since
                        and (inv.ended is None or inv.ended > since) for inv in plan.involvements)
            if not known:
                plan.involvements.append(InvolvementSpec(
                    child, a.police, officer, InvolvementRole.PRACTITIONER, since,
                    ep.closed_on))


def _named(referral: Any) -> set[int]:
    return {m.person for m in referral.people if m.role in CHILD_ROLES
            and m.match_status == MatchStatus.LINKED}
