"""Queueing, cancelling and sending emails through a real SMTP server."""

from __future__ import annotations

import datetime as dt
import email

import pytest
from django.db import transaction

from everychild.core import clock
from everychild.core.errors import ValidationFailed
from everychild.outbox.models import Message
from everychild.outbox.selectors import messages_about
from everychild.outbox.services import (
    NotInTransaction,
    deliver_due,
    message_cancel,
    message_enqueue,
    message_id_for,
)

from .conftest import TO, enqueue


class RequestFailed(Exception):
    pass


def later(monkeypatch, **delta: float) -> dt.datetime:
    moved = clock.now() + dt.timedelta(**delta)
    monkeypatch.setattr(clock, "now", lambda: moved)
    return moved


def test_an_email_queued_in_a_transaction_that_rolls_back_is_never_sent(live_db, smtp):
    with pytest.raises(RequestFailed), transaction.atomic():
        message_enqueue(to=TO, subject="Referral received", body="Thank you.",
                        key="referral:1:acknowledgement")
        raise RequestFailed  # e.g. the referral failed to save after the email was queued
    assert deliver_due() == 0
    assert not Message.objects.exists()
    assert smtp.inbox.received == []


def test_a_committed_email_is_sent_once_with_what_was_queued(live_db, smtp):
    enqueue("referral:1:acknowledgement", subject="Referral R-1 received",
            body="Thank you. We received your referral.", about_type="referral",
            about_ref="R-1")
    assert deliver_due() == 1
    [got] = smtp.inbox.received
    assert got["Subject"] == "Referral R-1 received"
    assert got["To"] == TO
    assert got["From"] == "Everychild <everychild@northbrook.example>"
    assert got["Message-ID"] == message_id_for("referral:1:acknowledgement")
    assert got["Message-ID"].endswith("@northbrook.example>")
    assert got["Auto-Submitted"] == "auto-generated"
    assert got.get_payload(decode=True).decode().strip() == (
        "Thank you. We received your referral.")
    message = Message.objects.get()
    assert message.status == "sent" and message.attempts == 1 and message.sent_at is not None
    assert message.smtp_message_id == got["Message-ID"]
    assert deliver_due() == 0
    assert len(smtp.inbox.received) == 1


def test_the_same_key_twice_makes_one_email(live_db, smtp):
    first = enqueue("referral:2:outcome:7")
    again = enqueue("referral:2:outcome:7", subject="A retried request queues it again")
    with transaction.atomic():  # and twice in one transaction
        message_enqueue(to=TO, subject="x", body="y", key="referral:2:outcome:7")
    assert again.pk == first.pk and again.subject == first.subject
    assert Message.objects.count() == 1
    assert deliver_due() == 1
    enqueue("referral:2:outcome:7")  # after it went: still the one, not sent again
    assert deliver_due() == 0
    assert smtp.inbox.message_ids() == {message_id_for("referral:2:outcome:7"): 1}


def test_a_message_due_later_waits_for_its_time(live_db, smtp, monkeypatch):
    due = clock.now() + dt.timedelta(hours=48)
    enqueue("referral:3:reminder", send_after=due)
    assert deliver_due() == 0
    later(monkeypatch, hours=47, minutes=59)
    assert deliver_due() == 0
    assert smtp.inbox.received == []
    monkeypatch.setattr(clock, "now", lambda: due)
    assert deliver_due() == 1
    assert len(smtp.inbox.received) == 1


def test_a_cancelled_message_is_never_sent(live_db, smtp, monkeypatch):
    enqueue("referral:4:reminder", send_after=clock.now() + dt.timedelta(hours=48))
    enqueue("referral:4:acknowledgement")
    with transaction.atomic():
        cancelled = message_cancel(key="referral:4:reminder")
    assert cancelled is not None and cancelled.status == "cancelled"
    later(monkeypatch, days=30)
    assert deliver_due() == 1
    assert smtp.inbox.subjects() == ["Referral update referral:4:acknowledgement"]
    # Cancelling what has gone changes nothing; an unknown key is no message.
    sent = message_cancel(key="referral:4:acknowledgement")
    assert sent is not None and sent.status == "sent" and sent.cancelled_at is None
    assert message_cancel(key="referral:4:never-queued") is None
    assert deliver_due() == 0


def test_a_cancel_in_a_transaction_that_rolls_back_leaves_the_message_to_go(live_db, smtp):
    enqueue("referral:5:reminder")
    with pytest.raises(RequestFailed), transaction.atomic():
        message_cancel(key="referral:5:reminder")
        raise RequestFailed
    assert deliver_due() == 1


def test_messages_about_a_record_can_be_found(live_db):
    enqueue("referral:6:acknowledgement", about_type="referral", about_ref="R-6")
    enqueue("referral:6:outcome:1", about_type="referral", about_ref="R-6")
    enqueue("referral:7:acknowledgement", about_type="referral", about_ref="R-7")
    assert [m.key for m in messages_about(about_type="referral", about_ref="R-6")] == [
        "referral:6:acknowledgement", "referral:6:outcome:1"]


def test_an_html_part_goes_as_an_alternative_to_the_plain_text(live_db, smtp):
    enqueue("referral:8:acknowledgement", body="Plain words.",
            html_body="<p>Plain <strong>words</strong>.</p>")
    assert deliver_due() == 1
    [got] = smtp.inbox.received
    assert got.get_content_type() == "multipart/alternative"
    parts = {p.get_content_type(): p.get_payload(decode=True).decode() for p in got.walk()
             if not p.is_multipart()}
    assert parts["text/plain"].strip() == "Plain words."
    assert "<strong>words</strong>" in parts["text/html"]


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "complaint"), [
    ("to", "not an address", "is not an email address"),
    ("to", "", "is not an email address"),
    ("subject", "Referral\nBcc: someone@elsewhere.example", "The subject must be one line"),
    ("subject", "  ", "An email needs a subject"),
    ("subject", "x" * 251, "250 characters or fewer"),
    ("body", "", "An email needs a body"),
    ("key", "", "The key must be 1 to 200 characters"),
    ("key", "k" * 201, "The key must be 1 to 200 characters"),
    ("send_after", dt.datetime(2030, 1, 1, 9), "must carry a time zone"),
])
def test_a_malformed_email_is_refused_and_nothing_is_queued(field, value, complaint):
    fields = {"to": TO, "subject": "Referral received", "body": "Thank you.",
              "key": "referral:9:acknowledgement", field: value}
    with pytest.raises(ValidationFailed) as caught:
        message_enqueue(**fields)
    error_field = "key" if field == "key" else field
    assert complaint in caught.value.errors[error_field][0]
    assert not Message.objects.exists()


def test_queueing_outside_a_transaction_is_a_programming_error(live_db):
    with pytest.raises(NotInTransaction):
        message_enqueue(to=TO, subject="Referral received", body="Thank you.", key="k")
    assert not Message.objects.exists()


def test_the_demo_writes_each_email_to_its_own_file(live_db, settings, tmp_path):
    settings.EMAIL_BACKEND = "everychild.outbox.backends.MailFolderBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    enqueue("referral:10:acknowledgement", subject="Referral R-10 received")
    enqueue("referral:10:outcome:1", subject="Decision on referral R-10")
    assert deliver_due() == 2
    files = sorted((tmp_path / "mail").iterdir())
    assert [f.suffix for f in files] == [".eml", ".eml"]
    subjects = sorted(str(email.message_from_bytes(f.read_bytes())["Subject"]) for f in files)
    assert subjects == ["Decision on referral R-10", "Referral R-10 received"]
