"""Finding people by name, other name, date of birth or identifier."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Q

from everychild.access import policy
from everychild.access.audit import audit_record
from everychild.access.records import (
    StaffLike,
    check_action,
)
from everychild.core.identifiers import (
    la_child_id_problem,
    normalise_nhs_number,
    normalise_upn,
)
from everychild.core.names import name_key, prefix_upper_bound

from ..models import (
    Involvement,
    OtherName,
    Person,
)
from ..relationships import relationships_to_many
from ._common import _visible_people

SEARCH_LIMIT = 50


@dataclass
class SearchHit:
    """One result. For people the user cannot open, show only name and date of birth."""

    person: Person
    can_open: bool
    may_break_glass: bool
    matched_other_name: str = ""


_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$|^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(text: str) -> dt.date | None:
    m = _DATE.match(text.strip())
    if not m:
        return None
    try:
        if m.group(1):
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return dt.date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
    except ValueError:
        return None


def _name_filter(tokens: list[str], given: str, family: str) -> Q:
    """Every token must start the given or the family name."""
    condition = Q()
    for token in tokens:
        upper = prefix_upper_bound(token)
        condition &= (Q(**{f"{given}__gte": token, f"{given}__lt": upper})
                      | Q(**{f"{family}__gte": token, f"{family}__lt": upper}))
    return condition


# Above this many people sharing a name prefix, search runs the whole query instead.
CANDIDATE_LIMIT = 5000


def _name_candidates(tokens: list[str], other_ids: dict[int, int]) -> set[int] | None:
    """People whose given or family name starts with the longest token, found by index
    range lookups; None when there are too many for that to narrow the search.

    Two ANDed groups of ORs make the planners scan every person in name order; looking up
    one token's ranges first keeps a search to the rows that can match.
    """
    token = max(tokens, key=len)
    upper = prefix_upper_bound(token)
    ids: set[int] = set(other_ids)
    for field in ("given_name_key", "family_name_key"):
        found = list(Person.objects.filter(**{f"{field}__gte": token, f"{field}__lt": upper})
                     .values_list("pk", flat=True)[:CANDIDATE_LIMIT + 1])
        if len(found) > CANDIDATE_LIMIT:
            return None
        ids.update(found)
    return ids


def _identifier(field: str, value: str) -> Q:
    """An exact identifier match. Identifiers are unique only where recorded (partial
    indexes, `WHERE field <> ''`); SQLite uses such an index only when the query repeats
    that condition, so it is spelled out here."""
    return Q(**{field: value}) & ~Q(**{field: ""})


def person_search(
    *, actor: StaffLike, text: str = "", date_of_birth: dt.date | None = None,
    limit: int = SEARCH_LIMIT,
) -> list[SearchHit]:
    """Find people by name or other name, date of birth, NHS number, UPN or LA child ID.

    Reveals names and dates of birth of people the user is not involved with (that is how
    a worker finds out a child is known), but never a sealed person to a user without the
    sealed grant. Each search is audited, with its terms but not its results.
    """
    check_action(actor, "person.search")
    # A NUL cannot be stored in PostgreSQL text (nor in the audit entry), and is never
    # part of a name or identifier.
    text = (text or "").replace("\x00", "").strip()
    audit_record(actor=actor, action="person.search", detail={
        "text": text, "date_of_birth": date_of_birth.isoformat() if date_of_birth else ""})
    # A record merged into another is found through the one it was merged into.
    people = _visible_people(actor).filter(merged_into__isnull=True)
    matched_other: dict[int, str] = {}
    # LA child IDs may be all digits, so they are looked for alongside the other readings.
    la_id = (_identifier("la_child_id", text.upper()) if la_child_id_problem(text) is None
             else None)
    typed_date = parse_date(text) if text else None

    identifier = normalise_nhs_number(text)
    if re.fullmatch(r"\d{10}", identifier):
        condition = _identifier("nhs_number", identifier)
        if la_id is not None:
            condition |= la_id
        found = people.filter(condition)
    elif re.fullmatch(r"[A-Z]\d{11}[0-9A-Z]", normalise_upn(text)):
        upn = normalise_upn(text)
        found = people.filter(_identifier("upn", upn) | _identifier("former_upn", upn))
    elif typed_date:
        # As with the date filter below, an unborn child is found by the expected date.
        found = people.filter(Q(date_of_birth=typed_date)
                              | Q(expected_date_of_birth=typed_date))
    else:
        tokens = name_key(text).split()
        if not tokens and la_id is None and date_of_birth is None:
            return []
        found = people
        if tokens or la_id is not None:
            condition = Q(pk__in=[])
            if tokens:
                other_ids = dict(
                    OtherName.objects.filter(_name_filter(tokens, "given_name_key",
                                                          "family_name_key"))
                    .values_list("person_id", "id")[: limit * 4]
                )
                condition = (_name_filter(tokens, "given_name_key", "family_name_key")
                             | Q(pk__in=list(other_ids)))
                if other_ids:
                    for on in OtherName.objects.filter(pk__in=list(other_ids.values())):
                        matched_other[on.person_id] = str(on)
                candidates = _name_candidates(tokens, other_ids)
                if candidates is not None:
                    if la_id is not None:
                        candidates.update(Person.objects.filter(la_id)
                                          .values_list("pk", flat=True))
                    found = found.filter(pk__in=candidates)
            if la_id is not None:
                condition |= la_id
            found = found.filter(condition)
        if date_of_birth is not None:
            found = found.filter(Q(date_of_birth=date_of_birth)
                                 | Q(expected_date_of_birth=date_of_birth))

    hits = []
    may_break_glass = policy.role_may_break_glass(actor.role)
    people_found = list(found.order_by("family_name_key", "given_name_key",
                                       "date_of_birth")[:limit])
    relationships = relationships_to_many(actor, people_found)
    for person in people_found:
        can_open = policy.allows(actor.role, "person.view", relationships=relationships[person.pk])
        # For someone the user cannot open, search reveals the name and date of birth only
        # (the web page and the API alike): not the other name that matched.
        hits.append(SearchHit(person, can_open, may_break_glass and not can_open,
                              matched_other.get(person.pk, "") if can_open else ""))
    return hits


def people_for_actor(*, actor: StaffLike, limit: int = 50) -> list[Person]:
    """The children the user is currently named on (their caseload), newest first."""
    ids = Involvement.objects.filter(staff_id=actor.pk, ended__isnull=True).values("person_id")
    return list(_visible_people(actor).filter(pk__in=ids).order_by("family_name_key")[:limit])
