"""Merging two records of one person, and undoing it, through the services."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from everychild.access import policy, sealing
from everychild.access.models import AuditEvent
from everychild.core import clock
from everychild.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from everychild.people import merging, selectors, services
from everychild.people.models import (
    HouseholdMembership,
    Involvement,
    MatchKey,
    OtherName,
    Person,
    PersonMerge,
    PersonName,
    Relationship,
)

from ..factories import InvolvementFactory, PersonFactory, StaffFactory, valid_nhs_number, valid_upn
from .merge_records import everything, make_duplicate
from .service_checks import last_seq, one_entry_since, refused_unchanged

pytestmark = pytest.mark.django_db
REASON = "Same NHS number confirmed by the GP practice"


@pytest.fixture
def duplicate(world):
    return make_duplicate(world)


def merge(actor, survivor, merged, reason=REASON, **versions):
    survivor.refresh_from_db()
    merged.refresh_from_db()
    return services.person_merge(
        actor=actor, survivor=survivor, merged=merged, reason=reason,
        survivor_version=versions.get("survivor_version", survivor.version),
        merged_version=versions.get("merged_version", merged.version))


def counts():
    """Everything a refused merge or undo must leave alone, audit log included."""
    return everything(), PersonMerge.objects.count(), last_seq()


# ------------------------------------------------------------------ merging and undoing
def test_merging_moves_everything_to_the_record_kept(world, duplicate):
    d = duplicate
    nhs, upn = d.dup.nhs_number, d.dup.upn
    versions = (d.child.version, d.dup.version)
    done = merge(world.social_worker, d.child, d.dup)
    child, dup = Person.objects.get(pk=d.child.pk), Person.objects.get(pk=d.dup.pk)
    assert dup.merged_into == child and done.survivor == child and done.merged == dup
    # Her home, her mother, the agencies and her nickname are now on the record kept.
    assert set(HouseholdMembership.objects.filter(household=d.home).values_list(
        "person_id", flat=True)) == {child.pk, d.mother.pk}
    assert Relationship.objects.get(person=d.mother).related == child
    assert set(Involvement.objects.filter(person=child).values_list("agency__name", flat=True)) \
        == {world.csc.name, world.school.name, world.police.name}
    names = {(o.kind, str(o)) for o in OtherName.objects.filter(person=child)}
    assert names == {("nickname", "Millie"), ("alias", "Amelie Osei-Grant"),
                     ("former", "Amelie Grant")}
    assert not HouseholdMembership.objects.filter(person=dup).exists()
    assert not Involvement.objects.filter(person=dup).exists()
    # Blanks filled from the duplicate, which gave up its unique numbers to do so; what the
    # kept record already had (sex, date of birth) is not overwritten.
    assert (child.nhs_number, child.upn, child.ethnicity, child.sex) == (nhs, upn, "BAFR", "F")
    assert (dup.nhs_number, dup.upn, dup.sex) == ("", "", "U")
    # The two were recorded as sisters: that would now be a relationship with herself, so
    # it is ended, not deleted, and stays on the merged record.
    between = Relationship.objects.get(pk=d.between.pk)
    assert (between.person, between.related, between.ended) == (dup, child, clock.today())
    # The name history stays with the record it was written on.
    assert PersonName.objects.filter(person=dup).count() == 2
    assert (child.version, dup.version) == (versions[0] + 1, versions[1] + 1)
    # The caller's copies are brought up to date.
    assert (d.child.nhs_number, d.dup.merged_into_id) == (nhs, child.pk)


def test_undoing_a_merge_restores_every_original_value(world, duplicate):
    d = duplicate
    before = everything()
    done = merge(world.social_worker, d.child, d.dup)
    assert everything() != before
    undone = services.person_merge_undo(actor=world.social_worker, merge=done,
                                        reason="Different birth certificates")
    assert everything() == before
    assert (undone.undone_by, undone.undo_reason) == (world.social_worker,
                                                      "Different birth certificates")
    assert undone.undone_at is not None
    # And the two records can be merged again the same way.
    again = merge(world.social_worker, d.child, d.dup)
    assert again.pk != done.pk and Person.objects.get(pk=d.dup.pk).merged_into_id == d.child.pk


def test_the_merge_record_keeps_both_records_as_they_were(world, duplicate):
    d = duplicate
    nhs = d.dup.nhs_number
    done = merge(world.social_worker, d.child, d.dup)
    merged = done.snapshot["merged"]
    assert merged["fields"]["nhs_number"] == nhs
    assert merged["fields"]["date_of_birth"] == "2017-11-02"
    assert [o["given_name"] for o in merged["other_names"]] == ["Millie"]
    assert done.snapshot["survivor"]["fields"]["nhs_number"] == ""
    labels = {tuple(m[:3]) for m in done.moves}
    assert ("people.Person", d.child.pk, "nhs_number") in labels
    assert ("people.Person", d.dup.pk, "nhs_number") in labels
    assert ("people.Relationship", d.between.pk, "ended") in labels
    moved = {(label, field) for label, _, field, *_ in done.moves}
    assert {("people.HouseholdMembership", "person"), ("people.Relationship", "related"),
            ("people.Involvement", "person"), ("people.OtherName", "person"),
            ("people.OtherName", "id")} <= moved


def test_either_record_can_be_kept(world, duplicate):
    d = duplicate
    merge(world.social_worker, d.dup, d.child)
    child, dup = Person.objects.get(pk=d.child.pk), Person.objects.get(pk=d.dup.pk)
    assert child.merged_into == dup and dup.merged_into is None
    assert dup.sex == "F"  # the kept record's "not known" is filled
    assert {str(o) for o in OtherName.objects.filter(person=dup, kind="alias")} == {
        "Amelia Osei"}


def test_a_birth_replaces_the_expected_date_of_birth(world):
    sw = world.social_worker
    unborn = PersonFactory(given_name="Baby", family_name="Osei", date_of_birth=None,
                           expected_date_of_birth=clock.today() + dt.timedelta(days=30))
    born = PersonFactory(given_name="Noah", family_name="Osei", date_of_birth=clock.today())
    for p in (unborn, born):
        InvolvementFactory(person=p, agency=world.csc, staff=sw)
    done = merge(sw, unborn, born)
    unborn.refresh_from_db()
    assert (unborn.date_of_birth, unborn.expected_date_of_birth) == (clock.today(), None)
    services.person_merge_undo(actor=sw, merge=done, reason="Twins, not one baby")
    unborn.refresh_from_db()
    assert unborn.date_of_birth is None and unborn.expected_date_of_birth is not None


def test_both_acts_are_audited_with_both_records(world, duplicate):
    d = duplicate
    seq = last_seq()
    done = merge(world.social_worker, d.child, d.dup)
    entry = one_entry_since(seq, "person.merge")
    assert (entry.target_id, entry.reason, entry.actor_id) == (str(d.child.ref), REASON,
                                                                world.social_worker.pk)
    assert entry.detail["survivor"] == str(d.child.ref)
    assert entry.detail["merged"] == str(d.dup.ref) and entry.detail["merge"] == done.pk
    assert set(entry.detail["filled"]) == {"nhs_number", "upn", "ethnicity"}
    seq = last_seq()
    services.person_merge_undo(actor=world.social_worker, merge=done, reason="Not her")
    entry = one_entry_since(seq, "person.merge_undo")
    assert (entry.target_id, entry.reason) == (str(d.child.ref), "Not her")
    assert (entry.detail["survivor"], entry.detail["merged"]) == (str(d.child.ref),
                                                                  str(d.dup.ref))


# ------------------------------------------------------------------ what a merge refuses
def test_a_record_cannot_be_merged_with_itself(world, duplicate):
    exc = refused_unchanged(counts, ValidationFailed,
                            lambda: merge(world.social_worker, duplicate.child, duplicate.child))
    assert exc.errors["records"] == [
        "These are the same record: choose a different record to merge with"]


def test_different_nhs_numbers_mean_different_people(world, duplicate):
    Person.objects.filter(pk=duplicate.child.pk).update(nhs_number=valid_nhs_number())
    exc = refused_unchanged(counts, ValidationFailed,
                            lambda: merge(world.social_worker, duplicate.child, duplicate.dup))
    assert any("They have different NHS numbers, so they are different people" in m
               for m in exc.errors["records"])


def test_different_upns_mean_different_people(world, duplicate):
    Person.objects.filter(pk=duplicate.child.pk).update(upn=valid_upn())
    exc = refused_unchanged(counts, ValidationFailed,
                            lambda: merge(world.social_worker, duplicate.child, duplicate.dup))
    assert any("different Unique Pupil Numbers" in m for m in exc.errors["records"])


def test_a_child_and_an_adult_are_not_one_person(world, duplicate):
    exc = refused_unchanged(counts, ValidationFailed,
                            lambda: merge(world.social_worker, duplicate.child,
                                          duplicate.mother))
    assert "a child's record and the other an adult's" in exc.errors["records"][0]


def test_a_merged_record_cannot_be_merged_again_nor_merged_into(world, duplicate):
    d = duplicate
    merge(world.social_worker, d.child, d.dup)
    third = PersonFactory(given_name="Amy", family_name="Osei")
    InvolvementFactory(person=third, agency=world.csc, staff=world.social_worker)
    exc = refused_unchanged(counts, ValidationFailed,
                            lambda: merge(world.social_worker, third, d.dup))
    assert exc.errors["merged"] == [
        "Amelie Osei-Grant's record has already been merged into another record"]
    exc = refused_unchanged(counts, ValidationFailed,
                            lambda: merge(world.social_worker, d.dup, third))
    assert "merge into that record instead" in exc.errors["survivor"][0]


def test_a_reason_is_needed(world, duplicate):
    for reason, message in (("  ", "Enter why these records are the same person"),
                            ("x" * 501, "Must be 500 characters or fewer")):
        exc = refused_unchanged(counts, ValidationFailed, lambda r=reason: merge(
            world.social_worker, duplicate.child, duplicate.dup, reason=r))
        assert exc.errors == {"reason": [message]}


@pytest.mark.parametrize("which", ["survivor_version", "merged_version"])
def test_a_stale_version_of_either_record_is_a_conflict(world, duplicate, which):
    d = duplicate
    exc = refused_unchanged(counts, Conflict, lambda: merge(
        world.social_worker, d.child, d.dup, **{which: 0}))
    name = "Amelia Osei" if which == "survivor_version" else "Amelie Osei-Grant"
    assert f"Someone else changed {name}'s record" in exc.message and which in exc.errors


def test_versions_must_be_given(world, duplicate):
    exc = refused_unchanged(counts, ValidationFailed, lambda: merge(
        world.social_worker, duplicate.child, duplicate.dup, survivor_version=None,
        merged_version=None))
    assert set(exc.errors) == {"survivor_version", "merged_version"}


# ------------------------------------------------------------------ who may merge
@pytest.mark.parametrize("role", ["health_practitioner", "conference_chair", "inspector",
                                  "privacy_officer", "contact_centre_officer"])
def test_roles_without_the_merge_permission_are_refused(world, duplicate, role):
    refused_unchanged(counts, AccessDenied, lambda: merge(world.users[role], duplicate.child,
                                                          duplicate.dup))


def test_a_social_worker_needs_their_team_on_both_records(world, duplicate):
    other_team = StaffFactory(role="social_worker", agency=world.csc, team=world.team_b)
    refused_unchanged(counts, AccessDenied,
                      lambda: merge(other_team, duplicate.child, duplicate.dup))
    # Involved with the kept record only is not enough either.
    stranger = PersonFactory(given_name="Amelia", family_name="Osei")
    InvolvementFactory(person=stranger, agency=world.gp)
    refused_unchanged(counts, AccessDenied,
                      lambda: merge(world.social_worker, duplicate.child, stranger))


def test_a_team_manager_may_merge_records_their_agency_works_with(world, duplicate):
    done = merge(world.users["team_manager"], duplicate.child, duplicate.dup)
    assert done.merged_by == world.users["team_manager"]


def test_undoing_needs_the_merge_permission_too(world, duplicate):
    done = merge(world.social_worker, duplicate.child, duplicate.dup)
    other_team = StaffFactory(role="social_worker", agency=world.csc, team=world.team_b)
    for actor in (world.users["health_practitioner"], other_team):
        refused_unchanged(counts, AccessDenied, lambda a=actor: services.person_merge_undo(
            actor=a, merge=done, reason="Not the same girl"))


# ------------------------------------------------------------------ sealed records
def test_a_sealed_record_is_not_revealed_by_a_refused_merge(world, duplicate):
    exc = refused_unchanged(counts, NotFound, lambda: merge(
        world.social_worker, duplicate.child, world.sealed_child))
    assert exc.message == "No record was found"
    exc = refused_unchanged(counts, NotFound, lambda: merge(
        world.users["team_manager"], world.sealed_child, duplicate.child))
    assert exc.message == "No record was found"


@pytest.fixture
def managers_see_sealed(monkeypatch):
    """A policy in which team managers may see sealed records (an authority may grant it;
    the shipped policy gives it to no role that can merge)."""
    real = policy.policy()
    roles = {**real.roles, "team_manager": dataclasses.replace(real.roles["team_manager"],
                                                               sealed=True)}
    changed = dataclasses.replace(real, roles=roles)
    monkeypatch.setattr(policy, "policy", lambda: changed)


def test_with_the_sealed_grant_the_sealed_record_must_be_kept(world, managers_see_sealed):
    manager = world.users["team_manager"]
    sealed = world.sealed_child
    twin = PersonFactory(given_name="Hidden", family_name="Sealedchild", sex="U")
    InvolvementFactory(person=twin, agency=world.csc)
    exc = refused_unchanged(counts, ValidationFailed, lambda: merge(manager, twin, sealed))
    assert "keep the sealed record" in exc.errors["records"][0]
    done = merge(manager, sealed, twin)
    twin.refresh_from_db()
    # The merged record now points at a sealed one, so it is hidden as that is.
    assert twin.sealed and twin.merged_into == sealed
    services.person_merge_undo(actor=manager, merge=done, reason="A different child")
    twin.refresh_from_db()
    assert not twin.sealed and twin.merged_into is None


# ------------------------------------------------------------------ what undoing refuses
def test_a_merge_is_undone_once(world, duplicate):
    done = merge(world.social_worker, duplicate.child, duplicate.dup)
    services.person_merge_undo(actor=world.social_worker, merge=done, reason="Not her")
    exc = refused_unchanged(counts, Conflict, lambda: services.person_merge_undo(
        actor=world.social_worker, merge=done, reason="Not her"))
    assert exc.message == "This merge has already been undone"


def test_undoing_needs_a_reason(world, duplicate):
    done = merge(world.social_worker, duplicate.child, duplicate.dup)
    exc = refused_unchanged(counts, ValidationFailed, lambda: services.person_merge_undo(
        actor=world.social_worker, merge=done, reason=""))
    assert exc.errors == {"reason": ["Enter why this merge is being undone"]}


def test_undoing_is_refused_when_a_filled_detail_has_changed_since(world, duplicate):
    d = duplicate
    done = merge(world.social_worker, d.child, d.dup)
    child = Person.objects.get(pk=d.child.pk)
    services.person_update(actor=world.social_worker, person=child, version=child.version,
                           changes={"nhs_number": valid_nhs_number()})
    exc = refused_unchanged(counts, Conflict, lambda: services.person_merge_undo(
        actor=world.social_worker, merge=done, reason="Not her"))
    assert "Amelia Osei's NHS number has been changed since the merge" in exc.message
    assert "Nothing has been changed" in exc.message


def test_undoing_is_refused_while_the_kept_record_is_itself_merged(world, duplicate):
    d = duplicate
    first = merge(world.social_worker, d.child, d.dup)
    later = PersonFactory(given_name="Amelia", family_name="Osei", date_of_birth=None)
    InvolvementFactory(person=later, agency=world.csc, staff=world.social_worker)
    second = merge(world.social_worker, later, d.child)
    exc = refused_unchanged(counts, Conflict, lambda: services.person_merge_undo(
        actor=world.social_worker, merge=first, reason="Not her"))
    assert "Amelia Osei's record has since been merged into another record: undo that " \
           "merge first" in exc.message
    # Undone in the opposite order, both come apart exactly.
    services.person_merge_undo(actor=world.social_worker, merge=second, reason="Not her")
    services.person_merge_undo(actor=world.social_worker, merge=first, reason="Not her")
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_what_happened_on_the_kept_record_since_stays_there(world, duplicate):
    d = duplicate
    done = merge(world.social_worker, d.child, d.dup)
    child = Person.objects.get(pk=d.child.pk)
    later = services.involvement_add(actor=world.social_worker, person=child,
                                     agency_id=world.gp.pk, staff_id=None, role="agency",
                                     started=clock.today())
    services.person_merge_undo(actor=world.social_worker, merge=done, reason="Not her")
    assert Involvement.objects.get(pk=later.pk).person_id == d.child.pk
    assert set(Involvement.objects.filter(person=d.dup).values_list("agency_id", flat=True)) \
        == {world.police.pk, world.csc.pk}


# ------------------------------------------------------------------ reads
def test_a_merged_record_leaves_search_and_comes_back_on_undo(world, duplicate):
    d = duplicate
    sw = world.social_worker

    def found(text):
        return {h.person.pk for h in selectors.person_search(actor=sw, text=text)}

    assert d.dup.pk in found("Osei")
    done = merge(sw, d.child, d.dup)
    assert d.dup.pk not in found("Osei") and d.child.pk in found("Osei")
    # Her other names now find the record kept.
    hits = selectors.person_search(actor=sw, text="Grant")
    assert [(h.person.pk, h.matched_other_name) for h in hits] == [(d.child.pk,
                                                                     "Amelie Grant")]
    services.person_merge_undo(actor=sw, merge=done, reason="Not her")
    assert d.dup.pk in found("Osei")


def test_whoever_works_with_the_kept_record_may_open_the_merged_one(world, duplicate):
    d = duplicate
    # The school works with Amelia but had never heard of the duplicate.
    dsl = world.users["designated_safeguarding_lead"]
    with pytest.raises(AccessDenied):
        selectors.person_record(actor=dsl, ref=d.dup.ref)
    merge(world.social_worker, d.child, d.dup)
    record = selectors.person_record(actor=dsl, ref=d.dup.ref)
    notice = selectors.merged_notice(actor=dsl, person=record.person)
    assert notice is not None and notice.survivor_name == "Amelia Osei"
    assert notice.link_survivor and not notice.may_undo


# ------------------------------------------------------------------ rows of higher layers
def test_other_apps_rows_follow_the_person_when_registered(world, duplicate, monkeypatch):
    """An app above people registers its rows; here people's own name history stands in
    for them, as it is not moved unless registered."""
    monkeypatch.setattr(merging, "_registered", {})
    merging.register_merge_participant("people.PersonName", "person")
    d = duplicate
    before = everything()
    done = merge(world.social_worker, d.child, d.dup)
    assert not PersonName.objects.filter(person=d.dup).exists()
    assert ("people.PersonName", "person") in {(m[0], m[2]) for m in done.moves}
    services.person_merge_undo(actor=world.social_worker, merge=done, reason="Not her")
    assert everything() == before


def test_a_registration_must_name_a_person(monkeypatch):
    monkeypatch.setattr(merging, "_registered", {})
    for label, field in (("people.Household", "town"), ("people.Nothing", "person"),
                         ("people.Relationship", "kind")):
        with pytest.raises(merging.MergeParticipantError):
            merging.register_merge_participant(label, field)
    merging.register_merge_participant("people.Relationship", "related")  # already moved
    assert merging.merge_participants() == list(merging.PEOPLE_PARTICIPANTS)


def test_a_merge_entry_names_both_people_to_the_audit_log(world, duplicate):
    """Readers of the log hide entries naming a sealed person from users without the sealed
    grant; a merge entry names both records, so both are looked at."""
    merge(world.social_worker, duplicate.child, duplicate.dup)
    entry = AuditEvent.objects.get(action="person.merge")
    named = sealing.references(entry.target_type, entry.target_id, entry.detail)
    assert {r.target_id for r in named if r.target_type == "person"} == {
        str(duplicate.child.ref), str(duplicate.dup.ref)}


def test_match_keys_follow_the_merge(world, duplicate):
    """Matching skips a merged record, finds the person through the record kept by the
    names that came with the merge, and sees the duplicate again once it is undone."""
    d = duplicate
    done = merge(world.social_worker, d.child, d.dup)
    assert not MatchKey.objects.filter(person=d.dup).exists()
    keys_kept = set(MatchKey.objects.filter(person=d.child).values_list("key", flat=True))
    assert keys_kept
    services.person_merge_undo(actor=world.social_worker, merge=done, reason="Not her")
    assert MatchKey.objects.filter(person=d.dup).exists()
    assert set(MatchKey.objects.filter(person=d.child).values_list("key", flat=True)) \
        <= keys_kept


def test_a_referral_naming_the_duplicate_follows_her(world, duplicate):
    """The front door registers the people named on referrals (referrals.apps)."""
    from everychild.referrals.models import Referral, ReferralPerson

    d = duplicate
    at = d.dup.created_at
    referral = Referral.objects.create(
        made_by=world.users["police_investigator"], status="received", received_at=at,
        created_at=at, updated_at=at, source="2A", referrer_name="PC Example",
        referrer_phone="01632 960000", concern="Seen out late and hungry", rag="amber")
    named = ReferralPerson.objects.create(referral=referral, role="subject_child",
                                          given_name="Amelie", family_name="Grant",
                                          person=d.dup, match_status="linked")
    done = merge(world.social_worker, d.child, d.dup)
    assert ReferralPerson.objects.get(pk=named.pk).person_id == d.child.pk
    assert ["referrals.ReferralPerson", named.pk, "person", d.dup.pk, d.child.pk] in done.moves
    services.person_merge_undo(actor=world.social_worker, merge=done, reason="Not her")
    assert ReferralPerson.objects.get(pk=named.pk).person_id == d.dup.pk
