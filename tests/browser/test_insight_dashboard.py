"""The key indicators in real Chromium: a team manager opens the dashboard from the menu,
chooses their team, reads last month's single assessments in timescale, follows the
number to the children behind it, opens one child's case from there, and downloads the
list as CSV. axe-core checks the dashboard, an indicator's page and the drill-down."""

from __future__ import annotations

import csv
import io
import re

import pytest

from .conftest import PASSWORD, axe_violations

pytestmark = pytest.mark.browser

# A team of its own beside the shared seed (other browser tests add children to the
# authority): three single assessments completed last month, two in time and one late,
# and a referral in its last days, so the dashboard opens at last month.
WORLD = f"""
import datetime as dt
from django.utils import timezone
from everychild.agencies.models import Agency, Staff, Team
from everychild.casework.models import Assessment, Episode
from everychild.core import clock
from everychild.people import services
from everychild.people.services import PersonInput
csc = Agency.objects.get(code="LA901")
team = Team.objects.create(agency=csc, name="Insight assessment team")
manager = Staff.objects.create_user(username="browser.im", password="{PASSWORD}",
    role="team_manager", agency=csc, team=team, first_name="Nia", last_name="Stone",
    email="browser.im@example.org")
worker = Staff.objects.create_user(username="browser.iw", password="{PASSWORD}",
    role="social_worker", agency=csc, team=team, first_name="Omar", last_name="Reed",
    email="browser.iw@example.org")
last = clock.today().replace(day=1) - dt.timedelta(days=1)
now = timezone.now()
def case(given, referred, completed=None):
    child = services.person_create(actor=worker, data=PersonInput(kind="child",
        given_name=given, family_name="Fenwick", sex="F", date_of_birth=dt.date(2017, 5, 5)))
    episode = Episode.objects.create(child=child, referral_date=referred, rules="wt2013",
        team=team, worker=worker, created_at=now, updated_at=now)
    if completed:
        Assessment.objects.create(episode=episode, kind="single", started_on=referred,
            completed_on=completed, status="authorised", worker=worker, created_at=now,
            updated_at=now)
    return child
case("Isla", last - dt.timedelta(days=25), last - dt.timedelta(days=10))
case("Jude", last - dt.timedelta(days=25), last - dt.timedelta(days=5))
case("Kai", last - dt.timedelta(days=100), last - dt.timedelta(days=3))
case("Lena", last - dt.timedelta(days=2))
print(team.pk, last.strftime("%B %Y"))
"""


def _sign_in(browser, server):
    context = browser.new_context(base_url=server, bypass_csp=True, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("browser.im")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    return context, page


def _check(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core found problems on {where}: {violations}"


def test_a_manager_reads_a_figure_and_the_children_behind_it(browser, server, server_shell):
    team_id, last_month = server_shell(WORLD).strip().split(" ", 1)
    context, page = _sign_in(browser, server)
    try:
        page.get_by_role("link", name="Key indicators").first.click()
        assert page.get_by_role("heading", level=1).inner_text() == "Key indicators"
        page.get_by_label("Whose figures").select_option(value=f"team-{team_id}")
        page.get_by_role("button", name="Show these figures").click()
        page.wait_for_url(re.compile(rf"scope=team-{team_id}"))
        section = page.locator("section[aria-labelledby=ind-single45]")
        assert last_month in section.inner_text()
        assert "66.7%" in section.inner_text() and "2 of 3" in section.inner_text()
        chart = section.locator("svg[role=img]").first
        assert f"Latest ({last_month}): 66.7%" in chart.locator("desc").text_content()

        section.locator("summary").click()
        table = section.locator("table").first
        assert "by month" in table.locator("caption").inner_text()
        _check(page, "the dashboard, with a chart's tables open")
        table.get_by_role("link", name=re.compile(rf"^2 within 45 working days, {last_month}")
                          ).click()
        page.wait_for_url(re.compile(r"/insight/children/"))
        listed = page.locator("main table tbody th").all_inner_texts()
        assert sorted(listed) == ["Isla Fenwick", "Jude Fenwick"]
        _check(page, "the children behind the figure")

        with page.expect_download() as download:
            page.get_by_role("link", name="Download this list (CSV)").click()
        with open(download.value.path(), encoding="utf-8") as saved:
            rows = list(csv.reader(io.StringIO(saved.read())))
        assert rows[0][0] == "child" and sorted(r[0] for r in rows[1:]) == [
            "Isla Fenwick", "Jude Fenwick"]

        page.get_by_role("link", name="Isla Fenwick").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Children's social care case"

        page.go_back()
        page.get_by_role("navigation", name="Breadcrumb").get_by_role(
            "link", name=re.compile("Single assessments completed")).click()
        assert "Numerator" in page.locator("main").inner_text()
        _check(page, "the indicator's page")
    finally:
        context.close()
