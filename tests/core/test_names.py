"""Name keys (what search compares) and prefix ranges (how search uses an index)."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from everychild.core.names import name_key, prefix_upper_bound

LAST = "\U0010ffff"


@pytest.mark.parametrize(("name", "key"), [
    ("  Zoë O'Brien ", "zoe obrien"),
    ("O’Neill", "oneill"),            # a typographic apostrophe too
    ("ZOË", "zoe"),
    ("Renée   Dupont", "renee dupont"),
    ("Smith-Jones", "smith-jones"),
    ("Łukasz Wałęsa", "lukasz walesa"),
    ("Søren Ærø", "soren aero"),
    ("Straße", "strasse"),
    ("Đorđe", "dorde"),
    ("Nguyễn", "nguyen"),
    ("Siobhán\tNí Bhriain", "siobhan ni bhriain"),
    ("", ""),
])
def test_name_key_folds_accents_apostrophes_case_and_spaces(name, key):
    assert name_key(name) == key


def test_the_same_name_typed_differently_has_one_key():
    assert len({name_key(n) for n in ("Zoë O'Brien", "zoe obrien", "ZOE  O’BRIEN",
                                      " Zoe OBrien ")}) == 1


@given(st.text())
def test_name_key_is_plain_lower_case_and_idempotent(value):
    key = name_key(value)
    assert re.fullmatch(r"([a-z-]+( [a-z-]+)*)?", key)
    assert name_key(key) == key


@given(st.text(min_size=1), st.text())
def test_every_string_starting_with_a_prefix_lies_in_its_range(prefix, rest):
    assume(prefix.rstrip(LAST))
    bound = prefix_upper_bound(prefix)
    assert prefix <= prefix + rest < bound


@given(st.text(min_size=1), st.text())
def test_nothing_else_lies_in_a_prefix_range(prefix, other):
    assume(prefix.rstrip(LAST))
    bound = prefix_upper_bound(prefix)
    assume(not other.startswith(prefix))
    assert not (prefix <= other < bound)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz -", min_size=1), st.text())
def test_prefix_range_for_name_keys(prefix, rest):
    assert prefix <= prefix + rest < prefix_upper_bound(prefix)


@pytest.mark.parametrize("prefix", ["a\U0010ffff", "a\U0010ffff\U0010ffff",
                                    "\ud7ff"])
def test_prefixes_ending_in_the_last_character_still_have_a_bound(prefix):
    bound = prefix_upper_bound(prefix)
    assert prefix < bound
    assert prefix + "\U0010ffff" * 3 < bound
    bound.encode("utf-8")  # storable: never a lone surrogate


@pytest.mark.parametrize("prefix", ["", "\U0010ffff", "\U0010ffff\U0010ffff"])
def test_a_prefix_with_nothing_above_it_has_no_bound(prefix):
    with pytest.raises(ValueError):
        prefix_upper_bound(prefix)
