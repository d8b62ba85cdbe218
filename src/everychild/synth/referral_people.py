"""Who is on a synthetic referral, and how the referrer described them.

A referrer writes down people as they know them: a teacher has the school's spelling
and the date of birth, a neighbour a nickname and a rough age, a police officer the name
an adult gave at the door. The front door's matcher has to find the records behind those
descriptions, so the descriptions vary the way real ones do: nicknames, misspellings,
given and family names swapped, partial or day/month-transposed dates of birth, names
the person is also known by, and adults nobody has on record.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field

from everychild.people.models import MemberRole, OtherNameKind, PersonKind, RelationshipKind
from everychild.referrals.models import PersonRole

from .naming import Namer, has_nickname, has_variant
from .plan import OtherNameSpec, PersonSpec, Plan

R = RelationshipKind
# A baby expected within this many days can be named on a referral before birth.
PRE_BIRTH_DAYS = 200


@dataclass(slots=True)
class Mention:
    """One person on a referral. `person` is their index in the household plan (None for
    an adult nobody has on record, who is then `stranger`)."""

    role: str
    given: str
    family: str
    other_names: list[list[str]] = field(default_factory=list)
    sex: str = ""
    dob: str = ""
    edd: dt.date | None = None
    nhs: str = ""
    upn: str = ""
    relationship: str = ""
    lives_in_household: bool = True
    is_family: bool = True
    school: str = ""
    notes: str = ""
    person: int | None = None
    stranger: Stranger | None = None
    how: str = "exact"  # how the name was given: exact, nickname, misspelt, swapped, alias...
    # Filled in when the front door resolves the person (older referrals).
    match_status: str = "pending"
    matched_by: int | None = None
    matched_at: dt.datetime | None = None


@dataclass(slots=True)
class Stranger:
    """An adult in a household whom no agency has recorded: 'mum's new boyfriend, Dean'."""

    ref: uuid.UUID
    given: str
    family: str
    sex: str
    year: int | None
    relationship: str
    recorded: bool = False  # a front-door worker has made a record for them


@dataclass
class Household:
    """What the referral generator remembers about one household while planning it."""

    plan: Plan
    memberships: list[tuple[int, int, str, dt.date, dt.date | None]]
    parents_of: dict[int, list[int]]
    links_to: dict[int, dict[int, str]]
    schools: dict[int, list[tuple[int, dt.date, dt.date | None]]]
    gps: dict[int, int]
    visitors: dict[int, int]
    known_names: dict[int, list[OtherNameSpec]]
    # Referrals already made about the household: (received, source, concern).
    earlier: list[tuple[dt.datetime, str, str]] = field(default_factory=list)
    stranger: Stranger | None = None

    @classmethod
    def of(cls, plan: Plan, *, schools: set[int], gps: set[int], community: int) -> Household:
        parents_of: dict[int, list[int]] = {}
        links_to: dict[int, dict[int, str]] = {}
        for link in plan.links:
            links_to.setdefault(link.related, {})[link.person] = link.kind
            if link.kind == R.PARENT:
                parents_of.setdefault(link.related, []).append(link.person)
        at_school: dict[int, list[tuple[int, dt.date, dt.date | None]]] = {}
        gp: dict[int, int] = {}
        visitor: dict[int, int] = {}
        for inv in plan.involvements:
            if inv.agency in schools:
                at_school.setdefault(inv.person, []).append((inv.agency, inv.started, inv.ended))
            elif inv.agency in gps:
                gp[inv.person] = inv.agency
            elif inv.agency == community and inv.staff is not None:
                visitor[inv.person] = inv.staff
        known: dict[int, list[OtherNameSpec]] = {}
        for o in plan.other_names:
            known.setdefault(o.person, []).append(o)
        return cls(plan, [(m.address, m.person, m.role, m.started, m.ended)
                          for m in plan.memberships], parents_of, links_to, at_school, gp,
                   visitor, known)

    def living(self, day: dt.date) -> dict[int, list[tuple[int, str]]]:
        """Who lived where on `day`: address -> [(person, membership role)]."""
        out: dict[int, list[tuple[int, str]]] = {}
        for address, person, role, started, ended in self.memberships:
            if started <= day and (ended is None or day < ended):
                out.setdefault(address, []).append((person, role))
        return out

    def school_on(self, person: int, day: dt.date) -> int | None:
        for agency, started, ended in self.schools.get(person, ()):
            if started <= day and (ended is None or day < ended):
                return agency
        return None


def age_on(p: PersonSpec, day: dt.date) -> float:
    """Years old on `day`; an unborn child counts as -0.5."""
    if p.dob is None or p.dob > day:
        return -0.5
    return (day - p.dob).days / 365.25


def _typo(rng: random.Random, name: str) -> str:
    if len(name) < 4:
        return name + name[-1]
    i = rng.randrange(1, len(name) - 1)
    roll = rng.random()
    if roll < 0.4:
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    if roll < 0.7:
        return name[:i] + name[i + 1:]
    return name[:i] + name[i] + name[i:]


class Describer:
    """Turns people in a household plan into what a referrer wrote about them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.namer = Namer(rng)

    # ------------------------------------------------------------ names
    def name(self, p: PersonSpec, idx: int, hh: Household, *, public: bool, force: str = "",
             on_record: bool) -> tuple[str, str, list[list[str]], str]:
        """(given, family, other names listed, how). When the referrer uses a name the
        records do not hold, it is added to the person's other names if `on_record` (the
        front door records it when linking, so the next referral finds them)."""
        rng = self.rng
        given, family = p.given, p.family
        if force:
            how = force
        else:
            roll = rng.random()
            cut = (0.45, 0.63, 0.77, 0.82, 0.90) if public else (0.76, 0.82, 0.89, 0.92, 0.98)
            how = ("exact" if roll < cut[0] else "nickname" if roll < cut[1] else
                   "misspelt" if roll < cut[2] else "swapped" if roll < cut[3] else
                   "alias" if roll < cut[4] else "given_only")
        if how == "nickname" and has_nickname(given):
            return self.namer.nickname(given) or given, family, [], how
        if how == "misspelt" and given:
            part = "given" if rng.random() < 0.5 else "family"
            name = given if part == "given" else family
            wrong = (self.namer.variant(name) if has_variant(name) else None) or _typo(rng, name)
            return (wrong, family, [], how) if part == "given" else (given, wrong, [], how)
        if how == "swapped" and given:
            return family, given, [], how
        if how == "given_only" and given and p.kind == PersonKind.ADULT:
            return given, "", [], how
        if how == "alias":
            alias = self.alias(p, idx, hh, on_record=on_record)
            if alias is not None:
                if rng.random() < 0.45:  # 'also known as' beside the recorded name
                    return given, family, [list(alias)], how
                return alias[0], alias[1], [], how
        return given, family, [], "exact"

    def alias(self, p: PersonSpec, idx: int, hh: Household, *,
              on_record: bool) -> tuple[str, str] | None:
        rng = self.rng
        known = [o for o in hh.known_names.get(idx, ()) if o.kind != OtherNameKind.FORMER
                 or not p.sealed]
        if known and rng.random() < 0.7:
            o = rng.choice(known)
            return (o.given or p.given, o.family or p.family)
        bg = p.bg
        if p.kind == PersonKind.CHILD:
            others = [q.family for q in hh.plan.people if q.family and q.family != p.family
                      and q.kind == PersonKind.ADULT]
            alias = ((p.given, rng.choice(others)) if others and rng.random() < 0.6 else
                     (self.namer.given(bg, p.sex if p.sex in ("M", "F") else "F", 2012), p.family))
        else:
            alias = (self.namer.given(bg, p.sex if p.sex in ("M", "F") else "M", 1990),
                     self.namer.family(bg))
        if not alias[0] or alias == (p.given, p.family):
            return None
        if on_record:
            spec = OtherNameSpec(idx, OtherNameKind.ALIAS, alias[0], alias[1],
                                 note="Name given on a referral")
            hh.plan.other_names.append(spec)
            hh.known_names.setdefault(idx, []).append(spec)
        return alias

    # ------------------------------------------------------------ dates of birth
    def dob(self, p: PersonSpec, *, public: bool, police: bool, on: dt.date) -> str:
        rng = self.rng
        if p.dob is None:
            return ""
        d = p.dob
        roll = rng.random()
        if p.kind == PersonKind.CHILD:
            cut = (0.30, 0.35, 0.45, 0.70) if public else (0.82, 0.87, 0.92, 0.95)
        elif police:
            cut = (0.70, 0.72, 0.74, 0.84)
        else:
            cut = (0.05, 0.05, 0.05, 0.30) if public else (0.35, 0.38, 0.40, 0.50)
        if roll < cut[0]:
            return d.isoformat()
        if roll < cut[1]:
            if d.day <= 12 and d.day != d.month:
                swapped = dt.date(d.year, d.day, d.month)
                if swapped <= on:
                    return swapped.isoformat()
            return d.isoformat()
        if roll < cut[2]:
            return f"{d.year:04d}-{d.month:02d}"
        if roll < cut[3]:
            return f"{d.year:04d}"
        return ""

    # ------------------------------------------------------------ whole people
    def person(self, p: PersonSpec, idx: int, hh: Household, *, role: str, relationship: str,
               lives: bool, is_family: bool, public: bool, police: bool, health: bool,
               on: dt.date, on_record: bool, force: str = "", upn: bool = False,
               school: str = "") -> Mention:
        rng = self.rng
        if p.dob is None or p.dob > on:  # not yet born on the day of the referral
            edd = p.edd if p.dob is None else p.dob + dt.timedelta(days=rng.randint(-14, 14))
            return Mention(role, "Unborn" if rng.random() < 0.3 else "Baby", p.family,
                           edd=edd, relationship=relationship, lives_in_household=lives,
                           is_family=is_family, person=idx, how="unborn")
        given, family, others, how = self.name(p, idx, hh, public=public, force=force,
                                               on_record=on_record)
        sex = p.sex if not (public and rng.random() < 0.1) else ""
        m = Mention(role, given, family, others, sex, self.dob(p, public=public, police=police,
                                                                on=on),
                    relationship=relationship, lives_in_household=lives, is_family=is_family,
                    person=idx, how=how, school=school)
        child = p.kind == PersonKind.CHILD
        if health and p.nhs and rng.random() < (0.7 if role == PersonRole.SUBJECT_CHILD
                                                else 0.4 if child else 0.2):
            m.nhs = p.nhs
        if upn and p.upn and rng.random() < 0.45:
            m.upn = p.upn
        return m

    def stranger(self, hh: Household, *, carer: PersonSpec | None) -> Stranger:
        """Invent the household's unrecorded adult (kept, so later referrals name them too)."""
        if hh.stranger is None:
            rng = self.rng
            bg = carer.bg if carer is not None and rng.random() < 0.6 else self.namer.background()
            sex = "M" if rng.random() < 0.85 else "F"
            year = (carer.dob.year + rng.randint(-6, 4)) if carer is not None and carer.dob \
                else None
            relationship = rng.choice(("mother's partner", "mother's boyfriend", "visitor",
                                       "uncle (not related)", "friend of the family")) \
                if sex == "M" else rng.choice(("visitor", "friend of the family"))
            hh.stranger = Stranger(uuid.UUID(int=rng.getrandbits(128), version=4),
                                   self.namer.given(bg, sex, year or 1990),
                                   self.namer.family(bg) if rng.random() < 0.5 else "",
                                   sex, year, relationship)
        return hh.stranger

    def stranger_mention(self, s: Stranger, *, lives: bool, on: dt.date) -> Mention:
        rng = self.rng
        notes = [] if s.family else ["Surname not known"]
        if s.year and rng.random() < 0.5:
            notes.append(f"thought to be about {on.year - s.year}")
        return Mention(PersonRole.OTHER_ADULT, s.given, s.family, sex=s.sex,
                       dob=f"{s.year:04d}" if s.year and rng.random() < 0.3 else "",
                       relationship=s.relationship, lives_in_household=lives,
                       is_family=False, stranger=s, how="stranger", notes="; ".join(notes))


def relationship_to(hh: Household, adult: int, child: int, role: str) -> tuple[str, str, bool]:
    """(referral role, relationship to the child, is family) for an adult in the house."""
    p = hh.plan.people[adult]
    kind = hh.links_to.get(child, {}).get(adult, "")
    female = p.sex == "F"
    if kind == R.PARENT:
        return PersonRole.PARENT, "mother" if female else "father", True
    if kind == R.STEP_PARENT:
        return PersonRole.PARENT, "stepmother" if female else "stepfather", True
    if kind in (R.GRANDPARENT, R.SPECIAL_GUARDIAN):
        return PersonRole.PARENT, "grandmother" if female else "grandfather", True
    if kind == R.FOSTER_CARER:
        return PersonRole.PARENT, "foster carer", False
    if kind == R.PARENTS_PARTNER or role == MemberRole.PARTNER_OF_PARENT:
        return PersonRole.OTHER_ADULT, "mother's partner" if not female else "father's partner", \
            False
    if role == MemberRole.LODGER:
        return PersonRole.OTHER_ADULT, "lodger", False
    if role == MemberRole.FRIEND:
        return PersonRole.OTHER_ADULT, "family friend staying", False
    if role == MemberRole.PARENT:
        return PersonRole.PARENT, "carer", True
    return PersonRole.OTHER_ADULT, "relative", True
