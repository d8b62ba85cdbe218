"""Merging two records of the same person, seeing a merge, and undoing it; and the page
a merged record shows instead of its contents."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from everychild.core.errors import AccessDenied

from .. import selectors, services
from ..forms import Field, Form
from ..models import Person
from .support import (
    GET_POST,
    actor_of,
    chosen_person,
    domain_errors,
    page,
    person_url,
    posted,
    require_GET,
    search_to_choose,
    submit,
)

# The merge just made, so that its page can confirm it once (and only once).
JUST_MERGED = "everychild.people.just_merged"
KEEP_THIS, KEEP_OTHER = "this", "other"


class MergeForm(Form):
    fields: tuple[Field, ...] = (
        Field("keep", "Record to keep", required="Select which record to keep",
              invalid="Select which record to keep"),
        Field("reason", "Reason", max_length=500),
        Field("version", "Version", kind="hidden"),
        Field("other_version", "Version of the other record", kind="hidden"),
    )


class UndoForm(Form):
    fields: tuple[Field, ...] = (Field("reason", "Reason", max_length=500),)


def merge_url(merge_id: int) -> str:
    return reverse("people:merge-detail", kwargs={"merge_id": merge_id})


def _typed_ref(request: HttpRequest) -> str | None:
    """A record's reference typed into the search box (as copied from its address)."""
    text = (request.GET.get("text") or "").strip().strip("/").rsplit("/", 1)[-1]
    try:
        return str(UUID(text)) if len(text) in (32, 36) else None
    except ValueError:
        return None


# ------------------------------------------------------------------ merging
@GET_POST
@domain_errors()
def person_merge(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    typed = _typed_ref(request)
    choosing = not (request.POST.get("person") or request.GET.get("person"))
    # Comparing shows both records, and audits both views; choosing shows only this one.
    subject = selectors.person_for_change(
        actor=actor, ref=ref, action="person.merge",
        audit_view=choosing and typed is None and request.method == "GET")
    if typed is not None and choosing:
        return redirect(f"{request.path}?person={typed}")
    context: dict[str, Any] = {"title": "Merge with another record", "person": subject,
                               "back": person_url(subject)}
    other = None if choosing else chosen_person(request)
    refused = ""
    if other is not None:
        try:
            rows = selectors.merge_comparison(actor=actor, subject=subject, other=other,
                                              audit_view=request.method == "GET")
        except AccessDenied:
            other_name = other.full_name
            other = None
            refused = (f"You cannot merge {other_name}'s record: you may merge only the "
                       "records of people you or your team work with")
    if other is None:
        search_form, hits = search_to_choose(request, exclude=subject)
        if refused:
            search_form.add_error("text", refused)
        return page(request, "people/merge_choose.html", {**context, "hits": hits},
                    form=search_form)
    return _compare(request, subject, other, rows, context)


def _compare(request: HttpRequest, subject: Person, other: Person,
             rows: list[selectors.ComparisonRow], context: dict[str, Any]) -> HttpResponse:
    actor = actor_of(request)
    form = MergeForm(posted(request), choices={"keep": [KEEP_THIS, KEEP_OTHER]},
                     initial={"keep": KEEP_THIS, "version": subject.version,
                              "other_version": other.version})
    status = 200
    if form.is_valid():
        c = form.cleaned
        keep_this = c["keep"] == KEEP_THIS
        survivor, merged = (subject, other) if keep_this else (other, subject)
        versions = (c["version"], c["other_version"])
        survivor_version, merged_version = versions if keep_this else versions[::-1]
        merge, status = submit(form, lambda: services.person_merge(
            actor=actor, survivor=survivor, merged=merged, reason=c["reason"],
            survivor_version=survivor_version, merged_version=merged_version))
        if merge is not None:
            request.session[JUST_MERGED] = merge.pk
            return redirect(merge_url(merge.pk))
    return page(request, "people/merge_compare.html", {
        **context, "title": "Check these are the same person", "other": other, "rows": rows,
        "conflict": status == 409, "again": f"{request.path}?person={other.ref}",
    }, form=form, status=status)


# ------------------------------------------------------------------ a merge
@require_GET
@domain_errors()
def merge_detail(request: HttpRequest, merge_id: int) -> HttpResponse:
    actor = actor_of(request)
    merge = selectors.merge_get(actor=actor, merge_id=merge_id)
    just_merged = request.session.get(JUST_MERGED) == merge.pk
    if just_merged:
        del request.session[JUST_MERGED]
    summary = selectors.merge_summary(merge)
    return page(request, "people/merge_detail.html", {
        "title": f"{summary.merged_name} merged into {merge.survivor.full_name}",
        "merge": merge, "summary": summary, "just_merged": just_merged,
        "may_undo": selectors.merge_may_undo(actor=actor, merge=merge),
    })


@GET_POST
@domain_errors()
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    actor = actor_of(request)
    merge = selectors.merge_get(actor=actor, merge_id=merge_id, action="person.merge",
                                audit_view=request.method == "GET")
    summary = selectors.merge_summary(merge)
    form = UndoForm(posted(request))
    status = 200
    if form.is_valid():
        done, status = submit(form, lambda: services.person_merge_undo(
            actor=actor, merge=merge, reason=form.cleaned["reason"]))
        if done is not None:
            messages.success(request, f"The merge has been undone: {summary.merged_name} and "
                                      f"{merge.survivor.full_name} have separate records again")
            return redirect(person_url(merge.merged))
    return page(request, "people/merge_undo.html", {
        "title": "Undo this merge", "merge": merge, "summary": summary,
        "back": merge_url(merge.pk), "cannot_undo": status == 409,
    }, form=form, status=status)


# ------------------------------------------------------------------ a merged record
def merged_record_page(request: HttpRequest, record: selectors.PersonRecord
                       ) -> HttpResponse | None:
    """What a merged record shows: where the person's record is now. None when the record
    is not (or no longer) merged, for the usual page."""
    notice = selectors.merged_notice(actor=actor_of(request), person=record.person)
    if notice is None:
        return None
    as_merged = notice.merge.snapshot.get("merged", {}).get("fields", {})
    return page(request, "people/merge_merged_record.html", {
        "title": record.person.full_name, "person": record.person, "notice": notice,
        "as_merged": as_merged,
    })
