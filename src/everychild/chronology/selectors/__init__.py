"""Reads of the chronology, scoped by the permission policy and audited: a child's or a
family's chronology, one entry's history, and the child at a glance."""

from ._common import child_with_access
from .chronology import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    Chronology,
    Filters,
    chronology_for_child,
    chronology_for_household,
)
from .entries import (
    EntryHistory,
    Revision,
    entry_history,
    entry_history_audit,
    entry_shown_audit,
    form_shown_audit,
)
from .items import ENTRY, ENTRY_TYPES, PATHWAY, PATHWAY_TYPES, TYPE_LABELS, Item, PersonLabel
from .summary import ChildSummary, child_summary, summary_action

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "ENTRY",
    "ENTRY_TYPES",
    "MAX_PAGE_SIZE",
    "PATHWAY",
    "PATHWAY_TYPES",
    "TYPE_LABELS",
    "ChildSummary",
    "Chronology",
    "EntryHistory",
    "Filters",
    "Item",
    "PersonLabel",
    "Revision",
    "child_summary",
    "child_with_access",
    "chronology_for_child",
    "chronology_for_household",
    "entry_history",
    "entry_history_audit",
    "entry_shown_audit",
    "form_shown_audit",
    "summary_action",
]
