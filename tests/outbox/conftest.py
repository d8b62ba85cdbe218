"""A real SMTP server (aiosmtpd) on a free loopback port, and Django's SMTP backend
pointed at it; helpers to run the `everychild` worker as a separate process."""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import os
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message as EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection, transaction

from everychild.outbox.models import Message
from everychild.outbox.services import message_enqueue

EVERYCHILD = str(Path(sys.executable).with_name("everychild"))
TO = "designated.lead@northbrook-primary.example"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Inbox:
    """What the SMTP server accepted. `delay` holds each DATA for that long first;
    `entered` is set when a DATA command arrives; `refuse` names recipients to refuse."""

    received: list[EmailMessage] = field(default_factory=list)
    delay: float = 0.0
    entered: threading.Event = field(default_factory=threading.Event)
    refuse: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.entered.set()
        if self.delay:
            await asyncio.sleep(self.delay)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append(parsed)
        return "250 2.0.0 Accepted"

    def message_ids(self) -> Counter[str]:
        with self.lock:
            return Counter(str(m["Message-ID"]) for m in self.received)

    def subjects(self) -> list[str]:
        with self.lock:
            return sorted(str(m["Subject"]) for m in self.received)


class SmtpServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings) -> Iterator[SmtpServer]:
    server = SmtpServer(free_port())
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    settings.DEFAULT_FROM_EMAIL = "Everychild <everychild@northbrook.example>"
    yield server
    server.stop()


@pytest.fixture
def blackhole() -> Iterator[int]:
    """A port that takes connections and never says a word: a worker sending there is
    stuck after claiming its messages, as a hung or crashing worker would be."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        yield int(s.getsockname()[1])


def enqueue(key: str, **extra: object) -> Message:
    fields: dict[str, object] = {"to": TO, "subject": f"Referral update {key}",
                                 "body": f"Sign in to Everychild to read update {key}."}
    fields.update(extra)
    with transaction.atomic():
        return message_enqueue(key=key, **fields)  # type: ignore[arg-type]


def worker_env(port: int, **extra: str) -> dict[str, str]:
    """Environment for an `everychild` process using this test's database and `port`."""
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "everychild.config.settings.test",
           "EVERYCHILD_EMAIL_HOST": "127.0.0.1", "EVERYCHILD_EMAIL_PORT": str(port),
           "EVERYCHILD_EMAIL_SECURITY": "none", "EVERYCHILD_EMAIL_TIMEOUT": "60",
           "EVERYCHILD_EMAIL_FROM": "Everychild <everychild@northbrook.example>",
           "EVERYCHILD_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
           "PYTHONUNBUFFERED": "1"}
    if connection.vendor == "postgresql":
        env.update(EVERYCHILD_DATABASE="postgres", PGDATABASE=str(db["NAME"]))
    else:
        env.update(EVERYCHILD_DATABASE="sqlite", EVERYCHILD_SQLITE_PATH=str(db["NAME"]))
    env.update(extra)
    return env


def wait_for(condition: Callable[[], bool], *, timeout: float = 60.0, what: str = "") -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what or condition}")


@contextlib.contextmanager
def no_leftover(process) -> Iterator[None]:
    try:
        yield
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
