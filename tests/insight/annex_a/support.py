"""Reading a written Annex A workbook back, as an inspector's spreadsheet would."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from django.core.management import call_command
from openpyxl import Workbook, load_workbook

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "Annex_A_sample.xlsx"


def export(as_of: str, out: Path) -> str:
    """Run the command; what it printed."""
    printed = io.StringIO()
    call_command("annex_a", "--as-of", as_of, "--out", str(out), stdout=printed)
    return printed.getvalue()


def headers(wb: Workbook, sheet: str) -> list[str]:
    return [c.value for c in next(wb[sheet].iter_rows(max_row=1))]


def rows(wb: Workbook, sheet: str) -> list[dict[str, Any]]:
    """Each data row as {header: value}, dates as dates, blanks as None."""
    ws = wb[sheet]
    names = headers(wb, sheet)
    out = []
    for row in ws.iter_rows(min_row=2, values_only=True):
        out.append({name: (value.date() if isinstance(value, dt.datetime) else value)
                    for name, value in zip(names, row, strict=False)})
    return out


def pick(found: list[dict[str, Any]], *columns: str) -> list[tuple]:
    return [tuple(r.get(c) for c in columns) for r in found]


def read(path: Path) -> Workbook:
    return load_workbook(path)
