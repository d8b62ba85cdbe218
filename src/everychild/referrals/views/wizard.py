"""Making a referral, page by page.

Every post keeps what was typed on the draft first, valid or not, and only then checks
the page; a page with problems comes back with the typed values and the messages. A
form posted after the session ended is kept by the access middleware and saved here when
its author signs in again and comes back to the page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from everychild.access.middleware import keeps_typed, kept_typed
from everychild.core.errors import NotFound, ValidationFailed
from everychild.people.views.support import GET_POST, actor_of, domain_errors

from .. import forms, selectors, services
from ..entries import referral_input_from_dict
from ..forms import Check, PageForm, Problem
from ..models import Referral

SENT = "everychild_referral_sent"
KEPT_NOTICE = "You were signed out; what you typed has been kept"
SAVED_NOTICE = "Your draft referral has been saved. Continue it from this page when you are ready."
CAPTION = "Make a referral"

# The pages in order; each section page's next page and the page before it.
NEXT = {"referrer": "people", "people": "address", "address": "concern",
        "concern": "sharing", "sharing": "check"}
BACK = {"referrer": "start", "people": "referrer", "address": "people",
        "concern": "address", "sharing": "concern", "check": "sharing"}
TITLES = {"referrer": "Who is making the referral", "address": "Where the family lives",
          "concern": "What you are worried about", "sharing": "Sharing this information"}


def _page_url(draft: Referral, page: str, index: int | None = None) -> str:
    if page == "start":
        return reverse("referrals:start")
    if page == "check":
        return reverse("referrals:draft-check", kwargs={"ref": draft.ref})
    if page == "people" and index is not None:
        return reverse("referrals:draft-person", kwargs={"ref": draft.ref, "index": index})
    if page == "people":
        return reverse("referrals:draft-people", kwargs={"ref": draft.ref})
    return reverse("referrals:draft-section", kwargs={"ref": draft.ref, "section": page})


def _changing(request: HttpRequest) -> bool:
    """Came from "Check your answers": go back there rather than on through the pages."""
    return request.GET.get("change") == "1"


def _onward(request: HttpRequest, draft: Referral, page: str) -> str:
    return _page_url(draft, "check" if _changing(request) else NEXT[page])


def _back(request: HttpRequest, draft: Referral, page: str) -> str:
    return _page_url(draft, "check" if _changing(request) else BACK[page])


def _later(request: HttpRequest) -> HttpResponse:
    messages.success(request, SAVED_NOTICE)
    return redirect("referrals:start")


def _problem_href(draft: Referral, p: Problem) -> str:
    if p.section not in ("people", *forms.SECTION_PAGES):
        return "#main-content"
    return _page_url(draft, p.section, p.index) + "?change=1" + (f"#{p.anchor}" if p.anchor else "")


def _render(request: HttpRequest, template: str, context: dict[str, Any], *,
            error_items: list[dict[str, str]] | None = None, status: int = 200) -> HttpResponse:
    return render(request, f"referrals/{template}", {
        "caption": CAPTION, "error_items": error_items or [], **context}, status=status)


def _posted(request: HttpRequest, kept: dict[str, list[str]] | None) -> tuple[Any, str]:
    """What to save (the post, or the form kept when the session ended) and the button
    used ("kept" for a kept form: save it and show it, nothing more)."""
    if kept is not None:
        return MultiValueDict(kept), "kept"
    return request.POST, request.POST.get("action") or "continue"


def _kept(request: HttpRequest) -> dict[str, list[str]] | None:
    return kept_typed(request) if request.method == "GET" else None


def _save(request: HttpRequest, draft: Referral, section: str, data: Any,
          check: Check) -> Referral:
    """Keep the page on the draft; the one thing that can stop that (far too much text)
    goes on the page with the rest."""
    try:
        return services.referral_draft_save(actor=actor_of(request), referral=draft,
                                            section=section, data=data)
    except ValidationFailed as exc:
        for messages_ in exc.errors.values():
            for m in messages_:
                check.add("main-content", m)
        return draft


# ---------------------------------------------------------------- starting
@GET_POST
@domain_errors()
def start(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if request.method == "POST":
        draft = services.referral_draft_save(actor=actor, referral=None, section="referrer",
                                             data=forms.referrer_prefill(actor))
        return redirect(_page_url(draft, "referrer"))
    drafts = []
    for d in selectors.drafts_for(actor=actor):
        page, index = forms.first_unfinished(d.draft_data, actor)
        names = [" ".join(x for x in (str(p.get("given_name") or ""),
                                      str(p.get("family_name") or "")) if x.strip())
                 for p in forms.people_of(d.draft_data)]
        drafts.append({"draft": d, "href": _page_url(d, page, index),
                       "names": [n for n in names if n]})
    return _render(request, "wizard_start.html", {
        "title": "Make a referral", "drafts": drafts,
        "contact_centre": actor.role == forms.CONTACT_CENTRE,
    })


@GET_POST
@domain_errors()
def draft_discard(request: HttpRequest, ref: Any) -> HttpResponse:
    draft = selectors.draft_get(actor=actor_of(request), ref=ref)
    if request.method == "POST":
        services.referral_draft_discard(actor=actor_of(request), referral=draft)
        messages.success(request, "Your draft referral has been deleted")
        return redirect("referrals:start")
    return _render(request, "wizard_discard.html", {
        "title": "Delete this draft referral?", "draft": draft,
        "back": reverse("referrals:start")})


# ---------------------------------------------------------------- the section pages
def _referrer_read(post: Any, current: dict[str, Any], actor: Any, action: str) -> dict[str, Any]:
    return forms.referrer_read(post, current, actor)


def _concern_read(post: Any, current: dict[str, Any], actor: Any, action: str) -> dict[str, Any]:
    remove = action.removeprefix("remove_incident-")
    return forms.concern_read(post, add_row=action == "add_incident",
                              remove_row=int(remove) if remove.isdigit() else None)


Reader = Callable[[Any, dict[str, Any], Any, str], dict[str, Any]]
READERS: dict[str, Reader] = {
    "referrer": _referrer_read,
    "address": lambda post, current, actor, action: forms.address_read(post),
    "concern": _concern_read,
    "sharing": lambda post, current, actor, action: forms.sharing_read(post),
}
VALUES: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "referrer": forms.referrer_values, "address": forms.address_values,
    "concern": forms.concern_values, "sharing": forms.sharing_values,
}


def _section_check(section: str, data: Mapping[str, Any], actor: Any) -> Check:
    if section == "referrer":
        return forms.referrer_check(data, actor)
    checks: dict[str, Callable[[Mapping[str, Any]], Check]] = {
        "address": forms.address_check, "concern": forms.concern_check,
        "sharing": forms.sharing_check}
    return checks[section](data)


def _section_context(section: str, actor: Any) -> dict[str, Any]:
    if section == "referrer":
        options = forms.source_options(actor)
        public = [c for c in options if c in forms.PUBLIC_SOURCE_CODES]
        return {
            "contact_centre": actor.role == forms.CONTACT_CENTRE,
            "source_options": [(c, forms.SOURCE_LABELS[c]) for c in options if c not in public],
            "public_source_options": [(c, forms.SOURCE_LABELS[c]) for c in public],
            "channel_options": [(c, forms.CHANNEL_LABELS[c]) for c in forms.PHONE_CHANNELS],
            "agency_name": getattr(actor.agency, "name", ""),
        }
    if section == "concern":
        return {"harm_options": list(forms.HARM_LABELS.items()), "yes_no": forms.YES_NO}
    if section == "sharing":
        return {"aware_options": list(forms.AWARE_LABELS.items()),
                "basis_options": list(forms.BASIS_LABELS.items())}
    return {}


@keeps_typed
@GET_POST
@domain_errors()
def draft_section(request: HttpRequest, ref: Any, section: str) -> HttpResponse:
    if section not in forms.SECTION_PAGES:
        raise NotFound("No such page")
    actor = actor_of(request)
    draft = selectors.draft_get(actor=actor, ref=ref)
    current = forms.as_dict(draft.draft_data.get(section))
    check = Check()
    kept = _kept(request)
    if request.method == "POST" or kept is not None:
        post, action = _posted(request, kept)
        data = READERS[section](post, current, actor, action)
        draft = _save(request, draft, section, data, check)
        if kept is not None:
            messages.info(request, KEPT_NOTICE)
        if action == "later" and not check:
            return _later(request)
        if action in ("continue", "later"):
            page_check = _section_check(section, data, actor)
            if not check and not page_check:
                return redirect(_onward(request, draft, section))
            check.problems.update(page_check.problems)
            check.bad_parts.update(page_check.bad_parts)
        current = data
    form = PageForm(VALUES[section](current), check)
    return _render(request, f"wizard_{section}.html", {
        "title": TITLES[section], "draft": draft, "form": form, "section": section,
        "back": _back(request, draft, section), **_section_context(section, actor),
    }, error_items=form.error_items())


# ---------------------------------------------------------------- people
@GET_POST
@domain_errors()
def draft_people(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    draft = selectors.draft_get(actor=actor, ref=ref)
    people = forms.people_of(draft.draft_data)
    error_items: list[dict[str, str]] = []
    if request.method == "POST":
        action = request.POST.get("action") or "continue"
        if action == "later":
            return _later(request)
        problems = [p for p in forms.draft_problems(draft.draft_data, actor)
                    if p.section == "people"]
        if not problems:
            return redirect(_onward(request, draft, "people"))
        error_items = [{"text": p.message, "href": "#add-child" if p.index is None
                        else _problem_href(draft, p)} for p in problems]
    listed = []
    for i, p in enumerate(people):
        values = forms.person_values(p)
        listed.append({
            "index": i, "name": forms.person_label(p, i),
            "role": forms.ROLE_LABELS.get(values["role"], "Not said"),
            "born": _born(values), "problems": bool(forms.person_check(p)),
            "change": _page_url(draft, "people", i), "remove": reverse(
                "referrals:draft-person-remove", kwargs={"ref": draft.ref, "index": i}),
        })
    new = reverse("referrals:draft-person", kwargs={"ref": draft.ref, "index": len(people)})
    return _render(request, "wizard_people.html", {
        "title": "Children and adults in the family", "draft": draft, "people": listed,
        "add_child": f"{new}?kind=child", "add_adult": f"{new}?kind=adult",
        "back": _back(request, draft, "people"), "changing": _changing(request),
    }, error_items=error_items)


def _born(values: Mapping[str, Any]) -> str:
    if values.get("unborn"):
        return "Unborn"
    parts = [values.get(f"date_of_birth-{p}", "") for p in ("day", "month", "year")]
    return "/".join(p for p in parts if p) or "Date of birth not known"


def _person_at(draft: Referral, index: int, *, adding: bool) -> list[dict[str, Any]]:
    people = forms.people_of(draft.draft_data)
    if index > len(people) or (index == len(people) and not adding):
        raise NotFound("No such person on this draft")
    return people


@keeps_typed
@GET_POST
@domain_errors()
def draft_person(request: HttpRequest, ref: Any, index: int) -> HttpResponse:
    actor = actor_of(request)
    draft = selectors.draft_get(actor=actor, ref=ref)
    people = _person_at(draft, index, adding=True)
    person = people[index] if index < len(people) else {}
    asked = request.GET.get("kind") or ""
    check = Check()
    kept = _kept(request)
    if request.method == "POST" or kept is not None:
        post, action = _posted(request, kept)
        asked = str(post.get("kind") or asked)
        person = forms.person_read(post, kind=asked, add_name=action == "add_name")
        people = [*people[:index], person, *people[index + 1:]]
        draft = _save(request, draft, "people", people, check)
        if kept is not None:
            messages.info(request, KEPT_NOTICE)
        if action == "later" and not check:
            return _later(request)
        if action in ("continue", "later"):
            page_check = forms.person_check(person)
            if not check and not page_check:
                done = _page_url(draft, "check" if _changing(request) else "people")
                return redirect(done)
            check.problems.update(page_check.problems)
            check.bad_parts.update(page_check.bad_parts)
    kind = forms.person_kind(person, asked)
    form = PageForm(forms.person_values(person), check)
    adding = index >= len(forms.people_of(draft.draft_data))
    label = forms.person_label(person, index)
    title = ("Add a child" if kind == "child" else "Add an adult" if kind == "adult"
             else "Add a person") if adding else f"About {label}"
    back = _page_url(draft, "check" if _changing(request) else "people")
    return _render(request, "wizard_person.html", {
        "title": title, "draft": draft, "form": form, "kind": kind, "index": index,
        "role_options": forms.role_options(kind), "sex_options": forms.SEX_OPTIONS,
        "yes_no": forms.YES_NO, "back": back,
    }, error_items=form.error_items())


@GET_POST
@domain_errors()
def draft_person_remove(request: HttpRequest, ref: Any, index: int) -> HttpResponse:
    actor = actor_of(request)
    draft = selectors.draft_get(actor=actor, ref=ref)
    people = _person_at(draft, index, adding=False)
    label = forms.person_label(people[index], index)
    if request.method == "POST":
        services.referral_draft_save(actor=actor, referral=draft, section="people",
                                     data=[*people[:index], *people[index + 1:]])
        messages.success(request, f"{label} has been removed from the referral")
        return redirect(_page_url(draft, "people"))
    return _render(request, "wizard_remove.html", {
        "title": f"Remove {label} from the referral?", "draft": draft, "label": label,
        "back": _page_url(draft, "people")})


# ---------------------------------------------------------------- check and send
def _fixed_boxes(actor: Any) -> set[str]:
    """The referrer's answers a professional cannot change: they come from their agency."""
    if actor.role == forms.CONTACT_CENTRE:
        return set()
    fixed = {"channel", "organisation"}
    if len(forms.source_options(actor)) == 1:
        fixed.add("source")
    return fixed


def _change_href(draft: Referral, card: forms.Card, box: str, fixed: set[str]) -> str:
    if card.section == "referrer" and box in fixed:
        return ""
    return (_page_url(draft, card.section, card.index) + "?change=1"
            + (f"#{forms.anchor(box)}" if box else ""))


@GET_POST
@domain_errors()
def draft_check(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    draft = selectors.draft_get(actor=actor, ref=ref)
    problems: list[Problem] = []
    if request.method == "POST":
        problems = forms.draft_problems(draft.draft_data, actor)
        if not problems:
            try:
                referral = services.referral_draft_submit(actor=actor, referral=draft)
            except ValidationFailed as exc:
                problems = forms.service_problems(exc.errors or {"": [exc.message]},
                                                  draft.draft_data)
            else:
                request.session[SENT] = str(referral.ref)
                return redirect("referrals:mine-detail", ref=referral.ref)
    data, _ = referral_input_from_dict(draft.draft_data)
    cards = forms.answer_cards(
        referrer=data.referrer, people=data.people, address=data.address,
        concern=data.concern, incidents=data.concern.incidents, sharing=data.sharing,
        agency_name=getattr(actor.agency, "name", "")
        if data.referrer.agency_id == actor.agency_id else "")
    fixed = _fixed_boxes(actor)
    changes = [[_change_href(draft, card, row.box, fixed) for row in card.rows] for card in cards]
    return _render(request, "wizard_check.html", {
        "title": "Check your answers before sending the referral", "draft": draft,
        "cards": list(zip(cards, changes, strict=True)),
        "people_href": _page_url(draft, "people") + "?change=1",
        "back": _page_url(draft, "sharing"),
    }, error_items=[{"text": p.message, "href": _problem_href(draft, p)} for p in problems])
