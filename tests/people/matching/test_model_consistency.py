"""The per-referral scorer and Splink agree: for every pair Splink scores in a synthetic
sample, each comparison's weight (so its level) and the total match weight in Python are
the ones Splink computes from the same comparisons and trained parameters."""

from __future__ import annotations

import math
import random

import pytest
from splink import DuckDBAPI, Linker

from everychild.people.matching.comparisons import COMPARISONS
from everychild.people.matching.model import current_model, score
from everychild.people.matching.simulate import (
    TruePerson,
    population,
    records_for_training,
    stored_record,
)
from everychild.people.matching.splink_settings import settings, table


@pytest.fixture(scope="module")
def sample():
    rng = random.Random("consistency")
    people = population(rng, 600)
    records = {}
    for _entity, source in records_for_training(rng, people):
        records[str(len(records))] = (stored_record(source) if isinstance(source, TruePerson)
                                      else source.record())
    return records


def test_python_and_splink_give_every_pair_the_same_levels_and_weight(sample):
    model = current_model()
    db_api = DuckDBAPI()
    frame = db_api.register(table(sample.items()), dataset_display_name="sample")
    config = settings("dedupe_only", model=model)
    config["retain_intermediate_calculation_columns"] = True
    linker = Linker(frame, config, log_level=None)
    pairs = linker.inference.predict(warning_mode="never").as_record_list()
    assert len(pairs) > 1000
    seen_levels = {c.name: set() for c in COMPARISONS}
    for pair in pairs:
        left, right = sample[pair["unique_id_l"]], sample[pair["unique_id_r"]]
        ours = score(left, right, model, explain=False)
        assert math.isclose(ours.match_weight, pair["match_weight"], abs_tol=1e-6), (
            pair, ours)
        for comparison in COMPARISONS:
            label = ours.levels[comparison.name]
            index = [lv.label for lv in comparison.levels].index(label)
            assert math.isclose(pair[f"mw_{comparison.name}"],
                                model.weights[comparison.name][index], abs_tol=1e-6), (
                comparison.name, label, pair)
            seen_levels[comparison.name].add(label)
    # The sample reaches most levels of every comparison, so the check means something.
    for comparison in COMPARISONS:
        assert len(seen_levels[comparison.name]) >= min(3, len(comparison.levels)), (
            comparison.name, seen_levels[comparison.name])


def test_retraining_writes_a_model_the_scorer_can_use(tmp_path):
    import io
    import json

    from django.core.management import call_command

    from everychild.people.matching.model import model_from_json

    out = tmp_path / "model.json"
    call_command("people_train_matcher", "--people", "800", "--u-pairs", "50000", "--out",
                 str(out), stdout=io.StringIO())
    trained = model_from_json(json.loads(out.read_text()))
    assert trained.meta["trained_with"] == "splink 5.0.0"
    assert trained.weights["nhs_number"][1] > 10  # a shared NHS number says a great deal
    assert trained.weights["date_of_birth"][-1] < 0  # a different date of birth counts against


def test_the_shipped_model_describes_the_comparisons_the_code_defines():
    model = current_model()  # raises ModelOutOfStep if the levels had drifted apart
    assert set(model.weights) == {c.name for c in COMPARISONS}
