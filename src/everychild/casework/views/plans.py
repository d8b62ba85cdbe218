"""The plan pages: one plan (its category, key worker, core group, actions with their
progress, core group meetings, visits and what is due), and the forms that change it.

Social care writes the plan; partner agencies record progress on their own agency's
actions and record core group meetings. Every page read is audited as a view of the
child's plan; a form changing the plan itself posts its version (stale: 409).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from everychild.core import clock
from everychild.core.errors import NotFound
from everychild.people.forms import Form
from everychild.people.selectors import agency_choices, person_get
from everychild.people.views.support import (
    GET_POST,
    actor_of,
    domain_errors,
    page,
    posted,
    require_GET,
    submit,
)

from ..models import Category, Plan, PlanAction
from ..selectors import conferences as conference_selectors
from ..selectors import plans as selectors
from ..services import core_groups, plan_actions, plans
from ._plan_forms import (
    ActionForm,
    ActionStatusForm,
    CinPlanForm,
    CoreGroupForm,
    IntervalForm,
    KeyWorkerForm,
    LeftForm,
    MemberForm,
    PlanEndForm,
    ProgressForm,
    ids,
)
from .conferences import case_url

HELPERS: dict[str, Any] = {"category_label": dict(Category.choices)}


def plan_url(plan: Plan, section: str = "") -> str:
    url = reverse("casework:plan", kwargs={"ref": plan.episode.child.ref, "plan_id": plan.pk})
    return f"{url}#{section}" if section else url


def _plan_form(request: HttpRequest, ref: Any, plan_id: int, *, action_name: str,
               template: str, title: str, form_class: type[Form],
               initial: Callable[[Plan], dict[str, Any]],
               act: Callable[[Plan, Form], Any], done: str, section: str = "",
               context: Callable[[Plan], dict[str, Any]] | None = None) -> HttpResponse:
    actor = actor_of(request)
    plan = selectors.plan_get(actor=actor, ref=ref, plan_id=plan_id, action=action_name)
    child = plan.episode.child
    form = form_class(posted(request), initial=initial(plan))
    status = 200
    if form.is_valid():
        result, status = submit(form, lambda: act(plan, form))
        if result is not None:
            messages.success(request, done)
            return redirect(plan_url(plan, section))
    # Audited as it is shown, on a GET or a POST shown again: either shows the plan.
    conference_selectors.view_audit(actor, child, "plan.view", plan=plan.pk, page=template)
    return page(request, f"casework/{template}.html", {
        "title": title, "person": child, "plan": plan, "back": plan_url(plan, section),
        "conflict": status == 409, "today": clock.today(), **HELPERS,
        **(context(plan) if context else {})}, form=form, status=status)


def _action_of(plan: Plan, action_id: int) -> PlanAction:
    action = plan.actions.filter(pk=action_id).select_related("owner_agency").first()
    if action is None:
        raise NotFound("That action is not in this plan")
    return action


# ------------------------------------------------------------------ the plan page
@require_GET
@domain_errors()
def plan(request: HttpRequest, ref: Any, plan_id: int) -> HttpResponse:
    actor = actor_of(request)
    view = selectors.plan_page(actor=actor, ref=ref, plan_id=plan_id)
    return page(request, "casework/plan.html", {
        "title": view.plan.get_kind_display(), "person": view.child, "view": view,
        "plan": view.plan, "actor_agency": actor.agency_id, "actor_id": actor.pk,
        "today": clock.today(), **HELPERS})


@GET_POST
@domain_errors()
def cin_plan_start(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    child = person_get(actor=actor, ref=ref, action="plan.manage")
    episode = conference_selectors.open_episode(child)
    form = CinPlanForm(posted(request), initial={
        "started_on": clock.today(), "key_worker": episode.worker_id if episode else None})
    if form.is_valid() and episode is not None:
        c = form.cleaned
        done, _ = submit(form, lambda: plans.cin_plan_start(
            actor=actor, episode=episode, started_on=c["started_on"],
            key_worker_id=c["key_worker"], outcomes=c["outcomes"]))
        if done is not None:
            messages.success(request, "The child in need plan has started")
            return redirect(plan_url(done))
    conference_selectors.view_audit(actor, child, "plan.view", page="plan_start")
    return page(request, "casework/plan_start.html", {
        "title": "Start a child in need plan", "person": child, "episode": episode,
        "back": case_url(child.ref),
        "key_workers": conference_selectors.key_worker_choices()}, form=form)


@GET_POST
@domain_errors()
def plan_end(request: HttpRequest, ref: Any, plan_id: int) -> HttpResponse:
    return _plan_form(
        request, ref, plan_id, action_name="plan.manage", template="plan_end",
        title="End the plan", form_class=PlanEndForm,
        initial=lambda p: {"version": p.version, "ended_on": clock.today()},
        act=lambda p, f: plans.plan_end(actor=actor_of(request), plan=p,
                                        ended_on=f.cleaned["ended_on"],
                                        end_reason=f.cleaned["end_reason"],
                                        version=f.cleaned["version"]),
        done="The plan has ended and every involved agency will be told")


@GET_POST
@domain_errors()
def plan_key_worker(request: HttpRequest, ref: Any, plan_id: int) -> HttpResponse:
    return _plan_form(
        request, ref, plan_id, action_name="plan.manage", template="plan_key_worker",
        title="Change the key worker", form_class=KeyWorkerForm,
        initial=lambda p: {"version": p.version, "key_worker": p.key_worker_id},
        act=lambda p, f: plans.plan_key_worker_change(
            actor=actor_of(request), plan=p, key_worker_id=f.cleaned["key_worker"],
            version=f.cleaned["version"]),
        done="The key worker has changed and every involved agency will be told",
        section="core-group",
        context=lambda p: {"key_workers": conference_selectors.key_worker_choices()})


@GET_POST
@domain_errors()
def plan_visit_interval(request: HttpRequest, ref: Any, plan_id: int) -> HttpResponse:
    return _plan_form(
        request, ref, plan_id, action_name="plan.manage", template="plan_visit_interval",
        title="Change how often the child is visited", form_class=IntervalForm,
        initial=lambda p: {"version": p.version,
                           "visit_interval_working_days": p.visit_interval_working_days},
        act=lambda p, f: plans.plan_visit_interval_set(
            actor=actor_of(request), plan=p,
            working_days=f.cleaned["visit_interval_working_days"],
            version=f.cleaned["version"]),
        done="The visit interval is changed", section="visits",
        context=lambda p: {"default_interval": selectors.default_visit_interval()})


@GET_POST
@domain_errors()
def plan_member_add(request: HttpRequest, ref: Any, plan_id: int) -> HttpResponse:
    def add(p: Plan, f: Form) -> Any:
        c = f.cleaned
        family = selectors.family_of(p.episode.child)
        person = family[c["person"]][0] if c["person"] in family else None
        if c["person"] and person is None:
            f.add_error("person", "Choose the family member from the list")
            return None
        return core_groups.core_group_member_add(
            actor=actor_of(request), plan=p, staff_id=c["staff"], agency_id=c["agency"],
            person=person, role=c["role"], joined_on=c["joined_on"])

    return _plan_form(
        request, ref, plan_id, action_name="plan.manage", template="plan_member_add",
        title="Add someone to the core group", form_class=MemberForm,
        initial=lambda p: {"joined_on": clock.today()}, act=add,
        done="They are added to the core group", section="core-group",
        context=lambda p: {"staff": selectors.plan_staff_choices(p.episode.child,
                                                                 actor_of(request)),
                           "agencies": agency_choices(),
                           "family": [(pk, f[0].full_name) for pk, f in
                                      selectors.family_of(p.episode.child).items()]})


@GET_POST
@domain_errors()
def plan_member_remove(request: HttpRequest, ref: Any, plan_id: int,
                       member_id: int) -> HttpResponse:
    plan_ = selectors.plan_get(actor=actor_of(request), ref=ref, plan_id=plan_id,
                               action="plan.manage")
    member = plan_.members.filter(pk=member_id).first()
    if member is None:
        raise NotFound("That person is not in this plan's core group")
    return _plan_form(
        request, ref, plan_id, action_name="plan.manage", template="plan_member_remove",
        title=f"{member.name} leaves the core group", form_class=LeftForm,
        initial=lambda p: {"left_on": clock.today()},
        act=lambda p, f: core_groups.core_group_member_remove(
            actor=actor_of(request), plan=p, member_id=member.pk, left_on=f.cleaned["left_on"]),
        done=f"{member.name} has left the core group", section="core-group",
        context=lambda p: {"member": member})


@GET_POST
@domain_errors()
def plan_action_add(request: HttpRequest, ref: Any, plan_id: int) -> HttpResponse:
    def add(p: Plan, f: Form) -> Any:
        c = f.cleaned
        return plan_actions.plan_action_add(
            actor=actor_of(request), plan=p, description=c["description"],
            outcome_sought=c["outcome_sought"], owner_agency_id=c["owner_agency"],
            owner_staff_id=c["owner_staff"], owner_name=c["owner_name"], due_on=c["due_on"])

    return _plan_form(
        request, ref, plan_id, action_name="plan.manage", template="plan_action_add",
        title="Add an action to the plan", form_class=ActionForm, initial=lambda p: {},
        act=add, done="The action is added to the plan", section="actions",
        context=lambda p: {"staff": selectors.plan_staff_choices(p.episode.child,
                                                                 actor_of(request)),
                           "agencies": agency_choices()})


@GET_POST
@domain_errors()
def plan_action_progress(request: HttpRequest, ref: Any, plan_id: int,
                         action_id: int) -> HttpResponse:
    plan_ = selectors.plan_get(actor=actor_of(request), ref=ref, plan_id=plan_id,
                               action="plan.progress")
    action = _action_of(plan_, action_id)
    return _plan_form(
        request, ref, plan_id, action_name="plan.progress", template="plan_action_progress",
        title="Record progress on an action", form_class=ProgressForm, initial=lambda p: {},
        act=lambda p, f: plan_actions.action_progress_record(
            actor=actor_of(request), plan=p, action_id=action.pk, note=f.cleaned["note"]),
        done="The progress is recorded", section=f"action-{action.pk}",
        context=lambda p: {"action": action})


@GET_POST
@domain_errors()
def plan_action_status(request: HttpRequest, ref: Any, plan_id: int,
                       action_id: int) -> HttpResponse:
    plan_ = selectors.plan_get(actor=actor_of(request), ref=ref, plan_id=plan_id,
                               action="plan.progress")
    action = _action_of(plan_, action_id)
    return _plan_form(
        request, ref, plan_id, action_name="plan.progress", template="plan_action_status",
        title="Close an action", form_class=ActionStatusForm,
        initial=lambda p: {"version": action.version},
        act=lambda p, f: plan_actions.plan_action_status_set(
            actor=actor_of(request), plan=p, action_id=action.pk, status=f.cleaned["status"],
            note=f.cleaned["note"], version=f.cleaned["version"]),
        done="The action is closed", section=f"action-{action.pk}",
        context=lambda p: {"action": action})


@GET_POST
@domain_errors()
def plan_core_group(request: HttpRequest, ref: Any, plan_id: int) -> HttpResponse:
    def record(p: Plan, f: Form) -> Any:
        c = f.cleaned
        return core_groups.core_group_meeting_record(
            actor=actor_of(request), plan=p, held_on=c["held_on"],
            attendee_ids=ids(request.POST, "attendees"), others=c["others"], notes=c["notes"],
            plan_working=c["plan_working"])

    return _plan_form(
        request, ref, plan_id, action_name="plan.progress", template="plan_core_group",
        title="Record a core group meeting", form_class=CoreGroupForm,
        initial=lambda p: {"held_on": clock.today()}, act=record,
        done="The core group meeting is recorded", section="core-groups",
        context=lambda p: {"members": list(p.members.filter(left_on__isnull=True)),
                           "ticked": set(ids(request.POST, "attendees"))
                           if request.method == "POST" else set()})
