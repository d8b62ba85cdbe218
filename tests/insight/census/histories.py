"""Small case histories for the census export tests, made through the services as users
would make them, on days the walk's clock is moved to (see tests/casework/walk_support.py).

Tillie Marsh (with an LA child ID, a UPN and recorded disabilities) is referred by her
school; the front door links her, makes records for the others on the referral and
decides; her team manager signs the decision off.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path

from lxml import etree

from everychild.casework.models import Attendance, Conference, Episode, Plan, Section47
from everychild.casework.services import (
    assessments,
    closure,
    conference_decisions,
    conferences,
    episodes,
    minutes,
    strategy,
)
from everychild.casework.services.strategy import AttendeeInput
from everychild.core import calendar
from everychild.people.models import Person
from everychild.referrals import services as referrals
from everychild.referrals.models import Referral

from ...casework.walk_support import Cast, WalkClock, fresh, london
from ...factories import valid_upn
from ...referrals.builders import referral_body, referral_input

TILLIE_ID = "NB00004242"
REASONS = "Bruising to Tillie's arm and her account that the lodger grabbed her"


def identify_tillie(cast: Cast) -> str:
    """Give Tillie what the census asks about her; returns her UPN."""
    upn = valid_upn()
    Person.objects.filter(pk=cast.tillie.pk).update(
        la_child_id=TILLIE_ID, upn=upn, ethnicity="WBRI", disabilities=["LD", "AUT"])
    return upn


def refer(cast: Cast, walk: WalkClock, outcome: str, *, brother: bool = True) -> Referral:
    """The school refers Tillie (and her brother Ronan, unless `brother` is false); the
    front door decides `outcome`; the team manager signs it off."""
    changes: dict[str, object] = {"referrer__agency_id": cast.school.pk}
    if not brother:
        changes["people"] = [p for p in referral_body()["people"] if p["given_name"] != "Ronan"]
    referral = referrals.referral_submit(actor=cast.dsl, data=referral_input(**changes))
    walk.later(30)
    known = {"Tillie": cast.tillie, "Kerry": cast.kerry}
    for entry in referral.people.order_by("position"):
        current = fresh(referral)
        if entry.given_name in known:
            referrals.referral_person_link(actor=cast.front_door, referral=current,
                                           entry_id=entry.pk, person=known[entry.given_name],
                                           version=current.version)
        elif entry.person_id is None:
            referrals.referral_person_create_record(actor=cast.front_door, referral=current,
                                                    entry_id=entry.pk, version=current.version)
    walk.later(30)
    current = fresh(referral)
    referrals.referral_decide(actor=cast.front_door, referral=current, outcome=outcome,
                              reasons=REASONS, version=current.version)
    walk.later(60)
    current = fresh(referral)
    referrals.referral_sign_off(actor=cast.manager, referral=current, version=current.version)
    return fresh(referral)


def tillies_case(cast: Cast, referral: Referral) -> Episode:
    """Tillie's episode from the referral, allocated to her social worker."""
    episode = Episode.objects.get(referral=referral, child=cast.tillie)
    episodes.episode_allocate(actor=cast.manager, episode=episode, team=cast.worker.team,
                              worker=cast.worker, version=episode.version)
    # No service yet records the primary need of an episode the front door opened.
    Episode.objects.filter(pk=episode.pk).update(primary_need="N1")
    return fresh(episode)


def assess(cast: Cast, walk: WalkClock, episode: Episode, *, factors: list[str],
           outcome: str) -> None:
    """A single assessment (the one the referral's sign-off started, or one started now),
    completed ten working days on and authorised the working day after."""
    started = (episode.assessments.filter(status="in_progress").first()
               or assessments.assessment_start(actor=cast.worker, episode=fresh(episode),
                                               kind="single"))
    walk.working_days_on(10)
    recorded = assessments.assessment_record(
        actor=cast.worker, assessment=started, version=started.version,
        child_seen_on=started.started_on, child_views="Tillie wants the lodger to leave.",
        factors=factors, outcome=outcome,
        analysis="Kerry cannot keep Tillie safe from the lodger while he lives in the home.")
    assessments.assessment_complete(actor=cast.worker, assessment=recorded,
                                    version=recorded.version, primary_need="N1")
    walk.working_days_on(1)
    done = fresh(recorded)
    assessments.assessment_authorise(actor=cast.manager, assessment=done, version=done.version)


def enquire(cast: Cast, walk: WalkClock, episode: Episode) -> Section47:
    """A strategy discussion today starts an enquiry, which finds a conference is needed
    five working days on."""
    discussion = strategy.strategy_record(
        actor=cast.worker, episode=fresh(episode), held_on=walk.today,
        attendees=[AttendeeInput(cast.social_care.pk, "Sam Okafor", "Social worker"),
                   AttendeeInput(cast.police_force.pk, "DC Rhian Price", "Investigator")],
        information_shared="Police hold two call-outs to the address this year.",
        section47=True, reasons="Bruising and Tillie's account of being grabbed")
    enquiry = Section47.objects.get(strategy=discussion)
    walk.working_days_on(5)
    return strategy.section47_complete(
        actor=cast.worker, enquiry=enquiry, version=enquiry.version,
        outcome="substantiated_conference", findings="Injuries consistent with her account")


def conference(cast: Cast, walk: WalkClock, arranged: Conference, **decision: object
               ) -> Conference:
    """Everyone attends the conference on the walk's day; the chair decides; the minutes
    go out."""
    held = conference_decisions.conference_attendance_record(
        actor=cast.chair, conference=arranged,
        attendance={i.pk: Attendance.ATTENDED for i in arranged.invitees.all()},
        version=arranged.version)
    held = conference_decisions.conference_decide(
        actor=cast.chair, conference=held, held_on=walk.today, version=held.version,
        reasons="Neglect and an unsafe adult in the home", **decision)  # type: ignore[arg-type]
    written = minutes.conference_minutes_save(actor=cast.chair, conference=held,
                                              minutes="Attended: all. Decision recorded.",
                                              version=fresh(held).version)
    by_hand = [i.pk for i in written.invitees.all() if not i.email or i.kind != "agency"]
    return minutes.conference_minutes_send(actor=cast.chair, conference=written,
                                           sent_otherwise=by_hand, version=written.version)


def initial_conference(cast: Cast, walk: WalkClock, episode: Episode, day: dt.date) -> Plan:
    arranged = conferences.conference_schedule(
        actor=cast.worker, episode=fresh(episode), scheduled_for=london(day, 10),
        chair_id=cast.chair.pk)
    walk.to(day, 12)
    held = conference(cast, walk, arranged, decision="plan", category="NEG",
                      first_core_group_on=calendar.add_working_days(day, 5))
    return Plan.objects.get(conference=held)


def review(cast: Cast, walk: WalkClock, plan: Plan, day: dt.date, **decision: object) -> None:
    arranged = conferences.review_schedule(actor=cast.worker, plan=fresh(plan),
                                           scheduled_for=london(day, 10),
                                           chair_id=cast.chair.pk)
    walk.to(day, 12)
    conference(cast, walk, arranged, **decision)


def close(cast: Cast, walk: WalkClock, episode: Episode, reason: str) -> Episode:
    current = fresh(episode)
    return closure.episode_close(actor=cast.worker, episode=current, closed_on=walk.today,
                                 reason=reason, note="", version=current.version)


# ------------------------------------------------------------------ reading the file
def parse(path: Path) -> etree._Element:
    return etree.parse(BytesIO(path.read_bytes())).getroot()


def child_in(root: etree._Element, la_child_id: str) -> etree._Element | None:
    for child in root.iter("Child"):
        if child.findtext("ChildIdentifiers/LAchildID") == la_child_id:
            return child
    return None


def fields(element: etree._Element) -> list[tuple[str, str]]:
    """Every leaf below `element` as (path, text), in document order."""
    out: list[tuple[str, str]] = []

    def walk(node: etree._Element, prefix: str) -> None:
        for sub in node:
            if len(sub):
                walk(sub, f"{prefix}{sub.tag}/")
            else:
                out.append((f"{prefix}{sub.tag}", sub.text or ""))

    walk(element, "")
    return out
