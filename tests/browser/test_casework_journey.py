"""The child protection pathway in real Chromium, as its users meet it: the allocated
social worker opens Tillie's record, her case, records a strategy discussion and the
enquiry's outcome and arranges the initial conference; the school's safeguarding lead
sends the school's report from the invitation e-mailed to her and adds to Tillie's
chronology; the chair records attendance and the decision and sends the minutes; the
worker records a visit; the manager reads the team's worklist and what is overdue.

axe-core checks every distinct page on the way (and the forms with their errors)."""

from __future__ import annotations

import re

import pytest

from .conftest import PASSWORD, axe_violations

pytestmark = pytest.mark.browser

# Tillie's world, beside the shared seed: her case is open and allocated; another child
# in the same team has an assessment long overdue, for the manager's overdue page.
WORLD = f"""
import datetime as dt
from everychild.agencies.models import Agency, Staff, Team
from everychild.casework.services.assessments import assessment_start
from everychild.casework.services.episodes import episode_open
from everychild.core import calendar, clock
from everychild.people import services
from everychild.people.models import Involvement
from everychild.people.services import AddressInput, PersonInput
csc = Agency.objects.get(code="LA901")
school = Agency.objects.get(code="URN100001")
for name, kind, code in (("Northbrook Police", "police", "PF01"),
                         ("Riverside Health Centre", "gp_practice", "GP01")):
    Agency.objects.create(name=name, kind=kind, code=code, email=code.lower() + "@agency.example")
team = Team.objects.create(agency=csc, name="Child protection team")
def staff(username, role, first, last, team=None):
    return Staff.objects.create_user(username=username, password="{PASSWORD}", role=role,
        agency=csc, team=team, first_name=first, last_name=last, email=username + "@example.org")
worker = staff("browser.cw", "social_worker", "Jo", "Mensah", team)
manager = staff("browser.cm", "team_manager", "Ruth", "Achebe", team)
staff("browser.chair", "conference_chair", "Morgan", "Reid")
dsl = Staff.objects.get(username="browser.dsl")
today = clock.today()
def child(given, family, born):
    person = services.person_create(actor=worker, data=PersonInput(kind="child",
        given_name=given, family_name=family, sex="F", date_of_birth=born))
    Involvement.objects.create(person=person, agency=csc, role="agency", started=today,
                               recorded_at=clock.now())
    return person
tillie = child("Tillie", "Marsh", dt.date(2018, 9, 14))
kerry = services.person_create(actor=worker, data=PersonInput(kind="adult", given_name="Kerry",
    family_name="Marsh", sex="F", date_of_birth=dt.date(1991, 4, 12)))
home = services.household_create(actor=worker, address=AddressInput(
    address_line_1="14 Quarry Lane", town="Northbrook", postcode="NB1 4QL"))
for person, role in ((tillie, "child"), (kerry, "parent")):
    services.membership_add(actor=worker, household=home, person=person, role=role,
                            started=dt.date(2020, 1, 1))
services.relationship_add(actor=worker, person=kerry, related=tillie, kind="parent")
Involvement.objects.create(person=tillie, agency=school, staff=dsl, role="practitioner",
                           started=dt.date(2023, 9, 1), recorded_at=clock.now())
episode_open(actor=manager, child=tillie, referral_date=calendar.add_working_days(today, -3),
             team=team, worker=worker)
late = calendar.add_working_days(today, -60)
other = episode_open(actor=manager, child=child("Maisie", "Doyle", dt.date(2016, 2, 2)),
                     referral_date=late, team=team, worker=worker)
assessment_start(actor=worker, episode=other, kind="single", started_on=late)
print(tillie.ref, today.strftime("%d/%m/%Y"),
      calendar.add_working_days(today, 5).strftime("%d/%m/%Y"))
"""


class Journey:
    """Signed-in users, each in a browser context of their own, and axe-core on every
    page they see."""

    def __init__(self, browser, server: str) -> None:
        self.browser, self.server = browser, server
        self.contexts: list = []
        self.checked: list[str] = []

    def sign_in(self, username: str):
        context = self.browser.new_context(base_url=self.server, bypass_csp=True)
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto("/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/")
        return page

    def check(self, page, where: str) -> None:
        violations = axe_violations(page)
        assert violations == [], f"axe-core found problems on {where}: {violations}"
        self.checked.append(where)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def _date(page, name: str, when: str) -> None:
    day, month, year = when.split("/")
    page.fill(f"input[name={name}-day]", day)
    page.fill(f"input[name={name}-month]", month)
    page.fill(f"input[name={name}-year]", year)


def _main(page) -> str:
    return page.locator("main").inner_text()


def test_the_pathway_in_the_browser(browser, server, server_shell):
    tillie, today, first_core_group = server_shell(WORLD).split()
    journey = Journey(browser, server)
    try:
        worker = journey.sign_in("browser.cw")
        _strategy_enquiry_and_conference(journey, worker, tillie, today)
        _the_school(journey, server_shell, tillie, today)
        _the_chair(journey, tillie, today, first_core_group)
        _the_visit(journey, worker, tillie, today)
        _the_manager(journey)
    finally:
        journey.close()
    assert len(journey.checked) >= 20


def _strategy_enquiry_and_conference(journey: Journey, worker, tillie: str, today: str) -> None:
    worker.goto(f"/people/{tillie}/")
    glance = worker.locator("#at-a-glance")
    assert "Current status" in glance.inner_text()
    journey.check(worker, "Tillie's record, at a glance")
    worker.locator("#case-panel").get_by_role("link", name=re.compile("View the case")).click()
    assert worker.get_by_role("heading", level=1).inner_text() == "Children's social care case"
    journey.check(worker, "the case page")

    worker.get_by_role("button", name="Record a strategy discussion").click()
    journey.check(worker, "the strategy discussion form")
    worker.get_by_role("button", name="Record the discussion").click()
    worker.locator(".govuk-error-summary").wait_for()
    journey.check(worker, "the strategy discussion form with errors")
    _date(worker, "held_on", today)
    for i, (agency, name, role) in enumerate((
            ("Northbrook Children's Social Care", "Jo Mensah", "Social worker"),
            ("Northbrook Police", "DC Rhian Price", "Detective constable"),
            ("Riverside Health Centre", "Dr Ana Reyes", "GP"))):
        worker.select_option(f"select[name=attendee-{i}-agency]", label=agency)
        worker.fill(f"input[name=attendee-{i}-name]", name)
        worker.fill(f"input[name=attendee-{i}-role]", role)
    worker.fill("textarea[name=information_shared]", "Police attended the address twice.")
    worker.check("input[name=section47][value=yes]")
    worker.fill("textarea[name=reasons]", "Bruising and Tillie's account of being grabbed")
    worker.get_by_role("button", name="Record the discussion").click()
    worker.get_by_role("link", name="Record the outcome").wait_for()
    journey.check(worker, "the case page with the strategy discussion")

    worker.get_by_role("link", name="Record the outcome").click()
    journey.check(worker, "the enquiry outcome form")
    worker.check("input[name=outcome][value=substantiated_conference]")
    worker.fill("textarea[name=findings]", "The bruising matches Tillie's account.")
    _date(worker, "completed_on", today)
    worker.get_by_role("button", name="Record the outcome").click()
    worker.get_by_role("button", name="Arrange the initial conference").click()
    journey.check(worker, "the conference arranging form")
    _date(worker, "scheduled_on", today)
    worker.fill("input[name=scheduled_time]", "23:00")
    worker.fill("input[name=venue]", "Northbrook Civic Centre")
    worker.select_option("select[name=chair]",
                         label="Morgan Reid, Northbrook Children's Social Care")
    worker.get_by_role("button", name="Arrange the conference and send the invitations").click()
    worker.get_by_role("heading", name=re.compile("Initial child protection conference")
                       ).wait_for()
    main = _main(worker)
    assert "Northbrook Police" in main and "Riverside Health Centre" in main
    assert "Priya Hallam, Northbrook Primary School" in main and "Kerry Marsh" in main
    journey.check(worker, "the conference page, arranged")


def _the_school(journey: Journey, server_shell, tillie: str, today: str) -> None:
    # The invitation e-mailed to the school's lead links to the page her home page's list
    # of the school's invitations leads to.
    body = server_shell(
        "from everychild.outbox.models import Message\n"
        "print(Message.objects.get(key__startswith='conference-invitation:',"
        " to='dsl@northbrook-primary.example').body)")
    link = re.search(r"https?://\S+/people/\S+/invitations/\d+/", body).group(0)
    dsl = journey.sign_in("browser.dsl")
    dsl.goto("/")
    dsl.get_by_role("link", name="Your agency's conference invitations").click()
    assert "Report due" in _main(dsl)
    journey.check(dsl, "the school's conference invitations")
    dsl.get_by_role("link", name=re.compile(r"^Tillie")).click()
    assert dsl.url.endswith(link[link.index("/people/"):])
    journey.check(dsl, "the school's invitation")
    dsl.get_by_role("link", name="Write the report").click()
    journey.check(dsl, "the report form")
    dsl.get_by_label("Report from Northbrook Primary School").fill(
        "Tillie often arrives hungry and has been withdrawn since January.")
    dsl.get_by_role("button", name="Submit the report").click()
    dsl.get_by_role("button", name="Record that the family has been given the report").click()
    assert "Shared with the family" in _main(dsl)
    journey.check(dsl, "the invitation with the report shared")

    dsl.goto(f"/people/{tillie}/")
    journey.check(dsl, "Tillie's record, as the school sees it")
    dsl.locator("#at-a-glance").get_by_role("link", name="View the chronology").click()
    journey.check(dsl, "Tillie's chronology, as the school sees it")
    dsl.get_by_role("button", name="Add an entry").click()
    journey.check(dsl, "the chronology entry form")
    _date(dsl, "occurred_on", today)
    dsl.get_by_label("Note or observation").check()
    dsl.get_by_label("Summary", exact=True).fill("Tillie ate breakfast at breakfast club")
    dsl.get_by_role("button", name="Add to the chronology").click()
    dsl.wait_for_url("**/chronology/")
    chronology = _main(dsl)
    assert "Tillie ate breakfast at breakfast club" in chronology
    assert "Section 47" not in chronology and "bruising matches" not in chronology


def _the_chair(journey: Journey, tillie: str, today: str, first_core_group: str) -> None:
    chair = journey.sign_in("browser.chair")
    chair.goto(f"/people/{tillie}/case/")
    chair.get_by_role("link", name="Initial child protection conference").click()
    journey.check(chair, "the conference page, for the chair")
    chair.get_by_role("link", name=re.compile("Record attendance")).click()
    journey.check(chair, "the attendance form")
    for group in chair.locator("fieldset").all():
        legend = group.locator("legend").inner_text()
        choice = "Sent apologies" if "Northbrook Police" in legend else "Attended"
        group.get_by_label(choice, exact=True).check()
    chair.get_by_role("button", name="Save attendance").click()
    chair.get_by_role("link", name=re.compile("Record the decision")).click()
    journey.check(chair, "the decision form")
    _date(chair, "held_on", today)
    chair.check("input[name=decision][value=plan]")
    chair.fill("textarea[name=reasons]", "Neglect, and an unsafe adult in the home")
    _date(chair, "first_core_group_on", first_core_group)
    # A plan without a category of abuse is refused; what was typed is kept.
    chair.get_by_role("button", name="Record the decision").click()
    summary = chair.locator(".govuk-error-summary")
    summary.wait_for()
    assert "category of abuse" in summary.inner_text()
    assert chair.input_value("textarea[name=reasons]").startswith("Neglect, and")
    journey.check(chair, "the decision form with errors")
    chair.check("input[name=category][value=NEG]")
    chair.get_by_role("button", name="Record the decision").click()
    assert "See the child protection plan" in _main(chair)
    journey.check(chair, "the conference page, decided")
    chair.get_by_role("link", name=re.compile("Write the minutes")).click()
    journey.check(chair, "the minutes form")
    chair.get_by_label("Minutes").fill("Present: the school, health, social care, Kerry. "
                                       "Apologies: the police. Decision: a plan for neglect.")
    chair.get_by_role("button", name="Save the minutes").click()
    chair.get_by_role("link", name=re.compile("Send the minutes")).click()
    journey.check(chair, "the form sending the minutes")
    chair.get_by_label("Kerry Marsh").check()  # no e-mail address: sent by post
    chair.get_by_role("button", name="Send the minutes and close the conference").click()
    assert "Sent to everyone invited" in _main(chair)
    journey.check(chair, "the conference page, minutes sent")


def _the_visit(journey: Journey, worker, tillie: str, today: str) -> None:
    worker.goto(f"/people/{tillie}/case/")
    worker.get_by_role("button", name="Record a visit").click()
    journey.check(worker, "the visit form")
    _date(worker, "visited_on", today)
    worker.check("input[name=child_seen][value=yes]")
    worker.check("input[name=seen_alone][value=yes]")
    worker.fill("textarea[name=note]", "Seen in her bedroom; she showed me her drawings.")
    worker.get_by_role("button", name="Record the visit").click()
    worker.wait_for_url("**/plans/**")
    assert "Child protection plan" in worker.get_by_role("heading", level=1).inner_text()
    journey.check(worker, "the plan page, with the visit")
    # Her record now shows the plan, its category and when she was last seen alone.
    worker.goto(f"/people/{tillie}/")
    glance = worker.locator("#at-a-glance")
    assert "Category: Neglect" in glance.locator("[data-summary=status]").inner_text()
    assert glance.locator("[data-summary=seen-alone]").inner_text().strip()
    assert "No visit records" not in glance.inner_text()
    journey.check(worker, "Tillie's record, on a plan")


def _the_manager(journey: Journey) -> None:
    manager = journey.sign_in("browser.cm")
    manager.goto("/worklists/team/")
    team = _main(manager)
    assert "Tillie Marsh" in team and "Maisie Doyle" in team
    journey.check(manager, "the team's worklist")
    manager.goto("/worklists/overdue/")
    assert "Maisie Doyle" in _main(manager)
    journey.check(manager, "the overdue page")
