"""Reading the audit log: who may, filters, paging, and entries about sealed records
hidden from any role without the sealed grant, even if the policy lets it read the log."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from everychild.access import policy
from everychild.access.audit import audit_record
from everychild.access.models import AuditEvent
from everychild.access.sealing import Reference, sealed_references
from everychild.access.selectors import AuditFilters, audit_event_list
from everychild.core import clock
from everychild.core.errors import AccessDenied

from ..factories import HouseholdFactory, MembershipFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture
def inspector_reads_the_log(monkeypatch):
    """A policy in which inspectors may read the audit log but still lack the sealed grant."""
    real = policy.policy()
    audit_view = real.actions["audit.view"]
    changed = dataclasses.replace(
        real, actions={**real.actions, "audit.view": dataclasses.replace(
            audit_view, scopes={**audit_view.scopes, "inspector": policy.Scope.ALL})})
    monkeypatch.setattr(policy, "policy", lambda: changed)
    assert policy.allows("inspector", "audit.view") and not policy.role_sees_sealed("inspector")


def _record(actor, action: str, target_type: str = "", target_id: object = "", **detail):
    return audit_record(actor=actor, action=action, target_type=target_type,
                        target_id=target_id, detail=detail)


def _seqs(page) -> list[int]:
    return [e.seq for e in page.events]


# ------------------------------------------------------------------ who may read it
@pytest.mark.parametrize("role", ["social_worker", "team_manager", "inspector", "administrator"])
def test_only_roles_with_audit_view_may_read_the_log(world, role):
    with pytest.raises(AccessDenied):
        audit_event_list(actor=world.users[role])


def test_reading_the_log_is_itself_audited(world):
    officer = world.users["privacy_officer"]
    audit_event_list(actor=officer, filters=AuditFilters(actor_username="sw"))
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "audit.view" and event.actor_id == officer.pk
    assert event.detail["actor_username"] == "sw" and "shown" in event.detail


# ------------------------------------------------------------------ order, filters, paging
def test_newest_first_and_paged_by_sequence(world):
    sw = world.social_worker
    made = [_record(sw, "test.ping", "staff", n).seq for n in range(7)]
    officer = world.users["privacy_officer"]
    only_pings = AuditFilters(action="test.ping")
    first = audit_event_list(actor=officer, filters=only_pings, page_size=3)
    assert _seqs(first) == made[::-1][:3]
    assert first.newer_than is None and first.older_than == made[4]
    second = audit_event_list(actor=officer, filters=only_pings, older_than=first.older_than,
                              page_size=3)
    assert _seqs(second) == made[::-1][3:6]
    last = audit_event_list(actor=officer, filters=only_pings, older_than=second.older_than,
                            page_size=3)
    assert _seqs(last) == [made[0]] and last.older_than is None
    back = audit_event_list(actor=officer, filters=only_pings, newer_than=last.newer_than,
                            page_size=3)
    assert _seqs(back) == _seqs(second)
    # New entries arriving meanwhile do not shift the pages already found.
    _record(sw, "test.ping", "staff", 99)
    again = audit_event_list(actor=officer, filters=only_pings, older_than=first.older_than,
                             page_size=3)
    assert _seqs(again) == _seqs(second)


def test_filters_by_actor_action_and_target(world):
    sw, tm = world.social_worker, world.users["team_manager"]
    a = _record(sw, "person.view", "person", world.child.ref)
    b = _record(tm, "person.view", "person", world.child.ref)
    c = _record(sw, "person.edit", "person", world.child.ref)
    d = _record(sw, "person.view", "person", world.unrelated_child.ref)
    officer = world.users["privacy_officer"]

    def seqs(**filters) -> set[int]:
        return set(_seqs(audit_event_list(actor=officer, filters=AuditFilters(**filters))))

    assert seqs(actor_username="SW", action="person.view") == {a.seq, d.seq}
    assert seqs(action="person.", target_id=str(world.child.ref)) == {a.seq, b.seq, c.seq}
    assert seqs(action="person.edi") == set()  # a whole action, or a prefix ending in "."
    assert seqs(actor_username="nobody") == set()
    # Someone guessing at sw's password shows up when sw's entries are looked into.
    failed = audit_record(actor=None, action="account.sign_in_failed",
                          detail={"username": "sw", "reason": "credentials"})
    audit_record(actor=None, action="account.sign_in_failed",
                 detail={"username": "tm", "reason": "credentials"})
    assert seqs(actor_username="sw", action="account.") == {failed.seq}


def test_date_range_means_whole_days_in_england(world, monkeypatch):
    sw = world.social_worker
    # 23:30 UTC on 30 June is 00:30 on 1 July in England (BST).
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC))
    late = _record(sw, "test.ping")
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 6, 30, 12, 0, tzinfo=UTC))
    midday = _record(sw, "test.ping")
    monkeypatch.undo()
    officer = world.users["privacy_officer"]

    def seqs(start, end) -> list[int]:
        return _seqs(audit_event_list(actor=officer, filters=AuditFilters(
            action="test.ping", date_from=start, date_to=end)))

    assert seqs(dt.date(2026, 7, 1), dt.date(2026, 7, 1)) == [late.seq]
    assert seqs(dt.date(2026, 6, 30), dt.date(2026, 6, 30)) == [midday.seq]
    assert seqs(dt.date(2026, 6, 30), None) == [midday.seq, late.seq]  # by sequence
    assert seqs(None, dt.date(2026, 6, 29)) == []


# ------------------------------------------------------------------ sealed records
@pytest.fixture
def sealed_trail(world):
    """Entries about the sealed child, directly and through a relationship and household."""
    sw = world.social_worker
    household = HouseholdFactory()
    MembershipFactory(household=household, person=world.sealed_child)
    visible = _record(sw, "person.view", "person", world.child.ref)
    hidden = [
        _record(sw, "person.view", "person", world.sealed_child.ref),
        _record(sw, "relationship.add", "person", world.child.ref,
                related=str(world.sealed_child.ref), kind="sibling"),
        _record(sw, "household.view", "household", household.ref),
    ]
    return visible, hidden


def test_privacy_officer_sees_entries_about_sealed_records(world, sealed_trail):
    visible, hidden = sealed_trail
    page = audit_event_list(actor=world.users["privacy_officer"])
    assert {visible.seq, *(e.seq for e in hidden)} <= set(_seqs(page))


def test_role_without_sealed_grant_never_sees_entries_about_sealed_records(
        world, sealed_trail, inspector_reads_the_log):
    visible, hidden = sealed_trail
    inspector = world.users["inspector"]
    page = audit_event_list(actor=inspector)
    assert visible.seq in _seqs(page)
    assert not set(_seqs(page)) & {e.seq for e in hidden}
    # Not by searching for the sealed child's reference either.
    by_target = audit_event_list(actor=inspector, filters=AuditFilters(
        target_id=str(world.sealed_child.ref)))
    assert by_target.events == []


def test_hidden_entries_never_leave_a_page_short(world, inspector_reads_the_log):
    sw = world.social_worker
    older = [_record(sw, "person.view", "person", world.child.ref).seq for _ in range(6)]
    for _ in range(45):  # a long run of entries the inspector may not see
        _record(sw, "person.view", "person", world.sealed_child.ref)
    page = audit_event_list(actor=world.users["inspector"],
                            filters=AuditFilters(action="person.view"), page_size=4)
    assert _seqs(page) == older[::-1][:4] and page.older_than == older[2]
    rest = audit_event_list(actor=world.users["inspector"],
                            filters=AuditFilters(action="person.view"),
                            older_than=page.older_than, page_size=4)
    assert _seqs(rest) == older[::-1][4:] and rest.older_than is None


def test_people_app_tells_access_which_refs_are_sealed(world):
    refs = [Reference("person", str(world.sealed_child.ref)),
            Reference("person", str(world.child.ref)),
            Reference("person", "not-a-uuid"),
            Reference("staff", "12"),  # a type nobody registered: never sealed
            Reference("household", "00000000-0000-0000-0000-000000000000")]
    assert sealed_references(refs) == {Reference("person", str(world.sealed_child.ref))}


# ------------------------------------------------------------------ children named by lists
def test_searching_for_a_child_finds_the_lists_that_named_them(world):
    """A worklist or dashboard names the children it showed in its detail; "who has looked
    at this child?" finds those entries as well as direct reads, and nothing else."""
    sw, officer = world.social_worker, world.users["privacy_officer"]
    child, other = world.child.ref, world.unrelated_child.ref
    direct = _record(sw, "person.view", "person", child)
    listed = _record(sw, "worklist.team", worklist="team", children=2,
                     people=[str(other), str(child)])
    _record(sw, "worklist.team", worklist="team", children=1, people=[str(other)])
    found = audit_event_list(actor=officer, filters=AuditFilters(target_id=str(child).upper()))
    assert [e.seq for e in found.events if e.action != "audit.view"] == [listed.seq, direct.seq]
    # A fragment of a reference is not a reference: it finds no list entries.
    fragment = audit_event_list(actor=officer, filters=AuditFilters(target_id=str(child)[:8]))
    assert [e for e in fragment.events if e.action == "worklist.team"] == []


def test_a_list_naming_a_child_sealed_later_is_hidden_without_the_grant(
        world, inspector_reads_the_log):
    sw = world.social_worker
    entry = _record(sw, "worklist.team", worklist="team", children=2,
                    people=[str(world.child.ref), str(world.sealed_child.ref)])
    seen = audit_event_list(actor=world.users["inspector"])
    assert entry.seq not in _seqs(seen)
    assert entry.seq in _seqs(audit_event_list(actor=world.users["privacy_officer"]))


def test_a_nul_typed_into_the_search_is_ignored_not_an_error(world):
    """PostgreSQL can neither be asked about a NUL nor store one in the search's own entry."""
    sw, officer = world.social_worker, world.users["privacy_officer"]
    direct = _record(sw, "person.view", "person", world.child.ref)
    found = audit_event_list(actor=officer, filters=AuditFilters(
        target_id=f"{world.child.ref}\x00", actor_username=f"\x00{sw.username}",
        action="person.\x00view"))
    assert _seqs(found) == [direct.seq]
    own = AuditEvent.objects.filter(action="audit.view").latest("seq")
    assert own.detail["target_id"] == str(world.child.ref)
