"""Open work the front door shows beside each child and family member.

Plans and open cases belong to casework, which sits above this app in the layers, so
casework registers a source here (in its AppConfig.ready) and triage asks every source.
A source takes a set of person ids and returns, for each person with open work, short
lines such as "Child protection plan (neglect) since 3 March 2026".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

OpenWorkSource = Callable[[set[int]], dict[int, list[str]]]
_SOURCES: list[OpenWorkSource] = []


def register_open_work_source(source: OpenWorkSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def open_work(person_ids: Iterable[int]) -> dict[int, list[str]]:
    ids = set(person_ids)
    out: dict[int, list[str]] = {}
    if not ids:
        return out
    for source in _SOURCES:
        for pid, lines in source(ids).items():
            out.setdefault(pid, []).extend(lines)
    return out
