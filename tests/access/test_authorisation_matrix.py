"""The authorisation matrix: every role × every endpoint × every relationship.

Generated from the URL configuration and access/policy.toml, so a new endpoint is
covered the moment it is routed, and an endpoint the policy does not name fails here.
For each request the policy says what should happen; the test checks the response:

- allowed → not refused (no 401/403/404) and no server error;
- refused → 403, 404, a redirect to sign-in or to the break-glass page, or a 405;
  and the body must not contain the child's name or identifiers (a *leak*);
- a sealed child, for a role without the sealed grant → 404 only, never a hint.

There is one test per role (so xdist can spread them over the CPUs); each builds its
own user and five targets, one per relationship, and records how many checks it made.
The totals over every role are printed at the end of the run (see tests/conftest.py).

The targets are built in tests/support/matrix_targets.py and matrix_casework.py; a URL
keyword neither knows fails here, naming it. A view that crashes is counted as a server
error and the run goes on, so one run lists every 500.

What makes it affordable (some 16,000 requests, and more with every endpoint): the
casework, merge and break-glass fixtures are built only for a target whose URLs need
them; the OpenAPI schema, which is public and the same for everyone, is generated once
per process; and sessions live in the local-memory cache instead of the database, which
changes nothing about who may do what.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

from everychild.access import policy
from everychild.agencies.models import AgencyKind, Staff
from everychild.referrals.models import Referral

from ..factories import AgencyFactory, StaffFactory, TeamFactory
from ..support.matrix_casework import KWARGS as CASEWORK_KWARGS
from ..support.matrix_insight import MENTIONS_CHILD as INSIGHT_MENTIONS
from ..support.matrix_insight import QUERIES as INSIGHT_QUERIES
from ..support.matrix_targets import TARGET_KWARGS, Target, build_target

RELATIONSHIPS = ("allocated", "team", "same_agency", "unrelated", "sealed")
ANONYMOUS = "anonymous"
ROLE_AGENCY = {
    "social_worker": AgencyKind.CHILDRENS_SOCIAL_CARE,
    "team_manager": AgencyKind.CHILDRENS_SOCIAL_CARE,
    "conference_chair": AgencyKind.CHILDRENS_SOCIAL_CARE,
    "designated_safeguarding_lead": AgencyKind.SCHOOL,
    "police_investigator": AgencyKind.POLICE,
    "health_practitioner": AgencyKind.GP_PRACTICE,
    "partner_practitioner": AgencyKind.PROBATION,
    "contact_centre_officer": AgencyKind.CHILDRENS_SOCIAL_CARE,
    "board_analyst": AgencyKind.SAFEGUARDING_BOARD,
    "inspector": AgencyKind.INSPECTORATE,
    "administrator": AgencyKind.CHILDRENS_SOCIAL_CARE,
    "privacy_officer": AgencyKind.CHILDRENS_SOCIAL_CARE,
}


def routed_endpoints() -> list[tuple[str, str]]:
    """(namespaced url name, route) for every named URL in the app."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list, namespace: str, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}:{p.namespace}".strip(":") if p.namespace else namespace
                walk(p.url_patterns, ns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace else (p.name or "")
                found.append((name, prefix + str(p.pattern)))

    walk(get_resolver().url_patterns, "", "/")
    return found


def test_every_routed_endpoint_has_a_policy_row():
    routed = {name for name, _ in routed_endpoints()}
    missing = sorted(n for n in routed if n not in policy.policy().endpoints)
    assert not missing, f"endpoints with no row in policy.toml [endpoints]: {missing}"


def test_every_policy_endpoint_is_routed():
    routed = {name for name, _ in routed_endpoints()}
    stale = sorted(n for n in policy.policy().endpoints if n not in routed)
    assert not stale, f"policy.toml names endpoints that do not exist: {stale}"


# Every role, then a visitor who has not signed in. One test each.
ROLES = [*policy.policy().roles, ANONYMOUS]
ROUTE_KEYWORD = re.compile(r"<(?:\w+:)?(\w+)>")
# URLs whose <uuid:ref> is a referral (or a draft), not a person's record.
REFERRAL_ROUTES = ("/referrals/", "/front-door/", "/api/v1/referrals/", "/api/v1/front-door/")
HOUSEHOLD_ROUTES = ("/people/households/", "/api/v1/households/")


def _unknown_keywords(route: str) -> list[str]:
    return [kw for kw in ROUTE_KEYWORD.findall(route)
            if kw != "ref" and kw not in TARGET_KWARGS and kw not in CASEWORK_KWARGS]


def test_every_url_keyword_can_be_filled():
    unknown = sorted({f"{name} <{kw}>" for name, route in routed_endpoints()
                      for kw in _unknown_keywords(route)})
    assert not unknown, (
        "the authorisation matrix does not know how to fill these URL keywords; add each "
        "to KWARGS in tests/support/matrix_casework.py (casework, chronology, oversight) "
        f"or TARGET_KWARGS in tests/access/test_authorisation_matrix.py: {unknown}")


@dataclass
class Tally:
    checks: int = 0
    leaks: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def _names_referral(route: str) -> bool:
    """A front-door or referrer URL whose ref is a referral or a draft: about the
    referral, which may mention a child, not about the child's record."""
    return "<uuid:ref>" in route and route.startswith(REFERRAL_ROUTES)


def _relationships(role: str, relationship: str, user: Staff | None) -> frozenset[str]:
    if user is None or relationship == "unrelated":
        return frozenset()
    if relationship == "same_agency":
        return frozenset({policy.AGENCY})
    if relationship == "team":
        return frozenset({policy.TEAM, policy.AGENCY})
    rels = {policy.ALLOCATED, policy.AGENCY}
    if user.team_id:
        rels.add(policy.TEAM)
    return frozenset(rels)


def _url(name: str, route: str, t: Target) -> str:
    kwargs: dict[str, object] = {}
    for kw in ROUTE_KEYWORD.findall(route):
        if kw == "ref":
            kwargs["ref"] = _ref(route, t)
        elif kw in TARGET_KWARGS:
            kwargs[kw] = TARGET_KWARGS[kw](t)
        elif kw in CASEWORK_KWARGS:
            kwargs[kw] = CASEWORK_KWARGS[kw](t.casework())
        else:
            pytest.fail(f"{name} ({route}): the authorisation matrix does not know how to fill "
                        f"<{kw}>; add it to KWARGS in tests/support/matrix_casework.py",
                        pytrace=False)
    url = reverse(name, kwargs=kwargs or None)
    if name in ("people:search", "api:people"):
        url += ("?q=" if name == "api:people" else "?text=") + t.secrets[0]
    if name in INSIGHT_QUERIES:
        url += "?" + INSIGHT_QUERIES[name](t)
    return url


def _ref(route: str, t: Target) -> object:
    if _names_referral(route):
        if route.startswith("/referrals/drafts/"):
            # Discarding deletes the draft, so each request gets a fresh one of its own.
            fresh = Referral.objects.create(
                made_by=t.draft.made_by, created_at=t.draft.created_at,
                updated_at=t.draft.created_at,
                draft_data={"people": [{"role": "subject_child", "given_name": "Drafted"}]})
            return fresh.ref
        return t.referral.ref
    # Everything else with a ref is about a record: a household's, or a person's (every
    # casework and chronology URL names the child).
    return t.household.ref if route.startswith(HOUSEHOLD_ROUTES) else t.person.ref


def _methods(name: str) -> list[str]:
    methods = policy.policy().endpoints[name]
    return ["GET", "POST"] if "*" in methods else sorted(methods)


def _expected(role: str, action: str, relationship: str, user: Staff | None,
              about_record: bool, mentions_record: bool = False) -> str:
    """'allow', 'deny', 'hide' (must look like nothing is there), 'allow_unseen' (allowed,
    but the sealed child it mentions must not show) or 'public'."""
    if action == policy.PUBLIC:
        return "public"
    if user is None:
        return "deny"
    spec = policy.policy().actions[action]
    if relationship == "sealed" and mentions_record and not policy.role_sees_sealed(role):
        return "allow_unseen" if policy.allows(role, action) else "deny"
    if relationship == "sealed" and about_record and not policy.role_sees_sealed(role):
        # The role must not learn the record exists; if it cannot do the action at all,
        # the endpoint gate may refuse first with a 403 that says nothing about the child.
        return "hide" if policy.role_may_ever(role, action) else "deny"
    if not spec.record:
        return "allow" if policy.allows(role, action) else "deny"
    rels = _relationships(role, relationship, user)
    return "allow" if policy.allows(role, action, relationships=rels) else "deny"


def _api_body(name: str, t: Target) -> str:
    """A body that names the target child where the endpoint finds its record in the body;
    otherwise an empty object (the record is in the URL, or there is none)."""
    if name == "api:relationships":
        return json.dumps({"person": str(t.relationship.person.ref),
                           "related": str(t.person.ref), "kind": "sibling"})
    if name == "api:involvements":
        return json.dumps({"person": str(t.person.ref), "agency": t.involvement.agency_id,
                           "role": "agency", "started": "2024-01-01"})
    return "{}"


def _request(client: Client, method: str, url: str, name: str, t: Target):
    if method == "GET":
        # The schema is public: only its answer matters, so skip rendering it as YAML.
        if name == "api:schema":
            return client.get(url, HTTP_ACCEPT="application/vnd.oai.openapi+json")
        return client.get(url)
    if url.startswith("/api/"):
        return client.generic(method, url, data=_api_body(name, t),
                              content_type="application/json", HTTP_IF_MATCH='"0"')
    return client.generic(method, url, data="", content_type="application/x-www-form-urlencoded")


def _judge(tally: Tally, role: str, rel: str, name: str, method: str, url: str, expected: str,
           response, target: Target) -> None:
    tally.checks += 1
    status = response.status_code
    body = response.content.decode("utf-8", "replace")
    where = f"{role} × {rel} × {method} {name} ({url}) → {status}"
    if status >= 500:
        tally.wrong.append(f"server error: {where}")
        return
    refused = status in (401, 403, 404, 405) or (
        status == 302 and ("sign-in" in response["Location"] or "/open/" in response["Location"]))
    search = name in ("people:search", "api:people") and method == "GET"
    # A search page echoes what was typed (the given name); judge it on the rest.
    shows_secret = any(s in body for s in (target.secrets[1:] if search else target.secrets))
    if expected == "hide":
        if search:
            if shows_secret:
                tally.leaks.append(f"sealed child in search results: {where}")
        elif status not in (403, 404, 405) and not (status == 302 and "sign-in" in response["Location"]):
            tally.leaks.append(f"sealed record not hidden: {where}")
        elif status == 403:
            tally.leaks.append(f"sealed record answered 403 (reveals it exists): {where}")
        if shows_secret:
            tally.leaks.append(f"sealed details in response: {where}")
        if status == 302 and "/open/" in response["Location"]:
            tally.leaks.append(f"sealed record offered break-glass: {where}")
    elif expected == "deny":
        if not refused:
            tally.leaks.append(f"not refused: {where}")
        elif shows_secret and not search:
            tally.leaks.append(f"refused but revealed details: {where}")
    elif expected == "allow_unseen":
        if refused:
            tally.wrong.append(f"wrongly refused: {where}")
        if shows_secret:
            tally.leaks.append(f"sealed details in response: {where}")
    elif expected == "allow" and refused:
        tally.wrong.append(f"wrongly refused: {where}")


_real_schema_response = SpectacularAPIView._get_schema_response
_schema: dict[str, object] = {}


def _schema_once(view: SpectacularAPIView, request) -> Response:
    """The OpenAPI schema, generated on the first request in this process and reused:
    it is public and the same for everyone, and generating it costs a fifth of a second."""
    if "data" not in _schema:
        _schema["data"] = _real_schema_response(view, request).data
    return Response(data=_schema["data"])


@pytest.fixture
def quick_requests(settings, monkeypatch):
    # Sessions only carry who is signed in; the database round trips for them were an
    # eighth of the matrix's time.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    monkeypatch.setattr(SpectacularAPIView, "_get_schema_response", _schema_once)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_authorisation_matrix(role, quick_requests, record_property):
    tally = Tally()
    stranger = AgencyFactory(name="Far Away GP", kind=AgencyKind.GP_PRACTICE)
    endpoints = [(n, r) for n, r in routed_endpoints() if n in policy.policy().endpoints]
    user = None
    if role != ANONYMOUS:
        agency = AgencyFactory(kind=ROLE_AGENCY[role])
        user = StaffFactory(role=role, agency=agency, team=TeamFactory(agency=agency))
    # A view that crashes is a 500 to judge and count, not the end of this role's run.
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    for i, rel in enumerate(RELATIONSHIPS):
        # Codes unique across roles too, so runs sharing a database never clash.
        target = build_target(user, rel, ROLES.index(role) * len(RELATIONSHIPS) + i + 1, stranger)
        for name, route in endpoints:
            for method in _methods(name):
                action = policy.policy().endpoint_action(name, method)
                assert action is not None
                url = _url(name, route, target)
                searching = method == "GET" and name in ("people:search", "api:people")
                body_names_record = name in ("api:relationships", "api:involvements")
                referral = _names_referral(route)
                expected = _expected(role, action, rel, user,
                                     about_record=("<" in route and not referral)
                                     or searching or body_names_record,
                                     mentions_record=referral or name in INSIGHT_MENTIONS)
                response = _request(client, method, url, name, target)
                if name == "web:sign-out" and user is not None:
                    client.force_login(user)  # signing out worked; carry on as the user
                _judge(tally, role, rel, name, method, url, expected, response, target)
    # tests/conftest.py adds these up over every role (and every xdist worker).
    record_property("matrix_role", role)
    record_property("matrix_checks", tally.checks)
    record_property("matrix_leaks", len(tally.leaks))
    record_property("matrix_wrong", len(tally.wrong))
    print(f"{role}: {tally.checks} checks, {len(tally.leaks)} leaks, "
          f"{len(tally.wrong)} wrong answers")
    leaks, wrong = tally.leaks, tally.wrong
    assert not leaks, f"{len(leaks)} leaks in {tally.checks} checks:\n" + "\n".join(leaks[:40])
    assert not wrong, f"{len(wrong)} wrong answers in {tally.checks} checks:\n" + "\n".join(
        wrong[:40])
