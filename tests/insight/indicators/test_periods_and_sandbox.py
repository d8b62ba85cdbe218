"""Months and financial years as analysts write them, the figures a year is made of, and
DuckDB kept to the tables it is given (no extension fetched, no file read)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from everychild.insight.indicators.compute import connect
from everychild.insight.indicators.periods import FinancialYear, Month, PeriodError
from everychild.insight.indicators.series import last_years, year_months


def test_a_financial_year_runs_from_april_to_march():
    assert Month(2024, 3).financial_year == FinancialYear(2023)
    assert Month(2024, 4).financial_year == FinancialYear(2024)
    year = FinancialYear.parse("2023-24")
    assert (year.start, year.end, year.key) == (dt.date(2023, 4, 1), dt.date(2024, 3, 31),
                                                "2023-24")
    assert FinancialYear.parse("1999-00").end == dt.date(2000, 3, 31)


def test_a_year_shown_part_way_through_stops_at_the_last_month_shown():
    months = year_months(FinancialYear(2026), Month(2026, 9))
    assert (months[0], months[-1], len(months)) == (Month(2026, 4), Month(2026, 9), 6)
    assert year_months(FinancialYear(2027), Month(2026, 9)) == []
    assert last_years(Month(2026, 3), 2) == [FinancialYear(2024), FinancialYear(2025)]


@pytest.mark.parametrize(("text", "message"), [
    ("2024-13", "between 01 and 12"), ("March 2024", "like 2026-03"), ("", "like 2026-03"),
    ("1850-01", "1900 or later")])
def test_a_month_that_cannot_be_read_says_why(text, message):
    with pytest.raises(PeriodError, match=message):
        Month.parse(text)


def test_a_financial_year_must_run_into_the_next_year():
    with pytest.raises(PeriodError, match="next year"):
        FinancialYear.parse("2024-26")


def test_duckdb_may_not_fetch_extensions_or_read_files(tmp_path):
    con = connect()
    path = tmp_path / "rows.csv"
    path.write_text("a\n1\n")
    with pytest.raises(duckdb.Error):
        con.execute(f"SELECT * FROM read_csv('{path}')").fetchall()
    # A scanner that is not built in would have to be downloaded: it is refused instead.
    with pytest.raises(duckdb.Error):
        con.execute(f"SELECT * FROM sqlite_scan('{tmp_path / 'x.db'}', 'x')").fetchall()
