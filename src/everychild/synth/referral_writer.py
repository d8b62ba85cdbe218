"""Writing planned referrals straight into the front door's tables, the way writer.py
writes households: one executemany per table and batch, primary keys counted out in
advance. Runs after the households' own rows, whose keys the referrals point at."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.management.color import no_style
from django.db import connection

from everychild.people.models import PersonKind
from everychild.referrals.models import (
    Decision,
    Incident,
    InformationRequest,
    MatchStatus,
    RagChange,
    Referral,
    ReferralPerson,
    Status,
)

from .plan import Plan
from .referral_people import Mention
from .referrals import ReferralSpec
from .writer import Table, Writer, key

RESOLVED = (MatchStatus.LINKED, MatchStatus.NEW_RECORD)
NOT_OBTAINED = "NOBT"  # CIN ethnicity code: information not yet obtained


def _json(model: type[Any], name: str) -> Callable[[list[Any]], Any]:
    """A JSON column's value as the database takes it; the few distinct values (most are
    empty lists) are adapted once each, which Django's field machinery makes slow."""
    field = model._meta.get_field(name)
    seen: dict[str, Any] = {}

    def adapt(value: list[Any]) -> Any:
        text = repr(value)
        if text not in seen:
            if len(seen) > 10_000:
                seen.clear()
            seen[text] = field.get_db_prep_save(value, connection)
        return seen[text]
    return adapt


def _moment() -> Callable[[dt.datetime | None], Any]:
    """Aware datetimes for the database. SQLite stores them as naive text in the
    connection's time zone (as Django's adapter does, without its per-value checks)."""
    if connection.vendor != "sqlite":
        return connection.ops.adapt_datetimefield_value
    zone = connection.timezone

    def adapt(value: dt.datetime | None) -> str | None:
        return None if value is None else str(value.astimezone(zone).replace(tzinfo=None))
    return adapt


class ReferralWriter:
    def __init__(self, writer: Writer) -> None:
        self.w = writer
        ops = connection.ops
        self.moment = _moment()
        self.date = ops.adapt_datefield_value
        models = (Referral, ReferralPerson, Incident, RagChange, InformationRequest, Decision)
        if connection.vendor == "postgresql":
            tables = ", ".join(ops.quote_name(m._meta.db_table) for m in models)
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
        self.referrals = Table(Referral, (
            "ref", "status", "made_by_id", "channel", "source", "referrer_name", "referrer_role",
            "referrer_agency_id", "referrer_organisation", "referrer_phone", "referrer_email",
            "received_at", "needs_written_confirmation", "written_confirmation_at",
            "address_line_1", "address_line_2", "town", "postcode", "concern",
            "significant_harm", "harm_categories", "past_concerns", "family_aware",
            "sharing_basis", "sharing_reason", "rag", "version", "created_at", "updated_at"))
        self.people = Table(ReferralPerson, (
            "referral_id", "position", "role", "given_name", "family_name", "other_names", "sex",
            "date_of_birth", "expected_date_of_birth", "nhs_number", "upn", "relationship",
            "lives_in_household", "is_family", "school_or_setting", "notes", "person_id",
            "match_status", "matched_by_id", "matched_at"))
        self.incidents = Table(Incident, ("referral_id", "happened_on", "when_text",
                                          "description"))
        self.rags = Table(RagChange, ("referral_id", "rag", "reason", "changed_by_id",
                                      "changed_at"))
        self.requests = Table(InformationRequest, (
            "referral_id", "agency_id", "question", "requested_by_id", "requested_at", "answer",
            "answered_by_name", "answered_at", "recorded_by_id"))
        self.decisions = Table(Decision, (
            "referral_id", "outcome", "reasons", "decided_by_id", "decided_at", "status",
            "reviewed_by_id", "reviewed_at", "review_note"))
        self.tables = (self.referrals, self.people, self.incidents, self.rags, self.requests,
                       self.decisions)
        self.harm_json = _json(Referral, "harm_categories")
        self.names_json = _json(ReferralPerson, "other_names")

    def write(self, plans: list[Plan]) -> None:
        counts = self.w.counts
        strangers_before = self.w.people.next_id
        for plan in plans:
            strangers: dict[Any, int] = {}
            for spec in plan.referrals:
                self._referral(plan, spec, strangers)
                counts["referrals"] += 1
                counts["referrals_open"] += spec.status != Status.COMPLETE
        # Records the front door made for adults nobody knew, before the rows naming them.
        counts["adults"] += self.w.people.next_id - strangers_before
        self.w.people.flush()
        self.w.names.flush()
        for table in self.tables:
            table.flush()

    def _referral(self, plan: Plan, spec: ReferralSpec, strangers: dict[Any, int]) -> None:
        at, w = self.moment, self.w
        r, a = spec.referrer, spec.address
        pk = self.referrals.add(
            w.uuid(spec.ref), spec.status, spec.made_by, spec.channel, spec.source, r.name,
            r.role, r.agency, r.organisation, r.phone, r.email, at(spec.received_at),
            spec.needs_written_confirmation, at(spec.written_confirmation_at),
            a.line_1 if a else "", a.line_2 if a else "", a.town if a else "",
            a.postcode if a else "", spec.concern, spec.significant_harm,
            self.harm_json(spec.harm_categories), spec.past_concerns, spec.family_aware,
            spec.sharing_basis, spec.sharing_reason, spec.rag, spec.version,
            at(spec.received_at), at(spec.updated_at or spec.received_at))
        spec.pk = pk
        for position, m in enumerate(spec.people):
            person = self._person(plan, m, strangers) if m.match_status in RESOLVED else None
            self.people.add(
                pk, position, m.role, m.given, m.family, self.names_json(m.other_names), m.sex,
                m.dob, self.date(m.edd), m.nhs, m.upn, m.relationship, m.lives_in_household,
                m.is_family, m.school, m.notes, person, m.match_status, m.matched_by,
                at(m.matched_at))
        for happened_on, when_text, description in spec.incidents:
            self.incidents.add(pk, self.date(happened_on), when_text, description)
        for rag, reason, by, changed_at in spec.rag_changes:
            self.rags.add(pk, rag, reason, by, at(changed_at))
        for q in spec.requests:
            self.requests.add(pk, q.agency, q.question, q.requested_by, at(q.requested_at),
                              q.answer, q.answered_by_name, at(q.answered_at),
                              q.requested_by if q.answered_at else None)
        for d in spec.decisions:
            self.decisions.add(pk, d.outcome, d.reasons, d.decided_by, at(d.decided_at),
                               d.status, d.reviewed_by, at(d.reviewed_at), d.note)

    def _person(self, plan: Plan, m: Mention, strangers: dict[Any, int]) -> int | None:
        if not m.stranger:
            return plan.person_ids[m.person] if m.person is not None else None
        stranger = m.stranger
        pk = strangers.get(stranger.ref)
        if pk is None:
            # As the front door records someone new: the name given, the rest unknown.
            moment = self.moment(m.matched_at)
            family = stranger.family or "Unknown"
            pk = self.w.people.add(
                self.w.uuid(stranger.ref), PersonKind.ADULT, stranger.given, "", family,
                key(stranger.given), key(family), stranger.sex or "U", None, None, NOT_OBTAINED, "",
                "", "", False, self.w.disabilities([]), moment, moment)
            self.w.names.add(pk, stranger.given, "", family, moment)
            strangers[stranger.ref] = pk
        return pk

    def finish(self) -> None:
        """PostgreSQL's id sequences must move past the ids given out here."""
        statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in
                                                                    self.tables])
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
