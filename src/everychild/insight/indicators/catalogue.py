"""Every indicator, in the order the dashboard shows them."""

from __future__ import annotations

from .assessments import ASSESSMENT_INDICATORS
from .model import Indicator
from .protection import PROTECTION_INDICATORS
from .rates import RATE_INDICATORS

INDICATORS: tuple[Indicator, ...] = (*ASSESSMENT_INDICATORS, *PROTECTION_INDICATORS,
                                     *RATE_INDICATORS)
BY_ID: dict[str, Indicator] = {i.id: i for i in INDICATORS}
assert len(BY_ID) == len(INDICATORS), "two indicators share an id"


def groups() -> list[tuple[str, list[Indicator]]]:
    """The dashboard's sections, each with its indicators, in order."""
    found: dict[str, list[Indicator]] = {}
    for indicator in INDICATORS:
        found.setdefault(indicator.group, []).append(indicator)
    return list(found.items())
