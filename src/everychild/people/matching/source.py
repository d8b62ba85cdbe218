"""Reading people from the database as MatchRecords: three queries for any number."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from django.db.models import Q

from ..models import HouseholdMembership, OtherName, OtherNameKind, Person
from .dates import PartialDate
from .records import MatchRecord, prepare

OTHER_NAME_WORDS = {
    OtherNameKind.ALIAS: "alias",
    OtherNameKind.NICKNAME: "nickname",
    OtherNameKind.FORMER: "former name",
    OtherNameKind.AGENCY_SPELLING: "spelling an agency uses",
}

PERSON_COLUMNS = ("id", "given_name", "middle_names", "family_name", "sex", "date_of_birth",
                  "expected_date_of_birth", "nhs_number", "upn", "former_upn")


def load_records(person_ids: Collection[int]) -> dict[int, MatchRecord]:
    """MatchRecords for the given people, leaving out any merged into another record."""
    if not person_ids:
        return {}
    ids = list(person_ids)
    return _load(Q(pk__in=ids), Q(person_id__in=ids))


def load_records_between(low: int, high: int) -> dict[int, MatchRecord]:
    """MatchRecords for people with low <= id < high (for rebuilding every key)."""
    return _load(Q(pk__gte=low, pk__lt=high), Q(person_id__gte=low, person_id__lt=high))


def _load(people_filter: Q, related_filter: Q) -> dict[int, MatchRecord]:
    people = list(Person.objects.filter(people_filter, merged_into__isnull=True)
                  .values_list(*PERSON_COLUMNS))
    if not people:
        return {}
    others: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for pid, given, family, kind in (OtherName.objects.filter(related_filter)
                                     .values_list("person_id", "given_name", "family_name",
                                                  "kind")):
        others[pid].append((given, family, OTHER_NAME_WORDS.get(kind, "other name")))
    now: dict[int, list[str]] = defaultdict(list)
    before: dict[int, list[str]] = defaultdict(list)
    for pid, postcode, ended in (HouseholdMembership.objects.filter(related_filter)
                                 .values_list("person_id", "household__postcode", "ended")):
        (before if ended is not None else now)[pid].append(postcode)
    return {
        pid: prepare(given_name=given, family_name=family, middle_names=middle,
                     other_names=others.get(pid, ()),
                     dob=PartialDate.of(dob or expected), sex=sex,
                     postcodes=now.get(pid, ()), former_postcodes=before.get(pid, ()),
                     nhs_number=nhs, upns=(upn, former_upn))
        for pid, given, middle, family, sex, dob, expected, nhs, upn, former_upn in people
    }
