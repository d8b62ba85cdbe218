"""The permission policy file: it parses, it refuses to load when malformed, and `allows`
answers exactly what the file says over the scope ladder."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from everychild.access import policy
from everychild.access.policy import PolicyError, Scope, _parse

RAW = tomllib.loads(resources.files("everychild.access").joinpath("policy.toml")
                    .read_text("utf-8"))
ROLES = sorted(RAW["roles"])
ACTIONS = sorted(RAW["actions"])
RECORD_ACTIONS = [a for a in ACTIONS if RAW["actions"][a].get("record")]
RELATIONSHIPS = [policy.ALLOCATED, policy.TEAM, policy.AGENCY]
# The ladder, narrowest first, written out here rather than taken from the code under test.
LADDER = ["allocated", "team", "agency", "all"]


def expected_allows(role: str, action: str, relationships: frozenset[str]) -> bool:
    spec = RAW["actions"][action]
    scope = spec.get(role, "none")
    if scope == "none":
        return False
    if scope in ("yes", "all"):
        return True
    return any(LADDER.index(r) <= LADDER.index(scope) for r in relationships)


# ------------------------------------------------------------------ the real file
def test_the_real_policy_parses_with_every_role_and_action():
    parsed = policy.policy()
    assert sorted(parsed.roles) == ROLES
    assert sorted(parsed.actions) == ACTIONS
    assert all(role.label for role in parsed.roles.values())


def test_every_endpoint_names_an_action_that_exists():
    parsed = policy.policy()
    assert parsed.endpoints
    for url_name, methods in parsed.endpoints.items():
        for method, action in methods.items():
            assert action == policy.PUBLIC or action in parsed.actions, (url_name, method)


def test_endpoint_action_by_method():
    parsed = policy.policy()
    assert parsed.endpoint_action("api:person", "GET") == "person.view"
    assert parsed.endpoint_action("api:person", "HEAD") == "person.view"
    assert parsed.endpoint_action("api:person", "PATCH") == "person.edit"
    assert parsed.endpoint_action("api:person", "DELETE") is None
    assert parsed.endpoint_action("people:search", "GET") == "person.search"
    assert parsed.endpoint_action("people:search", "POST") is None  # read-only page
    assert parsed.endpoint_action("no-such:page", "GET") is None


def test_only_roles_marked_sealed_see_sealed_records():
    for role in ROLES:
        assert policy.role_sees_sealed(role) is bool(RAW["roles"][role].get("sealed"))
    assert [r for r in ROLES if policy.role_sees_sealed(r)] == ["privacy_officer"]
    assert policy.role_sees_sealed("no_such_role") is False
    assert policy.role_sees_sealed("") is False


def test_break_glass_roles_are_those_the_file_grants_the_action():
    granted = RAW["actions"]["record.break_glass"]
    for role in ROLES:
        assert policy.role_may_break_glass(role) is (granted.get(role) == "yes")
    assert policy.role_may_break_glass("no_such_role") is False
    assert not policy.role_may_break_glass("board_analyst")
    assert policy.role_may_break_glass("police_investigator")


# ------------------------------------------------------------------ malformed files
BASE = """
[roles.worker]
label = "Worker"
[roles.viewer]
label = "Viewer"
[actions."thing.view"]
means = "See a thing"
record = true
worker = "agency"
[actions."thing.list"]
means = "List things"
worker = "yes"
[endpoints]
"app:things" = "thing.list"
"app:thing" = { GET = "thing.view" }
"app:about" = "public"
"""


def parse(text: str) -> policy.Policy:
    return _parse(tomllib.loads(text))


def test_the_base_of_the_malformed_examples_is_itself_well_formed():
    parsed = parse(BASE)
    assert parsed.scope("worker", "thing.view") == Scope.AGENCY
    assert parsed.scope("viewer", "thing.view") == Scope.NONE
    assert parsed.endpoint_action("app:thing", "GET") == "thing.view"


@pytest.mark.parametrize(("addition", "complaint"), [
    ('[actions."thing.edit"]\nrecord = true\nmanager = "team"\n', "unknown role"),
    ('[actions."thing.edit"]\nrecord = true\nworker = "everyone"\n', "unknown scope"),
    ('[actions."thing.edit"]\nrecord = true\nworker = "yes"\n', "does not suit a record"),
    ('[actions."thing.export"]\nworker = "agency"\n', "does not suit a non-record"),
    ('[actions."thing.export"]\nworker = "all"\n', "does not suit a non-record"),
    ('[actions."thing.edit"]\nrecord = true\nworker = 3\n', "unknown scope"),
    ('[roles.nameless]\nsealed = true\n', "label"),
])
def test_malformed_actions_and_roles_are_refused(addition, complaint):
    with pytest.raises(PolicyError, match=complaint):
        parse(BASE.replace("[endpoints]", addition + "[endpoints]"))


@pytest.mark.parametrize(("endpoint", "complaint"), [
    ('"app:other" = "thing.edit"', "unknown action"),
    ('"app:other" = { GET = "thing.view", POST = "thing.nothing" }', "unknown action"),
    ('"app:other" = { FETCH = "thing.view" }', "unknown method"),
    ('"app:other" = 7', "action name"),
    ('"app:other" = { GET = 7 }', "unknown action"),
])
def test_malformed_endpoints_are_refused(endpoint, complaint):
    with pytest.raises(PolicyError, match=complaint):
        parse(BASE + endpoint + "\n")


# ------------------------------------------------------------------ allows()
@given(role=st.sampled_from(ROLES), action=st.sampled_from(ACTIONS),
       relationships=st.frozensets(st.sampled_from(RELATIONSHIPS)))
def test_allows_is_exactly_what_the_file_says(role, action, relationships):
    assert policy.allows(role, action, relationships=relationships) is expected_allows(
        role, action, relationships)


@given(role=st.sampled_from(ROLES), action=st.sampled_from(RECORD_ACTIONS),
       relationships=st.frozensets(st.sampled_from(RELATIONSHIPS)))
def test_a_wider_relationship_never_opens_a_narrower_scope(role, action, relationships):
    scope = policy.policy().scope(role, action)
    allowed = policy.allows(role, action, relationships=relationships)
    if Scope.NONE < scope < Scope.ALL:
        narrowest = min((policy.RELATIONSHIP_LEVEL[r] for r in relationships), default=None)
        assert allowed is (narrowest is not None and narrowest <= scope)
    # Adding a relationship can only open, never close.
    for extra in RELATIONSHIPS:
        if allowed:
            assert policy.allows(role, action, relationships=relationships | {extra})


@pytest.mark.parametrize(("role", "action", "relationships", "allowed"), [
    ("social_worker", "person.edit", {"allocated"}, True),
    ("social_worker", "person.edit", {"team"}, True),
    ("social_worker", "person.edit", {"agency"}, False),
    ("social_worker", "person.edit", set(), False),
    ("team_manager", "person.edit", {"agency"}, True),
    ("designated_safeguarding_lead", "person.edit", {"team", "agency"}, False),
    ("designated_safeguarding_lead", "person.edit", {"allocated"}, True),
    ("police_investigator", "person.view", {"agency"}, True),
    ("police_investigator", "person.view", set(), False),
    ("inspector", "person.view", set(), True),        # scope "all"
    ("inspector", "person.edit", {"allocated"}, False),
    ("board_analyst", "person.view", {"allocated"}, False),
    ("privacy_officer", "person.seal", set(), True),
    ("social_worker", "person.seal", {"allocated"}, False),
    ("administrator", "person.search", set(), False),
    ("inspector", "person.search", set(), True),
])
def test_examples_from_the_scope_ladder(role, action, relationships, allowed):
    assert policy.allows(role, action, relationships=frozenset(relationships)) is allowed


def test_an_unknown_relationship_opens_nothing():
    assert not policy.allows("social_worker", "person.view",
                             relationships=frozenset({"friend_of_a_friend"}))


def test_an_unknown_role_may_do_nothing():
    assert not policy.allows("intruder", "person.search")
    assert not policy.role_may_ever("intruder", "person.view")
