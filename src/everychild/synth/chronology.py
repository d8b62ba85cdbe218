"""Partner agencies' chronology entries about children with social care episodes:
schools' monitoring notes, health visitors' and GPs' missed appointments, police
call-outs (some restricted to police and social care), the odd hospital attendance.

A few entries a child per episode, around its dates (some from before the referral, which
often explain it), so the demo's chronologies read like real ones without filling the
database. Now and then an entry has been corrected: the first wording stays, superseded.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from everychild.chronology.models import EntryKind, Sharing, Significance

from .case_context import Staffing, moment
from .case_family import Family
from .case_plan import EntrySpec, EpisodeSpec
from .plan import Plan

# (kind, significance weights (routine, notable, significant), summary, detail)
TEXTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "school": (
        (EntryKind.ATTENDANCE, "{child} absent without explanation; no answer from home.",
         "First-day calling: two calls, no answer. Office will try again tomorrow."),
        (EntryKind.NOTE, "{child} arrived hungry and in the same clothes as yesterday.",
         "Given breakfast club. Mentioned to the class teacher to keep an eye."),
        (EntryKind.DISCLOSURE, "{child} said there was shouting at home last night.",
         "Recorded in the child's words; DSL informed the allocated social worker."),
        (EntryKind.NOTE, "{child} settled and happy in class this week.",
         "Positive week: reading at home recorded three times."),
        (EntryKind.MEETING, "Met {carer} about attendance.", "Attendance plan agreed."),
    ),
    "health_visitor": (
        (EntryKind.ATTENDANCE, "Did not attend the 12-month review.",
         "Second missed contact; letter sent and visit booked."),
        (EntryKind.MEETING, "Home visit: {child} weighed and well.",
         "Weight on the 25th centile. Home warm; {carer} tired but coping."),
        (EntryKind.NOTE, "{carer}'s mood low at the visit.",
         "Encouraged to see the GP; offered listening visits."),
    ),
    "gp": (
        (EntryKind.ATTENDANCE, "{child} not brought to the asthma review.",
         "Third missed appointment this year; the practice will write."),
        (EntryKind.NOTE, "{carer} seen about low mood; medication started.",
         "Safeguarding lead aware; no new concern for the children."),
        (EntryKind.INJURY, "Bruise on {child}'s shin seen at the surgery.",
         "Account (fell off a scooter) consistent with the injury."),
    ),
    "police": (
        (EntryKind.POLICE, "Police called to a domestic incident at the address.",
         "Verbal argument; no offences disclosed. {child} asleep upstairs. DASH: standard."),
        (EntryKind.POLICE, "{child} reported missing; found the same evening.",
         "Return home interview requested."),
        (EntryKind.POLICE, "Call-out: neighbours report shouting and a child crying.",
         "Officers attended; the adults were separated for the night."),
        (EntryKind.INCIDENT, "Mother's ex-partner arrested for breaching a non-molestation "
         "order.", "Investigation ongoing; do not share with the family."),
    ),
    "acute": (
        (EntryKind.INJURY, "{child} seen in the emergency department with a head injury.",
         "Account of a fall from the sofa; examined by the paediatric registrar."),
        (EntryKind.ATTENDANCE, "{child} brought to the emergency department with a cough.",
         "Third attendance in two months; discharged."),
    ),
}
CORRECTIONS = ("Wrong date recorded; corrected.", "The child's words were misquoted.",
               "Added who was present.")
SIGNIFICANCE = ((Significance.ROUTINE, 70), (Significance.NOTABLE, 22),
                (Significance.SIGNIFICANT, 8))
RESTRICTED_POLICE = 0.3
CORRECTED = 0.02


class ChronologyMaker:
    def __init__(self, rng: random.Random, staff: Staffing, *, as_of: dt.date) -> None:
        self.rng = rng
        self.staff = staff
        self.as_of = as_of

    def plan(self, plan: Plan, fam: Family, episodes: list[EpisodeSpec]) -> None:
        for ep in episodes:
            end = ep.closed_on or self.as_of
            start = ep.referral_date - dt.timedelta(days=60)
            n = min(14, 2 + (end - ep.referral_date).days // 75 + int(self.rng.random() < 0.5))
            for _ in range(n):
                day = start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))
                entry = self._entry(fam, ep.child, day)
                if entry is not None:
                    plan.entries.append(entry)

    def _entry(self, fam: Family, child: int, day: dt.date) -> EntrySpec | None:
        rng, staff, a = self.rng, self.staff, self.staff.a
        age = fam.age(child, day)
        if age < 0:
            return None
        options: list[tuple[str, int, int | None, int]] = []  # kind, agency, staff, weight
        for partner in fam.on(child, day):
            if partner.kind == "school":
                options.append(("school", partner.agency, None, 5))
            elif partner.kind == "health_visitor" and age < 5:
                options.append(("health_visitor", partner.agency, partner.staff, 4))
            elif partner.kind == "gp":
                options.append(("gp", partner.agency, None, 2))
        options.append(("police", a.police, None, 3))
        options.append(("acute", a.acute, None, 1))
        kind, agency, author, _ = rng.choices(options, weights=[o[3] for o in options])[0]
        if author is None:
            person = staff.one_of(rng, agency)
            if person is None:
                return None
            author = person.pk
        what, summary, detail = rng.choice(TEXTS[kind])
        names = {"child": fam.given(child), "carer": fam.carer_name}
        significance = rng.choices([s for s, _ in SIGNIFICANCE],
                                   weights=[w for _, w in SIGNIFICANCE])[0]
        restricted = kind == "police" and rng.random() < RESTRICTED_POLICE
        day = min(day, self.as_of - dt.timedelta(days=1))
        recorded = min(day + dt.timedelta(days=rng.choice((0, 0, 0, 1, 2))),
                       self.as_of - dt.timedelta(days=1))
        return EntrySpec(child, agency, day, what, significance,
                         Sharing.RESTRICTED if restricted else Sharing.SHARED,
                         summary.format(**names)[:200], detail.format(**names), author,
                         moment(rng, recorded, 8, 18),
                         uuid.UUID(int=rng.getrandbits(128), version=4),
                         rng.choice(CORRECTIONS) if rng.random() < CORRECTED else "")
