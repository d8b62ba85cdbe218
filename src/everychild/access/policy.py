"""Reads the permission policy (policy.toml) and answers questions about it.

Pure functions over the parsed file: no database. Callers work out the user's
relationships to a record (see `relationships`) and ask `allows`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cache
from importlib import resources
from typing import Any


class Scope(IntEnum):
    """How far an action reaches; each level includes the ones below it."""

    NONE = 0
    ALLOCATED = 1
    TEAM = 2
    AGENCY = 3
    ALL = 4


SCOPE_NAMES = {"none": Scope.NONE, "allocated": Scope.ALLOCATED, "team": Scope.TEAM,
               "agency": Scope.AGENCY, "all": Scope.ALL, "yes": Scope.ALL}

# Relationships a user can have to a child's record; each satisfies scopes from its level.
ALLOCATED = "allocated"
TEAM = "team"
AGENCY = "agency"
RELATIONSHIP_LEVEL = {ALLOCATED: Scope.ALLOCATED, TEAM: Scope.TEAM, AGENCY: Scope.AGENCY}
PUBLIC = "public"
# Methods an endpoint may name ("*" is any); HEAD and OPTIONS are answered as GET.
HTTP_METHODS = frozenset({"*", "GET", "POST", "PUT", "PATCH", "DELETE"})


class PolicyError(Exception):
    """The policy file is malformed: fail at start-up, never at a user's request."""


@dataclass(frozen=True)
class Role:
    name: str
    label: str
    sealed: bool


@dataclass(frozen=True)
class Action:
    name: str
    means: str
    record: bool
    scopes: dict[str, Scope] = field(default_factory=dict)


@dataclass(frozen=True)
class Policy:
    roles: dict[str, Role]
    actions: dict[str, Action]
    endpoints: dict[str, dict[str, str]]  # url name -> method ("*" for any) -> action

    def scope(self, role: str, action: str) -> Scope:
        return self.actions[action].scopes.get(role, Scope.NONE)

    def endpoint_action(self, url_name: str, method: str) -> str | None:
        """The action an endpoint needs for a method; None when it is not in the policy."""
        methods = self.endpoints.get(url_name)
        if methods is None:
            return None
        if method in ("HEAD", "OPTIONS"):
            method = "GET"
        return methods.get(method) or methods.get("*")


def _parse(raw: dict[str, Any]) -> Policy:
    roles: dict[str, Role] = {}
    for name, spec in raw.get("roles", {}).items():
        if not isinstance(spec, dict) or not isinstance(spec.get("label"), str):
            raise PolicyError(f"role {name}: give it a label")
        roles[name] = Role(name, spec["label"], bool(spec.get("sealed")))
    actions: dict[str, Action] = {}
    for name, spec in raw.get("actions", {}).items():
        scopes: dict[str, Scope] = {}
        for key, value in spec.items():
            if key in ("means", "record"):
                continue
            if key not in roles:
                raise PolicyError(f"action {name}: unknown role {key!r}")
            if value not in SCOPE_NAMES:
                raise PolicyError(f"action {name}: unknown scope {value!r} for {key}")
            is_record = bool(spec.get("record"))
            if is_record == (value == "yes"):
                raise PolicyError(f"action {name}: {key} = {value!r} does not suit a "
                                  f"{'record' if is_record else 'non-record'} action")
            scopes[key] = SCOPE_NAMES[value]
        actions[name] = Action(name, spec.get("means", ""), bool(spec.get("record")), scopes)
    endpoints: dict[str, dict[str, str]] = {}
    for url_name, spec in raw.get("endpoints", {}).items():
        if not isinstance(spec, (str, dict)):
            raise PolicyError(f"endpoint {url_name}: give an action name, or a table of "
                              "methods and action names")
        methods = {"*": spec} if isinstance(spec, str) else dict(spec)
        for method, action in methods.items():
            if method not in HTTP_METHODS:
                raise PolicyError(f"endpoint {url_name}: unknown method {method!r}")
            if action != PUBLIC and action not in actions:
                raise PolicyError(f"endpoint {url_name}: unknown action {action!r}")
        endpoints[url_name] = methods
    return Policy(roles, actions, endpoints)


@cache
def policy() -> Policy:
    text = resources.files("everychild.access").joinpath("policy.toml").read_text("utf-8")
    return _parse(tomllib.loads(text))


def role_choices() -> list[tuple[str, str]]:
    return [(r.name, r.label) for r in policy().roles.values()]


def allows(role: str, action: str, *, relationships: frozenset[str] = frozenset()) -> bool:
    """May a user with this role do this action, given their relationships to the record?

    For a non-record action `relationships` is ignored. Sealing and break-glass are
    handled by the caller (see access.records), which knows the record.
    """
    scope = policy().scope(role, action)
    if scope == Scope.NONE:
        return False
    if not policy().actions[action].record or scope == Scope.ALL:
        return True
    return any(RELATIONSHIP_LEVEL[r] <= scope for r in relationships if r in RELATIONSHIP_LEVEL)


def role_may_ever(role: str, action: str) -> bool:
    """Could this role do the action on some record? Used to refuse early at the endpoint."""
    return policy().scope(role, action) != Scope.NONE


def role_sees_sealed(role: str) -> bool:
    r = policy().roles.get(role)
    return bool(r and r.sealed)


BREAK_GLASS = "record.break_glass"


def role_may_break_glass(role: str) -> bool:
    return BREAK_GLASS in policy().actions and allows(role, BREAK_GLASS)
