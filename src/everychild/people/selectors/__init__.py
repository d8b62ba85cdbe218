"""Reads of people and households, scoped by the permission policy and audited.

Every function that returns a child's record writes a `*.view` audit entry in the
current transaction. Sealed people never appear for users without the sealed grant.
"""

from ._common import household_is_sealed
from .editing import (
    BreakGlassTarget,
    agency_choices,
    household_for_change,
    involvement_for_change,
    membership_for_change,
    people_living_with,
    person_brief,
    person_for_break_glass,
    person_for_change,
    relationship_for_change,
    staff_choices,
)
from .merges import (
    ComparisonRow,
    MergedNotice,
    MergeSummary,
    merge_comparison,
    merge_get,
    merge_may_undo,
    merge_summary,
    merged_notice,
    merges_kept,
)
from .records import (
    HouseholdRecord,
    HouseholdView,
    PersonRecord,
    RelatedPerson,
    household_get,
    household_members,
    household_record,
    person_access,
    person_get,
    person_record,
)
from .search import SEARCH_LIMIT, SearchHit, parse_date, people_for_actor, person_search

__all__ = [
    "SEARCH_LIMIT",
    "BreakGlassTarget",
    "ComparisonRow",
    "HouseholdRecord",
    "HouseholdView",
    "MergeSummary",
    "MergedNotice",
    "PersonRecord",
    "RelatedPerson",
    "SearchHit",
    "agency_choices",
    "household_for_change",
    "household_get",
    "household_is_sealed",
    "household_members",
    "household_record",
    "involvement_for_change",
    "membership_for_change",
    "merge_comparison",
    "merge_get",
    "merge_may_undo",
    "merge_summary",
    "merged_notice",
    "merges_kept",
    "parse_date",
    "people_for_actor",
    "people_living_with",
    "person_access",
    "person_brief",
    "person_for_break_glass",
    "person_for_change",
    "person_get",
    "person_record",
    "person_search",
    "relationship_for_change",
    "staff_choices",
]
