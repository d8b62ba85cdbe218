"""The chronology in real Chromium: from the child's record to the chronology, adding an
entry (with the error summary first), reading and correcting it, and the family's
chronology, with axe-core checking every page."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from ..browser.conftest import PASSWORD, axe_violations

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("EVERYCHILD_SCREENSHOTS", "")


def _check(page, where: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{where.replace(' ', '-')}.png", full_page=True)
    violations = axe_violations(page)
    assert violations == [], f"axe-core found problems on {where}: {violations}"


def test_a_social_worker_adds_reads_and_corrects_an_entry(page):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("browser.sw")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    page.goto("/people/")
    page.get_by_label("Name, date of birth or identifier").fill("amara browne")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Amara Browne").click()
    glance = page.locator("#at-a-glance")
    assert "Current status" in glance.inner_text()
    _check(page, "record with the summary")

    glance.get_by_role("link", name="View the chronology").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Chronology"
    _check(page, "empty chronology")

    page.get_by_role("button", name="Add an entry").click()
    page.get_by_role("button", name="Add to the chronology").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Enter the date it happened" in summary.inner_text()
    _check(page, "entry form with errors")
    yesterday = dt.date.today() - dt.timedelta(days=1)
    page.get_by_label("Day").fill(str(yesterday.day))
    page.get_by_label("Month").fill(str(yesterday.month))
    page.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_label("Incident").check()
    page.get_by_label("Summary", exact=True).fill("Amara told her teacher she was hit")
    page.get_by_label("Details (optional)").fill("Seen at school by the DSL.\nPhotos taken.")
    page.get_by_label("Significant event").check()
    page.get_by_role("button", name="Add to the chronology").click()
    page.wait_for_url("**/chronology/")
    assert "Amara told her teacher she was hit" in page.locator("main").inner_text()
    _check(page, "chronology with an entry")

    page.get_by_role("link", name="Amara told her teacher she was hit").click()
    page.get_by_label("Summary", exact=True).fill("Amara told her teacher she was smacked")
    page.get_by_label("Why are you correcting it?").fill("Her exact words")
    page.get_by_role("button", name="Save the correction").click()
    page.wait_for_url("**/entries/**")
    body = page.locator("main").inner_text()
    assert "Her exact words" in body and "she was hit" in body
    _check(page, "entry with history")

    page.get_by_role("link", name="Attach a scan or photo").click()
    _check(page, "attach the original")

    page.goto(page.url.split("/people/")[0] + "/people/")
    page.get_by_label("Name, date of birth or identifier").fill("amara browne")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Amara Browne").click()
    page.get_by_role("link", name="View the household").first.click()
    page.get_by_role("link", name="Read the family chronology").click()
    assert "she was smacked" in page.locator("main").inner_text()
    _check(page, "family chronology")
