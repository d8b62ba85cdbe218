"""The DfE's rules on Section47 blocks and initial conference dates: each with a failing case
and the passing case nearest to it. The 2023-24 census year (1 April 2023 to 31 March 2024);
the referral is 1 June 2023."""

from __future__ import annotations

import pytest

from everychild.insight.census.specs import YEARS
from everychild.insight.census.validation import Failure
from everychild.insight.census.validation.registry import rules_for
from tests.insight.census.xml_builder import (
    census,
    check,
    child,
    episode,
    fails,
    hits,
    section47,
)

NUMBERS = {"1104", "2884", "2889", "8615", "8675Q", "8715", "8740", "8839", "8870Q", "8875",
           "8890"}


def enquiries(*blocks: str, **episode_fields: str | None) -> list[Failure]:
    return check(census(child("C1", episodes=[episode(section47s=list(blocks),
                                                      **episode_fields)])))


def awaiting(start: str, **fields: str | None) -> str:
    """An enquiry with no conference yet, not marked as needing none."""
    return section47(S47ActualStartDate=start, ICPCnotRequired="false", **fields)


def conference(held: str, start: str = "2023-06-05") -> str:
    return section47(S47ActualStartDate=start, DateOfInitialCPC=held, ICPCnotRequired="false")


@pytest.mark.parametrize("year", sorted(YEARS))
def test_every_section47_rule_is_registered_each_year(year: int) -> None:
    assert {r.code for r in rules_for(year)} >= NUMBERS


def test_1104_conference_not_before_the_referral() -> None:
    early = enquiries(conference("2023-05-31", start="2023-05-30"))
    assert fails(early, "1104", "C1", "DateOfInitialCPC")
    assert not hits(enquiries(conference("2023-06-01", start="2023-06-01")), "1104")
    # The same check where the conference is given on the episode.
    on_episode = enquiries(DateOfInitialCPC="2023-05-31")
    assert fails(on_episode, "1104", "C1", "DateOfInitialCPC")
    assert not hits(enquiries(DateOfInitialCPC="2023-06-01"), "1104")


def test_2884_conference_recorded_in_one_place_only() -> None:
    twice = enquiries(conference("2023-06-26"), DateOfInitialCPC="2023-06-26")
    assert fails(twice, "2884", "C1", "DateOfInitialCPC")
    different = enquiries(conference("2023-06-26"), DateOfInitialCPC="2023-06-27")
    assert not hits(different, "2884")


def test_2889_enquiry_not_before_the_referral() -> None:
    assert fails(enquiries(awaiting("2023-05-31")), "2889", "C1", "S47ActualStartDate")
    assert not hits(enquiries(awaiting("2023-06-01")), "2889")


def test_8615_enquiry_starts_by_its_conference() -> None:
    late = enquiries(conference("2023-06-26", start="2023-06-27"))
    assert fails(late, "8615", "C1", "S47ActualStartDate")
    assert not hits(enquiries(conference("2023-06-26", start="2023-06-26")), "8615")
    no_start = enquiries(section47(S47ActualStartDate=None, DateOfInitialCPC="2023-06-26",
                                   ICPCnotRequired="false"))
    assert fails(no_start, "8615", "C1", "S47ActualStartDate")


def test_8675q_enquiry_awaiting_conference_over_15_working_days() -> None:
    # 8 March 2024 is 15 working days before 31 March 2024 (Good Friday 29 March excluded).
    overdue = enquiries(awaiting("2024-03-07"))
    assert fails(overdue, "8675Q", "C1", "S47ActualStartDate")
    assert hits(overdue, "8675Q")[0].kind == "query"
    assert not hits(enquiries(awaiting("2024-03-08")), "8675Q")
    not_needed = enquiries(section47(S47ActualStartDate="2024-03-07", ICPCnotRequired="true"))
    assert not hits(not_needed, "8675Q")


def test_8715_conference_within_the_census_year() -> None:
    assert fails(enquiries(conference("2024-04-01")), "8715", "C1", "DateOfInitialCPC")
    assert not hits(enquiries(conference("2024-03-31")), "8715")
    early = {"CINreferralDate": "2023-03-01"}
    before = enquiries(conference("2023-03-31", start="2023-03-10"), **early)
    assert fails(before, "8715", "C1", "DateOfInitialCPC")
    assert not hits(enquiries(conference("2023-04-01", start="2023-03-10"), **early), "8715")
    assert fails(enquiries(DateOfInitialCPC="2024-04-01"), "8715", "C1", "DateOfInitialCPC")


def test_8740_enquiry_awaiting_conference_started_in_the_year() -> None:
    early = {"CINreferralDate": "2023-03-01"}
    before = enquiries(awaiting("2023-03-31"), **early)
    assert fails(before, "8740", "C1", "S47ActualStartDate")
    assert not hits(enquiries(awaiting("2023-04-01"), **early), "8740")
    held = enquiries(conference("2023-04-03", start="2023-03-31"), **early)
    assert not hits(held, "8740")


def test_8839_one_enquiry_awaiting_conference_per_episode() -> None:
    two = enquiries(awaiting("2024-03-11"), awaiting("2024-03-12"))
    assert fails(two, "8839", "C1", "DateOfInitialCPC")
    assert len(hits(two, "8839")) == 1
    one = enquiries(awaiting("2024-03-11"),
                    section47(S47ActualStartDate="2024-03-12", ICPCnotRequired="true"))
    assert not hits(one, "8839")


def test_8870q_conference_target_not_at_a_weekend() -> None:
    saturday = enquiries(awaiting("2024-03-11", InitialCPCtarget="2023-07-01"))
    assert fails(saturday, "8870Q", "C1", "InitialCPCtarget")
    assert "Saturday" in hits(saturday, "8870Q")[0].message
    assert not hits(enquiries(awaiting("2024-03-11", InitialCPCtarget="2023-07-03")), "8870Q")


def test_8875_conference_not_at_a_weekend() -> None:
    saturday = enquiries(conference("2024-01-20"))
    assert fails(saturday, "8875", "C1", "DateOfInitialCPC")
    assert not hits(enquiries(conference("2024-01-22")), "8875")
    assert fails(enquiries(DateOfInitialCPC="2024-01-21"), "8875", "C1", "DateOfInitialCPC")


def test_8890_enquiry_not_started_while_another_is_under_way() -> None:
    first = conference("2023-06-26", start="2023-06-05")
    on_conference_day = enquiries(first, awaiting("2023-06-26"))
    assert fails(on_conference_day, "8890", "C1", "S47ActualStartDate")
    assert [f.value for f in hits(on_conference_day, "8890")] == ["2023-06-26"]
    assert not hits(enquiries(first, awaiting("2023-06-27")), "8890")


def test_8890_an_enquiry_awaiting_conference_runs_to_the_end_of_the_year() -> None:
    later = section47(S47ActualStartDate="2024-02-01", ICPCnotRequired="true")
    assert fails(enquiries(awaiting("2023-06-05"), later), "8890", "C1", "S47ActualStartDate")
    closed_without = section47(S47ActualStartDate="2023-06-05", ICPCnotRequired="true")
    assert not hits(enquiries(closed_without, later), "8890")
