"""The workbook has Ofsted's sheets and columns, in the sample's order, with dates as
dates. The sample is read here, so a change on either side fails the test."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from everychild.core import clock
from everychild.insight.annex_a.columns import LISTS, Kind

from .history import AS_OF, build
from .support import SAMPLE, export, headers, read

pytestmark = pytest.mark.django_db

WRITTEN = [f"List {n}" for n in range(1, 8)]


@pytest.fixture(autouse=True)
def _after_the_as_of_date(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 11, 2))


@pytest.fixture(scope="module")
def sample():
    return load_workbook(SAMPLE)


def test_the_sheets_and_columns_are_the_samples_in_order(db, tmp_path, sample):
    out = tmp_path / "annex-a.xlsx"
    export("2026-10-15", out)
    wb = read(out)
    # Lists 1 to 7, in the sample's order; List 8 on (care) is not Everychild's to write.
    assert wb.sheetnames == WRITTEN == sample.sheetnames[:7]
    for sheet in WRITTEN:
        assert headers(wb, sheet) == headers(sample, sheet), sheet


def test_the_date_columns_are_the_samples_and_hold_real_dates(world, tmp_path, sample):
    build(world)
    out = tmp_path / "annex-a.xlsx"
    export(AS_OF.isoformat(), out)
    wb = read(out)
    for spec in LISTS:
        ours = {c.header for c in spec.columns if c.kind is Kind.DATE}
        theirs = {h for h, cell in zip(headers(sample, spec.sheet),
                                       next(sample[spec.sheet].iter_rows(min_row=2, max_row=2)),
                                       strict=True)
                  if isinstance(cell.value, dt.datetime)}
        # Every column the sample fills with dates is a date column here (the sample's
        # first row leaves some blank, so ours may have more).
        assert theirs <= ours, spec.sheet
        columns = headers(wb, spec.sheet)
        filled = 0
        for row in wb[spec.sheet].iter_rows(min_row=2):
            for header, cell in zip(columns, row, strict=True):
                if header in ours and cell.value is not None:
                    assert cell.is_date and isinstance(cell.value, dt.datetime), (header, cell)
                    assert cell.value.time() == dt.time(0), (header, cell)
                    filled += 1
                elif header not in ours and cell.value is not None:
                    assert not isinstance(cell.value, dt.datetime), (header, cell)
        assert filled, f"{spec.sheet} has no dates to check"


def test_text_that_looks_like_a_formula_stays_text(world, tmp_path):
    world.team_a.name = "=HYPERLINK(\"http://example.org\")"
    world.team_a.save()
    build(world)
    out = tmp_path / "annex-a.xlsx"
    export(AS_OF.isoformat(), out)
    cell = next(c for c in read(out)["List 3"]["J"] if c.value and "HYPERLINK" in c.value)
    assert cell.data_type == "s"
