"""`everychild people dedupe` and `everychild people link` on small files, run for real
with Splink on DuckDB: the pairs a person would pair, and a clear message (never a
traceback, never a half-written file) for every kind of bad input."""

from __future__ import annotations

import csv
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ...factories import valid_nhs_number

HEADER = "id,given_name,family_name,date_of_birth,sex,postcode,nhs_number,other_names\n"
NHS = valid_nhs_number()
PEOPLE = HEADER + (
    "1,Katherine,Brown,2016-05-04,F,NB1 2AB,,\n"
    "2,Kay,Brown,2016-05-04,F,NB1 2AB,,\n"
    "3,Amara,Okafor,2019-03-12,F,NB2 6GH,,\n"
    "4,Adaeze,Okafor,2019-03-12,F,NB2 6GH,,\n"
    f"5,Tyrese,Campbell,2014-07-09,M,NB5 5EF,{NHS},\n"
    f"6,Tyrese,Cambell,2014-07,m,,{NHS},\n"
    "7,Jade,Mensah,2012-01-20,F,NB3 4DE,,\n"
    "8,Jade,Okafor,2012-01-20,F,NB3 4DE,,Jade|Mensah\n"
    "9,Lily,Spencer,,F,NB17 0QT,,\n"
)


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_dedupe_groups_the_rows_that_are_one_person(tmp_path):
    people = write(tmp_path, "people.csv", PEOPLE)
    out = tmp_path / "clusters.csv"
    call_command("people_dedupe", str(people), "--out", str(out))
    cluster = {row["id"]: row["cluster_id"] for row in read(out)}
    assert list(cluster) == [str(i) for i in range(1, 10)]  # every row, in file order
    assert cluster["1"] == cluster["2"] == "1"     # a short form of the given name
    assert cluster["5"] == cluster["6"] == "5"     # same NHS number, a slip and a part date
    assert cluster["7"] == cluster["8"] == "7"     # a former family name
    assert cluster["3"] == "3" and cluster["4"] == "4"  # twins stay two people
    assert cluster["9"] == "9"


def test_link_pairs_rows_across_two_files_best_first(tmp_path):
    left = write(tmp_path, "left.csv", HEADER + "a,Katherine,Brown,2016-05-04,F,NB1 2AB,,\n"
                 "b,Amara,Okafor,2019-03-12,F,NB2 6GH,,\n"
                 f"c,Tyrese,Campbell,2014-07-09,M,NB5 5EF,{NHS},\n")
    right = write(tmp_path, "right.csv", HEADER + "x,Kay,Brown,2016-05-04,F,NB1 2AB,,\n"
                  "y,Adaeze,Okafor,2019-03-12,F,NB2 6GH,,\n"
                  f"z,T,Cambell,,M,,{NHS},\n"
                  "w,Oliver,Smith,1980-01-01,M,NB9 9ZZ,,\n")
    out = tmp_path / "pairs.csv"
    call_command("people_link", str(left), str(right), "--out", str(out),
                 "--threshold", "0.999")
    rows = read(out)
    assert {(r["left_id"], r["right_id"]) for r in rows} == {("a", "x"), ("c", "z")}
    scores = [float(r["score"]) for r in rows]
    assert scores == sorted(scores, reverse=True) and min(scores) >= 0.999
    # At the default (review) threshold the twin is listed for a person to look at.
    call_command("people_link", str(left), str(right), "--out", str(out))
    assert ("b", "y") in {(r["left_id"], r["right_id"]) for r in read(out)}


BAD_FILES = [
    ("missing.csv", None, "missing.csv: no such file"),
    ("empty.csv", "", "the file is empty"),
    ("header.csv", HEADER, "has no rows of people"),
    ("columns.csv", "id,given_name,family_name,date_of_birth\n1,A,B,2015\n",
     "missing columns sex, postcode"),
    ("latin1.csv", HEADER.encode() + "1,Zoë,Brown,2015,F,,,\n".encode("latin-1"),
     "is not UTF-8"),
    ("date.csv", HEADER + "1,Ann,Lee,2015-01-01,F,,,\n2,Bo,Lee,2015-02-30,M,,,\n",
     "date.csv line 3: date_of_birth '2015-02-30' is not a real date"),
    ("words.csv", HEADER + "1,Ann,Lee,last spring,F,,,\n",
     "words.csv line 2: date_of_birth 'last spring' is not a date"),
    ("twice.csv", HEADER + "1,Ann,Lee,2015,F,,,\n1,Bo,Lee,2016,M,,,\n",
     "twice.csv line 3: id '1' is also on line 2"),
    ("noid.csv", HEADER + ",Ann,Lee,2015,F,,,\n", "noid.csv line 2: id is blank"),
    ("sex.csv", HEADER + "1,Ann,Lee,2015,X,,,\n", "sex 'X' is not M, F, U or blank"),
    ("wide.csv", HEADER + "1,Ann,Lee,2015,F,,,,,extra\n", "line 2: more values than columns"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES,
                         ids=[b[0] for b in BAD_FILES])
def test_bad_input_is_refused_with_a_message_naming_the_problem(tmp_path, name, content,
                                                                message):
    path = tmp_path / name if content is None else write(tmp_path, name, content)
    good = write(tmp_path, "good.csv", PEOPLE)
    out = tmp_path / "out.csv"
    with pytest.raises(CommandError, match=message):
        call_command("people_dedupe", str(path), "--out", str(out))
    with pytest.raises(CommandError, match=message):
        call_command("people_link", str(good), str(path), "--out", str(out))
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(CommandError, match="is a folder, not a CSV file"):
        call_command("people_dedupe", str(tmp_path), "--out", str(tmp_path / "out.csv"))


@pytest.mark.parametrize(("options", "message"), [
    (["--threshold", "1.5"], "must be between 0 and 1"),
    (["--threshold", "high"], "'high' is not a number"),
    (["--backend", "oracle"], "invalid choice: 'oracle'"),
])
def test_bad_options_are_refused(tmp_path, options, message):
    people = write(tmp_path, "people.csv", PEOPLE)
    with pytest.raises(CommandError, match=message):
        call_command("people_dedupe", str(people), "--out", str(tmp_path / "o.csv"), *options)


def test_an_output_folder_that_does_not_exist_is_refused_before_any_work(tmp_path):
    people = write(tmp_path, "people.csv", PEOPLE)
    with pytest.raises(CommandError, match=r"the folder .* does not exist"):
        call_command("people_dedupe", str(people), "--out", str(tmp_path / "no" / "o.csv"))


def test_an_existing_output_is_left_alone_when_the_input_is_bad(tmp_path):
    out = write(tmp_path, "out.csv", "what was there\n")
    bad = write(tmp_path, "bad.csv", HEADER + "1,Ann,Lee,2015-13,F,,,\n")
    with pytest.raises(CommandError, match="no month 13"):
        call_command("people_dedupe", str(bad), "--out", str(out))
    assert out.read_text() == "what was there\n"


@pytest.mark.skipif(importlib.util.find_spec("pyspark") is not None,
                    reason="PySpark is installed here")
def test_spark_without_pyspark_says_what_to_install(tmp_path):
    people = write(tmp_path, "people.csv", PEOPLE)
    with pytest.raises(CommandError, match="needs PySpark, which is not installed"):
        call_command("people_dedupe", str(people), "--out", str(tmp_path / "o.csv"),
                     "--backend", "spark")


def test_the_command_line_prints_a_message_not_a_traceback(tmp_path):
    everychild = Path(sys.executable).with_name("everychild")
    done = subprocess.run(
        [str(everychild), "people", "dedupe", str(tmp_path / "nowhere.csv"), "--out",
         str(tmp_path / "o.csv")], capture_output=True, text=True, check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "everychild.config.settings.test"})
    assert done.returncode != 0
    assert "nowhere.csv: no such file" in done.stderr
    assert "Traceback" not in done.stderr
