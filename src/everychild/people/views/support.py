"""What every people page shares: method and domain-error handling, putting a service's
complaints back on a form, rendering, the wording helpers templates use, and the flows
several pages follow (choosing another person, recording that something ended).

Domain errors become pages in one place (`domain_errors`), and a service's complaints
about a form go back onto the form in one place (`submit`), so every page answers them
the same way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from everychild.access import policy
from everychild.core.errors import (
    AccessDenied,
    BreakGlassRequired,
    Conflict,
    NotFound,
    ValidationFailed,
)
from everychild.core.pages import error_page

from .. import selectors
from ..forms import CHOICES, DISABILITY_LABELS, ETHNICITY_LABELS, EndForm, Form, SearchForm
from ..models import Person, Sex

View = Callable[..., HttpResponse]
T = TypeVar("T")

# What a person's record page may offer, each shown only when the policy allows it.
RECORD_ACTIONS = ("person.edit", "person.seal", "household.edit", "relationship.edit",
                  "involvement.edit", "person.merge")


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


def submit(form: Form, action: Callable[[], T]) -> tuple[T | None, int]:
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


def page(request: HttpRequest, template: str, context: dict[str, Any], *,
         form: Form | None = None, status: int = 200) -> HttpResponse:
    if form is not None:
        context = {**context, "form": form, "errors": form.ordered_errors(),
                   "error_anchors": form.anchors()}
    context.setdefault("choices", CHOICES)
    return render(request, template, context, status=status)


def actor_of(request: HttpRequest) -> Any:
    return request.user


def posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def permitted(actor: Any, actions: tuple[str, ...], relationships: frozenset[str]) -> set[str]:
    """Which of these actions the policy lets the actor take, given their relationships
    to the record (so a page offers only what would succeed)."""
    return {a for a in actions if policy.allows(actor.role, a, relationships=relationships)}


def person_to_change(request: HttpRequest, ref: Any, action: str) -> Person:
    """The person a form about their record changes, if the user may take `action` on
    them. Showing the form is audited as a view of the record; a submitted form is not,
    as the service it calls audits the change."""
    return selectors.person_for_change(actor=actor_of(request), ref=ref, action=action,
                                       audit_view=request.method == "GET")


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
           "disability_labels": lambda codes: ", ".join(DISABILITY_LABELS.get(c, c)
                                                       for c in codes)}


# ------------------------------------------------------------------ choosing another person
def chosen_person(request: HttpRequest) -> Person | None:
    """The person picked on an earlier step (?person=<ref>), if any."""
    ref = request.POST.get("person") or request.GET.get("person")
    if not ref:
        return None
    return selectors.person_brief(actor=actor_of(request), ref=ref)


def search_to_choose(request: HttpRequest, exclude: Person | None = None
                     ) -> tuple[SearchForm, list[Any] | None]:
    """The search box on a 'choose a person' step and what it found."""
    form = SearchForm(request.GET if "text" in request.GET else None)
    hits = None
    if form.is_valid():
        hits = [h for h in selectors.person_search(actor=actor_of(request),
                                                   text=form.cleaned["text"],
                                                   date_of_birth=form.cleaned["dob"])
                if exclude is None or h.person.pk != exclude.pk]
    return form, hits


# ------------------------------------------------------------------ recording that something ended
def end_on_a_date(request: HttpRequest, *, end: Callable[[Any], object], label: str,
                  legend: str, title: str, what: str, back: str, done: str,
                  **context: Any) -> HttpResponse:
    """Ending a relationship, an involvement or a stay in a household is one flow: ask
    when it ended and record that with `end` (the service call, given the date); then say
    `done` and go `back`, or show the form again with the service's complaints. `what`
    names the thing ending, `label` is the date as error messages call it."""
    form = EndForm(posted(request), label=label)
    if form.is_valid():
        recorded, _ = submit(form, lambda: end(form.cleaned["ended"]))
        if recorded is not None:
            messages.success(request, done)
            return redirect(back)
    return page(request, "people/end_form.html", {
        "title": title, "back": back, "what": what, "legend": legend, **context,
    }, form=form)
