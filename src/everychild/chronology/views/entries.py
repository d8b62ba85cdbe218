"""Adding an entry, reading one with its history (and correcting it), and keeping or
downloading the original it was typed from."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from everychild.core.errors import AccessDenied
from everychild.core.pages import error_page
from everychild.people.selectors import person_get
from everychild.people.views.support import (
    GET_POST,
    actor_of,
    domain_errors,
    page,
    posted,
    require_GET,
    submit,
)

from .. import selectors, services
from ..forms import (
    KIND_OPTIONS,
    SHARING_HINTS,
    SHARING_OPTIONS,
    SIGNIFICANCE_OPTIONS,
    CorrectionForm,
    EntryForm,
    UploadForm,
)
from ..selectors.visibility import ADD, VIEW

OPTIONS = {"kinds": KIND_OPTIONS, "significances": SIGNIFICANCE_OPTIONS,
           "sharings": SHARING_OPTIONS, "sharing_hints": SHARING_HINTS}


def _chronology_url(ref: Any) -> str:
    return reverse("chronology:child", kwargs={"ref": ref})


def _entry_url(ref: Any, lineage: Any) -> str:
    return reverse("chronology:entry", kwargs={"ref": ref, "lineage": lineage})


@GET_POST
@domain_errors()
def entry_add(request: HttpRequest, ref: Any) -> HttpResponse:
    actor = actor_of(request)
    child, access = selectors.child_with_access(actor=actor, ref=ref, action=ADD)
    form = EntryForm(posted(request), initial={"significance": "routine",
                                               "sharing": "shared"})
    if form.is_valid():
        entry, _ = submit(form, lambda: services.entry_add(actor=actor, child=child,
                                                           **form.entry_data()))
        if entry is not None:
            messages.success(request, "Your entry has been added to the chronology")
            return redirect(_chronology_url(child.ref))
    # The form names the child, whether shown first or again with what was typed.
    selectors.form_shown_audit(actor=actor, child=child, via=access.via, action=ADD)
    return page(request, "chronology/entry_form.html", {
        "title": "Add an entry to the chronology", "person": child,
        "back": _chronology_url(child.ref), **OPTIONS,
    }, form=form)


@GET_POST
@domain_errors()
def entry(request: HttpRequest, ref: Any, lineage: Any) -> HttpResponse:
    """The entry, every revision of it and its originals; the recording agency may
    correct it here."""
    actor = actor_of(request)
    history = selectors.entry_history(actor=actor, ref=ref, lineage=lineage, audit=False)
    status = 200
    if request.method == "POST":
        if not history.may_correct:
            raise AccessDenied("Only the agency that recorded an entry can correct it")
        form = CorrectionForm(request.POST)
        if form.is_valid():
            corrected, status = submit(form, lambda: services.entry_correct(
                actor=actor, lineage=history.current.lineage,
                revision=form.cleaned["revision"], reason=form.cleaned["reason"],
                child=history.child, **form.entry_data()))
            if corrected is not None:
                messages.success(request, f"The entry has been corrected (revision "
                                          f"{corrected.revision})")
                return redirect(_entry_url(history.child.ref, corrected.lineage))
    else:
        form = CorrectionForm.for_entry(history.current)
    # Shown on any method: a correction refused shows the entry and its history again.
    selectors.entry_history_audit(actor=actor, history=history)
    return page(request, "chronology/entry.html", {
        "title": f"Chronology entry: {history.current.summary}", "person": history.child,
        "history": history, "current": history.current, "conflict": status == 409,
        "back": _chronology_url(history.child.ref), **OPTIONS,
    }, form=form if history.may_correct else None, status=status)


@GET_POST
@domain_errors()
def attachment_add(request: HttpRequest, ref: Any, lineage: Any) -> HttpResponse:
    actor = actor_of(request)
    child, access = selectors.child_with_access(actor=actor, ref=ref, action=ADD)
    current = services.current_entry(actor=actor, lineage=lineage, child=child)
    form = UploadForm()
    if request.method == "POST":
        attachment, _ = submit(form, lambda: services.attachment_add(
            actor=actor, lineage=current.lineage, upload=request.FILES.get("file"),
            child=child))
        if attachment is not None:
            messages.success(request, f"{attachment.filename} has been kept with the entry")
            return redirect(_entry_url(child.ref, current.lineage))
    # The page quotes the entry's summary, on the first showing and after a refused file.
    selectors.entry_shown_audit(actor=actor, child=child, entry=current, via=access.via,
                                page="attach")
    return page(request, "chronology/attachment_form.html", {
        "title": "Attach the original", "person": child, "current": current,
        "back": _entry_url(child.ref, current.lineage),
        "max_megabytes": services.MAX_BYTES // (1024 * 1024),
    }, form=form)


@require_GET
@domain_errors()
def attachment(request: HttpRequest, ref: Any, attachment_id: int) -> HttpResponse:
    actor = actor_of(request)
    child = person_get(actor=actor, ref=ref, action=VIEW)
    try:
        opened = services.attachment_open(actor=actor, attachment_id=attachment_id,
                                          child=child)
    except services.AttachmentDamaged as exc:
        # Answered as a page (not raised), so the audit entry recording it is kept.
        return error_page(request, 500, exc.message)
    found = opened.attachment
    response = HttpResponse(opened.content, content_type=found.content_type)
    ascii_name = found.filename.encode("ascii", "replace").decode("ascii").replace("?", "_")
    response["Content-Disposition"] = (f'attachment; filename="{ascii_name}"; '
                                       f"filename*=UTF-8''{quote(found.filename)}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Length"] = str(len(opened.content))
    return response
