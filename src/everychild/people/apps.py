from __future__ import annotations

import uuid
from collections.abc import Collection

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "everychild.people"
    label = "people"

    def ready(self) -> None:
        from everychild.access.sealing import register_sealed_targets

        # Audit entries and privacy alerts name people and households by ref; tell access
        # which of those are sealed so it can hide them (see access.sealing).
        register_sealed_targets("person", sealed_person_refs,
                                detail_keys=("related", "person", "survivor", "merged",
                                             "people"))
        register_sealed_targets("household", sealed_household_refs)


def _uuids(ids: Collection[str]) -> list[uuid.UUID]:
    parsed = []
    for value in ids:
        try:
            parsed.append(uuid.UUID(str(value)))
        except ValueError:
            continue  # not a ref of ours, so not a sealed one
    return parsed


def sealed_person_refs(ids: Collection[str]) -> set[str]:
    from .models import Person

    refs = Person.objects.filter(ref__in=_uuids(ids), sealed=True).values_list("ref", flat=True)
    sealed = {str(ref) for ref in refs}
    return {value for value in ids if _canonical(value) in sealed}


def sealed_household_refs(ids: Collection[str]) -> set[str]:
    """For the audit log, a household is treated as sealed if a sealed person ever lived
    there: its entries name that person. (Pages hide a household only while a sealed
    person lives there; see people.selectors.household_is_sealed.)"""
    from .models import HouseholdMembership

    refs = (HouseholdMembership.objects
            .filter(household__ref__in=_uuids(ids), person__sealed=True)
            .values_list("household__ref", flat=True))
    sealed = {str(ref) for ref in refs}
    return {value for value in ids if _canonical(value) in sealed}


def _canonical(value: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return ""
