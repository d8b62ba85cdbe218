"""The DfE's rules on Assessments blocks: each with a failing case and the passing case
nearest to it. The 2023-24 census year (1 April 2023 to 31 March 2024) unless stated."""

from __future__ import annotations

from collections.abc import Iterable

from everychild.insight.census.validation import Failure
from tests.insight.census.xml_builder import assessment, census, check, child, episode, fails, hits


def run(*episodes: str, year: int = 2024, disabilities: Iterable[str] = ("NONE",)) -> list[Failure]:
    return check(census(child("C1", episodes=list(episodes), disabilities=disabilities,
                              year=year), year=year), year)


def with_assessments(*blocks: str, year: int = 2024, **episode_fields: str | None) -> list[Failure]:
    return run(episode(assessments=list(blocks), year=year, **episode_fields), year=year)


def test_1103_assessment_cannot_start_before_the_referral() -> None:
    failures = with_assessments(assessment(AssessmentActualStartDate="2023-05-31"))
    assert fails(failures, "1103", "C1", "AssessmentActualStartDate")
    assert "2023-06-01" in hits(failures, "1103")[0].message
    assert not hits(with_assessments(assessment(AssessmentActualStartDate="2023-06-01")), "1103")


def test_8608_authorisation_cannot_come_before_the_start() -> None:
    failures = with_assessments(assessment(AssessmentAuthorisationDate="2023-06-01"))
    assert fails(failures, "8608", "C1", "AssessmentAuthorisationDate")
    same_day = with_assessments(assessment(AssessmentAuthorisationDate="2023-06-02"))
    assert not hits(same_day, "8608")


def test_8614_factors_only_on_a_completed_assessment() -> None:
    failures = with_assessments(assessment(AssessmentAuthorisationDate=None))
    assert fails(failures, "8614", "C1", "AssessmentFactors")
    open_without_factors = with_assessments(assessment(None, AssessmentAuthorisationDate=None))
    assert not hits(open_without_factors, "8614")


def test_8617_code_8a_is_not_a_factor() -> None:
    assert fails(with_assessments(assessment(["8A"])), "8617", "C1", "AssessmentFactors")
    assert not hits(with_assessments(assessment(["8B"])), "8617")


def test_8670q_open_assessment_started_over_45_working_days_before_year_end() -> None:
    # 26 January 2024 is 45 working days before 31 March 2024 (Good Friday 29 March excluded).
    late = with_assessments(assessment(None, AssessmentActualStartDate="2024-01-25",
                                       AssessmentAuthorisationDate=None))
    assert fails(late, "8670Q", "C1", "AssessmentActualStartDate")
    assert hits(late, "8670Q")[0].kind == "query"
    in_time = with_assessments(assessment(None, AssessmentActualStartDate="2024-01-26",
                                          AssessmentAuthorisationDate=None))
    assert not hits(in_time, "8670Q")
    completed = with_assessments(assessment(AssessmentActualStartDate="2024-01-25",
                                            AssessmentAuthorisationDate="2024-03-01"))
    assert not hits(completed, "8670Q")


def test_8696_authorisation_date_within_the_census_year() -> None:
    after = with_assessments(assessment(AssessmentActualStartDate="2024-03-01",
                                        AssessmentAuthorisationDate="2024-04-01"))
    assert fails(after, "8696", "C1", "AssessmentAuthorisationDate")
    last_day = with_assessments(assessment(AssessmentActualStartDate="2024-03-01",
                                           AssessmentAuthorisationDate="2024-03-31"))
    assert not hits(last_day, "8696")
    before = with_assessments(assessment(AssessmentActualStartDate="2023-03-01",
                                         AssessmentAuthorisationDate="2023-03-31"),
                              CINreferralDate="2023-03-01")
    assert fails(before, "8696", "C1", "AssessmentAuthorisationDate")
    first_day = with_assessments(assessment(AssessmentActualStartDate="2023-03-01",
                                            AssessmentAuthorisationDate="2023-04-01"),
                                 CINreferralDate="2023-03-01")
    assert not hits(first_day, "8696")


def test_8736_open_assessment_must_start_in_the_census_year() -> None:
    before = with_assessments(assessment(None, AssessmentActualStartDate="2023-03-31",
                                         AssessmentAuthorisationDate=None),
                              CINreferralDate="2023-03-01")
    assert fails(before, "8736", "C1", "AssessmentActualStartDate")
    first_day = with_assessments(assessment(None, AssessmentActualStartDate="2023-04-01",
                                            AssessmentAuthorisationDate=None),
                                 CINreferralDate="2023-03-01")
    assert not hits(first_day, "8736")
    after = with_assessments(assessment(None, AssessmentActualStartDate="2024-04-01",
                                        AssessmentAuthorisationDate=None))
    assert fails(after, "8736", "C1", "AssessmentActualStartDate")


def test_8863q_assessment_starting_while_another_is_under_way() -> None:
    first = assessment(AssessmentActualStartDate="2023-06-02",
                       AssessmentAuthorisationDate="2023-07-10")
    overlapping = with_assessments(first, assessment(AssessmentActualStartDate="2023-07-10",
                                                     AssessmentAuthorisationDate="2023-08-01"))
    found = hits(overlapping, "8863Q")
    assert [f.value for f in found] == ["2023-07-10"]
    assert fails(overlapping, "8863Q", "C1", "AssessmentActualStartDate")
    after = with_assessments(first, assessment(AssessmentActualStartDate="2023-07-11",
                                               AssessmentAuthorisationDate="2023-08-01"))
    assert not hits(after, "8863Q")


def test_8863q_an_open_assessment_runs_to_the_end_of_the_year() -> None:
    still_open = assessment(None, AssessmentActualStartDate="2023-06-02",
                            AssessmentAuthorisationDate=None)
    later = with_assessments(still_open, assessment(AssessmentActualStartDate="2024-01-10",
                                                    AssessmentAuthorisationDate="2024-02-01"))
    assert fails(later, "8863Q", "C1", "AssessmentActualStartDate")
    # Assessments in different episodes are not compared.
    apart = run(episode(assessments=[still_open], cin_plans=[], CINclosureDate="2023-12-01",
                        ReasonForClosure="RC1"),
                episode(CINreferralDate="2024-01-05",
                        assessments=[assessment(AssessmentActualStartDate="2024-01-10",
                                                AssessmentAuthorisationDate="2024-02-01")],
                        cin_plans=[]))
    assert not hits(apart, "8863Q")


def test_8869_no_factors_code_stands_alone() -> None:
    assert fails(with_assessments(assessment(["21", "2B"])), "8869", "C1", "AssessmentFactors")
    assert not hits(with_assessments(assessment(["21"])), "8869")


def test_8873_single_assessment_with_no_factors_closes_as_rc8() -> None:
    def closed(assessments: list[str], reason: str) -> list[Failure]:
        return run(episode(assessments=assessments, cin_plans=[], CINclosureDate="2023-08-01",
                           ReasonForClosure=reason))

    wrong = closed([assessment(["21"])], "RC9")
    assert fails(wrong, "8873", "C1", "ReasonForClosure")
    assert not hits(closed([assessment(["21"])], "RC8"), "8873")
    second = assessment(["2B"], AssessmentActualStartDate="2023-07-11",
                        AssessmentAuthorisationDate="2023-07-20")
    assert not hits(closed([assessment(["21"]), second], "RC9"), "8873")


def test_8896_only_one_open_assessment_per_episode() -> None:
    def open_one(start: str) -> str:
        return assessment(None, AssessmentActualStartDate=start, AssessmentAuthorisationDate=None)

    two_open = with_assessments(open_one("2024-02-01"), open_one("2024-02-05"))
    assert fails(two_open, "8896", "C1", "AssessmentAuthorisationDate")
    assert len(hits(two_open, "8896")) == 1
    one_open = with_assessments(assessment(), open_one("2024-02-05"))
    assert not hits(one_open, "8896")


def test_8897_completed_assessment_needs_a_factor() -> None:
    assert fails(with_assessments(assessment(None)), "8897", "C1", "AssessmentFactors")
    assert not hits(with_assessments(assessment(["21"])), "8897")
    # Completed before the census year: not checked.
    earlier = with_assessments(assessment(None, AssessmentActualStartDate="2023-03-01",
                                          AssessmentAuthorisationDate="2023-03-31"),
                               CINreferralDate="2023-03-01")
    assert not hits(earlier, "8897")


def test_8898_factor_codes_not_repeated() -> None:
    failures = with_assessments(assessment(["2B", "3A", "2B"]))
    assert fails(failures, "8898", "C1", "AssessmentFactors")
    assert [f.value for f in hits(failures, "8898")] == ["2B"]
    assert not hits(with_assessments(assessment(["2B", "2C"])), "8898")


def test_8899q_disabled_child_has_a_disability_factor() -> None:
    failures = run(episode(), disabilities=["HAND"])
    assert fails(failures, "8899Q", "C1", "AssessmentFactors")
    with_factor = run(episode(assessments=[assessment(["2B", "5A"])]), disabilities=["HAND"])
    assert not hits(with_factor, "8899Q")
    assert not hits(run(episode(), disabilities=["NONE"]), "8899Q")


def test_8945q_and_8950q_retired_codes_from_2024_25() -> None:
    for code, rule, fine in (("18A", "8945Q", "18B"), ("19A", "8950Q", "19C")):
        failures = with_assessments(assessment([code], year=2025), year=2025)
        assert fails(failures, rule, "C1", "AssessmentFactors")
        assert not hits(with_assessments(assessment([fine], year=2025), year=2025), rule)
        # Not a rule in 2023-24.
        assert not hits(with_assessments(assessment([code])), rule)
