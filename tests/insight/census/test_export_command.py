"""`everychild census export --year YYYY --out FILE.xml`: what it says, what it writes,
what it records in the audit log, and that bad input or a failed export leaves nothing."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from everychild.access.audit import audit_verify
from everychild.access.models import AuditEvent
from everychild.casework.models import Conference, Plan

from ...casework.builders import cp_plan
from ...casework.walk_support import WalkClock

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("census_export", *args, stdout=out)
    return out.getvalue()


def refused(*args: str) -> CommandError:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return caught.value


@pytest.fixture
def walk(monkeypatch):
    return WalkClock(monkeypatch, dt.date(2024, 9, 2))


@pytest.fixture
def on_a_plan(world, walk):
    """Amelia on a child protection plan since 2 September 2024 (2024-25)."""
    return cp_plan(world)


def test_the_census_is_written_counted_and_audited_once(on_a_plan, tmp_path):
    out = tmp_path / "cin.xml"
    before = AuditEvent.objects.count()
    said = run("--year", "2025", "--out", str(out))
    assert said.splitlines()[:2] == [
        f"Wrote the 2024-25 Children in Need census (1 child) to {out}",
        "The 2024-25 year ends on 31 March 2025: this is the census as the records stand on "
        "2 September 2024, not yet a return to send."]
    assert "1 × LA child ID not recorded: one derived from the record" in said
    assert out.read_text().count("<Child>") == 1
    assert AuditEvent.objects.count() == before + 1
    entry = AuditEvent.objects.get(seq__gt=before)
    assert (entry.action, entry.actor_id, entry.channel) == ("census.export", None, "cli")
    assert entry.detail == {"year": 2025, "collection": "2024-25", "file": "cin.xml",
                            "children": 1}
    assert audit_verify().ok
    assert sorted(os.listdir(tmp_path)) == ["cin.xml"]  # no temporary file left


def test_an_unknown_year_is_refused_with_the_years_there_are(on_a_plan, tmp_path):
    error = refused("--year", "2023", "--out", str(tmp_path / "cin.xml"))
    assert str(error) == (
        "There is no census specification for 2023. Everychild knows these collection "
        "years: 2024 (2023-24), 2025 (2024-25), 2026 (2025-26), 2027 (2026-27).")
    assert error.returncode == 2
    assert "is not a year" in str(refused("--year", "25", "--out", str(tmp_path / "x.xml")))
    assert os.listdir(tmp_path) == []


def test_a_destination_that_cannot_be_written_is_refused(on_a_plan, tmp_path):
    missing = tmp_path / "no-such-folder" / "cin.xml"
    assert str(refused("--year", "2025", "--out", str(missing))) == (
        f"There is no folder {missing.parent}: create it, or write the census somewhere else.")
    assert str(refused("--year", "2025", "--out", str(tmp_path))).startswith(
        f"{tmp_path} is a folder: give the name of the file to write")
    if os.geteuid() != 0:  # the superuser may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert str(refused("--year", "2025", "--out", str(locked / "cin.xml"))) == (
            f"The folder {locked} cannot be written to.")
    assert AuditEvent.objects.filter(action="census.export").count() == 0


def test_a_failed_export_leaves_the_previous_file_and_no_other(on_a_plan, tmp_path):
    """A plan with no category of abuse cannot be returned (the schema requires one): the
    export stops, the file already there is left as it was, and nothing is audited."""
    out = tmp_path / "cin.xml"
    out.write_text("last year's return")
    Plan.objects.filter(pk=on_a_plan.pk).update(category="")
    Conference.objects.filter(pk=on_a_plan.conference_id).update(category="")
    error = refused("--year", "2025", "--out", str(out))
    assert str(error).startswith("The 2024-25 census Everychild wrote does not conform to the "
                                 "DfE schema (line ")
    assert "InitialCategoryOfAbuse" in str(error)
    assert out.read_text() == "last year's return"
    assert os.listdir(tmp_path) == ["cin.xml"]
    assert AuditEvent.objects.filter(action="census.export").count() == 0


def test_a_year_with_no_children_in_need_writes_nothing(world, tmp_path):
    error = refused("--year", "2024", "--out", str(tmp_path / "cin.xml"))
    assert str(error) == ("There are no children in need in 2023-24 to return (no episode "
                          "open in the year and no referral received in it): no file was "
                          "written.")
    assert os.listdir(tmp_path) == []


def test_once_the_year_has_ended_the_census_is_the_return(on_a_plan, walk, tmp_path):
    walk.to(dt.date(2025, 4, 7))
    said = run("--year", "2025", "--out", str(tmp_path / "cin.xml"))
    assert "not yet a return to send" not in said
