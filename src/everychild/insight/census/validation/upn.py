"""Unique Pupil Numbers: their shape and check letter, as the DfE specifies them.

A UPN is 13 characters: a check letter, twelve digits (the authority's three-digit code,
the school's four digits, the two-digit year of allocation, a three-digit serial), except
that a temporary UPN ends in a letter instead of its last digit.
"""

from __future__ import annotations

import re

# The 23 letters a check letter (or a temporary UPN's last character) may be: no I, O or S.
LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_SHAPE = re.compile(r"[A-Z]\d{11}[0-9A-Z]")


def check_letter(upn: str) -> str | None:
    """The check letter the last twelve characters of `upn` call for, or None if they are
    not twelve characters of the right kinds."""
    body = upn[1:]
    if len(body) != 12 or not body[:11].isdigit():
        return None
    last = body[11]
    if last.isdigit():
        last_value = int(last)
    elif last in LETTERS:
        last_value = LETTERS.index(last)
    else:
        return None
    total = last_value * 13
    for weight, ch in zip(range(2, 13), body, strict=False):
        total += (ord(ch) - 48) * weight
    return LETTERS[total % 23]


def well_formed(upn: str) -> bool:
    """Thirteen characters of the right kinds in the right places (check letter not checked)."""
    return bool(_SHAPE.fullmatch(upn)) and (upn[12].isdigit() or upn[12] in LETTERS) \
        and upn[0] in LETTERS


def has_valid_check_letter(upn: str) -> bool:
    return well_formed(upn) and check_letter(upn) == upn[0]
