"""Demo sign-in accounts, one per role, placed in the synthetic authority so that each has
real relationships to real (synthetic) children.

Running it again resets the accounts (password, lockouts, second factor) and keeps the
demo social worker's caseload; nothing is duplicated.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import password_validation
from django.db import transaction
from django.db.models import Count, Q

from everychild.access import policy
from everychild.agencies.models import Agency, AgencyKind, Staff, Team
from everychild.casework.models import Episode
from everychild.core import clock, request_context
from everychild.people import services
from everychild.people.models import Involvement, InvolvementRole, Person
from everychild.referrals.models import Referral, Status

from .authority import CSC_TEAMS
from .demo_casework import (
    Example,
    bring_forward,
    chair_conferences,
    example_plan,
    hand_over,
    join_core_group,
    open_cp_children,
)

DEMO_PASSWORD = "everychild-demo-2026"  # noqa: S105 (printed for the demo on purpose)
URL = "http://127.0.0.1:8000"
CASELOAD = 15
# Demo usernames by role; a role added to the policy later gets "<role>.demo".
USERNAMES = {
    "social_worker": "sw.demo", "team_manager": "manager.demo",
    "conference_chair": "chair.demo", "designated_safeguarding_lead": "dsl.demo",
    "police_investigator": "police.demo", "health_practitioner": "health.demo",
    "board_analyst": "analyst.demo", "inspector": "inspector.demo",
    "administrator": "admin.demo", "privacy_officer": "privacy.demo",
    "contact_centre_officer": "contact.demo", "partner_practitioner": "probation.demo",
}
# Teams whose social workers hold ordinary caseloads, most useful to show first.
CASEWORK_TEAMS = ("child_protection", "children_in_need", "assessment")


class NoAuthority(Exception):
    """synth has not been run on this database."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    role_label: str
    agency: str
    can_see: str


@dataclass(frozen=True)
class _Place:
    agency: Agency
    team: Team | None = None


def _open(**filters: object) -> Q:
    return Q(ended__isnull=True, **filters)


def _caseload(staff: Staff) -> list[int]:
    return list(Involvement.objects.filter(
        _open(staff=staff, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER))
        .order_by("person_id").values_list("person_id", flat=True))


def _donors(csc: Agency) -> list[int]:
    """Synthetic social workers whose cases best show the demo, best first: casework
    teams, children at school and known to the police, a caseload near 15."""
    teams = [CSC_TEAMS[t] for t in CASEWORK_TEAMS]
    counts = (Involvement.objects
              .filter(_open(agency=csc, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
                            staff__team__name__in=teams))
              .exclude(staff__username__in=USERNAMES.values())
              .values("staff_id", "staff__team__name").annotate(n=Count("id")))
    ranked = []
    for row in counts:
        people = _people_of(row["staff_id"])
        with_police = Involvement.objects.filter(_open(person_id__in=people,
                                                       agency__kind=AgencyKind.POLICE)).exists()
        at_school = Involvement.objects.filter(_open(person_id__in=people,
                                                     agency__kind=AgencyKind.SCHOOL)).exists()
        on_plan = bool(open_cp_children(people))
        ranked.append((0 if on_plan else 1, CASEWORK_TEAMS.index(_team_key(
            row["staff__team__name"])), 0 if with_police and at_school else 1,
            abs(row["n"] - CASELOAD), row["staff_id"]))
    return [rank[-1] for rank in sorted(ranked)]


def _handover(csc: Agency) -> tuple[list[Involvement], Team | None]:
    """Open allocations to hand to the demo social worker: whole families (a worker's
    children allocated on the same day), from the best donors, until about 15 children."""
    chosen: list[Involvement] = []
    team = None
    for staff_id in _donors(csc):
        donor_team = Staff.objects.get(pk=staff_id).team
        families: dict[object, list[Involvement]] = {}
        for inv in Involvement.objects.filter(_open(
                staff_id=staff_id, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER)).select_related(
                "person").order_by("started", "person_id"):
            families.setdefault(inv.started, []).append(inv)
        # A family with a child on a child protection plan first, so the demo has one.
        on_plan = open_cp_children([i.person_id for f in families.values() for i in f])
        ordered = sorted(families.values(),
                         key=lambda f: 0 if any(i.person_id in on_plan for i in f) else 1)
        for family in ordered:
            if len(chosen) >= CASELOAD:
                return chosen, team
            team = team or donor_team
            chosen.extend(family)
    return chosen, team


def _people_of(staff_id: int) -> list[int]:
    return list(Involvement.objects.filter(
        _open(staff_id=staff_id, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER))
        .values_list("person_id", flat=True))


def _team_key(name: str) -> str:
    return next(k for k, v in CSC_TEAMS.items() if v == name)


def _most_involved(people: list[int], kind: str,
                   example: Example | None = None) -> tuple[Agency | None, int]:
    """The agency of this kind open with most of these children (the example child's
    own, if it has one), and how many."""
    counts = Counter(Involvement.objects.filter(_open(person_id__in=people, agency__kind=kind))
                     .values_list("agency_id", flat=True))
    if not counts:
        return None, 0
    own = set(Involvement.objects.filter(_open(
        person_id=example.child_id, agency__kind=kind)).values_list("agency_id", flat=True)) \
        if example is not None else set()
    agency_id, n = min(counts.items(), key=lambda item: (item[0] not in own, -item[1],
                                                         item[0]))
    return Agency.objects.get(pk=agency_id), n


def _account(username: str, role: str, place: _Place) -> Staff:
    label = policy.policy().roles[role].label
    staff = Staff.objects.filter(username=username).first() or Staff(username=username)
    staff.role, staff.agency, staff.team = role, place.agency, place.team
    staff.first_name, staff.last_name = "Demo", label
    staff.email = f"{username}@demo.example"
    staff.job_title = f"{label} (demo account)"
    staff.is_active, staff.is_staff, staff.is_superuser = True, False, False
    password_validation.validate_password(DEMO_PASSWORD, staff)
    staff.set_password(DEMO_PASSWORD)
    staff.save()
    return staff


def _reset_sign_in(staff: Staff) -> None:
    """Clear failed-sign-in lockouts and any second factor the last demo set up."""
    # Imported here: axes reads settings as it loads, and this module loads with the app.
    from axes.utils import reset as axes_reset
    from django_otp import devices_for_user

    axes_reset(username=staff.username)
    for device in devices_for_user(staff, confirmed=None):
        device.delete()


def demo_users_setup() -> list[DemoAccount]:
    """Create or reset the demo accounts; give the demo social worker a caseload."""
    csc = Agency.objects.filter(kind=AgencyKind.CHILDRENS_SOCIAL_CARE,
                                teams__name=CSC_TEAMS["child_protection"]).order_by("pk").first()
    if csc is None or not Person.objects.exists():
        raise NoAuthority("No synthetic authority found: run `everychild synth --children "
                          "3000 --seed 1` first.")
    token = request_context.set_current(request_context.RequestMeta(channel="cli"))
    try:
        with transaction.atomic():
            return _setup(csc)
    finally:
        request_context.reset(token)


def _agency(kind: str) -> Agency:
    agency = Agency.objects.filter(kind=kind).order_by("pk").first()
    if agency is None:
        raise NoAuthority(f"The synthetic authority has no {AgencyKind(kind).label.lower()}: "
                          "run `everychild synth` into an empty database.")
    return agency


def _setup(csc: Agency) -> list[DemoAccount]:
    teams = {t.name: t for t in Team.objects.filter(agency=csc)}
    sw_user = Staff.objects.filter(username=USERNAMES["social_worker"]).first()
    caseload = _caseload(sw_user) if sw_user else []
    handover, team = ([], None) if caseload else _handover(csc)
    if sw_user is not None and caseload:
        team = sw_user.team
    team = team or teams[CSC_TEAMS["children_in_need"]]
    sw = _account(USERNAMES["social_worker"], "social_worker", _Place(csc, team))
    manager = _account(USERNAMES["team_manager"], "team_manager", _Place(csc, team))
    today = clock.today()
    for involvement in handover:
        # The new allocation first: while the old one is open the manager may act.
        services.involvement_add(actor=manager, person=involvement.person, agency_id=csc.pk,
                                 staff_id=sw.pk, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
                                 started=today)
        services.involvement_end(actor=manager, involvement=involvement, ended=today)
    if handover:
        caseload = _caseload(sw)
    hand_over(caseload, sw, team)
    example = example_plan(caseload)
    bring_forward(team, example, today)

    police = _agency(AgencyKind.POLICE)
    school, at_school = _most_involved(caseload, AgencyKind.SCHOOL, example)
    practice, at_practice = _most_involved(caseload, AgencyKind.GP_PRACTICE, example)
    police_user = _account(USERNAMES["police_investigator"], "police_investigator",
                           _Place(police, Team.objects.filter(agency=police).order_by("pk")
                                  .first()))
    with_police = Involvement.objects.filter(_open(person_id__in=caseload, agency=police)) \
        .values("person_id").distinct().count()
    if caseload and not with_police:
        services.involvement_add(actor=sw, person=Person.objects.get(pk=caseload[0]),
                                 agency_id=police.pk, staff_id=police_user.pk,
                                 role=InvolvementRole.PRACTITIONER, started=clock.today())
        with_police = 1
    places = {
        "conference_chair": _Place(csc, teams.get(CSC_TEAMS["quality"])),
        "designated_safeguarding_lead": _Place(school or _agency(AgencyKind.SCHOOL)),
        "health_practitioner": _Place(practice or _agency(AgencyKind.GP_PRACTICE)),
        "board_analyst": _Place(_agency(AgencyKind.SAFEGUARDING_BOARD)),
        "inspector": _Place(_agency(AgencyKind.INSPECTORATE)),
        "administrator": _Place(csc, teams.get(CSC_TEAMS["business_support"])),
        "privacy_officer": _Place(csc, teams.get(CSC_TEAMS["information_governance"])),
        "contact_centre_officer": _Place(csc, teams.get(CSC_TEAMS["contact_centre"])),
        "partner_practitioner": _Place(_agency(AgencyKind.PROBATION)),
    }
    made = {"social_worker": sw, "team_manager": manager, "police_investigator": police_user}
    for role in policy.policy().roles:
        if role not in made:
            username = USERNAMES.get(role, f"{role.replace('_', '-')}.demo")
            made[role] = _account(username, role, places.get(role, _Place(csc)))
    for staff in made.values():
        _reset_sign_in(staff)
    chaired = chair_conferences(made["conference_chair"], caseload, today)
    if example is not None:
        for role, title in (("designated_safeguarding_lead", "Designated safeguarding lead"),
                            ("police_investigator", "Police"),
                            ("health_practitioner", "GP safeguarding lead")):
            if role == "police_investigator" or Involvement.objects.filter(_open(
                    person_id=example.child_id, agency=made[role].agency)).exists():
                join_core_group(example.plan, made[role], title)
        if not Involvement.objects.filter(_open(person_id=example.child_id,
                                                staff=police_user)).exists():
            services.involvement_add(actor=sw, person=Person.objects.get(pk=example.child_id),
                                     agency_id=police.pk, staff_id=police_user.pk,
                                     role=InvolvementRole.PRACTITIONER, started=today)

    on_plan = Person.objects.filter(pk=example.child_id).first() if example else None
    someone = on_plan or Person.objects.filter(pk__in=caseload).order_by("pk").first()
    sealed = Person.objects.filter(sealed=True).order_by("pk")
    open_cases = Episode.objects.filter(team=team, closed_on__isnull=True).count()
    notes = {
        "social_worker": (f"allocated worker for {len(caseload)} children"
                          + (f" (e.g. {someone.full_name}" if someone else "")
                          + (", on a child protection plan: a visit due soon, a core group "
                             "overdue)" if on_plan else ")" if someone else "")),
        "team_manager": (f"manages the {team.name if team else 'team'} "
                         f"({open_cases} open cases)"),
        "conference_chair": f"chairs {chaired} conferences, some still to be held",
        "designated_safeguarding_lead": f"{at_school} of sw.demo's children are pupils here",
        "police_investigator": f"involved with {with_police} of sw.demo's children",
        "health_practitioner": f"{at_practice} of sw.demo's children are patients here",
        "privacy_officer": (f"{sealed.count()} sealed (adopted) children only this account "
                            "can find" + (f", e.g. {sealed[0].full_name}" if sealed else "")),
        "contact_centre_officer": ("records referrals phoned in; "
                                   f"{_open_referrals()} referrals are in the front-door queue"),
        "partner_practitioner": "makes referrals and follows what was decided",
    }
    return [_describe(made[role], notes.get(role, "")) for role in policy.policy().roles]


def _open_referrals() -> int:
    return Referral.objects.filter(status__in=(Status.RECEIVED,
                                               Status.AWAITING_SIGN_OFF)).count()


def _describe(staff: Staff, note: str) -> DemoAccount:
    p = policy.policy()
    scope = p.scope(staff.role, "person.view")
    agency = staff.agency.name
    if scope >= policy.Scope.ALL:
        sees = "Every child's record" + ("" if policy.role_sees_sealed(staff.role)
                                         else " except sealed ones")
    elif scope >= policy.Scope.ALLOCATED:
        sees = f"Any child {agency} works with"
    else:
        sees = "No child's record (the agency directory and their own account)"
    if policy.allows(staff.role, "insight.authority"):
        sees += "; the key indicators for the authority and every team"
    elif policy.allows(staff.role, "insight.view"):
        sees += "; the key indicators for their own work and their team"
    if policy.allows(staff.role, "audit.view"):
        sees += "; the audit log and privacy alerts"
    return DemoAccount(staff.username, staff.role, p.roles[staff.role].label, agency,
                       f"{sees}; {note}" if note else sees)
