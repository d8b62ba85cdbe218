"""A partner agency's side of a conference: its own invitation (when and where), its
report (submitted, and recorded as shared with the family), and once the minutes are
sent, reading them and asking for an amendment.

These pages are for the invited agency's staff only; they show nothing of the other
agencies' reports. Reading them is audited as a view of the child's record.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from everychild.people.views.support import (
    GET_POST,
    actor_of,
    domain_errors,
    methods,
    page,
    posted,
    require_GET,
    submit,
)

from ..models import ConferenceStatus
from ..selectors import conferences as selectors
from ..selectors import invitations
from ..services import conference_reports, minutes
from ._plan_forms import AmendmentRequestForm, ReportForm, ShareForm

POST_ONLY = methods("POST")


def invitation_url(view: selectors.InvitationPage, section: str = "") -> str:
    url = reverse("casework:conference-invitation", kwargs={
        "ref": view.child.ref, "conference_id": view.conference.pk,
        "invitee_id": view.invitee.pk})
    return f"{url}#{section}" if section else url


def _invitation(request: HttpRequest, ref: Any, conference_id: int, invitee_id: int
                ) -> selectors.InvitationPage:
    return selectors.invitation_page(actor=actor_of(request), ref=ref,
                                     conference_id=conference_id, invitee_id=invitee_id,
                                     audit=False)


def _context(request: HttpRequest, view: selectors.InvitationPage) -> dict[str, Any]:
    """What every invitation page shows; called only as a page renders, so showing the
    invitation (its report, and the minutes once sent) is audited on a GET and on a POST
    shown again alike."""
    selectors.view_audit(actor_of(request), view.child, "conference.invitation_view",
                         conference=view.conference.pk, invitee=view.invitee.pk)
    return {"person": view.child, "view": view, "conference": view.conference,
            "invitee": view.invitee,
            "is_scheduled": view.conference.status == ConferenceStatus.SCHEDULED}


@require_GET
@domain_errors()
def conference_invitation(request: HttpRequest, ref: Any, conference_id: int,
                          invitee_id: int) -> HttpResponse:
    view = _invitation(request, ref, conference_id, invitee_id)
    share = ShareForm(initial={"report_version": view.invitee.report_version})
    return page(request, "casework/conference_invitation.html", {
        "title": f"Invitation: {view.conference.get_kind_display().lower()}",
        "share_form": share, **_context(request, view)})


@GET_POST
@domain_errors()
def conference_report(request: HttpRequest, ref: Any, conference_id: int,
                      invitee_id: int) -> HttpResponse:
    view = _invitation(request, ref, conference_id, invitee_id)
    form = ReportForm(posted(request), initial={"report": view.invitee.report,
                                                "report_version": view.invitee.report_version})
    status = 200
    if form.is_valid():
        c = form.cleaned
        done, status = submit(form, lambda: conference_reports.conference_report_submit(
            actor=actor_of(request), conference=view.conference, invitee_id=view.invitee.pk,
            report=c["report"], report_version=c["report_version"]))
        if done is not None:
            messages.success(request, "Your report is submitted. Share it with the family "
                                      "before the conference, then record that you have")
            return redirect(invitation_url(view, "report"))
        if "report_version" in form.errors:
            form.errors.setdefault("report", []).extend(form.errors.pop("report_version"))
    return page(request, "casework/conference_report.html", {
        "title": "Your agency's report", "back": invitation_url(view, "report"),
        "conflict": status == 409, **_context(request, view)}, form=form, status=status)


@POST_ONLY
@domain_errors()
def conference_report_share(request: HttpRequest, ref: Any, conference_id: int,
                            invitee_id: int) -> HttpResponse:
    view = _invitation(request, ref, conference_id, invitee_id)
    form = ShareForm(request.POST)
    status = 200
    if form.is_valid():
        done, status = submit(form, lambda: conference_reports.conference_report_share(
            actor=actor_of(request), conference=view.conference, invitee_id=view.invitee.pk,
            report_version=form.cleaned["report_version"]))
        if done is not None:
            messages.success(request, "Recorded: the family has been given your report")
            return redirect(invitation_url(view, "report"))
    form.errors = {"share": [m for ms in form.errors.values() for m in ms]}
    return page(request, "casework/conference_invitation.html", {
        "title": f"Invitation: {view.conference.get_kind_display().lower()}",
        "share_form": form, "conflict": status == 409, **_context(request, view)},
        form=form, status=status)


@GET_POST
@domain_errors()
def conference_amendment_request(request: HttpRequest, ref: Any, conference_id: int,
                                 invitee_id: int) -> HttpResponse:
    view = _invitation(request, ref, conference_id, invitee_id)
    form = AmendmentRequestForm(posted(request))
    if form.is_valid():
        done, _ = submit(form, lambda: minutes.minutes_amendment_request(
            actor=actor_of(request), conference=view.conference, invitee_id=view.invitee.pk,
            request=form.cleaned["request"]))
        if done is not None:
            messages.success(request, "Your request is sent to the chair")
            return redirect(invitation_url(view, "minutes"))
    return page(request, "casework/conference_amendment_request.html", {
        "title": "Ask for the minutes to be amended", "back": invitation_url(view, "minutes"),
        **_context(request, view)}, form=form)


@require_GET
@domain_errors()
def agency_invitations(request: HttpRequest) -> HttpResponse:
    """The user's agency's invitations, upcoming and recently held."""
    listed = invitations.invitations_for_agency(actor=actor_of(request))
    return page(request, "casework/agency_invitations.html", {
        "title": "Your agency's conference invitations", "invitations": listed,
        "upcoming": [i for i in listed if i.upcoming],
        "held": [i for i in listed if not i.upcoming],
        "invitation_link": lambda i: reverse("casework:conference-invitation", kwargs={
            "ref": i.child.ref, "conference_id": i.conference.pk,
            "invitee_id": i.invitee.pk})})
