"""What the pathway's pages share: where the case page is, going back to it with a
message, and the words and labels the templates print."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from everychild.access import policy
from everychild.people.models import Person

from ..factors import factor_label, groups
from ..models import (
    AssessmentKind,
    AssessmentOutcome,
    AssessmentStatus,
    ChangeKind,
    ClosureReason,
    PrimaryNeed,
    Rules,
    Section47Outcome,
)
from ..timescales import Standing

STANDING = {Standing.ON_TRACK: ("On track", "govuk-tag--green"),
            Standing.DUE_SOON: ("Due soon", "govuk-tag--yellow"),
            Standing.OVERDUE: ("Overdue", "govuk-tag--red"),
            Standing.DONE: ("Done in time", "govuk-tag--grey"),
            Standing.DONE_LATE: ("Done late", "govuk-tag--orange")}
ASSESSMENT_STATUS_TAG = {AssessmentStatus.IN_PROGRESS: "govuk-tag--blue",
                         AssessmentStatus.AWAITING_AUTHORISATION: "govuk-tag--yellow",
                         AssessmentStatus.AUTHORISED: "govuk-tag--green"}


def staff_name(staff: Any) -> str:
    if staff is None:
        return ""
    return str(staff.get_full_name() or staff.username)


HELPERS: dict[str, Any] = {
    "rules_label": dict(Rules.choices), "need_label": dict(PrimaryNeed.choices),
    "kind_label": dict(AssessmentKind.choices), "outcome_label": dict(AssessmentOutcome.choices),
    "status_label": dict(AssessmentStatus.choices), "status_tag": ASSESSMENT_STATUS_TAG,
    "s47_label": dict(Section47Outcome.choices), "closure_label": dict(ClosureReason.choices),
    "change_label": dict(ChangeKind.choices), "standing": STANDING,
    "factor_label": factor_label, "factor_groups": groups(), "staff_name": staff_name,
}


def case_url(child: Person, anchor: str = "") -> str:
    url = reverse("casework:case", kwargs={"ref": child.ref})
    return f"{url}#{anchor}" if anchor else url


def back_to_case(request: HttpRequest, child: Person, message: str,
                 anchor: str = "") -> HttpResponse:
    messages.success(request, message)
    return redirect(case_url(child, anchor))


def may(actor: Any, action: str, relationships: frozenset[str]) -> bool:
    return policy.allows(actor.role, action, relationships=relationships)
