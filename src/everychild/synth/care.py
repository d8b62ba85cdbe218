"""Households where children are brought up by someone other than their parents:
grandparents (kinship care), foster carers, and adopters (whose adopted children are
sealed)."""

from __future__ import annotations

from everychild.people.models import MemberRole, OtherNameKind, RelationshipKind

from .family_base import DAY, FamilyBase
from .naming import gendered
from .plan import OtherNameSpec, Plan

R = RelationshipKind


class CareHouseholds(FamilyBase):
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
