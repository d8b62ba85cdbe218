"""Producing the Annex A workbook: the checks on what was asked for, the lists, the file
written whole or not at all, and the audit entry.

The workbook is written to a hidden file beside the one asked for and renamed over it
only once complete, in the same transaction as the audit entry: a failure part way leaves
no partial workbook, and no workbook exists that the audit log does not record. Annex A
reads every child's record in the period, so the export is one audited bulk read.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from everychild.access.audit import Actor, audit_record
from everychild.core import clock

from . import assessments, front_door, plans, referrals
from .columns import (
    ASSESSMENTS,
    CHILD_PROTECTION,
    CHILDREN_IN_NEED,
    CONTACTS,
    EARLY_HELP,
    REFERRALS,
    SECTION47,
    AnnexList,
)
from .common import Period, Row
from .workbook import write_workbook

AUDIT_ACTION = "insight.annex_a_export"
# Nothing in Everychild is older than this; earlier dates are typing mistakes.
EARLIEST = dt.date(1900, 1, 1)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

BUILDERS: tuple[tuple[AnnexList, Callable[[Period], list[Row]]], ...] = (
    (CONTACTS, front_door.contacts),
    (EARLY_HELP, front_door.early_help),
    (REFERRALS, referrals.referrals),
    (ASSESSMENTS, assessments.assessments),
    (SECTION47, assessments.section47s),
    (CHILDREN_IN_NEED, plans.children_in_need),
    (CHILD_PROTECTION, plans.child_protection),
)


class ExportProblem(Exception):
    """What was asked for cannot be done; the message says why, in plain words."""


@dataclass(frozen=True)
class Exported:
    period: Period
    path: Path
    rows: dict[str, int]   # by sheet name, in the workbook's order
    titles: dict[str, str]


def as_of_date(text: str | None) -> dt.date:
    """The as-of date from what was typed: a real date, not in the future."""
    if not text:
        raise ExportProblem("Give the date the lists run up to: --as-of YYYY-MM-DD, "
                            "e.g. --as-of 2026-03-31")
    try:
        # Only the one form: fromisoformat alone would also take "20260331" or "2026-W13-2".
        day = dt.date.fromisoformat(text) if ISO_DATE.fullmatch(text) else None
    except ValueError:
        day = None
    if day is None:
        raise ExportProblem(f"{text!r} is not a date: write the as-of date as YYYY-MM-DD, "
                            "e.g. 2026-03-31")
    today = clock.today()
    if day > today:
        raise ExportProblem(f"The as-of date {day.isoformat()} is in the future: Annex A "
                            f"covers six months that have passed (today is {today.isoformat()})")
    if day < EARLIEST:
        raise ExportProblem(f"The as-of date {day.isoformat()} is before "
                            f"{EARLIEST.year}: check the year")
    return day


def output_path(text: str | None) -> Path:
    """Where to write: an .xlsx file in a folder that exists and may be written to."""
    if not text:
        raise ExportProblem("Give the file to write: --out FILE.xlsx")
    path = Path(text).expanduser()
    if path.suffix.lower() != ".xlsx":
        raise ExportProblem(f"{text} does not end in .xlsx: Annex A is written as an Excel "
                            "workbook, e.g. --out annex-a.xlsx")
    if path.is_dir():
        raise ExportProblem(f"{text} is a folder: give the name of the file to write in it")
    folder = path.parent.resolve()
    if not folder.is_dir():
        raise ExportProblem(f"The folder {folder} does not exist: create it first, or "
                            "choose another")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportProblem(f"Cannot write to the folder {folder}: you do not have "
                            "permission; choose another")
    return folder / path.name


def annex_a_export(*, actor: Actor | None, as_of: dt.date, out: Path) -> Exported:
    """Write Lists 1 to 7 for the six months to `as_of` to `out`, and audit it."""
    period = Period(as_of)
    lists = [(spec, build(period)) for spec, build in BUILDERS]
    rows = {spec.sheet: len(found) for spec, found in lists}
    try:
        handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.stem}-",
                                             suffix=".part")
    except OSError as exc:
        raise ExportProblem(f"Cannot write to the folder {out.parent}: files cannot be made "
                            f"there ({exc.strerror}); choose another") from None
    os.close(handle)
    part, renamed = Path(temporary), False
    try:
        write_workbook(part, lists)
        with transaction.atomic():
            audit_record(actor=actor, action=AUDIT_ACTION, target_type="annex_a",
                         target_id=as_of.isoformat(), detail={
                             "as_of": as_of.isoformat(),
                             "period_start": period.start.isoformat(),
                             "file": str(out), "rows": rows,
                             "children": _children(lists)})
            os.replace(part, out)
            renamed = True
    except BaseException as exc:
        if renamed:  # the audit entry did not commit: no workbook without it
            out.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportProblem(f"Could not write {out}: {exc.strerror or exc}") from None
        raise
    finally:
        part.unlink(missing_ok=True)
    return Exported(period, out, rows, {spec.sheet: spec.title for spec, _ in lists})


def _children(lists: list[tuple[AnnexList, list[Row]]]) -> int:
    """How many children's records the lists draw on (those with a record)."""
    return len({row["child_id"] for _, found in lists for row in found if row["child_id"] != ""})
