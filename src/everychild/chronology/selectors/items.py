"""One line of a chronology, whatever it came from, and the vocabulary of line types.

A line is an agency's entry (`source == "entry"`) or an event of the pathway read from
the records that hold it (`source == "pathway"`: a referral, an assessment, a
conference...). Lines sort by the day it happened, then when it was recorded, then a
stable key, so the same chronology always reads in the same order.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import models

from ..models import EntryKind


class LineSource(models.TextChoices):
    ENTRY = "entry", "An agency's entry"
    PATHWAY = "pathway", "A casework event"


ENTRY = LineSource.ENTRY.value
PATHWAY = LineSource.PATHWAY.value

# The pathway's own line types, beside the kinds of entry agencies write.
PATHWAY_TYPES: tuple[tuple[str, str], ...] = (
    ("referral", "Referral"),
    ("episode", "Case opened or closed"),
    ("assessment", "Assessment"),
    ("strategy", "Strategy discussion"),
    ("section47", "Section 47 enquiry"),
    ("conference", "Child protection conference"),
    ("plan", "Plan"),
    ("core_group", "Core group"),
    ("visit", "Statutory visit"),
    ("circumstance", "Change of circumstances"),
)
ENTRY_TYPES: tuple[tuple[str, str], ...] = tuple((k.value, k.label) for k in EntryKind)
TYPE_LABELS = dict(ENTRY_TYPES + PATHWAY_TYPES)


@dataclass(frozen=True)
class PersonLabel:
    """Whose line it is, in a family chronology."""

    id: int
    ref: uuid.UUID
    name: str


@dataclass
class Item:
    on: dt.date
    key: str  # unique within a chronology, e.g. "entry:<lineage>", "visit:12"
    source: str
    type: str
    significance: str
    summary: str
    detail: str = ""
    agency_id: int | None = None
    agency_name: str = ""
    recorded_by: str = ""
    recorded_at: dt.datetime | None = None
    person_id: int = 0
    person: PersonLabel | None = None
    # Agencies' entries only.
    lineage: uuid.UUID | None = None
    revision: int = 0
    restricted: bool = False
    attachments: int = 0
    correction_reason: str = ""
    link: str = ""
    # Where the line's record is read, as a URL name and its kwargs besides the child's
    # ref (filled into `link` for the lines shown).
    route: tuple[str, dict[str, int]] | None = None

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type)

    @property
    def significance_label(self) -> str:
        return SIGNIFICANCE_LABELS.get(self.significance, self.significance)

    @property
    def corrected(self) -> bool:
        return self.revision > 1

    @property
    def agency_brief(self) -> dict[str, object] | None:
        return None if self.agency_id is None else {"id": self.agency_id,
                                                    "name": self.agency_name}

    @property
    def entry_brief(self) -> dict[str, object] | None:
        if self.lineage is None:
            return None
        return {"lineage": self.lineage, "revision": self.revision,
                "sharing": "restricted" if self.restricted else "shared",
                "attachments": self.attachments, "correction_reason": self.correction_reason}

    def sort_key(self) -> tuple[dt.date, float, str]:
        return (self.on, self.recorded_at.timestamp() if self.recorded_at else 0.0, self.key)


SIGNIFICANCE_LABELS = {"routine": "Routine", "notable": "Notable",
                       "significant": "Significant event"}


def staff_name(staff: object | None) -> str:
    if staff is None:
        return ""
    full = getattr(staff, "get_full_name", None)
    return (full() if callable(full) else "") or str(getattr(staff, "username", ""))


def name_of(first: str | None, last: str | None, username: str | None) -> str:
    return " ".join(p for p in (first, last) if p) or (username or "")
