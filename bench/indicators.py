"""How fast the key indicators are recomputed from a whole authority's records: every
indicator, by month and by financial year, for the authority, each team and each worker.

    .venv/bin/python bench/indicators.py                         # 50,000 children, SQLite
    .venv/bin/python bench/indicators.py --repeat 5
    python -m tests.support.with_postgres -- .venv/bin/python bench/indicators.py \\
        --database postgres

The authority (`everychild synth`, five years of casework) is the casework load
benchmark's: built once by bench/casework_load.py's own steps into
var/bench/casework-<children>-s<seed>.sqlite3 (on PostgreSQL, into the database given),
and given its benchmark team by bench/casework_prepare.py. Each run times, separately:

- extract: reading the operational tables through Django into Arrow (one SELECT each);
- compute: DuckDB from those tables (due dates from the casework engine, cold: none kept
  from an earlier run), every indicator's rows, their counts by month for every scope,
  and every scope's 12 months and 5 financial years;
- page: a manager's dashboard, as the web app serves it (figures, charts, tables).

Figures are medians over the runs (--repeat, default 3).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    bench_dir = ROOT / "var" / "bench"
    data_dir = bench_dir / "casework-data"
    (data_dir / "static").mkdir(parents=True, exist_ok=True)
    os.environ.update({"DJANGO_SETTINGS_MODULE": "everychild.config.settings.local",
                       "EVERYCHILD_DATABASE": args.database,
                       "EVERYCHILD_DATA_DIR": str(data_dir)})
    if args.database == "sqlite":
        os.environ["EVERYCHILD_SQLITE_PATH"] = str(
            bench_dir / f"casework-{args.children}-s{args.seed}.sqlite3")
    from casework_load import _ensure_authority  # the casework benchmark's authority

    _ensure_authority(args)
    import django

    django.setup()
    from casework_prepare import prepare

    prepared = prepare(args.seed)
    runs = [_run(prepared.managers[0]) for _ in range(args.repeat)]
    _report(args, runs)
    return 0


def _run(manager: str) -> dict[str, Any]:
    from django.conf import settings
    from django.test import Client

    from everychild.agencies.models import Staff
    from everychild.core import clock
    from everychild.insight.indicators import deadlines, extract
    from everychild.insight.indicators.catalogue import INDICATORS
    from everychild.insight.indicators.compute import Figures, Workspace
    from everychild.insight.indicators.periods import Month
    from everychild.insight.indicators.series import last_years, monthly, yearly

    today = clock.today()
    started = time.perf_counter()
    tables = extract.read_tables({name for i in INDICATORS for name in i.tables})
    extracted = time.perf_counter()
    deadlines.forget()
    workspace = Workspace(INDICATORS, today=today, tables=tables)
    found = Figures(workspace.months, {i.id: workspace.counts(i) for i in INDICATORS})
    end = Month.of(today).shift(-1)
    months = [end.shift(n - 11) for n in range(12)]
    years = last_years(end, 5)
    cells = 0
    for indicator in INDICATORS:
        for scope in found.counts[indicator.id]:
            cells += len(monthly(found, indicator, scope, months, population=50_000))
            cells += len(yearly(found, indicator, scope, years, end, population=50_000))
    workspace.close()
    computed = time.perf_counter()

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(Staff.objects.get(username=manager))
    response = client.get("/insight/")
    served = time.perf_counter()
    if response.status_code != 200:
        raise SystemExit(f"The dashboard answered {response.status_code}")
    scopes = {s.level for counts in found.counts.values() for s in counts}
    return {"extract": extracted - started, "compute": computed - extracted,
            "page": served - computed, "rows": {n: t.num_rows for n, t in tables.items()},
            "cells": cells, "scopes": sorted(scopes), "indicators": len(INDICATORS),
            "teams": len({s.id for c in found.counts.values() for s in c if s.level == "team"}),
            "workers": len({s.id for c in found.counts.values() for s in c
                            if s.level == "worker"}),
            "months": len(found.months)}


def _report(args: argparse.Namespace, runs: list[dict[str, Any]]) -> None:
    first = runs[0]
    rows = sum(first["rows"].values())
    print(f"\nindicators: {args.children:,} children ({args.database}), seed {args.seed}; "
          f"{rows:,} operational rows read in {len(first['rows'])} tables "
          f"({', '.join(f'{n} {c:,}' for n, c in sorted(first['rows'].items()))})")
    print(f"  {first['cells']:,} figures: {first['indicators']} indicators x (12 months + "
          f"5 years), for the authority, "
          f"{first['teams']} teams and {first['workers']} workers; "
          f"{first['months']} months of records; {os.cpu_count()} cores")
    for key, label in (("extract", "extract (Django -> Arrow)"),
                       ("compute", "compute (DuckDB, every scope, cold)"),
                       ("page", "a manager's dashboard page")):
        times = [r[key] for r in runs]
        print(f"  {label:<40} median {statistics.median(times):6.2f} s   "
              f"runs {', '.join(f'{t:.2f}' for t in times)}")
    total = statistics.median(r["extract"] + r["compute"] for r in runs)
    print(f"  {'extract + compute':<40} median {total:6.2f} s")


if __name__ == "__main__":
    sys.exit(main())
