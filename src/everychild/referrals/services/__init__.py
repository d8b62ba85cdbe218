"""Writes for the front door. Each service checks permission, runs in one transaction and
audits what it did; web pages and the API call the same functions."""

from .decisions import referral_decide, referral_return, referral_sign_off
from .drafts import referral_draft_discard, referral_draft_save, referral_draft_submit
from .matching import (
    referral_person_create_record,
    referral_person_link,
    referral_person_specialist_resolve,
)
from .submission import referral_submit
from .triage import (
    information_request_add,
    information_request_answer,
    referral_rag_set,
    referral_written_confirmation_record,
)

__all__ = [
    "information_request_add", "information_request_answer", "referral_decide",
    "referral_draft_discard", "referral_draft_save", "referral_draft_submit",
    "referral_person_create_record", "referral_person_link",
    "referral_person_specialist_resolve", "referral_rag_set", "referral_return",
    "referral_sign_off", "referral_submit", "referral_written_confirmation_record",
]
