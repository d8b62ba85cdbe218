"""Mistakes in what `everychild annex-a` is asked for get a plain message, a non-zero
exit and no file; a failure while writing leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError

from everychild.access.models import AuditEvent
from everychild.core import clock
from everychild.insight.annex_a import export as annex_export

from .support import export, read

pytestmark = pytest.mark.django_db

EVERYCHILD = str(Path(sys.executable).with_name("everychild"))
TODAY = dt.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def refused(as_of: str, out: Path, message: str) -> None:
    with pytest.raises(CommandError, match=message) as failure:
        export(as_of, out)
    assert failure.value.returncode == 2
    assert not AuditEvent.objects.filter(action="insight.annex_a_export").exists()


@pytest.mark.parametrize(("as_of", "message"), [
    ("2026-13-01", "'2026-13-01' is not a date: write the as-of date as YYYY-MM-DD"),
    ("yesterday", "'yesterday' is not a date"),
    ("2026-2-1", "'2026-2-1' is not a date"),
    ("2026-W40-1", "'2026-W40-1' is not a date"),
    ("", "Give the date the lists run up to: --as-of YYYY-MM-DD"),
    ("2026-11-03", r"The as-of date 2026-11-03 is in the future: .*today is 2026-11-02"),
    ("1066-10-14", "The as-of date 1066-10-14 is before 1900"),
])
def test_a_bad_as_of_date_is_refused_and_nothing_written(tmp_path, as_of, message):
    refused(as_of, tmp_path / "annex-a.xlsx", message)
    assert list(tmp_path.iterdir()) == []


def test_today_is_allowed(tmp_path):
    export(TODAY.isoformat(), tmp_path / "annex-a.xlsx")
    assert read(tmp_path / "annex-a.xlsx").sheetnames[0] == "List 1"


def test_a_folder_that_does_not_exist(tmp_path):
    refused("2026-10-15", tmp_path / "missing" / "annex-a.xlsx",
            f"The folder {tmp_path / 'missing'} does not exist")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written(tmp_path):
    if os.geteuid() == 0:
        folder = Path("/proc")  # nobody, not even root, can make a file here
    else:
        folder = tmp_path / "locked"
        folder.mkdir(mode=0o500)
    refused("2026-10-15", folder / "annex-a.xlsx", f"Cannot write to the folder {folder}")
    assert not (folder / "annex-a.xlsx").exists()


@pytest.mark.parametrize(("name", "message"), [
    ("annex-a.csv", "does not end in .xlsx: Annex A is written as an Excel workbook"),
    ("folder.xlsx", "is a folder: give the name of the file to write in it"),
])
def test_an_output_that_is_not_a_workbook_file(tmp_path, name, message):
    (tmp_path / "folder.xlsx").mkdir()
    refused("2026-10-15", tmp_path / name, message)
    assert [p.name for p in tmp_path.iterdir()] == ["folder.xlsx"]


def test_a_failure_while_writing_leaves_no_file_and_no_audit_entry(tmp_path, monkeypatch):
    (tmp_path / "annex-a.xlsx").write_bytes(b"last month's workbook")
    real = annex_export.write_workbook

    def disk_fills(path, lists):
        real(path, lists)  # the whole workbook is written, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(annex_export, "write_workbook", disk_fills)
    refused("2026-10-15", tmp_path / "annex-a.xlsx",
            "Could not write .*annex-a.xlsx: No space left on device")
    # The earlier file is untouched and no part-written file is left beside it.
    assert [p.name for p in tmp_path.iterdir()] == ["annex-a.xlsx"]
    assert (tmp_path / "annex-a.xlsx").read_bytes() == b"last month's workbook"


def test_the_everychild_command_exits_non_zero_with_the_message(tmp_path):
    env = {**os.environ, "EVERYCHILD_DATABASE": "sqlite", "EVERYCHILD_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([EVERYCHILD, "annex-a", "--as-of", "yesterday", "--out",
                             str(tmp_path / "annex-a.xlsx")], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert "'yesterday' is not a date: write the as-of date as YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "annex-a.xlsx").exists()
