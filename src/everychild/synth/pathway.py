"""One child's episode, from the referral to closure, step by step along the statutory
pathway: assessments, strategy discussion, section 47 enquiry, conference, plans.

Siblings named on one referral go through it together: every date and decision is drawn
from a generator seeded by the group's token (`r`), so each child's episode has the same
dates and outcomes, while the words and what happened to the child themselves (seen,
seen alone) come from the child's own generator (`c`).

Nothing happens after the horizon (the data's date, or the day before an episode that
must follow): reaching it raises `Stop`, and the episode stays open as it then stood.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from typing import Any

from everychild.casework.models import (
    AssessmentKind,
    AssessmentOutcome,
    AssessmentStatus,
    ChangeKind,
    Rules,
    Section47Outcome,
)
from everychild.core.calendar import working_days_between

from . import case_text as T
from .case_context import DAY, NO_CLOSURES, Staffing, Stop, due, on_or_before, wd
from .case_family import Family
from .case_plan import (
    AssessmentSpec,
    AttendeeSpec,
    ChangeSpec,
    EpisodeSpec,
    Section47Spec,
    StrategySpec,
)
from .cin_plan import cin_plan
from .cp_plan import initial_conference, run_plan

Out = AssessmentOutcome
# Chance an assessment is completed within its timescale, a little under the targets
# (DOMAIN.md §5: 68% initial, 78% core; single about 83% as England reports now), since
# recent episodes drawn again to close by the data's date favour quick ones.
IN_TIME: dict[str, float] = {AssessmentKind.INITIAL: 0.67, AssessmentKind.CORE: 0.75,
                             AssessmentKind.SINGLE: 0.83}
RULE_OF: dict[str, str] = {AssessmentKind.INITIAL: "initial_assessment",
                           AssessmentKind.CORE: "core_assessment",
                           AssessmentKind.SINGLE: "single_assessment"}
OUTCOMES: dict[str, tuple[tuple[str, int], ...]] = {
    AssessmentKind.INITIAL: ((Out.NFA, 36), (Out.EARLY_HELP, 12), (Out.CORE_ASSESSMENT, 27),
                             (Out.STRATEGY_DISCUSSION, 22), (Out.CIN_PLAN, 3)),
    AssessmentKind.CORE: ((Out.NFA, 20), (Out.EARLY_HELP, 8), (Out.CIN_PLAN, 57),
                          (Out.STRATEGY_DISCUSSION, 15)),
    AssessmentKind.SINGLE: ((Out.NFA, 36), (Out.EARLY_HELP, 14), (Out.CIN_PLAN, 25),
                            (Out.STRATEGY_DISCUSSION, 25)),
}
SECTION47 = 0.88           # strategy discussions that start an enquiry
CONFERENCE_AFTER_S47 = 0.38  # England: ~70,000 conferences from ~200,000 enquiries
SUBSTANTIATED = 0.35       # of enquiries not going to conference
CHILD_SEEN_IN_ASSESSMENT = 0.96
CP_FORCES = ("cp", "cp_no_plan", "cp_closed")


@dataclass
class Group:
    """Children named on one referral whose episodes run together."""

    token: int
    referral: Any  # ReferralSpec, or None before the window
    start: dt.date  # the referral date
    begin: dt.date  # the first working day of the work
    route: str  # "assessment" or "strategy"
    concern: str
    team: str
    worker: int
    horizon: dt.date
    # "" for an episode left to chance; else the state it must reach: "assessment"
    # (still assessing), "cin" (on a CIN plan), "cp" (on a CP plan), "cp_no_plan"
    # (conference made no plan: CIN plan), "cp_closed" (a CP plan that ended).
    force: str = ""
    prior_plan: bool = False
    anchored: bool = False  # the open case the people generator allocated


class Pathway:
    def __init__(self, staff: Staffing, *, switch: dt.date, visit_interval: int,
                 core_group_interval: int) -> None:
        self.staff = staff
        self.switch = switch
        self.visit_interval = visit_interval
        self.core_group_interval = core_group_interval

    def rules_on(self, day: dt.date) -> str:
        return Rules.WT2013 if day >= self.switch else Rules.WT2006

    # ------------------------------------------------------------ the episode
    def run(self, g: Group, child: int, fam: Family, c: random.Random) -> EpisodeSpec:
        self.g, self.fam, self.child, self.c = g, fam, child, c
        self.r = random.Random(g.token)
        self.h = min(g.horizon, fam.adult_on(child) - DAY)
        self.names = {"child": fam.given(child), "carer": fam.carer_name}
        self.team, self.worker = g.team, g.worker
        self.chair = self.staff.chairs[0]
        self.ep = ep = EpisodeSpec(
            child=child, referral=g.referral, referral_date=g.start,
            rules=self.rules_on(g.start), team=self.staff.teams[g.team], worker=g.worker,
            primary_need=T.NEED_BY_CONCERN.get(g.concern, "N1"),
            ref=uuid.UUID(int=c.getrandbits(128), version=4), anchored=g.anchored)
        ep.allocations.append((g.worker, g.team, g.start))
        try:
            self._begin()
        except Stop:
            if self.h < g.horizon:  # turned 18 with the case open
                self._adult(on_or_before(self.h))
        return ep

    def text(self, options: tuple[str, ...] | str) -> str:
        chosen = options if isinstance(options, str) else self.c.choice(options)
        return chosen.format(**self.names)

    def at(self, day: dt.date) -> dt.date:
        if day > self.h:
            raise Stop
        return day

    def change(self, kind: str, day: dt.date, summary: str = "") -> None:
        agencies = sorted({self.staff.a.csc, *(p.agency for p in self.fam.on(self.child, day))})
        self.ep.changes.append(ChangeSpec(kind, summary or self.text(T.CHANGES[kind]), day,
                                          agencies, self.worker))

    def life_events(self, start: dt.date, limit: dt.date) -> None:
        """Now and then, while a plan runs, the household changes: a new partner, a move,
        a new baby; each is a change every involved agency hears of."""
        r = self.r
        roll, when = r.random(), r.random()
        if roll >= 0.25 or limit <= start:
            return
        kind = (ChangeKind.NEW_ADULT if roll < 0.1 else ChangeKind.MOVE if roll < 0.18
                else ChangeKind.NEW_BABY)
        self.change(kind, max(start, on_or_before(start + (limit - start) * when)))

    def transfer(self, team: str, day: dt.date) -> None:
        """The case moves to another team's worker (not the case the people generator
        allocated, which keeps its worker throughout)."""
        if self.team == team or self.ep.anchored:
            return
        pool = self.staff.a.pools[team]
        self.team, self.worker = team, pool[self.r.randrange(len(pool))]
        self.ep.team, self.ep.worker = self.staff.teams[team], self.worker
        self.ep.allocations.append((self.worker, team, day))
        self.change(ChangeKind.WORKER, day)

    def _begin(self) -> None:
        g, ep = self.g, self.ep
        first = AssessmentKind.INITIAL if ep.rules == Rules.WT2006 else AssessmentKind.SINGLE
        if g.route == "strategy" or g.force in CP_FORCES:
            a = self.assessment(first, g.begin)
            vehicle = None
            if ep.rules == Rules.WT2006:
                self.finish(a, g.begin, Out.STRATEGY_DISCUSSION, stop=False)
            else:
                vehicle = a
            self.strategy(wd(g.begin, self.r.choice((0, 0, 1, 1, 2))), vehicle)
            return
        a = self.assessment(first, g.begin)
        outcome = self.choose(first)
        self.finish(a, g.begin, outcome)
        assert a.completed_on is not None
        if outcome == Out.CORE_ASSESSMENT:
            core = self.assessment(AssessmentKind.CORE, a.completed_on)
            outcome = self.choose(AssessmentKind.CORE)
            self.finish(core, core.started_on, outcome)
            a = core
        self.after(outcome, a)

    # ------------------------------------------------------------ assessments
    def choose(self, kind: str) -> str:
        force = self.g.force
        if force in CP_FORCES:
            return Out.STRATEGY_DISCUSSION
        if force == "cin":
            return Out.CORE_ASSESSMENT if kind == AssessmentKind.INITIAL else Out.CIN_PLAN
        table = OUTCOMES[kind]
        weights = [w * (2 if o == Out.STRATEGY_DISCUSSION and self.g.prior_plan else 1)
                   for o, w in table]
        return self.r.choices([o for o, _ in table], weights=weights)[0]

    def assessment(self, kind: str, start: dt.date) -> AssessmentSpec:
        a = AssessmentSpec(kind, self.at(wd(start, 0)), self.worker)
        self.ep.assessments.append(a)
        return a

    def complete(self, rule: str, counted_from: dt.date, earliest: dt.date, p: float,
                 amount: int | None = None) -> dt.date:
        """When something due under `rule` is done: in time with chance `p`, as the app
        counts it; otherwise a few working days late, now and then many."""
        r = self.r
        deadline = due(self.ep.rules, rule, counted_from, amount)
        if earliest <= deadline and r.random() < p:
            span = working_days_between(earliest, deadline, closures=NO_CLOSURES)
            back = min(span, int(r.triangular(0, span + 1, 0)))
            return wd(deadline, -back) if back else deadline
        return wd(max(deadline, earliest), 1 + int(r.expovariate(1 / 6)))

    def finish(self, a: AssessmentSpec, earliest: dt.date, outcome: str, *,
               stop: bool = True) -> None:
        """Complete and authorise an assessment (or leave it running at the horizon)."""
        r, c, ep = self.r, self.c, self.ep
        counted = a.started_on if a.kind == AssessmentKind.CORE else ep.referral_date
        if self.g.force == "assessment":
            done = self.h + DAY
        else:
            done = self.complete(RULE_OF[a.kind], counted, max(earliest, a.started_on),
                                 IN_TIME[a.kind])
        seen = wd(a.started_on, r.randint(0, 4))
        if c.random() < CHILD_SEEN_IN_ASSESSMENT and self.fam.dob(self.child) is not None:
            a.child_seen_on = min(seen, done)
            if a.child_seen_on > self.h:
                a.child_seen_on = None
        if done > self.h:
            if stop:
                raise Stop
            return
        a.completed_on, a.outcome = done, outcome
        if a.child_seen_on is None:
            a.child_not_seen_reason = self.text(T.CHILD_NOT_SEEN)
        a.factors = self.factors()
        a.analysis = self.text(T.ANALYSIS)
        if a.child_seen_on is not None and self.fam.age(self.child, done) >= 3:
            a.child_views = self.text(T.CHILD_VIEWS)
        if done > due(ep.rules, RULE_OF[a.kind], counted):
            a.late_reason = self.text(T.LATE_REASONS)
        authorised = wd(done, r.choice((0, 0, 1, 1, 2, 3)))
        if authorised > self.h:
            a.status, a.version = AssessmentStatus.AWAITING_AUTHORISATION, 3
            if stop:
                raise Stop
            return
        a.status, a.version = AssessmentStatus.AUTHORISED, 4
        a.authorised_by = self.staff.manager(c, self.team)
        a.authorised_on = authorised

    def factors(self) -> list[str]:
        table = T.FACTORS.get(self.g.concern, T.FACTORS_DEFAULT)
        codes = [code for code, _ in table]
        weights = [w for _, w in table]
        picked = {self.c.choices(codes, weights=weights)[0]
                  for _ in range(1 + int(self.c.random() < 0.5) + int(self.c.random() < 0.2))}
        return sorted(picked, key=lambda code: (len(code), code))

    def after(self, outcome: str, a: AssessmentSpec) -> None:
        """Act on an assessment's outcome."""
        day = a.authorised_on or a.completed_on
        assert day is not None
        if outcome == Out.STRATEGY_DISCUSSION:
            self.strategy(wd(a.completed_on or day, self.r.choice((0, 1, 1, 2))), None)
        elif outcome == Out.CIN_PLAN:
            self.close_after(cin_plan(self, day))
        elif outcome == Out.EARLY_HELP:
            self.close(day, "RC9")
        else:
            self.close(day, "RC8")

    # ------------------------------------------------------------ strategy and s47
    def strategy(self, day: dt.date, vehicle: AssessmentSpec | None) -> None:
        r, g, fam, staff = self.r, self.g, self.fam, self.staff
        self.at(day)
        self.transfer("child_protection", day)
        officer = staff.a.pools["police"][r.randrange(len(staff.a.pools["police"]))]
        attendees = [AttendeeSpec(staff.a.csc, self.worker, staff.name(self.worker),
                                  "Social worker"),
                     AttendeeSpec(staff.a.police, officer, staff.name(officer),
                                  "Detective constable")]
        visitor = fam.partner(self.child, day, "health_visitor")
        if visitor is not None and visitor.staff is not None and fam.age(self.child, day) < 5:
            attendees.append(AttendeeSpec(visitor.agency, visitor.staff,
                                          staff.name(visitor.staff), "Health visitor"))
        else:
            nurse = staff.one_of(self.c, staff.a.acute, "nurse")
            if nurse is not None:
                attendees.append(AttendeeSpec(nurse.agency, nurse.pk, nurse.name,
                                              nurse.job_title))
        school = fam.partner(self.child, day, "school")
        if school is not None and self.c.random() < 0.6:
            dsl = staff.one_of(self.c, school.agency)
            if dsl is not None:
                attendees.append(AttendeeSpec(school.agency, dsl.pk, dsl.name,
                                              dsl.job_title))
        s47 = g.force in CP_FORCES or r.random() < SECTION47
        spec = StrategySpec(day, self.text(T.STRATEGY_INFO), s47,
                            self.text(T.STRATEGY_YES if s47 else T.STRATEGY_NO), self.worker,
                            attendees)
        self.ep.strategies.append(spec)
        if self.ep.police is None:
            self.ep.police = (officer, day)
        if not s47:
            if vehicle is not None:
                outcome = Out.CIN_PLAN if r.random() < 0.45 else Out.NFA
                self.finish(vehicle, day, outcome)
                self.after(outcome, vehicle)
            else:
                self.close_or_cin(day, cin=r.random() < 0.4, reason="RC8")
            return
        self.enquiry(spec, vehicle)

    def enquiry(self, strategy: StrategySpec, vehicle: AssessmentSpec | None) -> None:
        r, g, ep = self.r, self.g, self.ep
        day = strategy.held_on
        s47 = Section47Spec(strategy, day)
        ep.enquiries.append(s47)
        if ep.rules == Rules.WT2006:
            vehicle = self.assessment(AssessmentKind.CORE, day)
        done = wd(day, r.randint(3, 10))
        self.at(done)
        if g.force in CP_FORCES or r.random() < CONFERENCE_AFTER_S47:
            outcome = Section47Outcome.SUBSTANTIATED_CONFERENCE
        elif r.random() < SUBSTANTIATED:
            outcome = Section47Outcome.SUBSTANTIATED_NOT_AT_RISK
        else:
            outcome = Section47Outcome.NOT_SUBSTANTIATED
        s47.completed_on, s47.outcome, s47.version = done, outcome, 3
        s47.findings = self.text(T.S47_FINDINGS[outcome])
        if outcome != Section47Outcome.SUBSTANTIATED_CONFERENCE:
            cin = outcome == Section47Outcome.SUBSTANTIATED_NOT_AT_RISK and r.random() < 0.7
            result = Out.CIN_PLAN if cin else Out.NFA
            if vehicle is not None:
                self.finish(vehicle, done, result)
                self.after(result, vehicle)
            else:
                self.close_or_cin(done, cin=cin, reason="RC8")
            return
        if vehicle is not None:
            self.finish(vehicle, done, Out.CONTINUE, stop=False)
        icpc = initial_conference(self, s47)
        if icpc.decision != "plan":
            self.close_or_cin(icpc.held_on or done, cin=g.force == "cp_no_plan"
                              or r.random() < 0.7, reason="RC7")
            return
        ended = run_plan(self, icpc)
        self.close_or_cin(ended, cin=r.random() < 0.6, reason="RC7")

    # ------------------------------------------------------------ closure
    def close_or_cin(self, day: dt.date, *, cin: bool, reason: str) -> None:
        if cin:
            self.close_after(cin_plan(self, day))
        else:
            self.close(wd(day, 0), reason)

    def close_after(self, day: dt.date) -> None:
        """Close once a plan has ended: services ceased, now and then for another reason."""
        r = self.r
        age = self.fam.age(self.child, day)
        roll = r.random()
        if age >= 17.3:
            reason = "RC6"
        elif roll < 0.06:
            reason = "RC5"
        elif roll < 0.085:
            reason = "RC4"
        elif roll < 0.10:
            reason = "RC3"
        elif roll < 0.106 and age < 5:
            reason = "RC1"
        elif roll < 0.108:
            reason = "RC2"
        else:
            reason = "RC7"
        self.close(day, reason)

    def close(self, day: dt.date, reason: str) -> None:
        ep = self.ep
        if reason in ("RC8", "RC9") and (ep.enquiries or ep.conferences or ep.plans):
            # RC8 and RC9 mean closed straight after assessment; once there has been a
            # section 47 enquiry, a conference or a plan, services ceased (DfE rule 2990).
            reason = "RC7"
        ep.closed_on = self.at(wd(day, 0))
        ep.closure_reason = reason
        ep.closure_note = self.text(T.CLOSURE_NOTES[reason])
        ep.version += 1
        for a in ep.assessments:  # an assessment left running ends with the case
            # Nothing of an assessment happens after the case closes: one finishing later
            # is finished, and one awaiting authorisation authorised, by then.
            if a.completed_on is not None and a.completed_on > ep.closed_on:
                a.completed_on = ep.closed_on
                if a.child_seen_on is not None and a.child_seen_on > ep.closed_on:
                    a.child_seen_on = ep.closed_on
            if a.authorised_on is not None and a.authorised_on > ep.closed_on:
                a.authorised_on = ep.closed_on
            elif a.completed_on is not None and a.authorised_on is None:
                a.status, a.version = AssessmentStatus.AUTHORISED, 4
                a.authorised_on = ep.closed_on
                a.authorised_by = self.staff.manager(self.c, self.team)
            if a.completed_on is None:
                a.completed_on, a.outcome = ep.closed_on, Out.NFA
                a.factors = a.factors or self.factors()
                if a.child_seen_on is None:
                    a.child_not_seen_reason = self.text(T.CHILD_NOT_SEEN)
                a.status, a.authorised_by = AssessmentStatus.AUTHORISED, self.staff.manager(
                    self.c, self.team)
                a.authorised_on = ep.closed_on
        self.change(ChangeKind.CLOSED, ep.closed_on)

    def _adult(self, day: dt.date) -> None:
        """The child turned 18 with the case open: it passes to adult services."""
        ep = self.ep
        for plan in ep.plans:
            if plan.ended_on is None:
                plan.ended_on, plan.end_reason = day, "Turned 18: transferred to adult services."
        ep.conferences = [c for c in ep.conferences if c.held_on is not None]
        self.h = day
        self.close(day, "RC6")
