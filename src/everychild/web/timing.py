"""`Server-Timing: app;dur=<ms>, cpu;dur=<ms>` on every response: how long Everychild itself
took, apart from the network and any queue in front of it, and how much of that was its
own computing (the rest is waiting: for the database, a lock, or a busy processor).
Browser developer tools show it beside each request; the load benchmark
(bench/casework_load.py) reads it."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

Handler = Callable[[HttpRequest], HttpResponse]


class ServerTimingMiddleware:
    """Outermost, so the time covers every other middleware too (sessions, the policy
    gate, the session save). Streamed bodies are timed up to their first byte."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started, computing = time.perf_counter(), time.thread_time()
        response = self.get_response(request)
        elapsed = (time.perf_counter() - started) * 1000
        cpu = (time.thread_time() - computing) * 1000  # this thread's: one request's
        # A view that reports its own parts keeps them; the app's figures go first.
        earlier = response.get("Server-Timing")
        response["Server-Timing"] = (f"app;dur={elapsed:.1f}, cpu;dur={cpu:.1f}"
                                     + (f", {earlier}" if earlier else ""))
        return response
