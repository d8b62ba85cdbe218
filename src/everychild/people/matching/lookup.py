"""Finding the people a referral may be describing: gather by shared keys, then score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import connection

from ..models import MatchKey
from .keys import KEY_WEIGHTS, probe_keys
from .model import current_model, score
from .probe import Probe
from .source import load_records

# At most this many people sharing keys with the probe are scored; the ones sharing the
# most telling keys first.
CANDIDATE_CAP = 200


@dataclass(frozen=True, slots=True)
class Candidate:
    person_id: int
    score: float                 # match probability, 0 to 1
    match_weight: float          # log2 of the odds
    reasons: tuple[str, ...]     # one per comparison that said something, in plain English
    levels: Mapping[str, str] = field(default_factory=dict)  # comparison -> level label


def _ranked_people(keys: set[str], cap: int) -> list[int]:
    table = connection.ops.quote_name(MatchKey._meta.db_table)
    weight = " ".join(f"WHEN '{kind}' THEN {w}" for kind, w in KEY_WEIGHTS.items())
    marks = ", ".join(["%s"] * len(keys))
    # Keys and weights are parameters or constants of this module; nothing typed is spliced.
    sql = (f"SELECT person_id FROM {table} WHERE key IN ({marks}) "  # noqa: S608
           f"GROUP BY person_id ORDER BY SUM(CASE substr(key, 1, 1) {weight} ELSE 1 END) DESC, "
           f"person_id LIMIT {int(cap)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, sorted(keys))
        return [row[0] for row in cursor.fetchall()]


def find_candidates(probe: Probe, *, limit: int = 10) -> list[Candidate]:
    """The people most likely to be the one the probe describes, best first.

    Not scoped: the caller applies access and sealing before showing anything. People
    merged into another record are skipped. Raises dates.BadDate (a ValueError) if the
    probe's date of birth is not a date."""
    record = probe.record()
    keys = probe_keys(record)
    if not keys:
        return []
    model = current_model()
    people = load_records(_ranked_people(keys, CANDIDATE_CAP))
    scored = []
    for person_id, stored in people.items():
        result = score(record, stored, model)
        scored.append(Candidate(person_id, result.probability, result.match_weight,
                                result.reasons, result.levels))
    scored.sort(key=lambda c: (-c.match_weight, c.person_id))
    return scored[:limit]
