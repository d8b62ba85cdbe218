"""Closing a case with its census reason (every involved agency is told), and recording a
change of circumstances (partner agencies may, too; every involved agency is told)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from everychild.access import policy
from everychild.core import clock
from everychild.people.relationships import relationships_to_person
from everychild.people.views.support import (
    GET_POST,
    actor_of,
    domain_errors,
    page,
    posted,
    submit,
)

from ..models import ChangeKind, ClosureReason
from ..selectors import pathway as selectors
from ..services.closure import REPORTABLE, circumstance_record, closure_blockers, episode_close
from ..services.notify import involved_agencies
from ._pathway_forms import CircumstanceForm, CloseForm
from ._pathway_support import HELPERS, back_to_case, case_url


@GET_POST
@domain_errors()
def close(request: HttpRequest, ref: Any, episode_id: int) -> HttpResponse:
    actor = actor_of(request)
    episode = selectors.episode_get(actor=actor, ref=ref, episode_id=episode_id,
                                    action="casework.close")
    offered = request.GET.get("reason", "")
    form = CloseForm(posted(request), initial={
        "closed_on": clock.today(), "version": episode.version,
        "reason": offered if offered in ClosureReason.values else ""})
    status = 200
    if form.is_valid():
        c = form.cleaned
        done, status = submit(form, lambda: episode_close(
            actor=actor, episode=episode, closed_on=c["closed_on"], reason=c["reason"],
            note=c["note"], version=c["version"]))
        if done is not None:
            return back_to_case(request, episode.child,
                                "The case is closed. Every agency involved has been told")
    selectors.shown(actor=actor, child=episode.child, action="casework.close")
    return page(request, "casework/episode_close.html", {
        "title": "Close the case", "person": episode.child, "episode": episode,
        "back": case_url(episode.child, f"episode-{episode.pk}"),
        "reasons": ClosureReason.choices, "blockers": closure_blockers(episode),
        "agencies": involved_agencies(episode), "conflict": status == 409,
        "today": clock.today(), **HELPERS,
    }, form=form, status=status)


@GET_POST
@domain_errors()
def circumstance(request: HttpRequest, ref: Any, episode_id: int) -> HttpResponse:
    actor = actor_of(request)
    episode = selectors.episode_get(actor=actor, ref=ref, episode_id=episode_id,
                                    action="circumstance.record")
    # Partner agencies report changes but do not read the case: they go back to the
    # child's record instead.
    reads_case = policy.allows(actor.role, "casework.view",
                               relationships=relationships_to_person(actor, episode.child))
    back = (case_url(episode.child, f"episode-{episode.pk}") if reads_case
            else reverse("people:person-detail", kwargs={"ref": episode.child.ref}))
    form = CircumstanceForm(posted(request), initial={"occurred_on": clock.today()})
    if form.is_valid():
        c = form.cleaned
        done, _ = submit(form, lambda: circumstance_record(
            actor=actor, episode=episode, kind=c["kind"], summary=c["summary"],
            occurred_on=c["occurred_on"]))
        if done is not None:
            messages.success(request, f"{done.get_kind_display()}: recorded, and every "
                             "agency involved has been told")
            return redirect(back)
    selectors.shown(actor=actor, child=episode.child, action="circumstance.record")
    return page(request, "casework/circumstance.html", {
        "title": "Record a change of circumstances", "person": episode.child,
        "episode": episode, "back": back,
        "kinds": [(k.value, ChangeKind(k).label) for k in REPORTABLE],
        "agencies": involved_agencies(episode), "today": clock.today(), **HELPERS,
    }, form=form)
