"""A child's and a family's chronology: every agency's entries and the pathway merged in
order, filtered, paged, and shown to each reader as the policy allows."""

from __future__ import annotations

import pytest

from everychild.access.models import AuditEvent
from everychild.chronology.selectors import chronology_for_child, chronology_for_household
from everychild.core.errors import AccessDenied, NotFound

from ..factories import (
    HouseholdFactory,
    InvolvementFactory,
    MembershipFactory,
    PersonFactory,
)
from .builders import days_ago, entry, pathway

pytestmark = pytest.mark.django_db


def _summaries(chronology):
    return [item.summary for item in chronology.items]


def test_entries_and_pathway_events_are_merged_newest_first(world):
    steps = pathway(world)
    entry(world.child, world.users["designated_safeguarding_lead"], on=days_ago(5),
          summary="School: Amelia tired and hungry")
    entry(world.child, world.social_worker, on=days_ago(70), summary="Earlier contact")
    chron = chronology_for_child(actor=world.social_worker, ref=world.child.ref)
    dates = [item.on for item in chron.items]
    assert dates == sorted(dates, reverse=True)
    summaries = _summaries(chron)
    assert summaries[0] == "School: Amelia tired and hungry"
    assert summaries[-1] == "Earlier contact"
    types = {item.type for item in chron.items}
    assert {"referral", "episode", "assessment", "strategy", "section47", "conference",
            "plan", "core_group", "visit", "circumstance", "note"} <= types
    assert "Initial child protection conference held: child protection plan (category: "\
           "neglect)" in summaries
    assert "Statutory visit: child seen alone" in summaries
    # Who recorded it and when, and the agency.
    visit = next(i for i in chron.items if i.key == f"visit:{steps.seen_alone.pk}")
    assert visit.recorded_by == world.social_worker.get_full_name()
    assert visit.recorded_at == steps.seen_alone.recorded_at
    assert visit.agency_name == world.csc.name
    oldest = chronology_for_child(actor=world.social_worker, ref=world.child.ref,
                                  newest_first=False)
    assert _summaries(oldest) == list(reversed(summaries))


def test_only_the_current_revision_of_an_entry_is_a_line(world):
    first = entry(world.child, world.social_worker, summary="First wording")
    first.superseded_at = first.recorded_at
    first.save()
    entry(world.child, world.social_worker, lineage=first.lineage, revision=2,
          summary="Corrected wording", correction_reason="Typo")
    chron = chronology_for_child(actor=world.social_worker, ref=world.child.ref)
    assert _summaries(chron) == ["Corrected wording"]
    assert chron.items[0].corrected and chron.items[0].link.endswith(f"{first.lineage}/")


def test_filters_by_agency_type_and_significance(world):
    pathway(world)
    dsl = world.users["designated_safeguarding_lead"]
    entry(world.child, dsl, kind="attendance", summary="Absent", significance="notable")
    entry(world.child, dsl, kind="injury", summary="Bruise", significance="significant")
    entry(world.child, world.social_worker, kind="note", summary="Phone call")
    sw = world.social_worker

    school = chronology_for_child(actor=sw, ref=world.child.ref, agencies=[world.school.pk])
    # The school's entries, and the referral the school made.
    assert set(_summaries(school)) == {"Absent", "Bruise",
                                       "Referral received from school: child protection "
                                       "concern"}
    kinds = chronology_for_child(actor=sw, ref=world.child.ref, kinds=["injury", "visit"])
    assert {i.type for i in kinds.items} == {"injury", "visit"} and kinds.total == 3
    significant = chronology_for_child(actor=sw, ref=world.child.ref,
                                       significance=["significant"])
    assert "Bruise" in _summaries(significant)
    assert {i.significance for i in significant.items} == {"significant"}
    only_pathway = chronology_for_child(actor=sw, ref=world.child.ref, kinds=["plan"])
    assert _summaries(only_pathway) == ["Child protection plan started (category: neglect)"]
    # The filter offers every agency on the chronology, whatever is filtered.
    assert {name for _, name in only_pathway.agencies} >= {world.school.name, world.csc.name}


def test_pages_of_a_long_chronology(world):
    for n in range(25):
        entry(world.child, world.social_worker, on=days_ago(n + 1), summary=f"Entry {n}")
    first = chronology_for_child(actor=world.social_worker, ref=world.child.ref, page_size=10)
    assert (first.total, first.pages, len(first.items)) == (25, 3, 10)
    assert _summaries(first)[0] == "Entry 0"
    last = chronology_for_child(actor=world.social_worker, ref=world.child.ref, page=3,
                                page_size=10)
    assert _summaries(last) == [f"Entry {n}" for n in range(20, 25)]
    assert (last.first_shown, last.last_shown) == (21, 25)
    beyond = chronology_for_child(actor=world.social_worker, ref=world.child.ref, page=99,
                                  page_size=10)
    assert beyond.page == 3
    everything = chronology_for_child(actor=world.social_worker, ref=world.child.ref,
                                      page_size=None)
    assert len(everything.items) == 25


def test_restricted_entries_are_read_only_by_their_agency_social_care_and_inspectors(
        world, police_involved):
    entry(world.child, police_involved, sharing="restricted",
          summary="Investigation under way: do not tell the family")
    entry(world.child, police_involved, summary="Police attended a domestic incident")
    secret = "Investigation under way: do not tell the family"
    for reader in (police_involved, world.social_worker, world.users["inspector"],
                   world.users["team_manager"]):
        assert secret in _summaries(chronology_for_child(actor=reader, ref=world.child.ref))
    school = chronology_for_child(actor=world.users["designated_safeguarding_lead"],
                                  ref=world.child.ref)
    assert _summaries(school) == ["Police attended a domestic incident"]
    assert school.total == 1


def test_a_partner_sees_the_milestones_but_no_casework_detail(world):
    steps = pathway(world)
    dsl = world.users["designated_safeguarding_lead"]
    chron = chronology_for_child(actor=dsl, ref=world.child.ref)
    assert not chron.casework
    text = " ".join(f"{i.summary} {i.detail}" for i in chron.items)
    for hidden in ("Findings only social care", "Reasons minuted", "Visit note",
                   "Core group notes", "Secret police intelligence", "Section 47",
                   "strategy discussion held", "single assessment completed: child in need plan",
                   "Primary need"):
        assert hidden.lower() not in text.lower(), hidden
    summaries = _summaries(chron)
    assert "Initial child protection conference held: child protection plan (category: "\
           "neglect)" in summaries
    assert "Statutory visit: child seen alone" in summaries
    assert "Single assessment completed" in summaries
    assert "Referral made by your agency: child protection concern" in summaries
    assert "A new adult in the household" in summaries  # sent to every agency anyway
    # The police took part in the strategy discussion, so they see that it was held.
    InvolvementFactory(person=world.child, agency=world.police)
    police = chronology_for_child(actor=world.users["police_investigator"],
                                  ref=world.child.ref)
    line = next(i for i in police.items if i.key == f"strategy:{steps.strategy.pk}")
    assert line.summary.endswith("(your agency took part)") and not line.detail
    assert "Referral received by children's social care" in _summaries(police)


def test_social_care_sees_the_pathway_in_full(world):
    pathway(world)
    chron = chronology_for_child(actor=world.social_worker, ref=world.child.ref)
    assert chron.casework
    text = " ".join(f"{i.summary} {i.detail}" for i in chron.items)
    for shown in ("Findings only social care", "Reasons minuted", "Visit note",
                  "Core group notes", "Secret police intelligence",
                  "Section 47 enquiry started", "Amelia came to school hungry"):
        assert shown in text, shown


def test_every_read_is_audited_and_refusals_reveal_nothing(world):
    chronology_for_child(actor=world.social_worker, ref=world.child.ref, kinds=["visit"])
    event = AuditEvent.objects.get(action="chronology.view")
    assert event.target_type == "person" and event.target_id == str(world.child.ref)
    assert event.detail["types"] == ["visit"]
    with pytest.raises(AccessDenied):
        chronology_for_child(actor=world.users["health_practitioner"], ref=world.child.ref)
    with pytest.raises(AccessDenied):
        chronology_for_child(actor=world.users["privacy_officer"], ref=world.child.ref)
    with pytest.raises(NotFound):
        chronology_for_child(actor=world.social_worker, ref=world.sealed_child.ref)
    assert AuditEvent.objects.filter(action="chronology.view").count() == 1


def test_a_family_chronology_merges_the_children_and_labels_each_line(world):
    home = HouseholdFactory()
    sister = PersonFactory(given_name="Esi", family_name="Osei")
    mother = PersonFactory(kind="adult", given_name="Abena", family_name="Osei",
                           date_of_birth=None)
    for person in (world.child, sister, mother):
        MembershipFactory(household=home, person=person)
    InvolvementFactory(person=sister, agency=world.csc)
    pathway(world)
    entry(world.child, world.social_worker, summary="About Amelia")
    entry(sister, world.social_worker, summary="About Esi", on=days_ago(3))
    entry(mother, world.social_worker, summary="About their mother", on=days_ago(4))
    chron = chronology_for_household(actor=world.social_worker, ref=home.ref)
    by_summary = {i.summary: i.person.name for i in chron.items}
    assert by_summary["About Esi"] == "Esi Osei"
    assert by_summary["About Amelia"] == "Amelia Osei"
    assert by_summary["About their mother"] == "Abena Osei"
    assert "Case opened by children's social care" in by_summary
    assert [p.name for p in chron.people][:2] == ["Amelia Osei", "Esi Osei"]
    event = AuditEvent.objects.get(action="chronology.view")
    assert event.target_type == "household" and event.target_id == str(home.ref)
    with pytest.raises(AccessDenied):
        chronology_for_household(actor=world.users["health_practitioner"], ref=home.ref)
    # Where a sealed child lives, the household is not found, as everywhere else.
    MembershipFactory(household=home, person=world.sealed_child)
    with pytest.raises(NotFound):
        chronology_for_household(actor=world.social_worker, ref=home.ref)


def test_a_family_chronology_leaves_out_people_the_reader_may_not_read(world):
    home = HouseholdFactory()
    MembershipFactory(household=home, person=world.child)
    MembershipFactory(household=home, person=world.unrelated_child)
    entry(world.child, world.users["designated_safeguarding_lead"], summary="About Amelia")
    entry(world.unrelated_child, world.users["health_practitioner"], summary="About Kieran")
    chron = chronology_for_household(actor=world.users["designated_safeguarding_lead"],
                                     ref=home.ref)
    assert _summaries(chron) == ["About Amelia"]
    assert [p.name for p in chron.people] == ["Amelia Osei"]


def test_lines_link_to_the_records_the_reader_may_open(world):
    steps = pathway(world)
    ref = world.child.ref
    mine = {i.key: i.link for i in chronology_for_child(actor=world.social_worker,
                                                        ref=ref).items}
    assert mine[f"conference:{steps.conference.pk}"] == \
        f"/people/{ref}/case/conferences/{steps.conference.pk}/"
    assert mine[f"plan:{steps.plan.pk}:started"] == f"/people/{ref}/case/plans/{steps.plan.pk}/"
    assert mine[f"referral:{steps.referral.pk}"] == f"/front-door/{steps.referral.ref}/"
    school = {i.key: i.link for i in chronology_for_child(
        actor=world.users["designated_safeguarding_lead"], ref=ref).items}
    assert school[f"plan:{steps.plan.pk}:started"] == mine[f"plan:{steps.plan.pk}:started"]
    assert school[f"conference:{steps.conference.pk}"] == ""
    assert school[f"referral:{steps.referral.pk}"] == ""
