"""`everychild people link LEFT.csv RIGHT.csv --out PAIRS.csv`: find the people in one
file who are in the other."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from everychild.people.matching import REVIEW_THRESHOLD
from everychild.people.matching.batch import BadInput, check_output, link, write_csv

from ._matching_options import INPUT_HELP, add_common


class Command(BaseCommand):
    help = ("Pair the rows of two people files that are the same person. Writes "
            "left_id,right_id,score (the match probability), best first. Scored with the "
            "trained matching model by Splink.")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("left", type=Path, help=INPUT_HELP)
        parser.add_argument("right", type=Path, help="a CSV file with the same columns")
        add_common(parser, default_threshold=REVIEW_THRESHOLD,
                   threshold_means="pairs at or above this match probability are written")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            check_output(options["out"])
            pairs = link(options["left"], options["right"], threshold=options["threshold"],
                         backend=options["backend"])
            write_csv(options["out"], ("left_id", "right_id", "score"),
                      [(a, b, f"{score:.6f}") for a, b, score in pairs])
        except BadInput as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(f"{len(pairs):,} pairs written to {options['out']}")
