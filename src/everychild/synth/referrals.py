"""Referrals to the synthetic authority's front door over the last five years.

Volume: England's children's social care receives about 53 referrals a year for every
1,000 children (children in need census), so a large authority of about 190,000 children
receives about 10,000 a year. The generator makes REFERRALS_PER_1000_CHILDREN_A_YEAR x
YEARS x children / 1000 referrals (within a few percent), spread over households by need:
a family with an open social care case, earlier involvement, separated parents or a
grandparent bringing up the children is referred far more often than most. Every open or
past social care case and early help episode that began in the window starts with the
referral that led to it.

About 22% of referrals are re-referrals (a child referred again within 12 months, as
nationally); some are duplicates (a second agency reporting the same incident within a
day or two). Referrals from the last QUEUE_DAYS days are still with the front door
(received, people not yet matched; a few decided and awaiting sign-off); at least
MIN_QUEUE are, so that even a small demo has work, among them one that is red, one about
a baby, a phone call awaiting written confirmation, names given as aliases, an adult
nobody has recorded, and one about an adopted child, by the name they were born with,
that only a specialist may resolve. Older referrals were matched, decided and signed off,
nearly all within one working day.

Everything is drawn from one random stream, household by household in the order they
are made, so a seed gives the same referrals however the households are batched.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import uuid
from dataclasses import dataclass, field

from everychild.core.calendar import LONDON, add_working_days, is_working_day
from everychild.people.models import InvolvementRole, OtherNameKind, PersonKind
from everychild.referrals.models import (
    Channel,
    DecisionStatus,
    FamilyAware,
    MatchStatus,
    Outcome,
    PersonRole,
    Rag,
    SharingBasis,
    Status,
)

from .authority import Authority
from .places import Address
from .plan import Plan
from .referral_people import (
    PRE_BIRTH_DAYS,
    Describer,
    Household,
    Mention,
    age_on,
    relationship_to,
)
from .referral_sources import BY_CODE, Directory, Referrer, Source, draw_channel, draw_source
from .referral_text import (
    CATEGORIES,
    CONCERNS_BY_GROUP,
    DECISION_REASONS,
    INFORMATION_ANSWERS,
    INFORMATION_QUESTIONS,
    PAST_CONCERNS_KNOWN,
    PAST_CONCERNS_NONE,
    POLICE_SHARING,
    RAG_LOWERED,
    RAG_RAISED,
    RETURN_NOTES,
    SHARING_REASONS,
    WHEN_TEXTS,
)

REFERRALS_PER_1000_CHILDREN_A_YEAR = 53
YEARS = 5
QUEUE_DAYS = 3
MIN_QUEUE = 12
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)

# After a referral, the chance that the household is referred again: about the same
# incident within two days (a duplicate), within the year (a re-referral), or later.
AGAIN_DUPLICATE, AGAIN_WITHIN_YEAR, AGAIN_LATER = 0.03, 0.05, 0.10
# Episodes a household would start in three years with one child and ordinary need;
# scaled by need and corrected as the run goes so the total keeps to the rate.
EPISODES_BASE = 0.05
CARRIED_IN = 0.2
RISK_BY_KIND = {"couple": 1.0, "single_mother": 2.4, "single_father": 2.0,
                "step_family": 2.4, "kinship": 2.5, "foster": 0.3}
LATE_SIGN_OFF = 0.07  # decisions signed off after the one working day
# Outcomes when the referrer does / does not report risk of significant harm.
OUTCOMES_HARM = ((Outcome.STRATEGY_DISCUSSION, 22), (Outcome.ASSESSMENT, 60),
                 (Outcome.NFA, 18))
OUTCOMES_OTHER = ((Outcome.NFA, 53), (Outcome.EARLY_HELP, 13), (Outcome.ASSESSMENT, 34))
# Queue scenarios a demo needs at least one of, in the order they are handed out.
SCENARIOS = ("red", "under_one", "phone", "alias", "stranger", "awaiting", "under_one",
             "red", "alias")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
POLICE_HOURS = (3, 2, 2, 1, 1, 1, 1, 2, 3, 4, 4, 4, 4, 4, 4, 5, 6, 6, 7, 8, 8, 8, 6, 4)


@dataclass(slots=True)
class DecisionSpec:
    outcome: str
    reasons: str
    decided_by: int
    decided_at: dt.datetime
    status: str
    reviewed_by: int | None = None
    reviewed_at: dt.datetime | None = None
    note: str = ""


@dataclass(slots=True)
class RequestSpec:
    agency: int
    question: str
    requested_by: int
    requested_at: dt.datetime
    answer: str = ""
    answered_by_name: str = ""
    answered_at: dt.datetime | None = None


@dataclass(slots=True)
class ReferralSpec:
    ref: uuid.UUID
    status: str
    made_by: int
    channel: str
    source: str
    referrer: Referrer
    received_at: dt.datetime
    address: Address | None
    concern: str
    significant_harm: bool
    harm_categories: list[str]
    past_concerns: str
    family_aware: str
    sharing_basis: str
    sharing_reason: str
    people: list[Mention]
    incidents: list[tuple[dt.date | None, str, str]]
    needs_written_confirmation: bool = False
    written_confirmation_at: dt.datetime | None = None
    rag: str = ""
    rag_changes: list[tuple[str, str, int | None, dt.datetime]] = field(default_factory=list)
    requests: list[RequestSpec] = field(default_factory=list)
    decisions: list[DecisionSpec] = field(default_factory=list)
    version: int = 1
    updated_at: dt.datetime | None = None
    queue_extra: bool = False
    category: str = ""
    event: str = ""  # why it was made (Event.kind): casework follows an anchor's open case
    pk: int = 0  # given by the writer, for the casework that follows from it


@dataclass(slots=True)
class Event:
    day: dt.date
    kind: str  # random, duplicate, anchor_csc, anchor_cp, anchor_eh, queue
    scenario: str = ""


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


class ReferralMaker:
    """Plans each household's referrals (rows are written by referral_writer)."""

    def __init__(self, rng: random.Random, *, authority: Authority, as_of: dt.date,
                 children: int) -> None:
        self.rng = rng
        self.a = authority
        self.directory = Directory(rng, authority)
        self.describer = Describer(rng)
        # The data's 'now': the moment the writer records everything at.
        self.end = dt.datetime.combine(as_of, dt.time(9), tzinfo=dt.UTC)
        self.start = self.end - dt.timedelta(days=round(YEARS * 365.25))
        self.queue_start = self.end - QUEUE_DAYS * DAY
        self.schools = {s.agency_id for s in (*authority.primaries, *authority.secondaries)}
        self.gps = set(authority.gps)
        self.cp_staff = set(authority.pools.get("child_protection", ()))
        self.rate = REFERRALS_PER_1000_CHILDREN_A_YEAR / 1000 * YEARS
        self.children_seen = 0
        self.made = 0
        self.made_by_year = [0] * YEARS  # counting back from the end
        self.index = -1
        # The queue's own referrals (beyond the rate), spread evenly over the households.
        extras = MIN_QUEUE
        households = max(1.0, children / 1.85 * 0.85)
        self.queue_households = {int((k + 0.5) * households / extras) for k in range(extras)}
        self.queue_owed = 0  # queue referrals due but not yet placed with a household
        self.wanted = list(SCENARIOS)
        self.specialist_done = False

    # ------------------------------------------------------------ which referrals, when
    def plan(self, plan: Plan) -> None:
        self.index += 1
        self.children_seen += plan.children
        self.queue_owed += self.index in self.queue_households
        if plan.kind == "adoptive":
            if not self.specialist_done:
                self._specialist(plan)
            return
        events = self._events(plan)
        if not events:
            return
        hh = Household.of(plan, schools=self.schools, gps=self.gps, community=self.a.community)
        previous: ReferralSpec | None = None
        for event in sorted(events, key=lambda e: (e.day, e.kind == "queue")):
            spec = self._referral(plan, hh, event, previous)
            if spec is None:
                if event.scenario:  # no child to name here: the next household takes it
                    self.wanted.insert(0, event.scenario)
                continue
            if event.kind == "queue":
                self.queue_owed -= 1
            spec.event = event.kind
            plan.referrals.append(spec)
            previous = spec
            if not spec.queue_extra:
                self.made += 1
                self.made_by_year[min(YEARS - 1, (self.end - spec.received_at).days // 365)] += 1
        plan.referrals.sort(key=lambda s: s.received_at)

    def _events(self, plan: Plan) -> list[Event]:
        rng, a = self.rng, self.a
        first, last = self.start.date(), self.end.date()
        risk = RISK_BY_KIND.get(plan.kind, 1.0)
        anchors: list[Event] = []
        csc_start: dt.date | None = None
        eh_start: dt.date | None = None
        cp = False
        for inv in plan.involvements:
            if inv.agency == a.csc and inv.role == InvolvementRole.ALLOCATED_SOCIAL_WORKER:
                risk *= 1.6 if inv.ended is None else 1.4
                if first <= inv.started < last and (csc_start is None or inv.started < csc_start):
                    csc_start, cp = inv.started, inv.staff in self.cp_staff
            elif inv.agency == a.early_help:
                risk *= 1.4
                if first <= inv.started < last and (eh_start is None or inv.started < eh_start):
                    eh_start = inv.started
            elif inv.agency in (a.police, a.youth_offending):
                risk *= 1.3
        if plan.separated:
            risk *= 1.3
        if csc_start is not None:
            kind = "anchor_cp" if cp or plan.kind == "foster" else "anchor_csc"
            anchors.append(Event(csc_start - rng.randint(4, 20) * DAY, kind))
        if eh_start is not None:
            anchors.append(Event(eh_start - rng.randint(5, 25) * DAY, "anchor_eh"))
        born = sum(1 for k in plan.kids if plan.people[k].dob is not None) or 1
        target = self.rate * self.children_seen
        steer = math.exp(max(-1.5, min(1.5, (target - self.made) / (10 + 0.05 * target))))
        episodes = _poisson(rng, EPISODES_BASE * min(risk, 8.0) * born ** 0.8 * steer)
        # Cases open now began recently, so their referrals crowd the last year or two;
        # other episodes go where the years fall short, keeping each year's volume even.
        # Some began before the window: only their later referrals fall inside it.
        short = [max(0.0, target / YEARS - made) + 0.5 for made in self.made_by_year]
        starts = list(anchors)
        for _ in range(episodes):
            if rng.random() < CARRIED_IN:
                starts.append(Event(first - rng.randrange(1, 730) * DAY, "random"))
            else:
                back = rng.choices(range(YEARS), weights=short)[0] * 365 + rng.randrange(365)
                starts.append(Event(last - back * DAY, "random"))
        events: list[Event] = []
        for e in starts:
            events.append(e)
            day = e.day
            while True:
                roll = rng.random()
                if roll < AGAIN_DUPLICATE:
                    day, kind = day + rng.randint(0, 2) * DAY, "duplicate"
                elif roll < AGAIN_DUPLICATE + AGAIN_WITHIN_YEAR:
                    day = day + round(rng.triangular(14, 365, 60)) * DAY
                    kind = "random"
                elif roll < AGAIN_DUPLICATE + AGAIN_WITHIN_YEAR + AGAIN_LATER:
                    day, kind = day + rng.randint(366, 900) * DAY, "random"
                else:
                    break
                if day >= last:
                    break
                events.append(Event(day, kind))
        events = [e for e in events if first <= e.day <= last]
        if self.queue_owed:
            day = (self.queue_start + rng.random() * (self.end - self.queue_start)).date()
            events.append(Event(day, "queue", self._scenario(plan)))
        return events

    def _scenario(self, plan: Plan) -> str:
        soon = self.end.date() - 300 * DAY
        baby = any((p.dob is None and p.edd is not None) or (p.dob is not None and p.dob > soon)
                   for p in (plan.people[k] for k in plan.kids))
        for s in self.wanted:
            if s == "under_one" and not baby:
                continue
            self.wanted.remove(s)
            return s
        return ""

    # ------------------------------------------------------------ one referral
    def _children(self, plan: Plan, hh: Household, day: dt.date,
                  living: dict[int, list[tuple[int, str]]]) -> list[tuple[int, int, float]]:
        """(child, address, age) for each child who could be named on `day`."""
        where = {person: address for address, people in living.items() for person, _ in people}
        out = []
        for k in plan.kids:
            p = plan.people[k]
            if p.sealed:
                continue
            if p.dob is not None and p.dob <= day:
                if k in where:
                    out.append((k, where[k], age_on(p, day)))
                continue
            expected = p.edd if p.dob is None else p.dob
            if expected is None or not day < expected <= day + PRE_BIRTH_DAYS * DAY:
                continue
            mothers = [m for m in hh.parents_of.get(k, ()) if plan.people[m].sex == "F"
                       and m in where]
            if mothers:
                out.append((k, where[mothers[0]], -0.5))
        return out

    def _source(self, kids: list[tuple[int, int, float]], hh: Household, day: dt.date,
                event: Event, previous: ReferralSpec | None) -> tuple[Source, list]:
        rng = self.rng
        for _ in range(4):
            if event.scenario == "phone":
                source = BY_CODE[rng.choice(("2A", "3A", "3F"))]
            else:
                source = draw_source(rng)
            if event.kind == "duplicate" and previous is not None \
                    and source.code == previous.source:
                continue
            fitting = [k for k in kids if source.ages[0] <= k[2] < source.ages[1]]
            if source.referrer == "school":
                fitting = [k for k in fitting if hh.school_on(k[0], day) is not None]
            if event.scenario == "under_one":
                fitting = [k for k in fitting if k[2] < 1]
            if fitting:
                return source, fitting
        fallback = [k for k in kids if k[2] < 1] if event.scenario == "under_one" else kids
        return BY_CODE["6"], fallback or kids

    def _moment(self, day: dt.date, source: Source) -> dt.datetime:
        rng = self.rng
        if source.police or source.public or source.code == "3E":
            hour = rng.choices(range(24), weights=POLICE_HOURS)[0]
        else:
            while not is_working_day(day, closures=()):
                day += DAY
            hour = rng.randint(8, 17)
        local = dt.datetime.combine(day, dt.time(hour, rng.randrange(60), rng.randrange(60)),
                                    tzinfo=LONDON)
        moment = local.astimezone(dt.UTC)
        if moment >= self.end:
            moment = self.end - dt.timedelta(minutes=rng.randint(5, 600))
        return moment

    def _decision_times(self, moment: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
        rng = self.rng
        local = moment.astimezone(LONDON)
        day = local.date()
        late = rng.random() < LATE_SIGN_OFF
        if late:
            decided_day = add_working_days(day, rng.randint(2, 4), closures=())
        elif is_working_day(day, closures=()) and local.hour < 13 and rng.random() < 0.5:
            decided_day = day
        else:
            decided_day = add_working_days(day, 1, closures=())
        earliest = max(9, local.hour + 1) if decided_day == day else 9
        decided = dt.datetime.combine(decided_day, dt.time(rng.randint(earliest, 16),
                                                           rng.randrange(60)), tzinfo=LONDON)
        reviewed = decided + dt.timedelta(minutes=rng.randint(15, 150))
        if late and rng.random() < 0.5:
            reviewed = dt.datetime.combine(add_working_days(decided_day, 1, closures=()),
                                           dt.time(rng.randint(9, 15), rng.randrange(60)),
                                           tzinfo=LONDON)
        return decided.astimezone(dt.UTC), reviewed.astimezone(dt.UTC)

    def _referral(self, plan: Plan, hh: Household, event: Event,
                  previous: ReferralSpec | None) -> ReferralSpec | None:
        rng = self.rng
        day = event.day
        living = hh.living(day)
        kids = self._children(plan, hh, day, living)
        if not kids:
            return None
        source, fitting = self._source(kids, hh, day, event, previous)
        babies = [k for k in fitting if k[2] < 0]
        if babies and (event.scenario == "under_one" or (source.health and rng.random() < 0.5)):
            subject, address, _ = rng.choice(babies)
        else:
            subject, address, _ = rng.choice([k for k in fitting if k[2] >= 0] or fitting)
        moment = self._moment(day, source)
        if event.kind == "queue":
            if event.scenario == "awaiting":
                moment = self.queue_start + rng.random() * (self.end - 20 * HOUR
                                                            - self.queue_start)
            elif moment < self.queue_start:
                moment = self.queue_start + rng.random() * (self.end - self.queue_start)
        received_on = moment.astimezone(LONDON).date()
        day = min(day, received_on)
        decided_at, reviewed_at = self._decision_times(moment)
        if moment >= self.queue_start:
            # A few were decided and wait for the manager; a queue scenario stays to be
            # worked (its people unmatched), so the demo shows it.
            awaiting = event.scenario == "awaiting" or (
                not event.scenario and moment < self.end - 20 * HOUR and rng.random() < 0.2)
            if awaiting:
                decided_at = moment + (self.end - moment) * rng.uniform(0.3, 0.9)
            status = Status.AWAITING_SIGN_OFF if awaiting else Status.RECEIVED
        elif decided_at >= self.end:
            status = Status.RECEIVED
        elif reviewed_at >= self.end:
            status = Status.AWAITING_SIGN_OFF
        else:
            status = Status.COMPLETE
        linked = status != Status.RECEIVED

        # What the concern is.
        subject_spec = plan.people[subject]
        if subject_spec.dob is None or subject_spec.dob > day:
            category = CATEGORIES["prebirth"]
        elif event.kind == "duplicate" and previous is not None and previous.category:
            category = CATEGORIES[previous.category]
        else:
            weights = CONCERNS_BY_GROUP[source.group]
            category = CATEGORIES[rng.choices(list(weights), weights=list(weights.values()))[0]]
        if event.kind == "anchor_eh":
            harm = False
        elif event.kind == "anchor_cp" or event.scenario == "red":
            harm = rng.random() < 0.9 or event.scenario == "red"
        else:
            harm = rng.random() < category.significant_harm
        public = source.public

        # Who is on it, as the referrer knew them.
        describe = self.describer
        police, health = source.police, source.health
        upn = source.education
        school_id = hh.school_on(subject, day)
        school_name = self.directory.agency_names.get(school_id, "") if school_id else ""
        people = [describe.person(
            subject_spec, subject, hh, role=PersonRole.SUBJECT_CHILD, relationship="",
            lives=True, is_family=True, public=public, police=police, health=health, on=day,
            on_record=linked or rng.random() < 0.5, upn=upn,
            force="alias" if event.scenario == "alias" else "",
            school=school_name if (upn or rng.random() < 0.2) else "")]
        here = living.get(address, [])
        for k, _, age in kids:
            if k == subject or (public and rng.random() < 0.2):
                continue
            if any(person == k for person, _ in here) or age < 0:
                people.append(describe.person(
                    plan.people[k], k, hh, role=PersonRole.OTHER_CHILD, relationship="sibling",
                    lives=True, is_family=True, public=public, police=police, health=health,
                    on=day, on_record=linked, upn=upn and rng.random() < 0.4))
        carer: Mention | None = None
        adult: Mention | None = None
        present = {person for person, _ in here}
        for person, role in here:
            p = plan.people[person]
            if p.kind != PersonKind.ADULT or (public and carer is not None
                                              and rng.random() < 0.15):
                continue
            kind, relation, family = relationship_to(hh, person, subject, role)
            m = describe.person(p, person, hh, role=kind, relationship=relation, lives=True,
                                is_family=family, public=public, police=police, health=health,
                                on=day, on_record=linked)
            people.append(m)
            if kind == PersonRole.PARENT and carer is None:
                carer = m
            elif adult is None:
                adult = m
        for parent in hh.parents_of.get(subject, ()):
            p = plan.people[parent]
            if parent in present or p.kind != PersonKind.ADULT or p.dob is None:
                continue
            if rng.random() < (0.6 if category.key == "domestic_abuse" else 0.3):
                m = describe.person(p, parent, hh, role=PersonRole.PARENT,
                                    relationship="mother" if p.sex == "F" else "father",
                                    lives=False, is_family=True, public=public,
                                    police=police, health=health, on=day, on_record=linked)
                people.append(m)
                adult = adult or m
                carer = carer or m
        wants_stranger = (event.scenario == "stranger" or rng.random() < 0.05
                          or (hh.stranger is not None and rng.random() < 0.5)
                          or (category.key == "domestic_abuse" and adult is None
                              and rng.random() < 0.5))
        if wants_stranger:
            s = describe.stranger(hh, carer=plan.people[carer.person]
                                  if carer is not None and carer.person is not None else None)
            m = describe.stranger_mention(s, lives=rng.random() < 0.5, on=day)
            people.append(m)
            adult = adult or m

        # The concern in their words.
        names = {
            "child": people[0].given or "the child",
            "others": " and ".join(m.given for m in people[1:] if m.role ==
                                   PersonRole.OTHER_CHILD and m.given)
            or "the other children",
            "carer": carer.given if carer is not None and carer.given else "the parent",
            "adult": adult.given if adult is not None and adult.given else "a visitor",
            "age": (f"{int(age_on(subject_spec, day))}" if subject_spec.dob else "unborn"),
            "street": plan.addresses[address].line_1,
            "weekday": WEEKDAYS[received_on.weekday()],
        }
        siblings = any(m.role == PersonRole.OTHER_CHILD and m.given for m in people)
        concern = rng.choice(category.concern(source.group, siblings=siblings)).format(**names)
        incidents: list[tuple[dt.date | None, str, str]] = []
        for _ in range(1 if rng.random() < 0.7 else 2):
            text = rng.choice(category.incidents)
            if public and rng.random() < 0.4:
                incidents.append((None, rng.choice(WHEN_TEXTS), text))
            else:
                incidents.append((received_on - rng.randint(0, 1 if police else 6) * DAY, "",
                                  text))
        harm_categories = sorted({category.harm[0], *(h for h in category.harm[1:]
                                                      if rng.random() < 0.4)}) if harm else []
        if hh.earlier and not public and rng.random() < 0.6:
            last_time = hh.earlier[-1][0].astimezone(LONDON)
            past = rng.choice(PAST_CONCERNS_KNOWN).format(
                date=f"{last_time.day} {last_time:%B %Y}")
        else:
            past = rng.choice(PAST_CONCERNS_NONE)

        # Consent and sharing.
        if public:
            aware = rng.choice((FamilyAware.NO, FamilyAware.NO, FamilyAware.NOT_KNOWN))
        elif police:
            aware = rng.choices((FamilyAware.YES, FamilyAware.NOT_KNOWN, FamilyAware.NO),
                                weights=(60, 30, 10))[0]
        else:
            aware = rng.choices((FamilyAware.YES, FamilyAware.NO, FamilyAware.NOT_KNOWN),
                                weights=(70, 20, 10))[0]
        if aware == FamilyAware.YES and (not harm or rng.random() < 0.3):
            basis = SharingBasis.CONSENT_GIVEN if rng.random() < 0.9 \
                else SharingBasis.CONSENT_REFUSED
        else:
            basis = SharingBasis.WITHOUT_CONSENT if rng.random() < 0.8 \
                else SharingBasis.CONSENT_REFUSED
        reason = "" if basis == SharingBasis.CONSENT_GIVEN else (
            "A member of the public reporting what they saw; consent is not theirs to seek."
            if public else POLICE_SHARING if police and category.key == "domestic_abuse"
            else rng.choice(SHARING_REASONS).format(**names))

        # Who referred, and how it arrived.
        relative = None
        if source.referrer == "family":
            absent = [m for m in people if not m.lives_in_household and m.role == PersonRole.PARENT]
            if absent:
                relative = (absent[0].given, absent[0].family,
                            absent[0].relationship.capitalize())
        referrer = self.directory.staff_referrer(
            source.referrer, school=school_id, gp=hh.gps.get(subject),
            visitor=hh.visitors.get(subject), prebirth=category.key == "prebirth")
        if referrer is None:
            kind = source.referrer if source.public or source.referrer in (
                "education", "primary_health", "other_la", "voluntary") else "voluntary"
            referrer = self.directory.invented(
                kind, family=carer.family if carer is not None else "", relative=relative,
                child=(people[0].given, people[0].family))
        channel: str
        if event.scenario == "phone":
            channel = Channel.PHONE
        else:
            channel = draw_channel(rng, source, staff=referrer.staff is not None)
        made_by = referrer.staff if channel in (Channel.ONLINE, Channel.API) \
            and referrer.staff is not None else rng.choice(self.directory.contact_centre)

        spec = ReferralSpec(
            ref=uuid.UUID(int=rng.getrandbits(128), version=4), status=status,
            made_by=made_by, channel=channel, source=source.code, referrer=referrer,
            received_at=moment, address=None if source.code == "9" and rng.random() < 0.2
            else plan.addresses[address], concern=concern, significant_harm=harm,
            harm_categories=harm_categories, past_concerns=past, family_aware=aware,
            sharing_basis=basis, sharing_reason=reason, people=people, incidents=incidents,
            needs_written_confirmation=channel == Channel.PHONE and not public,
            queue_extra=event.kind == "queue", category=category.key)
        self._triage(spec, hh, event, previous, decided_at, reviewed_at)
        hh.earlier.append((moment, source.code, category.key))
        return spec

    # ------------------------------------------------------------ the front door's work
    def _triage(self, spec: ReferralSpec, hh: Household, event: Event,
                previous: ReferralSpec | None, decided_at: dt.datetime,
                reviewed_at: dt.datetime) -> None:
        rng, d = self.rng, self.directory
        moment = spec.received_at
        worker = rng.choice(d.front_door)
        manager = rng.choice(d.managers)
        spec.updated_at = moment
        version = 1

        # Rating on receipt, as the service rates it.
        under_one = any(m.edd is not None or (
            m.person is not None and m.role in (PersonRole.SUBJECT_CHILD, PersonRole.OTHER_CHILD)
            and 0 <= age_on(hh.plan.people[m.person], moment.date()) < 1)
            for m in spec.people)
        again = spec.status != Status.RECEIVED and any(
            moment - dt.timedelta(days=365) <= t < moment for t, _, _ in hh.earlier)
        if spec.significant_harm:
            rag, why = Rag.RED, "The referrer believes a child is at risk of significant harm"
        else:
            amber = [r for r, on in (
                ("a child under one", under_one),
                ("a child referred before within 12 months", again),
                ("shared without the family's consent",
                 spec.sharing_basis != SharingBasis.CONSENT_GIVEN)) if on]
            rag, why = ((Rag.AMBER, "Rated amber on receipt: " + ", ".join(amber)) if amber
                        else (Rag.GREEN, "Rated green on receipt: no risk of significant harm "
                                         "reported"))
        spec.rag_changes.append((rag, why, None, moment))
        spec.rag = rag

        if spec.status == Status.RECEIVED:
            for m in spec.people:
                if m.person is not None and hh.plan.people[m.person].sealed:
                    m.match_status = MatchStatus.SPECIALIST
            if rng.random() < 0.25:
                self._request(spec, hh, worker, moment, answered=rng.random() < 0.5)
            if spec.needs_written_confirmation and event.scenario != "phone" \
                    and rng.random() < 0.5:
                spec.written_confirmation_at = moment + rng.uniform(1, 20) * HOUR
                if spec.written_confirmation_at >= self.end:
                    spec.written_confirmation_at = None
                else:
                    version += 1
            spec.version = version
            return

        # Matched: each person linked to their record (or, for the adult nobody knew, a
        # new record made), by the system on receipt when it was sure, else by the worker.
        span = decided_at - moment
        for m in spec.people:
            if m.stranger:
                assert hh.stranger is not None
                m.match_status = (MatchStatus.LINKED if hh.stranger.recorded
                                  else MatchStatus.NEW_RECORD)
                hh.stranger.recorded = True
            else:
                m.match_status = MatchStatus.LINKED
            sure = m.how == "exact" and (m.nhs or m.upn or len(m.dob) == 10) and not m.stranger
            if sure and rng.random() < 0.6:
                m.matched_at = moment
            else:
                m.matched_by = worker
                m.matched_at = moment + span * rng.uniform(0.05, 0.6)
                version += 1
        if spec.needs_written_confirmation:
            hours = rng.uniform(1, 40) if rng.random() < 0.9 else rng.uniform(50, 120)
            spec.written_confirmation_at = min(moment + hours * HOUR, self.end - HOUR)
            version += 1
        if rng.random() < 0.12:
            raise_it = spec.rag != Rag.RED and (spec.rag == Rag.GREEN or rng.random() < 0.5)
            new = (Rag.AMBER if spec.rag == Rag.GREEN else Rag.RED) if raise_it else (
                Rag.AMBER if spec.rag == Rag.RED else Rag.GREEN)
            spec.rag_changes.append((new, rng.choice(RAG_RAISED if raise_it else RAG_LOWERED),
                                     worker, moment + span * rng.uniform(0.1, 0.5)))
            spec.rag = new
            version += 1
        if rng.random() < 0.12:
            self._request(spec, hh, worker, moment, answered=True, before=decided_at)

        # Decided, then signed off (or, now and then, returned and decided again).
        outcome, reasons = self._outcome(spec, event, previous)
        carer = next((m.given for m in spec.people if m.role == PersonRole.PARENT and m.given),
                     "the parent")
        reasons = reasons.format(carer=carer)
        if spec.status == Status.COMPLETE and rng.random() < 0.03:
            first_at = moment + span * 0.7
            spec.decisions.append(DecisionSpec(
                outcome, reasons, worker, first_at, DecisionStatus.RETURNED, manager,
                first_at + 0.5 * (decided_at - first_at), rng.choice(RETURN_NOTES)))
            version += 2
        if spec.status == Status.COMPLETE:
            spec.decisions.append(DecisionSpec(outcome, reasons, worker, decided_at,
                                               DecisionStatus.SIGNED_OFF, manager, reviewed_at))
            version += 2
            spec.updated_at = reviewed_at
        else:
            spec.decisions.append(DecisionSpec(outcome, reasons, worker, decided_at,
                                               DecisionStatus.AWAITING_SIGN_OFF))
            version += 1
            spec.updated_at = decided_at
        spec.version = version

    def _outcome(self, spec: ReferralSpec, event: Event,
                 previous: ReferralSpec | None) -> tuple[str, str]:
        rng = self.rng
        harm = spec.significant_harm or bool(spec.harm_categories)
        if event.kind == "duplicate" and previous is not None and rng.random() < 0.7:
            return Outcome.NFA, DECISION_REASONS[Outcome.NFA][2]
        if event.kind in ("anchor_csc", "anchor_cp"):
            outcome = (Outcome.STRATEGY_DISCUSSION if harm and event.kind == "anchor_cp"
                       else Outcome.ASSESSMENT)
        elif event.kind == "anchor_eh" and not harm:
            outcome = Outcome.EARLY_HELP
        else:
            table = OUTCOMES_HARM if harm else OUTCOMES_OTHER
            outcome = rng.choices([o for o, _ in table], weights=[w for _, w in table])[0]
        return outcome, rng.choice(DECISION_REASONS[outcome][:2])

    def _request(self, spec: ReferralSpec, hh: Household, worker: int, moment: dt.datetime,
                 *, answered: bool, before: dt.datetime | None = None) -> None:
        rng, a, d = self.rng, self.a, self.directory
        subject = spec.people[0].person
        school = hh.school_on(subject, moment.date()) if subject is not None else None
        options = [("police", a.police)]
        if school is not None:
            options.append(("school", school))
        if subject is not None and subject in hh.gps:
            options.append(("gp_practice", hh.gps[subject]))
        kind, agency = rng.choice(options)
        limit = before or self.end
        asked = moment + (limit - moment) * rng.uniform(0.05, 0.3)
        request = RequestSpec(agency, rng.choice(INFORMATION_QUESTIONS[kind]).format(
            child=spec.people[0].given or "the child"), worker, asked)
        if answered:
            staff = d.by_agency.get(agency)
            request.answer = rng.choice(INFORMATION_ANSWERS[kind])
            request.answered_by_name = rng.choice(staff).name if staff else "Duty officer"
            request.answered_at = asked + (limit - asked) * rng.uniform(0.2, 0.8)
        spec.requests.append(request)

    # ------------------------------------------------------------ the sealed child
    def _specialist(self, plan: Plan) -> None:
        """A birth relative refers an adopted child by the name they were born with: the
        matcher finds the sealed record, so only a specialist may resolve it."""
        rng = self.rng
        for idx, p in enumerate(plan.people):
            birth = next((o for o in plan.other_names if o.person == idx
                          and o.kind == OtherNameKind.FORMER), None)
            if not p.sealed or p.dob is None or birth is None:
                continue
            self.specialist_done = True
            moment = self.queue_start + rng.uniform(0.2, 0.9) * (self.end - self.queue_start)
            given, family = birth.given or p.given, birth.family
            mother_given = self.describer.namer.given(p.bg, "F", 1990)
            child = Mention(PersonRole.SUBJECT_CHILD, given, family, sex=p.sex,
                            dob=p.dob.isoformat(), person=idx, how="birth_name",
                            match_status=MatchStatus.SPECIALIST)
            mother = Mention(PersonRole.PARENT, mother_given, family, sex="F",
                             relationship="birth mother", lives_in_household=False, how="stranger")
            referrer = self.directory.invented("family", family=family)
            referrer = Referrer(referrer.name, "Birth grandmother", phone=referrer.phone)
            spec = ReferralSpec(
                ref=uuid.UUID(int=rng.getrandbits(128), version=4), status=Status.RECEIVED,
                made_by=rng.choice(self.directory.contact_centre), channel=Channel.PHONE,
                source="1A", referrer=referrer, received_at=moment, address=None,
                concern=(f"I am {given}'s grandmother. {given} was taken into care as a baby "
                         "and I was told they were adopted. I saw them in town with a woman "
                         "who was shouting at them and pulled them by the arm. I want someone "
                         "to check they are safe."),
                significant_harm=False, harm_categories=[], past_concerns=(
                    f"{given} was removed from {mother_given} at birth."),
                family_aware=FamilyAware.NOT_KNOWN, sharing_basis=SharingBasis.WITHOUT_CONSENT,
                sharing_reason="A relative reporting a worry; the family's address is unknown.",
                people=[child, mother], incidents=[(moment.date() - 2 * DAY, "",
                                                    "Child seen being pulled along the street.")],
                rag=Rag.AMBER, queue_extra=True, updated_at=moment)
            spec.rag_changes.append((Rag.AMBER, "Rated amber on receipt: shared without the "
                                     "family's consent", None, moment))
            plan.referrals.append(spec)
            return
