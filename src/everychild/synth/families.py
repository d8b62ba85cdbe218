"""Households: who lives together, how they are related, and since when.

Dates are worked out so that they hang together: parents are 16 to 50 years older than
their children, siblings are spaced as families space them (with the odd pair of
twins), people move house, couples separate and new partners move in.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from everychild.people.models import MemberRole, OtherNameKind, PersonKind, RelationshipKind

from .identifiers import NhsNumbers
from .name_data import Background
from .naming import Namer, gendered, mixed_ethnicity
from .places import Places
from .plan import OtherNameSpec, PersonSpec, Plan

R = RelationshipKind
CHILD, ADULT = PersonKind.CHILD, PersonKind.ADULT
DAY = dt.timedelta(days=1)

TYPES = ("couple", "single_mother", "single_father", "step_family", "kinship", "foster")
TYPE_CUM = (560, 750, 775, 865, 880, 886)
KID_COUNTS = (1, 2, 3, 4, 5, 6)
KID_CUM = (420, 800, 930, 975, 993, 1000)
# One household in this many is an adoptive family; their adopted children are sealed.
ADOPTIVE_EVERY = 700
MULTIGENERATION = {"pakistani": 0.25, "bangladeshi": 0.25, "indian_hindu": 0.2,
                   "indian_sikh": 0.2}


class FamilyMaker:
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

    # ------------------------------------------------------------ household types
    def household(self, index: int, remaining: int) -> Plan:
        rng = self.rng
        if index % ADOPTIVE_EVERY == 3:
            kind = "adoptive"
        else:
            kind = rng.choices(TYPES, cum_weights=TYPE_CUM)[0]
        k = min(rng.choices(KID_COUNTS, cum_weights=KID_CUM)[0], remaining)
        plan = Plan(kind)
        self.new_address(plan)
        getattr(self, f"_{kind}")(plan, k)
        if kind != "adoptive":
            self.extras(plan, remaining)
        return plan

    def _couple(self, plan: Plan, k: int) -> None:
        rng, namer = self.rng, self.namer
        bg_m = namer.background()
        bg_f = namer.partner_background(bg_m)
        dobs = self.child_dobs(k)
        grown = None
        if rng.random() < 0.07:
            grown = min(self.before(dobs[0], 1 + rng.gammavariate(2, 1)),
                        self.before(self.as_of, 18 + rng.random() * 6))
        mother_dob = self.parent_dob(grown or dobs[0], dobs[-1], mother=True)
        same_sex = rng.random() < 0.015
        partner_dob = self.parent_dob(grown or dobs[0], dobs[-1], mother=same_sex,
                                      near=mother_dob)
        married = rng.random() < 0.62
        partner_family = self.family_name(bg_f)
        partner = self.adult(plan, bg_f, "F" if same_sex else "M", partner_dob, partner_family)
        maiden = self.family_name(bg_m)
        own = namer.woman_own_family(bg_m)
        took = (married and not same_sex and not own and not bg_f.patronymic
                and rng.random() < bg_m.takes_husband_name)
        mother = self.adult(plan, bg_m, "F", mother_dob,
                            own or (partner_family if took else maiden),
                            family_bg=bg_f if took else bg_m)
        if took:
            plan.other_names.append(OtherNameSpec(
                mother, OtherNameKind.FORMER, "", gendered(maiden, bg_m, "F"),
                note="Family name before marriage"))
        family, family_bg = self.kids_family(partner, partner_family, bg_f, plan), bg_f
        if not married and rng.random() < 0.2:
            family, family_bg = maiden, bg_m
        elif (not married and bg_m.key == bg_f.key == "white_british"
              and rng.random() < 0.08):
            family = f"{maiden}-{partner_family}"
        kids = self.kids(plan, dobs, mother=bg_m, father=bg_f, family=family,
                         family_bg=family_bg)
        formed = self.before(grown or dobs[0], rng.uniform(0.5, 4))
        moved, old = self.home_history(formed, plan)
        plan.carer = mother
        plan.link(mother, partner, R.PARTNER, started=formed, note="Married" if married else "")
        for adult_idx in (mother, partner):
            self.stay(plan, adult_idx, MemberRole.PARENT, formed, None, moved, old)
        everyone = list(kids)
        if grown is not None:
            g_sex = "M" if rng.random() < 0.5 else "F"
            older = self.person(plan, kind=ADULT, bg=bg_m, sex=g_sex, dob=grown, family=family,
                                family_bg=family_bg,
                                ethnicity=mixed_ethnicity(bg_m.ethnicity, bg_f.ethnicity))
            self.stay(plan, older, MemberRole.RELATIVE, grown, None, moved, old)
            everyone.insert(0, older)
        for kid in kids:
            self.stay(plan, kid, MemberRole.CHILD, plan.people[kid].dob or formed, None,
                      moved, old)
        for child in everyone:
            plan.link(mother, child, R.PARENT)
            plan.link(partner, child, R.PARENT)
        plan.siblings(everyone)
        plan.mother, plan.father, plan.full_siblings = mother, partner, list(kids)
        plan.unborn_family, plan.unborn_family_bg = family, family_bg
        if rng.random() < MULTIGENERATION.get(bg_m.key, 0.03):
            self.grandparent(plan, mother if rng.random() < 0.6 else partner, everyone, moved)

    def grandparent(self, plan: Plan, parent: int, grandchildren: list[int],
                    moved: dt.date) -> None:
        rng = self.rng
        p = plan.people[parent]
        assert p.dob is not None
        dob = max(self.before(p.dob, rng.triangular(18, 40, 25)), self.before(self.as_of, 88))
        dob = min(dob, self.before(p.dob, 16))
        sex = "F" if rng.random() < 0.65 else "M"
        # A father's parents usually share his family name; a mother's may not.
        family = p.family if p.sex == "M" else self.family_name(p.bg)
        gran = self.adult(plan, p.bg, sex, dob, family)
        self.stay(plan, gran, MemberRole.RELATIVE, self.between(moved, self.as_of - 30 * DAY),
                  None, moved, None)
        plan.link(gran, parent, R.PARENT)
        for child in grandchildren:
            plan.link(gran, child, R.GRANDPARENT)

    def _single_mother(self, plan: Plan, k: int) -> None:
        self.single_parent(plan, k, mother_led=True)

    def _single_father(self, plan: Plan, k: int) -> None:
        self.single_parent(plan, k, mother_led=False)

    def single_parent(self, plan: Plan, k: int, *, mother_led: bool) -> None:
        rng, namer = self.rng, self.namer
        bg = namer.background()
        bg_o = namer.partner_background(bg)
        dobs = self.child_dobs(k)
        carer_dob = self.parent_dob(dobs[0], dobs[-1], mother=mother_led)
        other_dob = self.parent_dob(dobs[0], dobs[-1], mother=not mother_led, near=carer_dob)
        carer_family = namer.woman_own_family(bg) or self.family_name(bg)
        other_family = self.family_name(bg_o)
        carer = self.adult(plan, bg, "F" if mother_led else "M", carer_dob, carer_family)
        recorded = rng.random() < (0.35 if mother_led else 0.6)
        other = (self.adult(plan, bg_o, "M" if mother_led else "F", other_dob, other_family)
                 if recorded else None)
        if mother_led:
            father_bg, mother_bg = bg_o, bg
            family, family_bg = ((self.kids_family(other, other_family, bg_o, plan), bg_o)
                                 if rng.random() < 0.55 else (carer_family, bg))
        else:
            father_bg, mother_bg = bg, bg_o
            family, family_bg = self.kids_family(carer, carer_family, bg, plan), bg
        kids = self.kids(plan, dobs, mother=mother_bg, father=father_bg, family=family,
                         family_bg=family_bg)
        formed = self.before(dobs[0], rng.uniform(0.5, 3))
        separated = min(self.between(dobs[-1] + 30 * DAY, self.as_of - 30 * DAY),
                        self.as_of - DAY)
        moved, old = self.home_history(formed, plan, 0.3)
        plan.carer, plan.separated = carer, True
        self.stay(plan, carer, MemberRole.PARENT, formed, None, moved, old)
        for kid in kids:
            self.stay(plan, kid, MemberRole.CHILD, plan.people[kid].dob or formed, None,
                      moved, old)
            plan.link(carer, kid, R.PARENT)
            if other is not None:
                plan.link(other, kid, R.PARENT)
        plan.siblings(kids)
        if other is not None:
            self.stay(plan, other, MemberRole.PARENT, formed, separated, moved, old)
            plan.link(other, carer, R.EX_PARTNER, started=formed, ended=separated)
        if mother_led:
            plan.mother, plan.unborn_family, plan.unborn_family_bg = carer, carer_family, bg
        if mother_led and rng.random() < 0.25 and separated + 90 * DAY < self.as_of - 14 * DAY:
            # A new partner has moved in: an adult who is not family to the children.
            arrived = self.between(separated + 90 * DAY, self.as_of - 14 * DAY)
            bg_p = namer.partner_background(bg)
            partner = self.adult(plan, bg_p, "M", self.before(
                carer_dob, rng.normalvariate(2, 5)), self.family_name(bg_p))
            self.fix_adult(plan, partner)
            plan.member(0, partner, MemberRole.PARTNER_OF_PARENT, arrived)
            plan.link(partner, carer, R.PARTNER, started=arrived)
            for kid in kids:
                plan.link(partner, kid, R.PARENTS_PARTNER, started=arrived)
            plan.father = partner
            plan.unborn_family, plan.unborn_family_bg = plan.people[partner].family, bg_p

    def fix_adult(self, plan: Plan, person: int) -> None:
        """Keep a partner drawn near someone's age an adult today."""
        p = plan.people[person]
        latest = self.before(self.as_of, 18)
        if p.dob is not None and p.dob > latest:
            p.dob = latest - dt.timedelta(days=self.rng.randrange(1, 2000))

    def _step_family(self, plan: Plan, k: int) -> None:
        rng, namer = self.rng, self.namer
        bg = namer.background()
        bg_ex, bg_new = namer.partner_background(bg), namer.partner_background(bg)
        dobs = self.child_dobs(k)
        split = rng.randrange(1, k + 1)
        if split < k and (dobs[split] - dobs[split - 1]).days < 2 * 365:
            split = k
        older, younger = dobs[:split], dobs[split:]
        mother_dob = self.parent_dob(dobs[0], dobs[-1], mother=True)
        ex_dob = self.parent_dob(older[0], older[-1], mother=False, near=mother_dob)
        separated = self.between(older[-1] + 180 * DAY, (younger[0] - 455 * DAY) if younger
                                 else self.as_of - 60 * DAY)
        separated = min(separated, self.as_of - DAY)
        arrived = self.between(separated + 90 * DAY, (younger[0] - 90 * DAY) if younger
                               else self.as_of - 14 * DAY)
        arrived = min(max(arrived, separated), self.as_of)
        partner_dob = (self.parent_dob(younger[0], younger[-1], mother=False, near=mother_dob)
                       if younger else self.before(mother_dob, rng.normalvariate(2, 5)))
        maiden, ex_family, new_family = (self.family_name(bg), self.family_name(bg_ex),
                                         self.family_name(bg_new))
        married = rng.random() < 0.45
        took = married and not bg_new.patronymic and rng.random() < bg.takes_husband_name
        mother = self.adult(plan, bg, "F", mother_dob, new_family if took else maiden,
                            family_bg=bg_new if took else bg)
        if took:
            plan.other_names.append(OtherNameSpec(mother, OtherNameKind.FORMER, "",
                                                  gendered(maiden, bg, "F"),
                                                  note="Family name before marriage"))
        ex = self.adult(plan, bg_ex, "M", ex_dob, ex_family) if rng.random() < 0.65 else None
        partner = self.adult(plan, bg_new, "M", partner_dob, new_family)
        self.fix_adult(plan, partner)
        if rng.random() < 0.6:
            old_family = self.kids_family(ex, ex_family, bg_ex, plan) if ex is not None \
                else ex_family
            old_bg = bg_ex
        else:
            old_family, old_bg = maiden, bg
        first = self.kids(plan, older, mother=bg, father=bg_ex, family=old_family,
                          family_bg=old_bg)
        second = self.kids(plan, younger, mother=bg, father=bg_new,
                           family=self.kids_family(partner, new_family, bg_new, plan),
                           family_bg=bg_new)
        formed = self.before(older[0], rng.uniform(0.5, 3))
        old = self.new_address(plan)
        plan.carer, plan.separated = mother, True
        self.stay(plan, mother, MemberRole.PARENT, formed, None, separated, old)
        if ex is not None:
            plan.member(old, ex, MemberRole.PARENT, formed, separated)
            plan.link(ex, mother, R.EX_PARTNER, started=formed, ended=separated)
        for kid in first:
            self.stay(plan, kid, MemberRole.CHILD, plan.people[kid].dob or formed, None,
                      separated, old)
            plan.link(mother, kid, R.PARENT)
            if ex is not None:
                plan.link(ex, kid, R.PARENT)
            if rng.random() < 0.35 and plan.people[kid].family != new_family:
                plan.other_names.append(OtherNameSpec(
                    kid, OtherNameKind.ALIAS, plan.people[kid].given, new_family,
                    note="Uses the step-parent's family name at school"))
        plan.member(0, partner, MemberRole.PARENT if married else MemberRole.PARTNER_OF_PARENT,
                    arrived)
        plan.link(mother, partner, R.PARTNER, started=arrived,
                  note="Married" if married else "")
        for kid in first:
            plan.link(partner, kid, R.STEP_PARENT if married else R.PARENTS_PARTNER,
                      started=arrived)
        for kid in second:
            plan.member(0, kid, MemberRole.CHILD, plan.people[kid].dob or arrived)
            plan.link(mother, kid, R.PARENT)
            plan.link(partner, kid, R.PARENT)
        plan.siblings(first)
        plan.siblings(second)
        for a in first:
            for b in second:
                plan.link(a, b, R.HALF_SIBLING)
        plan.mother, plan.father, plan.full_siblings = mother, partner, list(second)
        plan.unborn_family = self.kids_family(partner, new_family, bg_new, plan)
        plan.unborn_family_bg = bg_new

    def _kinship(self, plan: Plan, k: int) -> None:
        """Grandparents bringing up their grandchildren."""
        rng = self.rng
        k = min(k, 3)
        bg = self.namer.background()
        dobs = self.child_dobs(k)
        mother_dob = self.parent_dob(dobs[0], dobs[-1], mother=True)
        gran_dob = max(self.before(mother_dob, rng.triangular(18, 40, 25)),
                       self.before(self.as_of, 85))
        gran_dob = min(gran_dob, self.before(mother_dob, 16))
        family = self.family_name(bg)
        gran = self.adult(plan, bg, "F", gran_dob, family)
        mother = self.adult(plan, bg, "F", mother_dob, family)
        grandad = (self.adult(plan, bg, "M", self.before(gran_dob, rng.normalvariate(2, 3)),
                              family) if rng.random() < 0.45 else None)
        if grandad is not None:
            p = plan.people[grandad]
            p.dob = min(p.dob or gran_dob, self.before(mother_dob, 17))
        bg_f = self.namer.partner_background(bg)
        kid_family, kid_bg = ((family, bg) if rng.random() < 0.5
                              else (self.family_name(bg_f), bg_f))
        kids = self.kids(plan, dobs, mother=bg, father=bg_f, family=kid_family, family_bg=kid_bg)
        moved_in = min(self.between(dobs[-1] + 30 * DAY, self.as_of - 30 * DAY),
                       self.as_of - DAY)
        since = min(self.before(self.as_of, rng.uniform(2, 30)), moved_in)
        old = self.new_address(plan)
        plan.carer = gran
        plan.member(0, gran, MemberRole.PARENT, since)
        if grandad is not None:
            plan.member(0, grandad, MemberRole.PARENT, since)
            plan.link(grandad, gran, R.PARTNER, note="Married")
        plan.member(old, mother, MemberRole.PARENT, self.before(dobs[0], rng.uniform(0.2, 2)),
                    moved_in)
        for carer in (gran, grandad):
            if carer is not None:
                plan.link(carer, mother, R.PARENT)
        for kid in kids:
            plan.member(old, kid, MemberRole.CHILD, plan.people[kid].dob or moved_in, moved_in)
            plan.member(0, kid, MemberRole.CHILD, moved_in)
            plan.link(mother, kid, R.PARENT)
            for carer in (gran, grandad):
                if carer is not None:
                    plan.link(carer, kid, R.GRANDPARENT)
            if rng.random() < 0.4 and moved_in + 180 * DAY < self.as_of:
                plan.link(gran, kid, R.SPECIAL_GUARDIAN, started=moved_in + 180 * DAY)
        plan.siblings(kids)

    def _foster(self, plan: Plan, k: int) -> None:
        """Foster carers looking after children in care; the birth mother lives elsewhere."""
        rng = self.rng
        k = min(k, 2)
        bg_c = self.namer.background()
        family = self.family_name(bg_c)
        carer = self.adult(plan, bg_c, "F", self.before(self.as_of, rng.uniform(38, 64)), family)
        carer_dob = plan.people[carer].dob or self.as_of
        second = (self.adult(plan, bg_c, "M", self.before(carer_dob, rng.normalvariate(2, 4)),
                             family) if rng.random() < 0.8 else None)
        since = self.before(self.as_of, rng.uniform(3, 20))
        plan.member(0, carer, MemberRole.PARENT, since)
        if second is not None:
            plan.member(0, second, MemberRole.PARENT, since)
            plan.link(carer, second, R.PARTNER, note="Married")
        bg = self.namer.background()
        dobs = self.child_dobs(k)
        mother_dob = self.parent_dob(dobs[0], dobs[-1], mother=True)
        birth_family = self.family_name(bg)
        mother = self.adult(plan, bg, "F", mother_dob, birth_family)
        kids = self.kids(plan, dobs, mother=bg, father=self.namer.partner_background(bg),
                         family=birth_family, family_bg=bg)
        placed = self.between(max(dobs[-1] + 14 * DAY, self.before(self.as_of, 5)),
                              self.as_of - 14 * DAY)
        placed = max(min(placed, self.as_of - DAY), dobs[-1])
        home = self.new_address(plan)
        plan.member(home, mother, MemberRole.PARENT, self.before(dobs[0], rng.uniform(0.2, 2)))
        plan.carer, plan.placed = carer, placed
        for kid in kids:
            plan.member(home, kid, MemberRole.CHILD, plan.people[kid].dob or placed, placed)
            plan.member(0, kid, MemberRole.CHILD, placed)
            plan.link(mother, kid, R.PARENT)
            for c in (carer, second):
                if c is not None:
                    plan.link(c, kid, R.FOSTER_CARER, started=placed)
        plan.siblings(kids)

    def _adoptive(self, plan: Plan, k: int) -> None:
        """Adopters and their adopted children, whose records are sealed."""
        rng = self.rng
        k = min(k, 2)
        for _ in range(20):
            dobs = self.child_dobs(k)
            if dobs[-1] < self.before(self.as_of, 1.5):
                break
        placed = self.between(dobs[-1] + 180 * DAY,
                              min(self.before(dobs[-1], -4), self.as_of - 240 * DAY))
        ordered = min(self.between(placed + 180 * DAY, min(placed + 540 * DAY,
                                                           self.as_of - DAY)), self.as_of - DAY)
        placed = max(min(placed, ordered), dobs[-1])
        bg = self.namer.background()
        family = self.family_name(bg)
        first_dob = min(self.before(placed, rng.uniform(30, 48)), self.before(dobs[0], 20))
        adopters = [self.adult(plan, bg, "F", first_dob, family)]
        if rng.random() < 0.75:
            sex = "F" if rng.random() < 0.15 else "M"
            second_dob = min(self.before(first_dob, rng.normalvariate(2, 3)),
                             self.before(dobs[0], 20))
            adopters.append(self.adult(plan, bg, sex, second_dob, family))
            plan.link(adopters[0], adopters[1], R.PARTNER, note="Married")
        since = self.before(placed, rng.uniform(0.5, 10))
        for a in adopters:
            plan.member(0, a, MemberRole.PARENT, since)
        birth_bg = self.namer.background()
        birth_family = self.family_name(birth_bg)
        kids = self.kids(plan, dobs, mother=birth_bg,
                         father=self.namer.partner_background(birth_bg), family=family,
                         family_bg=bg)
        plan.carer, plan.placed = adopters[0], placed
        for kid in kids:
            p = plan.people[kid]
            p.sealed = True
            plan.other_names.append(OtherNameSpec(
                kid, OtherNameKind.FORMER, p.given, gendered(birth_family, birth_bg, p.sex),
                note="Birth name before adoption"))
            plan.member(0, kid, MemberRole.CHILD, placed)
            for a in adopters:
                plan.link(a, kid, R.PARENT, started=ordered, note="Adoptive parent")
        plan.siblings(kids)

    # ------------------------------------------------------------ extras
    def extras(self, plan: Plan, remaining: int) -> None:
        """Lodgers, friends staying, and babies on the way."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.02:
            bg = self.namer.background()
            sex = "M" if rng.random() < 0.6 else "F"
            lodger = self.adult(plan, bg, sex, self.before(self.as_of, rng.uniform(20, 60)),
                                self.family_name(bg))
            if roll < 0.012:
                start = self.before(self.as_of, rng.uniform(0.1, 4))
                ended = (self.between(start + 60 * DAY, self.as_of - DAY)
                         if rng.random() < 0.4 and start + 60 * DAY < self.as_of else None)
                plan.member(0, lodger, MemberRole.LODGER, start, ended)
            else:
                plan.member(0, lodger, MemberRole.FRIEND,
                            self.before(self.as_of, rng.uniform(0.02, 1)))
                plan.link(lodger, plan.carer, R.FAMILY_FRIEND)
        mother = plan.mother
        if mother is None or plan.children >= remaining or rng.random() >= 0.035:
            return
        m = plan.people[mother]
        youngest = min((plan.people[k].dob or self.as_of for k in plan.kids),
                       key=lambda d: (self.as_of - d).days, default=None)
        if m.dob is None or m.dob < self.before(self.as_of, 44) or (
                youngest is not None and (self.as_of - youngest).days < 270):
            return
        father_bg = plan.people[plan.father].bg if plan.father is not None else m.bg
        unborn = self.person(
            plan, kind=CHILD, bg=m.bg, sex="U", dob=None,
            family=plan.unborn_family or m.family, family_bg=plan.unborn_family_bg or m.bg,
            ethnicity=mixed_ethnicity(m.bg.ethnicity, father_bg.ethnicity),
            edd=self.as_of + dt.timedelta(days=rng.randrange(14, 250)))
        plan.link(mother, unborn, R.PARENT)
        if plan.father is not None:
            plan.link(plan.father, unborn, R.PARENT)
        for kid in plan.kids:
            plan.link(kid, unborn, R.SIBLING if kid in plan.full_siblings else R.HALF_SIBLING)
        plan.kids.append(unborn)

