"""The people pages. Views stay thin: read a form, ask a selector or call a service,
render. Shared handling lives in `support`."""

from .households import (
    household_create,
    household_detail,
    household_edit,
    membership_add,
    membership_end,
)
from .links import involvement_add, involvement_end, relationship_add, relationship_end
from .merge import merge_detail, merge_undo, person_merge
from .people import (
    identifiers_edit,
    other_name_add,
    person_break_glass,
    person_create,
    person_detail,
    person_edit,
    person_seal,
    search,
)

__all__ = [
    "household_create", "household_detail", "household_edit", "identifiers_edit",
    "involvement_add", "involvement_end", "membership_add", "membership_end",
    "merge_detail", "merge_undo", "other_name_add", "person_break_glass", "person_create",
    "person_detail", "person_edit", "person_merge", "person_seal", "relationship_add",
    "relationship_end", "search",
]
