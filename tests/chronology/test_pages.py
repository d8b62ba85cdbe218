"""The chronology pages as their users meet them: reading and filtering, the CSV file,
adding an entry, correcting one, keeping and downloading the original."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from everychild.chronology.models import Attachment, ChronologyEntry

from ..conftest import signed_in_client
from ..factories import HouseholdFactory, InvolvementFactory, MembershipFactory
from ..people.pages import date_fields, inline_errors, links, main_text, summary, value
from .builders import days_ago, entry, pathway

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% scanned\n%%EOF\n"


def chronology_url(child) -> str:
    return f"/people/{child.ref}/chronology/"


def test_the_chronology_page_lists_and_filters(world):
    pathway(world)
    entry(world.child, world.users["designated_safeguarding_lead"], kind="attendance",
          summary="Absent without explanation", significance="notable")
    client = signed_in_client(world.social_worker)
    response = client.get(chronology_url(world.child))
    assert response.status_code == 200
    words = main_text(response)
    assert "Absent without explanation" in words and "Statutory visit: child seen alone" in words
    assert "Add an entry" in words and "Showing 1 to" in words
    filtered = client.get(chronology_url(world.child), {"type": "attendance"})
    words = main_text(filtered)
    assert "Absent without explanation" in words and "child seen alone" not in words
    assert "Showing 1 to 1 of 1 line matching the filters" in words
    # Unknown filter values are ignored rather than failing.
    assert client.get(chronology_url(world.child), {"type": "nonsense", "page": "x",
                                                    "agency": "abc"}).status_code == 200


def test_the_filtered_chronology_downloads_as_csv(world):
    pathway(world)
    entry(world.child, world.social_worker, summary="=HYPERLINK(\"http://evil\")")
    response = signed_in_client(world.social_worker).get(
        chronology_url(world.child), {"format": "csv", "type": "note,visit"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Date", "Agency", "Type", "Significance"]
    assert {r[2] for r in rows[1:]} == {"Note or observation", "Statutory visit"}
    assert any(r[4] == "'=HYPERLINK(\"http://evil\")" for r in rows[1:])


def test_many_entries_come_a_page_at_a_time(world):
    for n in range(105):
        entry(world.child, world.social_worker, on=days_ago(n % 300 + 1), summary=f"Note {n}")
    client = signed_in_client(world.social_worker)
    first = client.get(chronology_url(world.child))
    assert "Showing 1 to 100 of 105 lines" in main_text(first)
    assert "Next" in main_text(first)
    second = client.get(chronology_url(world.child), {"page": 2})
    assert "Showing 101 to 105 of 105 lines" in main_text(second)


def test_adding_an_entry(world):
    client = signed_in_client(world.users["designated_safeguarding_lead"])
    url = f"{chronology_url(world.child)}new/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {**date_fields("occurred_on", "1", "1", "2999"), "kind": "note",
                            "summary": "", "detail": "Kept when the form comes back",
                            "significance": "routine", "sharing": "shared"})
    assert bad.status_code == 200
    assert summary(bad) == ["The date it happened must be today or in the past",
                            "Enter a summary of what happened"]
    assert value(bad, "detail") == "Kept when the form comes back"
    assert not ChronologyEntry.objects.exists()
    day = days_ago(1)
    good = client.post(url, {**date_fields("occurred_on", str(day.day), str(day.month),
                                           str(day.year)),
                             "kind": "attendance", "summary": "Late three days running",
                             "detail": "", "significance": "notable", "sharing": "shared"})
    assert good.status_code == 302 and good["Location"] == chronology_url(world.child)
    added = ChronologyEntry.objects.get()
    assert added.agency == world.school and added.occurred_on == day


def test_those_who_may_not_add_are_refused(world):
    assert signed_in_client(world.users["inspector"]).get(
        f"{chronology_url(world.child)}new/").status_code == 403
    assert signed_in_client(world.users["health_practitioner"]).get(
        chronology_url(world.child)).status_code == 403
    assert signed_in_client(world.social_worker).get(
        chronology_url(world.sealed_child)).status_code == 404
    assert signed_in_client(world.social_worker).get(
        f"{chronology_url(world.sealed_child)}new/").status_code == 404


def _correction(original, **changes):
    on = original.occurred_on
    return {"revision": str(original.revision),
            **date_fields("occurred_on", str(on.day), str(on.month), str(on.year)),
            "kind": original.kind, "summary": "The corrected wording", "detail": "",
            "significance": original.significance, "sharing": original.sharing,
            "reason": "Typed against the wrong day", **changes}


def test_correcting_an_entry_keeps_its_history(world):
    dsl = world.users["designated_safeguarding_lead"]
    original = entry(world.child, dsl, summary="The first wording")
    client = signed_in_client(dsl)
    url = f"{chronology_url(world.child)}entries/{original.lineage}/"
    page = client.get(url)
    assert "Correct this entry" in main_text(page) and value(page, "revision") == "1"
    missing_reason = client.post(url, _correction(original, reason=""))
    assert inline_errors(missing_reason) == ["Enter why you are correcting this entry"]
    done = client.post(url, _correction(original))
    assert done.status_code == 302
    history = main_text(client.get(url))
    assert "The corrected wording" in history and "The first wording" in history
    assert "Typed against the wrong day" in history
    stale = client.post(url, _correction(original, summary="From an old page"))
    assert stale.status_code == 409
    assert "Someone else corrected this entry" in main_text(stale)
    assert value(stale, "summary") == "From an old page"
    assert ChronologyEntry.objects.filter(lineage=original.lineage).count() == 2


def test_another_agency_reads_but_cannot_correct(world):
    original = entry(world.child, world.users["designated_safeguarding_lead"])
    client = signed_in_client(world.social_worker)
    url = f"{chronology_url(world.child)}entries/{original.lineage}/"
    page = client.get(url)
    assert page.status_code == 200 and "Correct this entry" not in main_text(page)
    assert client.post(url, _correction(original)).status_code == 403
    assert client.get(f"{url}attachments/").status_code == 403
    # Through another child's address, the entry is not found.
    InvolvementFactory(person=world.unrelated_child, agency=world.gp)
    other = f"{chronology_url(world.unrelated_child)}entries/{original.lineage}/"
    assert signed_in_client(world.users["health_practitioner"]).get(other).status_code == 404


def test_keeping_and_downloading_the_original(world):
    dsl = world.users["designated_safeguarding_lead"]
    original = entry(world.child, dsl, summary="Handwritten note")
    client = signed_in_client(dsl)
    upload_url = f"{chronology_url(world.child)}entries/{original.lineage}/attachments/"
    assert client.get(upload_url).status_code == 200
    wrong = client.post(upload_url, {"file": SimpleUploadedFile("note.pdf", b"not a pdf")})
    assert summary(wrong) == ["The selected file must be a PDF, JPG, PNG or TIFF"]
    none = client.post(upload_url, {})
    assert summary(none) == ["Select a file"]
    kept = client.post(upload_url, {"file": SimpleUploadedFile("note scan.pdf", PDF)})
    assert kept.status_code == 302
    attachment = Attachment.objects.get()
    entry_page = signed_in_client(world.social_worker).get(
        f"{chronology_url(world.child)}entries/{original.lineage}/")
    download = links(entry_page)["note scan.pdf"]
    assert download == f"{chronology_url(world.child)}attachments/{attachment.pk}/"
    response = signed_in_client(world.social_worker).get(download)
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="note scan.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    # Through another child's address it is not found.
    InvolvementFactory(person=world.unrelated_child, agency=world.gp)
    elsewhere = signed_in_client(world.users["health_practitioner"]).get(
        f"{chronology_url(world.unrelated_child)}attachments/{attachment.pk}/")
    assert elsewhere.status_code == 404


def test_a_tampered_original_is_not_served(world, data_dir):
    dsl = world.users["designated_safeguarding_lead"]
    original = entry(world.child, dsl)
    client = signed_in_client(dsl)
    client.post(f"{chronology_url(world.child)}entries/{original.lineage}/attachments/",
                {"file": SimpleUploadedFile("scan.pdf", PDF)})
    attachment = Attachment.objects.get()
    (data_dir / "attachments" / attachment.sha256).write_bytes(PDF + b"extra")
    response = client.get(f"{chronology_url(world.child)}attachments/{attachment.pk}/")
    assert response.status_code == 500
    assert "changed or lost since it was uploaded" in main_text(response)
    from everychild.access.models import AuditEvent

    assert AuditEvent.objects.filter(action="chronology.attachment_damaged").exists()


def test_the_family_chronology_page(world):
    home = HouseholdFactory(address_line_1="14 Canal Row")
    MembershipFactory(household=home, person=world.child)
    entry(world.child, world.social_worker, summary="About Amelia")
    client = signed_in_client(world.social_worker)
    response = client.get(f"/people/households/{home.ref}/chronology/")
    assert response.status_code == 200
    words = main_text(response)
    assert "Family chronology" in words and "About Amelia" in words and "Amelia Osei" in words
    household_page = client.get(f"/people/households/{home.ref}/")
    assert links(household_page)["Read the family chronology"] == \
        f"/people/households/{home.ref}/chronology/"
    csv_file = client.get(f"/people/households/{home.ref}/chronology/", {"format": "csv"})
    assert "Person" in csv_file.content.decode("utf-8-sig").splitlines()[0]
