"""The `make demo` steps through the real `everychild` command, on fresh SQLite files:
migrate, synth --if-empty (twice), demo_users, audit verify. Two separate processes with
different hash seeds must generate identical people from the same seed."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

EVERYCHILD = str(Path(sys.executable).with_name("everychild"))
PEOPLE_SQL = ("SELECT ref, kind, given_name, middle_names, family_name, sex, date_of_birth, "
              "expected_date_of_birth, ethnicity, nhs_number, upn, la_child_id, sealed "
              "FROM people_person ORDER BY ref")


def everychild(data_dir: Path, *args: str, hash_seed: str = "0") -> subprocess.CompletedProcess:
    env = {**os.environ, "EVERYCHILD_DATABASE": "sqlite", "EVERYCHILD_DATA_DIR": str(data_dir),
           "PYTHONHASHSEED": hash_seed}
    for name in ("DJANGO_SETTINGS_MODULE", "EVERYCHILD_SQLITE_PATH"):
        env.pop(name, None)
    return subprocess.run([EVERYCHILD, *args], env=env, capture_output=True, text=True,
                          timeout=300)


def people(data_dir: Path) -> list[tuple]:
    with sqlite3.connect(data_dir / "everychild.sqlite3") as db:
        return db.execute(PEOPLE_SQL).fetchall()


def test_the_demo_steps_work_and_two_fresh_databases_get_the_same_people(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    migrated = everychild(first, "migrate", "--no-input", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    shutil.copytree(first, second, dirs_exist_ok=True)

    made = everychild(first, "synth", "--children", "150", "--seed", "1", "--if-empty",
                      hash_seed="1")
    assert made.returncode == 0, made.stderr
    assert "Children       150" in made.stdout
    assert "Generating" in made.stderr  # the progress bar
    again = everychild(first, "synth", "--children", "150", "--seed", "1", "--if-empty")
    assert again.returncode == 0 and "nothing generated" in again.stdout

    other = everychild(second, "synth", "--children", "150", "--seed", "1", hash_seed="2")
    assert other.returncode == 0, other.stderr
    assert people(first) == people(second)
    assert len(people(first)) > 150

    demo = everychild(first, "demo_users")
    assert demo.returncode == 0, demo.stderr
    assert "sw.demo" in demo.stdout and "everychild-demo-2026" in demo.stdout

    verified = everychild(first, "audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("Audit log intact: ")


def test_demo_users_before_synth_exits_non_zero_with_a_clear_message(tmp_path):
    assert everychild(tmp_path, "migrate", "--no-input", "-v0").returncode == 0
    result = everychild(tmp_path, "demo_users")
    assert result.returncode == 1
    assert "run `everychild synth" in result.stderr


def test_synth_before_migrate_says_what_to_do(tmp_path):
    result = everychild(tmp_path, "synth", "--children", "10")
    assert result.returncode == 1
    assert "run `everychild migrate` first" in result.stderr


def test_bad_arguments_exit_with_a_usage_message(tmp_path):
    result = everychild(tmp_path, "synth", "--children", "none")
    assert result.returncode == 2
    assert "--children: 'none' is not a whole number" in result.stderr
