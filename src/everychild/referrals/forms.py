"""The referral wizard's pages: reading what was typed on a page into the draft (exactly as
typed, valid or not, so nothing is lost), showing a draft's answers in the page's boxes
again, and the checks a page runs before moving on.

The rules live in `entries.py`; a page only adds what boxes need: a date typed in three
parts, a question left unanswered. The same checks run again, page by page, on "Check
your answers", so an error there names the page and the box that fixes it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from everychild.agencies.models import AgencyKind
from everychild.people.forms import DATE_PARTS, read_date

from . import entries
from .entries import Errors
from .models import (
    CHILD_ROLES,
    Channel,
    FamilyAware,
    HarmCategory,
    PersonRole,
    ReferralSource,
    SharingBasis,
)

SECTION_PAGES = ("referrer", "address", "concern", "sharing")
CONTACT_CENTRE = "contact_centre_officer"
MAX_ROWS = 20  # incidents or other names on one page
YES_NO = (("yes", "Yes"), ("no", "No"))

# The CIN census source a professional's referral takes from their agency, and the
# agencies whose staff choose among several (an NHS trust employs health visitors,
# school nurses and A&E staff alike).
SOURCE_BY_KIND: dict[str, str] = {
    AgencyKind.SCHOOL: ReferralSource.SCHOOL,
    AgencyKind.GP_PRACTICE: ReferralSource.GP,
    AgencyKind.HEALTH_TRUST: ReferralSource.HEALTH_OTHER,
    AgencyKind.POLICE: ReferralSource.POLICE,
    AgencyKind.PROBATION: ReferralSource.LEGAL,
    AgencyKind.CAFCASS: ReferralSource.LEGAL,
    AgencyKind.YOUTH_OFFENDING: ReferralSource.LA_OTHER_INTERNAL,
    AgencyKind.HOUSING: ReferralSource.HOUSING,
    AgencyKind.EARLY_HELP: ReferralSource.EARLY_HELP,
    AgencyKind.CHILDRENS_SOCIAL_CARE: ReferralSource.LA_SOCIAL_CARE,
    AgencyKind.EARLY_YEARS: ReferralSource.EDUCATION,
}
SOURCE_CHOICES_BY_KIND: dict[str, tuple[str, ...]] = {
    AgencyKind.HEALTH_TRUST: (ReferralSource.HEALTH_OTHER, ReferralSource.HEALTH_VISITOR,
                              ReferralSource.SCHOOL_NURSE, ReferralSource.PRIMARY_HEALTH,
                              ReferralSource.A_AND_E),
    AgencyKind.EARLY_YEARS: (ReferralSource.EDUCATION, ReferralSource.OTHER),
}
PUBLIC_SOURCE_CODES = ("1A", "1B", "1C", "1D", "9", "10")
PROFESSIONAL_SOURCE_CODES = tuple(c for c in ReferralSource.values if c not in PUBLIC_SOURCE_CODES)
SOURCE_LABELS = dict(ReferralSource.choices)
PHONE_CHANNELS = (Channel.PHONE, Channel.EMAIL, Channel.IN_PERSON)
CHILD_ROLE_OPTIONS = ((PersonRole.SUBJECT_CHILD, "A child the concern is about"),
                      (PersonRole.OTHER_CHILD, "Another child in the family or household"))
ADULT_ROLE_OPTIONS = ((PersonRole.PARENT, "A parent or carer"),
                      (PersonRole.OTHER_ADULT, "Another adult (for example a partner, "
                                               "relative or lodger)"))
SEX_OPTIONS = (("F", "Female"), ("M", "Male"), ("U", "Not known"))


def source_options(actor: Any) -> tuple[str, ...]:
    """The sources this user may choose between; one means it is fixed by their agency."""
    if actor.role == CONTACT_CENTRE:
        return PUBLIC_SOURCE_CODES + PROFESSIONAL_SOURCE_CODES
    kind = getattr(actor.agency, "kind", "")
    if kind in SOURCE_CHOICES_BY_KIND:
        return SOURCE_CHOICES_BY_KIND[kind]
    if kind in SOURCE_BY_KIND:
        return (SOURCE_BY_KIND[kind],)
    return PROFESSIONAL_SOURCE_CODES


def referrer_prefill(actor: Any) -> dict[str, Any]:
    """A professional refers as themselves; a contact-centre officer records a caller."""
    if actor.role == CONTACT_CENTRE:
        return {"channel": Channel.PHONE, "source": "", "name": "", "role": "",
                "agency_id": None, "organisation": "", "phone": "", "email": ""}
    kind = getattr(actor.agency, "kind", "")
    return {"channel": Channel.ONLINE, "source": SOURCE_BY_KIND.get(kind, ""),
            "name": actor.get_full_name(), "role": actor.job_title,
            "agency_id": actor.agency_id, "organisation": actor.agency.name,
            "phone": actor.phone, "email": actor.email}


# ---------------------------------------------------------------- a page's boxes
@dataclass
class Check:
    """A page's problems by box name, and which parts of a date box are at fault."""

    problems: dict[str, list[str]] = field(default_factory=dict)
    bad_parts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add(self, name: str, message: str | None) -> None:
        if message and message not in self.problems.get(name, []):
            self.problems.setdefault(name, []).append(message)

    def take(self, errors: Errors, *, skip: tuple[str, ...] = ()) -> None:
        """Messages from entries' checks ('incidents.0.description' becomes the box
        'incidents-0-description'), except for boxes the page has already judged."""
        for key, messages in errors.errors.items():
            name = key.replace(".", "-")
            if name in skip:
                continue
            for m in messages:
                self.add(name, m)

    def __bool__(self) -> bool:
        return bool(self.problems)


DATE_BOXES = ("date_of_birth", "expected_date_of_birth", "happened_on")


def anchor(name: str, bad_parts: Mapping[str, tuple[str, ...]] | None = None) -> str:
    """The id of the element an error about box `name` links to."""
    if name.split("-")[-1] in DATE_BOXES:
        parts = (bad_parts or {}).get(name) or DATE_PARTS
        return f"{name}-{parts[0]}"
    if name == "other_names":
        return "other_names-0-given"
    return name


class PageForm:
    """What a page's template reads: the boxes as typed and the problems with them
    (the same interface as the people pages' forms, so their field macros serve)."""

    def __init__(self, values: Mapping[str, Any], check: Check | None = None) -> None:
        self.values = dict(values)
        self.check = check or Check()

    def value(self, name: str) -> Any:
        value = self.values.get(name, "")
        return "" if value is None else value

    def error(self, name: str) -> dict[str, str] | None:
        messages = self.check.problems.get(name)
        return {"text": " ".join(messages)} if messages else None

    def date_items(self, name: str) -> list[dict[str, str]]:
        bad = self.check.bad_parts.get(name, DATE_PARTS if name in self.check.problems else ())
        width = {"day": "2", "month": "2", "year": "4"}
        return [{"name": p, "value": self.value(f"{name}-{p}"),
                 "classes": f"govuk-input--width-{width[p]}"
                            + (" govuk-input--error" if p in bad else "")}
                for p in DATE_PARTS]

    def error_items(self) -> list[dict[str, str]]:
        return [{"text": m, "href": "#" + anchor(n, self.check.bad_parts)}
                for n, messages in self.check.problems.items() for m in messages]


def _clean(value: Any) -> str:
    # A NUL cannot be stored in PostgreSQL text; nobody means to type one.
    return str(value or "").replace("\x00", "")


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _parts(post: Mapping[str, Any], name: str) -> dict[str, str]:
    return {p: _clean(post.get(f"{name}-{p}")).strip() for p in DATE_PARTS}


def _yes_no(value: Any) -> str:
    """A yes/no answer as kept on the draft: 'yes', 'no' or '' (not answered)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    value = _clean(value).strip().lower()
    return value if value in ("yes", "no") else ""


def _iso_or_typed(parts: Mapping[str, str]) -> str:
    """A full date as the draft keeps it: ISO when it reads as one, otherwise what was
    typed (which the draft's final check will refuse, as it should)."""
    if not any(parts.values()):
        return ""
    when, message, _ = read_date(parts, "Date")
    if when is not None and not message:
        return when.isoformat()
    return "-".join(parts.get(p, "") for p in ("year", "month", "day"))


def _date_parts(stored: Any, value: Any) -> dict[str, str]:
    """A date's three boxes: as typed when the draft kept them, else from the value."""
    if isinstance(stored, dict):
        return {p: _clean(stored.get(p)) for p in DATE_PARTS}
    text = _clean(value).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if m:
        return {"year": m.group(1), "month": m.group(2) or "", "day": m.group(3) or ""}
    pieces = text.split("/")
    if 1 < len(pieces) <= 3:
        pieces = [""] * (3 - len(pieces)) + pieces
        return dict(zip(DATE_PARTS, pieces, strict=True))
    return {"day": "", "month": "", "year": text}


def _as_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(_clean(value).strip())
    except ValueError:
        return None


# ---------------------------------------------------------------- the referrer
def referrer_read(post: Mapping[str, Any], current: Mapping[str, Any],
                  actor: Any) -> dict[str, Any]:
    data = {**referrer_prefill(actor), **current}
    for name in ("name", "role", "phone", "email"):
        data[name] = _clean(post.get(name))
    if actor.role == CONTACT_CENTRE:
        data["organisation"] = _clean(post.get("organisation"))
        data["channel"] = _clean(post.get("channel"))
    if len(source_options(actor)) > 1:
        data["source"] = _clean(post.get("source"))
    return data


def referrer_values(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _clean(data.get(k)) for k in ("channel", "source", "name", "role",
                                              "organisation", "phone", "email")}


def referrer_check(data: Mapping[str, Any], actor: Any) -> Check:
    check, errors = Check(), Errors()
    entries.check_referrer(entries.Referrer(
        channel=_clean(data.get("channel")), source=_clean(data.get("source")),
        name=_clean(data.get("name")), role=_clean(data.get("role")),
        organisation=_clean(data.get("organisation")), phone=_clean(data.get("phone")),
        email=_clean(data.get("email"))), errors)
    check.take(errors)
    if actor.role == CONTACT_CENTRE and _clean(data.get("channel")) not in PHONE_CHANNELS:
        check.problems.pop("channel", None)
        check.add("channel", "Select how the referral reached you")
    if check.problems.get("source") and len(source_options(actor)) == 1:
        # Fixed by the agency and not shown: only an administrator can put this right.
        check.problems["source"] = ["Your agency's kind of service is not recorded; ask "
                                    "your administrator"]
    return check


# ---------------------------------------------------------------- the address
ADDRESS_BOXES = ("line_1", "line_2", "town", "postcode")


def address_read(post: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _clean(post.get(k)) for k in ADDRESS_BOXES}


def address_values(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _clean(data.get(k)) for k in ADDRESS_BOXES}


def address_check(data: Mapping[str, Any]) -> Check:
    check, errors = Check(), Errors()
    entries.check_address(entries.Address(**address_values(data)), errors, prefix="")
    check.take(errors)
    return check


# ---------------------------------------------------------------- the concern
INCIDENT_TEXT = ("description", "when_text")


def _row_numbers(post: Mapping[str, Any], prefix: str) -> list[int]:
    """The rows a page posted (incidents-0-…, incidents-1-…), in order."""
    found: set[int] = set()
    for key in post:
        m = re.fullmatch(rf"{prefix}-(\d+)-.+", key)
        if m and int(m.group(1)) < MAX_ROWS:
            found.add(int(m.group(1)))
    return sorted(found)


def concern_read(post: Mapping[str, Any], *, add_row: bool = False,
                 remove_row: int | None = None) -> dict[str, Any]:
    incidents = []
    for n in _row_numbers(post, "incidents"):
        parts = _parts(post, f"incidents-{n}-happened_on")
        row = {k: _clean(post.get(f"incidents-{n}-{k}")) for k in INCIDENT_TEXT}
        if n == remove_row or not (any(v.strip() for v in row.values()) or any(parts.values())):
            continue  # an empty row is not an incident; keep the ones that say something
        incidents.append({**row, "happened_on": _iso_or_typed(parts),
                          "happened_on_parts": parts})
    if add_row and len(incidents) < MAX_ROWS:
        incidents.append({"description": "", "when_text": "", "happened_on": "",
                          "happened_on_parts": {p: "" for p in DATE_PARTS}})
    getlist = getattr(post, "getlist", None)
    categories = (getlist("harm_categories") if callable(getlist)
                  else _list(post.get("harm_categories")))
    return {
        "concern": _clean(post.get("concern")),
        "significant_harm": _yes_no(post.get("significant_harm")),
        "harm_categories": [_clean(c) for c in categories][:10],
        "past_concerns": _clean(post.get("past_concerns")),
        "incidents": incidents,
    }


def _incidents(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [i for i in _list(data.get("incidents")) if isinstance(i, dict)]


def concern_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "concern": _clean(data.get("concern")),
        "significant_harm": _yes_no(data.get("significant_harm")),
        "harm_categories": [_clean(c) for c in _list(data.get("harm_categories"))],
        "past_concerns": _clean(data.get("past_concerns")),
    }
    rows = _incidents(data) or [{}]
    for n, row in enumerate(rows):
        for k in INCIDENT_TEXT:
            values[f"incidents-{n}-{k}"] = _clean(row.get(k))
        for p, v in _date_parts(row.get("happened_on_parts"), row.get("happened_on")).items():
            values[f"incidents-{n}-happened_on-{p}"] = v
    values["incident_rows"] = len(rows)
    return values


def concern_check(data: Mapping[str, Any]) -> Check:
    check = Check()
    values = concern_values(data)
    errors = Errors()
    entries.check_concern(entries.Concern(
        concern=values["concern"], significant_harm=values["significant_harm"] == "yes",
        harm_categories=values["harm_categories"], past_concerns=values["past_concerns"]),
        errors, prefix="")
    if not values["significant_harm"]:
        errors.errors.pop("significant_harm", None)
        check.add("significant_harm", "Say whether you believe a child is suffering, or is "
                  "likely to suffer, significant harm")
    check.take(errors)
    # Each incident on its own, so a message stays with its row whatever the others hold.
    for n, row in enumerate(_incidents(data)):
        parts = _date_parts(row.get("happened_on_parts"), row.get("happened_on"))
        name = f"incidents-{n}-happened_on"
        when, message, bad = read_date(parts, "The date")
        if message:
            check.add(name, message)
            check.bad_parts[name] = bad
        blank = not (any(_clean(row.get(k)).strip() for k in INCIDENT_TEXT) or any(parts.values()))
        if blank:
            continue
        errors = Errors()
        entries.check_concern(entries.Concern(incidents=[entries.IncidentEntry(
            description=_clean(row.get("description")), happened_on=when,
            when_text=_clean(row.get("when_text")))]), errors, prefix="")
        for key, messages in errors.errors.items():
            if key.startswith("incidents.0."):
                box = f"incidents-{n}-" + key.removeprefix("incidents.0.")
                if not (message and box == name):
                    for m in messages:
                        check.add(box, m)
        if message and not _clean(row.get("description")).strip():
            check.add(f"incidents-{n}-description", "Say what happened")
    return check


# ---------------------------------------------------------------- sharing
SHARING_BOXES = ("family_aware", "basis", "reason")


def sharing_read(post: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _clean(post.get(k)) for k in SHARING_BOXES}


def sharing_values(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _clean(data.get(k)) for k in SHARING_BOXES}


def sharing_check(data: Mapping[str, Any]) -> Check:
    check, errors = Check(), Errors()
    entries.check_sharing(entries.Sharing(**sharing_values(data)), errors, prefix="")
    check.take(errors)
    return check


# ---------------------------------------------------------------- one person
PERSON_TEXT = ("role", "given_name", "family_name", "sex", "nhs_number", "upn",
               "school_or_setting", "relationship", "notes")


def is_adult_role(role: str) -> bool:
    return role in (PersonRole.PARENT, PersonRole.OTHER_ADULT)


def person_kind(person: Mapping[str, Any], asked: str = "") -> str:
    """'child' or 'adult': from the role once chosen, else from the button used to add."""
    role = _clean(person.get("role"))
    if role in PersonRole.values:
        return "adult" if is_adult_role(role) else "child"
    return asked if asked in ("child", "adult") else _clean(person.get("kind"))


def role_options(kind: str) -> tuple[tuple[str, str], ...]:
    if kind == "child":
        return CHILD_ROLE_OPTIONS
    if kind == "adult":
        return ADULT_ROLE_OPTIONS
    return CHILD_ROLE_OPTIONS + ADULT_ROLE_OPTIONS


def _partial_dob(parts: Mapping[str, str]) -> tuple[str, str, tuple[str, ...]]:
    """A date of birth as far as it is known, from its boxes: (value for the draft,
    problem, boxes at fault). Day and month may be left blank; the year may not."""
    day, month, year = (parts.get(p, "") for p in DATE_PARTS)
    if not (day or month or year):
        return "", "", ()
    typed = "/".join(p for p in (day, month, year) if p) if (month or not day) else f"{day}//{year}"
    wrong = tuple(p for p in DATE_PARTS
                  if parts.get(p) and not (parts[p].isascii() and parts[p].isdigit()))
    if wrong:
        return typed, "Date of birth must be a real date", wrong
    if not year:
        return typed, ("Date of birth must include a year (leave the day and month blank if "
                       "they are not known)"), ("year",)
    if day and not month:
        return typed, "Date of birth must include a month if it includes a day", ("month",)
    if len(year) != 4:
        return typed, "Date of birth must have a year with 4 numbers, for example 2015", ("year",)
    return typed, "", ()


def person_read(post: Mapping[str, Any], *, kind: str = "",
                add_name: bool = False) -> dict[str, Any]:
    person: dict[str, Any] = {k: _clean(post.get(k)) for k in PERSON_TEXT}
    person["kind"] = kind
    names = []
    for n in _row_numbers(post, "other_names"):
        given = _clean(post.get(f"other_names-{n}-given"))
        family = _clean(post.get(f"other_names-{n}-family"))
        if given.strip() or family.strip():
            names.append([given, family])
    if add_name and len(names) < MAX_ROWS:
        names.append(["", ""])
    person["other_names"] = names
    dob_parts = _parts(post, "date_of_birth")
    person["date_of_birth"], _, _ = _partial_dob(dob_parts)
    person["date_of_birth_parts"] = dob_parts
    person["unborn"] = bool(post.get("unborn"))
    due_parts = _parts(post, "expected_date_of_birth")
    person["expected_date_of_birth"] = _iso_or_typed(due_parts) if person["unborn"] else ""
    person["expected_date_of_birth_parts"] = due_parts
    for k in ("lives_in_household", "is_family"):
        person[k] = _yes_no(post.get(k))
    return person


def person_values(person: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {k: _clean(person.get(k)) for k in PERSON_TEXT}
    names = [n for n in _list(person.get("other_names")) if isinstance(n, list | tuple)]
    names = names or [["", ""]]
    for n, pair in enumerate(names):
        values[f"other_names-{n}-given"] = _clean(pair[0] if pair else "")
        values[f"other_names-{n}-family"] = _clean(pair[1] if len(pair) > 1 else "")
    values["other_name_rows"] = len(names)
    for box in ("date_of_birth", "expected_date_of_birth"):
        for p, v in _date_parts(person.get(f"{box}_parts"), person.get(box)).items():
            values[f"{box}-{p}"] = v
    values["unborn"] = (bool(person.get("unborn"))
                        or bool(_clean(person.get("expected_date_of_birth"))))
    for k in ("lives_in_household", "is_family"):
        values[k] = _yes_no(person.get(k))
    return values


def person_check(person: Mapping[str, Any]) -> Check:
    check = Check()
    values = person_values(person)
    dob_parts = {p: values[f"date_of_birth-{p}"] for p in DATE_PARTS}
    dob, dob_message, dob_bad = _partial_dob(dob_parts)
    if dob_message:
        check.add("date_of_birth", dob_message)
        check.bad_parts["date_of_birth"] = dob_bad
    due: dt.date | None = None
    if values["unborn"]:
        due_parts = {p: values[f"expected_date_of_birth-{p}"] for p in DATE_PARTS}
        due, due_message, due_bad = read_date(due_parts, "Expected date of birth",
                                              "Enter the expected date of birth")
        if due_message:
            check.add("expected_date_of_birth", due_message)
            check.bad_parts["expected_date_of_birth"] = due_bad
    errors = Errors()
    role = values["role"]
    entries.check_person(entries.PersonEntry(
        role=role, given_name=values["given_name"], family_name=values["family_name"],
        other_names=[(_clean(g), _clean(f)) for g, f in
                     ((values[f"other_names-{n}-given"], values[f"other_names-{n}-family"])
                      for n in range(values["other_name_rows"]))],
        sex=values["sex"], date_of_birth="" if dob_message else dob,
        expected_date_of_birth=due, nhs_number=values["nhs_number"], upn=values["upn"],
        relationship=values["relationship"],
        lives_in_household=values["lives_in_household"] != "no",
        is_family=values["is_family"] != "no",
        school_or_setting=values["school_or_setting"], notes=values["notes"]), errors, prefix="")
    check.take(errors, skip=tuple(check.problems))
    if is_adult_role(role):
        if not values["lives_in_household"]:
            check.add("lives_in_household", "Say whether this adult lives in the child's "
                      "household")
        if not values["is_family"]:
            check.add("is_family", "Say whether this adult is a member of the child's family")
    return check


def people_of(draft_data: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [p if isinstance(p, dict) else {} for p in _list(draft_data.get("people"))]


# ---------------------------------------------------------------- the whole draft
@dataclass
class Problem:
    """One thing stopping a draft being sent, and where it is put right: a section page
    (`index` None), a person's page (`section` 'people' with an index), or the list of
    people (`section` 'people', no index)."""

    message: str
    section: str
    box: str = ""
    index: int | None = None
    bad_parts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        return anchor(self.box, self.bad_parts) if self.box else ""


def person_label(person: Mapping[str, Any], index: int) -> str:
    name = " ".join(_clean(person.get(k)).strip() for k in ("given_name", "family_name")).strip()
    return name or f"Person {index + 1}"


def draft_problems(draft_data: Mapping[str, Any], actor: Any) -> list[Problem]:
    """Everything a draft's pages would complain of, in the order of the pages."""
    out: list[Problem] = []

    def section(name: str, check: Check) -> None:
        for box, messages in check.problems.items():
            out.extend(Problem(m, name, box, bad_parts=check.bad_parts) for m in messages)

    section("referrer", referrer_check(as_dict(draft_data.get("referrer")), actor))
    people = people_of(draft_data)
    if not any(_clean(p.get("role")) == PersonRole.SUBJECT_CHILD for p in people):
        out.append(Problem("Add the child the concern is about", "people", "add-child"))
    if len(people) > entries.MAX_PEOPLE:
        out.append(Problem(f"A referral can name at most {entries.MAX_PEOPLE} people; make a "
                           "second referral for the rest", "people"))
    for i, person in enumerate(people):
        check = person_check(person)
        label = person_label(person, i)
        for box, messages in check.problems.items():
            out.extend(Problem(f"{label}: {m}", "people", box, i, check.bad_parts)
                       for m in messages)
    section("address", address_check(as_dict(draft_data.get("address"))))
    section("concern", concern_check(as_dict(draft_data.get("concern"))))
    section("sharing", sharing_check(as_dict(draft_data.get("sharing"))))
    return out


def service_problems(errors: Mapping[str, list[str]],
                     draft_data: Mapping[str, Any]) -> list[Problem]:
    """The submit service's complaints ('people.1.date_of_birth') as problems with a page."""
    out: list[Problem] = []
    people = people_of(draft_data)
    for key, messages in errors.items():
        head, _, rest = key.partition(".")
        for m in messages:
            if head == "people" and rest:
                num, _, box = rest.partition(".")
                index = int(num) if num.isdigit() else None
                label = (person_label(people[index], index)
                         if index is not None and index < len(people) else "A person")
                out.append(Problem(f"{label}: {m}", "people", box.replace(".", "-"), index))
            elif head in ("people", *SECTION_PAGES):
                out.append(Problem(m, head, rest.replace(".", "-")
                                   if rest != "agency_id" else "name"))
            else:
                out.append(Problem(m, "check"))
    return out


def first_unfinished(draft_data: Mapping[str, Any], actor: Any) -> tuple[str, int | None]:
    """Where to pick a draft up: the first page not yet answered or with something to
    put right, or the check page when there is nothing."""
    problems = draft_problems(draft_data, actor)
    for page in ("referrer", "people", "address", "concern", "sharing"):
        found = [p for p in problems if p.section == page]
        if page not in draft_data or found:
            return page, found[0].index if found else None
    return "check", None


# ---------------------------------------------------------------- showing answers
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def dob_display(value: str) -> str:
    """'2015-03-04' -> '4 March 2015', '2015-03' -> 'March 2015', '2015' -> '2015'."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value or "")
    if not m:
        return value or ""
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None:
        return year
    if day is None:
        return f"{MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def date_display(value: dt.date | None) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else ""


@dataclass
class Row:
    key: str
    value: str
    box: str = ""  # the box a Change link goes to


@dataclass
class Card:
    title: str
    rows: list[Row]
    section: str = ""
    index: int | None = None


ROLE_LABELS = dict(PersonRole.choices)
HARM_LABELS = dict(HarmCategory.choices)
AWARE_LABELS = dict(FamilyAware.choices)
BASIS_LABELS = dict(SharingBasis.choices)
CHANNEL_LABELS = dict(Channel.choices)
SEX_LABELS = dict(SEX_OPTIONS)


def _names(pairs: Any) -> str:
    return "; ".join(" ".join(_clean(x).strip() for x in pair if _clean(x).strip())
                     for pair in pairs or [] if any(_clean(x).strip() for x in pair))


def _yes_no_text(value: bool) -> str:
    return "Yes" if value else "No"


def person_rows(p: Any) -> list[Row]:
    """A person as the referrer described them (a PersonEntry or a ReferralPerson)."""
    rows = [Row("Who they are", ROLE_LABELS.get(p.role, p.role), "role"),
            Row("Name", " ".join(x for x in (p.given_name, p.family_name) if x), "given_name"),
            Row("Also known as", _names(p.other_names), "other_names"),
            Row("Sex", SEX_LABELS.get(p.sex, ""), "sex")]
    if p.expected_date_of_birth:
        rows.append(Row("Date of birth", "Unborn, due " + date_display(p.expected_date_of_birth),
                        "expected_date_of_birth"))
    else:
        rows.append(Row("Date of birth", dob_display(p.date_of_birth), "date_of_birth"))
    rows.append(Row("NHS number", p.nhs_number, "nhs_number"))
    if p.role in CHILD_ROLES:
        rows += [Row("Unique Pupil Number", p.upn, "upn"),
                 Row("School or setting", p.school_or_setting, "school_or_setting")]
        if p.role == PersonRole.OTHER_CHILD:
            rows.append(Row("Relationship to the child", p.relationship, "relationship"))
    else:
        rows += [Row("Relationship to the child", p.relationship, "relationship"),
                 Row("Lives in the household", _yes_no_text(p.lives_in_household),
                     "lives_in_household"),
                 Row("Family", _yes_no_text(p.is_family), "is_family")]
    rows.append(Row("Anything else", p.notes, "notes"))
    return rows


def answer_cards(*, referrer: Any, people: list[Any], address: Any, concern: Any,
                 incidents: list[Any], sharing: Any, agency_name: str = "") -> list[Card]:
    """A referral's answers as summary cards. Takes the parts of a ReferralInput (the
    check page) or plain namespaces read off a received referral (the referrer's page)."""
    who = [Row("How the referral was made", CHANNEL_LABELS.get(referrer.channel, ""), "channel"),
           Row("Who is referring", SOURCE_LABELS.get(referrer.source, ""), "source"),
           Row("Name", referrer.name, "name"),
           Row("Job title or relationship to the child", referrer.role, "role"),
           Row("Organisation", agency_name or referrer.organisation, "organisation"),
           Row("Phone", referrer.phone, "phone"),
           Row("Email", referrer.email, "email")]
    cards = [Card("Who is referring", who, "referrer")]
    for i, p in enumerate(people):
        cards.append(Card(" ".join(x for x in (p.given_name, p.family_name) if x)
                          or f"Person {i + 1}", person_rows(p), "people", i))
    lines = [x for x in (address.line_1, address.line_2, address.town, address.postcode) if x]
    cards.append(Card("Where the family lives",
                      [Row("Address", ", ".join(lines) or "Not known", "line_1")], "address"))
    harm = concern.significant_harm
    rows = [Row("The concern", concern.concern, "concern"),
            Row("Risk of significant harm", _yes_no_text(harm), "significant_harm"),
            Row("Kinds of harm", ", ".join(HARM_LABELS.get(h, h) for h in concern.harm_categories),
                "harm_categories"),
            Row("Past concerns and earlier referrals", concern.past_concerns, "past_concerns")]
    for n, inc in enumerate(incidents):
        when = date_display(inc.happened_on) or inc.when_text
        rows.append(Row(f"Incident {n + 1}" + (f" ({when})" if when else ""), inc.description,
                        f"incidents-{n}-description"))
    cards.append(Card("The concern", rows, "concern"))
    cards.append(Card("Sharing information", [
        Row("Does the family know?", AWARE_LABELS.get(sharing.family_aware, ""), "family_aware"),
        Row("Basis for sharing", BASIS_LABELS.get(sharing.basis, ""), "basis"),
        Row("Reason", sharing.reason, "reason"),
    ], "sharing"))
    return cards
