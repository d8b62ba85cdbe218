"""Every page that shows what the chronology holds is audited, on any method: the first
showing, and the page shown again after a refused correction or file."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from everychild.access.models import AuditEvent
from everychild.core import clock

from ..conftest import signed_in_client
from ..people.pages import main_text
from .builders import entry

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% scanned\n%%EOF\n"


def _since(seq: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq"))


def _last_seq() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


@pytest.fixture
def school_entry(world):
    return entry(world.child, world.users["designated_safeguarding_lead"],
                 summary="Stored summary of the welfare note", detail="Stored details")


def _views(events: list[AuditEvent], child) -> list[AuditEvent]:
    return [e for e in events if e.action == "chronology.view"
            and e.target_id == str(child.ref)]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_attach_page_quoting_the_entry_is_audited(world, school_entry, method):
    client = signed_in_client(world.users["designated_safeguarding_lead"])
    address = f"/people/{world.child.ref}/chronology/entries/{school_entry.lineage}/attachments/"
    before = _last_seq()
    if method == "GET":
        response = client.get(address)
    else:  # a refused file: the page is shown again
        response = client.post(address, {"file": SimpleUploadedFile("note.pdf", b"not a pdf")})
    assert response.status_code == 200
    assert "Stored summary of the welfare note" in main_text(response)
    [view] = _views(_since(before), world.child)
    assert view.detail == {"via": view.detail["via"], "lineage": str(school_entry.lineage),
                           "page": "attach"}


def test_a_kept_file_is_audited_as_kept_not_as_a_view(world, school_entry):
    client = signed_in_client(world.users["designated_safeguarding_lead"])
    before = _last_seq()
    response = client.post(
        f"/people/{world.child.ref}/chronology/entries/{school_entry.lineage}/attachments/",
        {"file": SimpleUploadedFile("note.pdf", PDF)})
    assert response.status_code == 302
    assert [e.action for e in _since(before)] == ["chronology.attach"]


def _correction(entry_, **changes):
    data = {"revision": str(entry_.revision), "occurred_on-day": str(entry_.occurred_on.day),
            "occurred_on-month": str(entry_.occurred_on.month),
            "occurred_on-year": str(entry_.occurred_on.year), "kind": entry_.kind,
            "significance": entry_.significance, "sharing": entry_.sharing,
            "summary": "Corrected summary", "detail": entry_.detail,
            "reason": "The wrong summary was typed"}
    data.update(changes)
    return data


@pytest.mark.parametrize(("changes", "status"), [
    ({"reason": ""}, 200),  # refused: no reason given
    ({"revision": "7"}, 409),  # refused: someone else corrected it first
])
def test_a_refused_correction_showing_the_entry_again_is_audited(world, school_entry, changes,
                                                                  status):
    client = signed_in_client(world.users["designated_safeguarding_lead"])
    before = _last_seq()
    response = client.post(f"/people/{world.child.ref}/chronology/entries/"
                           f"{school_entry.lineage}/", _correction(school_entry, **changes))
    assert response.status_code == status
    assert "Stored summary of the welfare note" in main_text(response)  # not what was typed
    [view] = _views(_since(before), world.child)
    assert view.detail["lineage"] == str(school_entry.lineage)


def test_a_saved_correction_is_audited_as_a_correction(world, school_entry):
    client = signed_in_client(world.users["designated_safeguarding_lead"])
    before = _last_seq()
    response = client.post(f"/people/{world.child.ref}/chronology/entries/"
                           f"{school_entry.lineage}/", _correction(school_entry))
    assert response.status_code == 302
    assert [e.action for e in _since(before)] == ["chronology.correct"]


def test_reading_an_entry_is_audited_once(world, school_entry):
    before = _last_seq()
    response = signed_in_client(world.social_worker).get(
        f"/people/{world.child.ref}/chronology/entries/{school_entry.lineage}/")
    assert response.status_code == 200
    assert len(_views(_since(before), world.child)) == 1


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_add_form_naming_the_child_is_audited(world, method):
    client = signed_in_client(world.social_worker)
    address = f"/people/{world.child.ref}/chronology/new/"
    before = _last_seq()
    response = client.get(address) if method == "GET" else client.post(address, {
        "summary": "", "kind": "note"})
    assert response.status_code == 200 and "Amelia Osei" in main_text(response)
    [view] = [e for e in _since(before) if e.target_id == str(world.child.ref)]
    assert (view.action, view.detail["for"]) == ("person.view", "chronology.add")


def test_an_added_entry_is_audited_as_added(world):
    today = clock.today()
    before = _last_seq()
    response = signed_in_client(world.social_worker).post(
        f"/people/{world.child.ref}/chronology/new/",
        {"occurred_on-day": str(today.day), "occurred_on-month": str(today.month),
         "occurred_on-year": str(today.year), "kind": "note", "summary": "Home visit",
         "significance": "routine", "sharing": "shared"})
    assert response.status_code == 302
    assert [e.action for e in _since(before)] == ["chronology.add"]
