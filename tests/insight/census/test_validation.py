"""The validator as a whole: the registry, the schema check alongside the rules, the
reports, and files with very many failures."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from everychild.insight.census.reader import read_census
from everychild.insight.census.specs import YEARS
from everychild.insight.census.validation import check_file, registry, validate
from everychild.insight.census.validation.registry import ERROR, QUERY, rule, rule_numbers
from everychild.insight.census.validation.report import as_json, summary, text_lines
from tests.insight.census import (
    test_rules_characteristics,
    test_rules_cin_details,
    test_rules_identifiers,
)
from tests.insight.census.xml_builder import (
    assessment,
    census,
    check,
    child,
    cp_plan,
    episode,
    hits,
    section47,
)

# File-level queries that any very small file meets (e.g. fewer than 8 disability codes).
FILE_LEVEL = {"2886Q", "2887Q", "2888Q"}
MY_MODULES = {"rules_header", "rules_identifiers", "rules_characteristics",
              "rules_cin_details", "rules_episodes"}


@pytest.mark.parametrize("year", sorted(YEARS))
def test_the_test_builders_default_child_meets_every_rule(year: int) -> None:
    failures = check(census(child("C1", year=year), child("C2", year=year), year=year), year)
    assert [f for f in failures if f.rule not in FILE_LEVEL] == []


def test_every_rule_of_these_modules_has_a_failing_and_passing_case() -> None:
    tested = {c.values[0].rule for module in (test_rules_identifiers, test_rules_characteristics,
                                              test_rules_cin_details) for c in module.CASES}
    mine = {r.code for r in registry.all_rules()
            if r.check.__module__.rpartition(".")[2] in MY_MODULES}
    assert mine - tested == set()
    assert len(mine) >= 50


def test_a_query_is_numbered_with_q_and_a_number_is_not_registered_twice_for_a_year() -> None:
    with pytest.raises(ValueError, match="ends in Q"):
        rule("9999", kind=QUERY, fields=(), message="x")
    with pytest.raises(ValueError, match="ends in Q"):
        rule("9999Q", kind=ERROR, fields=(), message="x")
    with pytest.raises(ValueError, match="already registered"):
        rule("8500", kind=ERROR, fields=(), message="x")(lambda child, ctx: iter(()))
    with pytest.raises(ValueError, match="no specification"):
        rule("9999", kind=ERROR, fields=(), message="x", years=(2019,))


def test_year_specific_rules_follow_the_year() -> None:
    assert "1570" not in rule_numbers(2024) and "1570" in rule_numbers(2025)
    # 8770Q changed in 2024-25: UN1 ("not of school age") stops being an answer.
    un1 = child(identifiers={"UPN": None, "UPNunknown": "UN1"})
    assert not hits(check(census(un1)), "8770Q")
    un1_2025 = child(identifiers={"UPN": None, "UPNunknown": "UN1"}, year=2025)
    assert hits(check(census(un1_2025, year=2025), 2025), "8770Q")


def test_a_failure_names_the_rule_child_field_value_and_line() -> None:
    xml = census(child("C1"), child("KID-7", ethnicity="WHIT"))
    [failure] = hits(check(xml), "4220")
    assert (failure.rule, failure.kind, failure.child, failure.field, failure.value) == (
        "4220", ERROR, "KID-7", "Ethnicity", "WHIT")
    line = xml.decode().splitlines().index("      <Ethnicity>WHIT</Ethnicity>") + 1
    assert failure.line == line
    assert "ethnicity" in failure.message.lower()


def test_schema_problems_are_failures_and_the_rules_still_run() -> None:
    xml = census(child("C1", ethnicity="WHIT",
                       episodes=[episode(ReferralSource="ZZ")]))
    xml = xml.replace(b"<Ethnicity>", b"<Nickname>Sam</Nickname><Ethnicity>")
    failures = check(xml)
    schema = hits(failures, "schema")
    assert {f.field for f in schema} >= {"Nickname", "ReferralSource"}
    assert all(f.child == "C1" and f.line > 0 for f in schema)
    assert hits(failures, "4220") and hits(failures, "8866")


def test_a_later_year_schema_wants_sex_not_gender() -> None:
    failures = check(census(child(year=2024), year=2025).replace(b"<Year>2024", b"<Year>2025")
                     .replace(b"2024-03-31", b"2025-03-31"), 2025)
    assert any(f.rule == "schema" and f.field == "GenderCurrent" for f in failures)
    assert hits(failures, "4180")


def test_a_file_with_no_children_is_an_error() -> None:
    xml = b"<Message><Header/><Children></Children></Message>"
    failures = check(xml)
    assert any(f.rule == "schema" and "no <Child>" in f.message for f in failures)


def test_validate_works_on_a_census_read_into_memory() -> None:
    c = read_census(census(child(ethnicity="WHIT")))
    assert [f.rule for f in validate(c, 2024) if f.kind == ERROR] == ["4220"]


def test_five_thousand_failing_children_are_all_reported() -> None:
    kids = [child(f"K{i}", ethnicity="WHIT") for i in range(5000)]
    result = check_file(io.BytesIO(census(*kids)), 2024)
    assert result.children == 5000
    assert len(hits(result.failures, "4220")) == 5000
    assert len(hits(result.failures, "schema")) == 5000
    report = list(text_lines(result))
    assert sum(1 for line in report if "Error 4220" in line) == 5000
    assert report[-1].startswith("2023-24 census, 5,000 children: 10,000 errors")
    assert len(json.loads(as_json(result))["failures"]) == len(result.failures)


def test_the_summary_says_queries_alone_do_not_stop_the_file() -> None:
    result = check_file(io.BytesIO(census(child())), 2024)
    assert result.errors == 0 and result.queries >= 1
    assert "no errors; the queries above need checking but do not stop the file being sent" \
        in summary(result)


def test_the_json_report_has_one_object_per_failure() -> None:
    result = check_file(io.BytesIO(census(child(ethnicity="WHIT"))), 2024)
    data = json.loads(as_json(result))
    assert data["collection"] == "2023-24" and data["children"] == 1
    assert data["errors"] == result.errors
    [eth] = [f for f in data["failures"] if f["rule"] == "4220"]
    assert eth == {"rule": "4220", "kind": "error", "message": eth["message"], "child": "C1",
                   "field": "Ethnicity", "value": "WHIT", "line": eth["line"]}


def test_a_child_outside_children_is_a_schema_failure() -> None:
    xml = census(child("C1")).replace(b"<Children>\n", b"<Children>\n<Extra>\n", 1).replace(
        b"</Children>", b"</Extra>\n</Children>")
    failures = check(xml)
    assert any(f.rule == "schema" and f.child == "C1" and "must be inside <Children>" in f.message
               for f in failures)


@pytest.mark.parametrize("year", sorted(YEARS))
def test_a_child_with_every_kind_of_block_meets_the_schema_and_rules(year: int) -> None:
    y = year - 1

    def weekday(month: int, day: int, of: int = y) -> str:
        d = dt.date(of, month, day)
        while d.weekday() >= 5:
            d += dt.timedelta(days=1)
        return d.isoformat()

    icpc = weekday(6, 20)
    full = child("C1", year=year, disabilities=("MOB", "LD"), episodes=[
        episode(year=year, cin_plans=[], DateOfInitialCPC=None,
                assessments=[assessment(("2B", "6A"), year=year)],
                section47s=[section47(year=year, DateOfInitialCPC=icpc,
                                      ICPCnotRequired="false")],
                cp_plans=[cp_plan(reviews=[weekday(9, 15), weekday(3, 8, y + 1)], year=year,
                                  CPPstartDate=icpc)])])
    failures = check(census(full, year=year), year)
    assert [f for f in failures if f.rule not in FILE_LEVEL] == []
