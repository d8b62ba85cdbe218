"""What to do with a referral's candidates: link at once, ask a person, or record anew.

The thresholds were chosen from bench/matching.py (see docs/decisions/0007): at the
auto-link threshold no lookup of the benchmark was linked to the wrong person (5,000
lookups against a million people); at the review threshold F1 was highest. A
candidate's score already weighs it against the other candidates, so two people who fit
a description equally well share the chance between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from .lookup import Candidate

AUTO_LINK_THRESHOLD = 0.99
REVIEW_THRESHOLD = 0.5
# The best must beat the runner-up by this many bits of match weight (2^10: a thousand
# times likelier) to be linked without a person looking.
AUTO_LINK_MARGIN = 10.0

# Levels that leave the given name in doubt: twins share everything else.
_GIVEN_IN_DOUBT = {"null", "differs", "similar", "initial"}

Decision = Literal["auto", "review", "none"]


def _identifier_agrees(candidate: Candidate) -> bool:
    return "agrees" in (candidate.levels.get("nhs_number"), candidate.levels.get("upn"))


def auto_link_refused(candidate: Candidate) -> str | None:
    """Why this candidate may not be linked without a person looking, if it may not."""
    levels = candidate.levels
    if "differs" in (levels.get("nhs_number"), levels.get("upn")):
        return "an identifier differs"
    if levels.get("given_name") in _GIVEN_IN_DOUBT and not _identifier_agrees(candidate):
        return "the given name does not agree (a twin or sibling shares the rest)"
    return None


def link_decision(candidates: Sequence[Candidate]) -> Decision:
    """"auto" when the best is above AUTO_LINK_THRESHOLD, far above the runner-up and
    nothing speaks against it; "review" when any is above REVIEW_THRESHOLD; else "none"."""
    if not candidates:
        return "none"
    ranked = sorted(candidates, key=lambda c: -c.match_weight)
    best = ranked[0]
    runner_up = ranked[1] if len(ranked) > 1 else None
    if (best.score >= AUTO_LINK_THRESHOLD
            and (runner_up is None
                 or best.match_weight - runner_up.match_weight >= AUTO_LINK_MARGIN)
            and auto_link_refused(best) is None):
        return "auto"
    if best.score >= REVIEW_THRESHOLD:
        return "review"
    return "none"
