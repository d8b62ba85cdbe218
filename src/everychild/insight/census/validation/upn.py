"""Unique Pupil Numbers as the census rules read them.

A UPN is 13 characters: a check letter, twelve digits (the authority's three-digit code,
the school's four digits, the two-digit year of allocation, a three-digit serial), except
that a temporary UPN ends in a letter instead of its last digit. The check letter itself
is worked out as the rest of Everychild works it out (`core.identifiers`).
"""

from __future__ import annotations

from everychild.core.identifiers import UPN_LETTERS, upn_check_letter

# The 23 letters a check letter (or a temporary UPN's last character) may be: no I, O or S.
LETTERS = UPN_LETTERS


def check_letter(upn: str) -> str | None:
    """The check letter the last twelve characters of `upn` call for, or None if they are
    not twelve characters of the right kinds."""
    body = upn[1:]
    if len(body) != 12 or not body.isascii() or not body[:11].isdigit() or not (
            body[11].isdigit() or body[11] in LETTERS):
        return None
    return upn_check_letter(body)
