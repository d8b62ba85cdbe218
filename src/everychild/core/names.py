"""Normalising names for search and matching."""

from __future__ import annotations

import re
import unicodedata

_NOT_NAME = re.compile(r"[^a-z\s-]")
_SPACES = re.compile(r"\s+")


def name_key(value: str) -> str:
    """'  Zoë O'Brien ' -> 'zoe obrien': lower case, no accents or apostrophes."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _SPACES.sub(" ", _NOT_NAME.sub("", ascii_only)).strip()


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix`, so a prefix
    search can use an ordinary index as a range (works the same on SQLite and PostgreSQL)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
