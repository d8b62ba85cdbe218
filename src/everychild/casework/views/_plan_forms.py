"""Reading the conference, plan and visit forms. As on the people pages, a form only turns
text into values and keeps what was typed; the services hold the rules."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from everychild.people.forms import Field

from ..models import ActionStatus, Category
from ._dated_form import Form

VERSION = Field("version", "Version", kind="hidden")
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
YES_NO = (("yes", "Yes"), ("no", "No"))


def read_time(text: str) -> dt.time | None:
    """'14:30' or '9.05' as a time of day; None when it is not one."""
    m = _TIME.match(text or "")
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return None
    return dt.time(int(m.group(1)), int(m.group(2)))


def yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def ids(data: Mapping[str, Any] | None, name: str) -> list[int]:
    """Whole numbers ticked in a group of checkboxes (anything else is ignored)."""
    if data is None or not hasattr(data, "getlist"):
        return []
    return [int(v) for v in data.getlist(name) if str(v).isascii() and str(v).isdigit()
            and len(str(v)) < 18]


class ScheduleForm(Form):
    fields = (Field("scheduled_on", "Date of the conference", kind="date",
                    required="Enter the date of the conference"),
              Field("scheduled_time", "Time", max_length=10),
              Field("venue", "Venue", max_length=200),
              Field("chair", "Chair", kind="number", invalid="Choose the chair from the list"),
              Field("late_reason", "Reason", max_length=5000),
              Field("reconvened", "Reconvened", kind="check"),
              Field("reconvene_reason", "Reason for reconvening", max_length=5000),
              Field("invite_child", "Invite the child", kind="check"),
              Field("child_email", "The child's email address", max_length=254))

    def anchor(self, name: str) -> str:
        if name.startswith("family_email_"):
            return name
        if name in ("family", "agencies"):
            return f"{name}-error" if name == "family" else name
        return super().anchor(name)

    def check(self) -> None:
        on, time = self.cleaned.get("scheduled_on"), read_time(self.cleaned["scheduled_time"])
        self.cleaned["scheduled_for"] = None
        if time is None:
            self.add_error("scheduled_time", "Enter the time of the conference, like 14:30")
        elif on is not None:
            self.cleaned["scheduled_for"] = timezone.make_aware(dt.datetime.combine(on, time))


class InviteeForm(Form):
    fields = (Field("agency", "Agency", kind="number", invalid="Choose the agency from the list"),
              Field("person", "Family member", kind="number",
                    invalid="Choose the family member from the list"),
              Field("email", "Email address", max_length=254))


class DecisionForm(Form):
    fields = (Field("held_on", "The date of the conference", kind="date"),
              Field("decision", "Decision"),
              Field("category", "Category", invalid="Select the category of abuse"),
              Field("reasons", "Reasons", max_length=20000),
              Field("first_core_group_on", "The date of the first core group", kind="date"),
              Field("key_worker", "Key worker", kind="number",
                    invalid="Choose the key worker from the list"),
              Field("unshared_reports_reason", "Reason", max_length=5000), VERSION)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices.setdefault("category", ["", *Category.values])


class FirstCoreGroupForm(Form):
    fields = (Field("first_core_group_on", "The date of the first core group", kind="date"),
              VERSION)


class DissentForm(Form):
    fields = (Field("agency", "Agency", kind="number", invalid="Select the agency that "
                                                               "disagrees"),
              Field("view", "The agency's view", max_length=20000))


class MinutesForm(Form):
    fields = (Field("minutes", "The minutes", max_length=100_000), VERSION)


class SendForm(Form):
    fields = (VERSION,)


class CancelForm(Form):
    fields = (Field("reason", "The reason", max_length=5000), VERSION)


class AttendanceForm(SendForm):
    def anchor(self, name: str) -> str:
        return name if name.startswith("attendance-") else super().anchor(name)


class AmendmentAnswerForm(Form):
    fields = (Field("accept", "Answer"), Field("response", "Response", max_length=5000))


class ReportForm(Form):
    fields = (Field("report", "The report", max_length=50_000),
              Field("report_version", "Report version", kind="hidden"))


class ShareForm(Form):
    fields = (Field("report_version", "Report version", kind="hidden"),)


class AmendmentRequestForm(Form):
    fields = (Field("request", "The amendment", max_length=5000),)


# ------------------------------------------------------------------ plans
class CinPlanForm(Form):
    fields = (Field("started_on", "The start date", kind="date"),
              Field("key_worker", "Key worker", kind="number",
                    invalid="Choose the key worker from the list"),
              Field("outcomes", "What must change", max_length=20000))


class PlanEndForm(Form):
    fields = (Field("ended_on", "The end date", kind="date"),
              Field("end_reason", "Reason", max_length=5000), VERSION)


class KeyWorkerForm(Form):
    fields = (Field("key_worker", "Key worker", kind="number",
                    required="Choose the new key worker",
                    invalid="Choose the key worker from the list"), VERSION)


class IntervalForm(Form):
    fields = (Field("visit_interval_working_days", "The visit interval", kind="number",
                    invalid="The visit interval must be a whole number of working days"),
              VERSION)


class MemberForm(Form):
    fields = (Field("staff", "Worker", kind="number", invalid="Choose the worker from the list"),
              Field("agency", "Agency", kind="number", invalid="Choose the agency from the list"),
              Field("person", "Family member", kind="number",
                    invalid="Choose the family member from the list"),
              Field("role", "Role", max_length=200),
              Field("joined_on", "The date they joined", kind="date"))


class LeftForm(Form):
    fields = (Field("left_on", "The date they left", kind="date"),)


class ActionForm(Form):
    fields = (Field("description", "The action", max_length=5000),
              Field("outcome_sought", "The outcome", max_length=5000),
              Field("owner_agency", "Agency", kind="number",
                    invalid="Choose the agency from the list"),
              Field("owner_staff", "Worker", kind="number",
                    invalid="Choose the worker from the list"),
              Field("owner_name", "The owner's name", max_length=200),
              Field("due_on", "The due date", kind="date"))


class ProgressForm(Form):
    fields = (Field("note", "The progress", max_length=5000),)


class ActionStatusForm(Form):
    fields = (Field("status", "Status", invalid="Say whether the action is done or no longer "
                                                "needed"),
              Field("note", "The note", max_length=5000), VERSION)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices.setdefault("status", ["", ActionStatus.DONE, ActionStatus.DROPPED])


class CoreGroupForm(Form):
    fields = (Field("held_on", "The date of the meeting", kind="date"),
              Field("others", "Others who attended", max_length=5000),
              Field("notes", "The notes", max_length=20000),
              Field("plan_working", "Plan working"))

    def check(self) -> None:
        self.cleaned["plan_working"] = yes_no(self.cleaned["plan_working"])
        self.cleaned["others"] = [line.strip() for line in self.cleaned["others"].splitlines()
                                  if line.strip()]


class VisitForm(Form):
    fields = (Field("visited_on", "The date of the visit", kind="date"),
              Field("child_seen", "Child seen"), Field("seen_alone", "Seen alone"),
              Field("not_seen_reason", "The reason", max_length=20000),
              Field("note", "The note", max_length=20000))

    def check(self) -> None:
        for name in ("child_seen", "seen_alone"):
            self.cleaned[name] = yes_no(self.cleaned[name])
