"""Bulk matching of files: deduplicating one list of people, or linking two.

Files are checked whole before anything runs: a missing column, an unreadable file, a
repeated id or a date that is not a date stops the run with a message naming the line,
and no output is written. Splink then scores the pairs the blocking rules put forward,
with the trained parameters and the comparisons the online scorer uses.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import logging
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from everychild.core.identifiers import normalise_nhs_number, normalise_upn

from .dates import BadDate
from .model import Model, current_model
from .probe import Probe
from .records import MatchRecord
from .splink_settings import settings, table

REQUIRED = ("id", "given_name", "family_name", "date_of_birth", "sex", "postcode")
OPTIONAL = ("other_names", "nhs_number", "upn", "address")
SEXES = {"": "", "m": "M", "male": "M", "f": "F", "female": "F", "u": "U", "unknown": "U",
         "not known": "U"}
_POSTCODE_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][0-9A-Z]?) ?([0-9][A-Z]{2})\b")
MAX_PROBLEMS = 10
# The file tools score pairs as Splink does, each pair on its own (no weighing against
# other candidates as a lookup does), so twins at one address reach about 0.99: rows
# join a cluster only above this.
DEDUPE_THRESHOLD = 0.999
ROWS_PER_CHUNK = 250_000  # Splink scores the left side in chunks of about this many


class BadInput(Exception):
    """The input cannot be used; the message says why (and where) in plain words."""


@dataclass(frozen=True)
class Row:
    line: int
    id: str
    probe: Probe


def _other_names(text: str) -> tuple[tuple[str, str], ...]:
    """'Kate Brown; Mo' -> (('Kate', 'Brown'), ('Mo', 'Mo')). Entries are separated by
    ';'; 'given|family' says which is which; otherwise the last word is the family name,
    and a single word may be either."""
    names = []
    for entry in (e.strip() for e in (text or "").split(";")):
        if not entry:
            continue
        if "|" in entry:
            given, _, family = entry.partition("|")
            names.append((given.strip(), family.strip()))
            continue
        words = entry.split()
        if len(words) == 1:
            names.append((words[0], words[0]))
        else:
            names.append((" ".join(words[:-1]), words[-1]))
    return tuple(names)


def read_people(path: Path, *, label: str = "") -> list[tuple[Row, MatchRecord]]:
    """Read and check a people file; raise BadInput listing what is wrong."""
    name = label or str(path)
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInput(f"{name}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{name}: is a folder, not a CSV file") from None
    except OSError as error:
        raise BadInput(f"{name}: cannot be read ({error.strerror or error})") from None
    problems: list[str] = []
    rows: list[tuple[Row, MatchRecord]] = []
    seen: dict[str, int] = {}
    with handle:
        try:
            reader = csv.DictReader(handle)
            header = reader.fieldnames
            if not header:
                raise BadInput(f"{name}: the file is empty; the first line must name the "
                               f"columns ({', '.join(REQUIRED)})")
            columns = [h.strip().lower() for h in header]
            missing = [c for c in REQUIRED if c not in columns]
            if missing:
                raise BadInput(f"{name}: missing column{'s' if len(missing) > 1 else ''} "
                               f"{', '.join(missing)} (the first line must name the columns "
                               f"{', '.join(REQUIRED)}; optional: {', '.join(OPTIONAL)})")
            reader.fieldnames = columns
            for values in tqdm(reader, desc=f"Reading {path.name}", unit=" rows",
                               file=sys.stderr, disable=None, leave=False):
                line = reader.line_num
                if None in values:
                    problems.append(f"{name} line {line}: more values than columns")
                    continue
                row, problem = _row(values, line, seen)
                if problem:
                    problems.append(f"{name} line {line}: {problem}")
                elif row is not None:
                    try:
                        rows.append((row, row.probe.record()))
                    except BadDate as error:
                        problems.append(f"{name} line {line}: date_of_birth {error}")
                if len(problems) >= MAX_PROBLEMS:
                    problems.append("(stopped after the first "
                                    f"{MAX_PROBLEMS} problems)")
                    break
        except UnicodeDecodeError:
            raise BadInput(f"{name}: is not UTF-8 text (save it as CSV UTF-8)") from None
        except csv.Error as error:
            raise BadInput(f"{name} line {reader.line_num}: not valid CSV ({error})") from None
    if problems:
        raise BadInput("\n".join(problems))
    if not rows:
        raise BadInput(f"{name}: has no rows of people under the column names")
    return rows


def _row(values: dict[str, Any], line: int, seen: dict[str, int]
         ) -> tuple[Row | None, str | None]:
    get = {k: (v or "").strip() for k, v in values.items() if k}
    if not any(get.values()):
        return None, None  # a blank line
    person_id = get.get("id", "")
    if not person_id:
        return None, "id is blank"
    if person_id in seen:
        return None, f"id {person_id!r} is also on line {seen[person_id]}"
    seen[person_id] = line
    sex = SEXES.get(get.get("sex", "").lower())
    if sex is None:
        return None, f"sex {get['sex']!r} is not M, F, U or blank"
    postcode = get.get("postcode", "")
    if not postcode and get.get("address"):
        found = _POSTCODE_IN_TEXT.search(get["address"].upper())
        postcode = f"{found.group(1)} {found.group(2)}" if found else ""
    probe = Probe(
        given_name=get.get("given_name", ""), family_name=get.get("family_name", ""),
        other_names=_other_names(get.get("other_names", "")),
        date_of_birth=get.get("date_of_birth", ""), sex=sex, postcode=postcode,
        nhs_number=normalise_nhs_number(get.get("nhs_number", "")),
        upn=normalise_upn(get.get("upn", "")))
    return Row(line, person_id, probe), None


# ------------------------------------------------------------------ running Splink


def _db_api(backend: str) -> Any:
    if backend == "duckdb":
        from splink import DuckDBAPI

        return DuckDBAPI()
    if backend == "spark":
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise BadInput("--backend spark needs PySpark, which is not installed: "
                           "pip install 'pyspark>=3.5' (and a Java runtime), or use "
                           "--backend duckdb") from None
        from splink import SparkAPI

        spark = SparkSession.builder.appName("everychild-matching").getOrCreate()
        return SparkAPI(spark_session=spark)
    raise BadInput(f"--backend must be duckdb or spark, not {backend!r}")


class _ChunkProgress(logging.Handler):
    """Moves a progress bar on as Splink reports each chunk of pairs scored."""

    _DONE = re.compile(r"Completed chunk (\d+)/(\d+)")

    def __init__(self, bar: tqdm[Any]) -> None:
        super().__init__(logging.INFO)
        self.bar = bar

    def emit(self, record: logging.LogRecord) -> None:
        found = self._DONE.search(record.getMessage())
        if found:
            self.bar.total = int(found.group(2))
            self.bar.n = int(found.group(1))
            self.bar.refresh()


@contextlib.contextmanager
def _scoring_bar(chunks: int) -> Iterator[None]:
    splink_logger = logging.getLogger("splink")
    before = (splink_logger.level, splink_logger.propagate)
    with tqdm(total=chunks, desc="Scoring pairs", unit=" chunks", file=sys.stderr,
              disable=None) as bar:
        handler = _ChunkProgress(bar)
        splink_logger.addHandler(handler)
        splink_logger.setLevel(logging.INFO)
        splink_logger.propagate = False
        try:
            yield
        finally:
            splink_logger.removeHandler(handler)
            splink_logger.setLevel(before[0])
            splink_logger.propagate = before[1]
            bar.n = bar.total or chunks
            bar.refresh()


@contextlib.contextmanager
def _bulk_objects() -> Iterator[None]:
    """Python's cycle collector, run again and again over a million new records that
    hold no cycles, took over half the time of reading a file: hold it off meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _chunks(rows: int) -> int:
    return max(1, -(-rows // ROWS_PER_CHUNK))


def _table(rows: list[tuple[Row, MatchRecord]]) -> Any:
    return table((row.id, record) for row, record in tqdm(
        rows, desc="Preparing", unit=" rows", file=sys.stderr, disable=None, leave=False))


def dedupe(path: Path, *, threshold: float, backend: str = "duckdb",
           model: Model | None = None) -> list[tuple[str, str]]:
    """(id, cluster_id) for every row: rows in one cluster are taken to be one person.
    A cluster is named by the smallest id in it (compared as text)."""
    from splink import Linker

    model = model or current_model()
    with _bulk_objects():
        rows = read_people(path)
        people = _table(rows)
    db_api = _db_api(backend)
    frame = db_api.register(people, dataset_display_name="people")
    linker = Linker(frame, settings("dedupe_only", model=model,
                                    dialect="spark" if backend == "spark" else "duckdb"),
                    log_level=None)
    chunks = _chunks(len(rows))
    with _scoring_bar(chunks):
        pairs = linker.inference.predict(threshold_match_probability=threshold,
                                         num_chunks_left=chunks, num_chunks_right=1,
                                         warning_mode="never")
    with tqdm(total=1, desc="Clustering", file=sys.stderr, disable=None) as bar:
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            pairs, threshold_match_probability=threshold)
        found = clusters.query_sql(
            "SELECT CAST(unique_id AS STRING) AS unique_id, "
            "CAST(cluster_id AS STRING) AS cluster_id FROM {this}").as_dict()
        bar.update(1)
    members: dict[str, list[str]] = {}
    for unique_id, cluster in zip(found["unique_id"], found["cluster_id"], strict=True):
        members.setdefault(str(cluster), []).append(str(unique_id))
    by_id = {member: min(ids) for ids in members.values() for member in ids}
    return [(row.id, by_id.get(row.id, row.id)) for row, _record in rows]


def link(left: Path, right: Path, *, threshold: float, backend: str = "duckdb",
         model: Model | None = None) -> list[tuple[str, str, float]]:
    """(left_id, right_id, score) for every pair across the files scoring at or above
    the threshold, best first."""
    from splink import Linker

    model = model or current_model()
    with _bulk_objects():
        left_rows = read_people(left)
        right_rows = read_people(right)
        tables = _table(left_rows), _table(right_rows)
    db_api = _db_api(backend)
    frames = [db_api.register(tables[0], dataset_display_name="left_file"),
              db_api.register(tables[1], dataset_display_name="right_file")]
    linker = Linker(frames, settings("link_only", model=model,
                                     dialect="spark" if backend == "spark" else "duckdb"),
                    log_level=None)
    chunks = _chunks(len(left_rows))
    with _scoring_bar(chunks):
        pairs = linker.inference.predict(threshold_match_probability=threshold,
                                         num_chunks_left=chunks, num_chunks_right=1,
                                         warning_mode="never")
    found = pairs.query_sql("SELECT source_dataset_l, unique_id_l, unique_id_r, "
                            "match_probability FROM {this}").as_dict()
    out = []
    for source, a, b, probability in zip(found["source_dataset_l"], found["unique_id_l"],
                                         found["unique_id_r"], found["match_probability"],
                                         strict=True):
        if source != "left_file":
            a, b = b, a
        out.append((str(a), str(b), float(probability)))
    out.sort(key=lambda t: (-t[2], t[0], t[1]))
    return out


def check_output(path: Path) -> None:
    """Refuse an output that cannot be written before any work is done."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise BadInput(f"--out {path}: the folder {directory} does not exist")
    if path.is_dir():
        raise BadInput(f"--out {path}: is a folder; give a file name")
    if not os.access(directory, os.W_OK):
        raise BadInput(f"--out {path}: cannot write in {directory}")


def write_csv(path: Path, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Write all or nothing: into a temporary file beside the target, then renamed."""
    check_output(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    except OSError as error:
        raise BadInput(f"--out {path}: cannot write there ({error.strerror or error})") from None
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
