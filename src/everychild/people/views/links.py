"""Relationships between people, and the agencies and workers involved with a child."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .. import selectors, services
from ..forms import InvolvementForm, RelationshipForm, relationship_options
from .support import (
    GET_POST,
    actor_of,
    chosen_person,
    domain_errors,
    end_on_a_date,
    page,
    person_to_change,
    person_url,
    posted,
    search_to_choose,
    submit,
)


# ------------------------------------------------------------------ relationships
@GET_POST
@domain_errors()
def relationship_add(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    subject = person_to_change(request, ref, "relationship.edit")
    other = chosen_person(request)
    context: dict[str, Any] = {"title": "Record a relationship", "person": subject,
                               "other": other, "back": person_url(subject)}
    if other is None:
        search_form, hits = search_to_choose(request, exclude=subject)
        return page(request, "people/relationship_add.html", {
            **context, "choosing": True, "hits": hits,
            "living_with": selectors.people_living_with(actor=actor, person=subject),
        }, form=search_form)
    form = RelationshipForm(posted(request))
    if form.is_valid():
        kind, subject_holds_it = form.direction()
        holder, of = (subject, other) if subject_holds_it else (other, subject)
        rel, _ = submit(form, lambda: services.relationship_add(
            actor=actor, person=holder, related=of, kind=kind,
            started=form.cleaned["started"], note=form.cleaned["note"]))
        if rel is not None:
            messages.success(request, f"Relationship between {other.full_name} and "
                                      f"{subject.full_name} recorded")
            return redirect(person_url(subject))
    return page(request, "people/relationship_add.html", {
        **context, "choosing": False, "options": relationship_options(),
    }, form=form)


@GET_POST
@domain_errors()
def relationship_end(request: HttpRequest, ref: Any, rel_id: int) -> HttpResponse:
    actor = actor_of(request)
    subject = selectors.person_brief(actor=actor, ref=ref)
    rel = selectors.relationship_for_change(actor=actor, person=subject, rel_id=rel_id)
    return end_on_a_date(
        request, end=lambda ended: services.relationship_end(
            actor=actor, relationship=rel, ended=ended),
        label="Date the relationship ended", legend="When did the relationship end?",
        title="End a relationship", person=subject, back=person_url(subject),
        what=f"{rel.person.full_name} is the {rel.get_kind_display()} of "
             f"{rel.related.full_name}",
        done="The relationship has been recorded as ended")


# ------------------------------------------------------------------ involvement
@GET_POST
@domain_errors()
def involvement_add(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    person = person_to_change(request, ref, "involvement.edit")
    agencies = selectors.agency_choices()
    form = InvolvementForm(posted(request), initial={"agency": actor.agency_id})
    chosen = str(form.value("agency"))
    agency_id = int(chosen) if chosen.isascii() and chosen.isdigit() and len(chosen) < 18 else None
    # "Show workers" asks for the chosen agency's staff without recording anything yet.
    if request.method == "POST" and "show_workers" not in request.POST and form.is_valid():
        c = form.cleaned
        done, _ = submit(form, lambda: services.involvement_add(
            actor=actor, person=person, agency_id=c["agency"], staff_id=c["staff"],
            role=c["role"], started=c["started"]))
        if done is not None:
            messages.success(request, "The involvement has been recorded")
            return redirect(person_url(person))
    return page(request, "people/involvement_form.html", {
        "title": "Record involvement", "person": person, "agencies": agencies,
        "staff": selectors.staff_choices(agency_id), "back": person_url(person),
    }, form=form)


@GET_POST
@domain_errors()
def involvement_end(request: HttpRequest, ref: Any, inv_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = selectors.person_brief(actor=actor, ref=ref)
    involvement = selectors.involvement_for_change(actor=actor, person=person, inv_id=inv_id)
    worker = f"{involvement.staff.get_full_name()}, " if involvement.staff else ""
    return end_on_a_date(
        request, end=lambda ended: services.involvement_end(
            actor=actor, involvement=involvement, ended=ended),
        label="Date the involvement ended", legend="When did the involvement end?",
        title="End involvement", person=person, back=person_url(person),
        what=f"{worker}{involvement.agency.name}: {involvement.get_role_display()}",
        done="The involvement has been recorded as ended")
