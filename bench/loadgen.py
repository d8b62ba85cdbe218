"""A small load generator for the benchmarks: signed-in users over HTTP on loopback.

Run by bench/casework_load.py as a process of its own (so its work is not the server's),
it reads a JSON plan on standard input and writes its samples as JSON to standard
output. Standard library only: each user is a thread with its own keep-alive connection
and cookie jar (a session, and the CSRF cookie), and every response's client latency is
kept beside the server's own time and computing time from its `Server-Timing: app;dur=<ms>,
cpu;dur=<ms>` header.

The plan:

    {"port": 8123, "password": "...", "seed": 1, "repeat": 3, "warmup": 5,
     "requests": 50, "users": 20, "per_user": 10, "think": 1.0,
     "scenarios": [{"name": "record page", "accounts": ["bench.sw01", ...],
                    "paths": ["/people/<ref>/"], "expect": 200},
                   {"name": "record a visit", "accounts": [...], "visit": true,
                    "children": {"bench.sw01": [["<ref>", "2026-09-01"], ...]},
                    "expect": 302}]}

Every account signs in once, at the start. Then, `repeat` times over, for each scenario:
one user (its first account) makes `warmup` requests, then `requests` timed ones back to
back; then `users` users at once (accounts taken in turn), each warming up once and then
making `per_user` timed requests, pausing between them for a random think time averaging
`think` seconds (0: none, the server saturated).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import random
import re
import sys
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
APP_TIME = re.compile(r"(?:^|,)\s*app;dur=([0-9.]+)")
CPU_TIME = re.compile(r"(?:^|,)\s*cpu;dur=([0-9.]+)")


class Unexpected(Exception):
    """A response that was not what the scenario expects (an error page, a refusal)."""


@dataclass
class Response:
    status: int
    location: str
    body: str
    client_ms: float
    server_ms: float | None
    cpu_ms: float | None


class User:
    """One person at a browser: a connection kept open and a cookie jar."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.tokens: dict[str, str] = {}

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.conn.connect()
        return self.conn

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        body = urlencode(form) if form is not None else None
        headers = {"Accept": "text/html"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            reused = self.conn is not None
            conn = self._connection()
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                raw = conn.getresponse()
                content = raw.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: open another and retry.
                self.close()
                if attempt == 2 or not reused:
                    raise
                continue
            client_ms = (time.perf_counter() - started) * 1000
            break
        if raw.getheader("Connection", "").lower() == "close":
            self.close()
        for header in raw.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        timings = raw.getheader("Server-Timing", "")
        app, cpu = APP_TIME.search(timings), CPU_TIME.search(timings)
        return Response(raw.status, raw.getheader("Location", ""),
                        content.decode("utf-8", "replace"), client_ms,
                        float(app.group(1)) if app else None,
                        float(cpu.group(1)) if cpu else None)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def token(self, path: str) -> str:
        """The CSRF token of the form on this page (read once: it lasts the session)."""
        if path not in self.tokens:
            page = self.request("GET", path)
            found = TOKEN.search(page.body)
            if page.status != 200 or not found:
                raise Unexpected(f"GET {path}: {page.status}, no form token")
            self.tokens[path] = found.group(1)
        return self.tokens[path]

    def sign_in(self, username: str, password: str) -> None:
        token = self.token("/sign-in/")
        self.tokens.clear()  # signing in starts a new CSRF secret
        done = self.request("POST", "/sign-in/", {"username": username, "password": password,
                                                  "csrfmiddlewaretoken": token})
        if done.status != 302:
            raise Unexpected(f"{username} could not sign in ({done.status})")


class Work:
    """What one user does in a scenario, request by request."""

    def __init__(self, scenario: dict[str, Any], user: User, account: str,
                 rng: random.Random) -> None:
        self.scenario, self.user, self.rng = scenario, user, rng
        self.turn = 0
        self.children = scenario.get("children", {}).get(account, [])
        self.token = ""
        if scenario.get("visit"):
            if not self.children:
                raise Unexpected(f"{account} has no children to visit")
            self.token = user.token(self._visit_path(self.children[0][0]))

    @staticmethod
    def _visit_path(ref: str) -> str:
        return f"/people/{ref}/case/visits/new/"

    def one(self) -> Response:
        self.turn += 1
        if not self.scenario.get("visit"):
            paths = self.scenario["paths"]
            return self.user.request("GET", paths[self.turn % len(paths)])
        ref, earliest = self.children[self.turn % len(self.children)]
        today = dt.date.today()
        start = max(dt.date.fromisoformat(earliest), today - dt.timedelta(days=56))
        day = start + dt.timedelta(days=self.rng.randint(0, max(0, (today - start).days)))
        seen = self.rng.random() < 0.95
        form = {"csrfmiddlewaretoken": self.token, "visited_on-day": str(day.day),
                "visited_on-month": str(day.month), "visited_on-year": str(day.year),
                "child_seen": "yes" if seen else "no",
                "seen_alone": ("yes" if self.rng.random() < 0.7 else "no") if seen else "",
                "not_seen_reason": "" if seen else "Nobody answered the door; a card was left.",
                "note": "Visit as planned; the child showed me their room."}
        return self.user.request("POST", self._visit_path(ref), form)


def _sample(work: Work, expect: int, errors: list[str]) -> dict[str, float | None] | None:
    try:
        response = work.one()
    except (OSError, http.client.HTTPException) as exc:  # counted, not fatal
        errors.append(type(exc).__name__)
        return None
    if response.status != expect:
        errors.append(f"{response.status} {response.location}".strip())
        return None
    return {"client": response.client_ms, "server": response.server_ms,
            "cpu": response.cpu_ms}


def _single(plan: dict[str, Any], scenario: dict[str, Any], users: dict[str, User],
            seed: int) -> dict[str, Any]:
    account = scenario["accounts"][0]
    user = users[account]
    work = Work(scenario, user, account, random.Random(seed))
    errors: list[str] = []
    for _ in range(plan["warmup"]):
        _sample(work, scenario["expect"], errors)
    errors.clear()
    started = time.perf_counter()
    samples = [s for _ in range(plan["requests"])
               if (s := _sample(work, scenario["expect"], errors)) is not None]
    seconds = time.perf_counter() - started
    return {"samples": samples, "seconds": seconds, "errors": errors}


def _concurrent(plan: dict[str, Any], scenario: dict[str, Any], users: dict[str, User],
                seed: int) -> dict[str, Any]:
    accounts = scenario["accounts"]
    n = plan["users"]
    if len(accounts) < n:
        raise Unexpected(f"{scenario['name']}: {n} users need {n} accounts")
    works = [Work(scenario, users[accounts[i]], accounts[i], random.Random(seed * 1000 + i))
             for i in range(n)]
    samples: list[dict[str, float | None]] = []
    errors: list[str] = []
    lock = threading.Lock()
    warm = threading.Barrier(n + 1)
    go = threading.Barrier(n + 1)
    think = plan["think"]

    def run(work: Work) -> None:
        mine: list[dict[str, float | None]] = []
        wrong: list[str] = []
        try:
            _sample(work, scenario["expect"], [])
        finally:
            warm.wait()
        go.wait()
        if think:  # users do not all start at the same instant
            time.sleep(work.rng.uniform(0, think))
        for i in range(plan["per_user"]):
            if (s := _sample(work, scenario["expect"], wrong)) is not None:
                mine.append(s)
            if think and i + 1 < plan["per_user"]:
                time.sleep(work.rng.uniform(0, 2 * think))
        with lock:
            samples.extend(mine)
            errors.extend(wrong)

    threads = [threading.Thread(target=run, args=(w,)) for w in works]
    for t in threads:
        t.start()
    warm.wait()
    started = time.perf_counter()
    go.wait()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    return {"samples": samples, "seconds": seconds, "errors": errors}


def main() -> int:
    plan = json.load(sys.stdin)
    users: dict[str, User] = {}
    for scenario in plan["scenarios"]:
        for account in scenario["accounts"][:max(1, plan["users"])]:
            if account not in users:
                users[account] = User(plan["port"])
                users[account].sign_in(account, plan["password"])
    print(f"  {len(users)} users signed in", file=sys.stderr)
    results = []
    for repeat in range(plan["repeat"]):
        for n, scenario in enumerate(plan["scenarios"]):
            seed = plan["seed"] + 100 * repeat + n
            single = _single(plan, scenario, users, seed)
            concurrent = _concurrent(plan, scenario, users, seed) if plan["users"] else None
            results.append({"repeat": repeat, "name": scenario["name"], "single": single,
                            "concurrent": concurrent})
            print(f"  run {repeat + 1}: {scenario['name']} done", file=sys.stderr)
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
