"""The OpenAPI description at /api/v1/schema/: public, valid, and complete."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse

from everychild.access import policy

pytestmark = pytest.mark.django_db

ERROR_STATUSES = {"400", "401", "403", "404", "409", "412", "428"}


def _api_paths() -> set[str]:
    """Every api:* URL in the policy, as OpenAPI writes it ({ref} for a ref)."""
    return {_path_of(name) for name in policy.policy().endpoints
            if name.startswith("api:") and name != "api:schema"}


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        response = Client().get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    return yaml.safe_load(response.content)


def test_schema_is_served_to_anyone_as_openapi_3(schema):
    assert re.fullmatch(r"3\.\d+\.\d+", schema["openapi"])
    assert schema["info"]["title"] == "Everychild API"


def test_schema_is_also_served_as_json(world):
    response = Client().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    assert json.loads(response.content)["openapi"].startswith("3.")


def test_schema_lists_every_api_endpoint_and_method(schema):
    assert _api_paths() <= set(schema["paths"]), _api_paths() - set(schema["paths"])
    for name, methods in policy.policy().endpoints.items():
        if not name.startswith("api:") or name == "api:schema":
            continue
        documented = {m.upper() for m in schema["paths"][_path_of(name)]
                      if m in ("get", "post", "patch", "put", "delete")}
        assert documented == set(methods), name


# Sample values for URL parameters, each written back as OpenAPI names it ({ref}).
URL_SAMPLES = {"ref": "00000000-0000-4000-8000-000000000000", "entry": 987654321,
               "request_id": 987654322, "merge_id": 987654323}
URL_PARAMETER_SETS = ((), ("ref",), ("ref", "entry"), ("ref", "request_id"), ("merge_id",))
# The casework pathway's records, each named within the child.
URL_SAMPLES.update({"episode_id": 987654324, "assessment_id": 987654325,
                    "enquiry_id": 987654326})
URL_PARAMETER_SETS += (("ref", "episode_id"), ("ref", "assessment_id"), ("ref", "enquiry_id"))
# Conferences, plans and visits (the second half of the pathway).
URL_SAMPLES.update({"conference_id": 987654327, "invitee_id": 987654328,
                    "amendment_id": 987654329, "plan_id": 987654330, "member_id": 987654331,
                    "action_id": 987654332})
URL_PARAMETER_SETS += (("ref", "conference_id"), ("ref", "conference_id", "invitee_id"),
                       ("ref", "conference_id", "amendment_id"), ("ref", "plan_id"),
                       ("ref", "plan_id", "member_id"), ("ref", "plan_id", "action_id"))


def _path_of(name: str) -> str:
    for keys in URL_PARAMETER_SETS:
        try:
            url = reverse(name, kwargs={k: URL_SAMPLES[k] for k in keys} or None)
        except NoReverseMatch:
            continue
        for k in keys:
            url = url.replace(str(URL_SAMPLES[k]), "{" + k + "}")
        return url
    raise AssertionError(f"{name}: add its URL parameters to URL_SAMPLES")


def test_errors_are_documented_as_problems(schema):
    problem = schema["components"]["schemas"]["Problem"]
    assert {"type", "title", "status"} <= set(problem["required"])
    seen: set[str] = set()
    for operations in schema["paths"].values():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    seen.add(status)
                    assert list(response["content"]) == ["application/problem+json"]
                    assert response["content"]["application/problem+json"]["schema"] == {
                        "$ref": "#/components/schemas/Problem"}
    assert seen >= ERROR_STATUSES


def test_edits_document_if_match_and_etag(schema):
    for path in ("/api/v1/people/{ref}/", "/api/v1/households/{ref}/"):
        patch = schema["paths"][path]["patch"]
        assert "If-Match" in {p["name"] for p in patch["parameters"] if p["in"] == "header"}
        assert {"409", "412", "428"} <= set(patch["responses"])
        for method in ("get", "patch"):
            assert "ETag" in schema["paths"][path][method]["responses"]["200"]["headers"]


def test_bearer_tokens_are_documented(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["bearerToken"] == {**schemes["bearerToken"], "type": "http",
                                      "scheme": "bearer"}


def test_people_are_named_by_ref_in_every_schema(schema):
    for name in ("Person", "Household", "PersonSearchHit", "Member"):
        properties = schema["components"]["schemas"][name]["properties"]
        assert "ref" in properties and "id" not in properties, name


def test_schema_generation_has_no_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file",
                 str(tmp_path / "schema.yaml"))
