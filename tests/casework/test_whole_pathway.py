"""One child through the whole pathway, through the services, as each user would act:
the school refers, the front door decides, the manager signs off and allocates, the
social worker holds a strategy discussion with the police and health, the enquiry finds
the child at continuing risk, the chair runs the initial conference, the agencies work
the plan, a review ends it and the case closes, every agency told at each turn.

Time is frozen and moved on a working day at a time (across Easter and the start of
British Summer Time), and the due items are checked on the way. The same walk runs on
SQLite and on PostgreSQL (`make test` runs both)."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.casework.models import (
    ActionProgress,
    ActionStatus,
    Attendance,
    ChangeKind,
    CircumstanceChange,
    Conference,
    ConferenceInvitee,
    ConferenceStatus,
    Episode,
    Plan,
    PlanAction,
    Section47,
)
from everychild.casework.selectors.pathway import case_view
from everychild.casework.services import (
    assessments,
    closure,
    conference_decisions,
    conference_reports,
    conferences,
    core_groups,
    episodes,
    minutes,
    plan_actions,
    strategy,
    visits,
)
from everychild.casework.services.strategy import AttendeeInput
from everychild.casework.timescales.engine import Standing
from everychild.chronology.selectors import chronology_for_child
from everychild.chronology.services import entry_add
from everychild.core import calendar
from everychild.core.errors import AccessDenied, Conflict, ValidationFailed
from everychild.outbox.models import Message
from everychild.people.models import Involvement

from ..people.service_checks import refused_unchanged
from .walk_support import (
    REFERRAL_DAY,
    Cast,
    WalkClock,
    cast_of,
    due,
    fresh,
    london,
    open_items,
    refer_link_decide,
    sign_off,
    told,
)

pytestmark = pytest.mark.django_db

ANALYSIS = "Kerry cannot keep Tillie safe from the lodger while he lives in the home."
FINDINGS = "The bruising matches Tillie's account; the lodger has a caution for assault."

# ------------------------------------------------------------------ the walk
def test_one_child_through_the_whole_pathway(world, monkeypatch):
    walk = WalkClock(monkeypatch, REFERRAL_DAY, hour=9)
    cast = cast_of(world)

    episode = _front_door_and_allocation(cast, walk)
    enquiry = _strategy_and_enquiry(cast, walk, episode)
    conference = _initial_conference(cast, walk, episode, enquiry)
    plan = _the_plan_at_work(cast, walk, episode, conference)
    _review_ends_the_plan(cast, walk, episode, plan)
    _chronology_as_each_reader_sees_it(cast)
    _closure_tells_everyone(cast, walk, episode)


def _front_door_and_allocation(cast: Cast, walk: WalkClock) -> Episode:
    referral = refer_link_decide(cast, walk)
    assert not Episode.objects.exists()  # nothing opens before the manager agrees
    walk.to(REFERRAL_DAY, 11)
    referral = sign_off(cast, referral)
    # An episode for each child on the referral; a strategy decision starts no assessment.
    opened = {e.child.given_name: e for e in Episode.objects.select_related("child")}
    assert set(opened) == {"Tillie", "Ronan"}
    episode = opened["Tillie"]
    assert (episode.referral, episode.referral_date, episode.rules, episode.worker) == (
        referral, REFERRAL_DAY, "wt2013", None)
    assert not episode.assessments.exists()

    walk.working_days_on(1, hour=9)
    done = episodes.episode_allocate(actor=cast.manager, episode=episode, team=cast.worker.team,
                                     worker=cast.worker, version=episode.version)
    change = CircumstanceChange.objects.get(episode=episode, kind=ChangeKind.WORKER)
    assert set(change.agencies_told) == {cast.social_care.pk, cast.school.pk}
    assert {cast.school.email, cast.dsl.email, cast.worker.email} <= told(change)
    # The allocated worker starts the single assessment, due 45 working days after the
    # referral.
    walk.later(30)
    assessment = assessments.assessment_start(actor=cast.worker, episode=done, kind="single")
    item = due(done)["single_assessment"]
    assert item.due_on == calendar.add_working_days(REFERRAL_DAY, 45)
    assert (item.standing, item.subject_id) == (Standing.ON_TRACK, assessment.pk)
    return fresh(done)


def _strategy_and_enquiry(cast: Cast, walk: WalkClock, episode: Episode) -> Section47:
    held_on = walk.to(dt.date(2027, 3, 10), 14)
    without_police = [AttendeeInput(cast.social_care.pk, "Sam Okafor", "Social worker")]
    refused = refused_unchanged(Section47.objects.count, ValidationFailed,
                                lambda: strategy.strategy_record(
                                    actor=cast.worker, episode=episode, held_on=held_on,
                                    attendees=without_police, information_shared="",
                                    section47=True, reasons="Bruising and a disclosure"))
    assert "the police did not take part" in refused.errors["attendees"][0]
    discussion = strategy.strategy_record(
        actor=cast.worker, episode=episode, held_on=held_on, attendees=[
            AttendeeInput(cast.social_care.pk, "Sam Okafor", "Social worker", cast.worker.pk),
            AttendeeInput(cast.police_force.pk, "DC Rhian Price", "Investigator",
                          cast.police.pk),
            AttendeeInput(cast.gp.pk, "Dr Ana Reyes", "GP", cast.health.pk)],
        information_shared="Police attended the address twice this year.",
        section47=True, reasons="Bruising and Tillie's account of being grabbed")
    enquiry = Section47.objects.get(strategy=discussion)
    # The police and health now work with Tillie, and may see what they are part of.
    involved = set(Involvement.objects.filter(person=cast.tillie, ended__isnull=True)
                   .values_list("agency_id", flat=True))
    assert involved == {cast.social_care.pk, cast.school.pk, cast.police_force.pk, cast.gp.pk}
    # The initial conference is due 15 working days after the discussion: Easter's two
    # bank holidays put it on Friday 2 April.
    icpc = due(episode)["strategy_to_icpc"]
    assert icpc.due_on == calendar.add_working_days(held_on, 15) == dt.date(2027, 4, 2)
    assert (icpc.standing, icpc.working_days_left) == (Standing.ON_TRACK, 15)
    return enquiry


def _initial_conference(cast: Cast, walk: WalkClock, episode: Episode,
                        enquiry: Section47) -> Conference:
    walk.to(dt.date(2027, 3, 19), 9)
    assessment = episode.assessments.get()
    assessment = assessments.assessment_record(
        actor=cast.worker, assessment=assessment, version=assessment.version,
        child_seen_on=dt.date(2027, 3, 11), child_views="Tillie wants the lodger to leave.",
        factors=["2B", "3A"], analysis=ANALYSIS, outcome="cin_plan")
    assessments.assessment_complete(actor=cast.worker, assessment=assessment,
                                    version=assessment.version, primary_need="N1")
    walk.later()
    assessments.assessment_authorise(actor=cast.manager, assessment=fresh(assessment),
                                     version=fresh(assessment).version)
    walk.later()
    strategy.section47_complete(actor=cast.worker, enquiry=enquiry, version=enquiry.version,
                                outcome="substantiated_conference", findings=FINDINGS)
    walk.later()
    # Arranged for Wednesday 31 March, inside the 15 working days; every involved agency
    # is invited, with Tillie's mother.
    scheduled = conferences.conference_schedule(
        actor=cast.worker, episode=fresh(episode), scheduled_for=london(dt.date(2027, 3, 31), 10),
        venue="Northbrook Civic Centre", chair_id=cast.chair.pk,
        invitations=conferences.Invitations(family=(
            conferences.FamilyInvite(cast.kerry, "kerry.marsh@example.org"),)))
    invitees = {i.agency_id or i.person.given_name: i for i in scheduled.invitees.all()}
    assert set(invitees) == {cast.social_care.pk, cast.school.pk, cast.police_force.pk,
                             cast.gp.pk, "Kerry"}
    assert invitees[cast.school.pk].staff == cast.dsl  # the school's named worker
    invited = set(Message.objects.filter(key__startswith=f"conference-invitation:{scheduled.pk}:")
                  .values_list("to", flat=True))
    assert invited == {cast.worker.email, cast.dsl.email, cast.police_force.email,
                       cast.gp.email, "kerry.marsh@example.org"}
    icpc = due(episode)["strategy_to_icpc"]
    assert (icpc.standing, icpc.working_days_left) == (Standing.ON_TRACK, 8)

    # The school and health send reports and share them with Kerry; police may not
    # write the school's, and a second report from a stale page is refused.
    walk.to(dt.date(2027, 3, 22), 15)
    school_invite, health_invite = invitees[cast.school.pk], invitees[cast.gp.pk]
    refused_unchanged(ConferenceInvitee.objects.filter(report_version__gt=0).count,
                      AccessDenied, lambda: conference_reports.conference_report_submit(
                          actor=cast.police, conference=scheduled, invitee_id=school_invite.pk,
                          report="The school's account, by the police", report_version=0))
    for who, invite, text in ((cast.dsl, school_invite, "Tillie often arrives hungry and "
                               "has been withdrawn since January."),
                              (cast.health, health_invite, "Tillie's immunisations are "
                               "overdue; two missed appointments.")):
        sent = conference_reports.conference_report_submit(
            actor=who, conference=scheduled, invitee_id=invite.pk, report=text,
            report_version=0)
        conference_reports.conference_report_share(actor=who, conference=scheduled,
                                                   invitee_id=invite.pk,
                                                   report_version=sent.report_version)
    with pytest.raises(Conflict):
        conference_reports.conference_report_submit(
            actor=cast.health, conference=scheduled, invitee_id=health_invite.pk,
            report="A second thought, from a page read before the first was sent",
            report_version=0)

    # The day: police send apologies; the chair records the decision.
    held_on = walk.to(dt.date(2027, 3, 31), 12)
    icpc = due(episode)["strategy_to_icpc"]
    assert (icpc.standing, icpc.working_days_left) == (Standing.DUE_SOON, 2)
    marks = {i.pk: (Attendance.APOLOGIES if i.agency_id == cast.police_force.pk
                    else Attendance.ATTENDED) for i in scheduled.invitees.all()}
    held = conference_decisions.conference_attendance_record(
        actor=cast.chair, conference=scheduled, attendance=marks, version=scheduled.version)
    first_core_group = dt.date(2027, 4, 9)
    decision = {"held_on": held_on, "decision": "plan", "reasons": "Neglect and an "
                "unsafe adult in the home", "first_core_group_on": first_core_group}
    refused = refused_unchanged(Plan.objects.count, ValidationFailed,
                                lambda: conference_decisions.conference_decide(
                                    actor=cast.chair, conference=held, category="",
                                    version=held.version, **decision))
    assert "category of abuse" in refused.errors["category"][0]
    held = conference_decisions.conference_decide(actor=cast.chair, conference=held,
                                                  category="NEG", version=held.version,
                                                  **decision)
    conference_decisions.conference_dissent_record(
        actor=cast.chair, conference=held, agency_id=cast.police_force.pk,
        view="The police think the threshold for a plan is not met while the lodger is "
             "on bail away from the home")
    walk.later(60)
    written = minutes.conference_minutes_save(actor=cast.chair, conference=held,
                                              minutes="Attended: ... Decision: a plan.",
                                              version=fresh(held).version)
    # Kerry's copy is given to her by hand (the minutes are never e-mailed to a family).
    by_hand = [i.pk for i in written.invitees.all() if i.kind != "agency"]
    closed = minutes.conference_minutes_send(actor=cast.chair, conference=written,
                                             sent_otherwise=by_hand, version=written.version)
    assert closed.status == ConferenceStatus.CLOSED
    # Minutes went to every invitee, the police (who sent apologies) included.
    sent = set(Message.objects.filter(key__startswith=f"conference-minutes:{closed.pk}:")
               .values_list("to", flat=True))
    assert sent == invited
    assert not closed.invitees.filter(minutes_sent_at__isnull=True).exists()
    items = due(episode)
    assert (items["strategy_to_icpc"].standing, items["strategy_to_icpc"].done_on) == (
        Standing.DONE, held_on)
    assert items["first_core_group"].due_on == calendar.add_working_days(held_on, 10)
    assert items["first_core_group"].standing == Standing.ON_TRACK
    return closed


def _the_plan_at_work(cast: Cast, walk: WalkClock, episode: Episode,
                      conference: Conference) -> Plan:
    plan = Plan.objects.get(conference=conference)
    assert (plan.kind, plan.category, plan.key_worker) == ("cp", "NEG", cast.worker)
    members = {m.agency_id or m.person.given_name for m in plan.members.all()}
    # Those who came, and the parent: the police sent apologies.
    assert members == {cast.social_care.pk, cast.school.pk, cast.gp.pk, "Kerry"}
    started = CircumstanceChange.objects.get(episode=episode, kind=ChangeKind.PLAN_STARTED)
    assert set(started.agencies_told) >= {cast.school.pk, cast.police_force.pk, cast.gp.pk}

    walk.to(dt.date(2027, 4, 1), 10)
    school_action = plan_actions.plan_action_add(
        actor=cast.worker, plan=plan, owner_staff_id=cast.dsl.pk, due_on=dt.date(2027, 4, 30),
        description="Check each morning that Tillie has eaten and has a coat, and log it")
    health_action = plan_actions.plan_action_add(
        actor=cast.worker, plan=plan, owner_agency_id=cast.gp.pk,
        due_on=dt.date(2027, 4, 16),
        description="Offer Tillie her overdue immunisations at the surgery")
    walk.to(dt.date(2027, 4, 6), 16)
    plan_actions.action_progress_record(actor=cast.dsl, plan=plan, action_id=school_action.pk,
                                        note="Breakfast club every day this week; coat on.")
    refused_unchanged(ActionProgress.objects.count, AccessDenied,
                      lambda: plan_actions.action_progress_record(
                          actor=cast.health, plan=plan, action_id=school_action.pk,
                          note="Health's view of the school's action"))
    walk.to(dt.date(2027, 4, 7), 11)
    entry_add(actor=cast.dsl, child=cast.tillie, occurred_on=dt.date(2027, 4, 7),
              kind="note", summary="Tillie said home is calmer since Dean left")
    entry_add(actor=cast.police, child=cast.tillie, occurred_on=dt.date(2027, 4, 7),
              kind="police", summary="Dean Tolley interviewed under caution",
              sharing="restricted")
    walk.to(dt.date(2027, 4, 8), 15)
    visits.visit_record(actor=cast.worker, episode=episode, visited_on=walk.today,
                        child_seen=True, seen_alone=True, note="Seen in her bedroom")
    walk.to(dt.date(2027, 4, 9), 14)
    core_groups.core_group_meeting_record(
        actor=cast.worker, plan=plan, held_on=walk.today,
        attendee_ids=list(plan.members.values_list("pk", flat=True)), plan_working=True,
        notes="All actions under way")
    plan_actions.plan_action_status_set(actor=cast.health, plan=plan,
                                        action_id=health_action.pk, status="done",
                                        note="Immunisations given",
                                        version=health_action.version)
    assert PlanAction.objects.get(pk=health_action.pk).status == ActionStatus.DONE
    first = due(episode)["first_core_group"]
    assert (first.standing, first.done_on) == (Standing.DONE, dt.date(2027, 4, 9))

    # Visits every 8 working days and core groups every 15, to the review: nothing on
    # Tillie's plan falls overdue on any working day in between.
    last_visit, last_group = dt.date(2027, 4, 8), dt.date(2027, 4, 9)
    while walk.today < dt.date(2027, 6, 14):
        walk.working_days_on(1, hour=16)
        if calendar.working_days_between(last_visit, walk.today) >= 8:
            visits.visit_record(actor=cast.worker, episode=episode, visited_on=walk.today,
                                child_seen=True, seen_alone=True)
            last_visit = walk.today
        if calendar.working_days_between(last_group, walk.today) >= 15:
            core_groups.core_group_meeting_record(
                actor=cast.dsl, plan=plan, held_on=walk.today, others=["Kerry Marsh"],
                attendee_ids=[plan.members.get(staff=cast.worker).pk], plan_working=True)
            last_group = walk.today
        assert not [i for i in open_items(episode) if i.standing == Standing.OVERDUE], walk.today
    return fresh(plan)


def _review_ends_the_plan(cast: Cast, walk: WalkClock, episode: Episode, plan: Plan) -> None:
    review_due = due(episode)["first_review"]
    # Three months from 31 March is 30 June, a Wednesday.
    assert (review_due.due_on, review_due.standing) == (dt.date(2027, 6, 30), Standing.ON_TRACK)
    review = conferences.review_schedule(actor=cast.worker, plan=plan,
                                         scheduled_for=london(dt.date(2027, 6, 23), 10),
                                         chair_id=cast.chair.pk)
    held_on = walk.to(dt.date(2027, 6, 23), 13)
    review = conference_decisions.conference_attendance_record(
        actor=cast.chair, conference=review,
        attendance={i.pk: Attendance.ATTENDED for i in review.invitees.all()},
        version=review.version)
    review = conference_decisions.conference_decide(
        actor=cast.chair, conference=review, held_on=held_on, decision="end_plan",
        category="", reasons="Dean has left for good and Tillie is thriving at school",
        version=review.version)
    review = minutes.conference_minutes_save(actor=cast.chair, conference=review,
                                             minutes="The plan ends.", version=review.version)
    no_email = [i.pk for i in review.invitees.all() if not i.email or i.kind != "agency"]
    minutes.conference_minutes_send(actor=cast.chair, conference=review,
                                    sent_otherwise=no_email, version=review.version)
    assert fresh(plan).ended_on == held_on
    ended = CircumstanceChange.objects.get(episode=episode, kind=ChangeKind.PLAN_ENDED)
    assert set(ended.agencies_told) == {cast.social_care.pk, cast.school.pk,
                                        cast.police_force.pk, cast.gp.pk}
    first_review = due(episode)["first_review"]
    assert (first_review.standing, first_review.done_on) == (Standing.DONE, held_on)


def _closure_tells_everyone(cast: Cast, walk: WalkClock, episode: Episode) -> None:
    walk.to(dt.date(2027, 6, 25), 11)
    current = fresh(episode)
    # Closing from a page read before the last change to the case is refused.
    refused_unchanged(CircumstanceChange.objects.count, Conflict, lambda: closure.episode_close(
        actor=cast.worker, episode=current, closed_on=walk.today, reason="RC7", note="",
        version=current.version - 1))
    closed = closure.episode_close(actor=cast.worker, episode=current, closed_on=walk.today,
                                   reason="RC7", note="No longer in need: the plan has worked",
                                   version=current.version)
    assert (closed.closed_on, closed.closure_reason) == (walk.today, "RC7")
    change = CircumstanceChange.objects.get(episode=episode, kind=ChangeKind.CLOSED)
    assert set(change.agencies_told) == {cast.social_care.pk, cast.school.pk,
                                         cast.police_force.pk, cast.gp.pk}
    assert {cast.social_care.email, cast.school.email, cast.police_force.email, cast.gp.email,
            cast.dsl.email, cast.worker.email} <= told(change)
    # Social care's involvement ends; the partners' carries on.
    still = set(Involvement.objects.filter(person=cast.tillie, ended__isnull=True)
                .values_list("agency_id", flat=True))
    assert still == {cast.school.pk, cast.police_force.pk, cast.gp.pk}
    assert open_items(closed) == []
    # Ronan's episode, opened by the same referral, stays open for its own work.
    assert Episode.objects.get(child__given_name="Ronan").closed_on is None
    # The school, still working with Tillie, reads the closure on her chronology; social
    # care still reads its closed case.
    school = chronology_for_child(actor=cast.dsl, ref=cast.tillie.ref, page_size=None)
    assert school.items[0].summary == ("Case closed by children's social care: Services "
                                       "ceased for any other reason, including child no "
                                       "longer in need")
    assert school.items[0].detail == ""  # the closure note is casework
    assert case_view(actor=cast.worker, ref=cast.tillie.ref).episodes[0].episode == closed


def _chronology_as_each_reader_sees_it(cast: Cast) -> None:
    worker = chronology_for_child(actor=cast.worker, ref=cast.tillie.ref, newest_first=False,
                                  page_size=None)
    steps = [(i.on, i.type) for i in worker.items if i.type not in ("visit", "core_group")]
    # Day by day, in the order it happened (within a day, in the order it was recorded;
    # a conference's line is stamped when its minutes went out, after the plan it made).
    assert [on for on, _ in steps] == sorted(on for on, _ in steps)
    by_day: dict[dt.date, list[str]] = {}
    for on, kind in steps:
        by_day.setdefault(on, []).append(kind)
    assert by_day == {
        REFERRAL_DAY: ["referral", "episode"],
        dt.date(2027, 3, 9): ["circumstance", "assessment"],
        dt.date(2027, 3, 10): ["strategy", "section47"],
        dt.date(2027, 3, 19): ["assessment", "assessment", "section47"],
        dt.date(2027, 3, 31): ["plan", "conference"],
        dt.date(2027, 4, 7): ["note", "police"],
        dt.date(2027, 6, 23): ["plan", "conference"]}, steps
    text = " ".join(f"{i.summary} {i.detail}" for i in worker.items)
    assert "Factors: 2B, 3A" in text and FINDINGS in text and "Dean Tolley interviewed" in text
    visits_seen = [i for i in worker.items if i.type == "visit"]
    assert visits_seen and all(i.summary == "Statutory visit: child seen alone"
                               for i in visits_seen)

    # The school: its own entries and the plan's milestones, not the casework.
    school = chronology_for_child(actor=cast.dsl, ref=cast.tillie.ref, newest_first=False,
                                  page_size=None)
    kinds = {i.type for i in school.items}
    assert {"referral", "conference", "plan", "core_group", "visit", "note"} <= kinds
    assert not kinds & {"strategy", "section47", "police"}
    text = " ".join(f"{i.summary} {i.detail}" for i in school.items)
    assert "Factors:" not in text and ANALYSIS not in text and FINDINGS not in text
    assert "lodger grabbed" not in text
    assert "Tillie said home is calmer since Dean left" in text
    assert "Referral made by your agency" in text
    assert all(i.detail == "" for i in school.items if i.type == "assessment")
    with pytest.raises(AccessDenied):
        case_view(actor=cast.dsl, ref=cast.tillie.ref)
