"""Writing the lists as an Excel workbook, a sheet per list, in openpyxl's write-only mode
(rows stream to the file rather than building the whole workbook in memory first).

Dates are written as dates, identifiers and counts as numbers, each with the number format
its column's kind names (see columns.Kind). Text is always text: a value beginning with
"=" is not turned into a formula, and characters a workbook cannot hold are dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .columns import AnnexList, Kind

Row = dict[str, Any]


def _width(header: str) -> float:
    """Wide enough for most headers on one line, without very wide columns."""
    return float(min(max(len(header) * 0.9, 11), 45))


def _cell(ws: WriteOnlyWorksheet, value: Any, kind: Kind) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not text.startswith("="):
            return text
        cell = WriteOnlyCell(ws, text)
        cell.data_type = "s"  # shown as typed, never run as a formula
        return cell
    if isinstance(value, dt.datetime):  # a date is wanted; never a time of day
        value = value.date()
    cell = WriteOnlyCell(ws, value)
    cell.number_format = kind.value
    return cell


def _sheet(wb: Workbook, spec: AnnexList, rows: Iterable[Row]) -> None:
    ws = wb.create_sheet(spec.sheet)
    for i, column in enumerate(spec.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _width(column.header)
    ws.freeze_panes = "A2"
    ws.append(list(spec.headers))
    columns = [(c.key, c.kind) for c in spec.columns]
    for row in rows:
        ws.append([_cell(ws, row.get(key), kind) for key, kind in columns])


def write_workbook(path: Path, lists: Sequence[tuple[AnnexList, Sequence[Row]]]) -> None:
    """Write each list to its sheet, in the order given, at `path`."""
    wb = Workbook(write_only=True)
    for spec, rows in lists:
        _sheet(wb, spec, rows)
    wb.save(str(path))
