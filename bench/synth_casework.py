"""How fast `everychild synth` builds an authority with five years of case histories, and
how close its casework comes to the national figures it is calibrated to.

    .venv/bin/python bench/synth_casework.py                   # 50,000 children
    .venv/bin/python bench/synth_casework.py --children 10000 --keep

Migrates a temporary SQLite database (not timed), times `everychild synth` into it as a
separate process (as `make demo` runs it), then counts the casework it wrote and prints
the calibration figures (`everychild.synth.calibration`) beside their targets. Keep the
database (--keep) to run the casework benchmarks against it.
"""

from __future__ import annotations

import argparse
import json
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
TABLES = ("people_person", "referrals_referral", "casework_episode", "casework_assessment",
          "casework_strategydiscussion", "casework_section47", "casework_conference",
          "casework_conferenceinvitee", "casework_plan", "casework_coregroupmember",
          "casework_planaction", "casework_actionprogress", "casework_coregroupmeeting",
          "casework_visit", "casework_circumstancechange", "chronology_chronologyentry",
          "people_involvement")
# (figure, target as England reports it, DOMAIN.md §5)
TARGETS = (
    ("initial_in_time", "68% (NI 59)"),
    ("core_in_time", "78% (NI 60)"),
    ("single_in_time", "about 83%"),
    ("icpc_in_time", "about 77%"),
    ("first_core_group_in_time", "most"),
    ("repeat_plan_share", "about 20% (NI 65)"),
    ("plan_median_days", "about 270 (9 months)"),
    ("plans_two_years_or_more", "5.8% (NI 64)"),
    ("on_plan_per_10000", "about 40 (England now: 42)"),
    ("plan_starts_per_10000_a_year", "England: about 36"),
    ("visits_child_seen", "about 95%"),
    ("visits_seen_alone", "about 70%"),
    ("categories", "NEG 50%, EMO 35%, PHY 7%, SAB 4%, MUL 4%"),
)
FIGURES = ("import json; from everychild.synth.calibration import figures; "
           "from everychild.synth.generate import DEFAULT_AS_OF; "
           "print(json.dumps(figures(DEFAULT_AS_OF)))")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=50_000)
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
        made = subprocess.run([EVERYCHILD, "synth", "--children", str(args.children),
                               "--seed", str(args.seed)], env=env, check=True,
                              stdout=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(made.stdout)
        database = data_dir / "everychild.sqlite3"
        with sqlite3.connect(database) as db:
            counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
                      for t in TABLES}
        measured = json.loads(subprocess.run(
            [EVERYCHILD, "shell", "-c", FIGURES], env=env, check=True, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True).stdout.strip().splitlines()[-1])
        rows = sum(counts.values())
        print(f"synth_casework: {args.children:,} children, seed {args.seed}, five years")
        for table, n in counts.items():
            print(f"  {table:<32} {n:>10,}")
        print(f"  total seconds                    {seconds:>10,.1f} (including start-up)")
        print(f"  children per second              {args.children / seconds:>10,.0f}")
        print(f"  rows per second (tables above)   {rows / seconds:>10,.0f}")
        print(f"  database size                    {database.stat().st_size / 2**20:>10,.0f} MiB")
        print(f"  peak memory                      {peak:>10,.0f} MiB")
        print("\ncalibration (measured as the app judges deadlines; target):")
        for key, target in TARGETS:
            value = measured[key]
            if isinstance(value, dict):
                shown = ", ".join(f"{k} {v:.0%}" for k, v in value.items())
            elif "days" in key or "per_10000" in key:
                shown = f"{value:.1f}"
            else:
                shown = f"{value:.1%}"
            print(f"  {key:<30} {shown:<36} {target}")
        if args.keep:
            print(f"\nkept in {data_dir} (EVERYCHILD_DATA_DIR)")
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
