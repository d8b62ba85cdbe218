"""Identity matching: is the person a referral names someone already known?

    from everychild.people.matching import (
        Probe, Candidate, find_candidates, link_decision, refresh_match_keys)

A Fellegi-Sunter model whose parameters Splink trained on synthetic people
(data/model.json); the per-referral lookup gathers people by blocking keys (MatchKey)
and scores them in Python with the same comparison levels the batch tools give Splink.
"""

from .dates import BadDate, PartialDate, parse_partial_date
from .decision import (
    AUTO_LINK_MARGIN,
    AUTO_LINK_THRESHOLD,
    REVIEW_THRESHOLD,
    auto_link_refused,
    link_decision,
)
from .index import rebuild_all_match_keys, refresh_match_keys
from .lookup import Candidate, find_candidates
from .probe import Probe

__all__ = [
    "AUTO_LINK_MARGIN",
    "AUTO_LINK_THRESHOLD",
    "REVIEW_THRESHOLD",
    "BadDate",
    "Candidate",
    "PartialDate",
    "Probe",
    "auto_link_refused",
    "find_candidates",
    "link_decision",
    "parse_partial_date",
    "rebuild_all_match_keys",
    "refresh_match_keys",
]
