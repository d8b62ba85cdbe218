"""Who refers children to the synthetic front door, how, and in what proportions.

Shares follow the pattern of England's children in need census (referrals by source):
police about 29%, schools and education about 20%, health about 15%, local authority
services about 10%, individuals about 8%, and the rest other agencies, anonymous callers
and sources not recorded. Every CIN `ReferralSource` code is used.

Referrers from an agency that exists in the synthetic authority are its staff, with
their names and email addresses (a school's designated safeguarding lead refers the
school's own pupils, a health visitor the babies on their caseload). Other referrers
(education services, another council, voluntary groups, the public) are invented, and
their referrals reach the front door by phone or email, typed in by a contact-centre
officer.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from everychild.agencies.models import Agency, Staff
from everychild.referrals.models import Channel

from .authority import CSC_TEAMS, Authority
from .naming import Namer
from .places import AUTHORITY, DISTRICTS
from .referral_text import EDUCATION, OTHER_LA, PRIMARY_HEALTH, VOLUNTARY

C = Channel


@dataclass(frozen=True, slots=True)
class Source:
    code: str
    share: float         # percent of all referrals
    group: str           # which concerns this kind of referrer raises (referral_text)
    referrer: str        # how the referrer is found (Directory.referrer)
    channels: tuple[tuple[str, int], ...]
    ages: tuple[float, float] = (-1.0, 18.0)  # the child the concern is about; -0.5 = unborn
    public: bool = False

    @property
    def police(self) -> bool:
        return self.code == "6"

    @property
    def health(self) -> bool:
        return self.code.startswith("3")

    @property
    def education(self) -> bool:
        return self.code.startswith("2")


SOURCES = (
    Source("6", 29.0, "police", "police", ((C.API, 45), (C.ONLINE, 30), (C.EMAIL, 15),
                                           (C.PHONE, 10))),
    Source("2A", 18.0, "school", "school", ((C.ONLINE, 70), (C.EMAIL, 15), (C.PHONE, 15)),
           ages=(4.0, 18.0)),
    Source("2B", 2.0, "school", "education", ((C.EMAIL, 60), (C.PHONE, 40)), ages=(4.0, 18.0)),
    Source("3A", 3.0, "health", "gp", ((C.ONLINE, 50), (C.EMAIL, 30), (C.PHONE, 20))),
    Source("3B", 2.5, "health", "health_visitor", ((C.ONLINE, 60), (C.PHONE, 25),
                                                   (C.EMAIL, 15)), ages=(-1.0, 5.0)),
    Source("3C", 1.0, "health", "school_nurse", ((C.ONLINE, 60), (C.PHONE, 20), (C.EMAIL, 20)),
           ages=(4.0, 18.0)),
    Source("3D", 1.5, "health", "primary_health", ((C.EMAIL, 50), (C.PHONE, 50))),
    Source("3E", 3.5, "health", "a_and_e", ((C.ONLINE, 50), (C.PHONE, 40), (C.EMAIL, 10)),
           ages=(0.0, 18.0)),
    Source("3F", 3.5, "health", "hospital", ((C.ONLINE, 60), (C.PHONE, 25), (C.EMAIL, 15))),
    Source("4", 2.0, "la", "housing", ((C.ONLINE, 60), (C.EMAIL, 25), (C.PHONE, 15))),
    Source("5A", 3.5, "la", "social_care", ((C.ONLINE, 80), (C.EMAIL, 20))),
    Source("5B", 2.0, "la", "youth_justice", ((C.ONLINE, 70), (C.EMAIL, 30)),
           ages=(10.0, 18.0)),
    Source("5C", 1.5, "la", "other_la", ((C.EMAIL, 70), (C.PHONE, 30))),
    Source("5D", 3.0, "la", "early_help", ((C.ONLINE, 80), (C.EMAIL, 20))),
    Source("7", 3.0, "la", "legal", ((C.ONLINE, 50), (C.EMAIL, 30), (C.PHONE, 20))),
    Source("8", 6.0, "la", "voluntary", ((C.EMAIL, 50), (C.PHONE, 45), (C.IN_PERSON, 5))),
    Source("1A", 4.0, "public", "family", ((C.PHONE, 80), (C.EMAIL, 15), (C.IN_PERSON, 5)),
           public=True),
    Source("1B", 2.0, "public", "acquaintance", ((C.PHONE, 85), (C.EMAIL, 15)), public=True),
    Source("1C", 1.0, "child", "self", ((C.PHONE, 80), (C.IN_PERSON, 20)), ages=(11.0, 18.0),
           public=True),
    Source("1D", 1.0, "public", "public", ((C.PHONE, 90), (C.EMAIL, 10)), public=True),
    Source("9", 4.0, "public", "anonymous", ((C.PHONE, 85), (C.EMAIL, 15)), public=True),
    Source("10", 3.0, "public", "unknown", ((C.PHONE, 70), (C.EMAIL, 30)), public=True),
)
BY_CODE = {s.code: s for s in SOURCES}
# Sources that only fit some children are drawn more often, so that after a household
# without such a child draws again the shares still come out as above (measured); the
# police, who take the referral when nothing else fits, a little less.
_FIT = {"2A": 1.25, "2B": 1.25, "3B": 1.8, "3C": 1.25, "5B": 2.6, "1C": 2.0, "6": 0.96}
_CUM: list[float] = []
_total = 0.0
for _s in SOURCES:
    _total += _s.share * _FIT.get(_s.code, 1.0)
    _CUM.append(_total)


def draw_source(rng: random.Random) -> Source:
    return rng.choices(SOURCES, cum_weights=_CUM)[0]


def draw_channel(rng: random.Random, source: Source, *, staff: bool) -> str:
    channels = source.channels if staff else tuple(
        c for c in source.channels if c[0] not in (C.ONLINE, C.API)) or ((C.PHONE, 1),)
    return rng.choices([c for c, _ in channels], weights=[w for _, w in channels])[0]


@dataclass(frozen=True, slots=True)
class StaffInfo:
    pk: int
    name: str
    email: str
    job_title: str
    agency: int


@dataclass(frozen=True, slots=True)
class Referrer:
    name: str = ""
    role: str = ""
    agency: int | None = None
    organisation: str = ""
    phone: str = ""
    email: str = ""
    staff: int | None = None  # a user of Everychild, who may send it online or by API


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in ascii_text.lower() if c.isalnum())


class Directory:
    """The synthetic authority's staff, read once, for referrers and front-door workers."""

    def __init__(self, rng: random.Random, authority: Authority) -> None:
        self.rng = rng
        self.namer = Namer(rng)
        self.a = authority
        agencies = {pk: (name, phone) for pk, name, phone in Agency.objects.values_list(
            "pk", "name", "phone")}
        self.agency_names = {pk: name for pk, (name, _) in agencies.items()}
        self.agency_phones = {pk: phone for pk, (_, phone) in agencies.items()}
        self.by_agency: dict[int, list[StaffInfo]] = {}
        self.by_job: dict[str, list[StaffInfo]] = {}
        self.by_pk: dict[int, StaffInfo] = {}
        self.front_door: list[int] = []
        self.managers: list[int] = []
        self.contact_centre: list[int] = []
        csc_workers: list[StaffInfo] = []
        casework = {CSC_TEAMS[k] for k in ("assessment", "children_in_need",
                                           "child_protection", "looked_after")}
        for pk, first, last, email, job, agency, team, role in Staff.objects.filter(
                agency_id__in=list(agencies)).order_by("pk").values_list(
                "pk", "first_name", "last_name", "email", "job_title", "agency_id",
                "team__name", "role"):
            info = StaffInfo(pk, f"{first} {last}", email, job, agency)
            self.by_pk[pk] = info
            self.by_agency.setdefault(agency, []).append(info)
            self.by_job.setdefault(job, []).append(info)
            if agency == authority.csc:
                if team == CSC_TEAMS["front_door"]:
                    (self.managers if role == "team_manager" else self.front_door).append(pk)
                elif team == CSC_TEAMS["contact_centre"]:
                    self.contact_centre.append(pk)
                elif team in casework and role == "social_worker":
                    csc_workers.append(info)
        self.csc_workers = csc_workers
        # Older databases (made before the contact centre existed) fall back on the front door.
        self.contact_centre = self.contact_centre or self.front_door
        if not (self.front_door and self.managers):
            raise ValueError("the synthetic authority has no front-door team to triage referrals")

    # ------------------------------------------------------------ staff referrers
    def _staff(self, info: StaffInfo, organisation: str = "") -> Referrer:
        return Referrer(info.name, info.job_title, info.agency,
                        organisation or self.agency_names.get(info.agency, ""),
                        self.agency_phones.get(info.agency, ""), info.email, info.pk)

    def _pick(self, pool: list[StaffInfo]) -> StaffInfo | None:
        return self.rng.choice(pool) if pool else None

    def staff_referrer(self, kind: str, *, school: int | None, gp: int | None,
                       visitor: int | None, prebirth: bool) -> Referrer | None:
        rng, a = self.rng, self.a
        info: StaffInfo | None = None
        organisation = ""
        if kind == "police":
            info = self._pick(self.by_agency.get(a.police, []))
        elif kind == "school" and school is not None:
            info = self._pick(self.by_agency.get(school, []))
        elif kind == "gp":
            info = self._pick(self.by_agency.get(gp if gp is not None else rng.choice(a.gps), []))
        elif kind == "health_visitor":
            info = (self.by_pk.get(visitor) if visitor is not None else None) or self._pick(
                self.by_job.get("Health visitor", []))
        elif kind == "school_nurse":
            info = self._pick(self.by_job.get("School nurse", []))
        elif kind in ("a_and_e", "hospital"):
            staff = self.by_agency.get(a.acute, [])
            if prebirth:
                staff = [s for s in staff if "midwife" in s.job_title] or staff
            info = self._pick(staff)
            if kind == "a_and_e":
                organisation = f"Emergency department, {self.agency_names.get(a.acute, '')}"
        elif kind == "housing":
            info = self._pick(self.by_agency.get(a.housing, []))
        elif kind == "social_care":
            info = self._pick(self.csc_workers)
        elif kind == "youth_justice":
            info = self._pick(self.by_agency.get(a.youth_offending, []))
        elif kind == "early_help":
            info = self._pick(self.by_agency.get(a.early_help, []))
        elif kind == "legal":
            info = self._pick(self.by_agency.get(
                a.probation if rng.random() < 0.6 else a.cafcass, []))
        return self._staff(info, organisation) if info is not None else None

    # ------------------------------------------------------------ everyone else
    def _person_name(self, *, family: str = "", sex: str = "") -> tuple[str, str]:
        bg = self.namer.background()
        sex = sex or ("F" if self.rng.random() < 0.6 else "M")
        return self.namer.given(bg, sex, self.rng.randrange(1955, 2000)), \
            family or self.namer.family(bg)

    def mobile(self) -> str:
        return f"07700 900{self.rng.randrange(1000):03d}"  # numbers kept for drama

    def landline(self) -> str:
        return f"01632 960{self.rng.randrange(1000):03d}"

    def invented(self, kind: str, *, family: str = "",
                 relative: tuple[str, str, str] | None = None,
                 child: tuple[str, str] | None = None) -> Referrer:
        """A referrer from outside the authority's agencies. `relative` is a parent who
        does not live with the child (given, family, relationship), who may ring about
        them; `child` is the child themselves."""
        rng = self.rng
        if kind == "anonymous":
            return Referrer(role="Anonymous caller")
        if kind == "self" and child is not None:
            return Referrer(f"{child[0]} {child[1]}".strip(), "The child",
                            phone=self.mobile())
        if kind == "family":
            if relative is not None and rng.random() < 0.4:
                given, fam, role = relative
                return Referrer(f"{given} {fam}".strip(), role, phone=self.mobile())
            given, fam = self._person_name(family=family if rng.random() < 0.6 else "", sex="F")
            role = rng.choice(("Maternal grandmother", "Paternal grandmother", "Aunt",
                               "Older sister", "Great-aunt"))
            return Referrer(f"{given} {fam}", role, phone=self.mobile(),
                            email="" if rng.random() < 0.7 else self._email(given, fam,
                                                                            "mail"))
        if kind in ("acquaintance", "public", "unknown"):
            given, fam = self._person_name()
            role = {"acquaintance": rng.choice(("Neighbour", "Childminder", "Friend's parent")),
                    "public": "Member of the public",
                    "unknown": "Not recorded"}[kind]
            if kind == "unknown" and rng.random() < 0.5:
                return Referrer(given, role, phone=self.mobile())
            return Referrer(f"{given} {fam}", role, phone=self.mobile(),
                            email="" if rng.random() < 0.8 else self._email(given, fam, "mail"))
        given, fam = self._person_name()
        place = rng.choice(DISTRICTS)
        if kind == "education":
            what, role = rng.choice(EDUCATION)
            organisation = f"{AUTHORITY} Council {what}"
        elif kind == "primary_health":
            what, role = rng.choice(PRIMARY_HEALTH)
            organisation = f"{place} {what}"
        elif kind == "other_la":
            organisation, role = f"Children's Services, {rng.choice(OTHER_LA)}", "Social worker"
        else:
            what, role = rng.choice(VOLUNTARY)
            organisation = f"{place} {what}"
        return Referrer(f"{given} {fam}", role, None, organisation, self.landline(),
                        self._email(given, fam, organisation))

    @staticmethod
    def _email(given: str, family: str, organisation: str) -> str:
        domain = _slug(organisation)[:30] or "mail"
        return f"{_slug(given) or 'contact'}.{_slug(family) or 'name'}@{domain}.example"
