"""Shared fixtures. The database is SQLite unless EVERYCHILD_DATABASE=postgres (then run
through tests/support/with_postgres.py, as `make test` does)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client

from everychild.access import audit_triggers
from everychild.agencies.models import Agency, AgencyKind, Staff, Team
from everychild.people.models import InvolvementRole, Person

from .factories import (
    PASSWORD,
    AgencyFactory,
    InvolvementFactory,
    PersonFactory,
    StaffFactory,
    TeamFactory,
)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Groups for pytest-xdist (`--dist loadgroup`, as `make test` runs it): each group's
    tests run on one worker. Every browser test, wherever it lives, is one group, so the
    server and Chromium start once; a module whose tests share data a module-wide fixture
    writes (synth's authorities) is another, so that data is built once, not once per
    worker (and not again each time the module's tests are interleaved with others).
    xdist hands out the biggest groups first, so the workers finish at about the same time."""
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
        elif _shares_module_data(item):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


def _shares_module_data(item: pytest.Item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(_writes_shared_data(d) for defs in info.name2fixturedefs.values() for d in defs)


def _writes_shared_data(fixturedef) -> bool:
    """A module- or class-wide fixture of the suite's own (not a plugin's: those have no
    baseid) that opens the database."""
    return (fixturedef.scope in ("module", "class") and bool(fixturedef.baseid)
            and "django_db_blocker" in fixturedef.argnames)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """After a module-wide fixture has written data in a transaction it keeps
    open (the synth tests' authorities), check its deferred foreign keys once, there.

    On PostgreSQL each test's teardown checks deferred constraints (as Django's TestCase
    does), and a check made inside the test's savepoint is undone with it, so without this
    every test re-checked the whole fixture's rows: seconds per test."""
    result = yield
    if _writes_shared_data(fixturedef):
        from django.db import connection

        blocker = request.getfixturevalue("django_db_blocker")
        with blocker.unblock():
            if connection.vendor == "postgresql" and connection.in_atomic_block:
                connection.check_constraints()
    return result


@pytest.fixture(autouse=True)
def _no_axes_lockouts_between_tests(settings):
    settings.AXES_ENABLED = True


@pytest.fixture(scope="session", autouse=True)
def _subprocess_data_dir(tmp_path_factory) -> Iterator[None]:
    """`everychild` commands a test starts inherit a data folder of this process's own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EVERYCHILD_DATA_DIR", str(tmp_path_factory.mktemp("commands-data")))
        yield


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path_factory):
    """Each test writes files (attachments, mail, anything under DATA_DIR) to a folder of
    its own, never to var/, so tests in parallel processes cannot meet in it."""
    data = tmp_path_factory.mktemp("data")
    settings.DATA_DIR = data
    settings.EMAIL_FILE_PATH = str(data / "mail")


@pytest.fixture
def live_db(transactional_db) -> Iterator[None]:
    """A database whose commits are real (for concurrency and server tests). Django empties
    it afterwards, which the audit triggers would refuse, so they are lifted first; the
    post-migrate signal after the flush puts them back."""
    yield
    audit_triggers.drop()


@dataclass
class World:
    """A small authority: children's social care (two teams), a school, police and a GP,
    one child per kind of relationship the policy distinguishes."""

    csc: Agency
    school: Agency
    police: Agency
    gp: Agency
    team_a: Team
    team_b: Team
    child: Person          # social care (team A, allocated to `social_worker`) and school involved
    unrelated_child: Person  # only a GP practice in another area is involved
    sealed_child: Person   # adopted: sealed, social care involved
    social_worker: Staff
    users: dict[str, Staff]


@pytest.fixture
def world(db) -> World:
    csc = AgencyFactory(name="Northbrook Children's Social Care", kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    school = AgencyFactory(name="Northbrook Primary School", kind=AgencyKind.SCHOOL)
    police = AgencyFactory(name="Northbrook Police", kind=AgencyKind.POLICE)
    gp = AgencyFactory(name="Riverside GP Practice", kind=AgencyKind.GP_PRACTICE)
    other_gp = AgencyFactory(name="Hilltop GP Practice", kind=AgencyKind.GP_PRACTICE)
    team_a = TeamFactory(agency=csc, name="Assessment team A")
    team_b = TeamFactory(agency=csc, name="Assessment team B")
    social_worker = StaffFactory(username="sw", role="social_worker", agency=csc, team=team_a)
    users = {
        "social_worker": social_worker,
        "team_manager": StaffFactory(username="tm", role="team_manager", agency=csc, team=team_a),
        "conference_chair": StaffFactory(username="chair", role="conference_chair", agency=csc),
        "designated_safeguarding_lead": StaffFactory(username="dsl", role="designated_safeguarding_lead", agency=school),
        "police_investigator": StaffFactory(username="police", role="police_investigator", agency=police),
        "health_practitioner": StaffFactory(username="gp", role="health_practitioner", agency=gp),
        "partner_practitioner": StaffFactory(username="probation", role="partner_practitioner", agency=AgencyFactory(name="Northbrook Probation", kind=AgencyKind.PROBATION)),
        "contact_centre_officer": StaffFactory(username="contact", role="contact_centre_officer", agency=csc),
        "board_analyst": StaffFactory(username="analyst", role="board_analyst", agency=AgencyFactory(kind=AgencyKind.SAFEGUARDING_BOARD)),
        "inspector": StaffFactory(username="inspector", role="inspector", agency=AgencyFactory(kind=AgencyKind.INSPECTORATE)),
        "administrator": StaffFactory(username="admin", role="administrator", agency=csc),
        "privacy_officer": StaffFactory(username="privacy", role="privacy_officer", agency=csc),
    }
    child = PersonFactory(given_name="Amelia", family_name="Osei", date_of_birth="2017-11-02")
    InvolvementFactory(person=child, agency=csc, staff=social_worker,
                       role=InvolvementRole.ALLOCATED_SOCIAL_WORKER)
    InvolvementFactory(person=child, agency=school)
    unrelated = PersonFactory(given_name="Kieran", family_name="Doyle", date_of_birth="2021-03-01")
    InvolvementFactory(person=unrelated, agency=other_gp)
    sealed = PersonFactory(given_name="Hidden", family_name="Sealedchild", sealed=True)
    InvolvementFactory(person=sealed, agency=csc)
    return World(csc, school, police, gp, team_a, team_b, child, unrelated, sealed,
                 social_worker, users)


def signed_in_client(user: Staff) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_for():
    return signed_in_client


__all__ = ["PASSWORD", "World", "signed_in_client"]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Print the authorisation matrix's totals (for the closing note and CI log). Each
    role's test records its counts on its report, which xdist hands back to this process."""
    counts: dict[str, dict[str, int]] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            props = dict(getattr(report, "user_properties", ()) or ())
            if getattr(report, "when", None) == "call" and "matrix_checks" in props:
                counts[props["matrix_role"]] = {k: props[f"matrix_{k}"]
                                                for k in ("checks", "leaks", "wrong")}
    if counts:
        terminalreporter.write_line("authorisation matrix by role: " + ", ".join(
            f"{role} {c['checks']}" for role, c in sorted(counts.items())))
        total = {k: sum(c[k] for c in counts.values()) for k in ("checks", "leaks", "wrong")}
        terminalreporter.write_line(
            f"authorisation matrix: {total['checks']} checks, {total['leaks']} leaks, "
            f"{total['wrong']} wrong answers")
