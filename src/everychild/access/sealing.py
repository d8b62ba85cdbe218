"""Which audit targets are sealed, asked of the apps that own them.

Access sits below the apps whose records it guards, so it cannot look up a person to see
whether they are sealed. Instead each owning app registers, at start-up, a function that
takes target ids of one type and returns the ones that are sealed. Readers of the audit
log and privacy alerts use it to hide entries about sealed records from users without
the sealed grant, whatever the policy says about who may read the log.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

SealedIds = Callable[[Collection[str]], set[str]]


@dataclass(frozen=True)
class _Registration:
    sealed_ids: SealedIds
    # Keys of an audit entry's `detail` that hold ids of this type (e.g. the other person
    # in a relationship), so an entry naming a sealed record anywhere is hidden.
    detail_keys: tuple[str, ...]


_registry: dict[str, _Registration] = {}


def register_sealed_targets(target_type: str, func: SealedIds, *,
                            detail_keys: Iterable[str] = ()) -> None:
    """Say how to tell which ids of `target_type` are sealed. Registering again replaces."""
    _registry[target_type] = _Registration(func, tuple(detail_keys))


def registered_types() -> list[str]:
    return sorted(_registry)


def sealed_ids(target_type: str, ids: Collection[str]) -> set[str]:
    """The sealed ones among `ids`; nothing is sealed for an unregistered type."""
    registration = _registry.get(target_type)
    if registration is None or not ids:
        return set()
    return set(registration.sealed_ids(ids))


@dataclass(frozen=True)
class Reference:
    target_type: str
    target_id: str


def references(target_type: str, target_id: str, detail: object) -> list[Reference]:
    """Every registered record an audit entry names: its target and ids in its detail."""
    found = [Reference(target_type, target_id)] if target_type and target_id else []
    if isinstance(detail, dict):
        for kind, registration in _registry.items():
            for key in registration.detail_keys:
                value = detail.get(key)
                # A list names several records (a worklist names every child it showed).
                for one in value if isinstance(value, list) else [value]:
                    if isinstance(one, str) and one:
                        found.append(Reference(kind, one))
    return found


def sealed_references(refs: Iterable[Reference]) -> set[Reference]:
    """The sealed ones among `refs`, asking each owning app once."""
    by_type: dict[str, set[str]] = {}
    for ref in refs:
        by_type.setdefault(ref.target_type, set()).add(ref.target_id)
    return {Reference(kind, sealed) for kind, ids in by_type.items()
            for sealed in sealed_ids(kind, ids)}
