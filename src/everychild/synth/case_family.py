"""What the casework generator reads from one household's plan: names, ages, carers and
the agencies working with each child on a given day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from everychild.people.models import MemberRole, PersonKind

from .authority import Authority
from .plan import Plan


@dataclass(frozen=True, slots=True)
class Partner:
    agency: int
    staff: int | None
    kind: str  # school, gp, health_visitor, police, other
    started: dt.date
    ended: dt.date | None


class Family:
    def __init__(self, plan: Plan, authority: Authority) -> None:
        self.plan = plan
        a = authority
        schools = {s.agency_id for s in (*a.primaries, *a.secondaries)}
        gps = set(a.gps)
        self.partners: dict[int, list[Partner]] = {}
        for inv in plan.involvements:
            if inv.agency in schools:
                kind = "school"
            elif inv.agency in gps:
                kind = "gp"
            elif inv.agency == a.community and inv.staff is not None:
                kind = "health_visitor"
            elif inv.agency == a.police:
                kind = "police"
            elif inv.agency == a.csc:
                continue
            else:
                kind = "other"
            self.partners.setdefault(inv.person, []).append(
                Partner(inv.agency, inv.staff, kind, inv.started, inv.ended))
        # The adults who bring the children up: parents living in the household.
        self.carers: list[int] = []
        for m in plan.memberships:
            if m.role == MemberRole.PARENT and m.address == 0 and m.ended is None \
                    and plan.people[m.person].kind == PersonKind.ADULT \
                    and m.person not in self.carers:
                self.carers.append(m.person)
        if not self.carers:
            self.carers = [plan.carer]

    def given(self, person: int) -> str:
        return self.plan.people[person].given or "the child"

    @property
    def carer_name(self) -> str:
        return self.plan.people[self.carers[0]].given or "the parent"

    def full_name(self, person: int) -> str:
        p = self.plan.people[person]
        return f"{p.given} {p.family}".strip()

    def dob(self, person: int) -> dt.date | None:
        return self.plan.people[person].dob

    def age(self, person: int, day: dt.date) -> float:
        dob = self.dob(person)
        return -0.5 if dob is None or dob > day else (day - dob).days / 365.25

    def adult_on(self, person: int) -> dt.date:
        """The day the child turns 18 (far off for an unborn child)."""
        dob = self.dob(person) or dt.date(9000, 1, 1)
        try:
            return dob.replace(year=dob.year + 18)
        except ValueError:  # born on 29 February
            return dob.replace(year=dob.year + 18, day=28)

    def on(self, person: int, day: dt.date) -> list[Partner]:
        return [p for p in self.partners.get(person, ())
                if p.started <= day and (p.ended is None or day < p.ended)]

    def partner(self, person: int, day: dt.date, kind: str) -> Partner | None:
        return next((p for p in self.on(person, day) if p.kind == kind), None)
