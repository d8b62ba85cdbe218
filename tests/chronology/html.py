"""Reading bits of a page's HTML in tests, as text."""

from __future__ import annotations

import html
import re


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def between(page: str, start: str, end: str) -> str | None:
    """The page's HTML from `start` to the next `end`, or None when `start` is absent."""
    at = page.find(start)
    if at < 0:
        return None
    stop = page.find(end, at + len(start))
    return page[at:stop if stop >= 0 else len(page)]


def row(page: str, name: str) -> str:
    """The text of a summary-list value marked data-summary="name"."""
    found = between(page, f'data-summary="{name}"', "</dd>")
    assert found is not None, name
    return text(found.split(">", 1)[1])
