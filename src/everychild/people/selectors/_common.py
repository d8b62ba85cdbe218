"""What every people read shares: who may see sealed people, and parsing refs."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from everychild.access.records import (
    StaffLike,
    may_see_sealed,
)
from everychild.core.errors import NotFound

from ..models import (
    HouseholdMembership,
    Person,
)


def _visible_people(actor: StaffLike) -> QuerySet[Person]:
    people = Person.objects.all()
    return people if may_see_sealed(actor) else people.filter(sealed=False)


def _parse_uuid(value: object) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        raise NotFound("No record was found") from None


def household_is_sealed(household_id: int) -> bool:
    """A household is as sealed as its most sealed member, past or present: an adopted
    child's address must not be found through the people who lived there."""
    return HouseholdMembership.objects.filter(household_id=household_id,
                                              person__sealed=True).exists()
