"""Recording a statutory visit: the date, whether the child was seen, and whether they
were seen alone; the reason when they were not seen. As few questions as the law allows,
so that recording a visit does not keep a social worker from the next one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from everychild.core import clock
from everychild.people.views.support import GET_POST, actor_of, domain_errors, page, posted, submit

from ..selectors import plans as selectors
from ..services import visits
from ._plan_forms import YES_NO, VisitForm
from .conferences import case_url
from .plans import plan_url


@GET_POST
@domain_errors()
def visit_record(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    child, episode = selectors.episode_for_visit(actor=actor, ref=ref, audit=False)
    form = VisitForm(posted(request), initial={"visited_on": clock.today()})
    if form.is_valid() and episode is not None:
        c = form.cleaned
        done, _ = submit(form, lambda: visits.visit_record(
            actor=actor, episode=episode, visited_on=c["visited_on"],
            child_seen=c["child_seen"], seen_alone=c["seen_alone"],
            not_seen_reason=c["not_seen_reason"], note=c["note"]))
        if done is not None:
            seen = ("seen alone" if done.seen_alone else "seen") if done.child_seen \
                else "not seen"
            messages.success(request, f"The visit is recorded: {child.full_name} was {seen}")
            return redirect(plan_url(done.plan, "visits") if done.plan else case_url(child.ref))
    selectors.visit_page_audit(actor=actor, child=child)
    return page(request, "casework/visit_record.html", {
        "title": "Record a visit", "person": child, "episode": episode,
        "back": case_url(child.ref), "yes_no": YES_NO, "today": clock.today()}, form=form)
