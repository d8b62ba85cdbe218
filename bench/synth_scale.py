"""How fast `everychild synth` fills a fresh SQLite database.

    .venv/bin/python bench/synth_scale.py                  # about a million people
    .venv/bin/python bench/synth_scale.py --children 20000

Migrates a temporary database (not timed), times `everychild synth` into it as a separate
process (as `make demo` runs it), then counts what it wrote and prints the figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EVERYCHILD = str(Path(sys.executable).with_name("everychild"))
PEOPLE_PER_CHILD = 2.09  # measured: each child brings about 1.09 adults
TABLES = ("people_person", "people_personname", "people_household",
          "people_householdmembership", "people_relationship", "people_involvement",
          "people_othername")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=round(1_000_000 / PEOPLE_PER_CHILD),
                        help="children to generate (default: about a million people in all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="everychild-bench-"))
    env = {**os.environ, "EVERYCHILD_DATABASE": "sqlite", "EVERYCHILD_DATA_DIR": str(data_dir)}
    for name in ("DJANGO_SETTINGS_MODULE", "EVERYCHILD_SQLITE_PATH"):
        env.pop(name, None)
    try:
        subprocess.run([EVERYCHILD, "migrate", "--no-input", "-v0"], env=env, check=True)
        started = time.perf_counter()
        subprocess.run([EVERYCHILD, "synth", "--children", str(args.children), "--seed",
                        str(args.seed)], env=env, check=True)
        seconds = time.perf_counter() - started
        database = data_dir / "everychild.sqlite3"
        with sqlite3.connect(database) as db:
            counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
                      for t in TABLES}
        people = counts["people_person"]
        rows = sum(counts.values())
        print(f"\nsynth_scale: {args.children:,} children asked for, seed {args.seed}")
        print(f"  people written      {people:,}")
        print(f"  rows written        {rows:,} (people, names, households, memberships, "
              "relationships, involvements, other names)")
        print(f"  total seconds       {seconds:,.1f} (including process start-up)")
        print(f"  people per second   {people / seconds:,.0f}")
        print(f"  rows per second     {rows / seconds:,.0f}")
        print(f"  database size       {database.stat().st_size / 2**20:,.0f} MiB")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
        print(f"  peak memory         {peak:,.0f} MiB (largest child process)")
        if args.keep:
            print(f"  kept in             {data_dir}")
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
