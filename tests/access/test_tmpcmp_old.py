"""The authorisation matrix: every role × every endpoint × every relationship.

Generated from the URL configuration and access/policy.toml, so a new endpoint is
covered the moment it is routed, and an endpoint the policy does not name fails here.
For each request the policy says what should happen; the test checks the response:

- allowed → not refused (no 401/403/404) and no server error;
- refused → 403, 404, a redirect to sign-in or to the break-glass page, or a 405;
  and the body must not contain the child's name or identifiers (a *leak*);
- a sealed child, for a role without the sealed grant → 404 only, never a hint.

The totals are printed at the end of the run (see tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from everychild.access import policy
from everychild.access.models import PrivacyAlert
from everychild.agencies.models import AgencyKind, Staff
from everychild.people.models import (
    Household,
    HouseholdMembership,
    Involvement,
    InvolvementRole,
    MemberRole,
    Person,
    PersonMerge,
    Relationship,
    RelationshipKind,
)
from everychild.referrals.models import InformationRequest, Referral, ReferralPerson

from ..factories import (
    AgencyFactory,
    HouseholdFactory,
    InvolvementFactory,
    MembershipFactory,
    PersonFactory,
    StaffFactory,
    TeamFactory,
    valid_nhs_number,
)

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



import pathlib as _pl
_HEAD = set(_pl.Path("/tmp/ec_matrix_helper/head_endpoints.txt").read_text().split())
_orig_routed = routed_endpoints
def routed_endpoints():
    return [(n, r) for n, r in _orig_routed() if n in _HEAD]


def test_every_routed_endpoint_has_a_policy_row():
    routed = {name for name, _ in routed_endpoints()}
    missing = sorted(n for n in routed if n not in policy.policy().endpoints)
    assert not missing, f"endpoints with no row in policy.toml [endpoints]: {missing}"


def test_every_policy_endpoint_is_routed():
    routed = {name for name, _ in routed_endpoints()}
    stale = sorted(n for n in policy.policy().endpoints if n not in routed)
    assert not stale, f"policy.toml names endpoints that do not exist: {stale}"


@dataclass
class Target:
    person: Person
    household: Household
    membership: HouseholdMembership
    relationship: Relationship
    involvement: Involvement
    # A referral the user made, naming the child (linked to the child's record) by a name
    # of the referrer's own, so only the record can give the secrets away.
    referral: Referral
    draft: Referral  # the user's own draft referral
    # Strings that must not leak: given name (the search term), family name, NHS number,
    # address.
    secrets: list[str] = field(default_factory=list)


@dataclass
class Tally:
    checks: int = 0
    leaks: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


TALLY = Tally()


def _letters(n: int) -> str:
    """A fixed-length, letters-only code, so no target's name is a prefix of another's
    (names are searched by prefix, and digits are not part of a name's search key)."""
    return "".join(chr(ord("a") + (n // 26**i) % 26) for i in (2, 1, 0))


def _target(user: Staff | None, relationship: str, n: int, stranger_agency) -> Target:
    nhs = valid_nhs_number()
    code = _letters(n)
    child = PersonFactory(given_name=f"Matrixchild{code}", family_name=f"Zqx{code}",
                          nhs_number=nhs, sealed=relationship == "sealed",
                          date_of_birth=dt.date(2016, 1, 1))
    household = HouseholdFactory(address_line_1=f"{n} Matrixaddress Road")
    membership = MembershipFactory(household=household, person=child, role=MemberRole.CHILD)
    parent = PersonFactory(kind="adult", given_name=f"Matrixparent{code}", family_name=f"Zqx{code}",
                           date_of_birth=dt.date(1985, 1, 1))
    MembershipFactory(household=household, person=parent, role=MemberRole.PARENT)
    rel = Relationship.objects.create(person=parent, related=child, kind=RelationshipKind.PARENT,
                                      recorded_at=child.created_at)
    if user is None or relationship == "unrelated":
        inv = InvolvementFactory(person=child, agency=stranger_agency)
    elif relationship == "same_agency":
        inv = InvolvementFactory(person=child, agency=user.agency)
    elif relationship == "team":  # a team-mate is the allocated worker
        mate = StaffFactory(role="social_worker", agency=user.agency, team=user.team)
        inv = InvolvementFactory(person=child, agency=user.agency, staff=mate,
                                 role=InvolvementRole.ALLOCATED_SOCIAL_WORKER)
    else:  # allocated, and sealed: even the allocated worker needs the sealed grant
        inv = InvolvementFactory(person=child, agency=user.agency, staff=user,
                                 role=InvolvementRole.PRACTITIONER)
    referral = _referral(user, child, stranger_agency)
    draft = Referral.objects.create(made_by=referral.made_by, created_at=referral.created_at,
                                    updated_at=referral.created_at)
    return Target(child, household, membership, rel, inv, referral, draft,
                  secrets=[f"Matrixchild{code}", f"Zqx{code}", nhs, f"{n} Matrixaddress Road"])


def _referral(user: Staff | None, child: Person, agency) -> Referral:
    at = child.created_at
    referral = Referral.objects.create(
        made_by=user or StaffFactory(), status="received", received_at=at, created_at=at,
        updated_at=at, source="2A", referrer_name="Matrix referrer", referrer_phone="01632 960000",
        concern="A concern described by the referrer in their own words", rag="amber")
    ReferralPerson.objects.create(referral=referral, role="subject_child", given_name="Referred",
                                  family_name="Byname", person=child, match_status="linked")
    InformationRequest.objects.create(referral=referral, agency=agency, question="Known?",
                                      requested_by=referral.made_by, requested_at=at)
    return referral


def _names_referral(route: str) -> bool:
    """A front-door or referrer URL whose ref is a referral or a draft: about the
    referral, which may mention a child, not about the child's record."""
    return "<uuid:ref>" in route and ("front-door/" in route or "referrals/" in route)


def _merge_of(t: Target) -> PersonMerge:
    """A duplicate record of the target child, merged into the child's record (as if by
    the merge service): merge pages are about the record kept."""
    merge = PersonMerge.objects.filter(survivor=t.person).first()
    if merge is None:
        twin = PersonFactory(given_name="Matrixtwin", family_name="Duplicaterecord",
                             sealed=t.person.sealed, merged_into=t.person)
        merge = PersonMerge.objects.create(survivor=t.person, merged=twin, reason="matrix",
                                           merged_at=t.person.created_at,
                                           merged_by=StaffFactory())
    return merge


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


def _url(name: str, route: str, t: Target, alert: PrivacyAlert | None) -> str:
    kwargs: dict[str, object] = {}
    if _names_referral(route):
        if "drafts/" in route:
            # Discarding deletes the draft, so each request gets a fresh one of its own.
            fresh = Referral.objects.create(
                made_by=t.draft.made_by, created_at=t.draft.created_at,
                updated_at=t.draft.created_at,
                draft_data={"people": [{"role": "subject_child", "given_name": "Drafted"}]})
            kwargs["ref"] = fresh.ref
        else:
            kwargs["ref"] = t.referral.ref
    elif "<uuid:ref>" in route:
        kwargs["ref"] = t.household.ref if "households/" in route else t.person.ref
    if "<int:entry>" in route:
        kwargs["entry"] = t.referral.people.get().pk
    if "<int:request_id>" in route:
        kwargs["request_id"] = t.referral.information_requests.get().pk
    if "<int:index>" in route:
        kwargs["index"] = 0
    if "<slug:section>" in route:
        kwargs["section"] = "referrer"
    if "<int:merge_id>" in route:
        kwargs["merge_id"] = _merge_of(t).pk
    if "<int:rel_id>" in route:
        kwargs["rel_id"] = t.relationship.pk
    if "<int:inv_id>" in route:
        kwargs["inv_id"] = t.involvement.pk
    if "<int:membership_id>" in route:
        kwargs["membership_id"] = t.membership.pk
    if "<int:alert_id>" in route:
        kwargs["alert_id"] = alert.pk if alert else 1
    url = reverse(name, kwargs=kwargs or None)
    if name in ("people:search", "api:people"):
        url += ("?q=" if name == "api:people" else "?text=") + t.secrets[0]
    return url


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
    import json

    if name == "api:relationships":
        return json.dumps({"person": str(t.relationship.person.ref),
                           "related": str(t.person.ref), "kind": "sibling"})
    if name == "api:involvements":
        return json.dumps({"person": str(t.person.ref), "agency": t.involvement.agency_id,
                           "role": "agency", "started": "2024-01-01"})
    return "{}"


def _request(client: Client, method: str, url: str, name: str, t: Target):
    if method == "GET":
        return client.get(url)
    if url.startswith("/api/"):
        return client.generic(method, url, data=_api_body(name, t),
                              content_type="application/json", HTTP_IF_MATCH='"0"')
    return client.generic(method, url, data="", content_type="application/x-www-form-urlencoded")


def _judge(role: str, rel: str, name: str, method: str, url: str, expected: str, response,
           target: Target) -> None:
    TALLY.checks += 1
    status = response.status_code
    body = response.content.decode("utf-8", "replace")
    where = f"{role} × {rel} × {method} {name} ({url}) → {status}"
    if status >= 500:
        TALLY.wrong.append(f"server error: {where}")
        return
    refused = status in (401, 403, 404, 405) or (
        status == 302 and ("sign-in" in response["Location"] or "/open/" in response["Location"]))
    search = name in ("people:search", "api:people") and method == "GET"
    # A search page echoes what was typed (the given name); judge it on the rest.
    shows_secret = any(s in body for s in (target.secrets[1:] if search else target.secrets))
    if expected == "hide":
        if search:
            if shows_secret:
                TALLY.leaks.append(f"sealed child in search results: {where}")
        elif status not in (403, 404, 405) and not (status == 302 and "sign-in" in response["Location"]):
            TALLY.leaks.append(f"sealed record not hidden: {where}")
        elif status == 403:
            TALLY.leaks.append(f"sealed record answered 403 (reveals it exists): {where}")
        if shows_secret:
            TALLY.leaks.append(f"sealed details in response: {where}")
        if status == 302 and "/open/" in response["Location"]:
            TALLY.leaks.append(f"sealed record offered break-glass: {where}")
    elif expected == "deny":
        if not refused:
            TALLY.leaks.append(f"not refused: {where}")
        elif shows_secret and not search:
            TALLY.leaks.append(f"refused but revealed details: {where}")
    elif expected == "allow_unseen":
        if refused:
            TALLY.wrong.append(f"wrongly refused: {where}")
        if shows_secret:
            TALLY.leaks.append(f"sealed details in response: {where}")
    elif expected == "allow" and refused:
        TALLY.wrong.append(f"wrongly refused: {where}")


@pytest.mark.django_db
def test_authorisation_matrix():
    stranger = AgencyFactory(name="Far Away GP", kind=AgencyKind.GP_PRACTICE)
    endpoints = [(n, r) for n, r in routed_endpoints() if n in policy.policy().endpoints]
    roles = [*policy.policy().roles, ANONYMOUS]
    n = 0
    for role in roles:
        user = None
        if role != ANONYMOUS:
            agency = AgencyFactory(kind=ROLE_AGENCY[role])
            user = StaffFactory(role=role, agency=agency, team=TeamFactory(agency=agency))
        client = Client()
        if user is not None:
            client.force_login(user)
        for rel in RELATIONSHIPS:
            n += 1
            target = _target(user, rel, n, stranger)
            alert = PrivacyAlert.objects.create(
                kind="break_glass", staff=user or StaffFactory(), target_type="person",
                target_id=str(target.person.ref), reason="matrix", raised_at=target.person.created_at,
                audit_seq=0)
            for name, route in endpoints:
                for method in _methods(name):
                    action = policy.policy().endpoint_action(name, method)
                    assert action is not None
                    url = _url(name, route, target, alert)
                    searching = method == "GET" and name in ("people:search", "api:people")
                    body_names_record = name in ("api:relationships", "api:involvements")
                    referral = _names_referral(route)
                    expected = _expected(role, action, rel, user,
                                         about_record=("<" in route and not referral)
                                         or searching or body_names_record,
                                         mentions_record=referral)
                    response = _request(client, method, url, name, target)
                    if name == "web:sign-out" and user is not None:
                        client.force_login(user)  # signing out worked; carry on as the user
                    _judge(role, rel, name, method, url, expected, response, target)
    leaks, wrong = TALLY.leaks, TALLY.wrong
    assert not leaks, f"{len(leaks)} leaks in {TALLY.checks} checks:\n" + "\n".join(leaks[:40])
    assert not wrong, f"{len(wrong)} wrong answers in {TALLY.checks} checks:\n" + "\n".join(
        wrong[:40])
