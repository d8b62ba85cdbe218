"""N requests that read child records produce exactly N audit rows, and tampering with
any row, or deleting one, is caught by `everychild audit verify`."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from everychild.access import audit_triggers
from everychild.access.models import AuditEvent

from ..conftest import signed_in_client

pytestmark = pytest.mark.django_db


def _views() -> int:
    return AuditEvent.objects.filter(action="person.view").count()


@pytest.mark.parametrize("n", [1, 7, 25])
def test_n_reads_write_n_audit_rows(world, n):
    client = signed_in_client(world.social_worker)
    web = reverse("people:person-detail", args=[world.child.ref])
    api = reverse("api:person", args=[world.child.ref])
    before = _views()
    for i in range(n):
        response = client.get(web if i % 2 == 0 else api)
        assert response.status_code == 200
    assert _views() == before + n
    rows = AuditEvent.objects.filter(action="person.view").order_by("-seq")[:n]
    assert {(r.actor_id, r.target_id) for r in rows} == {(world.social_worker.pk,
                                                          str(world.child.ref))}
    assert all(r.source_address == "127.0.0.1" and r.at.utcoffset().total_seconds() == 0
               for r in rows)


def test_refused_reads_are_not_counted_as_views(world):
    client = signed_in_client(world.users["board_analyst"])
    before = _views()
    assert client.get(reverse("people:person-detail", args=[world.child.ref])).status_code == 403
    assert _views() == before


def _verify() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=out)
        return 0, out.getvalue()
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()


@pytest.fixture
def logged(world):
    client = signed_in_client(world.social_worker)
    for _ in range(6):
        client.get(reverse("people:person-detail", args=[world.child.ref]))
    audit_triggers.drop()  # play an attacker with direct database access
    yield list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    audit_triggers.install()


def test_verify_passes_on_an_untouched_log(logged):
    code, out = _verify()
    assert code == 0 and f"{len(logged)} entries" in out


@pytest.mark.parametrize("column,value", [("reason", "nothing to see"),
                                          ("actor_username", "someone.else"),
                                          ("target_id", "00000000-0000-0000-0000-000000000000"),
                                          ("detail", '{"via": "scope"}'),
                                          ("at", "2020-01-01 00:00:00")])
def test_any_altered_row_is_found(logged, column, value):
    for seq in (logged[0], logged[len(logged) // 2], logged[-1]):
        with connection.cursor() as c:
            c.execute(f"SELECT {column} FROM access_auditevent WHERE seq = %s", [seq])
            original = c.fetchone()[0]
            c.execute(f"UPDATE access_auditevent SET {column} = %s WHERE seq = %s", [value, seq])
        code, out = _verify()
        assert code == 1 and f"entry {seq}" in out, out
        with connection.cursor() as c:
            c.execute(f"UPDATE access_auditevent SET {column} = %s WHERE seq = %s", [original, seq])
    assert _verify()[0] == 0


@pytest.mark.parametrize("position", ["first", "middle", "last"])
def test_a_deleted_row_is_found(logged, position):
    seq = {"first": logged[0], "middle": logged[len(logged) // 2], "last": logged[-1]}[position]
    with connection.cursor() as c:
        c.execute("DELETE FROM access_auditevent WHERE seq = %s", [seq])
    code, out = _verify()
    assert code == 1 and f"{seq}" in out and "missing" in out, out
