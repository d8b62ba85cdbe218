"""Households: an address and the people living there, arriving and leaving."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .. import selectors, services
from ..forms import AddressEditForm, HouseholdCreateForm, MembershipForm
from ..panels import household_panels
from .support import (
    GET_POST,
    HELPERS,
    actor_of,
    chosen_person,
    domain_errors,
    end_on_a_date,
    page,
    permitted,
    person_url,
    posted,
    require_GET,
    search_to_choose,
    submit,
)


# ------------------------------------------------------------------ households
@GET_POST
@domain_errors()
def household_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    person_ref = request.POST.get("person") or request.GET.get("person")
    if not person_ref:
        # A household nobody lives in is out of everyone's reach (access to a household
        # comes through its members), so the address is recorded with its first member.
        search_form, hits = search_to_choose(request)
        return page(request, "people/choose_person.html", {
            "title": "Who lives at this address?", "hits": hits,
            "choose_url": reverse("people:household-create"),
            "back": reverse("people:search"),
        }, form=search_form)
    person = selectors.person_for_change(actor=actor, ref=person_ref, action="household.edit",
                                         audit_view=False)
    form = HouseholdCreateForm(posted(request))
    if form.is_valid():
        c = form.cleaned

        def create() -> Any:
            return services.household_create(
                actor=actor, address=services.AddressInput(**form.address()),
                first_member=services.FirstMember(person, c["role"], c["started"]))

        household, _ = submit(form, create)
        if household is not None:
            messages.success(request, f"{person.full_name} has been recorded as living at "
                                      f"{household}")
            return redirect(person_url(person))
    return page(request, "people/household_form.html", {
        "title": "Add a household", "person": person, "creating": True,
        "back": person_url(person),
    }, form=form)


@require_GET
@domain_errors()
def household_detail(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    record = selectors.household_record(actor=actor, ref=ref)
    return page(request, "people/household_detail.html", {
        "title": str(record.household), "record": record, "household": record.household,
        "current": [m for m in record.members if m.ended is None],
        "past": [m for m in record.members if m.ended is not None],
        "can": permitted(actor, ("household.edit",), record.relationships),
        "panels": household_panels(request, record), **HELPERS,
    })


@GET_POST
@domain_errors()
def household_edit(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
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
        updated, status = submit(form, lambda: services.household_update(
            actor=actor, household=household, version=form.cleaned["version"],
            address=services.AddressInput(**form.address())))
        if updated is not None:
            messages.success(request, "The address has been changed")
            return redirect(back)
    return page(request, "people/household_form.html", {
        "title": "Change the address", "household": household, "creating": False,
        "conflict": status == 409, "back": back,
    }, form=form, status=status)


@GET_POST
@domain_errors()
def membership_add(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    person = chosen_person(request)
    household = selectors.household_for_change(actor=actor, ref=ref, via_person=person)
    back = reverse("people:household-detail", kwargs={"ref": household.ref})
    if person is None:
        search_form, hits = search_to_choose(request)
        return page(request, "people/choose_person.html", {
            "title": f"Who is living at {household.address_line_1}?", "hits": hits,
            "choose_url": reverse("people:membership-add", kwargs={"ref": household.ref}),
            "back": back,
        }, form=search_form)
    form = MembershipForm(posted(request))
    if form.is_valid():
        done, _ = submit(form, lambda: services.membership_add(
            actor=actor, household=household, person=person, role=form.cleaned["role"],
            started=form.cleaned["started"]))
        if done is not None:
            messages.success(request, f"{person.full_name} has been added to the household")
            return redirect(back)
    return page(request, "people/membership_form.html", {
        "title": "Add someone to the household", "household": household, "person": person,
        "back": back,
    }, form=form)


@GET_POST
@domain_errors()
def membership_end(request: HttpRequest, ref: Any, membership_id: int) -> HttpResponse:
    actor = actor_of(request)
    membership = selectors.membership_for_change(actor=actor, household_ref=ref,
                                                 membership_id=membership_id)
    # Go back to where the user came from: a person's record or the household's page.
    from_person = (request.POST.get("back") or request.GET.get("back")) == "person"
    back = (person_url(membership.person) if from_person else
            reverse("people:household-detail", kwargs={"ref": membership.household.ref}))
    return end_on_a_date(
        request, end=lambda ended: services.membership_end(
            actor=actor, membership=membership, ended=ended),
        label="Date they left", legend="When did they leave?",
        title="Record that someone has left", back=back,
        back_to="person" if from_person else "household",
        what=f"{membership.person.full_name}, {membership.household}",
        done=f"{membership.person.full_name} has been recorded as having left "
             f"{membership.household.address_line_1}")
