"""Normalising names for search and matching."""

from __future__ import annotations

import re
import unicodedata

_NOT_NAME = re.compile(r"[^a-z\s-]")
_SPACES = re.compile(r"\s+")
# Letters that Unicode does not decompose into a base letter and an accent, so stripping
# accents alone would drop them ('Łukasz' would become 'ukasz' and never match 'Lukasz').
_UNDECOMPOSED = str.maketrans({
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŀ": "l", "ŧ": "t",
    "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ĳ": "ij",
})
# The highest code point, and the surrogates, which no database text column can hold.
_LAST_CHAR = 0x10FFFF
_SURROGATES = range(0xD800, 0xE000)


def name_key(value: str) -> str:
    """'  Zoë O'Brien ' -> 'zoe obrien': lower case, no accents or apostrophes."""
    decomposed = unicodedata.normalize("NFKD", (value or "").lower().translate(_UNDECOMPOSED))
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _SPACES.sub(" ", _NOT_NAME.sub("", ascii_only)).strip()


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix`, so a prefix
    search can use an ordinary index as a range (works the same on SQLite and PostgreSQL)."""
    stem = prefix.rstrip(chr(_LAST_CHAR))
    if not stem:
        raise ValueError("a prefix needs at least one character below U+10FFFF")
    following = ord(stem[-1]) + 1
    if following in _SURROGATES:
        following = _SURROGATES.stop
    return stem[:-1] + chr(following)
