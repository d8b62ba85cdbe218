"""UK postcodes: the shape check used when an address is entered."""

from __future__ import annotations

import re

# Outward code (area, district) then inward code (sector digit, unit letters); GIR 0AA too.
_POSTCODE = re.compile(r"GIR 0AA|[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2}")


def normalise_postcode(value: str) -> str:
    compact = "".join((value or "").upper().split())
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def postcode_problem(value: str) -> str | None:
    postcode = normalise_postcode(value)
    if not postcode:
        return "Enter a postcode, like SW1A 2AA"
    if not _POSTCODE.fullmatch(postcode):
        return "Enter a real postcode, like SW1A 2AA"
    return None
