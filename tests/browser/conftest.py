"""A real Everychild server (its own process and SQLite database) and real Chromium.

The server is started the way `make demo` starts it, on a free port, so these tests see
exactly what a user sees: static assets, middleware, sessions, CSP and all.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "browser-test-password-2026"

# Playwright's synchronous API keeps an event loop running in the test thread for the
# rest of the session, and Django then refuses database work from that thread as if it
# were async code. Tests are synchronous and the server runs in its own process, so the
# check guards nothing here; without this, tests that pytest-xdist runs after the browser
# tests on the same worker would fail.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SEED = f"""
from everychild.agencies.models import Agency, Staff
from everychild.people import services
from everychild.people.services import AddressInput, PersonInput
csc = Agency.objects.create(name="Northbrook Children's Social Care", kind="childrens_social_care", code="LA901")
school = Agency.objects.create(name="Northbrook Primary School", kind="school", code="URN100001")
sw = Staff.objects.create_user(username="browser.sw", password="{PASSWORD}", role="social_worker",
                               agency=csc, first_name="Sam", last_name="Okafor", email="sw@example.org")
child = services.person_create(actor=sw, data=PersonInput(kind="child", given_name="Amara",
    family_name="Browne", sex="F", date_of_birth=__import__("datetime").date(2016, 6, 3),
    nhs_number="9434765919"))
mum = services.person_create(actor=sw, data=PersonInput(kind="adult", given_name="Joy",
    family_name="Browne", sex="F", date_of_birth=__import__("datetime").date(1990, 2, 1)))
lodger = services.person_create(actor=sw, data=PersonInput(kind="adult", given_name="Dean",
    family_name="Marsh", sex="M"))
home = services.household_create(actor=sw, address=AddressInput(address_line_1="12 Canal Row",
    town="Northbrook", postcode="NB2 4QT"))
import datetime
for person, role in ((child, "child"), (mum, "parent"), (lodger, "lodger")):
    services.membership_add(actor=sw, household=home, person=person, role=role,
                            started=datetime.date(2024, 1, 1))
services.relationship_add(actor=sw, person=mum, related=child, kind="parent")
services.other_name_add(actor=sw, person=child, kind="nickname", given_name="Mara", family_name="Browne")
# The front door: a school's safeguarding lead refers, a manager signs decisions off.
Staff.objects.create_user(username="browser.dsl", password="{PASSWORD}",
                          role="designated_safeguarding_lead", agency=school, first_name="Priya",
                          last_name="Hallam", email="dsl@northbrook-primary.example",
                          job_title="Designated safeguarding lead")
Staff.objects.create_user(username="browser.tm", password="{PASSWORD}", role="team_manager",
                          agency=csc, first_name="Grace", last_name="Idowu", email="tm@example.org")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# The server and Chromium, once per process. Other test folders import these fixtures
# into their own conftest (tests/chronology), which makes a second session fixture of the
# same name: it must find the running ones, as Playwright cannot start twice in a process.
_RUNNING: dict[str, Any] = {}


@pytest.fixture(scope="session")
def _server_env() -> tuple[dict[str, str], list[str]]:
    """The environment and command line of the server's `everychild` (its own data
    folder and SQLite database), migrated and seeded."""
    if "env" in _RUNNING:
        return _RUNNING["env"]
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: `make test` installs Debian's chromium package")
    data_dir = tempfile.mkdtemp(prefix="everychild-browser-")
    env = {**os.environ, "EVERYCHILD_DATA_DIR": data_dir, "EVERYCHILD_DATABASE": "sqlite",
           "DJANGO_SETTINGS_MODULE": "everychild.config.settings.local"}
    env.pop("EVERYCHILD_SQLITE_PATH", None)
    cli = [sys.executable, "-m", "everychild.cli"]
    subprocess.run([*cli, "migrate", "--no-input", "-v0"], env=env, check=True)
    subprocess.run([*cli, "shell", "-c", SEED], env=env, check=True)
    _RUNNING["env"] = (env, cli)
    return env, cli


@pytest.fixture(scope="session")
def server(_server_env) -> Iterator[str]:
    if "server" in _RUNNING:
        yield _RUNNING["server"]
        return
    env, cli = _server_env
    port = _free_port()
    proc = subprocess.Popen([*cli, "runserver", "--noreload", f"127.0.0.1:{port}"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/sign-in/", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        _RUNNING["server"] = base
        yield base
    finally:
        _RUNNING.pop("server", None)
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def server_shell(_server_env) -> Callable[[str], str]:
    """Run Python in the server's database (as `everychild shell -c` does), for a test to
    build its own world beside the shared seed, or to read what the server wrote (an
    e-mail in the outbox); returns what the code printed."""
    env, cli = _server_env

    def run(code: str) -> str:
        done = subprocess.run([*cli, "shell", "--no-imports", "-c", code], env=env, check=True,
                              capture_output=True, text=True)
        return done.stdout

    return run


@pytest.fixture(scope="session")
def browser():
    if "browser" in _RUNNING:
        yield _RUNNING["browser"]
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        _RUNNING["browser"] = browser
        try:
            yield browser
        finally:
            _RUNNING.pop("browser", None)
            browser.close()


@pytest.fixture
def page(browser, server):
    # axe-core is injected as a script tag, which the page's CSP would otherwise refuse.
    context = browser.new_context(base_url=server, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.2 A and AA rules) on the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
