"""Reading what is typed into the chronology pages; the services judge it.

The entry forms use the people app's form reader (what was typed comes back on error,
each error links to its field). The filters are read from the query string, where an
unknown value is simply ignored: a filter link should never fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from everychild.people.forms import Field, Form

from .models import ChronologyEntry, EntryKind, Sharing, Significance
from .selectors import ENTRY_TYPES, PATHWAY_TYPES
from .services import EntryInput, entry_problems, reason_problems

KIND_OPTIONS = [(k.value, k.label) for k in EntryKind]
SIGNIFICANCE_OPTIONS = [(s.value, s.label) for s in Significance]
SHARING_OPTIONS = [(s.value, s.label) for s in Sharing]
SHARING_HINTS = {
    Sharing.SHARED: "Every agency allowed to read this child's chronology",
    Sharing.RESTRICTED: "For example, police information while an investigation is live. "
                        "Inspectors can also read it.",
}

# The rules (required, lengths, allowed values) are the service's: the form only reads
# the date and asks the service what is wrong, so every problem shows at once.
_ENTRY_FIELDS = (
    Field("occurred_on", "The date it happened", kind="date"),
    Field("kind", "Type of entry"),
    Field("summary", "Summary"),
    Field("detail", "Details"),
    Field("significance", "Significance"),
    Field("sharing", "Who can read it"),
)
_ENTRY_NAMES = ("occurred_on", "kind", "summary", "detail", "significance", "sharing")


class EntryForm(Form):
    fields: tuple[Field, ...] = _ENTRY_FIELDS

    def entry_data(self) -> dict[str, Any]:
        return {name: self.cleaned.get(name) or ("" if name != "occurred_on" else None)
                for name in _ENTRY_NAMES}

    def check(self) -> None:
        problems = entry_problems(EntryInput(**self.entry_data()))
        for name, messages in problems.items():
            if name not in self.errors:
                self.add_errors({name: messages})


class CorrectionForm(EntryForm):
    fields: tuple[Field, ...] = (
        Field("revision", "Revision", kind="hidden"),
        *_ENTRY_FIELDS,
        Field("reason", "Why you are correcting it"),
    )

    def check(self) -> None:
        super().check()
        self.add_errors(reason_problems(self.cleaned.get("reason") or ""))

    @classmethod
    def for_entry(cls, entry: ChronologyEntry) -> CorrectionForm:
        return cls(initial={"revision": entry.revision, "occurred_on": entry.occurred_on,
                            "kind": entry.kind, "significance": entry.significance,
                            "sharing": entry.sharing, "summary": entry.summary,
                            "detail": entry.detail})


class UploadForm(Form):
    """Only for showing the service's complaints about the file on the page."""

    fields: tuple[Field, ...] = (Field("file", "File"),)


# ------------------------------------------------------------------ filters
_TYPES = {code for code, _ in ENTRY_TYPES + PATHWAY_TYPES}
_SIGNIFICANCE = set(Significance.values)
MAX_PAGE = 100_000


@dataclass(frozen=True)
class FilterChoice:
    agencies: tuple[int, ...] = ()
    types: tuple[str, ...] = ()
    significance: tuple[str, ...] = ()
    newest_first: bool = True
    page: int = 1

    @property
    def active(self) -> bool:
        return bool(self.agencies or self.types or self.significance)

    def query(self, **changes: Any) -> str:
        """The query string for these filters (with `changes`), for links."""
        from urllib.parse import urlencode

        values = {"agency": self.agencies, "type": self.types,
                  "significance": self.significance,
                  "order": "newest" if self.newest_first else "oldest", "page": self.page}
        values.update(changes)
        pairs: list[tuple[str, Any]] = []
        for key, value in values.items():
            if isinstance(value, (tuple, list)):
                pairs.extend((key, v) for v in value)
            elif value not in (None, ""):
                pairs.append((key, value))
        return urlencode(pairs)


def _whole(text: str) -> bool:
    # ASCII digits only: str.isdigit() also accepts "²" and other digits int() refuses.
    return text.isascii() and text.isdigit()


def read_filters(params: Any) -> FilterChoice:
    """Filters from a query string (a QueryDict: repeated keys for several values)."""
    def many(name: str) -> list[str]:
        values = params.getlist(name) if hasattr(params, "getlist") else []
        return [v for value in values for v in str(value).split(",") if v]

    agencies = sorted({int(v) for v in many("agency") if _whole(v) and len(v) <= 18})
    types = sorted(set(many("type")) & _TYPES)
    significance = sorted(set(many("significance")) & _SIGNIFICANCE)
    page_text = str(params.get("page", "") or "")
    page = int(page_text) if _whole(page_text) and len(page_text) <= 6 else 1
    return FilterChoice(agencies=tuple(agencies), types=tuple(types),
                        significance=tuple(significance),
                        newest_first=params.get("order") != "oldest",
                        page=min(max(page, 1), MAX_PAGE))
