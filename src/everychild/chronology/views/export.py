"""The chronology as a CSV file, for reading in a spreadsheet or attaching to a report."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils import timezone

from ..selectors import Chronology

# A cell a spreadsheet would read as a formula is prefixed so it is shown as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_response(chronology: Chronology, filename: str) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    family = chronology.household is not None
    writer.writerow(["Date", *(["Person"] if family else []), "Agency", "Type",
                     "Significance", "Summary", "Details", "Recorded by", "Recorded at",
                     "Revision", "Shared with"])
    for item in chronology.items:
        recorded = (timezone.localtime(item.recorded_at).strftime("%Y-%m-%d %H:%M")
                    if item.recorded_at else "")
        sharing = ("" if item.lineage is None else
                   "Recording agency and social care" if item.restricted else "All agencies")
        writer.writerow([_cell(v) for v in (
            item.on.isoformat(), *([item.person.name if item.person else ""] if family else []),
            item.agency_name, item.type_label, item.significance_label, item.summary,
            item.detail, item.recorded_by, recorded, item.revision or "", sharing)])
    response = HttpResponse(out.getvalue().encode("utf-8-sig"),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response
