"""The people pages: finding a person, their record, and the forms that change it.

Views stay thin: read a form, ask a selector or call a service, render. Domain errors
become pages in one place (`domain_errors`), and a service's complaints about a form go
back onto the form in one place (`_submit`), so every page answers them the same way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from everychild.access import policy
from everychild.access.records import break_glass_open
from everychild.core.errors import (
    AccessDenied,
    BreakGlassRequired,
    Conflict,
    NotFound,
    ValidationFailed,
)
from everychild.core.pages import error_page

from . import selectors, services
from .forms import (
    CHOICES,
    ETHNICITIES,
    ETHNICITY_LABELS,
    AddressEditForm,
    BreakGlassForm,
    EndForm,
    Form,
    HouseholdCreateForm,
    IdentifiersForm,
    InvolvementForm,
    MembershipForm,
    OtherNameForm,
    PersonCreateForm,
    PersonEditForm,
    ReasonForm,
    RelationshipForm,
    SearchForm,
    relationship_options,
)
from .models import MemberRole, Person, Sex

View = Callable[..., HttpResponse]
T = TypeVar("T")

# What a person's record page may offer, each shown only when the policy allows it.
RECORD_ACTIONS = ("person.edit", "person.seal", "household.edit", "relationship.edit",
                  "involvement.edit")


def methods(*allowed: str) -> Callable[[View], View]:
    """Refuse other methods with the GOV.UK 405 page (before anything is looked up, so the
    answer is the same whether or not the record exists)."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in allowed and not (request.method == "HEAD"
                                                      and "GET" in allowed):
                response = error_page(request, 405)
                response["Allow"] = ", ".join(allowed)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


require_GET = methods("GET")
GET_POST = methods("GET", "POST")


def domain_errors(*, person_page: bool = False) -> Callable[[View], View]:
    """Turn the errors selectors and services raise into pages: a record the user may not
    know of is a 404 (the same as one that does not exist), a refusal is a 403, and a
    person's record the user could open by giving a reason sends them to say why."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except BreakGlassRequired:
                if person_page and "ref" in kwargs:
                    return redirect("people:person-break-glass", ref=kwargs["ref"])
                return error_page(request, 403)
            except AccessDenied:
                return error_page(request, 403)
            except NotFound:
                return error_page(request, 404)
            except Conflict:
                return error_page(request, 409)
            except ValidationFailed:
                return error_page(request, 400)

        return wrapped

    return decorate


def _submit(form: Form, action: Callable[[], T]) -> tuple[T | None, int]:
    """Call a service for a form that reads well; put any complaint back on the form.
    Returns the result (None on failure) and the status to show the form with."""
    try:
        return action(), 200
    except ValidationFailed as exc:
        form.add_errors(exc.errors or {"": [exc.message]})
        return None, 200
    except Conflict as exc:
        form.add_error("version", exc.message)
        return None, 409


def _page(request: HttpRequest, template: str, context: dict[str, Any], *,
          form: Form | None = None, status: int = 200) -> HttpResponse:
    if form is not None:
        context = {**context, "form": form, "errors": form.ordered_errors(),
                   "error_anchors": form.anchors()}
    context.setdefault("choices", CHOICES)
    return render(request, template, context, status=status)


def _actor(request: HttpRequest) -> Any:
    return request.user


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def permitted(actor: Any, actions: tuple[str, ...], relationships: frozenset[str]) -> set[str]:
    """Which of these actions the policy lets the actor take, given their relationships
    to the record (so a page offers only what would succeed)."""
    return {a for a in actions if policy.allows(actor.role, a, relationships=relationships)}


def person_url(person: Person) -> str:
    return reverse("people:person-detail", kwargs={"ref": person.ref})


# ------------------------------------------------------------------ wording
GENDERED = {
    "parent": ("mother", "father"), "child": ("daughter", "son"),
    "step-parent": ("stepmother", "stepfather"), "step-child": ("stepdaughter", "stepson"),
    "grandparent": ("grandmother", "grandfather"), "grandchild": ("granddaughter", "grandson"),
    "aunt or uncle": ("aunt", "uncle"), "niece or nephew": ("niece", "nephew"),
    "sibling": ("sister", "brother"), "half-sibling": ("half-sister", "half-brother"),
    "step-sibling": ("stepsister", "stepbrother"),
}


def relationship_word(label: str, sex: str) -> str:
    """'parent' for a woman reads 'Mother'; unknown sex keeps the neutral word."""
    words = GENDERED.get(label)
    if words and sex in (Sex.FEMALE, Sex.MALE):
        label = words[0] if sex == Sex.FEMALE else words[1]
    return label[:1].upper() + label[1:]


def nhs_display(number: str) -> str:
    """'9434765919' -> '943 476 5919', as the NHS writes it."""
    if len(number) == 10:
        return f"{number[:3]} {number[3:6]} {number[6:]}"
    return number


HELPERS = {"relationship_word": relationship_word, "nhs_display": nhs_display,
           "ethnicity_label": lambda code: ETHNICITY_LABELS.get(code, code),
           "member_role_label": lambda code: MemberRole(code).label}


# ------------------------------------------------------------------ search
@require_GET
@domain_errors()
def search(request: HttpRequest) -> HttpResponse:
    submitted = "text" in request.GET or any(f"dob-{p}" in request.GET
                                          for p in ("day", "month", "year"))
    form = SearchForm(request.GET if submitted else None)
    hits = None
    if form.is_valid():
        hits = selectors.person_search(actor=_actor(request), text=form.cleaned["text"],
                                       date_of_birth=form.cleaned["dob"])
    return _page(request, "people/search.html", {
        "title": "Find a person", "nav_active": "search", "hits": hits,
        "may_create": policy.allows(_actor(request).role, "person.create"),
    }, form=form)


# ------------------------------------------------------------------ a person's record
@require_GET
@domain_errors(person_page=True)
def person_detail(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = _actor(request)
    record = selectors.person_record(actor=actor, ref=ref)
    return _page(request, "people/person_detail.html", {
        "title": record.person.full_name, "record": record, "person": record.person,
        "can": permitted(actor, RECORD_ACTIONS, record.access.relationships),
        "by_break_glass": record.access.via == "break_glass", **HELPERS,
    })


@GET_POST
@domain_errors()
def person_break_glass(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = _actor(request)
    target = selectors.person_for_break_glass(actor=actor, ref=ref)
    if target.already_open:
        return redirect("people:person-detail", ref=target.ref)
    form = BreakGlassForm(_data(request))
    if form.is_valid():
        grant, _ = _submit(form, lambda: break_glass_open(
            actor=actor, target_type="person", target_id=str(target.ref),
            reason=form.cleaned["reason"], sealed=target.sealed))
        if grant is not None:
            return redirect("people:person-detail", ref=target.ref)
    return _page(request, "people/break_glass.html", {
        "title": "You are not involved with this person", "target": target,
    }, form=form)


# ------------------------------------------------------------------ recording and editing people
@GET_POST
@domain_errors()
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonCreateForm(_data(request))
    status = 200
    if form.is_valid():
        data = services.PersonInput(**form.person_data())
        person, status = _submit(form, lambda: services.person_create(
            actor=_actor(request), data=data))
        if person is not None:
            messages.success(request, f"{person.full_name} has been recorded")
            return redirect(person_url(person))
    return _page(request, "people/person_form.html", {
        "title": "Record a new person", "ethnicities": ETHNICITIES, "creating": True,
        "back": reverse("people:search"),
    }, form=form, status=status)


def _person_initial(person: Person, names: tuple[str, ...]) -> dict[str, Any]:
    initial = {n: getattr(person, n) for n in names if hasattr(person, n)}
    return {**initial, "unborn": person.is_unborn, "version": person.version}


def _edit_person(request: HttpRequest, ref: Any, form_class: type[Form], template: str,
                 title: str, changes: Callable[[Form], dict[str, Any]]) -> HttpResponse:
    """The edit pages share one flow: prefilled form with the version it was read at,
    refused with a conflict when someone else has saved since."""
    actor = _actor(request)
    person = selectors.person_for_change(actor=actor, ref=ref, action="person.edit",
                                         audit_view=request.method == "GET")
    if request.method == "GET":
        form = form_class(initial=_person_initial(person, tuple(f.name for f in
                                                                form_class.fields)))
    else:
        form = form_class(request.POST)
    status = 200
    if form.is_valid():
        version = form.cleaned["version"]
        updated, status = _submit(form, lambda: services.person_update(
            actor=actor, person=person, version=version, changes=changes(form)))
        if updated is not None:
            changed = updated.version != version
            messages.success(request, "Your changes have been saved" if changed
                             else "Nothing was changed")
            return redirect(person_url(updated))
    return _page(request, template, {
        "title": title, "person": person, "ethnicities": ETHNICITIES, "creating": False,
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
    actor = _actor(request)
    person = selectors.person_for_change(actor=actor, ref=ref, action="person.edit",
                                         audit_view=request.method == "GET")
    agencies = selectors.agency_choices()
    form = OtherNameForm(_data(request), choices={"agency": [pk for pk, _ in agencies]})
    if form.is_valid():
        c = form.cleaned
        other, _ = _submit(form, lambda: services.other_name_add(
            actor=actor, person=person, kind=c["kind"], given_name=c["given_name"],
            family_name=c["family_name"], agency_id=c["agency"], note=c["note"]))
        if other is not None:
            messages.success(request, f"Other name ‘{other}’ has been added")
            return redirect(person_url(person))
    return _page(request, "people/other_name_form.html", {
        "title": "Add another name", "person": person, "agencies": agencies,
        "back": person_url(person),
    }, form=form)


@GET_POST
@domain_errors()
def person_seal(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = _actor(request)
    person = selectors.person_for_change(actor=actor, ref=ref, action="person.seal",
                                         audit_view=request.method == "GET")
    form = ReasonForm(_data(request), initial={"sealed": "0" if person.sealed else "1"})
    if form.is_valid():
        # The page says which way it goes, so a second click cannot undo the first.
        seal = bool(form.cleaned["sealed"]) if form.cleaned["sealed"] is not None \
            else not person.sealed
        done, _ = _submit(form, lambda: services.person_seal(
            actor=actor, person=person, sealed=seal, reason=form.cleaned["reason"]))
        if done is not None:
            messages.success(request, "The record has been sealed" if seal
                             else "The record has been unsealed")
            return redirect(person_url(person))
    return _page(request, "people/seal_form.html", {
        "title": "Unseal this record" if person.sealed else "Seal this record",
        "person": person, "back": person_url(person),
    }, form=form)


# ------------------------------------------------------------------ choosing another person
def _chosen_person(request: HttpRequest) -> Person | None:
    """The person picked on an earlier step (?person=<ref>), if any."""
    ref = request.POST.get("person") or request.GET.get("person")
    if not ref:
        return None
    return selectors.person_brief(actor=_actor(request), ref=ref)


def _search_to_choose(request: HttpRequest, exclude: Person | None = None
                      ) -> tuple[SearchForm, list[Any] | None]:
    """The search box on a 'choose a person' step and what it found."""
    form = SearchForm(request.GET if "text" in request.GET else None)
    hits = None
    if form.is_valid():
        hits = [h for h in selectors.person_search(actor=_actor(request),
                                                   text=form.cleaned["text"],
                                                   date_of_birth=form.cleaned["dob"])
                if exclude is None or h.person.pk != exclude.pk]
    return form, hits


# ------------------------------------------------------------------ relationships
@GET_POST
@domain_errors()
def relationship_add(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = _actor(request)
    subject = selectors.person_for_change(actor=actor, ref=ref, action="relationship.edit",
                                          audit_view=request.method == "GET")
    other = _chosen_person(request)
    context: dict[str, Any] = {"title": "Record a relationship", "person": subject,
                               "other": other, "back": person_url(subject)}
    if other is None:
        search_form, hits = _search_to_choose(request, exclude=subject)
        return _page(request, "people/relationship_add.html", {
            **context, "choosing": True, "hits": hits,
            "living_with": selectors.people_living_with(actor=actor, person=subject),
        }, form=search_form)
    form = RelationshipForm(_data(request))
    if form.is_valid():
        kind, subject_holds_it = form.direction()
        holder, of = (subject, other) if subject_holds_it else (other, subject)
        rel, _ = _submit(form, lambda: services.relationship_add(
            actor=actor, person=holder, related=of, kind=kind,
            started=form.cleaned["started"], note=form.cleaned["note"]))
        if rel is not None:
            messages.success(request, f"Relationship between {other.full_name} and "
                                      f"{subject.full_name} recorded")
            return redirect(person_url(subject))
    return _page(request, "people/relationship_add.html", {
        **context, "choosing": False, "options": relationship_options(),
    }, form=form)


@GET_POST
@domain_errors()
def relationship_end(request: HttpRequest, ref: Any, rel_id: int) -> HttpResponse:
    actor = _actor(request)
    subject = selectors.person_brief(actor=actor, ref=ref)
    rel = selectors.relationship_for_change(actor=actor, person=subject, rel_id=rel_id)
    form = EndForm(_data(request), label="Date the relationship ended")
    if form.is_valid():
        done, _ = _submit(form, lambda: services.relationship_end(
            actor=actor, relationship=rel, ended=form.cleaned["ended"]))
        if done is not None:
            messages.success(request, "The relationship has been recorded as ended")
            return redirect(person_url(subject))
    return _page(request, "people/end_form.html", {
        "title": "End a relationship", "person": subject, "back": person_url(subject),
        "what": f"{rel.person.full_name} is the {rel.get_kind_display()} of "
                f"{rel.related.full_name}",
        "legend": "When did the relationship end?",
    }, form=form)


# ------------------------------------------------------------------ involvement
@GET_POST
@domain_errors()
def involvement_add(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = _actor(request)
    person = selectors.person_for_change(actor=actor, ref=ref, action="involvement.edit",
                                         audit_view=request.method == "GET")
    agencies = selectors.agency_choices()
    form = InvolvementForm(_data(request), initial={"agency": actor.agency_id})
    chosen = str(form.value("agency"))
    agency_id = int(chosen) if chosen.isdigit() and len(chosen) < 18 else None
    # "Show workers" asks for the chosen agency's staff without recording anything yet.
    if request.method == "POST" and "show_workers" not in request.POST and form.is_valid():
        c = form.cleaned
        done, _ = _submit(form, lambda: services.involvement_add(
            actor=actor, person=person, agency_id=c["agency"], staff_id=c["staff"],
            role=c["role"], started=c["started"]))
        if done is not None:
            messages.success(request, "The involvement has been recorded")
            return redirect(person_url(person))
    return _page(request, "people/involvement_form.html", {
        "title": "Record involvement", "person": person, "agencies": agencies,
        "staff": selectors.staff_choices(agency_id), "back": person_url(person),
    }, form=form)


@GET_POST
@domain_errors()
def involvement_end(request: HttpRequest, ref: Any, inv_id: int) -> HttpResponse:
    actor = _actor(request)
    person = selectors.person_brief(actor=actor, ref=ref)
    involvement = selectors.involvement_for_change(actor=actor, person=person, inv_id=inv_id)
    form = EndForm(_data(request), label="Date the involvement ended")
    if form.is_valid():
        done, _ = _submit(form, lambda: services.involvement_end(
            actor=actor, involvement=involvement, ended=form.cleaned["ended"]))
        if done is not None:
            messages.success(request, "The involvement has been recorded as ended")
            return redirect(person_url(person))
    worker = f"{involvement.staff.get_full_name()}, " if involvement.staff else ""
    return _page(request, "people/end_form.html", {
        "title": "End involvement", "person": person, "back": person_url(person),
        "what": f"{worker}{involvement.agency.name}: {involvement.get_role_display()}",
        "legend": "When did the involvement end?",
    }, form=form)


# ------------------------------------------------------------------ households
@GET_POST
@domain_errors()
def household_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    person_ref = request.POST.get("person") or request.GET.get("person")
    if not person_ref:
        # A household nobody lives in is out of everyone's reach (access to a household
        # comes through its members), so the address is recorded with its first member.
        search_form, hits = _search_to_choose(request)
        return _page(request, "people/choose_person.html", {
            "title": "Who lives at this address?", "hits": hits,
            "choose_url": reverse("people:household-create"),
            "back": reverse("people:search"),
        }, form=search_form)
    person = selectors.person_for_change(actor=actor, ref=person_ref, action="household.edit",
                                         audit_view=False)
    form = HouseholdCreateForm(_data(request))
    if form.is_valid():
        c = form.cleaned

        def create() -> Any:
            # The address and its first member are recorded together or not at all.
            with transaction.atomic():
                household = services.household_create(
                    actor=actor, address=services.AddressInput(**form.address()))
                services.membership_add(actor=actor, household=household, person=person,
                                        role=c["role"], started=c["started"])
            return household

        household, _ = _submit(form, create)
        if household is not None:
            messages.success(request, f"{person.full_name} has been recorded as living at "
                                      f"{household}")
            return redirect(person_url(person))
    return _page(request, "people/household_form.html", {
        "title": "Add a household", "person": person, "creating": True,
        "back": person_url(person),
    }, form=form)


@require_GET
@domain_errors()
def household_detail(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = _actor(request)
    record = selectors.household_record(actor=actor, ref=ref)
    return _page(request, "people/household_detail.html", {
        "title": str(record.household), "record": record, "household": record.household,
        "current": [m for m in record.members if m.ended is None],
        "past": [m for m in record.members if m.ended is not None],
        "can": permitted(actor, ("household.edit",), record.relationships), **HELPERS,
    })


@GET_POST
@domain_errors()
def household_edit(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = _actor(request)
    household = selectors.household_for_change(actor=actor, ref=ref)
    back = reverse("people:household-detail", kwargs={"ref": household.ref})
    if request.method == "GET":
        form = AddressEditForm(initial={**{f.name: getattr(household, f.name, "")
                                           for f in AddressEditForm.fields},
                                        "version": household.version})
    else:
        form = AddressEditForm(request.POST)
    status = 200
    if form.is_valid():
        updated, status = _submit(form, lambda: services.household_update(
            actor=actor, household=household, version=form.cleaned["version"],
            address=services.AddressInput(**form.address())))
        if updated is not None:
            messages.success(request, "The address has been changed")
            return redirect(back)
    return _page(request, "people/household_form.html", {
        "title": "Change the address", "household": household, "creating": False,
        "conflict": status == 409, "back": back,
    }, form=form, status=status)


@GET_POST
@domain_errors()
def membership_add(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = _actor(request)
    person = _chosen_person(request)
    household = selectors.household_for_change(actor=actor, ref=ref, via_person=person)
    back = reverse("people:household-detail", kwargs={"ref": household.ref})
    if person is None:
        search_form, hits = _search_to_choose(request)
        return _page(request, "people/choose_person.html", {
            "title": f"Who is living at {household.address_line_1}?", "hits": hits,
            "choose_url": reverse("people:membership-add", kwargs={"ref": household.ref}),
            "back": back,
        }, form=search_form)
    form = MembershipForm(_data(request))
    if form.is_valid():
        done, _ = _submit(form, lambda: services.membership_add(
            actor=actor, household=household, person=person, role=form.cleaned["role"],
            started=form.cleaned["started"]))
        if done is not None:
            messages.success(request, f"{person.full_name} has been added to the household")
            return redirect(back)
    return _page(request, "people/membership_form.html", {
        "title": "Add someone to the household", "household": household, "person": person,
        "back": back,
    }, form=form)


@GET_POST
@domain_errors()
def membership_end(request: HttpRequest, ref: Any, membership_id: int) -> HttpResponse:
    actor = _actor(request)
    membership = selectors.membership_for_change(actor=actor, household_ref=ref,
                                                 membership_id=membership_id)
    # Go back to where the user came from: a person's record or the household's page.
    from_person = (request.POST.get("back") or request.GET.get("back")) == "person"
    back = (person_url(membership.person) if from_person else
            reverse("people:household-detail", kwargs={"ref": membership.household.ref}))
    form = EndForm(_data(request), label="Date they left")
    if form.is_valid():
        done, _ = _submit(form, lambda: services.membership_end(
            actor=actor, membership=membership, ended=form.cleaned["ended"]))
        if done is not None:
            messages.success(request, f"{membership.person.full_name} has been recorded as "
                                      f"having left {membership.household.address_line_1}")
            return redirect(back)
    return _page(request, "people/end_form.html", {
        "title": "Record that someone has left", "back": back,
        "back_to": "person" if from_person else "household",
        "what": f"{membership.person.full_name}, {membership.household}",
        "legend": "When did they leave?",
    }, form=form)
