"""Opening a child's episode, allocating its team and social worker, and the episodes a
signed-off referral decision opens.

One open episode per child: a second referral about a child already open adds nothing
beside it (the open episode is returned, and the audit entry says so). Opening gives
children's social care an open involvement with the child, so its staff can see the
case; allocating a worker gives them theirs and tells every involved agency.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from everychild.access import policy
from everychild.access.audit import audit_record
from everychild.access.models import PrivacyAlert
from everychild.access.records import StaffLike
from everychild.agencies.models import Staff, Team
from everychild.core import clock
from everychild.core.errors import ValidationFailed
from everychild.people.models import Involvement, InvolvementRole, Person, PersonKind
from everychild.referrals.models import CHILD_ROLES, Decision, Outcome, Referral

from ..models import Episode, PrimaryNeed, ProcedureChoice, Rules
from . import notify
from ._checks import Errors, may, require_open
from ._common import bump, locked
from .assessments import FIRST_KIND, create_assessment

# A worker must be able to do the work: record assessments (a qualified social worker
# or their manager).
WORKER_ACTION = "assessment.record"


def rules_on(day: dt.date) -> str:
    """The procedure set in force on a day: the latest choice from on or before it."""
    choice = (ProcedureChoice.objects.filter(effective_from__lte=day)
              .order_by("-effective_from").first())
    return choice.rules if choice else Rules.WT2013


def staff_name(staff: StaffLike | Staff | None) -> str:
    if staff is None:
        return ""
    full = getattr(staff, "get_full_name", None)
    return (full() if callable(full) else "") or staff.username


def _check_allocation(errors: Errors, actor: StaffLike, team: Team | None,
                      worker: Staff | None) -> None:
    if team is not None and team.agency_id != actor.agency_id:
        errors.add("team", "Choose a team in your own agency")
    if worker is None:
        return
    if not worker.is_active or not policy.role_may_ever(worker.role, WORKER_ACTION):
        errors.add("worker", f"{staff_name(worker)} cannot be allocated: choose a social "
                             "worker")
    elif team is not None and worker.team_id != team.pk:
        errors.add("worker", f"{staff_name(worker)} is not in {team.name}: choose someone "
                             "in the team, or another team")
    elif team is None and worker.agency_id != actor.agency_id:
        errors.add("worker", "Choose a social worker in your own agency")


def _involve_agency(actor: StaffLike, child: Person, agency_id: int, day: dt.date) -> None:
    """An open involvement for the agency, unless it already has one with the child."""
    if not Involvement.objects.filter(person=child, agency_id=agency_id,
                                      ended__isnull=True).exists():
        Involvement.objects.create(person=child, agency_id=agency_id,
                                   role=InvolvementRole.AGENCY, started=day,
                                   recorded_at=clock.now(), recorded_by_id=actor.pk)


def _reallocate(actor: StaffLike, child: Person, team: Team | None, worker: Staff | None,
                agency_id: int) -> None:
    """End every other allocated-worker involvement social care has with the child, and
    give the new worker theirs."""
    today = clock.today()
    previous = Involvement.objects.filter(
        person=child, agency_id=agency_id, ended__isnull=True,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER)
    if worker is not None:
        previous = previous.exclude(staff_id=worker.pk)
    for involvement in previous:
        involvement.ended = max(today, involvement.started)
        involvement.save(update_fields=["ended"])
    if worker is not None and not Involvement.objects.filter(
            person=child, staff_id=worker.pk, ended__isnull=True,
            role=InvolvementRole.ALLOCATED_SOCIAL_WORKER).exists():
        Involvement.objects.create(person=child, agency_id=worker.agency_id, staff=worker,
                                   role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
                                   started=today, recorded_at=clock.now(),
                                   recorded_by_id=actor.pk)


def _tell_allocation(actor: StaffLike, episode: Episode) -> None:
    if episode.worker is not None:
        summary = f"The allocated social worker is now {staff_name(episode.worker)}"
        summary += f" ({episode.team.name})." if episode.team else "."
    else:
        summary = (f"The case is allocated to {episode.team.name}, awaiting a named social "
                   "worker." if episode.team else "The case has no allocated social worker.")
    notify.tell_involved_agencies(actor=actor, episode=episode, kind="worker",
                                  summary=summary)


def _open(*, actor: StaffLike, child: Person, referral: Referral | None,
          referral_date: dt.date, team: Team | None, worker: Staff | None,
          primary_need: str, via: str) -> tuple[Episode, bool]:
    """Open the child's episode (inside the caller's transaction), or find the open one."""
    # Lock the child's row, so two openings at once cannot both find none open.
    Person.objects.select_for_update().filter(pk=child.pk).first()
    existing = Episode.objects.filter(child=child, closed_on__isnull=True).first()
    if existing is not None:
        audit_record(actor=actor, action="casework.episode_open", target_type="person",
                     target_id=child.ref, detail={
                         "episode": existing.pk, "already_open": True, "via": via,
                         "referral": str(referral.ref) if referral else None})
        return existing, False
    now = clock.now()
    episode = Episode.objects.create(
        child=child, referral=referral, referral_date=referral_date,
        rules=rules_on(referral_date), primary_need=primary_need, team=team, worker=worker,
        created_at=now, updated_at=now)
    _involve_agency(actor, child, actor.agency_id, clock.today())
    if worker is not None:
        _reallocate(actor, child, team, worker, worker.agency_id)
        _tell_allocation(actor, episode)
    audit_record(actor=actor, action="casework.episode_open", target_type="person",
                 target_id=child.ref, detail={
                     "episode": episode.pk, "rules": episode.rules, "via": via,
                     "referral": str(referral.ref) if referral else None,
                     "team": team.pk if team else None, "worker": worker.pk if worker else None})
    return episode, True


def episode_open(*, actor: StaffLike, child: Person, referral: Referral | None = None,
                 referral_date: dt.date | None, team: Team | None = None,
                 worker: Staff | None = None, primary_need: str = "") -> Episode:
    """Open an episode for the child, under the procedure set in force on the referral
    date. A child already open keeps their episode: it is returned, unchanged (compare
    its `referral_date`, or look before calling, to tell the user)."""
    may(actor, child, "casework.allocate")
    errors = Errors()
    if child.kind != PersonKind.CHILD:
        errors.add("child", "An episode is opened for a child, not an adult")
    errors.date("referral_date", referral_date, label="The referral date",
                required="Enter the date the referral was received")
    if primary_need and primary_need not in PrimaryNeed.values:
        errors.add("primary_need", "Select the child's main need from the list")
    _check_allocation(errors, actor, team, worker)
    errors.raise_any()
    assert referral_date is not None
    with transaction.atomic():
        episode, _ = _open(actor=actor, child=child, referral=referral,
                           referral_date=referral_date, team=team, worker=worker,
                           primary_need=primary_need, via="casework")
    return episode


def episode_allocate(*, actor: StaffLike, episode: Episode, team: Team | None,
                     worker: Staff | None, version: int | None) -> Episode:
    """Allocate the case to a team and a social worker (or to a team awaiting a worker).
    The previous worker's involvement ends, the new one's begins, and every involved
    agency hears of the change."""
    may(actor, episode.child, "casework.allocate")
    errors = Errors()
    if team is None:
        errors.add("team", "Choose the team the case is allocated to")
    _check_allocation(errors, actor, team, worker)
    errors.raise_any()
    assert team is not None
    with transaction.atomic():
        current = locked(episode, version=version, what="case")
        require_open(current, "an allocation")
        if current.team_id == team.pk and current.worker_id == (worker.pk if worker else None):
            raise ValidationFailed(errors={"worker": [
                "The case is already allocated to this team and worker"]})
        before = {"team": current.team_id, "worker": current.worker_id}
        bump(current, team=team, worker=worker)
        _reallocate(actor, current.child, team, worker, team.agency_id)
        _tell_allocation(actor, current)
        audit_record(actor=actor, action="casework.allocate", target_type="person",
                     target_id=current.child.ref, detail={
                         "episode": current.pk, "before": before,
                         "team": team.pk, "worker": worker.pk if worker else None})
    return current


# ------------------------------------------------------------------ from the front door
OPENS_EPISODE = (Outcome.ASSESSMENT, Outcome.STRATEGY_DISCUSSION)


def _sealed_child_referred(actor: StaffLike, child: Person, referral: Referral,
                           decision: Decision) -> None:
    """A sealed child (adopted, or protected) gets no case opened by itself: social care
    could not see it, and the record must not become known through one. The privacy
    officer, who may see sealed records, is alerted to arrange the work by hand."""
    event = audit_record(actor=actor, action="casework.sealed_referral", target_type="person",
                         target_id=child.ref, detail={
                             "referral": str(referral.ref), "outcome": decision.outcome,
                             "episode_opened": False})
    PrivacyAlert.objects.create(
        kind=PrivacyAlert.Kind.SEALED_REFERRAL, staff_id=actor.pk, target_type="person",
        target_id=str(child.ref), raised_at=clock.now(), audit_seq=event.seq,
        reason=("A signed-off referral decision (" + Outcome(decision.outcome).label.lower()
                + ") is about this sealed child. No case was opened: arrange the work "
                "with someone who may see the record."))


def _survivor(person: Person) -> Person:
    """The record a merged person now lives on."""
    seen = {person.pk}
    while person.merged_into_id is not None and person.merged_into_id not in seen:
        seen.add(person.merged_into_id)
        person = Person.objects.get(pk=person.merged_into_id)
    return person


def referral_signed_off(*, actor: StaffLike, referral: Referral, decision: Decision) -> None:
    """Registered with the front door (see apps.py): a signed-off decision for an
    assessment or a strategy discussion opens an episode for each child on the referral,
    and an assessment decision starts the first assessment, from the referral date.
    Runs inside the sign-off's transaction; the manager's sign-off is the authority."""
    if decision.outcome not in OPENS_EPISODE:
        return
    received = referral.received_at or decision.decided_at
    referral_date = timezone.localtime(received).date()
    entries = (referral.people.filter(role__in=CHILD_ROLES, person__isnull=False)
               .select_related("person").order_by("position", "pk"))
    opened: set[int] = set()
    for entry in entries:
        assert entry.person is not None
        child = _survivor(entry.person)
        if child.pk in opened or child.kind != PersonKind.CHILD:
            continue
        opened.add(child.pk)
        if child.sealed:
            _sealed_child_referred(actor, child, referral, decision)
            continue
        episode, created = _open(actor=actor, child=child, referral=referral,
                                 referral_date=referral_date, team=None, worker=None,
                                 primary_need="", via="referral_sign_off")
        if created and decision.outcome == Outcome.ASSESSMENT:
            create_assessment(actor=actor, episode=episode, kind=FIRST_KIND[episode.rules],
                              started_on=referral_date, via="referral_sign_off")
