"""The casework load benchmark's own corner of a synthetic authority (bench/casework_load.py).

Run in a process where Django is set up on the benchmark's database. Idempotent: run it
again and it puts the same things back as they were, so every run measures the same.

- A team of social care ("Child protection team (benchmark)") with 20 social workers
  and 20 managers (`bench.sw01`.., `bench.manager01`..; one password), holding 500 of
  the authority's open cases: the first 500 open episodes of children who are not
  sealed, each allocated to one of the team's workers (the episode, the open allocation
  on the child's record, and the key worker of an open child protection plan).
- One child of those, on a child protection plan and allocated to bench.sw01, whose
  chronology has 1,000 lines: their real pathway events plus partner agencies' entries
  (schools, GPs, health, police) spread over the last five years, written in bulk.
- Visits the benchmark recorded in an earlier run are removed, so the pages read the
  same amount of history each time.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from everychild.agencies.models import Agency, AgencyKind, Staff, Team
from everychild.casework.models import Episode, Plan, PlanKind, Visit
from everychild.chronology.models import ChronologyEntry, Sharing
from everychild.chronology.selectors import chronology_for_child
from everychild.core import clock, request_context
from everychild.people.models import Involvement, InvolvementRole, Person
from everychild.synth.authority import CSC_TEAMS
from everychild.synth.chronology import RESTRICTED_POLICE, SIGNIFICANCE, TEXTS

TEAM = "Child protection team (benchmark)"
PASSWORD = "everychild-bench-2026"  # noqa: S105 (synthetic accounts on a benchmark database)
WORKERS = MANAGERS = 20
TEAM_CASES = 500
CHRONOLOGY_LINES = 1000
YEARS = 5
# Which of synth's entry texts an agency of each kind writes, and how often.
WRITERS = {AgencyKind.SCHOOL: ("school", 5), AgencyKind.GP_PRACTICE: ("gp", 2),
           AgencyKind.HEALTH_TRUST: ("acute", 1), AgencyKind.POLICE: ("police", 3)}


@dataclass(frozen=True)
class Prepared:
    workers: list[str]
    managers: list[str]
    child_ref: str
    child_name: str
    chronology_lines: int
    entries_added: int
    team_cases: int
    visits_removed: int
    # For each worker, their other children: (ref, earliest date a visit may have).
    visits: dict[str, list[tuple[str, str]]]

    def as_plan(self) -> dict[str, Any]:
        return {"workers": self.workers, "managers": self.managers,
                "child": self.child_ref, "visits": self.visits}


def prepare(seed: int) -> Prepared:
    token = request_context.set_current(request_context.RequestMeta(channel="cli"))
    try:
        with transaction.atomic():
            return _prepare(seed)
    finally:
        request_context.reset(token)


def _prepare(seed: int) -> Prepared:
    csc = (Agency.objects.filter(kind=AgencyKind.CHILDRENS_SOCIAL_CARE,
                                 teams__name=CSC_TEAMS["child_protection"])
           .order_by("pk").first())
    if csc is None:
        raise SystemExit("No synthetic authority: run `everychild synth` first")
    team, _ = Team.objects.get_or_create(agency=csc, name=TEAM)
    password = make_password(PASSWORD)  # hashed once: the same for every bench account
    workers = [_account(f"bench.sw{n:02d}", "social_worker", csc, team, password)
               for n in range(1, WORKERS + 1)]
    managers = [_account(f"bench.manager{n:02d}", "team_manager", csc, team, password)
                for n in range(1, MANAGERS + 1)]
    removed, _ = Visit.objects.filter(recorded_by__in=workers).delete()
    episodes = _team_cases(csc, team, workers)
    child = episodes[0].child
    added = _long_chronology(child, workers[0], seed)
    lines = chronology_for_child(actor=workers[0], ref=child.ref, page_size=1).total
    visits: dict[str, list[tuple[str, str]]] = {w.username: [] for w in workers}
    for i, episode in enumerate(episodes[1:], start=1):
        visits[workers[i % WORKERS].username].append(
            (str(episode.child.ref), episode.referral_date.isoformat()))
    return Prepared([w.username for w in workers], [m.username for m in managers],
                    str(child.ref), child.full_name, lines, added, len(episodes), removed,
                    visits)


def _account(username: str, role: str, agency: Agency, team: Team, password: str) -> Staff:
    from axes.utils import reset as axes_reset  # reads settings as it loads

    staff = Staff.objects.filter(username=username).first() or Staff(username=username)
    staff.role, staff.agency, staff.team = role, agency, team
    staff.first_name, staff.last_name = "Bench", username.split(".")[1].title()
    staff.email = f"{username}@bench.example"
    staff.is_active = True
    staff.password = password
    staff.save()
    axes_reset(username=username)
    return staff


def _team_cases(csc: Agency, team: Team, workers: list[Staff]) -> list[Episode]:
    """The team's 500 open cases, the long-chronology child's first."""
    open_cases = list(Episode.objects.filter(closed_on__isnull=True, child__sealed=False,
                                             child__merged_into__isnull=True)
                      .select_related("child").order_by("pk")[:TEAM_CASES])
    on_plan = set(Plan.objects.filter(episode__in=open_cases, kind=PlanKind.CHILD_PROTECTION,
                                      ended_on__isnull=True).values_list("episode_id", flat=True))
    first = next((e for e in open_cases if e.pk in on_plan), open_cases[0])
    open_cases.remove(first)
    open_cases.insert(0, first)
    now = clock.now()
    for n, worker in enumerate(workers):
        mine = open_cases[n::WORKERS]
        Episode.objects.filter(pk__in=[e.pk for e in mine]).update(team=team, worker=worker)
        Plan.objects.filter(episode__in=mine, kind=PlanKind.CHILD_PROTECTION,
                            ended_on__isnull=True).update(key_worker=worker)
        children = {e.child_id: e for e in mine}
        allocations = Involvement.objects.filter(
            person_id__in=children, agency=csc, ended__isnull=True,
            role=InvolvementRole.ALLOCATED_SOCIAL_WORKER)
        allocated = set(allocations.values_list("person_id", flat=True))
        allocations.exclude(staff=worker).update(staff=worker)
        Involvement.objects.bulk_create(
            Involvement(person_id=pk, agency=csc, staff=worker, started=e.referral_date,
                        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER, recorded_at=now)
            for pk, e in children.items() if pk not in allocated)
    return open_cases


def _long_chronology(child: Person, reader: Staff, seed: int) -> int:
    """Partner agencies' entries, enough for 1,000 lines with the child's pathway."""
    lines = chronology_for_child(actor=reader, ref=child.ref, page_size=1).total
    missing = CHRONOLOGY_LINES - lines
    if missing <= 0:
        return 0
    writers = _writers(child)
    rng = random.Random(seed)
    today = clock.today()
    first = today - dt.timedelta(days=365 * YEARS)
    names = {"child": child.given_name, "carer": "Mum"}
    entries = []
    for _ in range(missing):
        agency, author, texts = rng.choices(writers, weights=[w[3] for w in writers])[0][:3]
        kind, summary, detail = rng.choice(TEXTS[texts])
        day = first + dt.timedelta(days=rng.randrange((today - first).days))
        recorded = timezone.make_aware(dt.datetime.combine(
            min(day + dt.timedelta(days=rng.choice((0, 0, 1, 2))), today),
            dt.time(rng.randint(8, 17), rng.randint(0, 59))))
        restricted = texts == "police" and rng.random() < RESTRICTED_POLICE
        entries.append(ChronologyEntry(
            lineage=uuid.UUID(int=rng.getrandbits(128), version=4), child=child,
            agency=agency, occurred_on=day, kind=kind,
            significance=rng.choices([s for s, _ in SIGNIFICANCE],
                                     weights=[w for _, w in SIGNIFICANCE])[0],
            sharing=Sharing.RESTRICTED if restricted else Sharing.SHARED,
            summary=summary.format(**names)[:200], detail=detail.format(**names),
            recorded_by=author, recorded_at=recorded))
    ChronologyEntry.objects.bulk_create(entries, batch_size=500)
    return missing


def _writers(child: Person) -> list[tuple[Agency, Staff, str, int]]:
    """An agency of each kind that writes about children, the child's own where they have
    one, with someone there to have written it."""
    own = {i.agency.kind: i.agency for i in Involvement.objects.filter(person=child)
           .select_related("agency").order_by("-started")}
    found = []
    for kind, (texts, weight) in WRITERS.items():
        agency = own.get(kind) or Agency.objects.filter(kind=kind).order_by("pk").first()
        author = Staff.objects.filter(agency=agency).order_by("pk").first() if agency else None
        if agency is not None and author is not None:
            found.append((agency, author, texts, weight))
    if not found:
        raise SystemExit("No partner agency with staff to write chronology entries")
    return found
