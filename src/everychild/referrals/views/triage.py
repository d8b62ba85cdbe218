"""The front door's pages: the queue, one referral triaged on one page (who the people
are, each child's history, the rating, information from partner agencies, the decision
and its sign-off), the manager's overdue list, and the specialist's review of matches to
sealed records.

Every form on the triage page posts the referral's version, so two workers on the same
referral cannot overwrite each other: a stale form is shown again with the conflict and
what was typed. A refusal from a service shows the triage page again with the error
summary at the top and the user's input kept.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from everychild.access import policy
from everychild.core import clock
from everychild.core.errors import NotFound
from everychild.people import selectors as people_selectors
from everychild.people.forms import Field, Form
from everychild.people.models import Sex
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

from .. import selectors, services
from ..models import HarmCategory, Outcome, Rag, Referral, Status
from ..timescales import standing

POST_ONLY = methods("POST")
LONDON = ZoneInfo("Europe/London")
QUEUE_TABS = (("open", "Open"), ("awaiting_sign_off", "Awaiting sign-off"),
              ("complete", "Decided"))


def given_date(value: str) -> str:
    """A date of birth as far as the referrer knew it: '4 March 2015', 'March 2015',
    '2015'."""
    parts = value.split("-")
    try:
        if len(parts) == 3:
            day = dt.date.fromisoformat(value)
            return f"{day.day} {day:%B %Y}"
        if len(parts) == 2:
            return f"{dt.date(int(parts[0]), int(parts[1]), 1):%B %Y}"
    except ValueError:
        pass
    return value


HELPERS: dict[str, Any] = {
    "given_date": given_date, "sex_label": dict(Sex.choices),
    "harm_label": dict(HarmCategory.choices),
}


# ------------------------------------------------------------------ forms
class TriageForm(Form):
    """A form on the triage page. Errors about things it does not show (the people still
    to match, the referral's status) link to the part of the page they are about."""

    elsewhere: dict[str, str] = {}

    def anchor(self, name: str) -> str:
        if name in self.elsewhere:
            return self.elsewhere[name]
        return super().anchor(name)


VERSION = Field("version", "Version", kind="hidden")


class VersionForm(TriageForm):
    fields = (VERSION,)


class PersonForm(TriageForm):
    """'This is the same person' and 'make a new record' for one person on the referral."""

    fields = (Field("person", "Record", max_length=40), VERSION)

    def __init__(self, *args: Any, entry_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entry_id = entry_id
        where = f"person-{entry_id}"
        self.elsewhere = {"person": where, "version": where, "status": where, "": where}


class RatingForm(TriageForm):
    fields = (Field("rag", "Rating"), Field("reason", "Reason", max_length=500), VERSION)


class RequestForm(TriageForm):
    fields = (Field("agency", "Agency", kind="number", invalid="Select the agency you asked"),
              Field("question", "Question", max_length=2000), VERSION)


class AnswerForm(TriageForm):
    fields = (Field("answer", "Answer", max_length=5000),
              Field("answered_by_name", "Who answered", max_length=200),
              Field("answered_on", "Date answered", kind="date"),
              Field("answered_time", "Time answered", max_length=10))

    def check(self) -> None:
        on, time = self.cleaned.get("answered_on"), self.cleaned.get("answered_time")
        self.cleaned["answered_at"] = None
        if on is None:
            if time and "answered_on" not in self.errors:
                self.add_error("answered_on", "Enter the date they answered")
            return
        parsed = read_time(time or "")
        if parsed is None:
            self.add_error("answered_time", "Enter the time they answered, for example 14:30"
                           if not time else "Time answered must be a real time, like 14:30")
            return
        self.cleaned["answered_at"] = dt.datetime.combine(on, parsed, tzinfo=LONDON)


class DecisionForm(TriageForm):
    fields = (Field("outcome", "Decision"), Field("reasons", "Reasons", max_length=5000),
              VERSION)
    elsewhere = {"people": "people", "status": "outcome", "version": "outcome"}


class SignOffForm(TriageForm):
    fields = (Field("note", "Note", max_length=2000), Field("action", "Action"), VERSION)
    elsewhere = {"status": "note", "version": "note", "action": "note"}


class ConfirmationForm(VersionForm):
    elsewhere = {"confirmation": "written-confirmation", "version": "written-confirmation",
                 "": "written-confirmation"}


class SpecialistForm(TriageForm):
    """The specialist's answer: 'link:<ref>' (this sealed person) or 'clear' (none)."""

    fields = (Field("choice", "Choice", max_length=50), Field("note", "Note", max_length=500),
              VERSION)
    elsewhere = {"person": "choice", "version": "choice", "status": "choice"}

    def check(self) -> None:
        choice = self.cleaned.get("choice") or ""
        self.cleaned["person"] = None
        if choice.startswith("link:") and len(choice) > 5:
            self.cleaned["person"] = choice[5:]
        elif choice != "clear":
            self.add_error("choice", "Say which sealed person this is, or that it is none "
                                     "of them")


_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def read_time(text: str) -> dt.time | None:
    """'14:30' or '9.05' as a time of day; None when it is not one."""
    m = _TIME.match(text)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


# ------------------------------------------------------------------ helpers
def triage_url(referral: Referral, section: str = "") -> str:
    url = reverse("referrals:triage", kwargs={"ref": referral.ref})
    return f"{url}#{section}" if section else url


def _allowed(actor: Any, action: str) -> bool:
    return policy.allows(actor.role, action)


def _referral(request: HttpRequest, ref: Any, action: str = "referral.triage") -> Referral:
    return selectors.referral_get(actor=actor_of(request), ref=ref, action=action)


def _done(request: HttpRequest, referral: Referral, message: str,
          section: str = "") -> HttpResponse:
    messages.success(request, message)
    return redirect(triage_url(referral, section))


def _triage_page(request: HttpRequest, ref: Any, *, form_name: str = "",
                 form: TriageForm | None = None, status: int = 200) -> HttpResponse:
    """The whole triage page; `form` is the one just posted (with what was typed and
    what was wrong), every other form starts empty at the current version."""
    actor = actor_of(request)
    view = selectors.referral_for_triage(actor=actor, ref=ref)
    referral = view.referral
    at = {"version": referral.version}
    forms: dict[str, TriageForm] = {
        "rating": RatingForm(initial=at), "request": RequestForm(initial=at),
        "decision": DecisionForm(initial=at), "sign_off": SignOffForm(initial=at),
        "confirmation": ConfirmationForm(initial=at),
    }
    if form is not None and form_name in forms:
        forms[form_name] = form
    is_open = referral.status in (Status.RECEIVED, Status.AWAITING_SIGN_OFF)
    return page(request, "referrals/triage.html", {
        "title": f"Referral {referral.reference}", "nav_active": "front-door",
        "view": view, "referral": referral, "forms": forms, "posted": form_name,
        "posted_entry": getattr(form, "entry_id", None),
        "conflict": status == 409, "is_open": is_open,
        "response_standing": standing(view.response_due, clock.now(),
                                      done=referral.status != Status.RECEIVED),
        "may_decide": referral.status == Status.RECEIVED and _allowed(actor, "referral.decide"),
        "may_sign_off": (referral.status == Status.AWAITING_SIGN_OFF
                         and _allowed(actor, "referral.sign_off")),
        "agencies": people_selectors.agency_choices(),
        "outcomes": [(o.value, o.label) for o in Outcome],
        "rags": [(r.value, r.label) for r in Rag],
        **HELPERS,
    }, form=form, status=status)


# ------------------------------------------------------------------ the queue
@require_GET
@domain_errors()
def queue(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    show = request.GET.get("show", "open")
    if show not in dict(QUEUE_TABS):
        show = "open"
    items = selectors.referral_queue(actor=actor, show=show)
    return page(request, "referrals/queue.html", {
        "title": "Front door", "nav_active": "front-door", "items": items, "show": show,
        "tabs": QUEUE_TABS, "tab_label": dict(QUEUE_TABS)[show],
        "may_sign_off": _allowed(actor, "referral.sign_off"), **HELPERS,
    })


@require_GET
@domain_errors()
def overdue(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    return page(request, "referrals/overdue.html", {
        "title": "Overdue decisions and sign-offs", "nav_active": "front-door",
        "late": selectors.overdue_decisions(actor=actor),
        "awaiting": selectors.referral_queue(actor=actor, show="awaiting_sign_off"),
        **HELPERS,
    })


# ------------------------------------------------------------------ one referral
@require_GET
@domain_errors()
def triage(request: HttpRequest, ref: Any) -> HttpResponse:
    return _triage_page(request, ref)


def _person_post(request: HttpRequest, ref: Any, entry: int, *, new_record: bool
                 ) -> HttpResponse:
    actor = actor_of(request)
    referral = _referral(request, ref)
    form = PersonForm(request.POST, entry_id=entry)
    result, status = None, 200
    if form.is_valid():
        version = form.cleaned["version"]
        if new_record:
            result, status = submit(form, lambda: services.referral_person_create_record(
                actor=actor, referral=referral, entry_id=entry, version=version))
        elif not form.cleaned["person"]:
            form.add_error("person", "Choose the record this person is")
        else:
            # A sealed record is not found for a user who may not know of it.
            person = people_selectors.person_brief(actor=actor, ref=form.cleaned["person"])
            result, status = submit(form, lambda: services.referral_person_link(
                actor=actor, referral=referral, entry_id=entry, person=person,
                version=version))
    if result is not None:
        what = "A new record was made for" if new_record else "Linked"
        return _done(request, referral, f"{what} {result.full_name}", f"person-{entry}")
    return _triage_page(request, ref, form_name="person", form=form, status=status)


@POST_ONLY
@domain_errors()
def person_link(request: HttpRequest, ref: Any, entry: int) -> HttpResponse:
    return _person_post(request, ref, entry, new_record=False)


@POST_ONLY
@domain_errors()
def person_new_record(request: HttpRequest, ref: Any, entry: int) -> HttpResponse:
    return _person_post(request, ref, entry, new_record=True)


@POST_ONLY
@domain_errors()
def rating(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    referral = _referral(request, ref)
    form = RatingForm(request.POST)
    status = 200
    if form.is_valid():
        c = form.cleaned
        done, status = submit(form, lambda: services.referral_rag_set(
            actor=actor, referral=referral, rag=c["rag"], reason=c["reason"],
            version=c["version"]))
        if done is not None:
            return _done(request, done, f"The rating is now {done.get_rag_display().lower()}",
                         "rating")
    return _triage_page(request, ref, form_name="rating", form=form, status=status)


@POST_ONLY
@domain_errors()
def information_request(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    referral = _referral(request, ref)
    form = RequestForm(request.POST)
    status = 200
    if form.is_valid():
        c = form.cleaned
        # A question is added beside the others, never over them, so it needs no version
        # check; a stale page still cannot add one to a decided referral.
        done, status = submit(form, lambda: services.information_request_add(
            actor=actor, referral=referral, agency_id=c["agency"], question=c["question"]))
        if done is not None:
            return _done(request, referral, f"Your request to {done.agency.name} is recorded",
                         "requests")
    return _triage_page(request, ref, form_name="request", form=form, status=status)


@GET_POST
@domain_errors()
def information_answer(request: HttpRequest, ref: Any, request_id: int) -> HttpResponse:
    actor = actor_of(request)
    view = selectors.referral_for_triage(actor=actor, ref=ref, with_matches=False)
    asked = next((q for q in view.requests if q.pk == request_id), None)
    if asked is None:
        raise NotFound("That request for information is not on this referral")
    form = AnswerForm(posted(request))
    if asked.answered_at is None and form.is_valid():
        c = form.cleaned
        done, _ = submit(form, lambda: services.information_request_answer(
            actor=actor, referral=view.referral, request_id=asked.pk, answer=c["answer"],
            answered_by_name=c["answered_by_name"], answered_at=c["answered_at"]))
        if done is not None:
            return _done(request, view.referral,
                         f"{done.agency.name}'s answer is recorded", "requests")
        if "answered_at" in form.errors:
            form.errors.setdefault("answered_on", []).extend(form.errors.pop("answered_at"))
            form.errors = form.ordered_errors()
    return page(request, "referrals/triage_answer.html", {
        "title": "Record the answer", "nav_active": "front-door", "referral": view.referral,
        "asked": asked, "back": triage_url(view.referral, "requests"),
        "today": clock.today(),
    }, form=form)


@POST_ONLY
@domain_errors()
def written_confirmation(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    referral = _referral(request, ref)
    form = ConfirmationForm(request.POST)
    status = 200
    if form.is_valid():
        done, status = submit(form, lambda: services.referral_written_confirmation_record(
            actor=actor, referral=referral, version=form.cleaned["version"]))
        if done is not None:
            return _done(request, done, "Written confirmation is recorded as received",
                         "written-confirmation")
    return _triage_page(request, ref, form_name="confirmation", form=form, status=status)


@POST_ONLY
@domain_errors()
def decide(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    referral = _referral(request, ref, "referral.decide")
    form = DecisionForm(request.POST)
    status = 200
    if form.is_valid():
        c = form.cleaned
        done, status = submit(form, lambda: services.referral_decide(
            actor=actor, referral=referral, outcome=c["outcome"], reasons=c["reasons"],
            version=c["version"]))
        if done is not None:
            return _done(request, referral, f"Decision recorded: {done.get_outcome_display()}. "
                         "A team manager must now sign it off", "decision")
    return _triage_page(request, ref, form_name="decision", form=form, status=status)


@POST_ONLY
@domain_errors()
def sign_off(request: HttpRequest, ref: Any) -> HttpResponse:
    """One form, two buttons: the manager signs the decision off or returns it."""
    actor = actor_of(request)
    referral = _referral(request, ref, "referral.sign_off")
    form = SignOffForm(request.POST)
    status = 200
    if form.is_valid():
        c = form.cleaned
        if c["action"] == "sign_off":
            done, status = submit(form, lambda: services.referral_sign_off(
                actor=actor, referral=referral, version=c["version"], note=c["note"]))
            message = "The decision is signed off and the referrer will be told the outcome"
        elif c["action"] == "return":
            done, status = submit(form, lambda: services.referral_return(
                actor=actor, referral=referral, version=c["version"], note=c["note"]))
            message = "The decision has been returned with your reasons"
        else:
            done = None
            form.add_error("action", "Choose to sign off the decision or to return it")
        if done is not None:
            return _done(request, referral, message, "decision")
    return _triage_page(request, ref, form_name="sign_off", form=form, status=status)


# ------------------------------------------------------------------ sealed matches
@require_GET
@domain_errors()
def specialist_queue(request: HttpRequest) -> HttpResponse:
    return page(request, "referrals/specialist_queue.html", {
        "title": "Matches to sealed records", "nav_active": "specialist",
        "waiting": selectors.specialist_reviews(actor=actor_of(request)),
    })


@GET_POST
@domain_errors()
def person_specialist(request: HttpRequest, ref: Any, entry: int) -> HttpResponse:
    actor = actor_of(request)
    review = selectors.specialist_review_get(actor=actor, ref=ref, entry_id=entry)
    referral = review.entry.referral
    form = SpecialistForm(posted(request), initial={"version": referral.version})
    status = 200
    if form.is_valid():
        c = form.cleaned
        person = (people_selectors.person_brief(actor=actor, ref=c["person"])
                  if c["person"] else None)
        done, status = submit(form, lambda: services.referral_person_specialist_resolve(
            actor=actor, referral=referral, entry_id=entry, person=person,
            version=c["version"], note=c["note"]))
        if done is not None:
            messages.success(request, f"{done.full_name} on referral {referral.reference} "
                             + ("is linked to the sealed record" if person is not None else
                                "is not any of the sealed people; the front door will match "
                                "them as usual"))
            return redirect("referrals:specialist-queue")
        for other in ("person", "status", "version"):
            if other in form.errors:
                form.errors.setdefault("choice", []).extend(form.errors.pop(other))
    return page(request, "referrals/specialist_review.html", {
        "title": f"Review {review.entry.full_name} on referral {referral.reference}",
        "nav_active": "specialist", "review": review, "referral": referral,
        "conflict": status == 409, "back": reverse("referrals:specialist-queue"), **HELPERS,
    }, form=form, status=status)
