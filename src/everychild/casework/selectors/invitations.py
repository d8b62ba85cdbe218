"""A partner agency's conference invitations: the conferences its staff are asked to,
coming up and recently held, so a school or a GP practice finds its invitation (and the
report it owes) without hunting for the e-mail.

Each row names a child, so the list holds only children whose conference the user's
agency may contribute to, never a sealed child without the grant, and reading it is
audited with the children it named.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from everychild.access import policy
from everychild.access.audit import audit_list_read
from everychild.access.records import StaffLike, check_action, may_see_sealed
from everychild.core import clock
from everychild.people.models import Person
from everychild.people.relationships import relationships_to_many

from ..models import Conference, ConferenceInvitee, ConferenceStatus, InviteeKind

ACTION = "conference.invitations"
RECORD_ACTION = "conference.contribute"
# Held conferences stay on the list while their minutes may still be questioned.
RECENT = dt.timedelta(days=92)


@dataclass(frozen=True)
class Invitation:
    invitee: ConferenceInvitee

    @property
    def conference(self) -> Conference:
        return self.invitee.conference

    @property
    def child(self) -> Person:
        return self.invitee.conference.episode.child

    @property
    def upcoming(self) -> bool:
        """Arranged for today or later. One whose day has passed with no decision recorded
        is listed with those held: its report can no longer be due before it."""
        return (self.conference.status == ConferenceStatus.SCHEDULED
                and clock.local_day(self.conference.scheduled_for) >= clock.today())

    @property
    def report_owed(self) -> bool:
        return self.upcoming and self.invitee.report_submitted_at is None


def invitations_for_agency(*, actor: StaffLike) -> list[Invitation]:
    """The actor's agency's invitations: upcoming first (soonest first), then those held in
    the last three months (latest first). Cancelled conferences are left out."""
    check_action(actor, ACTION)
    since = clock.today() - RECENT
    rows = list(ConferenceInvitee.objects.filter(
        kind=InviteeKind.AGENCY, agency_id=actor.agency_id,
        conference__status__in=(ConferenceStatus.SCHEDULED, ConferenceStatus.HELD,
                                ConferenceStatus.CLOSED))
        .exclude(conference__held_on__lt=since)
        .select_related("conference", "conference__episode__child"))
    sees_sealed = may_see_sealed(actor)
    rows = [i for i in rows if sees_sealed or not i.conference.episode.child.sealed]
    children = list({i.conference.episode.child_id: i.conference.episode.child
                     for i in rows}.values())
    relationships = relationships_to_many(actor, children) if children else {}
    shown = [Invitation(i) for i in rows if policy.allows(
        actor.role, RECORD_ACTION, relationships=relationships[i.conference.episode.child_id])]
    upcoming = sorted((i for i in shown if i.upcoming), key=lambda i: i.conference.scheduled_for)
    held = sorted((i for i in shown if not i.upcoming), reverse=True,
                  key=lambda i: i.conference.held_on or clock.local_day(i.conference.scheduled_for))
    listed = upcoming + held
    audit_list_read(actor=actor, action=ACTION, detail={"invitations": len(listed)},
                    people=((i.child.ref, i.child.sealed) for i in listed))
    return listed
