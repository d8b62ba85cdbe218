"""Which agencies and workers are involved with each child, and the identifiers that follow
from it (a Unique Pupil Number from school, a local authority child ID from social care).

Rates are set so that a few percent of children are known to social care, as in an
English authority; every child has a GP and, at school age, a school.
"""

from __future__ import annotations

import datetime as dt
import random

from everychild.people.models import InvolvementRole, OtherNameKind, PersonKind

from .authority import Authority, School
from .identifiers import LaChildIds, Upns
from .naming import Namer, has_nickname, has_variant
from .plan import InvolvementSpec, OtherNameSpec, Plan

DAY = dt.timedelta(days=1)
Role = InvolvementRole

# Chance that a household has an open social care case, by kind of household.
CSC_OPEN = {"couple": 0.012, "single_mother": 0.036, "single_father": 0.032,
            "step_family": 0.04, "kinship": 0.3}
CSC_TEAMS = ("assessment", "children_in_need", "child_protection")
CSC_TEAM_CUM = (32, 75, 100)
# How long ago an open case started (days), by team.
CSC_SINCE = {"assessment": (5, 60), "children_in_need": (30, 700),
             "child_protection": (20, 600)}


def academic_year(day: dt.date) -> int:
    """The school year a date falls in, named by the year it starts (1 September)."""
    return day.year if day.month >= 9 else day.year - 1


class Involver:
    def __init__(self, rng: random.Random, *, authority: Authority, as_of: dt.date,
                 upns: Upns, la_ids: LaChildIds) -> None:
        self.rng = rng
        self.a = authority
        self.as_of = as_of
        self.upns = upns
        self.la_ids = la_ids
        self.namer = Namer(rng)
        self.cursors = {pool: rng.randrange(len(staff)) for pool, staff in authority.pools.items()}
        self.year = academic_year(as_of)

    def worker(self, pool: str) -> int:
        """The next worker in a pool, in turn, so caseloads stay even."""
        staff = self.a.pools[pool]
        self.cursors[pool] = (self.cursors[pool] + 1) % len(staff)
        return staff[self.cursors[pool]]

    def ago(self, lo: int, hi: int) -> dt.date:
        return self.as_of - dt.timedelta(days=self.rng.randint(lo, hi))

    def apply(self, plan: Plan) -> None:
        rng, a = self.rng, self.a
        gp = rng.choice(a.gps)
        primary = rng.choice(a.primaries)
        secondary = rng.choice(a.secondaries)
        hv = self.worker("health_visiting")
        open_case = ""
        if plan.kind == "foster":
            open_case = "looked_after"
        elif plan.kind == "adoptive":
            open_case = "adoption"
        elif rng.random() < CSC_OPEN.get(plan.kind, 0.02) * (1 + 0.15 * (len(plan.kids) - 1)):
            open_case = ("children_in_need" if plan.kind == "kinship" and rng.random() < 0.7
                         else rng.choices(CSC_TEAMS, cum_weights=CSC_TEAM_CUM)[0])
        if open_case in CSC_SINCE:
            since = self.ago(*CSC_SINCE[open_case])
        else:
            since = plan.placed or self.ago(30, 700)
        social_worker = self.worker(open_case) if open_case else None
        past_case = (not open_case and rng.random() < (0.08 if plan.separated else 0.04))
        past_start = self.ago(365, 8 * 365)
        past_end = min(past_start + dt.timedelta(days=rng.randint(30, 400)), self.as_of - 30 * DAY)
        past_worker = self.worker(rng.choice(("assessment", "children_in_need"))) \
            if past_case else None
        early_help = not open_case and rng.random() < (0.06 if plan.separated else 0.03)
        eh_worker = self.worker("early_help") if early_help else None
        eh_since = self.ago(14, 400)
        eh_ended = (min(eh_since + dt.timedelta(days=rng.randint(60, 300)), self.as_of - DAY)
                    if early_help and rng.random() < 0.3 else None)
        police = ""
        if open_case == "child_protection":
            police = "named"
        elif (open_case == "assessment" and rng.random() < 0.3) or rng.random() < 0.004:
            police = "agency"
        police_worker = self.worker("police") if police == "named" else None
        police_since = since if open_case else self.ago(10, 700)
        cafcass = ((open_case == "child_protection" and rng.random() < 0.25)
                   or (plan.separated and rng.random() < 0.02))
        fca = self.worker("cafcass") if cafcass else None
        housing = bool(open_case) and rng.random() < 0.15
        probation = open_case == "child_protection" and rng.random() < 0.15
        nurse = self.worker("school_nursing")

        for kid in plan.kids:
            p = plan.people[kid]
            add = plan.involvements.append
            if p.dob is None:  # unborn: maternity services, and social care before birth
                assert p.edd is not None
                add(InvolvementSpec(kid, a.acute, None, Role.AGENCY,
                                    min(p.edd - 200 * DAY, self.as_of)))
                if open_case and social_worker:
                    add(InvolvementSpec(kid, a.csc, social_worker, self._csc_role(open_case),
                                        self.ago(5, 100)))
                    p.la_id = self.la_ids.next()
                continue
            dob = p.dob
            add(InvolvementSpec(kid, gp, None, Role.AGENCY, min(dob + 42 * DAY, self.as_of)))
            age = (self.as_of - dob).days / 365.25
            if age < 5:
                add(InvolvementSpec(kid, a.community, hv, Role.PRACTITIONER,
                                    min(dob + 10 * DAY, self.as_of)))
            grade = self.year - academic_year(dob) - 5
            if grade >= 0:
                self.school(plan, kid, dob, grade, primary, secondary)
            if open_case and social_worker:
                add(InvolvementSpec(kid, a.csc, social_worker, self._csc_role(open_case),
                                    max(since, dob)))
            if open_case or (past_case and dob < past_start):
                p.la_id = self.la_ids.next()
            if past_case and past_worker and dob < past_start:
                add(InvolvementSpec(kid, a.csc, past_worker, Role.ALLOCATED_SOCIAL_WORKER,
                                    past_start, past_end))
            if eh_worker and (eh_ended is None or dob < eh_ended):
                add(InvolvementSpec(kid, a.early_help, eh_worker, Role.LEAD_PROFESSIONAL,
                                    max(eh_since, dob), eh_ended))
            if police:
                add(InvolvementSpec(kid, a.police, police_worker,
                                    Role.PRACTITIONER if police_worker else Role.AGENCY,
                                    max(police_since, dob)))
            if fca:
                add(InvolvementSpec(kid, a.cafcass, fca, Role.PRACTITIONER, max(since, dob)))
            if housing:
                add(InvolvementSpec(kid, a.housing, None, Role.AGENCY, max(since, dob)))
            if probation:
                add(InvolvementSpec(kid, a.probation, None, Role.AGENCY, max(since, dob)))
            if 0 <= grade <= 11 and rng.random() < (0.5 if open_case else 0.01):
                add(InvolvementSpec(kid, a.community, nurse, Role.PRACTITIONER,
                                    max(self.ago(10, 500), dob)))
            if 10 <= age < 18 and rng.random() < (0.06 if open_case else 0.005):
                add(InvolvementSpec(kid, a.youth_offending, self.worker("youth_offending"),
                                    Role.KEY_WORKER, max(self.ago(30, 500), dob)))
            if rng.random() < 0.01:
                add(InvolvementSpec(kid, a.acute, None, Role.AGENCY, max(self.ago(1, 365), dob)))

    @staticmethod
    def _csc_role(team: str) -> str:
        # Adopted children keep a key worker for post-adoption support.
        return Role.KEY_WORKER if team == "adoption" else Role.ALLOCATED_SOCIAL_WORKER

    def school(self, plan: Plan, kid: int, dob: dt.date, grade: int, primary: School,
               secondary: School) -> None:
        """Reception to Year 6 at primary, Years 7 to 11 (and a sixth form) at secondary."""
        add = plan.involvements.append
        cohort = academic_year(dob)
        reception = dt.date(cohort + 5, 9, 1)
        plan.people[kid].upn = self.upns.next(primary.establishment, cohort + 5)
        if grade <= 6:
            add(InvolvementSpec(kid, primary.agency_id, None, Role.AGENCY, reception))
            return
        if self.rng.random() < 0.1:
            secondary = self.rng.choice(self.a.secondaries)
        add(InvolvementSpec(kid, primary.agency_id, None, Role.AGENCY, reception,
                            dt.date(cohort + 12, 7, 20)))
        year_7 = dt.date(cohort + 12, 9, 1)
        if grade <= 11 or (secondary.sixth_form and self.rng.random() < 0.55):
            add(InvolvementSpec(kid, secondary.agency_id, None, Role.AGENCY, year_7))
        else:
            add(InvolvementSpec(kid, secondary.agency_id, None, Role.AGENCY, year_7,
                                dt.date(cohort + 17, 7, 20)))

    # ------------------------------------------------------------ other names
    def other_names(self, plan: Plan) -> None:
        """Nicknames, aliases, and spellings an agency uses that differ from the record."""
        rng, namer = self.rng, self.namer
        agencies: dict[int, list[int]] = {}
        for inv in plan.involvements:
            agencies.setdefault(inv.person, []).append(inv.agency)
        adult_agencies = (self.a.police, self.a.acute, self.a.housing, self.a.probation)
        for i, p in enumerate(plan.people):
            if p.given and has_nickname(p.given) and rng.random() < 0.3:
                nick = namer.nickname(p.given)
                if nick:
                    plan.other_names.append(OtherNameSpec(i, OtherNameKind.NICKNAME, nick,
                                                          p.family))
            for part in ("given", "family"):
                name = getattr(p, part)
                if name and has_variant(name) and rng.random() < 0.25:
                    spelling = namer.variant(name) or name
                    known_to = agencies.get(i) or adult_agencies
                    plan.other_names.append(OtherNameSpec(
                        i, OtherNameKind.AGENCY_SPELLING,
                        spelling if part == "given" else p.given,
                        spelling if part == "family" else p.family,
                        agency=rng.choice(known_to)))
            if p.kind == PersonKind.ADULT and rng.random() < 0.006:
                plan.other_names.append(OtherNameSpec(
                    i, OtherNameKind.ALIAS, namer.given(p.bg, p.sex, 1990),
                    namer.family(p.bg), note="Name given to police"))
