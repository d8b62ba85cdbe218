"""Run a command against a throw-away PostgreSQL server that this script starts and stops.

    python -m tests.support.with_postgres -- pytest -q

initdb and pg_ctl come from Debian's postgresql package. PostgreSQL refuses to run as
root, so as root the server runs as the `postgres` system user the package creates.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

SUPERUSER = "everychild_test"


def _pg_bin(name: str) -> str:
    for base in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (base / name).exists():
            return str(base / name)
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install Debian's postgresql package (make test does)")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextlib.contextmanager
def postgres_server() -> Iterator[dict[str, str]]:
    root = Path(tempfile.mkdtemp(prefix="everychild-pg-"))
    data = root / "data"
    port = _free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    run = lambda cmd: subprocess.run(_as_server_user(cmd), check=True,  # noqa: E731
                                     stdout=subprocess.DEVNULL)
    try:
        run([_pg_bin("initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust",
             "--encoding=UTF8", "--locale=C.UTF-8"])
        options = (f"-c listen_addresses=127.0.0.1 -c port={port} "
                   f"-c unix_socket_directories={root} -c fsync=off "
                   "-c full_page_writes=off -c synchronous_commit=off")
        run([_pg_bin("pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
             "-w", "start"])
        yield {"EVERYCHILD_DATABASE": "postgres", "PGHOST": "127.0.0.1", "PGPORT": str(port),
               "PGUSER": SUPERUSER, "PGDATABASE": "postgres", "PGPASSWORD": ""}
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(_as_server_user([_pg_bin("pg_ctl"), "-D", str(data), "-m", "fast",
                                            "-w", "stop"]), stdout=subprocess.DEVNULL,
                           check=False)
        shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    args = sys.argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        sys.exit("usage: python -m tests.support.with_postgres -- COMMAND...")
    with postgres_server() as env:
        print(f"PostgreSQL test server on 127.0.0.1:{env['PGPORT']}", flush=True)
        return subprocess.run(args, env={**os.environ, **env}, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
