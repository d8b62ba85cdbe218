"""The shape check on UK postcodes typed into an address."""

from __future__ import annotations

import pytest

from everychild.core.postcodes import normalise_postcode, postcode_problem


@pytest.mark.parametrize("postcode", ["M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX",
                                      "EC1A 1BB", "SW1A 2AA", "GIR 0AA"])
def test_every_valid_form_is_accepted(postcode):
    assert postcode_problem(postcode) is None
    assert normalise_postcode(postcode) == postcode


@pytest.mark.parametrize(("typed", "stored"), [
    ("sw1a2aa", "SW1A 2AA"), ("  m1   1ae ", "M1 1AE"), ("ec1a 1bb", "EC1A 1BB"),
    ("Dn551pt", "DN55 1PT"), ("gir0aa", "GIR 0AA"),
])
def test_lower_case_and_missing_or_extra_spaces_are_normalised(typed, stored):
    assert normalise_postcode(typed) == stored
    assert postcode_problem(typed) is None


@pytest.mark.parametrize("junk", ["HELLO", "12345", "SW1A 2AAA", "SW1A", "1AA 1AA",
                                  "SW1A 2CI", "AAA1 1AA", "SW1A-2AA", "SW1A 2A", "M1 1ÄE"])
def test_junk_is_refused(junk):
    assert postcode_problem(junk) == "Enter a real postcode, like SW1A 2AA"


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_a_blank_postcode_asks_for_one(blank):
    assert postcode_problem(blank) == "Enter a postcode, like SW1A 2AA"
