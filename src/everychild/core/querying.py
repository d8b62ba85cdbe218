"""Filtering by a long list of ids, as worklists and pages of many children do.

`field__in=[...]` with hundreds of ids makes Django prepare every id as its own
parameter, a few milliseconds a query before the database sees it. `among(ids)` passes a
long list as one parameter that the database unpacks itself (SQLite's json_each,
PostgreSQL's unnest); a short list is passed as it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection
from django.db.models import BigIntegerField
from django.db.models.expressions import RawSQL

# Below this, the list as it is: the plain SQL is easier to read and no slower.
MANY = 50


def among(ids: Iterable[int]) -> list[int] | RawSQL:
    """For `filter(field__in=among(ids))`: the same rows as `field__in=list(ids)`."""
    values = [int(i) for i in ids]
    if len(values) < MANY:
        return values
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(values)],
                      output_field=BigIntegerField())
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [values], output_field=BigIntegerField())
    return values
