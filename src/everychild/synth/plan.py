"""One household's worth of synthetic records, before they are written.

People are referred to by their index in `Plan.people`; addresses by their index in
`Plan.addresses` (0 is where the family lives now, later ones are past addresses).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from .name_data import Background
from .places import Address


@dataclass(slots=True)
class PersonSpec:
    ref: uuid.UUID
    kind: str
    given: str
    middle: str
    family: str
    sex: str
    dob: dt.date | None
    bg: Background
    ethnicity: str
    edd: dt.date | None = None
    nhs: str = ""
    upn: str = ""
    la_id: str = ""
    sealed: bool = False
    disabilities: list[str] = field(default_factory=list)  # CIN census codes


@dataclass(slots=True)
class Membership:
    address: int
    person: int
    role: str
    started: dt.date
    ended: dt.date | None = None


@dataclass(slots=True)
class Link:
    """'<person> is the <kind> of <related>'."""

    person: int
    related: int
    kind: str
    started: dt.date | None = None
    ended: dt.date | None = None
    note: str = ""


@dataclass(slots=True)
class InvolvementSpec:
    person: int
    agency: int
    staff: int | None
    role: str
    started: dt.date
    ended: dt.date | None = None


@dataclass(slots=True)
class OtherNameSpec:
    person: int
    kind: str
    given: str
    family: str
    agency: int | None = None
    note: str = ""


@dataclass
class Plan:
    kind: str
    addresses: list[Address] = field(default_factory=list)
    address_refs: list[uuid.UUID] = field(default_factory=list)
    people: list[PersonSpec] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    involvements: list[InvolvementSpec] = field(default_factory=list)
    other_names: list[OtherNameSpec] = field(default_factory=list)
    # Context for deciding agency involvement.
    carer: int = 0                     # the main carer living here
    kids: list[int] = field(default_factory=list)  # children of the household, born or not
    separated: bool = False            # parents have separated (private law, Cafcass)
    placed: dt.date | None = None      # when a fostered or adopted child came to live here
    # Who a new baby would belong to: the mother living here, her partner, the children
    # who would be full siblings, and the family name the baby would take.
    mother: int | None = None
    father: int | None = None
    full_siblings: list[int] = field(default_factory=list)
    unborn_family: str = ""
    unborn_family_bg: Background | None = None
    children: int = 0
    # Referrals about this household (synth.referrals), and the primary keys the writer
    # gave its people, in the order of `people`.
    referrals: list[Any] = field(default_factory=list)
    person_ids: list[int] = field(default_factory=list)
    # Casework episodes and partner agencies' chronology entries (synth.casework).
    episodes: list[Any] = field(default_factory=list)
    entries: list[Any] = field(default_factory=list)

    def member(self, address: int, person: int, role: str, started: dt.date,
               ended: dt.date | None = None) -> None:
        if ended is not None and ended < started:
            ended = started
        self.memberships.append(Membership(address, person, role, started, ended))

    def link(self, person: int, related: int, kind: str, *, started: dt.date | None = None,
             ended: dt.date | None = None, note: str = "") -> None:
        self.links.append(Link(person, related, kind, started, ended, note))

    def siblings(self, group: list[int], kind: str = "sibling") -> None:
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                self.link(a, b, kind)
