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
    """A household is sealed while a sealed person lives there: an adopted child's address
    must not be found through the people they live with. A household a sealed child has
    left (the birth family's) stays visible, without that child's row, so that its other
    members' records do not lose their home, which would itself hint at an adoption."""
    return HouseholdMembership.objects.filter(household_id=household_id, ended__isnull=True,
                                              person__sealed=True).exists()
