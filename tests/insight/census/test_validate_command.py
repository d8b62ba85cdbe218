"""`everychild census validate FILE --year YYYY`: its report, exit status and the files it
refuses with a plain message."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from everychild.insight.census import reader
from tests.insight.census.xml_builder import census, child

EVERYCHILD = str(Path(sys.executable).with_name("everychild"))


def run(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("census_validate", str(path), *args, stdout=out)
    return out.getvalue()


def refused(path: Path, *args: str) -> CommandError:
    with pytest.raises(CommandError) as failure:
        run(path, *args)
    return failure.value


def write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "census.xml"
    path.write_bytes(content)
    return path


def test_a_file_with_only_queries_passes_and_says_so(tmp_path: Path) -> None:
    out = run(write(tmp_path, census(child())), "--year", "2024")
    assert "Query 2887Q" in out
    assert out.rstrip().endswith("0 errors, 1 query; no errors; the queries above need "
                                 "checking but do not stop the file being sent.")


def test_errors_exit_1_after_the_report(tmp_path: Path) -> None:
    path = write(tmp_path, census(child("C1"), child("C2", ethnicity="WHIT")))
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 errors to correct") as failure:
        call_command("census_validate", str(path), "--year", "2024", stdout=out)
    assert failure.value.returncode == 1
    assert "child C2: Error 4220: Ethnicity = 'WHIT'" in out.getvalue()


def test_json_output(tmp_path: Path) -> None:
    path = write(tmp_path, census(child(year=2025), year=2025))
    data = json.loads(run(path, "--year", "2025", "--format", "json"))
    assert data["collection"] == "2024-25" and data["errors"] == 0
    assert [f["rule"] for f in data["failures"]] == ["2887Q"]


@pytest.mark.parametrize(("content", "year", "message"), [
    (b"", "2024", "is empty"),
    (b"\x89PNG\r\n\x1a\n", "2024", "not XML"),
    (b"<Message>\n<Children>\n<Child>\n</Message>", "2024", "malformed at line 4"),
    (b"<Workforce><Header/></Workforce>", "2024", "not a Children in Need census"),
    (census(child()).replace(b"<Collection>CIN", b"<Collection>SWF"), "2024",
     "names the collection 'SWF', not 'CIN'"),
    (census(child()), "2025", r"for the 2023-24 collection \(header Year 2024\), not 2024-25"),
    (census(child()), "2019", "no census specification for 2019"),
])
def test_files_that_cannot_be_checked_exit_2(tmp_path: Path, content: bytes, year: str,
                                             message: str) -> None:
    error = refused(write(tmp_path, content), "--year", year)
    assert error.returncode == 2
    assert re.search(message, str(error)), str(error)


def test_a_missing_file_and_a_huge_one_exit_2(tmp_path: Path) -> None:
    assert refused(tmp_path / "none.xml", "--year", "2024").returncode == 2
    huge = tmp_path / "huge.xml"
    with huge.open("wb") as f:
        f.truncate(reader.MAX_BYTES + 1)
    error = refused(huge, "--year", "2024")
    assert error.returncode == 2 and "refused" in str(error)


def test_the_everychild_command_gives_one_line_and_no_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, b"<Message><Children><Child></Children></Message>")
    env = {**os.environ, "EVERYCHILD_DATABASE": "sqlite", "EVERYCHILD_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([EVERYCHILD, "census", "validate", str(path), "--year", "2024"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "CommandError: The XML is malformed at line 1: Opening and ending tag mismatch: "
        "Child line 1 and Children."]
    assert "Traceback" not in result.stderr
