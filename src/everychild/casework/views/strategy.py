"""Strategy discussions and section 47 enquiries: recording a discussion (who took part,
by agency; what was shared; the decision on an enquiry and why), reading it, and
recording an enquiry's outcome."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from everychild.core import clock
from everychild.people import selectors as people_selectors
from everychild.people.views.support import (
    GET_POST,
    actor_of,
    domain_errors,
    page,
    posted,
    require_GET,
    submit,
)

from ..models import Section47Outcome
from ..selectors import pathway as selectors
from ..services.strategy import AttendeeInput, health_attended, section47_complete
from ..services.strategy import strategy_record as record_service
from ._pathway_forms import ATTENDEE_ROWS, EnquiryOutcomeForm, StrategyForm
from ._pathway_support import HELPERS, back_to_case, case_url


@GET_POST
@domain_errors()
def strategy_record(request: HttpRequest, ref: Any, episode_id: int) -> HttpResponse:
    actor = actor_of(request)
    episode = selectors.episode_get(actor=actor, ref=ref, episode_id=episode_id,
                                    action="strategy.record")
    agencies = people_selectors.agency_choices()
    form = StrategyForm(posted(request), initial={"held_on": clock.today()},
                        choices={f"attendee-{i}-agency": [pk for pk, _ in agencies]
                                 for i in range(ATTENDEE_ROWS)})
    if form.is_valid():
        c = form.cleaned
        attendees = [AttendeeInput(c[f"attendee-{i}-agency"], c[f"attendee-{i}-name"],
                                   c[f"attendee-{i}-role"]) for i in form.rows()]
        done, _ = submit(form, lambda: record_service(
            actor=actor, episode=episode, held_on=c["held_on"], attendees=attendees,
            information_shared=c["information_shared"],
            section47={"yes": True, "no": False}.get(c["section47"]), reasons=c["reasons"]))
        if done is not None:
            message = "The strategy discussion is recorded"
            if done.section47:
                message += ", and a section 47 enquiry has started"
            if not health_attended(done):
                message += ". Health did not take part: Working Together expects them to"
            return back_to_case(request, episode.child, message, f"strategy-{done.pk}")
    selectors.shown(actor=actor, child=episode.child, action="strategy.record")
    return page(request, "casework/strategy_record.html", {
        "title": "Record a strategy discussion", "person": episode.child, "episode": episode,
        "back": case_url(episode.child, f"episode-{episode.pk}"), "agencies": agencies,
        "rows": range(ATTENDEE_ROWS), "today": clock.today(), **HELPERS,
    }, form=form)


@require_GET
@domain_errors()
def strategy(request: HttpRequest, ref: Any, strategy_id: int) -> HttpResponse:
    discussion = selectors.strategy_get(actor=actor_of(request), ref=ref,
                                        strategy_id=strategy_id, audit_view=True)
    child = discussion.episode.child
    return page(request, "casework/strategy.html", {
        "title": "Strategy discussion", "person": child, "discussion": discussion,
        "health_attended": health_attended(discussion),
        "back": case_url(child, f"strategy-{discussion.pk}"), **HELPERS,
    })


@GET_POST
@domain_errors()
def enquiry_outcome(request: HttpRequest, ref: Any, enquiry_id: int) -> HttpResponse:
    actor = actor_of(request)
    enquiry = selectors.enquiry_get(actor=actor, ref=ref, enquiry_id=enquiry_id,
                                    action="strategy.record")
    form = EnquiryOutcomeForm(posted(request), initial={"completed_on": clock.today(),
                                                        "version": enquiry.version})
    status = 200
    if form.is_valid():
        c = form.cleaned
        done, status = submit(form, lambda: section47_complete(
            actor=actor, enquiry=enquiry, version=c["version"], outcome=c["outcome"],
            findings=c["findings"], completed_on=c["completed_on"]))
        if done is not None:
            message = f"The enquiry's outcome is recorded: {done.get_outcome_display()}"
            if done.outcome == Section47Outcome.SUBSTANTIATED_CONFERENCE:
                message += ". Arrange the initial child protection conference"
            return back_to_case(request, enquiry.episode.child, message,
                                f"enquiry-{done.pk}")
    # Shown again after a mistake, the page still shows the enquiry (and its findings).
    selectors.shown(actor=actor, child=enquiry.episode.child, action="strategy.record")
    return page(request, "casework/enquiry_outcome.html", {
        "title": "Section 47 enquiry: outcome", "person": enquiry.episode.child,
        "enquiry": enquiry, "outcomes": Section47Outcome.choices,
        "back": case_url(enquiry.episode.child, f"enquiry-{enquiry.pk}"),
        "conflict": status == 409, "today": clock.today(), **HELPERS,
    }, form=form, status=status)
