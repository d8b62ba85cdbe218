"""A social worker's first minutes in Everychild, in real Chromium, with axe-core
checking every page on the way."""

from __future__ import annotations

import pytest

from .conftest import PASSWORD, axe_violations

pytestmark = pytest.mark.browser


def _assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core found problems on {where}: {violations}"


def test_sign_in_search_open_record_and_see_errors(page):
    page.goto("/")
    assert "/sign-in/" in page.url  # not signed in: sent to sign in
    _assert_accessible(page, "the sign-in page")

    page.get_by_label("Username").fill("browser.sw")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    assert page.get_by_role("heading", level=1).inner_text()
    _assert_accessible(page, "the home page")

    # Search by a nickname finds the child.
    page.goto("/people/")
    _assert_accessible(page, "the search page")
    page.get_by_label("Name, date of birth or identifier").fill("mara browne")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Amara Browne").click()
    _assert_accessible(page, "a child's record")
    body = page.locator("main").inner_text()
    assert "943 476 5919" in body           # NHS number, formatted
    assert "Dean Marsh" in body              # the lodger living in the household...
    assert "Not family" in body              # ...is flagged as not family
    assert "Joy Browne" in body

    # A form with mistakes shows the GOV.UK error summary, linked to the fields.
    page.goto("/people/new/")
    _assert_accessible(page, "the new person form")
    page.get_by_label("Child").check()
    page.get_by_label("NHS number").fill("943 476 5918")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    text = summary.inner_text()
    assert "There is a problem" in text
    assert "family name" in text.lower()
    assert "NHS number is not valid" in text
    _assert_accessible(page, "the form with errors")
    # The summary's links move focus to the fields with problems.
    summary.get_by_role("link", name="NHS number is not valid", exact=False).click()
    assert page.evaluate("document.activeElement.id") == "nhs_number"
