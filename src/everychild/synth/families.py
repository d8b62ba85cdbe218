"""Households: who lives together, how they are related, and since when.

Dates are worked out so that they hang together: parents are 16 to 50 years older than
their children, siblings are spaced as families space them (with the odd pair of
twins), people move house, couples separate and new partners move in.
"""

from __future__ import annotations

import datetime as dt

from everychild.people.models import MemberRole, OtherNameKind, RelationshipKind

from .care import CareHouseholds
from .family_base import ADULT, CHILD, DAY
from .naming import gendered, mixed_ethnicity
from .plan import OtherNameSpec, Plan

R = RelationshipKind

TYPES = ("couple", "single_mother", "single_father", "step_family", "kinship", "foster")
TYPE_CUM = (560, 750, 775, 865, 880, 886)
KID_COUNTS = (1, 2, 3, 4, 5, 6)
KID_CUM = (420, 800, 930, 975, 993, 1000)
# One household in this many is an adoptive family; their adopted children are sealed.
ADOPTIVE_EVERY = 700
MULTIGENERATION = {"pakistani": 0.25, "bangladeshi": 0.25, "indian_hindu": 0.2,
                   "indian_sikh": 0.2}


class FamilyMaker(CareHouseholds):
    """Makes one household at a time: its kind, people, homes and relationships."""

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
        if not married and not own and rng.random() < 0.2:
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
        own = namer.woman_own_family(bg) if mother_led else None
        carer_family = own or self.family_name(bg)
        other_family = self.family_name(bg_o)
        carer = self.adult(plan, bg, "F" if mother_led else "M", carer_dob, carer_family)
        recorded = rng.random() < (0.35 if mother_led else 0.6)
        other = (self.adult(plan, bg_o, "M" if mother_led else "F", other_dob, other_family)
                 if recorded else None)
        if mother_led:
            father_bg, mother_bg = bg_o, bg
            # A woman's own family name (e.g. Begum) is not passed to her children.
            family, family_bg = ((self.kids_family(other, other_family, bg_o, plan), bg_o)
                                 if own or rng.random() < 0.55 else (carer_family, bg))
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
            plan.mother, plan.unborn_family, plan.unborn_family_bg = carer, family, family_bg
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
