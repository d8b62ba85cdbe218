"""Names and dates as matching reads them: placeholders are unknown, forms of one name
meet, and partial dates stay partial."""

from __future__ import annotations

import pytest

from everychild.people.matching import BadDate, PartialDate, parse_partial_date
from everychild.people.matching.names import clean, given_or_none, how_related, name_forms


@pytest.mark.parametrize("placeholder", [
    "Baby", "Unborn", "Infant", "Baby of Smith", "baby of Jane Smith", "Unknown", "", "  ",
    "Baby Boy", "Twin 1", "UNBORN BABY", "N/K",
])
def test_placeholder_given_names_count_as_unknown(placeholder):
    assert given_or_none(placeholder) is None


@pytest.mark.parametrize("name", ["Babatunde", "Infanta", "Unique", "Kay", "Jo"])
def test_real_names_that_start_like_placeholders_are_kept(name):
    assert given_or_none(name) == clean(name)


def test_names_lose_accents_case_and_punctuation():
    assert clean("  Zoë O'Brien-Łukasz ") == "zoe obrien lukasz"


@pytest.mark.parametrize(("a", "b"), [
    ("kate", "katherine"), ("kay", "katherine"), ("kate", "katie"),
    ("mohammed", "muhammad"), ("mohamed", "muhammad"), ("mo", "mohammed"),
    ("gosia", "malgorzata"), ("kasia", "katarzyna"), ("seun", "oluwaseun"),
    ("femi", "olufemi"), ("sean", "shaun"),
])
def test_forms_of_one_name_meet(a, b):
    assert set(name_forms(a)) & set(name_forms(b))


@pytest.mark.parametrize(("a", "b"), [("abdullahi", "abdirahman"), ("john", "mary"),
                                      ("amara", "adaeze")])
def test_different_names_do_not(a, b):
    assert not set(name_forms(a)) & set(name_forms(b))


def test_how_two_forms_relate_is_said_the_right_way_round():
    assert how_related("kay", "katherine") == "short"
    assert how_related("katherine", "kay") == "long"
    assert how_related("mohamed", "mohammed") == "spelling"


@pytest.mark.parametrize(("text", "expected"), [
    ("2015-03-04", PartialDate(2015, 3, 4)), ("2015-03", PartialDate(2015, 3)),
    ("2015", PartialDate(2015)), ("", PartialDate()), ("04/03/2015", PartialDate(2015, 3, 4)),
    ("03/2015", PartialDate(2015, 3)),
])
def test_partial_dates_keep_what_was_given(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("2015-02-30", "not a real date"), ("2015-13", "no month 13"), ("1850", "outside 1900"),
    ("next week", "is not a date"), ("2015/03/04", "is not a date"),
])
def test_bad_dates_say_what_is_wrong(text, message):
    with pytest.raises(BadDate, match=message):
        parse_partial_date(text)


def test_day_and_month_swap_only_where_that_is_another_real_date():
    assert PartialDate(2015, 3, 4).transposed() == PartialDate(2015, 4, 3)
    assert PartialDate(2015, 3, 13).transposed() is None
    assert PartialDate(2015, 3, 3).transposed() is None
    assert PartialDate(2015, 3).transposed() is None
