"""The front door end to end in real Chromium: a school's safeguarding lead refers two
siblings, one by a nickname that matches a known child; the front-door social worker sees
the match and the family's history and decides; the manager signs off; the referrer sees
the outcome. axe-core checks every page on the way."""

from __future__ import annotations

import re

import pytest

from .conftest import PASSWORD, axe_violations

pytestmark = pytest.mark.browser


def _accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core found problems on {where}: {violations}"


def _signed_in(browser, server, username: str):
    context = browser.new_context(base_url=server, bypass_csp=True)
    page = context.new_page()
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    return context, page


def _continue(page) -> None:
    page.get_by_role("button", name="Continue").click()


def _add_child(page, role: str, given: str, family: str, sex: str,
               day: str, month: str, year: str) -> None:
    page.get_by_role("button", name="Add a child").click()
    page.check(f"input[name=role][value={role}]")
    page.fill("input[name=given_name]", given)
    page.fill("input[name=family_name]", family)
    page.check(f"input[name=sex][value={sex}]")
    page.fill("input[name=date_of_birth-day]", day)
    page.fill("input[name=date_of_birth-month]", month)
    page.fill("input[name=date_of_birth-year]", year)
    _continue(page)


def test_referral_match_decision_sign_off_and_outcome(browser, server):
    # The school's lead makes the referral.
    dsl_context, dsl = _signed_in(browser, server, "browser.dsl")
    dsl.goto("/referrals/new/")
    _accessible(dsl, "the start of a referral")
    dsl.get_by_role("button", name="Start a new referral").click()
    _accessible(dsl, "the referrer page")
    _continue(dsl)
    _accessible(dsl, "the people page")
    # Amara is known to the school as "Mara".
    _add_child(dsl, "subject_child", "Mara", "Browne", "F", "3", "6", "2016")
    _add_child(dsl, "other_child", "Kofi", "Browne", "M", "", "", "2019")
    assert "Kofi Browne" in dsl.locator("main").inner_text()
    _continue(dsl)
    dsl.fill("input[name=line_1]", "12 Canal Row")
    dsl.fill("input[name=town]", "Northbrook")
    dsl.fill("input[name=postcode]", "NB2 4QT")
    _continue(dsl)
    # A mistake first: the concern left out. The page says so and keeps the rest.
    dsl.check("input[name=significant_harm][value=no]")
    dsl.fill("textarea[name=incidents-0-description]", "Mara arrived hungry and without a coat")
    dsl.fill("input[name=incidents-0-when_text]", "every day this week")
    _continue(dsl)
    dsl.locator(".govuk-error-summary").wait_for()
    _accessible(dsl, "the concern page with an error")
    assert dsl.input_value("textarea[name=incidents-0-description]").startswith("Mara arrived")
    dsl.fill("textarea[name=concern]", "Mara and her brother Kofi have come to school hungry "
                                       "and cold all week; Mara says there is no food at home.")
    _continue(dsl)
    dsl.check("input[name=family_aware][value=yes]")
    dsl.check("input[name=basis][value=consent_given]")
    _continue(dsl)
    _accessible(dsl, "check your answers")
    dsl.get_by_role("button", name="Send the referral").click()
    panel = dsl.locator(".govuk-panel")
    panel.wait_for()
    reference = re.search(r"R\d{4}-\d{6}", panel.inner_text()).group(0)
    _accessible(dsl, "the referral sent page")

    # The front-door social worker finds it in the queue and sees the match.
    sw_context, sw = _signed_in(browser, server, "browser.sw")
    sw.goto("/front-door/")
    _accessible(sw, "the front-door queue")
    sw.get_by_role("link", name=reference).click()
    _accessible(sw, "the triage page")
    main = sw.locator("main").inner_text()
    # Amara is found from "Mara": linked automatically, with the reasons shown.
    assert "Record\tAmara Browne" in main or "Record Amara Browne" in main
    assert "Linked automatically" in main
    assert "nickname 'Mara' agrees" in main
    # Kofi is new to every agency: the worker makes his record.
    sw.get_by_role("button", name=re.compile(r"new record for Kofi Browne")).click()
    main = sw.locator("main").inner_text()
    # Amara's history across agencies: her mother, and the lodger who is not family.
    assert "Joy Browne" in main and "Dean Marsh" in main
    _accessible(sw, "the triage page with the history")
    sw.check("input[name=outcome][value=assessment]")
    sw.fill("textarea[name=reasons]", "Persistent neglect reported by the school; the family "
                                      "agrees to an assessment")
    sw.get_by_role("button", name="Record the decision").click()
    assert "waiting for a team manager" in sw.locator("main").inner_text()
    sw_context.close()

    # The manager signs it off.
    tm_context, tm = _signed_in(browser, server, "browser.tm")
    tm.goto("/front-door/")
    tm.get_by_role("link", name=reference).click()
    _accessible(tm, "the triage page awaiting sign-off")
    tm.get_by_role("button", name="Sign off").click()
    tm.wait_for_load_state()
    tm_context.close()

    # The referrer sees the outcome, and nothing of the case file.
    dsl.goto("/referrals/mine/")
    _accessible(dsl, "the referrer's list")
    mine = dsl.locator("main").inner_text()
    assert reference in mine and "Decision made" in mine
    assert "Assessment" in mine
    assert "Joy Browne" not in mine and "Dean Marsh" not in mine
    dsl_context.close()
