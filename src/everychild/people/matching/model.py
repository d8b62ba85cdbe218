"""The trained Fellegi-Sunter parameters and the pure-Python scorer that applies them.

`data/model.json` holds, for every level of every comparison in comparisons.py, the m
probability (how often a true match falls in that level) and the u probability (how
often two different people do), as Splink estimated them; and the prior, the chance
that two records picked at random are one person. A pair's match weight is the prior's
log-odds plus log2(m/u) of the level it falls in for each comparison; its probability
is 2^w / (1 + 2^w).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .comparisons import COMPARISONS
from .records import MatchRecord

MODEL_FORMAT = 1
# Splink leaves a level it never saw without an estimate; no level may count as certain
# either way, so m and u are kept at least this large. Two different people sharing an
# NHS number is rarer than a true match typed with a wrong one, hence the lower u floor.
M_FLOOR = 1e-6
U_FLOOR = 1e-9


class ModelOutOfStep(RuntimeError):
    """model.json does not describe the comparisons the code defines: retrain."""


@dataclass(frozen=True)
class Model:
    prior: float                                  # two random records being one person
    parameters: dict[str, list[dict[str, float]]]  # comparison -> per level {m, u}
    weights: dict[str, tuple[float, ...]]          # comparison -> log2(m/u) per level
    meta: dict[str, Any]

    @property
    def prior_weight(self) -> float:
        return math.log2(self.prior / (1 - self.prior))

    def to_json(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "about": "Everychild identity matching: m and u per comparison level, trained "
                     "with Splink on synthetic people (see docs/decisions/0007).",
            **self.meta,
            "probability_two_random_records_match": self.prior,
            "comparisons": [
                {"name": c.name, "levels": [
                    {"label": level.label, **({"null": True} if level.null else {
                        "m": self.parameters[c.name][i]["m"],
                        "u": self.parameters[c.name][i]["u"],
                        "match_weight": round(self.weights[c.name][i], 4)})}
                    for i, level in enumerate(c.levels)]}
                for c in COMPARISONS],
        }


def model_from_parameters(prior: float, parameters: dict[str, list[dict[str, float]]],
                          meta: dict[str, Any]) -> Model:
    weights: dict[str, tuple[float, ...]] = {}
    cleaned: dict[str, list[dict[str, float]]] = {}
    for c in COMPARISONS:
        levels = parameters.get(c.name)
        if levels is None or len(levels) != len(c.levels):
            raise ModelOutOfStep(f"The model has no parameters for every level of {c.name}: "
                                 "retrain it with `everychild people train-matcher`")
        cleaned[c.name] = []
        row = []
        for level, given in zip(c.levels, levels, strict=True):
            if level.null:
                cleaned[c.name].append({"m": 1.0, "u": 1.0})
                row.append(0.0)
                continue
            m, u = float(given.get("m") or 0.0), float(given.get("u") or 0.0)
            if m <= 0 and u <= 0:
                m = u = M_FLOOR  # never seen in training: says nothing either way
            m, u = max(m, M_FLOOR), max(u, U_FLOOR)
            cleaned[c.name].append({"m": m, "u": u})
            row.append(math.log2(m / u))
        weights[c.name] = tuple(row)
    return Model(prior=prior, parameters=cleaned, weights=weights, meta=meta)


def model_from_json(data: dict[str, Any]) -> Model:
    if data.get("format") != MODEL_FORMAT:
        raise ModelOutOfStep("The matching model file is of another format: retrain it")
    by_name = {c["name"]: c for c in data["comparisons"]}
    parameters: dict[str, list[dict[str, float]]] = {}
    for c in COMPARISONS:
        stored = by_name.get(c.name)
        labels = [level["label"] for level in stored["levels"]] if stored else []
        if labels != [level.label for level in c.levels]:
            raise ModelOutOfStep(
                f"The matching model's levels for {c.name} ({labels}) are not the ones the "
                "code defines: retrain it with `everychild people train-matcher`")
        assert stored is not None
        parameters[c.name] = [{"m": level.get("m", 1.0), "u": level.get("u", 1.0)}
                              for level in stored["levels"]]
    meta = {k: v for k, v in data.items()
            if k not in ("format", "about", "comparisons", "probability_two_random_records_match")}
    return model_from_parameters(float(data["probability_two_random_records_match"]),
                                 parameters, meta)


def model_path() -> Path:
    return Path(str(resources.files("everychild.people.matching").joinpath("data/model.json")))


@cache
def current_model() -> Model:
    return model_from_json(json.loads(model_path().read_text(encoding="utf-8")))


def save_model(model: Model, path: Path | None = None) -> Path:
    path = path or model_path()
    path.write_text(json.dumps(model.to_json(), indent=2) + "\n", encoding="utf-8")
    current_model.cache_clear()
    return path


@dataclass(frozen=True, slots=True)
class Scored:
    match_weight: float
    probability: float
    levels: dict[str, str]        # comparison -> label of the level the pair fell in
    reasons: tuple[str, ...]


def probability_of(weight: float) -> float:
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    odds = 2.0 ** weight
    return odds / (1.0 + odds)


def score(left: MatchRecord, right: MatchRecord, model: Model | None = None, *,
          explain: bool = True) -> Scored:
    """Score a pair; with explain=False the reasons are left out (they cost more than
    the score, and a lookup shows only its best few)."""
    model = model or current_model()
    weight = model.prior_weight
    levels: dict[str, str] = {}
    reasons: list[str] = []
    for comparison in COMPARISONS:
        index, reason = comparison.judge(left, right)
        weight += model.weights[comparison.name][index]
        levels[comparison.name] = comparison.levels[index].label
        if explain and reason is not None:
            reasons.append(reason())
    return Scored(weight, probability_of(weight), levels, tuple(reasons))
