"""Reading the pathway's forms (episodes, assessments, strategy discussions, enquiries,
closure, changes). A form turns what was typed into values and keeps it as typed; the
services hold the rules and their messages come back onto these forms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from everychild.people.forms import Field

from ..models import (
    AssessmentOutcome,
    ClosureReason,
    PrimaryNeed,
    Rules,
    Section47Outcome,
)
from ..services.closure import REPORTABLE
from ._dated_form import Form

VERSION = Field("version", "Version", kind="hidden")
ATTENDEE_ROWS = 8  # rows on the strategy form; blank rows are left out


def ticked(data: Mapping[str, Any] | None, name: str) -> list[str]:
    """Every value ticked in a group of checkboxes, as typed."""
    if data is None or not hasattr(data, "getlist"):
        return []
    return [str(v).replace("\x00", "")[:20] for v in data.getlist(name)][:100]


class EpisodeOpenForm(Form):
    fields = (Field("referral_date", "The referral date", kind="date",
                    required="Enter the date the referral was received"),
              Field("primary_need", "Main need", invalid="Select the child's main need from "
                                                         "the list"),
              Field("team", "Team", kind="number", invalid="Choose a team from the list"),
              Field("worker", "Social worker", kind="number",
                    invalid="Choose a social worker from the list"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices.setdefault("primary_need", PrimaryNeed.values)


class AllocateForm(Form):
    fields = (Field("team", "Team", kind="number", required="Choose the team the case is "
                                                              "allocated to",
                    invalid="Choose a team from the list"),
              Field("worker", "Social worker", kind="number",
                    invalid="Choose a social worker from the list"), VERSION)


class AssessmentStartForm(Form):
    fields = (Field("kind", "Kind of assessment", required="Select the kind of assessment"),
              Field("started_on", "The start date", kind="date"))


class AssessmentForm(Form):
    """What the assessment found; the factors come from their checkboxes (`ticked`)."""

    fields = (Field("child_seen_on", "The date the child was seen", kind="date"),
              Field("child_not_seen_reason", "Why the child was not seen", max_length=5000),
              Field("child_views", "The child's views", max_length=20000),
              Field("analysis", "The analysis", max_length=20000),
              Field("outcome", "Outcome", invalid="Select the outcome of the assessment"),
              VERSION)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices.setdefault("outcome", AssessmentOutcome.values)

    def anchor(self, name: str) -> str:
        return "factors" if name == "factors" else super().anchor(name)


class AssessmentCompleteForm(Form):
    fields = (Field("completed_on", "The completion date", kind="date"),
              Field("primary_need", "Main need", invalid="Select the child's main need from "
                                                         "the list"),
              Field("late_reason", "The reason it is late", max_length=5000), VERSION)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices.setdefault("primary_need", PrimaryNeed.values)


class VersionForm(Form):
    fields = (VERSION,)


def attendee_fields() -> tuple[Field, ...]:
    found: list[Field] = []
    for i in range(ATTENDEE_ROWS):
        found += [Field(f"attendee-{i}-agency", "Agency", kind="number",
                        invalid="Choose the agency from the list"),
                  Field(f"attendee-{i}-name", "Name", max_length=200),
                  Field(f"attendee-{i}-role", "Role", max_length=200)]
    return tuple(found)


class StrategyForm(Form):
    fields = (Field("held_on", "The date of the discussion", kind="date",
                    required="Enter the date the discussion was held"),
              *attendee_fields(),
              Field("information_shared", "Information shared", max_length=20000),
              Field("section47", "Section 47 enquiry",
                    required="Say whether a section 47 enquiry will be made"),
              Field("reasons", "Reasons", max_length=5000,
                    required="Give the reasons for the decision"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices.setdefault("section47", ["yes", "no"])

    def rows(self) -> list[int]:
        """The attendee rows with anything typed in them."""
        return [i for i in range(ATTENDEE_ROWS)
                if any(self.raw.get(f"attendee-{i}-{part}")
                       for part in ("agency", "name", "role"))]

    def anchor(self, name: str) -> str:
        # The service names attendees by their place in the list it was given.
        if name.startswith("attendees."):
            parts = name.split(".")
            rows = self.rows()
            index = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
            row = rows[index] if index < len(rows) else 0
            return f"attendee-{row}-{parts[2] if len(parts) > 2 else 'agency'}"
        if name == "attendees":
            return "attendee-0-agency"
        return super().anchor(name)


class EnquiryOutcomeForm(Form):
    fields = (Field("outcome", "Outcome", required="Select the outcome of the enquiry",
                    invalid="Select the outcome of the enquiry"),
              Field("findings", "Findings", max_length=20000),
              Field("completed_on", "The date the enquiry ended", kind="date"), VERSION)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices.setdefault("outcome", Section47Outcome.values)


class CloseForm(Form):
    fields = (Field("reason", "Reason", required="Select the reason the case is closing",
                    invalid="Select the reason the case is closing"),
              Field("closed_on", "The closure date", kind="date",
                    required="Enter the date the case closed"),
              Field("note", "Note", max_length=5000), VERSION)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices.setdefault("reason", ClosureReason.values)


class CircumstanceForm(Form):
    fields = (Field("kind", "What has changed", required="Select what has changed",
                    invalid="Select what has changed"),
              Field("occurred_on", "The date of the change", kind="date",
                    required="Enter the date it happened, or when you learnt of it"),
              Field("summary", "Summary", max_length=5000, required="Say what has changed"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices.setdefault("kind", [k.value for k in REPORTABLE])


class ProcedureForm(Form):
    fields = (Field("effective_from", "The date it applies from", kind="date",
                    required="Enter the date the procedure set applies from"),
              Field("rules", "Procedure set", required="Select the procedure set",
                    invalid="Select the procedure set"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices.setdefault("rules", Rules.values)
