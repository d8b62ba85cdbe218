"""`everychild people train-matcher`: retrain the identity-matching model with Splink."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from everychild.people.matching.model import model_path, save_model


def _positive(value: str) -> int:
    try:
        number = int(value.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 100:
        raise argparse.ArgumentTypeError("must be 100 or more")
    return number


class Command(BaseCommand):
    help = ("Train the matching model's m and u probabilities with Splink (DuckDB) on "
            "synthetic people with known truth, and write them to the package's model.json "
            "(or --out). The same seed and sizes give the same model.")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        from everychild.people.matching.training import DEFAULT_PEOPLE, DEFAULT_U_PAIRS

        parser.add_argument("--people", type=_positive, default=DEFAULT_PEOPLE,
                            help=f"synthetic people to train on (default {DEFAULT_PEOPLE:,})")
        parser.add_argument("--u-pairs", type=_positive, default=int(DEFAULT_U_PAIRS),
                            help="random pairs sampled for the u probabilities "
                                 f"(default {int(DEFAULT_U_PAIRS):,})")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--out", type=Path, default=None,
                            help=f"where to write the model (default {model_path()})")

    def handle(self, *args: Any, **options: Any) -> None:
        from everychild.people.matching.training import train

        self.stdout.write(f"Training on {options['people']:,} synthetic people...")
        model = train(people=options["people"], seed=options["seed"],
                      u_pairs=float(options["u_pairs"]), quiet=options["verbosity"] < 2)
        path = save_model(model, options["out"])
        self.stdout.write(self.style.SUCCESS(
            f"Model written to {path} ({model.meta['training']['records']:,} records, "
            f"{model.meta['training']['seconds']} seconds)."))
        for name, weights in model.weights.items():
            shown = ", ".join(f"{w:+.1f}" for w in weights[1:])
            self.stdout.write(f"  {name:<14} {shown}")
