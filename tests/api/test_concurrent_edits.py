"""Two clients editing one record at the same moment, over HTTP: one through the API
(If-Match), one through the web form (hidden version). Real commits, real threads.
Exactly one edit wins; the other gets 412 (API) or 409 with the conflict message (page);
nothing is lost or mixed."""

from __future__ import annotations

import pytest
from django.test import Client

from everychild.access.audit import audit_verify
from everychild.access.models import AuditEvent
from everychild.people.models import Person

from ..factories import AgencyFactory, InvolvementFactory, PersonFactory, StaffFactory
from ..people.test_services_concurrency import at_once
from .conftest import token_client

ROUNDS = 3


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_api_and_page_editing_one_record_at_once_lose_nothing(live_db, round_):
    agency = AgencyFactory()
    api_user = StaffFactory(role="team_manager", agency=agency)
    page_user = StaffFactory(role="team_manager", agency=agency)
    child = PersonFactory(given_name="Original", family_name="Name", sex="F")
    InvolvementFactory(person=child, agency=agency)
    api = token_client(api_user)
    page = Client()
    page.force_login(page_user)
    url = f"/api/v1/people/{child.ref}/"
    assert api.get(url)["ETag"] == '"1"'  # both read version 1

    def by_api():
        return api.patch(url, {"given_name": "Alpha", "family_name": "Api"},
                         content_type="application/json", HTTP_IF_MATCH='"1"')

    def by_page():
        return page.post(f"/people/{child.ref}/edit/", {
            "version": "1", "kind": "child", "given_name": "Beta", "middle_names": "",
            "family_name": "Page", "sex": "F", "date_of_birth-day": "4",
            "date_of_birth-month": "5", "date_of_birth-year": "2018", "ethnicity": ""})

    api_response, page_response = at_once(by_api, by_page)
    outcomes = {api_response.status_code, page_response.status_code}
    final = Person.objects.get(pk=child.pk)
    assert final.version == 2
    if api_response.status_code == 200:
        assert page_response.status_code == 409
        assert "Someone else changed this record" in page_response.content.decode()
        assert (final.given_name, final.family_name) == ("Alpha", "Api")
    else:
        assert api_response.status_code == 412, api_response.content
        assert page_response.status_code == 302, outcomes  # saved, back to the record
        assert (final.given_name, final.family_name) == ("Beta", "Page")
    assert AuditEvent.objects.filter(action="person.edit", target_id=str(child.ref)).count() == 1
    assert audit_verify().ok
