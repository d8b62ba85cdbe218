"""The census check page: a manager uploads a census file (or checks Everychild's own) and
sees each failure by DfE rule, with the failing children linked to their records only
where the user may open them; a file that cannot be checked gets a clear message and
changes nothing."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from everychild.access.models import AuditEvent
from tests.conftest import signed_in_client
from tests.insight.census.xml_builder import census, check, child, fails

pytestmark = pytest.mark.django_db
URL = "/insight/census/check/"


def _file(content: bytes, name: str = "census.xml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/xml")


def _bad_upn_file(la_child_id: str) -> bytes:
    """A 2024-25 census: child C1 is clean, `la_child_id` has a UPN of the wrong shape."""
    return census(child("C1", year=2025),
                  child(la_child_id, identifiers={"UPN": "A1234"}, year=2025), year=2025)


def _post(client, **data):
    return client.post(URL, {"year": "2025", "source": "upload", **data})


def _check_count() -> int:
    return AuditEvent.objects.filter(action="census.validate").count()


def test_a_manager_sees_failures_by_rule_with_the_child_linked(world):
    world.child.la_child_id = "LA0042"
    world.child.save(update_fields=["la_child_id"])
    xml = _bad_upn_file("LA0042")
    failing = [f for f in check(xml, 2025) if f.child == "LA0042"]
    assert failing and not [f for f in check(xml, 2025) if f.child == "C1"]
    response = _post(signed_in_client(world.users["team_manager"]), file=_file(xml))
    body = response.content.decode()
    assert response.status_code == 200
    assert "2 children checked" in body and "Failures by rule" in body
    for f in failing:
        assert f.rule in body
    assert f'href="/people/{world.child.ref}/case/"' in body
    event = AuditEvent.objects.filter(action="census.validate").get()
    assert event.detail["children"] == 2 and event.detail["errors"] >= 1
    assert event.detail["people"] == [str(world.child.ref)]


def test_an_analyst_sees_the_failures_but_no_link_to_a_record_they_may_not_open(world):
    world.child.la_child_id = "LA0042"
    world.child.save(update_fields=["la_child_id"])
    body = _post(signed_in_client(world.users["board_analyst"]),
                 file=_file(_bad_upn_file("LA0042"))).content.decode()
    assert "LA0042" in body and str(world.child.ref) not in body


def test_a_clean_file_says_no_errors(world):
    xml = census(child("C1", year=2025), year=2025)
    assert not [f for f in check(xml, 2025) if f.kind == "error"]
    body = _post(signed_in_client(world.users["team_manager"]), file=_file(xml)).content.decode()
    assert "No errors" in body and "1 child checked" in body


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"),
    (b"this is not a census", "XML"),
    (b"<Message><Header>", "line"),
])
def test_a_file_that_cannot_be_checked_gets_a_message_and_no_check_is_recorded(
        world, content, message):
    response = _post(signed_in_client(world.users["team_manager"]), file=_file(content))
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert message.lower() in body.lower()
    assert _check_count() == 0


def test_a_file_for_another_year_is_refused_naming_both_years(world):
    xml = census(child("C1", year=2024), year=2024)
    body = _post(signed_in_client(world.users["team_manager"]), file=_file(xml)).content.decode()
    assert "govuk-error-summary" in body and "2023-24" in body and "2024-25" in body
    assert _check_count() == 0


def test_choosing_no_file_says_so(world):
    body = _post(signed_in_client(world.users["team_manager"])).content.decode()
    assert "Choose a census file to check" in body


def test_everychilds_own_census_with_no_children_in_need_says_so(world):
    response = signed_in_client(world.users["team_manager"]).post(
        URL, {"year": "2025", "source": "own"})
    body = response.content.decode()
    assert "govuk-error-summary" in body and "no children in need" in body.lower()


@pytest.mark.parametrize("role", ["social_worker", "designated_safeguarding_lead", "inspector"])
def test_other_roles_are_refused(world, role):
    client = signed_in_client(world.users[role])
    assert client.get(URL).status_code == 403
    assert _post(client, file=_file(census(year=2025))).status_code == 403


def test_the_page_explains_each_failure_in_the_validators_words(world):
    xml = _bad_upn_file("X9")
    upn = [f for f in check(xml, 2025) if fails([f], f.rule, "X9", "UPN")]
    assert upn
    body = html.unescape(_post(signed_in_client(world.users["team_manager"]),
                               file=_file(xml)).content.decode())
    for f in upn:
        assert f.rule in body and f.message in body


def test_everychilds_own_census_is_produced_from_the_records_and_checked(world):
    from everychild.core import clock
    from tests.casework.builders import episode_after_enquiry

    episode_after_enquiry(world)
    today = clock.today()
    year = today.year + 1 if today.month > 3 else today.year
    response = signed_in_client(world.users["team_manager"]).post(
        URL, {"year": str(year), "source": "own"})
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" not in body
    assert "Everychild&#39;s records" in body or "Everychild's records" in body
    assert "1 child checked" in body
    assert AuditEvent.objects.filter(action="census.validate").get().detail["source"] == \
        "Everychild's records"


def test_the_home_page_links_the_check_for_those_who_may_use_it(world):
    assert URL in signed_in_client(world.users["team_manager"]).get("/").content.decode()
    assert URL not in signed_in_client(world.social_worker).get("/").content.decode()


def test_a_sealed_child_is_never_linked_even_for_a_manager_who_may_open_the_child(world):
    world.child.la_child_id = "LA0042"
    world.child.save(update_fields=["la_child_id"])
    manager = signed_in_client(world.users["team_manager"])
    assert str(world.child.ref) in _post(manager, file=_file(_bad_upn_file("LA0042"))) \
        .content.decode()
    type(world.child).objects.filter(pk=world.child.pk).update(sealed=True)
    body = _post(manager, file=_file(_bad_upn_file("LA0042"))).content.decode()
    assert "LA0042" in body and str(world.child.ref) not in body
    assert AuditEvent.objects.filter(action="census.validate").latest("pk").detail["people"] \
        == []


def test_markup_in_an_uploaded_file_is_shown_as_text_not_run(world):
    body = _post(signed_in_client(world.users["team_manager"]),
                 file=_file(_bad_upn_file("<script>alert(1)</script>"))).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


_ENTITY_TRICKS = {
    "billion laughs": b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa">'
                      b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                      b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
                      b"<Message><Header>&c;</Header><Children/></Message>",
    "external entity": b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM '
                       b'"file:///etc/passwd">]><Message><Header><CollectionDetails>'
                       b"<Collection>&x;</Collection></CollectionDetails></Header></Message>",
    "external DTD": b'<?xml version="1.0"?><!DOCTYPE Message SYSTEM "http://127.0.0.1:9/x.dtd">'
                    b"<Message/>",
}


@pytest.mark.parametrize("trick", sorted(_ENTITY_TRICKS))
def test_a_file_with_a_dtd_is_refused_with_a_message_and_nothing_recorded(world, trick):
    response = _post(signed_in_client(world.users["team_manager"]),
                     file=_file(_ENTITY_TRICKS[trick]))
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "DTD" in body
    assert _check_count() == 0


def test_a_file_over_the_upload_limit_is_refused_pointing_to_the_command_line(world,
                                                                              monkeypatch):
    from everychild.insight.census import checks

    xml = census(child("C1", year=2025), year=2025)
    monkeypatch.setattr(checks, "UPLOAD_LIMIT", len(xml) - 1)
    response = _post(signed_in_client(world.users["team_manager"]), file=_file(xml))
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "everychild census validate" in body
    assert _check_count() == 0


@pytest.mark.parametrize("content", [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
                                     b"PK\x03\x04\x14\x00\x00\x00",
                                     b"<Message>" + b"<a>" * 300 + b"</a>" * 300
                                     + b"</Message>"])
def test_binary_or_pathological_uploads_get_a_message_not_an_error_page(world, content):
    response = _post(signed_in_client(world.users["team_manager"]), file=_file(content))
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert _check_count() == 0


def test_checking_everychilds_own_census_withholds_a_sealed_childs_id_and_values(world):
    from everychild.core import clock
    from tests.casework.builders import episode_after_enquiry

    episode_after_enquiry(world)
    world.child.la_child_id = "LA-0042"  # 1580: letters and digits only, from 2024-25
    world.child.save(update_fields=["la_child_id"])
    today = clock.today()
    year = max(2025, today.year + 1 if today.month > 3 else today.year)
    manager = signed_in_client(world.users["team_manager"])
    body = manager.post(URL, {"year": str(year), "source": "own"}).content.decode()
    assert "1580" in body and "LA-0042" in body and str(world.child.ref) in body
    type(world.child).objects.filter(pk=world.child.pk).update(sealed=True)
    body = manager.post(URL, {"year": str(year), "source": "own"}).content.decode()
    assert "1580" in body and "Withheld (sealed record)" in body
    assert "LA-0042" not in body and str(world.child.ref) not in body


def test_a_record_merged_into_another_is_never_linked(world):
    from tests.factories import PersonFactory

    merged_away = PersonFactory(given_name="Amelia", family_name="Osei", la_child_id="LA0077",
                                merged_into=world.child)
    body = _post(signed_in_client(world.users["team_manager"]),
                 file=_file(_bad_upn_file("LA0077"))).content.decode()
    assert "LA0077" in body and str(merged_away.ref) not in body
