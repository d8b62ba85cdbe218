"""Training the model with Splink (DuckDB) on synthetic people whose truth is known.

u probabilities come from random pairs of records (almost all different people), m
probabilities from the pairs that share a true person, and the prior from the truth.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from collections import Counter
from typing import Any

import splink
from splink import DuckDBAPI, Linker

from .comparisons import COMPARISONS
from .model import Model, model_from_parameters
from .probe import Probe
from .records import MatchRecord
from .simulate import TruePerson, population, records_for_training, stored_record
from .splink_settings import settings, table

DEFAULT_PEOPLE = 60_000
DEFAULT_U_PAIRS = 1e7
# The prior is set for looking one person up among this many: a large authority's
# people, past and present. (The training file's own prior, much higher because it is
# small and full of duplicates, is kept in the model's notes.)
REFERENCE_PEOPLE = 1_000_000


def training_table(*, people: int, seed: int) -> tuple[Any, int]:
    """The labelled records as an Arrow table, and how many true matching pairs it has."""
    rng = random.Random(f"everychild:matching:train:{seed}")
    everyone = population(rng, people)
    rows: list[tuple[str, MatchRecord]] = []
    truth: list[int] = []
    for entity, source in records_for_training(rng, everyone):
        record = stored_record(source) if isinstance(source, TruePerson) else _probe(source)
        rows.append((str(len(rows)), record))
        truth.append(entity)
    sizes = Counter(truth)
    pairs = sum(n * (n - 1) // 2 for n in sizes.values())
    return table(rows, extra={"entity_id": truth}), pairs


def _probe(probe: Probe) -> MatchRecord:
    return probe.record()


def train(*, people: int = DEFAULT_PEOPLE, seed: int = 1, u_pairs: float = DEFAULT_U_PAIRS,
          quiet: bool = True) -> Model:
    started = time.perf_counter()
    data, true_pairs = training_table(people=people, seed=seed)
    records = data.num_rows
    db_api = DuckDBAPI()
    frame = db_api.register(data, dataset_display_name="training")
    linker = Linker(frame, settings("dedupe_only"),
                    log_level=logging.WARNING if quiet else logging.INFO)
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)
    linker.training.estimate_m_from_label_column("entity_id")
    trained = linker.misc.save_model_to_json()
    # Random pairs include a few true matches (a share `within` of them); for most levels
    # that is noise, but for an identifier's agreement it is all there is, and would make
    # a shared NHS number look like something two different people often have. The
    # truth is known here, so take the matches' share back out.
    within = true_pairs / (records * (records - 1) / 2)
    parameters: dict[str, list[dict[str, float]]] = {}
    for stored in trained["comparisons"]:
        levels = []
        for level in stored["comparison_levels"]:
            m = level.get("m_probability") or 0.0
            u = level.get("u_probability") or 0.0
            levels.append({"m": m, "u": max(0.0, (u - within * m) / (1 - within))})
        parameters[stored["output_column_name"]] = levels
    assert [c.name for c in COMPARISONS] == list(parameters)
    prior = 1 / REFERENCE_PEOPLE
    meta = {"trained_with": f"splink {splink.__version__}",
            "trained_on": dt.date.today().isoformat(),
            "prior": f"one in {REFERENCE_PEOPLE:,}: a description against an index of that "
                     "many people, of whom it is at most one",
            "training": {"people": people, "records": records, "true_pairs": true_pairs,
                         "training_prior": within,
                         "seed": seed, "u_pairs": u_pairs,
                         "seconds": round(time.perf_counter() - started, 1)}}
    return model_from_parameters(prior, parameters, meta)
