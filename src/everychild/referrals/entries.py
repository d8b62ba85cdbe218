"""What a referral says, as plain data, and the checks each part must pass.

The wizard checks one part per page and the API checks the whole at once, with the same
functions, so a message reads the same wherever the referral was made."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from everychild.core import clock
from everychild.core.identifiers import (
    nhs_number_problem,
    normalise_nhs_number,
    normalise_upn,
    upn_problem,
)
from everychild.core.postcodes import normalise_postcode, postcode_problem

from .models import (
    CHILD_ROLES,
    Channel,
    FamilyAware,
    HarmCategory,
    PersonRole,
    ReferralSource,
    SharingBasis,
)

# Sources where nobody can be written back to, and members of the public, who are not
# asked to confirm a phone call in writing.
PUBLIC_SOURCES = {"1A", "1B", "1C", "1D", "9", "10"}
MIN_CONCERN_LENGTH = 20
MIN_REASON_LENGTH = 10
MAX_PEOPLE = 30
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class Errors:
    """Field errors, keyed by the name the form or API used."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, name: str, message: str | None) -> None:
        if message:
            self.errors.setdefault(name, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.errors)


def text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _too_long(errors: Errors, name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors.add(name, f"Must be {limit} characters or fewer")


# ---------------------------------------------------------------- partial dates
_ISO_PARTS = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_UK_PARTS = re.compile(r"(?:(\d{1,2})[/. ])?(\d{1,2})[/. ](\d{4})")


def partial_date(value: str) -> tuple[str, str | None]:
    """('2015-03-04' | '2015-03' | '2015' | '', problem): a date of birth as far as it is
    known. Accepts ISO order or day/month/year."""
    value = text(value)
    if not value:
        return "", None
    m = _ISO_PARTS.fullmatch(value)
    if m:
        year, month, day = m.group(1), m.group(2), m.group(3)
    else:
        m = _UK_PARTS.fullmatch(value)
        if not m:
            return value, ("Enter the date of birth as far as it is known, like 2015-03-27, "
                           "27/3/2015, 3/2015 or 2015")
        day, month, year = m.group(1), m.group(2), m.group(3)
    y = int(year)
    if month is None:
        normal = f"{y:04d}"
        probe = dt.date(y, 1, 1) if 1 <= y <= 9999 else None
    else:
        mo = int(month)
        if not 1 <= mo <= 12:
            return value, "The month must be between 1 and 12"
        if day is None:
            normal, probe = f"{y:04d}-{mo:02d}", dt.date(y, mo, 1)
        else:
            try:
                probe = dt.date(y, mo, int(day))
            except ValueError:
                return value, "Enter a real date of birth"
            normal = probe.isoformat()
    if probe is None or probe.year < 1900:
        return value, "The date of birth must be after 1900"
    if probe > clock.today():
        return value, ("The date of birth must be in the past; for an unborn child give the "
                       "expected date of birth")
    return normal, None


def full_date(value: str) -> dt.date | None:
    """The date when all of it is known."""
    return dt.date.fromisoformat(value) if len(value) == 10 else None


# ---------------------------------------------------------------- the parts
@dataclass
class Referrer:
    channel: str = Channel.ONLINE
    source: str = ""
    name: str = ""
    role: str = ""
    agency_id: int | None = None
    organisation: str = ""
    phone: str = ""
    email: str = ""

    @property
    def is_public(self) -> bool:
        return self.source in PUBLIC_SOURCES


@dataclass
class PersonEntry:
    role: str = PersonRole.SUBJECT_CHILD
    given_name: str = ""
    family_name: str = ""
    other_names: list[tuple[str, str]] = field(default_factory=list)
    sex: str = ""
    date_of_birth: str = ""
    expected_date_of_birth: dt.date | None = None
    nhs_number: str = ""
    upn: str = ""
    relationship: str = ""
    lives_in_household: bool = True
    is_family: bool = True
    school_or_setting: str = ""
    notes: str = ""

    @property
    def is_child(self) -> bool:
        return self.role in CHILD_ROLES


@dataclass
class Address:
    line_1: str = ""
    line_2: str = ""
    town: str = ""
    postcode: str = ""


@dataclass
class IncidentEntry:
    description: str = ""
    happened_on: dt.date | None = None
    when_text: str = ""


@dataclass
class Concern:
    concern: str = ""
    significant_harm: bool = False
    harm_categories: list[str] = field(default_factory=list)
    past_concerns: str = ""
    incidents: list[IncidentEntry] = field(default_factory=list)


@dataclass
class Sharing:
    family_aware: str = ""
    basis: str = ""
    reason: str = ""


@dataclass
class ReferralInput:
    referrer: Referrer
    people: list[PersonEntry]
    address: Address
    concern: Concern
    sharing: Sharing


# ---------------------------------------------------------------- checks
def check_referrer(r: Referrer, errors: Errors, prefix: str = "") -> Referrer:
    r = Referrer(channel=text(r.channel) or Channel.ONLINE, source=text(r.source),
                 name=text(r.name), role=text(r.role), agency_id=r.agency_id,
                 organisation=text(r.organisation), phone=text(r.phone),
                 email=text(r.email).lower())
    if r.channel not in Channel.values:
        errors.add(f"{prefix}channel", "Select how the referral was made")
    if r.source not in ReferralSource.values:
        errors.add(f"{prefix}source", "Select who is making the referral")
    anonymous = r.source == ReferralSource.ANONYMOUS
    if not anonymous:
        if not r.name:
            errors.add(f"{prefix}name", "Enter the referrer's name (or choose 'Anonymous' as "
                       "who is making the referral)")
        if not (r.phone or r.email):
            errors.add(f"{prefix}phone", "Enter a phone number or email address so we can "
                       "tell the referrer what happens")
    if r.email and not _EMAIL.fullmatch(r.email):
        errors.add(f"{prefix}email", "Enter an email address in the correct format, like "
                   "name@example.org")
    for name, limit in (("name", 200), ("role", 200), ("organisation", 200), ("phone", 40),
                        ("email", 254)):
        _too_long(errors, f"{prefix}{name}", getattr(r, name), limit)
    return r


def check_person(p: PersonEntry, errors: Errors, prefix: str = "") -> PersonEntry:
    dob, dob_problem = partial_date(p.date_of_birth)
    others = [(text(g), text(f)) for g, f in p.other_names if text(g) or text(f)]
    p = PersonEntry(
        role=text(p.role), given_name=text(p.given_name), family_name=text(p.family_name),
        other_names=others, sex=text(p.sex).upper(), date_of_birth=dob,
        expected_date_of_birth=p.expected_date_of_birth,
        nhs_number=normalise_nhs_number(text(p.nhs_number)), upn=normalise_upn(text(p.upn)),
        relationship=text(p.relationship), lives_in_household=bool(p.lives_in_household),
        is_family=bool(p.is_family), school_or_setting=text(p.school_or_setting),
        notes=text(p.notes),
    )
    if p.role not in PersonRole.values:
        errors.add(f"{prefix}role", "Select who this person is")
    if not (p.given_name or p.family_name):
        errors.add(f"{prefix}given_name", "Enter a name, as much of it as is known (for a "
                   "baby not yet named, 'Baby' and the family name)")
    if p.sex not in ("", "M", "F", "U"):
        errors.add(f"{prefix}sex", "Select the person's sex, or 'Not known'")
    errors.add(f"{prefix}date_of_birth", dob_problem)
    if p.expected_date_of_birth:
        today = clock.today()
        if not p.is_child:
            errors.add(f"{prefix}expected_date_of_birth", "Only an unborn child has an "
                       "expected date of birth")
        elif p.date_of_birth:
            errors.add(f"{prefix}expected_date_of_birth", "Enter either a date of birth or "
                       "an expected date of birth, not both")
        elif not (today - dt.timedelta(days=30) <= p.expected_date_of_birth
                  <= today + dt.timedelta(days=300)):
            errors.add(f"{prefix}expected_date_of_birth", "The expected date of birth must be "
                       "within the next 10 months")
    if p.nhs_number:
        errors.add(f"{prefix}nhs_number", nhs_number_problem(p.nhs_number))
    if p.upn:
        errors.add(f"{prefix}upn", upn_problem(p.upn))
    if not p.is_child and p.role in PersonRole.values and not p.relationship:
        errors.add(f"{prefix}relationship", "Say who this adult is to the child, for example "
                   "mother, mother's partner or lodger")
    for name, limit in (("given_name", 100), ("family_name", 100), ("relationship", 100),
                        ("school_or_setting", 200), ("notes", 500)):
        _too_long(errors, f"{prefix}{name}", getattr(p, name), limit)
    for i, (g, f) in enumerate(others):
        if len(g) > 100 or len(f) > 100:
            errors.add(f"{prefix}other_names", f"Other name {i + 1} must be 100 characters "
                       "or fewer in each part")
    return p


def check_people(people: list[PersonEntry], errors: Errors,
                 prefix: str = "people") -> list[PersonEntry]:
    cleaned = [check_person(p, errors, f"{prefix}.{i}.") for i, p in enumerate(people)]
    if not any(p.role == PersonRole.SUBJECT_CHILD for p in cleaned):
        errors.add(prefix, "Add the child the concern is about")
    if len(cleaned) > MAX_PEOPLE:
        errors.add(prefix, f"A referral can name at most {MAX_PEOPLE} people; make a second "
                   "referral for the rest")
    return cleaned


def check_address(a: Address, errors: Errors, prefix: str = "address.") -> Address:
    a = Address(line_1=text(a.line_1), line_2=text(a.line_2), town=text(a.town),
                postcode=normalise_postcode(text(a.postcode)))
    # The address may not be known (a child seen in A&E, a caller who will not say), but
    # a postcode that is given must be real.
    if a.postcode:
        errors.add(f"{prefix}postcode", postcode_problem(a.postcode))
    for name, limit in (("line_1", 200), ("line_2", 200), ("town", 100)):
        _too_long(errors, f"{prefix}{name}", getattr(a, name), limit)
    return a


def check_concern(c: Concern, errors: Errors, prefix: str = "concern.") -> Concern:
    incidents = [IncidentEntry(description=text(i.description), happened_on=i.happened_on,
                               when_text=text(i.when_text))
                 for i in c.incidents if text(i.description) or i.happened_on or text(i.when_text)]
    c = Concern(concern=text(c.concern), significant_harm=bool(c.significant_harm),
                harm_categories=sorted({text(h).upper() for h in c.harm_categories if text(h)}),
                past_concerns=text(c.past_concerns), incidents=incidents)
    if len(c.concern) < MIN_CONCERN_LENGTH:
        errors.add(f"{prefix}concern", "Describe the concern in your own words: what you saw "
                   "or were told, and by whom")
    if any(h not in HarmCategory.values for h in c.harm_categories):
        errors.add(f"{prefix}harm_categories", "Select the kinds of harm from the list")
    if c.harm_categories and not c.significant_harm:
        errors.add(f"{prefix}significant_harm", "You named kinds of harm: say whether you "
                   "believe a child is suffering or likely to suffer significant harm")
    today = clock.today()
    for i, inc in enumerate(incidents):
        if not inc.description:
            errors.add(f"{prefix}incidents.{i}.description", "Say what happened")
        if inc.happened_on and inc.happened_on > today:
            errors.add(f"{prefix}incidents.{i}.happened_on", "The date must be today or in "
                       "the past")
        if not inc.happened_on and not inc.when_text:
            errors.add(f"{prefix}incidents.{i}.happened_on", "Give the date, or say roughly "
                       "when (for example 'last week')")
    return c


def check_sharing(s: Sharing, errors: Errors, prefix: str = "sharing.") -> Sharing:
    s = Sharing(family_aware=text(s.family_aware), basis=text(s.basis), reason=text(s.reason))
    if s.family_aware not in FamilyAware.values:
        errors.add(f"{prefix}family_aware", "Say whether the family knows about this referral")
    if s.basis not in SharingBasis.values:
        errors.add(f"{prefix}basis", "Select the basis for sharing this information")
    elif s.basis != SharingBasis.CONSENT_GIVEN and len(s.reason) < MIN_REASON_LENGTH:
        errors.add(f"{prefix}reason", "Give the reason for sharing without the family's "
                   "consent (the risk of significant harm you see)")
    return s


def check_referral(data: ReferralInput) -> tuple[ReferralInput, Errors]:
    errors = Errors()
    cleaned = ReferralInput(
        referrer=check_referrer(data.referrer, errors, "referrer."),
        people=check_people(data.people, errors),
        address=check_address(data.address, errors),
        concern=check_concern(data.concern, errors),
        sharing=check_sharing(data.sharing, errors),
    )
    return cleaned, errors


# ---------------------------------------------------------------- from JSON-shaped data
def _date(value: Any, errors: Errors, name: str) -> dt.date | None:
    value = text(value)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.add(name, "Enter a real date, like 2026-03-27")
        return None


def _flag(value: Any, default: bool = False) -> bool:
    if isinstance(value, bool):
        return value
    if value in (None, ""):
        return default
    return text(value).lower() in ("true", "yes", "on", "1")


def _agency_id(value: Any, errors: Errors, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        errors.add(name, "Select the referrer's agency from the list")
        return None


def _names(value: Any) -> list[tuple[str, str]]:
    """Other names as [[given, family], ...] or 'Given Family; Given Family' text."""
    if isinstance(value, str):
        out = []
        for part in value.replace("\n", ";").split(";"):
            words = part.split()
            if words:
                out.append((" ".join(words[:-1]), words[-1]) if len(words) > 1 else (words[0], ""))
        return out
    out = []
    for item in value or []:
        if isinstance(item, dict):
            out.append((text(item.get("given_name")), text(item.get("family_name"))))
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            out.append((text(item[0]), text(item[1])))
    return out


def _section(data: Any, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def person_from_dict(d: dict[str, Any], errors: Errors, prefix: str) -> PersonEntry:
    return PersonEntry(
        role=text(d.get("role")), given_name=text(d.get("given_name")),
        family_name=text(d.get("family_name")), other_names=_names(d.get("other_names")),
        sex=text(d.get("sex")), date_of_birth=text(d.get("date_of_birth")),
        expected_date_of_birth=_date(d.get("expected_date_of_birth"), errors,
                                     f"{prefix}expected_date_of_birth"),
        nhs_number=text(d.get("nhs_number")), upn=text(d.get("upn")),
        relationship=text(d.get("relationship")),
        lives_in_household=_flag(d.get("lives_in_household"), True),
        is_family=_flag(d.get("is_family"), True),
        school_or_setting=text(d.get("school_or_setting")), notes=text(d.get("notes")),
    )


def referral_input_from_dict(data: Any) -> tuple[ReferralInput, Errors]:
    """Read a whole referral (the API body, or a draft's saved pages) and check it."""
    errors = Errors()
    r, a, c, s = (_section(data, k) for k in ("referrer", "address", "concern", "sharing"))
    people_raw = data.get("people") if isinstance(data, dict) else None
    people = [person_from_dict(p if isinstance(p, dict) else {}, errors, f"people.{i}.")
              for i, p in enumerate(people_raw if isinstance(people_raw, list) else [])]
    incidents_raw = c.get("incidents")
    incidents = [
        IncidentEntry(description=text(i.get("description")),
                      happened_on=_date(i.get("happened_on"), errors,
                                        f"concern.incidents.{n}.happened_on"),
                      when_text=text(i.get("when_text")))
        for n, i in enumerate(incidents_raw if isinstance(incidents_raw, list) else [])
        if isinstance(i, dict)
    ]
    categories = c.get("harm_categories")
    raw = ReferralInput(
        referrer=Referrer(channel=text(r.get("channel")), source=text(r.get("source")),
                          name=text(r.get("name")), role=text(r.get("role")),
                          agency_id=_agency_id(r.get("agency_id"), errors, "referrer.agency_id"),
                          organisation=text(r.get("organisation")), phone=text(r.get("phone")),
                          email=text(r.get("email"))),
        people=people,
        address=Address(line_1=text(a.get("line_1")), line_2=text(a.get("line_2")),
                        town=text(a.get("town")), postcode=text(a.get("postcode"))),
        concern=Concern(concern=text(c.get("concern")),
                        significant_harm=_flag(c.get("significant_harm")),
                        harm_categories=[text(x) for x in categories]
                        if isinstance(categories, list) else [],
                        past_concerns=text(c.get("past_concerns")), incidents=incidents),
        sharing=Sharing(family_aware=text(s.get("family_aware")), basis=text(s.get("basis")),
                        reason=text(s.get("reason"))),
    )
    cleaned, more = check_referral(raw)
    for name, messages in more.errors.items():
        for m in messages:
            errors.add(name, m)
    return cleaned, errors
