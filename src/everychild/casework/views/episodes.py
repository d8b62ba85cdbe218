"""The child's case page (`/people/<ref>/case/`): every episode with its assessments,
strategy discussions, enquiries, changes and due dates, and buttons for what the user may
do next; opening an episode and allocating it; and the authority's choice of procedure
set. Every read of the case page is audited as `casework.view`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from everychild.agencies.models import Staff, Team
from everychild.core import clock
from everychild.people.views.support import (
    GET_POST,
    actor_of,
    domain_errors,
    page,
    posted,
    require_GET,
    submit,
)

from ..models import PrimaryNeed, Rules
from ..selectors import pathway as selectors
from ..services.episodes import episode_allocate as allocate_service
from ..services.episodes import episode_open as open_service
from ..services.procedure import procedure_choose
from ._pathway_forms import AllocateForm, EpisodeOpenForm, ProcedureForm
from ._pathway_support import HELPERS, back_to_case, case_url, staff_name


@require_GET
@domain_errors()
def case(request: HttpRequest, ref: Any) -> HttpResponse:
    view = selectors.case_view(actor=actor_of(request), ref=ref)
    return page(request, "casework/case.html", {
        "title": f"Case: {view.child.full_name}", "nav_active": "search", "case": view,
        "person": view.child, "today": clock.today(), **HELPERS,
    })


def _allocation(actor: Any) -> tuple[list[Team], list[Staff], dict[str, list[int]]]:
    teams, staff = selectors.allocation_choices(actor)
    return teams, staff, {"team": [t.pk for t in teams], "worker": [s.pk for s in staff]}


def _picked(rows: list[Any], pk: int | None) -> Any:
    return next((r for r in rows if r.pk == pk), None)


@GET_POST
@domain_errors()
def episode_open(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    child = selectors.case_child(actor=actor, ref=ref, action="casework.allocate")
    teams, staff, choices = _allocation(actor)
    already = selectors.open_episode_of(child)
    form = EpisodeOpenForm(posted(request), initial={"referral_date": clock.today()},
                           choices=choices)
    status = 200
    if form.is_valid():
        c = form.cleaned
        done, status = submit(form, lambda: open_service(
            actor=actor, child=child, referral_date=c["referral_date"],
            primary_need=c["primary_need"], team=_picked(teams, c["team"]),
            worker=_picked(staff, c["worker"])))
        if done is not None:
            if already is not None and done.pk == already.pk:
                message = (f"{child.full_name} already has an open case, from the referral of "
                           f"{done.referral_date.day} {done.referral_date:%B %Y}: nothing new "
                           "was opened")
            else:
                message = f"A case is open for {child.full_name}, under {Rules(done.rules).label}"
            return back_to_case(request, child, message)
    selectors.shown(actor=actor, child=child, action="casework.allocate")
    return page(request, "casework/episode_open.html", {
        "title": "Open a case", "person": child, "back": case_url(child), "already": already,
        "teams": teams, "staff": staff, "needs": PrimaryNeed.choices, "today": clock.today(),
        **HELPERS,
    }, form=form, status=status)


@GET_POST
@domain_errors()
def episode_allocate(request: HttpRequest, ref: Any, episode_id: int) -> HttpResponse:
    actor = actor_of(request)
    episode = selectors.episode_get(actor=actor, ref=ref, episode_id=episode_id,
                                    action="casework.allocate")
    teams, staff, choices = _allocation(actor)
    form = AllocateForm(posted(request), choices=choices, initial={
        "team": episode.team_id, "worker": episode.worker_id, "version": episode.version})
    status = 200
    if form.is_valid():
        c = form.cleaned
        done, status = submit(form, lambda: allocate_service(
            actor=actor, episode=episode, team=_picked(teams, c["team"]),
            worker=_picked(staff, c["worker"]), version=c["version"]))
        if done is not None:
            who = staff_name(done.worker) or "a worker to be named"
            team = done.team.name if done.team else "the team"
            return back_to_case(request, episode.child, f"The case is allocated to {who}"
                                f" in {team}. Every agency involved has been told",
                                f"episode-{episode.pk}")
    selectors.shown(actor=actor, child=episode.child, action="casework.allocate")
    return page(request, "casework/episode_allocate.html", {
        "title": "Allocate the case", "person": episode.child, "episode": episode,
        "back": case_url(episode.child, f"episode-{episode.pk}"), "teams": teams,
        "staff": staff, "conflict": status == 409, **HELPERS,
    }, form=form, status=status)


@GET_POST
@domain_errors()
def procedure(request: HttpRequest) -> HttpResponse:
    """The administrator's page: which procedure set applies from which date."""
    actor = actor_of(request)
    choices = selectors.procedure_list(actor=actor)
    form = ProcedureForm(posted(request))
    if form.is_valid():
        c = form.cleaned
        done, _ = submit(form, lambda: procedure_choose(
            actor=actor, effective_from=c["effective_from"], rules=c["rules"]))
        if done is not None:
            messages.success(request, f"{Rules(done.rules).label} applies to referrals from "
                             f"{done.effective_from.day} {done.effective_from:%B %Y}")
            return redirect("casework:procedure")
    return page(request, "casework/procedure.html", {
        "title": "Working Together procedure set", "nav_active": "home", "choices_made": choices,
        "rules": Rules.choices, "back": "/", **HELPERS,
    }, form=form)
