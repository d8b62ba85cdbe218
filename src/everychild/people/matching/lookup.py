"""Finding the people a referral may be describing: gather by shared keys, then score."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import connection

from ..models import MatchKey
from .keys import probe_keys
from .model import current_model, score
from .probe import Probe
from .source import load_records

# At most this many people sharing keys with the probe are scored; the ones sharing the
# most telling keys first.
CANDIDATE_CAP = 100
BIG_BLOCK = 3000          # a key shared by more people than this is not read
REFERENCE_BLOCK = 1_000_000


@dataclass(frozen=True, slots=True)
class Candidate:
    person_id: int
    # The chance, 0 to 1, that this is the person described: the pair's match weight
    # set against those of the other candidates (and of there being none).
    score: float
    match_weight: float          # the pair's Fellegi-Sunter weight: log2 of its odds
    reasons: tuple[str, ...]     # one per comparison that said something, in plain English
    levels: Mapping[str, str] = field(default_factory=dict)  # comparison -> level label


def _ranked_people(keys: set[str], cap: int) -> list[int]:
    """The people sharing the most telling keys with the probe. A key shared by few
    people says more than one shared by many, so each counts log2(1 + REFERENCE / its
    block's size); blocks too big to say much (a common surname and birth year in a
    big city) are left out unless nothing else is shared."""
    table = connection.ops.quote_name(MatchKey._meta.db_table)
    ordered = sorted(keys)
    marks = ", ".join(["%s"] * len(ordered))
    with connection.cursor() as cursor:
        # Counting in the (key, person) index is cheap; reading the rows is not.
        cursor.execute(f"SELECT key, COUNT(*) FROM {table} WHERE key IN ({marks}) "  # noqa: S608
                       "GROUP BY key", ordered)
        sizes = dict(cursor.fetchall())
        if not sizes:
            return []
        useful = sorted(k for k, n in sizes.items() if n <= BIG_BLOCK)
        if not useful:
            useful = [min(sizes, key=lambda k: (sizes[k], k))]
        marks = ", ".join(["%s"] * len(useful))
        cursor.execute(f"SELECT key, person_id FROM {table} WHERE key IN ({marks})",  # noqa: S608
                       useful)
        rows = cursor.fetchall()
    weight = {k: math.log2(1 + REFERENCE_BLOCK / n) for k, n in sizes.items()}
    totals: dict[int, float] = defaultdict(float)
    for key, person_id in rows:
        totals[person_id] += weight[key]
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return [person_id for person_id, _ in ranked[:cap]]


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
    ranked = sorted(((score(record, stored, model, explain=False).match_weight, person_id)
                     for person_id, stored in people.items()),
                    key=lambda pair: (-pair[0], pair[1]))
    if not ranked:
        return []
    # The index holds each person once, so at most one candidate is the person: each
    # one's chance is its odds against those of all the others and of "none of them".
    top = ranked[0][0]  # weights are worked out relative to the best, so nothing overflows
    total = 2.0 ** -max(-1000.0, min(top, 1000.0)) + sum(2.0 ** (w - top) for w, _ in ranked)
    best = []
    for weight, person_id in ranked[:limit]:
        result = score(record, people[person_id], model)
        best.append(Candidate(person_id, 2.0 ** (weight - top) / total, result.match_weight,
                              result.reasons, result.levels))
    return best
