"""The conference pages for social care and the chair: arranging an initial or review
conference, the conference page itself, and the chair's forms (attendance, decision,
first core group, dissent, minutes, amendments).

Each form is a page of its own that goes back to the conference page. Forms that change
the conference post its version, so a stale one is shown again with a 409 and what was
typed. Showing any of these pages is audited as a view of the child's casework.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse

from everychild.core import calendar, clock
from everychild.core.errors import NotFound
from everychild.people.forms import Form
from everychild.people.views.support import (
    GET_POST,
    actor_of,
    domain_errors,
    page,
    posted,
    require_GET,
    submit,
)

from ..models import (
    Attendance,
    Category,
    Conference,
    ConferenceDecision,
    ConferenceKind,
    ConferenceStatus,
    InviteeKind,
    Plan,
)
from ..selectors import conferences as selectors
from ..selectors.plans import plan_get
from ..services import conference_cancel, conference_decisions, conferences, minutes
from ._plan_forms import (
    AmendmentAnswerForm,
    AttendanceForm,
    CancelForm,
    DecisionForm,
    DissentForm,
    FirstCoreGroupForm,
    InviteeForm,
    MinutesForm,
    ScheduleForm,
    SendForm,
    ids,
    yes_no,
)

DECISION_LABELS = dict(ConferenceDecision.choices)
HELPERS: dict[str, Any] = {
    "attendance_label": dict(Attendance.choices), "category_label": dict(Category.choices),
    "categories": [(c.value, c.label) for c in Category],
    "attendance_options": [(a.value, a.label) for a in Attendance if a.value],
}


def conference_url(conference: Conference, section: str = "") -> str:
    url = reverse("casework:conference", kwargs={"ref": conference.episode.child.ref,
                                                 "conference_id": conference.pk})
    return f"{url}#{section}" if section else url


def _done(request: HttpRequest, conference: Conference, message: str,
          section: str = "") -> HttpResponse:
    messages.success(request, message)
    return redirect(conference_url(conference, section))


def _chair_form(request: HttpRequest, ref: Any, conference_id: int, *, template: str,
                title: str, form_class: type[Form], initial: Callable[[Conference], dict],
                action: Callable[[Conference, Form], Any], done: str, section: str = "",
                needs: str = "conference.chair", **context: Any) -> HttpResponse:
    """A chair's form about one conference: shown, read, handed to a service."""
    actor = actor_of(request)
    conference = selectors.conference_get(actor=actor, ref=ref, conference_id=conference_id,
                                          action=needs)
    child = conference.episode.child
    form = form_class(posted(request), initial=initial(conference))
    status = 200
    if form.is_valid():
        result, status = submit(form, lambda: action(conference, form))
        if result is not None:
            return _done(request, conference, done, section)
    # Audited as it is shown, on a GET or a POST shown again: either shows the conference.
    selectors.view_audit(actor, child, "casework.view", conference=conference.pk,
                         page=template)
    return page(request, f"casework/{template}.html", {
        "title": title, "person": child, "conference": conference,
        "back": conference_url(conference), "conflict": status == 409, **HELPERS,
        **context}, form=form, status=status)


# ------------------------------------------------------------------ the conference page
@require_GET
@domain_errors()
def conference(request: HttpRequest, ref: Any, conference_id: int) -> HttpResponse:
    view = selectors.conference_page(actor=actor_of(request), ref=ref,
                                     conference_id=conference_id)
    c = view.conference
    return page(request, "casework/conference.html", {
        "title": c.get_kind_display(), "person": view.child, "view": view, "conference": c,
        "decision_label": DECISION_LABELS, "is_scheduled": c.status == ConferenceStatus.SCHEDULED,
        "is_held": c.status == ConferenceStatus.HELD,
        "is_closed": c.status == ConferenceStatus.CLOSED, **HELPERS,
    })


# ------------------------------------------------------------------ arranging
def _invitations(request: HttpRequest, options: selectors.ScheduleOptions,
                 form: ScheduleForm) -> conferences.Invitations:
    family = {p.pk: p for p, _ in options.family}
    chosen = [conferences.FamilyInvite(family[pk],
                                       request.POST.get(f"family_email_{pk}", ""))
              for pk in ids(request.POST, "family") if pk in family]
    return conferences.Invitations(
        extra_agency_ids=tuple(ids(request.POST, "agencies")), family=tuple(chosen),
        child=form.cleaned["invite_child"], child_email=form.cleaned["child_email"])


def _schedule(request: HttpRequest, ref: Any, plan: Plan | None) -> HttpResponse:
    actor = actor_of(request)
    options = selectors.schedule_options(actor=actor, ref=ref, plan=plan, audit=False)
    form = ScheduleForm(posted(request), initial={"scheduled_time": "10:00"})
    if request.method == "POST":
        chosen_family = set(ids(request.POST, "family"))
        chosen_agencies = set(ids(request.POST, "agencies"))
    else:
        chosen_family = {p.pk for p, carer in options.family if carer}
        chosen_agencies = set()
    if form.is_valid() and options.episode is not None and not options.blocked:
        c = form.cleaned
        invitations = _invitations(request, options, form)
        if plan is None:
            episode = options.episode
            done, _ = submit(form, lambda: conferences.conference_schedule(
                actor=actor, episode=episode, scheduled_for=c["scheduled_for"],
                venue=c["venue"], chair_id=c["chair"], late_reason=c["late_reason"],
                invitations=invitations))
        else:
            done, _ = submit(form, lambda: conferences.review_schedule(
                actor=actor, plan=plan, scheduled_for=c["scheduled_for"], venue=c["venue"],
                chair_id=c["chair"], reconvened=c["reconvened"],
                reconvene_reason=c["reconvene_reason"], late_reason=c["late_reason"],
                invitations=invitations))
        if done is not None:
            return _done(request, done, "The conference is arranged and the invitations "
                                        "have been sent")
        if "scheduled_for" in form.errors:
            form.errors.setdefault("scheduled_on", []).extend(form.errors.pop("scheduled_for"))
            form.bad_parts["scheduled_on"] = ("day", "month", "year")
    back = (reverse("casework:plan", kwargs={"ref": options.child.ref, "plan_id": plan.pk})
            if plan is not None else case_url(options.child.ref))
    selectors.view_audit(actor, options.child, "casework.view", page="conference-schedule")
    return page(request, "casework/conference_schedule.html", {
        "title": "Arrange a review conference" if plan else
                 "Arrange the initial child protection conference",
        "person": options.child, "options": options, "plan": plan, "back": back,
        "chosen_family": chosen_family, "chosen_agencies": chosen_agencies,
        "typed": request.POST if request.method == "POST" else {},
    }, form=form)


def case_url(ref: Any) -> str:
    try:
        return reverse("casework:case", kwargs={"ref": ref})
    except NoReverseMatch:  # without the case page, the child's record
        return reverse("people:person-detail", kwargs={"ref": ref})


@GET_POST
@domain_errors()
def conference_schedule(request: HttpRequest, ref: Any) -> HttpResponse:
    return _schedule(request, ref, None)


@GET_POST
@domain_errors()
def review_schedule(request: HttpRequest, ref: Any, plan_id: int) -> HttpResponse:
    plan = plan_get(actor=actor_of(request), ref=ref, plan_id=plan_id,
                    action="conference.schedule")
    return _schedule(request, ref, plan)


@GET_POST
@domain_errors()
def conference_invitee_add(request: HttpRequest, ref: Any, conference_id: int) -> HttpResponse:
    actor = actor_of(request)
    conference = selectors.conference_get(actor=actor, ref=ref, conference_id=conference_id,
                                          action="conference.schedule")
    options = selectors.schedule_options(actor=actor, ref=ref, audit=False)
    family = {p.pk: p for p, _ in options.family}
    family[options.child.pk] = options.child
    form = InviteeForm(posted(request))
    if form.is_valid():
        c = form.cleaned
        person = family.get(c["person"]) if c["person"] else None
        if c["person"] and person is None:
            form.add_error("person", "Choose the family member from the list")
        else:
            done, _ = submit(form, lambda: conferences.conference_invitee_add(
                actor=actor, conference=conference, agency_id=c["agency"], person=person,
                email=c["email"]))
            if done is not None:
                return _done(request, conference, f"{done.name} is invited", "invitees")
    selectors.view_audit(actor, options.child, "casework.view", page="conference-schedule")
    return page(request, "casework/conference_invitee.html", {
        "title": "Invite someone else", "person": options.child, "conference": conference,
        "back": conference_url(conference, "invitees"),
        "agencies": [(a.pk, a.name) for a, _ in options.involved] + options.other_agencies,
        "family": [(p.pk, p.full_name) for p, _ in options.family]
        + [(options.child.pk, f"{options.child.full_name} (the child)")],
    }, form=form)


# ------------------------------------------------------------------ the chair's forms
@GET_POST
@domain_errors()
def conference_attendance(request: HttpRequest, ref: Any, conference_id: int) -> HttpResponse:
    def record(conference: Conference, form: Form) -> Any:
        marks = {i.pk: request.POST.get(f"attendance-{i.pk}", "")
                 for i in conference.invitees.all()}
        missing = [pk for pk, value in marks.items() if not value]
        for pk in missing:
            form.add_error(f"attendance-{pk}", "Say whether they attended")
        if missing:
            return None
        return conference_decisions.conference_attendance_record(
            actor=actor_of(request), conference=conference, attendance=marks,
            version=form.cleaned["version"])

    return _chair_form(request, ref, conference_id, template="conference_attendance",
                       title="Record attendance", form_class=AttendanceForm,
                       initial=lambda c: {"version": c.version}, action=record,
                       done="Attendance is recorded", section="invitees",
                       typed=request.POST if request.method == "POST" else None)


@GET_POST
@domain_errors()
def conference_decision(request: HttpRequest, ref: Any, conference_id: int) -> HttpResponse:
    def decide(conference: Conference, form: Form) -> Any:
        c = form.cleaned
        return conference_decisions.conference_decide(
            actor=actor_of(request), conference=conference, held_on=c["held_on"],
            decision=c["decision"], category=c["category"], reasons=c["reasons"],
            first_core_group_on=c["first_core_group_on"],
            unshared_reports_reason=c["unshared_reports_reason"], key_worker_id=c["key_worker"],
            version=c["version"])

    def initial(c: Conference) -> dict[str, Any]:
        return {"version": c.version, "held_on": clock.today(),
                "key_worker": c.episode.worker_id,
                "category": c.plan.category if c.plan else ""}

    conference = selectors.conference_get(actor=actor_of(request), ref=ref,
                                          conference_id=conference_id, action="conference.chair")
    view = selectors.ConferencePage(conference, conference.episode.child,
                                    list(conference.invitees.select_related("agency")), [], [],
                                    None, None)
    options = [(d, DECISION_LABELS[d]) for d in conference_decisions.DECISIONS[conference.kind]]
    return _chair_form(request, ref, conference_id, template="conference_decision",
                       title="Record the decision", form_class=DecisionForm, initial=initial,
                       action=decide, done="The decision is recorded", section="decision",
                       view=view, decisions=options, key_workers=selectors.key_worker_choices(),
                       latest_core_group=calendar.add_working_days(clock.today(), 10),
                       is_initial=conference.kind == ConferenceKind.INITIAL)


@GET_POST
@domain_errors()
def conference_first_core_group(request: HttpRequest, ref: Any, conference_id: int
                                ) -> HttpResponse:
    return _chair_form(
        request, ref, conference_id, template="conference_first_core_group",
        title="Set the date of the first core group", form_class=FirstCoreGroupForm,
        initial=lambda c: {"version": c.version, "first_core_group_on": c.first_core_group_on},
        action=lambda c, form: conference_decisions.conference_first_core_group_set(
            actor=actor_of(request), conference=c,
            first_core_group_on=form.cleaned["first_core_group_on"],
            version=form.cleaned["version"]),
        done="The date of the first core group is set", section="decision")


@GET_POST
@domain_errors()
def conference_dissent(request: HttpRequest, ref: Any, conference_id: int) -> HttpResponse:
    conference = selectors.conference_get(actor=actor_of(request), ref=ref,
                                          conference_id=conference_id, action="conference.chair")
    agencies = [(i.agency_id, i.agency.name) for i in conference.invitees.filter(
        kind=InviteeKind.AGENCY).select_related("agency") if i.agency]
    return _chair_form(
        request, ref, conference_id, template="conference_dissent",
        title="Record an agency's dissent", form_class=DissentForm, initial=lambda c: {},
        action=lambda c, form: conference_decisions.conference_dissent_record(
            actor=actor_of(request), conference=c, agency_id=form.cleaned["agency"],
            view=form.cleaned["view"]),
        done="The dissent is recorded", section="dissent", agencies=agencies)


@GET_POST
@domain_errors()
def conference_minutes(request: HttpRequest, ref: Any, conference_id: int) -> HttpResponse:
    return _chair_form(
        request, ref, conference_id, template="conference_minutes", title="Write the minutes",
        form_class=MinutesForm, initial=lambda c: {"version": c.version, "minutes": c.minutes},
        action=lambda c, form: minutes.conference_minutes_save(
            actor=actor_of(request), conference=c, minutes=form.cleaned["minutes"],
            version=form.cleaned["version"]),
        done="The minutes are saved. They have not been sent yet", section="minutes")


@GET_POST
@domain_errors()
def conference_minutes_send(request: HttpRequest, ref: Any, conference_id: int
                            ) -> HttpResponse:
    conference = selectors.conference_get(actor=actor_of(request), ref=ref,
                                          conference_id=conference_id, action="conference.chair")
    invitees = list(conference.invitees.all())
    return _chair_form(
        request, ref, conference_id, template="conference_minutes_send",
        title="Send the minutes", form_class=SendForm, initial=lambda c: {"version": c.version},
        action=lambda c, form: minutes.conference_minutes_send(
            actor=actor_of(request), conference=c,
            sent_otherwise=ids(request.POST, "sent_otherwise"), version=form.cleaned["version"]),
        done="The minutes have been sent to everyone invited, and the conference is closed",
        section="minutes", invitees=invitees,
        ticked=set(ids(request.POST, "sent_otherwise")) if request.method == "POST" else set())


@GET_POST
@domain_errors()
def conference_amendment(request: HttpRequest, ref: Any, conference_id: int,
                         amendment_id: int) -> HttpResponse:
    conference = selectors.conference_get(actor=actor_of(request), ref=ref,
                                          conference_id=conference_id, action="conference.chair")
    amendment = conference.amendments.filter(pk=amendment_id).select_related(
        "invitee", "requested_by").first()
    if amendment is None:
        raise NotFound("That amendment is not for this conference")
    return _chair_form(
        request, ref, conference_id, template="conference_amendment",
        title="Answer a request to amend the minutes", form_class=AmendmentAnswerForm,
        initial=lambda c: {},
        action=lambda c, form: minutes.minutes_amendment_respond(
            actor=actor_of(request), conference=c, amendment_id=amendment.pk,
            accept=yes_no(form.cleaned["accept"]), response=form.cleaned["response"]),
        done="Your answer is recorded and the person who asked has been told",
        section="amendments", amendment=amendment)


@GET_POST
@domain_errors()
def conference_cancel_page(request: HttpRequest, ref: Any, conference_id: int
                           ) -> HttpResponse:
    return _chair_form(
        request, ref, conference_id, template="conference_cancel",
        title="Cancel the conference", form_class=CancelForm, needs="conference.schedule",
        initial=lambda c: {"version": c.version},
        action=lambda c, form: conference_cancel.conference_cancel(
            actor=actor_of(request), conference=c, reason=form.cleaned["reason"],
            version=form.cleaned["version"]),
        done="The conference is cancelled, and everyone invited with an email address has "
             "been told")
