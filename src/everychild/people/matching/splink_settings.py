"""Splink's view of the model: input columns, settings and blocking rules.

The comparisons come from comparisons.py, so Splink (training and batch) and the
per-referral scorer compare the same prepared values with the same levels.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from .comparisons import COMPARISONS
from .model import Model
from .records import MatchRecord

_TEXT_LIST = pa.list_(pa.string())
SCHEMA = pa.schema([
    ("unique_id", pa.string()),
    ("given", pa.string()), ("family", pa.string()),
    ("given_all", _TEXT_LIST), ("family_all", _TEXT_LIST), ("given_forms", _TEXT_LIST),
    ("given_phonetic", pa.string()), ("family_phonetic", pa.string()),
    ("given_letters", pa.string()), ("family_letters", pa.string()),
    ("given_initial", pa.string()),
    ("dob_year", pa.int32()), ("dob_month", pa.int32()), ("dob_day", pa.int32()),
    ("dob_ordinal", pa.int32()), ("dob_iso", pa.string()),
    ("sex", pa.string()),
    ("postcodes", _TEXT_LIST), ("postcodes_all", _TEXT_LIST), ("districts", _TEXT_LIST),
    ("postcode_any", pa.string()),
    ("nhs_number", pa.string()), ("upns", _TEXT_LIST), ("upn", pa.string()),
])

# Pairs Splink scores in the batch tools: any one of these puts a pair forward. Each is
# an equality (a hash join), so none compares every record with every other.
BLOCKING_RULES = (
    "l.nhs_number = r.nhs_number",
    "l.upn = r.upn",
    # The initial keeps blocks of a common surname and birth year small in a big file;
    # short forms keep it (Kate, Katherine) and the other rules catch the rest.
    "l.family_phonetic = r.family_phonetic AND l.dob_year = r.dob_year "
    "AND l.given_initial = r.given_initial",
    "l.given_phonetic = r.given_phonetic AND l.dob_iso = r.dob_iso",
    "l.dob_iso = r.dob_iso AND l.sex = r.sex AND l.postcode_any = r.postcode_any",
    "l.postcode_any = r.postcode_any AND l.family_phonetic = r.family_phonetic",
    "l.given_phonetic = r.family_phonetic AND l.family_phonetic = r.given_phonetic",
    "l.given_phonetic = r.given_phonetic AND l.family_phonetic = r.family_phonetic "
    "AND (l.dob_day IS NULL OR r.dob_day IS NULL)",
)


def table(rows: Iterable[tuple[str, MatchRecord]], *, extra: dict[str, list[Any]] | None = None
          ) -> pa.Table:
    """(id, record) pairs as a Splink input table; `extra` adds columns (e.g. truth)."""
    ids: list[str] = []
    values: list[tuple[Any, ...]] = []
    for unique_id, record in rows:
        ids.append(unique_id)
        values.append(record.values())
    columns: list[tuple[Any, ...]] = (list(zip(*values, strict=True)) if values
                                      else [() for _ in SCHEMA.names[1:]])
    arrays = [pa.array(ids, type=pa.string())]
    arrays += [pa.array(column, type=field.type)
               for column, field in zip(columns, list(SCHEMA)[1:], strict=True)]
    result = pa.Table.from_arrays(arrays, schema=SCHEMA)
    for name, extra_values in (extra or {}).items():
        result = result.append_column(name, pa.array(extra_values))
    return result


def settings(link_type: str, *, model: Model | None = None, dialect: str = "duckdb"
             ) -> dict[str, Any]:
    """A Splink settings dictionary; with `model`, carrying its trained parameters."""
    out: dict[str, Any] = {
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "comparisons": [c.splink_dict(dialect, model.parameters[c.name] if model else None)
                        for c in COMPARISONS],
        "blocking_rules_to_generate_predictions": list(BLOCKING_RULES),
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
    }
    if model is not None:
        out["probability_two_random_records_match"] = model.prior
    return out
