"""Finding a person, opening their record (or breaking glass to), and recording or
changing who they are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from everychild.access import policy
from everychild.access.records import break_glass_open

from .. import selectors, services
from ..forms import (
    DISABILITIES,
    ETHNICITIES,
    BreakGlassForm,
    Form,
    IdentifiersForm,
    OtherNameForm,
    PersonCreateForm,
    PersonEditForm,
    ReasonForm,
    SearchForm,
)
from ..models import Person
from ..panels import record_panels
from .merge import merged_record_page
from .support import (
    GET_POST,
    HELPERS,
    RECORD_ACTIONS,
    actor_of,
    domain_errors,
    page,
    permitted,
    person_to_change,
    person_url,
    posted,
    require_GET,
    submit,
)


# ------------------------------------------------------------------ search
@require_GET
@domain_errors()
def search(request: HttpRequest) -> HttpResponse:
    submitted = "text" in request.GET or any(f"dob-{p}" in request.GET
                                          for p in ("day", "month", "year"))
    form = SearchForm(request.GET if submitted else None)
    hits = None
    if form.is_valid():
        hits = selectors.person_search(actor=actor_of(request), text=form.cleaned["text"],
                                       date_of_birth=form.cleaned["dob"])
    return page(request, "people/search.html", {
        "title": "Find a person", "nav_active": "search", "hits": hits,
        "may_create": policy.allows(actor_of(request).role, "person.create"),
    }, form=form)


# ------------------------------------------------------------------ a person's record
@require_GET
@domain_errors(person_page=True)
def person_detail(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    record = selectors.person_record(actor=actor, ref=ref)
    if record.person.merged_into_id is not None:
        merged_page = merged_record_page(request, record)
        if merged_page is not None:
            return merged_page
    return page(request, "people/person_detail.html", {
        "title": record.person.full_name, "record": record, "person": record.person,
        "can": permitted(actor, RECORD_ACTIONS, record.access.relationships),
        "by_break_glass": record.access.via == "break_glass",
        "merges": selectors.merges_kept(actor=actor, person=record.person),
        "panels": record_panels(request, record), **HELPERS,
    })


@GET_POST
@domain_errors()
def person_break_glass(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    target = selectors.person_for_break_glass(actor=actor, ref=ref)
    if target.already_open:
        return redirect("people:person-detail", ref=target.ref)
    form = BreakGlassForm(posted(request))
    if form.is_valid():
        grant, _ = submit(form, lambda: break_glass_open(
            actor=actor, target_type="person", target_id=str(target.ref),
            reason=form.cleaned["reason"], sealed=target.sealed))
        if grant is not None:
            return redirect("people:person-detail", ref=target.ref)
    return page(request, "people/break_glass.html", {
        "title": "You are not involved with this person", "target": target,
    }, form=form)


# ------------------------------------------------------------------ recording and editing people
@GET_POST
@domain_errors()
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonCreateForm(posted(request))
    status = 200
    if form.is_valid():
        data = services.PersonInput(**form.person_data())
        person, status = submit(form, lambda: services.person_create(
            actor=actor_of(request), data=data))
        if person is not None:
            messages.success(request, f"{person.full_name} has been recorded")
            return redirect(person_url(person))
    return page(request, "people/person_form.html", {
        "title": "Record a new person", "ethnicities": ETHNICITIES, "creating": True,
        "disability_options": DISABILITIES,
        "back": reverse("people:search"),
    }, form=form, status=status)


def _person_initial(person: Person, names: tuple[str, ...]) -> dict[str, Any]:
    initial = {n: getattr(person, n) for n in names if hasattr(person, n)}
    return {**initial, "unborn": person.is_unborn, "version": person.version,
            "disabilities": person.disabilities}


def _edit_person(request: HttpRequest, ref: Any, form_class: type[Form], template: str,
                 title: str, changes: Callable[[Form], dict[str, Any]]) -> HttpResponse:
    """The edit pages share one flow: prefilled form with the version it was read at,
    refused with a conflict when someone else has saved since."""
    actor = actor_of(request)
    person = person_to_change(request, ref, "person.edit")
    if request.method == "GET":
        form = form_class(initial=_person_initial(person, tuple(f.name for f in
                                                                form_class.fields)))
    else:
        form = form_class(request.POST)
    status = 200
    if form.is_valid():
        version = form.cleaned["version"]
        updated, status = submit(form, lambda: services.person_update(
            actor=actor, person=person, version=version, changes=changes(form)))
        if updated is not None:
            changed = updated.version != version
            messages.success(request, "Your changes have been saved" if changed
                             else "Nothing was changed")
            return redirect(person_url(updated))
    return page(request, template, {
        "title": title, "person": person, "ethnicities": ETHNICITIES, "creating": False,
        "disability_options": DISABILITIES,
        "conflict": status == 409, "back": person_url(person),
    }, form=form, status=status)


@GET_POST
@domain_errors()
def person_edit(request: HttpRequest, ref: Any) -> HttpResponse:
    return _edit_person(request, ref, PersonEditForm, "people/person_form.html",
                        "Change personal details",
                        lambda form: cast(PersonEditForm, form).person_data())


@GET_POST
@domain_errors()
def identifiers_edit(request: HttpRequest, ref: Any) -> HttpResponse:
    names = ("nhs_number", "upn", "former_upn", "la_child_id")
    return _edit_person(request, ref, IdentifiersForm, "people/identifiers_form.html",
                        "Change identifiers",
                        lambda form: {n: form.cleaned[n] for n in names})


@GET_POST
@domain_errors()
def other_name_add(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    person = person_to_change(request, ref, "person.edit")
    agencies = selectors.agency_choices()
    form = OtherNameForm(posted(request), choices={"agency": [pk for pk, _ in agencies]})
    if form.is_valid():
        c = form.cleaned
        other, _ = submit(form, lambda: services.other_name_add(
            actor=actor, person=person, kind=c["kind"], given_name=c["given_name"],
            family_name=c["family_name"], agency_id=c["agency"], note=c["note"]))
        if other is not None:
            messages.success(request, f"Other name ‘{other}’ has been added")
            return redirect(person_url(person))
    return page(request, "people/other_name_form.html", {
        "title": "Add another name", "person": person, "agencies": agencies,
        "back": person_url(person),
    }, form=form)


@GET_POST
@domain_errors()
def person_seal(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    person = person_to_change(request, ref, "person.seal")
    form = ReasonForm(posted(request), initial={"sealed": "0" if person.sealed else "1"})
    if form.is_valid():
        # The page says which way it goes, so a second click cannot undo the first.
        seal = bool(form.cleaned["sealed"]) if form.cleaned["sealed"] is not None \
            else not person.sealed
        done, _ = submit(form, lambda: services.person_seal(
            actor=actor, person=person, sealed=seal, reason=form.cleaned["reason"]))
        if done is not None:
            messages.success(request, "The record has been sealed" if seal
                             else "The record has been unsealed")
            return redirect(person_url(person))
    return page(request, "people/seal_form.html", {
        "title": "Unseal this record" if person.sealed else "Seal this record",
        "person": person, "back": person_url(person),
    }, form=form)
