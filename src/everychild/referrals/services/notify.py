"""Emails to referrers, through the outbox in the same transaction as the change they
report: a rolled-back decision sends nothing, a committed one is never lost.

Email is not a secure channel, so messages carry the reference and a link, never a
child's name or the concern."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from everychild.outbox.services import message_cancel, message_enqueue

from ..models import Decision, Outcome, Referral
from ..timescales import written_confirmation_due


def _recipient(referral: Referral) -> str:
    return referral.referrer_email or getattr(referral.made_by, "email", "") or ""


def _link(referral: Referral) -> str:
    return settings.EVERYCHILD_SITE_URL.rstrip("/") + reverse("referrals:mine")


def _reminder_key(referral: Referral) -> str:
    return f"referral:{referral.ref}:written-confirmation-reminder"


def acknowledge(referral: Referral) -> None:
    to = _recipient(referral)
    if not to:
        return
    received = referral.received_at.strftime("%-d %B %Y at %H:%M") if referral.received_at else ""
    message_enqueue(
        to=to, key=f"referral:{referral.ref}:acknowledgement",
        subject=f"Referral {referral.reference} received",
        body=(f"Thank you. Children's social care received your referral {referral.reference} "
              f"on {received}.\n\nA decision is made within one working day and you will be "
              "told what it is. You can follow the referral's progress when you sign in to "
              f"Everychild:\n{_link(referral)}\n\nIf a child is in immediate danger, call 999."),
        about_type="referral", about_ref=str(referral.ref),
    )


def schedule_confirmation_reminder(referral: Referral) -> None:
    to = _recipient(referral)
    if not (to and referral.needs_written_confirmation and referral.received_at):
        return
    message_enqueue(
        to=to, key=_reminder_key(referral),
        send_after=written_confirmation_due(referral.received_at),
        subject=f"Please confirm referral {referral.reference} in writing",
        body=(f"You made referral {referral.reference} by telephone. We have not yet received "
              "your written confirmation. Please send it now, quoting the reference, or "
              f"complete it online:\n{_link(referral)}"),
        about_type="referral", about_ref=str(referral.ref),
    )


def cancel_confirmation_reminder(referral: Referral) -> None:
    message_cancel(key=_reminder_key(referral))


OUTCOME_TEXT = {
    Outcome.NFA: "no further action by children's social care",
    Outcome.EARLY_HELP: "the family will be offered early help",
    Outcome.ASSESSMENT: "children's social care will assess the child's needs",
    Outcome.STRATEGY_DISCUSSION: "a strategy discussion will be held with the police and "
                                 "other agencies",
}


def report_outcome(referral: Referral, decision: Decision) -> None:
    to = _recipient(referral)
    if not to:
        return
    message_enqueue(
        to=to, key=f"referral:{referral.ref}:outcome:{decision.pk}",
        subject=f"Decision on referral {referral.reference}",
        body=(f"The decision on your referral {referral.reference} has been made: "
              f"{OUTCOME_TEXT[Outcome(decision.outcome)]}.\n\nSign in to Everychild to see it:\n"
              f"{_link(referral)}\n\nIf you are still worried about the child, or something "
              "new happens, contact children's social care again."),
        about_type="referral", about_ref=str(referral.ref),
    )
