"""How long a worker waits for a search, and for a child's record to open.

    .venv/bin/python bench/search_latency.py                    # 100,000 children (~210,000 people)
    .venv/bin/python bench/search_latency.py --children 20000 --repeats 5

Generates a synthetic authority into a temporary SQLite database, then, as the demo
social worker, times searches of the kinds workers type (a common surname with a given
name, a surname prefix, a date of birth, an NHS number) and opening a record
(person_record, which also writes its audit entry). Prints the median and 95th
percentile of several rounds for each; each timing includes the transaction commit.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EVERYCHILD = str(Path(sys.executable).with_name("everychild"))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="everychild-search-bench-"))
    try:
        return _run(args, data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _run(args: argparse.Namespace, data_dir: Path) -> int:
    os.environ.update({"EVERYCHILD_DATABASE": "sqlite", "EVERYCHILD_DATA_DIR": str(data_dir),
                       "DJANGO_SETTINGS_MODULE": "everychild.config.settings.local"})
    os.environ.pop("EVERYCHILD_SQLITE_PATH", None)
    for command in (["migrate", "--no-input", "-v0"],
                    ["synth", "--children", str(args.children), "--seed", "5"],
                    ["demo_users"]):
        subprocess.run([EVERYCHILD, *command], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    import django

    django.setup()
    from django.db import transaction

    from everychild.agencies.models import Staff
    from everychild.people.models import Person
    from everychild.people.selectors import person_record, person_search

    worker = Staff.objects.get(username="sw.demo")
    people = Person.objects.count()
    common = Person.objects.filter(kind="child", nhs_number__gt="").order_by("pk")[970]
    person_search(actor=worker, text=common.family_name)  # warm the cache
    child = next(p for p in Person.objects.filter(involvements__staff=worker))
    queries = {
        "given + family name": f"{common.given_name} {common.family_name}",
        "family name only": common.family_name,
        "3-letter prefix": common.family_name[:3],
        "date of birth": common.date_of_birth.strftime("%d/%m/%Y"),
        "NHS number": common.nhs_number,
    }
    print(f"\nsearch_latency: {people:,} people, {args.repeats} rounds, SQLite")
    print(f"  {'what':<22}{'hits':>6}{'median ms':>12}{'p95 ms':>10}")
    for label, text in queries.items():
        times, hits = [], 0
        for _ in range(args.repeats):
            started = time.perf_counter()
            with transaction.atomic():
                hits = len(person_search(actor=worker, text=text))
            times.append((time.perf_counter() - started) * 1000)
        print(f"  {label:<22}{hits:>6}{statistics.median(times):>12.1f}"
              f"{_percentile(times, 0.95):>10.1f}")
    times = []
    for _ in range(args.repeats * 3):
        started = time.perf_counter()
        with transaction.atomic():
            person_record(actor=worker, ref=child.ref)
        times.append((time.perf_counter() - started) * 1000)
    print(f"  {'open a record':<22}{'':>6}{statistics.median(times):>12.1f}"
          f"{_percentile(times, 0.95):>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
