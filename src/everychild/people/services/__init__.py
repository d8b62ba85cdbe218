"""Writes to people, households, relationships and involvement.

Each service takes the acting user, checks the policy, validates everything before
writing anything, runs in one transaction and writes its audit entry in it.
"""

from .households import (
    AddressInput,
    FirstMember,
    household_create,
    household_update,
    membership_add,
    membership_end,
)
from .links import involvement_add, involvement_end, relationship_add, relationship_end
from .merge import person_merge, person_merge_undo
from .persons import (
    NAME_FIELDS,
    PERSON_FIELDS,
    PersonInput,
    other_name_add,
    person_create,
    person_seal,
    person_update,
)

__all__ = [
    "NAME_FIELDS",
    "PERSON_FIELDS",
    "AddressInput",
    "FirstMember",
    "PersonInput",
    "household_create",
    "household_update",
    "involvement_add",
    "involvement_end",
    "membership_add",
    "membership_end",
    "other_name_add",
    "person_create",
    "person_merge",
    "person_merge_undo",
    "person_seal",
    "person_update",
    "relationship_add",
    "relationship_end",
]
