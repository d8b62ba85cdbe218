"""Dates and times the casework API reads: ISO 8601 as elsewhere, and only from 1900 to
ten years ahead (see casework.dates), refused as a 400 problem on the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rest_framework import serializers

from everychild.people.api_serializers import date as iso_date

from ..dates import out_of_range


def _in_range(value: dt.date | None) -> None:
    if value is not None:
        message = out_of_range(value, "The date")
        if message:
            raise serializers.ValidationError(message)


def date(**kwargs: Any) -> serializers.DateField:
    return iso_date(validators=[_in_range], **kwargs)


def moment(**kwargs: Any) -> serializers.DateTimeField:
    return serializers.DateTimeField(validators=[_in_range], **kwargs)
