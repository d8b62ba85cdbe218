"""The census export, field by field, for children whose histories were made through the
services: a referral with no further action, an assessment with its factors, and a child
through a section 47 enquiry, an initial conference and a plan with reviews to closure."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.insight.census.export import census_export, derived_la_child_id
from everychild.people.models import Person

from ...casework.walk_support import WalkClock, cast_of
from .histories import (
    TILLIE_ID,
    assess,
    child_in,
    close,
    enquire,
    fields,
    identify_tillie,
    initial_conference,
    parse,
    refer,
    review,
    tillies_case,
)

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2024, 6, 3)  # in the 2024-25 collection year


def export(year: int, tmp_path):
    out = tmp_path / f"cin-{year}.xml"
    census_export(year=year, out=out)
    return parse(out)


def identifiers(cast, upn: str) -> list[tuple[str, str]]:
    return [("ChildIdentifiers/LAchildID", TILLIE_ID), ("ChildIdentifiers/UPN", upn),
            ("ChildIdentifiers/PersonBirthDate", cast.tillie.date_of_birth.isoformat()),
            ("ChildIdentifiers/Sex", "F"),
            ("ChildCharacteristics/Ethnicity", "WBRI"),
            ("ChildCharacteristics/Disabilities/Disability", "LD"),
            ("ChildCharacteristics/Disabilities/Disability", "AUT")]


def test_a_referral_with_no_further_action_is_returned_as_one(world, monkeypatch, tmp_path):
    walk = WalkClock(monkeypatch, MONDAY)
    cast = cast_of(world)
    upn = identify_tillie(cast)
    refer(cast, walk, "nfa")
    root = export(2025, tmp_path)
    assert fields(child_in(root, TILLIE_ID)) == [*identifiers(cast, upn), *[
        ("CINdetails/CINreferralDate", "2024-06-03"),
        ("CINdetails/ReferralSource", "2A"),
        ("CINdetails/ReferralNFA", "true")]]
    # Her brother, new to the authority, has no LA child ID or UPN of his own: his ID is
    # derived from his record, and his UPN is unknown because he was only referred.
    ronan = Person.objects.get(given_name="Ronan")
    ids = dict(fields(child_in(root, derived_la_child_id(ronan.ref)).find("ChildIdentifiers")))
    assert ids["UPNunknown"] == "UN7" and "UPN" not in ids
    assert derived_la_child_id(ronan.ref) == derived_la_child_id(
        Person.objects.get(pk=ronan.pk).ref)  # the same in every return
    assert len(root.findall("Children/Child")) == 2


def test_an_assessment_and_its_factors(world, monkeypatch, tmp_path):
    walk = WalkClock(monkeypatch, MONDAY)
    cast = cast_of(world)
    upn = identify_tillie(cast)
    episode = tillies_case(cast, refer(cast, walk, "assessment"))
    walk.working_days_on(1)
    assess(cast, walk, episode, factors=["2B", "3A"], outcome="nfa")
    walk.working_days_on(1)
    close(cast, walk, episode, "RC8")
    root = export(2025, tmp_path)
    assert fields(child_in(root, TILLIE_ID)) == [*identifiers(cast, upn), *[
        ("CINdetails/CINreferralDate", "2024-06-03"),
        ("CINdetails/ReferralSource", "2A"),
        ("CINdetails/PrimaryNeedCode", "N1"),
        ("CINdetails/CINclosureDate", "2024-06-20"),
        ("CINdetails/ReasonForClosure", "RC8"),
        # Started when the referral's decision was signed off, from the referral date.
        ("CINdetails/Assessments/AssessmentActualStartDate", "2024-06-03"),
        ("CINdetails/Assessments/AssessmentInternalReviewDate", "2024-06-18"),
        ("CINdetails/Assessments/AssessmentAuthorisationDate", "2024-06-19"),
        ("CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors", "2B"),
        ("CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors", "3A"),
        ("CINdetails/ReferralNFA", "false")]]


def test_a_child_through_section_47_a_conference_and_a_plan_to_closure(world, monkeypatch,
                                                                       tmp_path):
    walk = WalkClock(monkeypatch, MONDAY)
    cast = cast_of(world)
    upn = identify_tillie(cast)
    episode = tillies_case(cast, refer(cast, walk, "strategy_discussion"))
    walk.working_days_on(1)  # the strategy discussion, Tuesday 4 June
    enquire(cast, walk, episode)
    plan = initial_conference(cast, walk, episode, dt.date(2024, 6, 20))
    review(cast, walk, plan, dt.date(2024, 9, 12), decision="continue", category="EMO")
    review(cast, walk, plan, dt.date(2025, 2, 27), decision="end_plan", category="")
    walk.to(dt.date(2025, 3, 5))
    close(cast, walk, episode, "RC7")
    root = export(2025, tmp_path)
    assert fields(child_in(root, TILLIE_ID)) == [*identifiers(cast, upn), *[
        ("CINdetails/CINreferralDate", "2024-06-03"),
        ("CINdetails/ReferralSource", "2A"),
        ("CINdetails/PrimaryNeedCode", "N1"),
        ("CINdetails/CINclosureDate", "2025-03-05"),
        ("CINdetails/ReasonForClosure", "RC7"),
        ("CINdetails/Section47/S47ActualStartDate", "2024-06-04"),
        # 15 working days after the strategy discussion.
        ("CINdetails/Section47/InitialCPCtarget", "2024-06-25"),
        ("CINdetails/Section47/DateOfInitialCPC", "2024-06-20"),
        ("CINdetails/Section47/ICPCnotRequired", "false"),
        ("CINdetails/ReferralNFA", "false"),
        ("CINdetails/ChildProtectionPlans/CPPstartDate", "2024-06-20"),
        ("CINdetails/ChildProtectionPlans/CPPendDate", "2025-02-27"),
        ("CINdetails/ChildProtectionPlans/InitialCategoryOfAbuse", "NEG"),
        ("CINdetails/ChildProtectionPlans/LatestCategoryOfAbuse", "EMO"),
        ("CINdetails/ChildProtectionPlans/NumberOfPreviousCPP", "1"),
        ("CINdetails/ChildProtectionPlans/Reviews/CPPreviewDate", "2024-09-12"),
        ("CINdetails/ChildProtectionPlans/Reviews/CPPreviewDate", "2025-02-27")]]
