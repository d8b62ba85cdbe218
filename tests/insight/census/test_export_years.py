"""Which children each year's census holds, what it says of them as things stood on its
reference date, its shape for every supported year, and sealed records."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.casework.models import Rules
from everychild.casework.services.closure import episode_close
from everychild.insight.census.export import (
    CensusExportError,
    census_export,
    derived_la_child_id,
)
from everychild.insight.census.schemas import schema_for
from everychild.insight.census.specs import YEARS
from everychild.people.models import Person

from ...casework.builders import episode_after_enquiry
from ...casework.pathway_support import open_case
from ...casework.walk_support import WalkClock, cast_of
from ...factories import PersonFactory, valid_upn
from .histories import (
    TILLIE_ID,
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


def export(year: int, tmp_path):
    out = tmp_path / f"cin-{year}.xml"
    census_export(year=year, out=out)
    root = parse(out)
    assert schema_for(year).validate(root.getroottree()), schema_for(year).error_log
    return root


def episode_fields(root, la_child_id: str) -> list[tuple[str, str]]:
    child = child_in(root, la_child_id)
    assert child is not None, f"{la_child_id} is not in the census"
    return [f for f in fields(child) if f[0].startswith("CINdetails/")]


def test_each_year_says_what_had_happened_by_its_reference_date(world, monkeypatch, tmp_path):
    walk = WalkClock(monkeypatch, dt.date(2024, 3, 4))
    # Amelia's case ran from May 2023 and closed in February 2024, before 2024-25 began.
    amelia = open_case(world, referral_date=dt.date(2023, 5, 2), rules=Rules.WT2013)
    episode_close(actor=world.social_worker, episode=amelia, closed_on=dt.date(2024, 2, 1),
                  reason="RC7", note="", version=amelia.version)
    # Tillie is referred in March 2024 and is on a plan by the end of 2023-24; a review
    # ends the plan in June and the case closes.
    cast = cast_of(world)
    identify_tillie(cast)
    episode = tillies_case(cast, refer(cast, walk, "strategy_discussion", brother=False))
    walk.working_days_on(1)
    enquire(cast, walk, episode)
    plan = initial_conference(cast, walk, episode, dt.date(2024, 3, 21))
    review(cast, walk, plan, dt.date(2024, 6, 13), decision="end_plan", category="")
    walk.to(dt.date(2024, 6, 20))
    close(cast, walk, episode, "RC7")

    y2024 = export(2024, tmp_path)
    assert [c.findtext("ChildIdentifiers/LAchildID") for c in y2024.iter("Child")] == [
        derived_la_child_id(world.child.ref), TILLIE_ID]  # Amelia's record is the older
    assert episode_fields(y2024, derived_la_child_id(world.child.ref)) == [
        ("CINdetails/CINreferralDate", "2023-05-02"),
        ("CINdetails/ReferralSource", "10"),  # opened by hand: no referral on record
        ("CINdetails/CINclosureDate", "2024-02-01"),
        ("CINdetails/ReasonForClosure", "RC7"),
        ("CINdetails/ReferralNFA", "false")]
    assert episode_fields(y2024, TILLIE_ID) == [
        ("CINdetails/CINreferralDate", "2024-03-04"),
        ("CINdetails/ReferralSource", "2A"),
        ("CINdetails/PrimaryNeedCode", "N1"),
        ("CINdetails/Section47/S47ActualStartDate", "2024-03-05"),
        ("CINdetails/Section47/InitialCPCtarget", "2024-03-26"),
        ("CINdetails/Section47/DateOfInitialCPC", "2024-03-21"),
        ("CINdetails/Section47/ICPCnotRequired", "false"),
        ("CINdetails/ReferralNFA", "false"),
        # Still open on 31 March 2024: no end date, no review yet.
        ("CINdetails/ChildProtectionPlans/CPPstartDate", "2024-03-21"),
        ("CINdetails/ChildProtectionPlans/InitialCategoryOfAbuse", "NEG"),
        ("CINdetails/ChildProtectionPlans/LatestCategoryOfAbuse", "NEG"),
        ("CINdetails/ChildProtectionPlans/NumberOfPreviousCPP", "1")]

    y2025 = export(2025, tmp_path)
    # Open across the start of 2024-25, so returned again; the enquiry and the initial
    # conference were over before the year began, so only the plan and the closure show.
    assert [c.findtext("ChildIdentifiers/LAchildID") for c in y2025.iter("Child")] == [
        TILLIE_ID]
    assert episode_fields(y2025, TILLIE_ID) == [
        ("CINdetails/CINreferralDate", "2024-03-04"),
        ("CINdetails/ReferralSource", "2A"),
        ("CINdetails/PrimaryNeedCode", "N1"),
        ("CINdetails/CINclosureDate", "2024-06-20"),
        ("CINdetails/ReasonForClosure", "RC7"),
        ("CINdetails/ReferralNFA", "false"),
        ("CINdetails/ChildProtectionPlans/CPPstartDate", "2024-03-21"),
        ("CINdetails/ChildProtectionPlans/CPPendDate", "2024-06-13"),
        ("CINdetails/ChildProtectionPlans/InitialCategoryOfAbuse", "NEG"),
        ("CINdetails/ChildProtectionPlans/LatestCategoryOfAbuse", "NEG"),
        ("CINdetails/ChildProtectionPlans/NumberOfPreviousCPP", "1"),
        ("CINdetails/ChildProtectionPlans/Reviews/CPPreviewDate", "2024-06-13")]

    # Nobody was in need in 2025-26: there is nothing to return, and no file is left.
    with pytest.raises(CensusExportError, match="no children in need in 2025-26"):
        census_export(year=2026, out=tmp_path / "cin-2026.xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cin-2024.xml", "cin-2025.xml"]


def test_every_year_has_its_own_shape(world, monkeypatch, tmp_path):
    """2023-24 gives the child's gender as GenderCurrent, later years as Sex; an unborn
    child is 'not recorded or unborn' (0) and then U, with the expected date of birth."""
    WalkClock(monkeypatch, dt.date(2023, 6, 5))
    Person.objects.filter(pk=world.child.pk).update(la_child_id="NB00000001")
    open_case(world, referral_date=dt.date(2023, 6, 1))  # open ever since
    unborn = PersonFactory(given_name="", family_name="Baby", sex="U", date_of_birth=None,
                           expected_date_of_birth=dt.date(2027, 6, 1), la_child_id="NB00000002")
    episode_after_enquiry(world, child=unborn, family=False)
    expected = {2024: ("GenderCurrent", "2", "0"), 2025: ("Sex", "F", "U"),
                2026: ("Sex", "F", "U"), 2027: ("Sex", "F", "U")}
    assert set(expected) == set(YEARS)
    for year, (element, girl, not_born) in expected.items():
        root = export(year, tmp_path)
        amelia = dict(fields(child_in(root, "NB00000001").find("ChildIdentifiers")))
        baby = dict(fields(child_in(root, "NB00000002").find("ChildIdentifiers")))
        assert (amelia[element], baby[element]) == (girl, not_born), year
        other = "Sex" if element == "GenderCurrent" else "GenderCurrent"
        assert other not in amelia and other not in baby
        assert baby["ExpectedPersonBirthDate"] == "2027-06-01"
        assert "PersonBirthDate" not in baby
        header = root.find("Header")
        assert [header.findtext(f"CollectionDetails/{f}") for f in ("Year", "ReferenceDate")
                ] == [str(year), f"{year}-03-31"]
        assert header.findtext("Source/LEA") == "990"


def test_a_sealed_child_is_returned_without_what_would_tie_them_to_before(world, monkeypatch,
                                                                         tmp_path):
    WalkClock(monkeypatch, dt.date(2024, 9, 2))
    sealed = world.sealed_child
    upn, former = valid_upn(), valid_upn()
    Person.objects.filter(pk=sealed.pk).update(upn=upn, former_upn=former,
                                               disabilities=["NONE"])
    episode_after_enquiry(world, child=sealed, family=False)
    out = tmp_path / "cin.xml"
    census_export(year=2025, out=out)
    text = out.read_text()
    ids = dict(fields(parse(out).find("Children/Child/ChildIdentifiers")))
    assert ids["UPN"] == upn and "FormerUPN" not in ids
    assert former not in text
    assert "Hidden" not in text and "Sealedchild" not in text and str(sealed.ref) not in text
