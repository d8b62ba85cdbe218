"""Whatever a client sends, the API answers with an RFC 9457 problem and changes nothing:
never a server error, never an HTML page."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from everychild.people.models import Person

from .conftest import PEOPLE, assert_problem, household_url, person_url

pytestmark = pytest.mark.django_db

PERSON_FIELDS = ["kind", "given_name", "middle_names", "family_name", "sex", "date_of_birth",
                 "expected_date_of_birth", "date_of_death", "ethnicity", "nhs_number", "upn",
                 "former_upn", "la_child_id", "version"]


def _send(client, method: str, url: str, body: str | bytes,
          content_type: str = "application/json", **headers):
    return client.generic(method, url, data=body, content_type=content_type, headers=headers)


# ------------------------------------------------------------------ bodies
@pytest.mark.parametrize("body", ["{bad", "", "{\"kind\": }", "\ufeff{}", "[1, 2",
                                  "{\"a\": NaN}", "{\"a\": Infinity}"])
def test_json_that_cannot_be_read_is_a_400(world, api, body):
    response = _send(api("social_worker"), "POST", PEOPLE, body)
    assert response.status_code == 400, response.content
    assert_problem(response, 400)


def test_json_nested_beyond_reason_is_a_400(world, api):
    response = _send(api("social_worker"), "POST", PEOPLE, "[" * 100_000 + "]" * 100_000)
    assert_problem(response, 400, "parse-error")


def test_bytes_that_are_not_utf8_are_a_400(world, api):
    assert_problem(_send(api("social_worker"), "POST", PEOPLE, b'{"family_name": "\xff"}'),
                   400, "parse-error")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", "application/xml"])
def test_a_body_that_is_not_json_is_a_415(world, api, content_type):
    response = _send(api("social_worker"), "POST", PEOPLE, "kind=child", content_type)
    body = assert_problem(response, 415, "unsupported-media-type")
    assert "{" not in body["title"]


@pytest.mark.parametrize("body", ["null", "[]", "\"child\"", "42", "true", "[{\"kind\": 1}]"])
def test_a_body_that_is_not_an_object_is_a_400(world, api, body):
    assert_problem(_send(api("social_worker"), "POST", PEOPLE, body), 400, "validation-failed")
    assert_problem(_send(api("social_worker"), "PATCH", person_url(world.child.ref), body,
                         **{"If-Match": '"1"'}), 400, "validation-failed")


@pytest.mark.parametrize("field,value", [
    ("kind", 5), ("kind", ["child"]), ("family_name", {"a": 1}), ("family_name", None),
    ("family_name", "x" * 101), ("middle_names", "x" * 201), ("given_name", "\ufb03" * 40),
    ("family_name", "Ad\x00jo"), ("family_name", "Ad\ud800jo"), ("date_of_birth", 20171102),
    ("date_of_birth", "2017-11-02T00:00:00"), ("nhs_number", "9" * 21), ("ethnicity", "XXXX"),
    ("version", 2**63), ("version", 0), ("version", "one"), ("version", 1.5),
    ("sex", "male"), ("la_child_id", "x" * 11), ("family_name", 123), ("given_name", True),
    ("version", "1"), ("version", True), ("nhs_number", 9434765919),
])
def test_each_wrong_value_is_named_in_the_problem(world, api, field, value):
    body = {"kind": "child", "family_name": "Osei", field: value}
    response = _send(api("social_worker"), "PATCH", person_url(world.child.ref),
                     json.dumps(body), **{"If-Match": '"1"'})
    problem = assert_problem(response, 400, "validation-failed")
    assert list(problem["errors"]) == [field]
    world.child.refresh_from_db()
    assert world.child.version == 1 and world.child.family_name == "Osei"


def test_refs_are_strings_not_numbers(world, api):
    body = {"person": world.child.pk, "related": 1, "kind": "sibling"}
    problem = assert_problem(_send(api("social_worker"), "POST", "/api/v1/relationships/",
                                   json.dumps(body)), 400, "validation-failed")
    assert set(problem["errors"]) == {"person", "related"}


def test_an_unknown_field_with_a_strange_name_is_reported_safely(world, api):
    body = '{"kind": "child", "family_name": "Quarshie", "\\ud800' + "k" * 500 + '": 1}'
    response = _send(api("social_worker"), "POST", PEOPLE, body)
    problem = assert_problem(response, 400, "validation-failed")
    [name] = problem["errors"]
    assert len(name) < 80
    assert not Person.objects.filter(family_name="Quarshie").exists()


def test_many_unknown_fields_are_summarised(world, api):
    body = {f"field{i}": i for i in range(500)}
    problem = assert_problem(_send(api("social_worker"), "POST", PEOPLE, json.dumps(body)), 400)
    assert len(problem["errors"]) < 30 and "500 fields" in problem["errors"]["request"][0]


# ------------------------------------------------------------------ addresses and methods
@pytest.mark.parametrize("path", ["/api/v1/nowhere/", "/api/v1/people/not-a-uuid/",
                                  "/api/v1/households/123/", "/api/v2/people/",
                                  "/api/v1/people/00000000-0000-4000-8000-000000000000/x/"])
def test_an_unknown_api_address_is_a_404_problem(world, api, path):
    assert_problem(api("social_worker").get(path), 404, "not-found")


@pytest.mark.parametrize("method,url,allow", [
    ("PUT", "person", "GET, PATCH, HEAD, OPTIONS"),
    ("DELETE", "person", "GET, PATCH, HEAD, OPTIONS"),
    ("POST", "person", "GET, PATCH, HEAD, OPTIONS"),
    ("DELETE", "people", "GET, POST, HEAD, OPTIONS"),
    ("GET", "households", "POST"),
    ("PATCH", "audit", "GET, HEAD, OPTIONS"),
])
def test_a_method_an_endpoint_does_not_offer_is_a_405_with_allow(world, api, method, url,
                                                                  allow):
    urls = {"person": person_url(world.child.ref), "people": PEOPLE,
            "households": "/api/v1/households/", "audit": "/api/v1/audit-events/"}
    response = _send(api("social_worker"), method, urls[url], "{}")
    assert_problem(response, 405, "method-not-allowed")
    assert response["Allow"] == allow
    world.child.refresh_from_db()
    assert world.child.version == 1


def test_the_schema_refuses_other_methods_with_a_json_problem(world):
    from django.test import Client

    response = Client().post("/api/v1/schema/", "{}", content_type="application/json")
    body = assert_problem(response, 405, "method-not-allowed")
    assert body["title"] == "Method not allowed" and "GET" in response["Allow"]


def test_asking_for_html_gets_a_problem_not_a_page(world, api):
    response = api("social_worker").get(PEOPLE, {"q": "osei"}, headers={"Accept": "text/html"})
    assert_problem(response, 406, "not-acceptable")


# ------------------------------------------------------------------ anything at all
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                  max_size=4),
    max_leaves=12,
)
person_like = st.fixed_dictionaries(
    {}, optional={name: json_values | st.text(max_size=120) | st.dates().map(str)
                  for name in PERSON_FIELDS})
bodies = json_values | person_like


def _is_fine(response) -> None:
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        assert_problem(response, response.status_code)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=bodies, if_match=st.none() | st.text(max_size=12) | st.just('"1"'))
def test_any_json_sent_to_create_or_change_a_person_gets_a_sound_answer(world, api, body,
                                                                        if_match):
    client = api("social_worker")
    headers = {} if if_match is None else {"If-Match": if_match}
    text = json.dumps(body)
    _is_fine(_send(client, "POST", PEOPLE, text))
    _is_fine(_send(client, "PATCH", person_url(world.child.ref), text, **headers))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=bodies, raw=st.binary(max_size=40))
def test_any_body_sent_elsewhere_gets_a_sound_answer(world, api, body, raw):
    client = api("social_worker")
    for url in ("/api/v1/households/", "/api/v1/relationships/", "/api/v1/involvements/",
                f"{person_url(world.child.ref)}other-names/"):
        _is_fine(_send(client, "POST", url, json.dumps(body)))
        _is_fine(_send(client, "POST", url, raw))
    _is_fine(_send(client, "PATCH", household_url("00000000-0000-4000-8000-000000000000"),
                   json.dumps(body)))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(params=st.dictionaries(st.sampled_from(["q", "date_of_birth", "actor", "action",
                                               "older_than", "page_size", "date_from", "x"]),
                              st.text(max_size=40), max_size=4))
def test_any_query_gets_a_sound_answer(world, api, params):
    _is_fine(api("social_worker").get(PEOPLE, params))
    _is_fine(api("privacy_officer").get("/api/v1/audit-events/", params))
