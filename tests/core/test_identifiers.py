"""NHS numbers, Unique Pupil Numbers and local authority child IDs: the check characters
that stop a mistyped identifier from linking a child to someone else's record."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.gb import nhs as stdnum_nhs
from stdnum.gb import upn as stdnum_upn

from everychild.core.identifiers import (
    UPN_LETTERS,
    la_child_id_problem,
    nhs_check_digit,
    nhs_number_problem,
    normalise_nhs_number,
    normalise_upn,
    upn_check_letter,
    upn_problem,
)

DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=1)


# ------------------------------------------------------------------ NHS number
@pytest.mark.parametrize("typed", ["9434765919", "943 476 5919", "943-476-5919",
                                   " 943 476-5919 ", "4010232137"])
def test_valid_nhs_numbers_are_accepted_however_they_are_spaced(typed):
    assert nhs_number_problem(typed) is None


def test_spaces_and_hyphens_are_removed_when_normalising():
    assert normalise_nhs_number(" 943 476-5919\t") == "9434765919"


def test_wrong_check_digit_is_refused():
    assert nhs_number_problem("9434765918") == (
        "NHS number is not valid: check the digits, the last one does not match")


def test_nine_digits_whose_check_would_be_ten_never_make_a_valid_number():
    body = "100000001"
    assert nhs_check_digit(body) is None  # 11 - (weighted sum mod 11) == 10
    for last in "0123456789":
        assert nhs_number_problem(body + last) is not None


@pytest.mark.parametrize("typed", ["943476591", "94347659190", "", "94347659I9",
                                   "ABCDEFGHIJ", "943.476.5919", "９４３４７６５９１９"])
def test_wrong_length_letters_and_other_characters_are_refused(typed):
    assert nhs_number_problem(typed) == "NHS number must be 10 digits, like 943 476 5919"


@pytest.mark.parametrize("typed", ["0000000000", "1111111111"])
def test_one_digit_repeated_is_refused_even_though_the_check_digit_fits(typed):
    assert nhs_check_digit(typed[:9]) == int(typed[9])
    assert nhs_number_problem(typed) == "NHS number cannot be the same digit repeated"


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_nhs_check_digit_agrees_with_python_stdnum(body):
    check = nhs_check_digit(body)
    valid_by_stdnum = [d for d in "0123456789" if stdnum_nhs.is_valid(body + d)]
    assert valid_by_stdnum == ([] if check is None else [str(check)])
    for last in "0123456789":
        repeated = len(set(body + last)) == 1
        assert (nhs_number_problem(body + last) is None) == (
            last in valid_by_stdnum and not repeated)


# ------------------------------------------------------------------ Unique Pupil Number
@given(st.text(alphabet="0123456789", min_size=11, max_size=11), DIGITS)
def test_upn_check_letter_agrees_with_python_stdnum(eleven_digits, last):
    body = eleven_digits + last
    assert upn_check_letter(body) == stdnum_upn.calc_check_digit(body)
    assert upn_problem(upn_check_letter(body) + body) is None


@given(st.text(alphabet="0123456789", min_size=11, max_size=11),
       st.sampled_from(UPN_LETTERS))
def test_temporary_upn_check_letter_agrees_with_python_stdnum(eleven_digits, letter):
    body = eleven_digits + letter
    assert upn_check_letter(body) == stdnum_upn.calc_check_digit(body)
    assert upn_problem(upn_check_letter(body) + body) is None


def test_published_example_upn_is_valid_and_a_different_check_letter_is_not():
    assert upn_problem("B801200005001") is None
    assert upn_problem("A801200005001") == (
        "Unique Pupil Number is not valid: the check letter does not match")


def test_temporary_upn_ending_in_a_letter_is_valid():
    body = "80120000500A"
    upn = upn_check_letter(body) + body
    assert upn_problem(upn) is None
    assert stdnum_upn.is_valid(upn)


def test_upn_is_normalised_to_upper_case_without_spaces():
    assert normalise_upn(" b801 2000 05001 ") == "B801200005001"
    assert upn_problem("b801 2000 05001") is None


@pytest.mark.parametrize("letter", ["I", "O", "S"])
def test_letters_that_read_as_digits_are_never_used(letter):
    assert letter not in UPN_LETTERS
    # Neither as the check letter nor as a temporary UPN's final letter.
    assert upn_problem(letter + "801200005001") is not None
    assert upn_problem("A80120000500" + letter).startswith(
        "Unique Pupil Number must be 13 characters")


@pytest.mark.parametrize("typed", ["", "B80120000500", "B8012000050011", "B80120A005001",
                                   "1801200005001", "B80120000500-"])
def test_malformed_upns_are_refused(typed):
    assert upn_problem(typed).startswith("Unique Pupil Number must be 13 characters")


# ------------------------------------------------------------------ LA child ID
@pytest.mark.parametrize("value", ["1", "A", "LA12345", "abcDEF1234"])
def test_la_child_ids_of_one_to_ten_letters_or_digits_are_accepted(value):
    assert la_child_id_problem(value) is None


@pytest.mark.parametrize("value", ["", "ABCDEFGHIJK", "LA-123", "LA 123", "LA123\n", "ÄB1"])
def test_la_child_ids_with_other_characters_or_too_long_are_refused(value):
    assert la_child_id_problem(value) == "Local authority child ID must be 1 to 10 letters or digits"
