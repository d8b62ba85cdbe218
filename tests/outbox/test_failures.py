"""When sending fails: the message is kept with its error and tried again, never lost."""

from __future__ import annotations

import datetime as dt

from everychild.core import clock
from everychild.outbox.models import Message
from everychild.outbox.selectors import messages_failing
from everychild.outbox.services import deliver_due, message_id_for

from .conftest import enqueue


def test_with_the_mail_server_down_a_message_waits_and_goes_once_when_it_is_back(
        live_db, smtp, monkeypatch):
    smtp.stop()
    enqueue("referral:1:acknowledgement")
    start = clock.now()
    at = [start]
    monkeypatch.setattr(clock, "now", lambda: at[0])

    assert deliver_due() == 0
    message = Message.objects.get()
    assert message.status == "failing" and message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    assert message.locked_by == ""
    assert message.locked_until == start + dt.timedelta(seconds=30)

    assert deliver_due() == 0  # not again until the back-off has passed
    assert Message.objects.get().attempts == 1

    at[0] = start + dt.timedelta(seconds=31)
    assert deliver_due() == 0  # still down: the wait doubles
    message = Message.objects.get()
    assert message.attempts == 2
    assert message.locked_until == at[0] + dt.timedelta(seconds=60)

    smtp.start()
    assert deliver_due() == 0  # back, but the message is waiting out its back-off
    at[0] += dt.timedelta(seconds=61)
    assert deliver_due() == 1
    assert smtp.inbox.message_ids() == {message_id_for("referral:1:acknowledgement"): 1}
    message = Message.objects.get()
    assert message.status == "sent" and message.attempts == 3 and message.last_error == ""

    at[0] += dt.timedelta(days=1)
    assert deliver_due() == 0
    assert len(smtp.inbox.received) == 1


def test_the_wait_between_tries_stops_growing_at_an_hour(live_db, smtp, monkeypatch):
    smtp.stop()
    enqueue("referral:2:acknowledgement")
    at = [clock.now()]
    monkeypatch.setattr(clock, "now", lambda: at[0])
    waits = []
    for _ in range(10):
        deliver_due()
        message = Message.objects.get()
        waits.append((message.locked_until - at[0]).total_seconds())
        at[0] = message.locked_until
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
    assert Message.objects.get().attempts == 10
    assert [m.key for m in messages_failing(min_attempts=10)] == ["referral:2:acknowledgement"]


def test_a_refused_recipient_is_kept_with_the_server_reply_and_others_still_go(
        live_db, smtp):
    smtp.inbox.refuse.add("left.the.school@northbrook-primary.example")
    enqueue("referral:3:acknowledgement", to="left.the.school@northbrook-primary.example")
    enqueue("referral:4:acknowledgement")
    assert deliver_due() == 1
    refused = Message.objects.get(key="referral:3:acknowledgement")
    assert refused.status == "failing"
    assert "SMTPRecipientsRefused" in refused.last_error and "No such mailbox" in refused.last_error
    assert smtp.inbox.subjects() == ["Referral update referral:4:acknowledgement"]
