"""How fast `everychild annex-a` writes Ofsted's Annex A Lists 1 to 7 from a 50,000-child
authority with five years of casework, and in how much memory.

    .venv/bin/python bench/annex_a.py                          # 50,000 children, SQLite
    .venv/bin/python bench/annex_a.py --as-of 2026-06-30 --repeat 5
    python -m tests.support.with_postgres -- .venv/bin/python bench/annex_a.py \\
        --database postgres

It uses the casework load benchmark's authority (var/bench/casework-<children>-s<seed>
.sqlite3, built by `everychild synth` the first time, as bench/casework_load.py builds
it). Each run is a process of its own that writes the workbook, audit entry included, and
reports the time the export took (Django's start-up is not timed), the rows of each list
and the process's peak memory. The figures are medians over the runs; the target is well
under a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from casework_load import _ensure_authority  # the same authority, built the same way

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 60.0
# The synthetic authority is described as at 1 October 2026 (synth.generate.DEFAULT_AS_OF).
DEFAULT_AS_OF = "2026-10-01"
RUN = """
import datetime as dt, json, resource, sys, time
from pathlib import Path
import django
django.setup()
from everychild.insight.annex_a.export import annex_a_export
started = time.perf_counter()
done = annex_a_export(actor=None, as_of=dt.date.fromisoformat(sys.argv[1]), out=Path(sys.argv[2]))
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "rows": done.rows, "peak_mib": peak}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default=DEFAULT_AS_OF, help="YYYY-MM-DD")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--sqlite-path", type=Path, default=None,
                        help="another SQLite authority to use (default: the casework "
                             "benchmark's)")
    args = parser.parse_args()

    bench_dir = ROOT / "var" / "bench"
    data_dir = bench_dir / "casework-data"
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {"DJANGO_SETTINGS_MODULE": "everychild.config.settings.local",
           "EVERYCHILD_DATABASE": args.database, "EVERYCHILD_DATA_DIR": str(data_dir)}
    if args.database == "sqlite":
        env["EVERYCHILD_SQLITE_PATH"] = str(
            args.sqlite_path or bench_dir / f"casework-{args.children}-s{args.seed}.sqlite3")
    os.environ.update(env)
    _ensure_authority(args)
    runs = []
    with tempfile.TemporaryDirectory(prefix="everychild-annex-a-") as folder:
        out = Path(folder) / "annex-a.xlsx"
        for _ in range(args.repeat):
            done = subprocess.run([sys.executable, "-c", RUN, args.as_of, str(out)],
                                  check=True, capture_output=True, text=True)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        size = out.stat().st_size
    seconds = statistics.median(r["seconds"] for r in runs)
    peak = statistics.median(r["peak_mib"] for r in runs)
    print(f"annex_a: {args.children:,}-child authority (seed {args.seed}, five years), "
          f"{args.database}, six months to {args.as_of}")
    for sheet, count in runs[0]["rows"].items():
        print(f"  {sheet:<8} rows                    {count:>10,}")
    print(f"  workbook                         {size / 1024:>10,.0f} KiB")
    print(f"  export time (median of {len(runs)})      {seconds:>10.2f} s   "
          f"(target < {TARGET_SECONDS:.0f} s: {'met' if seconds < TARGET_SECONDS else 'MISSED'})")
    print(f"  peak memory (median)             {peak:>10,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
