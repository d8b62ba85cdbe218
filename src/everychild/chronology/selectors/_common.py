"""Finding the child a chronology page is about, with the actor's access to them."""

from __future__ import annotations

from uuid import UUID

from everychild.access.records import Access, StaffLike, may_see_sealed
from everychild.core.errors import NotFound
from everychild.people.models import Person
from everychild.people.selectors import person_access


def parse_ref(value: object, what: str = "record") -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        raise NotFound(f"No {what} was found") from None


def child_with_access(*, actor: StaffLike, ref: object, action: str) -> tuple[Person, Access]:
    """The person and how the actor may act on them; NotFound for a sealed record the
    actor may not know of, exactly as for one that does not exist."""
    person = Person.objects.filter(ref=parse_ref(ref)).first()
    if person is None or (person.sealed and not may_see_sealed(actor)):
        raise NotFound("No record was found")
    return person, person_access(actor=actor, person=person, action=action)
