"""Running `synth` inside a test and reading back what it made."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command
from django.db import transaction

from everychild.agencies.models import Staff
from everychild.people.models import (
    Household,
    HouseholdMembership,
    Involvement,
    OtherName,
    Person,
    Relationship,
)


def synth(children: int, seed: int, **options: Any) -> str:
    out = io.StringIO()
    call_command("synth", children=children, seed=seed, verbosity=0, stdout=out, **options)
    return out.getvalue()


def _sorted(rows: Any) -> list[tuple[Any, ...]]:
    return sorted((tuple(r) for r in rows), key=repr)


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Everything synth writes, by stable keys (refs, codes, usernames), not database ids."""
    return {
        "people": _sorted(Person.objects.values_list(
            "ref", "kind", "given_name", "middle_names", "family_name", "sex", "date_of_birth",
            "expected_date_of_birth", "ethnicity", "nhs_number", "upn", "la_child_id",
            "sealed")),
        "households": _sorted(Household.objects.values_list(
            "ref", "address_line_1", "address_line_2", "town", "postcode")),
        "memberships": _sorted(HouseholdMembership.objects.values_list(
            "household__ref", "person__ref", "role", "started", "ended")),
        "relationships": _sorted(Relationship.objects.values_list(
            "person__ref", "related__ref", "kind", "started", "ended", "note")),
        "involvements": _sorted(Involvement.objects.values_list(
            "person__ref", "agency__code", "staff__username", "role", "started", "ended")),
        "other_names": _sorted(OtherName.objects.values_list(
            "person__ref", "kind", "given_name", "family_name", "agency__code", "note")),
        "staff": _sorted(Staff.objects.values_list("username", "role", "agency__code",
                                                   "team__name", "job_title")),
    }


def snapshot_of_fresh_run(children: int, seed: int, **options: Any) -> dict[str, Any]:
    """Generate into the (empty) test database, read it, then roll it all back, so the next
    run starts from the same empty database."""
    with transaction.atomic():
        synth(children, seed, **options)
        taken = snapshot()
        transaction.set_rollback(True)
    return taken
