"""Identifiers for children in England and their check characters.

Pure functions: the people app validates with them and the synthetic generator makes
valid identifiers with them.
"""

from __future__ import annotations

import re

# The DfE's Unique Pupil Number alphabet leaves out I, O and S, which read as digits.
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_BODY = re.compile(r"[0-9]{11}[0-9A-HJ-NP-RT-Z]")
_NHS = re.compile(r"[0-9]{10}")


def normalise_nhs_number(value: str) -> str:
    """Strip the spaces and hyphens people type (e.g. '943 476 5919')."""
    return re.sub(r"[\s-]", "", value or "")


def nhs_check_digit(first_nine: str) -> int | None:
    """Modulus-11 check digit for nine digits; None when no valid digit exists (10)."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def nhs_number_problem(value: str) -> str | None:
    """Why an NHS number is not acceptable, or None if it is."""
    number = normalise_nhs_number(value)
    if not _NHS.fullmatch(number):
        return "NHS number must be 10 digits, like 943 476 5919"
    if len(set(number)) == 1:
        return "NHS number cannot be the same digit repeated"
    if nhs_check_digit(number[:9]) != int(number[9]):
        return "NHS number is not valid: check the digits, the last one does not match"
    return None


def normalise_upn(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def upn_check_letter(body: str) -> str:
    """Check letter for the 12 characters after it (a final letter counts by its place)."""
    total = 0
    for weight, char in enumerate(body, start=2):
        total += (UPN_LETTERS.index(char) if char.isalpha() else int(char)) * weight
    return UPN_LETTERS[total % 23]


def upn_problem(value: str) -> str | None:
    """Why a Unique Pupil Number is not acceptable, or None if it is."""
    upn = normalise_upn(value)
    if len(upn) != 13 or upn[0] not in UPN_LETTERS or not _UPN_BODY.fullmatch(upn[1:]):
        return ("Unique Pupil Number must be 13 characters: a check letter, then 11 digits "
                "and a digit or letter")
    if upn_check_letter(upn[1:]) != upn[0]:
        return "Unique Pupil Number is not valid: the check letter does not match"
    return None


_LA_CHILD_ID = re.compile(r"[A-Za-z0-9]{1,10}")


def la_child_id_problem(value: str) -> str | None:
    """The census allows up to 10 letters and digits for a local authority's child ID."""
    # fullmatch: `$` would also accept a trailing newline.
    if not _LA_CHILD_ID.fullmatch(value or ""):
        return "Local authority child ID must be 1 to 10 letters or digits"
    return None
