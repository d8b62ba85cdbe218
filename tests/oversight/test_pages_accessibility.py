"""axe-core on the worklist pages, filled with rows: each page is rendered by Django with
the caseload, then loaded into real Chromium with the site's stylesheets and checked
(WCAG 2.2 A and AA rules and best practice, as the browser tests check every page)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from everychild.oversight.services import escalate_overdue

from ..browser.conftest import AXE, CHROMIUM
from .conftest import NOW

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def _inline_styles(html: str) -> str:
    """The page's stylesheets written into it, as no server is serving them here."""

    def inline(match: re.Match[str]) -> str:
        path = finders.find(match.group(1).removeprefix(settings.STATIC_URL))
        assert path, match.group(1)
        return "<style>" + Path(str(path)).read_text("utf-8") + "</style>"

    return re.sub(r'<link rel="stylesheet" href="([^"]+)">', inline, html)


def _violations(chromium, html: str) -> list[dict]:
    context = chromium.new_context()
    page = context.new_page()
    page.set_content(_inline_styles(html))
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})")
    context.close()
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]


def test_worklist_pages_have_no_accessibility_violations(caseload, client_for):
    escalate_overdue(now=NOW)
    caseload.mates.worker = None
    caseload.mates.save()
    pages = {}
    for name, user in (("oversight:mine", caseload.sw), ("oversight:team", caseload.manager),
                       ("oversight:overdue", caseload.manager)):
        response = client_for(user).get(reverse(name))
        assert response.status_code == 200 and "govuk-table" in response.content.decode()
        pages[name] = response.content.decode()
    # Playwright's sync API runs an event loop, inside which Django refuses to touch the
    # database: every page is rendered first.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM,
                                     args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        found = {name: _violations(chromium, html) for name, html in pages.items()}
        chromium.close()
    assert found == {name: [] for name in pages}
