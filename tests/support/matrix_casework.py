"""A child's whole statutory pathway, for the authorisation matrix to point casework,
chronology and oversight URLs at.

Built straight from the models (not through the services: the matrix's user may not be
allowed to do any of it, and the point is only that every sub-object a URL can name
exists and belongs to the target child). One of each object, far enough along that
every page has something to show: an open episode with a single assessment, a strategy
discussion that led to a section 47 enquiry substantiating the concerns, an initial
conference that was held and made a child protection plan (neglect), the plan with a
core group member, an action and a meeting, a visit, a change of circumstances, and a
chronology entry (shared) with its attachment stored on disk.

`KWARGS` maps each URL keyword a casework route may use to the object that fills it.
A route naming a keyword not listed fails the matrix with a message saying to add it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from everychild.agencies.models import Agency, Staff
from everychild.casework.models import (
    ActionProgress,
    Assessment,
    CircumstanceChange,
    Conference,
    ConferenceInvitee,
    CoreGroupMeeting,
    CoreGroupMember,
    Dissent,
    Episode,
    MinutesAmendment,
    Plan,
    PlanAction,
    Section47,
    StrategyAttendee,
    StrategyDiscussion,
    Visit,
)
from everychild.chronology.models import Attachment, ChronologyEntry
from everychild.core import clock
from everychild.oversight.models import Escalation
from everychild.people.models import Person

# A tiny but well-formed PDF header: the attachment reader checks the bytes against the
# stored hash, and a missing file is a server error, which the matrix counts as wrong.
ATTACHMENT_BYTES = b"%PDF-1.4\n% authorisation matrix original\n%%EOF\n"


@dataclass
class Casework:
    episode: Episode
    assessment: Assessment
    strategy: StrategyDiscussion
    attendee: StrategyAttendee
    enquiry: Section47
    conference: Conference
    invitee: ConferenceInvitee
    dissent: Dissent
    amendment: MinutesAmendment
    plan: Plan
    member: CoreGroupMember
    action: PlanAction
    progress: ActionProgress
    meeting: CoreGroupMeeting
    visit: Visit
    change: CircumstanceChange
    entry: ChronologyEntry
    attachment: Attachment
    escalation: Escalation


def build_casework(*, child: Person, actor: Staff, agency: Agency,
                   worker: Staff | None = None, chair: Staff | None = None) -> Casework:
    """`actor` is who recorded everything; `agency` is the invited agency and the agency
    of the chronology entry (the matrix passes the user's own, so that contributing a
    report or correcting an entry is the user's to do when the policy allows it)."""
    now = clock.now()
    today = clock.today()
    day = lambda n: today - dt.timedelta(days=n)  # noqa: E731
    stamps = {"created_at": now, "updated_at": now}
    episode = Episode.objects.create(child=child, referral_date=day(90), rules="wt2013",
                                     worker=worker, team=worker.team if worker else None,
                                     **stamps)
    assessment = Assessment.objects.create(episode=episode, kind="single", started_on=day(88),
                                           worker=worker, **stamps)
    strategy = StrategyDiscussion.objects.create(
        episode=episode, held_on=day(87), section47=True,
        reasons="Matrix: concerns meet the threshold", recorded_by=actor, recorded_at=now)
    attendee = StrategyAttendee.objects.create(discussion=strategy, agency=agency,
                                               name="Matrix attendee")
    enquiry = Section47.objects.create(episode=episode, strategy=strategy, started_on=day(87),
                                       completed_on=day(80), outcome="substantiated_conference",
                                       findings="Matrix findings", **stamps)
    conference = Conference.objects.create(
        episode=episode, kind="initial", section47=enquiry,
        scheduled_for=now - dt.timedelta(days=75), chair=chair, status="held", held_on=day(75),
        decision="plan", category="NEG", decision_reasons="Matrix decision", **stamps)
    invitee = ConferenceInvitee.objects.create(conference=conference, kind="agency",
                                               agency=agency, name="Matrix invitee",
                                               invited_at=now - dt.timedelta(days=80))
    dissent = Dissent.objects.create(conference=conference, agency=agency, invitee=invitee,
                                     view="Matrix dissent", recorded_by=actor, recorded_at=now)
    amendment = MinutesAmendment.objects.create(conference=conference, invitee=invitee,
                                                requested_by=actor, requested_at=now,
                                                request="Matrix: please correct a date")
    plan = Plan.objects.create(episode=episode, kind="cp", conference=conference, category="NEG",
                               started_on=day(75), key_worker=worker, **stamps)
    member = CoreGroupMember.objects.create(plan=plan, agency=agency, name="Matrix member",
                                            joined_on=day(75))
    action = PlanAction.objects.create(plan=plan, description="Matrix action",
                                       owner_agency=agency, owner_name="Matrix owner",
                                       due_on=day(-20), **stamps)
    progress = ActionProgress.objects.create(action=action, note="Matrix progress",
                                             recorded_by=actor, recorded_at=now)
    meeting = CoreGroupMeeting.objects.create(plan=plan, held_on=day(65), recorded_by=actor,
                                              recorded_at=now)
    visit = Visit.objects.create(episode=episode, plan=plan, visited_on=day(10), child_seen=True,
                                 seen_alone=True, recorded_by=actor, recorded_at=now)
    change = CircumstanceChange.objects.create(episode=episode, kind="other",
                                               summary="Matrix change", occurred_on=day(5),
                                               recorded_by=actor, recorded_at=now)
    entry = ChronologyEntry.objects.create(child=child, agency=agency, occurred_on=day(30),
                                           kind="note", sharing="shared", summary="Matrix entry",
                                           recorded_by=actor, recorded_at=now)
    attachment = _attachment(entry, actor)
    escalation = Escalation.objects.create(item_key=f"matrix:{episode.pk}", episode=episode,
                                           what="Matrix overdue item", due_on=day(1),
                                           escalated_at=now)
    return Casework(episode, assessment, strategy, attendee, enquiry, conference, invitee,
                    dissent, amendment, plan, member, action, progress, meeting, visit, change,
                    entry, attachment, escalation)


def _attachment(entry: ChronologyEntry, actor: Staff) -> Attachment:
    # Stored where the chronology keeps originals (the test's own DATA_DIR, see
    # tests/conftest.py), so opening it succeeds for whoever may.
    from everychild.chronology.services import attachments_dir

    sha256 = hashlib.sha256(ATTACHMENT_BYTES).hexdigest()
    folder = attachments_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / sha256).write_bytes(ATTACHMENT_BYTES)
    return Attachment.objects.create(lineage=entry.lineage, filename="original.pdf",
                                     content_type="application/pdf",
                                     size=len(ATTACHMENT_BYTES), sha256=sha256,
                                     uploaded_by=actor, uploaded_at=entry.recorded_at)


# URL keyword -> what fills it. Keep in step with the casework, chronology and oversight
# routes: a keyword missing here fails the matrix, naming it.
KWARGS: dict[str, Callable[[Casework], Any]] = {
    "episode_id": lambda c: c.episode.pk,
    "assessment_id": lambda c: c.assessment.pk,
    "strategy_id": lambda c: c.strategy.pk,
    "attendee_id": lambda c: c.attendee.pk,
    "enquiry_id": lambda c: c.enquiry.pk,
    "conference_id": lambda c: c.conference.pk,
    "invitee_id": lambda c: c.invitee.pk,
    "dissent_id": lambda c: c.dissent.pk,
    "amendment_id": lambda c: c.amendment.pk,
    "plan_id": lambda c: c.plan.pk,
    "member_id": lambda c: c.member.pk,
    "action_id": lambda c: c.action.pk,
    "progress_id": lambda c: c.progress.pk,
    "meeting_id": lambda c: c.meeting.pk,
    "visit_id": lambda c: c.visit.pk,
    "change_id": lambda c: c.change.pk,
    "lineage": lambda c: c.entry.lineage,
    "revision": lambda c: c.entry.revision,
    "attachment_id": lambda c: c.attachment.pk,
    "escalation_id": lambda c: c.escalation.pk,
}
