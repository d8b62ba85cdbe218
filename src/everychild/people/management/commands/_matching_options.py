"""Options shared by the bulk matching commands."""

from __future__ import annotations

import argparse
from pathlib import Path


def probability(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 0 < number < 1:
        raise argparse.ArgumentTypeError("must be between 0 and 1, like 0.9")
    return number


def add_common(parser: argparse.ArgumentParser, *, default_threshold: float,
               threshold_means: str) -> None:
    parser.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    parser.add_argument("--threshold", type=probability, default=default_threshold,
                        help=f"{threshold_means} (default {default_threshold})")
    parser.add_argument("--backend", choices=("duckdb", "spark"), default="duckdb",
                        help="where Splink runs: duckdb (default, in this process) or spark "
                             "(needs PySpark)")


INPUT_HELP = ("a CSV file with columns id, given_name, family_name, date_of_birth (2015-03-04, "
              "2015-03, 2015 or blank), sex (M, F, U or blank), postcode; optionally "
              "other_names ('Kate Brown; Mo', or 'given|family' entries), nhs_number, upn, "
              "address")
