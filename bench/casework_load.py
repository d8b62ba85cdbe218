"""Casework under load: a child's pages with a 1,000-line chronology, a team worklist of
500 cases and recording a visit, served by gunicorn to signed-in users on loopback.

    .venv/bin/pip install -e '.[bench]'                         # gunicorn
    .venv/bin/python bench/casework_load.py                      # 50,000 children, SQLite
    .venv/bin/python bench/casework_load.py --think 1            # 20 users, busier
    .venv/bin/python bench/casework_load.py --only visit --repeat 5
    python -m tests.support.with_postgres -- .venv/bin/python bench/casework_load.py \\
        --database postgres

The authority (`everychild synth`, five years of casework) is built once into
var/bench/casework-<children>-s<seed>.sqlite3 and reused (on PostgreSQL, into the
database given). bench/casework_prepare.py then gives it, idempotently, a team holding 500
open cases, 20 social workers and 20 managers, and a child on a plan whose chronology has
1,000 lines. gunicorn serves the app with the demo's settings (DEBUG off, the database
chosen) on 127.0.0.1, and a load generator in a process of its own (bench/loadgen.py)
signs the users in and measures, for each page:

- one user: warm-up requests, then requests one after another;
- 20 users at once, each with their own session, pausing between requests for a random
  think time: 5 s on average (--think), so 20 users ask for about 4 pages a second,
  each a heavy one. That is already far busier than 20 social workers at their desks;
  --think 1 shows the server near its limit, and 0 saturates it.

Server time is the app's own, from its `Server-Timing: app;dur=, cpu;dur=` header
(everything inside Django, middleware included, and how much of it was computing);
client time adds gunicorn and the network. Each figure is the median over the runs
(--repeat), and the load average is printed, as the machine may be shared. The target is
a p95 server time under 150 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
EVERYCHILD = str(BIN / "everychild")
TARGET_MS = 150.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=3, help="runs of every scenario")
    parser.add_argument("--requests", type=int, default=50, help="timed requests, one user")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--users", type=int, default=20, help="users at once (0: none)")
    parser.add_argument("--per-user", type=int, default=8, help="timed requests per user")
    parser.add_argument("--think", type=float, default=5.0,
                        help="average pause between a user's requests, seconds")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1,
                        help="gunicorn worker processes (default 2 x cores + 1)")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker")
    parser.add_argument("--only", action="append", default=[],
                        help="run only the scenarios whose name contains this")
    args = parser.parse_args()

    bench_dir = ROOT / "var" / "bench"
    data_dir = bench_dir / "casework-data"  # mail and static files of the served app
    (data_dir / "static").mkdir(parents=True, exist_ok=True)
    env = {"DJANGO_SETTINGS_MODULE": "everychild.config.settings.local",
           "EVERYCHILD_DATABASE": args.database, "EVERYCHILD_DATA_DIR": str(data_dir)}
    if args.database == "sqlite":
        env["EVERYCHILD_SQLITE_PATH"] = str(
            bench_dir / f"casework-{args.children}-s{args.seed}.sqlite3")
    os.environ.update(env)
    _ensure_authority(args)

    import django

    django.setup()
    from casework_prepare import PASSWORD, prepare

    started = time.perf_counter()
    prepared = prepare(args.seed)
    print(f"Prepared in {time.perf_counter() - started:.1f} s: {prepared.team_cases} open "
          f"cases in the team, {prepared.child_name} ({prepared.child_ref}) has "
          f"{prepared.chronology_lines:,} chronology lines ({prepared.entries_added} entries "
          f"added now; {prepared.visits_removed} earlier benchmark visits removed)")
    facts = _facts(prepared)
    from django.db import connections

    if args.database == "postgres":
        _vacuum()
    connections.close_all()

    facts["load_before"] = os.getloadavg()[0]
    scenarios = _scenarios(prepared)
    if args.only:
        scenarios = [s for s in scenarios if any(o in s["name"] for o in args.only)]
    port = _free_port()
    log = bench_dir / "casework-gunicorn.log"
    server = _serve(args, port, log)
    try:
        plan = {"port": port, "password": PASSWORD, "seed": args.seed, "repeat": args.repeat,
                "warmup": args.warmup, "requests": args.requests, "users": args.users,
                "per_user": args.per_user, "think": args.think, "scenarios": scenarios}
        done = subprocess.run([sys.executable, str(ROOT / "bench" / "loadgen.py")],
                              input=json.dumps(plan), capture_output=True, text=True,
                              check=False)
        sys.stderr.write(done.stderr)
        if done.returncode:
            print(f"The load generator failed; see above and {log}")
            return 1
        results = json.loads(done.stdout)
    finally:
        _stop(server)
    _report(args, facts, scenarios, results)
    return 0


# ------------------------------------------------------------------ the authority
def _ensure_authority(args: argparse.Namespace) -> None:
    subprocess.run([EVERYCHILD, "migrate", "--no-input", "-v0"], check=True)
    started = time.perf_counter()
    done = subprocess.run([EVERYCHILD, "synth", "--children", str(args.children), "--seed",
                           str(args.seed), "--if-empty", "-v0"], check=True,
                          capture_output=True, text=True)
    if "nothing generated" not in done.stdout:
        print(f"Built the authority in {time.perf_counter() - started:.0f} s")


def _facts(prepared: Any) -> dict[str, Any]:
    from everychild.casework.models import Episode
    from everychild.people.models import Person

    return {"children": Person.objects.filter(kind="child").count(),
            "episodes": Episode.objects.count(),
            "open": Episode.objects.filter(closed_on__isnull=True).count(),
            "lines": prepared.chronology_lines, "team_cases": prepared.team_cases}


def _vacuum() -> None:
    """A database in service has been vacuumed and analysed; one just bulk-loaded has not."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def _scenarios(prepared: Any) -> list[dict[str, Any]]:
    child = prepared.child_ref
    workers, managers = prepared.workers, prepared.managers
    return [
        {"name": "record page", "accounts": workers, "paths": [f"/people/{child}/"],
         "expect": 200},
        {"name": "chronology page", "accounts": workers,
         "paths": [f"/people/{child}/chronology/"], "expect": 200},
        {"name": "case page", "accounts": workers, "paths": [f"/people/{child}/case/"],
         "expect": 200},
        {"name": "team worklist", "accounts": managers, "paths": ["/worklists/team/"],
         "expect": 200},
        {"name": "record a visit", "accounts": workers, "visit": True,
         "children": prepared.visits, "expect": 302},
    ]


# ------------------------------------------------------------------ the server
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(args: argparse.Namespace, port: int, log: Path) -> subprocess.Popen[bytes]:
    if not (BIN / "gunicorn").exists():
        raise SystemExit("gunicorn is not installed: .venv/bin/pip install -e '.[bench]'")
    command = [str(BIN / "gunicorn"), "everychild.config.wsgi:application",
               "--bind", f"127.0.0.1:{port}", "--worker-class", "gthread",
               "--workers", str(args.workers), "--threads", str(args.threads),
               "--keep-alive", "5", "--error-logfile", str(log), "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=5):
                return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.3)
    _stop(server)
    raise SystemExit(f"gunicorn did not start; see {log}")


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# ------------------------------------------------------------------ the figures
def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _figures(run: dict[str, Any]) -> dict[str, float]:
    samples = run["samples"]
    server = [s["server"] for s in samples if s["server"] is not None]
    cpu = [s["cpu"] for s in samples if s.get("cpu") is not None]
    client = [s["client"] for s in samples]
    if not client or not server:
        return {}
    return {"server50": _percentile(server, 0.5), "server95": _percentile(server, 0.95),
            "cpu50": _percentile(cpu, 0.5) if cpu else 0.0,
            "client50": _percentile(client, 0.5), "client95": _percentile(client, 0.95),
            "rps": len(client) / run["seconds"], "n": len(client),
            "errors": len(run["errors"])}


def _report(args: argparse.Namespace, facts: dict[str, Any], scenarios: list[dict[str, Any]],
            results: list[dict[str, Any]]) -> None:
    print(f"\ncasework_load: {facts['children']:,} children ({args.database}), seed "
          f"{args.seed}: {facts['episodes']:,} episodes over five years, {facts['open']:,} "
          f"open; the team {facts['team_cases']} open cases; the child "
          f"{facts['lines']:,} chronology lines")
    print(f"  gunicorn gthread, {args.workers} workers x {args.threads} threads on 127.0.0.1; "
          f"{os.cpu_count()} cores; settings.local (DEBUG off)")
    print(f"  {args.repeat} runs; 1 user: {args.warmup} warm-up + {args.requests} requests "
          f"back to back; {args.users} users: {args.per_user} requests each, think time "
          f"{args.think:g} s on average")
    print("  medians over the runs; ms; server = the app's own time (Server-Timing), client "
          "= as the user waits,\n  cpu = the app's own computing (the rest of server time is "
          "waiting: database, locks, a busy processor)")
    print(f"  load average (1 min) on the machine: {facts['load_before']:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after (other work on it slows every figure)\n")
    header = (f"  {'scenario':<16}{'users':>6}{'server p50':>12}{'p95':>8}"
              f"{'client p50':>12}{'p95':>8}{'cpu p50':>9}{'req/s':>8}  "
              f"{'server p95 by run':<20}{'p95 < 150 ms':>13}")
    print(header)
    print("  " + "-" * (len(header) - 2))
    verdicts = []
    for scenario in scenarios:
        for mode, users in (("single", 1), ("concurrent", args.users)):
            runs = [_figures(r[mode]) for r in results
                    if r["name"] == scenario["name"] and r[mode] is not None]
            runs = [r for r in runs if r]
            if not runs:
                continue
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            errors = sum(r["errors"] for r in runs)
            ok = med["server95"] < TARGET_MS
            verdicts.append(ok)
            by_run = " ".join(f"{r['server95']:.0f}" for r in runs)
            note = f"  ({errors} unexpected responses)" if errors else ""
            print(f"  {scenario['name'] if mode == 'single' else '':<16}{users:>6}"
                  f"{med['server50']:>12.1f}{med['server95']:>8.1f}{med['client50']:>12.1f}"
                  f"{med['client95']:>8.1f}{med['cpu50']:>9.1f}{med['rps']:>8.1f}  "
                  f"{by_run:<20}{'yes' if ok else 'NO':>13}{note}")
    print(f"\n  {sum(verdicts)} of {len(verdicts)} meet the target (p95 server time under "
          f"{TARGET_MS:.0f} ms)")
    unexpected = sorted({e for r in results for mode in ("single", "concurrent") if r[mode]
                         for e in r[mode]["errors"]})
    if unexpected:
        print(f"  unexpected responses, e.g.: {unexpected[:5]}")


if __name__ == "__main__":
    sys.exit(main())
