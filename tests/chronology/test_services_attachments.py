"""Originals attached to entries: allowed types by their contents, a size limit with a
clear message, content-addressed storage written atomically, and a check on every read."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from everychild.access.models import AuditEvent
from everychild.chronology import services
from everychild.chronology.models import Attachment
from everychild.core.errors import AccessDenied, NotFound, ValidationFailed

from .builders import entry

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a scanned note\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
TIFF = b"II*\x00" + b"\x00" * 40


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def school_entry(world):
    return entry(world.child, world.users["designated_safeguarding_lead"],
                 summary="Handwritten welfare note")


def _attach(world, school_entry, name, content):
    return services.attachment_add(actor=world.users["designated_safeguarding_lead"],
                                   lineage=school_entry.lineage, upload=upload(name, content))


@pytest.mark.parametrize(("name", "content", "content_type"), [
    ("scan.pdf", PDF, "application/pdf"), ("photo.JPG", JPEG, "image/jpeg"),
    ("photo.png", PNG, "image/png"), ("fax.tiff", TIFF, "image/tiff"),
])
def test_an_original_is_stored_under_its_hash(world, school_entry, data_dir, name, content,
                                              content_type):
    kept = _attach(world, school_entry, name, content)
    digest = hashlib.sha256(content).hexdigest()
    assert (kept.sha256, kept.content_type, kept.size, kept.filename) == (
        digest, content_type, len(content), name)
    assert (data_dir / "attachments" / digest).read_bytes() == content
    assert not [p for p in (data_dir / "attachments").iterdir() if p.name.startswith(".")]
    event = AuditEvent.objects.get(action="chronology.attach")
    assert event.detail["sha256"] == digest and event.target_id == str(world.child.ref)


@pytest.mark.parametrize(("name", "content"), [
    ("notes.pdf", b"MZ\x90\x00 an executable pretending to be a PDF"),
    ("notes.txt", b"plain text"),
    ("scan.exe", PDF),
    ("scan.png", PDF),  # a PDF named as a picture
    ("page.html", b"<html><script>alert(1)</script></html>"),
])
def test_files_are_judged_by_their_contents_not_their_names(world, school_entry, data_dir,
                                                            name, content):
    with pytest.raises(ValidationFailed) as refused:
        _attach(world, school_entry, name, content)
    assert "must be a PDF, JPG, PNG or TIFF" in refused.value.errors["file"][0]
    assert not Attachment.objects.exists()
    assert not (data_dir / "attachments").exists() or not any(
        (data_dir / "attachments").iterdir())


def test_a_file_over_10_mb_is_refused_with_a_clear_message(world, school_entry):
    big = PDF + b"0" * (services.MAX_BYTES)
    with pytest.raises(ValidationFailed) as refused:
        _attach(world, school_entry, "big.pdf", big)
    assert refused.value.errors["file"] == ["The selected file must be smaller than 10 MB"]
    with pytest.raises(ValidationFailed) as empty:
        _attach(world, school_entry, "empty.pdf", b"")
    assert empty.value.errors["file"] == ["The selected file is empty"]
    assert not Attachment.objects.exists()


def test_only_the_recording_agency_attaches_originals(world, school_entry):
    with pytest.raises(AccessDenied):
        services.attachment_add(actor=world.social_worker, lineage=school_entry.lineage,
                                upload=upload("scan.pdf", PDF))
    assert not Attachment.objects.exists()


def test_reading_an_original_checks_it_and_is_audited(world, school_entry):
    kept = _attach(world, school_entry, "scan.pdf", PDF)
    opened = services.attachment_open(actor=world.social_worker, attachment_id=kept.pk)
    assert opened.content == PDF and opened.attachment == kept
    event = AuditEvent.objects.get(action="chronology.attachment_view")
    assert event.actor_id == world.social_worker.pk
    assert event.detail["attachment"] == kept.pk


def test_an_altered_file_is_refused_and_the_refusal_is_audited(world, school_entry, data_dir):
    kept = _attach(world, school_entry, "scan.pdf", PDF)
    (data_dir / "attachments" / kept.sha256).write_bytes(PDF.replace(b"scanned", b"altered"))
    with pytest.raises(services.AttachmentDamaged, match="changed or lost"):
        services.attachment_open(actor=world.social_worker, attachment_id=kept.pk)
    assert AuditEvent.objects.filter(action="chronology.attachment_damaged").count() == 1
    assert not AuditEvent.objects.filter(action="chronology.attachment_view").exists()
    (data_dir / "attachments" / kept.sha256).unlink()
    with pytest.raises(services.AttachmentDamaged):
        services.attachment_open(actor=world.social_worker, attachment_id=kept.pk)


def test_originals_of_restricted_entries_follow_the_entry(world, police_involved):
    secret = entry(world.child, police_involved, sharing="restricted", summary="Police note")
    kept = services.attachment_add(actor=police_involved, lineage=secret.lineage,
                                   upload=upload("statement.pdf", PDF))
    with pytest.raises(NotFound):
        services.attachment_open(actor=world.users["designated_safeguarding_lead"],
                                 attachment_id=kept.pk)
    assert services.attachment_open(actor=world.social_worker,
                                    attachment_id=kept.pk).content == PDF
    with pytest.raises(NotFound):
        services.attachment_open(actor=world.social_worker, attachment_id=kept.pk + 999)
    with pytest.raises(NotFound):  # the attachment of another child's entry
        services.attachment_open(actor=world.social_worker, attachment_id=kept.pk,
                                 child=world.unrelated_child)
