"""What every kind of household is built from: people with names and identifiers,
children's dates of birth, parents' ages that fit them, and stays at addresses."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from everychild.people.models import PersonKind

from .identifiers import NhsNumbers
from .name_data import Background
from .naming import Namer, gendered, mixed_ethnicity
from .places import Places
from .plan import PersonSpec, Plan

CHILD, ADULT = PersonKind.CHILD, PersonKind.ADULT
DAY = dt.timedelta(days=1)


class FamilyBase:
    """Helpers shared by every kind of household; all randomness comes from `rng`."""

    def __init__(self, rng: random.Random, *, as_of: dt.date, places: Places,
                 nhs: NhsNumbers) -> None:
        self.rng = rng
        self.namer = Namer(rng)
        self.as_of = as_of
        self.places = places
        self.nhs = nhs

    # ------------------------------------------------------------ helpers
    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    @staticmethod
    def before(day: dt.date, years: float) -> dt.date:
        return day - dt.timedelta(days=round(years * 365.25))

    def between(self, lo: dt.date, hi: dt.date) -> dt.date:
        if hi <= lo:
            return lo
        return lo + dt.timedelta(days=self.rng.randrange((hi - lo).days + 1))

    def new_address(self, plan: Plan) -> int:
        plan.addresses.append(self.places.address())
        plan.address_refs.append(self.uuid())
        return len(plan.addresses) - 1

    def family_name(self, bg: Background) -> str:
        return self.namer.family(bg)

    def person(self, plan: Plan, *, kind: str, bg: Background, sex: str, dob: dt.date | None,
               family: str, family_bg: Background | None = None, ethnicity: str = "",
               edd: dt.date | None = None) -> int:
        born = (dob or edd or self.as_of).year
        given = self.namer.given(bg, sex, born) if sex != "U" else ""
        for _ in range(3):  # "Abdirahman Abdirahman" happens, but rarely enough to avoid
            if given != family:
                break
            given = self.namer.given(bg, sex, born)
        middle = self.namer.middle(bg, sex, born, given) if given else ""
        spec = PersonSpec(self.uuid(), kind, given, middle,
                          gendered(family, family_bg or bg, sex), sex, dob, bg,
                          ethnicity or bg.ethnicity, edd=edd)
        if kind == CHILD:
            roll = self.rng.random()
            if roll < 0.015:
                spec.ethnicity = "NOBT"  # not yet obtained
            elif roll < 0.02:
                spec.ethnicity = "REFU"  # refused
        if dob is not None and (kind == CHILD or self.rng.random() < 0.85):
            spec.nhs = self.nhs.next()
        plan.people.append(spec)
        if kind == CHILD:
            plan.children += 1
        return len(plan.people) - 1

    def adult(self, plan: Plan, bg: Background, sex: str, dob: dt.date, family: str,
              family_bg: Background | None = None) -> int:
        return self.person(plan, kind=ADULT, bg=bg, sex=sex, dob=dob, family=family,
                           family_bg=family_bg)

    def kids(self, plan: Plan, dobs: list[dt.date], *, mother: Background,
             father: Background, family: str, family_bg: Background) -> list[int]:
        ethnicity = mixed_ethnicity(mother.ethnicity, father.ethnicity)
        made = []
        for dob in dobs:
            bg = father if self.rng.random() < 0.5 else mother
            sex = "M" if self.rng.random() < 0.512 else "F"
            made.append(self.person(plan, kind=CHILD, bg=bg, sex=sex, dob=dob, family=family,
                                    family_bg=family_bg, ethnicity=ethnicity))
        plan.kids.extend(made)
        return made

    def child_dobs(self, k: int) -> list[dt.date]:
        """Dates of birth for k siblings, eldest first, all under 18."""
        gaps = [0 if self.rng.random() < 0.015 else 300 + int(self.rng.gammavariate(2.5, 300))
                for _ in range(k - 1)]
        limit = 17 * 365
        if sum(gaps) > limit:
            gaps = [g * limit // sum(gaps) for g in gaps]
        span = sum(gaps)
        youngest = self.rng.randrange(1, max(2, 18 * 365 - span - 2))
        ages = [youngest + span - sum(gaps[:i]) for i in range(k)]
        return [self.as_of - dt.timedelta(days=a) for a in ages]

    def parent_dob(self, eldest: dt.date, youngest: dt.date, *, mother: bool,
                   near: dt.date | None = None) -> dt.date:
        """Old enough at the eldest's birth, young enough at the youngest's, and an adult now."""
        if near is None:
            dob = self.before(eldest, self.rng.triangular(17, 41, 28))
        else:
            dob = self.before(near, self.rng.normalvariate(2.5, 4))
        earliest = self.before(youngest, 45 if mother else 50)
        latest = min(self.before(eldest, 16.5 if mother else 17), self.before(self.as_of, 18))
        return min(max(dob, earliest), latest)

    def stay(self, plan: Plan, person: int, role: str, start: dt.date, end: dt.date | None,
             moved: dt.date, old: int | None) -> None:
        """Record a stay with the family, split between the old and current address."""
        if old is not None and start < moved:
            plan.member(old, person, role, start, moved if end is None else min(end, moved))
            if end is not None and end <= moved:
                return
            start = moved
        plan.member(0, person, role, start, end)

    def home_history(self, formed: dt.date, plan: Plan,
                     chance: float = 0.25) -> tuple[dt.date, int | None]:
        """When the family moved to its current address, and the previous one if any."""
        lo, hi = formed + 180 * DAY, self.as_of - 60 * DAY
        if self.rng.random() < chance and lo < hi:
            return self.between(lo, hi), self.new_address(plan)
        return formed, None

    def kids_family(self, father_idx: int | None, father_family: str, father_bg: Background,
                    plan: Plan) -> str:
        """A Somali child's family name is the father's given name."""
        if father_bg.patronymic and father_idx is not None:
            return plan.people[father_idx].given
        return father_family

    def fix_adult(self, plan: Plan, person: int) -> None:
        """Keep a partner drawn near someone's age an adult today."""
        p = plan.people[person]
        latest = self.before(self.as_of, 18)
        if p.dob is not None and p.dob > latest:
            p.dob = latest - dt.timedelta(days=self.rng.randrange(1, 2000))
