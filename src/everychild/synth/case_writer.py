"""Writing planned casework and chronology entries straight into their tables, the way
writer.py writes households: plain tuples, one executemany per table and batch, primary
keys counted out in advance (plans and conferences name each other, so theirs are
reserved first). Runs after the people and referrals of the same batch are written."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.color import no_style
from django.db import connection

from everychild.casework import models as cw
from everychild.chronology.models import ChronologyEntry
from everychild.core.calendar import LONDON

from .case_plan import ConferenceSpec, EpisodeSpec, PlanSpec
from .plan import Plan
from .referral_writer import _json, _moment
from .writer import Table, Writer

MODELS = (cw.Episode, cw.Assessment, cw.StrategyDiscussion, cw.StrategyAttendee, cw.Section47,
          cw.Conference, cw.ConferenceInvitee, cw.Dissent, cw.MinutesAmendment, cw.Plan,
          cw.CoreGroupMember, cw.PlanAction, cw.ActionProgress, cw.CoreGroupMeeting, cw.Visit,
          cw.CircumstanceChange, ChronologyEntry)


class CaseWriter:
    def __init__(self, writer: Writer, *, as_of: dt.date) -> None:
        self.w = writer
        self.as_of = as_of
        self.at = _moment()
        self.date = connection.ops.adapt_datefield_value
        if connection.vendor == "postgresql":
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in MODELS)
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
        self.episodes = Table(cw.Episode, (
            "ref", "child_id", "referral_id", "referral_date", "rules", "primary_need",
            "team_id", "worker_id", "closed_on", "closure_reason", "closure_note", "version",
            "created_at", "updated_at"))
        self.assessments = Table(cw.Assessment, (
            "episode_id", "kind", "started_on", "worker_id", "status", "completed_on",
            "child_seen_on", "child_not_seen_reason", "child_views", "factors", "analysis",
            "outcome", "late_reason", "authorised_by_id", "authorised_on", "version",
            "created_at", "updated_at"))
        self.strategies = Table(cw.StrategyDiscussion, (
            "episode_id", "held_on", "information_shared", "section47", "reasons",
            "recorded_by_id", "recorded_at"))
        self.attendees = Table(cw.StrategyAttendee, ("discussion_id", "agency_id", "staff_id",
                                                     "name", "role"))
        self.enquiries = Table(cw.Section47, (
            "episode_id", "strategy_id", "started_on", "completed_on", "outcome", "findings",
            "version", "created_at", "updated_at"))
        self.conferences = Table(cw.Conference, (
            "episode_id", "kind", "section47_id", "plan_id", "reconvened", "reconvene_reason",
            "scheduled_for", "venue", "chair_id", "status", "held_on", "decision", "category",
            "decision_reasons", "decided_at", "first_core_group_on", "next_review_on", "minutes",
            "minutes_sent_at", "late_reason", "unshared_reports_reason", "version",
            "created_at", "updated_at"))
        self.invitees = Table(cw.ConferenceInvitee, (
            "conference_id", "kind", "agency_id", "staff_id", "person_id", "name", "email",
            "invited_at", "report", "report_submitted_at", "report_shared_with_family_at",
            "report_version", "attendance", "minutes_sent_at", "minutes_sent_by"))
        self.dissents = Table(cw.Dissent, ("conference_id", "agency_id", "invitee_id", "view",
                                           "recorded_by_id", "recorded_at"))
        self.amendments = Table(cw.MinutesAmendment, (
            "conference_id", "invitee_id", "requested_by_id", "requested_at", "request",
            "status", "response", "responded_by_id", "responded_at"))
        self.plans = Table(cw.Plan, (
            "episode_id", "kind", "conference_id", "category", "started_on", "ended_on",
            "end_reason", "key_worker_id", "outcomes", "version", "created_at", "updated_at"))
        self.members = Table(cw.CoreGroupMember, (
            "plan_id", "agency_id", "staff_id", "person_id", "name", "role", "joined_on",
            "left_on"))
        self.actions = Table(cw.PlanAction, (
            "plan_id", "description", "outcome_sought", "owner_agency_id", "owner_staff_id",
            "owner_name", "due_on", "status", "completed_on", "version", "created_at",
            "updated_at"))
        self.progress = Table(cw.ActionProgress, ("action_id", "note", "recorded_by_id",
                                                  "recorded_at"))
        self.meetings = Table(cw.CoreGroupMeeting, (
            "plan_id", "held_on", "attendees", "notes", "plan_working", "recorded_by_id",
            "recorded_at"))
        self.visits = Table(cw.Visit, (
            "episode_id", "plan_id", "visited_on", "child_seen", "seen_alone",
            "not_seen_reason", "note", "recorded_by_id", "recorded_at"))
        self.changes = Table(cw.CircumstanceChange, (
            "episode_id", "kind", "summary", "occurred_on", "agencies_told", "recorded_by_id",
            "recorded_at"))
        self.entries = Table(ChronologyEntry, (
            "lineage", "revision", "child_id", "agency_id", "occurred_on", "kind",
            "significance", "sharing", "summary", "detail", "recorded_by_id", "recorded_at",
            "correction_reason", "superseded_at"))
        self.tables = (self.episodes, self.assessments, self.strategies, self.attendees,
                       self.enquiries, self.conferences, self.invitees, self.dissents,
                       self.amendments, self.plans, self.members, self.actions, self.progress,
                       self.meetings, self.visits, self.changes, self.entries)
        self.factors_json = _json(cw.Assessment, "factors")
        self.attendees_json = _json(cw.CoreGroupMeeting, "attendees")
        self.told_json = _json(cw.CircumstanceChange, "agencies_told")

    def noon(self, day: dt.date | None) -> Any:
        """A record made during `day` (never after the data's date)."""
        if day is None:
            return None
        day = min(day, self.as_of)
        return self.at(dt.datetime.combine(day, dt.time(8 if day == self.as_of else 12),
                                           tzinfo=LONDON))

    def write(self, plans: list[Plan]) -> None:
        counts = self.w.counts
        for plan in plans:
            for ep in plan.episodes:
                self._episode(plan, ep)
                counts["episodes"] += 1
                counts["episodes_open"] += ep.closed_on is None
                counts["assessments"] += len(ep.assessments)
                counts["conferences"] += len(ep.conferences)
                counts["visits"] += len(ep.visits)
                for p in ep.plans:
                    counts["cp_plans" if p.kind == "cp" else "cin_plans"] += 1
                    counts["on_plan"] += p.kind == "cp" and p.ended_on is None
            for entry in plan.entries:
                self._entry(plan, entry)
                counts["chronology_entries"] += 1
        for table in self.tables:
            table.flush()

    def _episode(self, plan: Plan, ep: EpisodeSpec) -> None:
        date, noon = self.date, self.noon
        child = plan.person_ids[ep.child]
        person = plan.person_ids
        referral = ep.referral.pk if ep.referral is not None and ep.referral.pk else None
        eid = self.episodes.add(
            self.w.uuid(ep.ref), child, referral, date(ep.referral_date), ep.rules,
            ep.primary_need, ep.team, ep.worker, date(ep.closed_on), ep.closure_reason,
            ep.closure_note, ep.version, noon(ep.referral_date), noon(ep.last_day))
        for a in ep.assessments:
            last = a.authorised_on or a.completed_on or a.child_seen_on or a.started_on
            self.assessments.add(
                eid, a.kind, date(a.started_on), a.worker, a.status, date(a.completed_on),
                date(a.child_seen_on), a.child_not_seen_reason, a.child_views,
                self.factors_json(a.factors), a.analysis, a.outcome, a.late_reason,
                a.authorised_by, date(a.authorised_on), a.version, noon(a.started_on),
                noon(last))
        for s in ep.strategies:
            s.pk = self.strategies.add(eid, date(s.held_on), s.information_shared, s.section47,
                                       s.reasons, s.recorded_by, noon(s.held_on))
            for x in s.attendees:
                self.attendees.add(s.pk, x.agency, x.staff, x.name, x.role)
        for e in ep.enquiries:
            e.pk = self.enquiries.add(eid, e.strategy.pk, date(e.started_on),
                                      date(e.completed_on), e.outcome, e.findings, e.version,
                                      noon(e.started_on), noon(e.completed_on or e.started_on))
        for p in ep.plans:
            p.pk = self.plans.reserve()
        for c in ep.conferences:
            c.pk = self.conferences.reserve()
        for c in ep.conferences:
            self._conference(eid, c, person)
        for p in ep.plans:
            self._plan(eid, p, person)
        for v in ep.visits:
            self.visits.add(eid, v.plan.pk if v.plan else None, date(v.visited_on), v.child_seen,
                            v.seen_alone, v.not_seen_reason, v.note, v.recorded_by,
                            noon(v.visited_on))
        for ch in ep.changes:
            self.changes.add(eid, ch.kind, ch.summary, date(ch.occurred_on),
                             self.told_json(ch.agencies_told), ch.recorded_by,
                             noon(ch.occurred_on))

    def _conference(self, eid: int, c: ConferenceSpec, person: list[int]) -> None:
        at, date = self.at, self.date
        held = dt.datetime.combine(c.held_on, dt.time(16), tzinfo=LONDON) if c.held_on else None
        updated = c.minutes_sent_at or held or c.created_at
        self.conferences.put(
            c.pk, eid, c.kind, c.section47.pk if c.section47 else None,
            c.plan.pk if c.plan else None, c.reconvened, c.reconvene_reason,
            at(c.scheduled_for), c.venue, c.chair, c.status, date(c.held_on), c.decision,
            c.category, c.decision_reasons, at(held), date(c.first_core_group_on),
            date(c.next_review_on), c.minutes, at(c.minutes_sent_at), c.late_reason,
            c.unshared_reports_reason, c.version,
            at(c.created_at), at(updated))
        for i in c.invitees:
            i.pk = self.invitees.add(
                c.pk, i.kind, i.agency, i.staff, person[i.person] if i.person is not None
                else None, i.name, i.email, at(i.invited_at), i.report,
                at(i.report_submitted_at), at(i.report_shared_at),
                int(i.report_submitted_at is not None), i.attendance, at(i.minutes_sent_at),
                ("email" if i.email else "other") if i.minutes_sent_at else "")
        for d in c.dissents:
            self.dissents.add(c.pk, d.agency, d.invitee.pk if d.invitee else None, d.view,
                              d.recorded_by, at(d.recorded_at))
        for m in c.amendments:
            self.amendments.add(c.pk, m.invitee.pk if m.invitee else None, m.requested_by,
                                at(m.requested_at), m.request, m.status, m.response,
                                m.responded_by, at(m.responded_at))

    def _plan(self, eid: int, p: PlanSpec, person: list[int]) -> None:
        date, noon = self.date, self.noon
        self.plans.put(p.pk, eid, p.kind, p.conference.pk if p.conference else None,
                       p.category, date(p.started_on), date(p.ended_on), p.end_reason,
                       p.key_worker, p.outcomes, p.version, noon(p.started_on),
                       noon(p.ended_on or p.started_on))
        for m in p.members:
            self.members.add(p.pk, m.agency, m.staff, person[m.person] if m.person is not None
                             else None, m.name, m.role, date(m.joined_on), date(m.left_on))
        for a in p.actions:
            updated = a.completed_on or (a.progress[-1][2].date() if a.progress else
                                         a.created_on)
            aid = self.actions.add(p.pk, a.description, a.outcome_sought, a.owner_agency,
                                   a.owner_staff, a.owner_name, date(a.due_on), a.status,
                                   date(a.completed_on), 1 + len(a.progress) + (a.status != "open"),
                                   noon(a.created_on), noon(updated))
            for note, by, when in a.progress:
                self.progress.add(aid, note, by, self.at(when))
        for g in p.meetings:
            self.meetings.add(p.pk, date(g.held_on), self.attendees_json(g.attendees), g.notes,
                              g.plan_working, g.recorded_by, noon(g.held_on))

    def _entry(self, plan: Plan, e: Any) -> None:
        at, date = self.at, self.date
        child = plan.person_ids[e.child]
        lineage = self.w.uuid(e.lineage)
        superseded = None
        if e.correction:
            superseded = min(e.recorded_at + dt.timedelta(days=1),
                             dt.datetime.combine(self.as_of, dt.time(8), tzinfo=dt.UTC))
        self.entries.add(lineage, 1, child, e.agency, date(e.occurred_on), e.kind,
                         e.significance, e.sharing, e.summary, e.detail, e.recorded_by,
                         at(e.recorded_at), "", at(superseded))
        if superseded is not None:
            self.entries.add(lineage, 2, child, e.agency, date(e.occurred_on), e.kind,
                             e.significance, e.sharing, e.summary, e.detail, e.recorded_by,
                             at(superseded), e.correction, None)

    def finish(self) -> None:
        """PostgreSQL's id sequences must move past the ids given out here."""
        statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in
                                                                    self.tables])
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
