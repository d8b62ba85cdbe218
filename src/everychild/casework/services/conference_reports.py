"""Agencies' reports to a conference: submitted beforehand by the invited agency's own
staff, and shared with the family before the conference.

A report can be replaced until the conference is held; each submission has a number
(`report_version`), and one made from a stale page is refused rather than silently
replacing what a colleague sent. A replaced report must be shared with the family again.
"""

from __future__ import annotations

from django.db import transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.core import clock
from everychild.core.errors import Conflict, ValidationFailed

from ..models import Conference, ConferenceInvitee, ConferenceStatus
from ..selectors.conferences import invitee_of_agency
from ._checks import MIN_REASON_LENGTH, Errors, clean, may

MAX_REPORT = 50_000


def conference_report_submit(*, actor: StaffLike, conference: Conference, invitee_id: int,
                             report: str, report_version: int | None) -> ConferenceInvitee:
    may(actor, conference.episode.child, "conference.contribute")
    report = clean(report)
    errors = Errors()
    errors.text("report", report, label="The report", minimum=MIN_REASON_LENGTH,
                limit=MAX_REPORT, required="Write your agency's report for the conference")
    if report_version is None:
        errors.add("report_version", "Say which version of the report you are replacing")
    errors.raise_any()
    with transaction.atomic():
        current = Conference.objects.select_for_update().get(pk=conference.pk)
        invitee = invitee_of_agency(actor, current, invitee_id, lock=True)
        if current.status != ConferenceStatus.SCHEDULED:
            raise ValidationFailed(errors={"report": [
                "The conference has been held: reports can no longer be submitted"]})
        if invitee.report_version != report_version:
            raise Conflict("Someone else in your agency submitted a report for this "
                           "conference while you were writing yours (it is now version "
                           f"{invitee.report_version}). Nothing was saved: read theirs and "
                           "submit yours again if it is still needed.")
        replacing = invitee.report_submitted_at is not None
        invitee.report, invitee.report_submitted_at = report, clock.now()
        invitee.report_version += 1
        invitee.report_shared_with_family_at = None
        invitee.save(update_fields=["report", "report_submitted_at", "report_version",
                                    "report_shared_with_family_at"])
        audit_record(actor=actor, action="conference.report", target_type="person",
                     target_id=current.episode.child.ref,
                     detail={"conference": current.pk, "invitee": invitee.pk,
                             "report_version": invitee.report_version,
                             "replaced": replacing})
    return invitee


def conference_report_share(*, actor: StaffLike, conference: Conference, invitee_id: int,
                            report_version: int | None) -> ConferenceInvitee:
    """The agency has shared this version of its report with the parents."""
    may(actor, conference.episode.child, "conference.contribute")
    with transaction.atomic():
        current = Conference.objects.select_for_update().get(pk=conference.pk)
        invitee = invitee_of_agency(actor, current, invitee_id, lock=True)
        if current.status != ConferenceStatus.SCHEDULED:
            raise ValidationFailed(errors={"report": [
                "The conference has been held: there is nothing more to share before it"]})
        if invitee.report_submitted_at is None:
            raise ValidationFailed(errors={"report": [
                "Submit the report before recording that it was shared with the family"]})
        if invitee.report_version != report_version:
            raise Conflict("The report has been replaced since you read it (it is now "
                           f"version {invitee.report_version}). Nothing was saved: share the "
                           "latest version and record that.")
        if invitee.report_shared_with_family_at is not None:
            raise ValidationFailed(errors={"report": [
                "This report is already recorded as shared with the family"]})
        invitee.report_shared_with_family_at = clock.now()
        invitee.save(update_fields=["report_shared_with_family_at"])
        audit_record(actor=actor, action="conference.report_shared", target_type="person",
                     target_id=current.episode.child.ref,
                     detail={"conference": current.pk, "invitee": invitee.pk,
                             "report_version": invitee.report_version})
    return invitee
