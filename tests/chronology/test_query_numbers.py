"""Numbers in a chronology's query string are ASCII digits or nothing: "²" and its kind
(digits to str.isdigit(), not to int()) are an ignored filter on a page and a 400 from
the API, never a server error."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.test import Client

from everychild.chronology.forms import read_filters

from ..api.conftest import assert_problem, token_client
from ..people.pages import main_text
from .builders import entry

pytestmark = pytest.mark.django_db
NOT_ASCII = ["%C2%B2", "%C2%B3", "1%C2%B2", "%E2%91%A0", "%EF%BC%91"]  # ² ³ 1² ① １


@pytest.mark.parametrize("value", NOT_ASCII)
@pytest.mark.parametrize("name", ["agency", "page"])
def test_the_page_ignores_a_number_that_is_not_ascii(world, name, value):
    entry(world.child, world.social_worker, summary="Still listed")
    client = Client(raise_request_exception=False)
    client.force_login(world.social_worker)
    response = client.get(f"/people/{world.child.ref}/chronology/?{name}={value}")
    assert response.status_code == 200
    assert "Still listed" in main_text(response)


@pytest.mark.parametrize("value", NOT_ASCII)
def test_the_api_refuses_an_agency_that_is_not_ascii(world, value):
    client = token_client(world.social_worker)
    client.raise_request_exception = False
    response = client.get(f"/api/v1/people/{world.child.ref}/chronology/?agency={value}")
    body = assert_problem(response, 400)
    assert "Give agency ids as whole numbers" in str(body)


@pytest.mark.parametrize("value", NOT_ASCII)
@pytest.mark.parametrize("name", ["page", "page_size"])
def test_the_api_refuses_a_page_that_is_not_ascii(world, name, value):
    client = token_client(world.social_worker)
    client.raise_request_exception = False
    response = client.get(f"/api/v1/people/{world.child.ref}/chronology/?{name}={value}")
    assert_problem(response, 400)


def test_ascii_numbers_still_filter():
    choice = read_filters(QueryDict("agency=12&agency=%C2%B2&page=3"))
    assert (choice.agencies, choice.page) == ((12,), 3)
    assert read_filters(QueryDict("page=%C2%B2")).page == 1
