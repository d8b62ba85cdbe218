"""The front door's pages: making a referral, following it, and triaging it."""

from .referrer import mine, mine_detail
from .triage import (
    decide,
    information_answer,
    information_request,
    overdue,
    person_link,
    person_new_record,
    person_specialist,
    queue,
    rating,
    sign_off,
    specialist_queue,
    triage,
    written_confirmation,
)
from .wizard import (
    draft_check,
    draft_discard,
    draft_people,
    draft_person,
    draft_person_remove,
    draft_section,
    start,
)

__all__ = [
    "decide", "draft_check", "draft_discard", "draft_people", "draft_person",
    "draft_person_remove", "draft_section", "information_answer", "information_request",
    "mine", "mine_detail", "overdue", "person_link", "person_new_record", "person_specialist",
    "queue", "rating", "sign_off", "specialist_queue", "start", "triage",
    "written_confirmation",
]
