"""The synthetic authority's agencies, teams and staff, scaled to its number of children.

Staff get unusable passwords: only `everychild demo_users` makes accounts anyone can
sign in with.
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from everychild.agencies.models import Agency, AgencyKind, Staff, Team

from .naming import Namer
from .places import AUTHORITY, DISTRICTS, LA_CODE

# Children's social care teams (key -> name); `demo_users` finds them by these names.
CSC_TEAMS = {
    "front_door": "Front door (MASH)",
    "assessment": "Assessment team",
    "children_in_need": "Children in need team",
    "child_protection": "Child protection team",
    "looked_after": "Looked after children team",
    "adoption": "Adoption team",
    "quality": "Safeguarding and quality assurance",
    "business_support": "Business support",
    "information_governance": "Information governance",
    "contact_centre": "Contact centre",
}
# Share of the authority's open social care cases each team holds, and a typical caseload.
CASE_SHARE = {"assessment": 0.30, "children_in_need": 0.40, "child_protection": 0.20,
              "looked_after": 0.07, "adoption": 0.03}
CASELOAD = 16
CSC_CASE_RATE = 0.033  # share of children with an open social care case, roughly

GP_AREAS = ("Riverside", "Parkview", "Hilltop", "Millbrook", "Castle", "The Grange",
            "Oakwood", "Elm Tree", "Westgate", "Abbey", "Meadowbank", "Springfield", "Beacon",
            "Canal Street", "Station Road", "Brook Lane", "Market Square", "Valley")
GP_SUFFIXES = ("Medical Practice", "Surgery", "Health Centre", "Family Practice")
SAINTS = ("Mary", "John", "Peter", "Paul", "Andrew", "Michael", "Joseph", "Anne", "Luke",
          "Mark", "Thomas", "Bede", "Chad", "Hilda", "Aidan", "Margaret", "Francis",
          "Patrick", "George", "James")
SCHOOL_AREAS = (*DISTRICTS[3:], "Brookside", "Fernhill", "Greenacre", "Larkfield", "Moorside",
                "Pinewood", "Queensway", "Redbrook", "Woodlands")


@dataclass(frozen=True, slots=True)
class School:
    agency_id: int
    establishment: str  # the four digits a Unique Pupil Number carries
    sixth_form: bool


@dataclass
class Authority:
    """Primary keys of the agencies and pools of staff the people generator allocates."""

    csc: int
    early_help: int
    police: int
    acute: int
    community: int
    probation: int
    youth_offending: int
    cafcass: int
    housing: int
    board: int
    inspectorate: int
    gps: list[int]
    primaries: list[School]
    secondaries: list[School]
    pools: dict[str, list[int]] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)


def _ascii(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L").replace("ı", "i")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalpha()).lower()


class _Builder:
    def __init__(self, rng: random.Random, children: int) -> None:
        self.rng = rng
        self.namer = Namer(rng)
        self.n = children
        self.codes = set(Agency.objects.values_list("code", flat=True))
        self.usernames = set(Staff.objects.values_list("username", flat=True))
        self.agency_names: set[str] = set()
        self.staff: list[tuple[Staff, str]] = []  # (unsaved staff, pool or "")
        self.agencies: list[Agency] = []
        self.phone = 0

    # ------------------------------------------------------------ agencies and teams
    def agency(self, name: str, kind: str, code: str) -> Agency:
        base, n = code, 1
        while code in self.codes:
            n += 1
            code = f"{base}-{n}"
        self.codes.add(code)
        self.phone += 1
        agency = Agency.objects.create(
            name=name, kind=kind, code=code, phone=f"01632 {960000 + self.phone % 1000}",
            email=f"safeguarding@{code.lower()}.example")
        self.agencies.append(agency)
        return agency

    def unique_name(self, candidates: list[str], fallback: str) -> str:
        for name in candidates:
            if name not in self.agency_names:
                self.agency_names.add(name)
                return name
        n = 2
        while f"{fallback} ({n})" in self.agency_names:
            n += 1
        self.agency_names.add(f"{fallback} ({n})")
        return f"{fallback} ({n})"

    # ------------------------------------------------------------ staff
    def add_staff(self, agency: Agency, role: str, job_title: str, *, team: Team | None = None,
                  pool: str = "", count: int = 1) -> None:
        for _ in range(count):
            bg = self.namer.background()
            sex = "F" if self.rng.random() < 0.7 else "M"
            born = self.rng.randrange(1962, 2000)
            first = self.namer.given(bg, sex, born)
            last = self.namer.family(bg)
            stem = f"{_ascii(first) or 'staff'}.{_ascii(last) or 'member'}"
            username, n = stem, 1
            while username in self.usernames:
                n += 1
                username = f"{stem}{n}"
            self.usernames.add(username)
            staff = Staff(username=username, first_name=first, last_name=last,
                          email=f"{username}@{agency.code.lower()}.example", role=role,
                          agency=agency, team=team, job_title=job_title)
            staff.set_unusable_password()
            self.staff.append((staff, pool))

    def scaled(self, per: float, minimum: int) -> int:
        return max(minimum, math.ceil(self.n / per))


def build_authority(rng: random.Random, *, children: int) -> Authority:
    """Create the agencies, teams and staff; return what the people generator needs."""
    b = _Builder(rng, children)
    place = AUTHORITY
    csc = b.agency(f"{place} Council Children's Social Care", AgencyKind.CHILDRENS_SOCIAL_CARE,
                   f"LA{LA_CODE}")
    teams = {key: Team.objects.create(agency=csc, name=name) for key, name in CSC_TEAMS.items()}
    cases = CSC_CASE_RATE * children
    for key, share in CASE_SHARE.items():
        workers = max(2, math.ceil(share * cases / CASELOAD))
        b.add_staff(csc, "team_manager", "Team manager", team=teams[key],
                    count=max(1, workers // 7))
        b.add_staff(csc, "social_worker", "Social worker", team=teams[key], pool=key,
                    count=workers)
    b.add_staff(csc, "team_manager", "Team manager", team=teams["front_door"])
    b.add_staff(csc, "social_worker", "Social worker (front door)", team=teams["front_door"],
                count=b.scaled(15000, 2))
    b.add_staff(csc, "conference_chair", "Child protection conference chair",
                team=teams["quality"], count=b.scaled(20000, 2))
    b.add_staff(csc, "administrator", "Business support officer",
                team=teams["business_support"], count=b.scaled(20000, 2))
    b.add_staff(csc, "privacy_officer", "Data protection officer",
                team=teams["information_governance"])

    early_help = b.agency(f"{place} Early Help Service", AgencyKind.EARLY_HELP,
                          f"LA{LA_CODE}-EH")
    eh_team = Team.objects.create(agency=early_help, name="Family support")
    b.add_staff(early_help, "team_manager", "Early help manager", team=eh_team)
    b.add_staff(early_help, "social_worker", "Family support worker", team=eh_team,
                pool="early_help", count=b.scaled(800, 2))

    police = b.agency(f"{place} Constabulary", AgencyKind.POLICE, "POLNB")
    caiu = Team.objects.create(agency=police, name="Child Abuse Investigation Unit")
    Team.objects.create(agency=police, name="Public protection referral unit")
    b.add_staff(police, "police_investigator", "Detective sergeant", team=caiu,
                count=b.scaled(20000, 1))
    b.add_staff(police, "police_investigator", "Detective constable", team=caiu,
                pool="police", count=b.scaled(3000, 2))

    acute = b.agency(f"{place} Hospitals NHS Trust", AgencyKind.HEALTH_TRUST, "RZ8")
    for name in ("Emergency department", "Maternity", "Paediatrics"):
        Team.objects.create(agency=acute, name=name)
    acute_safeguarding = Team.objects.create(agency=acute, name="Safeguarding children team")
    b.add_staff(acute, "health_practitioner", "Named nurse for safeguarding children",
                team=acute_safeguarding)
    b.add_staff(acute, "health_practitioner", "Consultant paediatrician",
                team=acute_safeguarding, count=b.scaled(25000, 1))
    b.add_staff(acute, "health_practitioner", "Safeguarding midwife", team=acute_safeguarding)

    community = b.agency(f"{place} Community Health NHS Trust", AgencyKind.HEALTH_TRUST, "RZ9")
    hv = Team.objects.create(agency=community, name="Health visiting")
    sn = Team.objects.create(agency=community, name="School nursing")
    b.add_staff(community, "health_practitioner", "Health visitor", team=hv,
                pool="health_visiting", count=b.scaled(1100, 2))
    b.add_staff(community, "health_practitioner", "School nurse", team=sn,
                pool="school_nursing", count=b.scaled(2500, 1))

    gps: list[int] = []
    for _ in range(b.scaled(1800, 2)):
        area = rng.choice(GP_AREAS)
        suffix = rng.choice(GP_SUFFIXES)
        name = b.unique_name([f"{area} {suffix}", f"{area} {suffix}, {rng.choice(DISTRICTS)}"],
                             f"{area} {suffix}")
        gp = b.agency(name, AgencyKind.GP_PRACTICE, f"Z{90001 + len(gps)}")
        b.add_staff(gp, "health_practitioner", "GP safeguarding lead")
        gps.append(gp.pk)

    primaries: list[School] = []
    secondaries: list[School] = []
    n_primary, n_secondary = b.scaled(700, 2), b.scaled(3000, 2)
    if n_primary + n_secondary > 7999:
        raise ValueError("too many schools for four-digit establishment numbers; "
                         "generate fewer children")
    for i in range(n_primary):
        area, saint = rng.choice(SCHOOL_AREAS), rng.choice(SAINTS)
        name = b.unique_name(
            rng.sample([f"{area} Primary School", f"St {saint}'s Church of England Primary "
                        "School", f"St {saint}'s Catholic Primary School",
                        f"{area} Primary Academy"], 4), f"{area} Primary School")
        school = b.agency(name, AgencyKind.SCHOOL, f"{900001 + i}")
        b.add_staff(school, "designated_safeguarding_lead", "Designated safeguarding lead")
        primaries.append(School(school.pk, f"{2001 + i}", False))
    for i in range(n_secondary):
        area, saint = rng.choice(SCHOOL_AREAS), rng.choice(SAINTS)
        name = b.unique_name(
            rng.sample([f"{area} High School", f"{area} Academy",
                        f"St {saint}'s Catholic High School", f"{area} School"], 4),
            f"{area} High School")
        school = b.agency(name, AgencyKind.SCHOOL, f"{900001 + n_primary + i}")
        b.add_staff(school, "designated_safeguarding_lead", "Designated safeguarding lead")
        b.add_staff(school, "designated_safeguarding_lead",
                    "Deputy designated safeguarding lead")
        secondaries.append(School(school.pk, f"{2001 + n_primary + i}",
                                  rng.random() < 0.6))

    probation = b.agency(f"{place} Probation Delivery Unit", AgencyKind.PROBATION, "PDUNB")
    b.add_staff(probation, "partner_practitioner", "Probation officer",
                count=b.scaled(25000, 1))
    yot = b.agency(f"{place} Youth Justice Service", AgencyKind.YOUTH_OFFENDING,
                   f"LA{LA_CODE}-YJS")
    b.add_staff(yot, "team_manager", "Youth justice manager")
    b.add_staff(yot, "social_worker", "Youth justice officer", pool="youth_offending",
                count=b.scaled(4000, 2))
    cafcass = b.agency(f"Cafcass ({place} team)", AgencyKind.CAFCASS, "CAFNB")
    b.add_staff(cafcass, "social_worker", "Family court adviser", pool="cafcass",
                count=b.scaled(8000, 2))
    housing = b.agency(f"{place} Council Housing Options", AgencyKind.HOUSING,
                       f"LA{LA_CODE}-HO")
    b.add_staff(housing, "partner_practitioner", "Housing options officer",
                count=b.scaled(25000, 1))
    board = b.agency(f"{place} Safeguarding Children Partnership",
                     AgencyKind.SAFEGUARDING_BOARD, f"LA{LA_CODE}-SCP")
    b.add_staff(board, "board_analyst", "Performance and data analyst", count=2)
    inspectorate = b.agency("Inspectorate of Children's Services", AgencyKind.INSPECTORATE,
                            "INSPECT")
    b.add_staff(inspectorate, "inspector", "Social care inspector", count=2)

    # Last, so that adding them left every earlier name drawn from `rng` as it was.
    b.add_staff(csc, "contact_centre_officer", "Contact centre officer",
                team=teams["contact_centre"], count=b.scaled(20000, 2))

    Staff.objects.bulk_create([s for s, _ in b.staff], batch_size=500)
    pools: dict[str, list[int]] = {}
    for staff, pool in b.staff:
        if pool:
            pools.setdefault(pool, []).append(staff.pk)
    authority = Authority(
        csc=csc.pk, early_help=early_help.pk, police=police.pk, acute=acute.pk,
        community=community.pk, probation=probation.pk, youth_offending=yot.pk,
        cafcass=cafcass.pk, housing=housing.pk, board=board.pk, inspectorate=inspectorate.pk,
        gps=gps, primaries=primaries, secondaries=secondaries, pools=pools,
    )
    authority.counts.update(agencies=len(b.agencies), teams=Team.objects.filter(
        agency__in=b.agencies).count(), staff=len(b.staff))
    return authority
