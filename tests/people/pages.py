"""Reading the people pages as a user would: the error summary, inline errors, what is
in the main content, the values a form gives back, and the links on offer."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from everychild.people.models import Household, HouseholdMembership, Person, Relationship

from ..factories import HouseholdFactory, MembershipFactory, PersonFactory


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.summary: list[tuple[str, str]] = []  # (message, href) in the error summary
        self.inline: list[str] = []  # GOV.UK inline error messages
        self.inputs: dict[str, str] = {}
        self.links: list[tuple[str, str]] = []  # (text, href)
        self.main: list[str] = []
        self._in_summary = self._in_inline = self._in_main = False
        self._href: str | None = None
        self._link_text: list[str] = []
        self._depth_main = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if "govuk-error-summary" in classes:
            self._in_summary = True
        if "govuk-error-message" in classes:
            self._in_inline = True
            self.inline.append("")
        if tag == "main":
            self._in_main = True
        if tag == "a":
            self._href, self._link_text = a.get("href", ""), []
        if tag == "input" and a.get("name") and a.get("type") not in ("radio", "checkbox"):
            self.inputs[a["name"]] = a.get("value", "")
        if tag == "input" and a.get("type") in ("radio", "checkbox") and "checked" in a:
            self.inputs[a["name"]] = a.get("value", "")
        if tag == "textarea" and a.get("name"):
            self.inputs[a["name"]] = ""
            self._textarea = a["name"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            text = " ".join("".join(self._link_text).split())
            self.links.append((text, self._href))
            if self._in_summary:
                self.summary.append((text, self._href))
            self._href = None
        if tag == "main":
            self._in_main = False
        if tag == "ul" and self._in_summary:
            self._in_summary = False
        if tag == "p" and self._in_inline:
            self._in_inline = False
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._link_text.append(data)
        if self._in_inline:
            self.inline[-1] += data
        if self._in_main:
            self.main.append(data)
        if getattr(self, "_textarea", None):
            self.inputs[self._textarea] += data


def read(response) -> _Page:
    page = _Page()
    page.feed(response.content.decode("utf-8"))
    page.inline = [" ".join(m.replace("Error:", "").split()) for m in page.inline]
    return page


def summary(response) -> list[str]:
    """The messages in the GOV.UK error summary, in order."""
    return [text for text, _ in read(response).summary]


def summary_links(response) -> dict[str, str]:
    return {text: href for text, href in read(response).summary}


def inline_errors(response) -> list[str]:
    return read(response).inline


def main_text(response) -> str:
    """The main content's words, as one line."""
    return " ".join(" ".join(read(response).main).split())


def links(response) -> dict[str, str]:
    return {text: href for text, href in read(response).links}


def hrefs(response) -> list[str]:
    return [href for _, href in read(response).links]


def value(response, name: str) -> str:
    return read(response).inputs.get(name, "")


def ids(response) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', response.content.decode("utf-8")))


def date_fields(prefix: str, day: str = "", month: str = "", year: str = "") -> dict[str, str]:
    return {f"{prefix}-day": day, f"{prefix}-month": month, f"{prefix}-year": year}


def a_family(child: Person) -> tuple[Household, Person, Person]:
    """The child's home: the child, their mother, and a lodger who is not family."""
    home = HouseholdFactory(address_line_1="14 Canal Row", town="Northbrook", postcode="NB1 4QT")
    mother = PersonFactory(kind="adult", given_name="Sarah", family_name="Osei", sex="F",
                           date_of_birth="1990-06-15")
    lodger = PersonFactory(kind="adult", given_name="Kevin", family_name="Marsh", sex="M",
                           date_of_birth="1979-02-20")
    MembershipFactory(household=home, person=child, role="child")
    MembershipFactory(household=home, person=mother, role="parent")
    MembershipFactory(household=home, person=lodger, role="lodger")
    Relationship.objects.create(person=mother, related=child, kind="parent",
                                recorded_at=child.created_at)
    return home, mother, lodger


def current_members(household: Household) -> set[str]:
    return {m.person.full_name for m in
            HouseholdMembership.objects.filter(household=household, ended__isnull=True)}
