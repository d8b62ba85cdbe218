"""An assessment's pages: starting one of the kinds the case's procedure set allows,
reading and recording it (the child seen and their views, the census factors, the
analysis and outcome), completing it (with the reason when late), and a manager's
authorisation. Each form posts the assessment's version; a stale one is shown again,
with what was typed, as a 409.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from everychild.core import clock
from everychild.people.selectors import person_access
from everychild.people.views.support import (
    GET_POST,
    actor_of,
    domain_errors,
    page,
    posted,
    submit,
)

from ..models import (
    Assessment,
    AssessmentKind,
    AssessmentOutcome,
    AssessmentStatus,
    PrimaryNeed,
)
from ..selectors import pathway as selectors
from ..selectors.facts import due_items_for
from ..services import assessments as services
from ._pathway_forms import (
    AssessmentCompleteForm,
    AssessmentForm,
    AssessmentStartForm,
    VersionForm,
    ticked,
)
from ._pathway_support import HELPERS, back_to_case, case_url, may


def assessment_url(assessment: Assessment, name: str = "casework:assessment") -> str:
    return reverse(name, kwargs={"ref": assessment.episode.child.ref,
                                 "assessment_id": assessment.pk})


def _due(assessment: Assessment) -> Any:
    items = due_items_for([assessment.episode]).get(assessment.episode_id, [])
    return next((i for i in items if i.key == f"assessment:{assessment.pk}"), None)


@GET_POST
@domain_errors()
def assessment_start(request: HttpRequest, ref: Any, episode_id: int) -> HttpResponse:
    actor = actor_of(request)
    episode = selectors.episode_get(actor=actor, ref=ref, episode_id=episode_id,
                                    action="assessment.record")
    form = AssessmentStartForm(posted(request), initial={"started_on": clock.today()})
    if form.is_valid():
        c = form.cleaned
        done, _ = submit(form, lambda: services.assessment_start(
            actor=actor, episode=episode, kind=c["kind"], started_on=c["started_on"]))
        if done is not None:
            messages.success(request, f"{done.get_kind_display()} started")
            return redirect(assessment_url(done))
    kinds = [(k.value, k.label) for k in AssessmentKind
             if k.value in services.KINDS_UNDER[episode.rules]]
    refusals = {k: services.kind_refusal(episode, k) for k, _ in kinds}
    selectors.shown(actor=actor, child=episode.child, action="assessment.record")
    return page(request, "casework/assessment_start.html", {
        "title": "Start an assessment", "person": episode.child, "episode": episode,
        "back": case_url(episode.child, f"episode-{episode.pk}"), "kinds": kinds,
        "refusals": refusals, "startable": services.kinds_startable(episode),
        "today": clock.today(), **HELPERS,
    }, form=form)


def _assessment_page(request: HttpRequest, assessment: Assessment, *,
                     form: AssessmentForm | None = None, factors: list[str] | None = None,
                     status: int = 200) -> HttpResponse:
    """The assessment as recorded (with the form, if one was posted): a read, audited
    whether it answers a GET or a POST shown again with its mistakes."""
    actor = actor_of(request)
    child = assessment.episode.child
    access = person_access(actor=actor, person=child, action="casework.view")
    selectors.shown(actor=actor, child=child)
    editable = (assessment.status == AssessmentStatus.IN_PROGRESS
                and assessment.episode.closed_on is None
                and may(actor, "assessment.record", access.relationships))
    if form is None:
        form = AssessmentForm(initial={
            "child_seen_on": assessment.child_seen_on,
            "child_not_seen_reason": assessment.child_not_seen_reason,
            "child_views": assessment.child_views, "analysis": assessment.analysis,
            "outcome": assessment.outcome, "version": assessment.version})
    outcomes = [(o.value, o.label) for o in AssessmentOutcome
                if not services.outcome_refusal(assessment, o.value)]
    return page(request, "casework/assessment.html", {
        "title": assessment.get_kind_display(), "person": child, "assessment": assessment,
        "back": case_url(child, f"episode-{assessment.episode_id}"), "editable": editable,
        "factors_ticked": factors if factors is not None else assessment.factors,
        "outcomes": outcomes, "due": _due(assessment), "conflict": status == 409,
        "may_authorise": may(actor, "assessment.authorise", access.relationships),
        "complete_url": assessment_url(assessment, "casework:assessment-complete"),
        "authorise_url": assessment_url(assessment, "casework:assessment-authorise"),
        **HELPERS,
    }, form=form, status=status)


@GET_POST
@domain_errors()
def assessment(request: HttpRequest, ref: Any, assessment_id: int) -> HttpResponse:
    """GET reads the assessment (audited); POST records what it found so far."""
    actor = actor_of(request)
    if request.method == "GET":
        found = selectors.assessment_get(actor=actor, ref=ref, assessment_id=assessment_id)
        return _assessment_page(request, found)
    found = selectors.assessment_get(actor=actor, ref=ref, assessment_id=assessment_id,
                                     action="assessment.record")
    form = AssessmentForm(request.POST)
    factors = ticked(request.POST, "factors")
    status = 200
    if form.is_valid():
        c = form.cleaned
        done, status = submit(form, lambda: services.assessment_record(
            actor=actor, assessment=found, version=c["version"],
            child_seen_on=c["child_seen_on"], child_not_seen_reason=c["child_not_seen_reason"],
            child_views=c["child_views"], factors=factors, analysis=c["analysis"],
            outcome=c["outcome"]))
        if done is not None:
            messages.success(request, "The assessment is saved")
            return redirect(assessment_url(done))
    return _assessment_page(request, found, form=form, factors=factors, status=status)


@GET_POST
@domain_errors()
def assessment_complete(request: HttpRequest, ref: Any, assessment_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = selectors.assessment_get(actor=actor, ref=ref, assessment_id=assessment_id,
                                     action="assessment.record")
    form = AssessmentCompleteForm(posted(request), initial={
        "completed_on": clock.today(), "primary_need": found.episode.primary_need,
        "version": found.version})
    status = 200
    if form.is_valid():
        c = form.cleaned
        done, status = submit(form, lambda: services.assessment_complete(
            actor=actor, assessment=found, version=c["version"],
            completed_on=c["completed_on"], late_reason=c["late_reason"],
            primary_need=c["primary_need"]))
        if done is not None:
            return back_to_case(request, found.episode.child,
                                f"{done.get_kind_display()} completed: a manager will now "
                                "authorise it", f"assessment-{done.pk}")
    selectors.shown(actor=actor, child=found.episode.child, action="assessment.record")
    return page(request, "casework/assessment_complete.html", {
        "title": "Complete the assessment", "person": found.episode.child,
        "assessment": found, "due": _due(found), "back": assessment_url(found),
        "conflict": status == 409, "today": clock.today(), "needs": PrimaryNeed.choices,
        **HELPERS,
    }, form=form, status=status)


@GET_POST
@domain_errors()
def assessment_authorise(request: HttpRequest, ref: Any, assessment_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = selectors.assessment_get(actor=actor, ref=ref, assessment_id=assessment_id,
                                     action="assessment.authorise")
    form = VersionForm(posted(request), initial={"version": found.version})
    status = 200
    if form.is_valid():
        done, status = submit(form, lambda: services.assessment_authorise(
            actor=actor, assessment=found, version=form.cleaned["version"]))
        if done is not None:
            return back_to_case(request, found.episode.child,
                                f"{done.get_kind_display()} authorised",
                                f"assessment-{done.pk}")
    selectors.shown(actor=actor, child=found.episode.child, action="assessment.authorise")
    return page(request, "casework/assessment_authorise.html", {
        "title": "Authorise the assessment", "person": found.episode.child,
        "assessment": found, "back": assessment_url(found), "conflict": status == 409,
        "due": _due(found), **HELPERS,
    }, form=form, status=status)
