"""Rules on ChildIdentifiers: the child's ids, UPN, dates of birth and death, and sex."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from everychild.insight.census.reader import Child
from everychild.insight.census.validation.dates import (
    date_of,
)
from everychild.insight.census.validation.la_codes import is_la_code
from everychild.insight.census.validation.registry import (
    ERROR,
    QUERY,
    Context,
    Hit,
    at,
    collector,
    rule,
)
from everychild.insight.census.validation.upn import LETTERS, check_letter

FROM_2025 = (2025, 2026, 2027)
_ALNUM = re.compile(r"[A-Za-z0-9]+")


@rule("8500", kind=ERROR, fields=("LAchildID",),
      message="This child has no LA child ID; enter the identifier your case management system "
              "uses for them.")
def la_child_id_present(child: Child, ctx: Context) -> Iterator[Hit]:
    if not child.identifiers.has("LAchildID"):
        yield at(child.identifiers, "LAchildID")


@rule("8510", kind=ERROR, fields=("LAchildID",),
      message="This LA child ID was already used by an earlier child in the file; each child "
              "needs an identifier of their own, so check both records.")
def la_child_id_unique(child: Child, ctx: Context) -> Iterator[Hit]:
    child_id = child.la_child_id
    if not child_id:
        return
    seen: dict[str, int] = ctx.memo.setdefault("8510", {})
    if child_id in seen:
        yield at(child.identifiers, "LAchildID", f"First used at line {seen[child_id]}.")
    else:
        seen[child_id] = child.identifiers.line_of("LAchildID")


@rule("1570", kind=ERROR, fields=("LAchildID",), years=FROM_2025,
      message="This LA child ID runs to more than 20 characters; shorten it to 20 or fewer.")
def la_child_id_length(child: Child, ctx: Context) -> Iterator[Hit]:
    if len(child.la_child_id or "") > 20:
        yield at(child.identifiers, "LAchildID")


@rule("1580", kind=ERROR, fields=("LAchildID",), years=FROM_2025,
      message="This LA child ID holds something other than letters and digits; remove spaces, "
              "dashes and other symbols.")
def la_child_id_characters(child: Child, ctx: Context) -> Iterator[Hit]:
    child_id = child.la_child_id
    if child_id and not _ALNUM.fullmatch(child_id):
        yield at(child.identifiers, "LAchildID")


def _upn(child: Child) -> str | None:
    """The UPN when it is 13 characters long (shorter or longer ones fail the schema)."""
    upn = child.identifiers.get("UPN")
    return upn if upn and len(upn) == 13 else None


@rule("1510", kind=ERROR, fields=("UPN",),
      message="The UPN's first character does not match the check letter worked out from the "
              "rest of it; the UPN has probably been mistyped, so copy it again from the "
              "school's record.")
def upn_check_letter(child: Child, ctx: Context) -> Iterator[Hit]:
    upn = _upn(child)
    if upn is None:
        return
    expected = check_letter(upn)
    if expected is not None and upn[0] != expected:
        yield at(child.identifiers, "UPN", f"The check letter should be {expected}.")


@rule("1520", kind=ERROR, fields=("UPN",),
      message="This UPN was already given to another child earlier in the file; a UPN belongs"
              " to one child only, so check both records.")
def upn_unique(child: Child, ctx: Context) -> Iterator[Hit]:
    upn = child.identifiers.get("UPN")
    if not upn:
        return
    seen: dict[str, str | None] = ctx.memo.setdefault("1520", {})
    if upn in seen:
        yield at(child.identifiers, "UPN", f"Also given to child {seen[upn]}.")
    else:
        seen[upn] = child.la_child_id


@rule("1530", kind=ERROR, fields=("UPN",),
      message="The UPN's local authority part (characters 2 to 4) is not a number any "
              "authority uses; check the UPN was copied in full from the school's record.")
def upn_authority(child: Child, ctx: Context) -> Iterator[Hit]:
    upn = _upn(child)
    if upn is not None and not is_la_code(upn[1:4]):
        yield at(child.identifiers, "UPN")


@rule("1540", kind=ERROR, fields=("UPN",),
      message="The UPN's serial part (characters 5 to 12) holds something other than digits; "
              "look for a letter O typed for a zero, or a mistyped UPN.")
def upn_digits(child: Child, ctx: Context) -> Iterator[Hit]:
    upn = child.identifiers.get("UPN")
    if upn and not upn[4:12].isdigit():
        yield at(child.identifiers, "UPN")


@rule("1550", kind=ERROR, fields=("UPN",),
      message="The UPN's last character must be a digit, or a capital letter other than I, O or "
              "S; check the UPN was copied correctly.")
def upn_last_character(child: Child, ctx: Context) -> Iterator[Hit]:
    upn = _upn(child)
    if upn is not None and not (upn[12].isdigit() or upn[12] in LETTERS):
        yield at(child.identifiers, "UPN")


@rule("1560Q", kind=QUERY, fields=("FormerUPN",),
      message="Please check: the former UPN is not shaped like a UPN (one letter followed by 12 "
              "digits); check it was copied correctly.")
def former_upn_format(child: Child, ctx: Context) -> Iterator[Hit]:
    former = child.identifiers.get("FormerUPN")
    if former and not (len(former) == 13 and former[0].isalpha() and former[1:].isdigit()):
        yield at(child.identifiers, "FormerUPN")


@rule("8525Q", kind=QUERY, fields=("PersonBirthDate", "ExpectedPersonBirthDate"),
      message="Please check: this child should have exactly one of a date of birth or an "
              "expected date of birth; enter the one that applies and remove the other.")
def one_birth_date(child: Child, ctx: Context) -> Iterator[Hit]:
    ids = child.identifiers
    born, expected = ids.has("PersonBirthDate"), ids.has("ExpectedPersonBirthDate")
    if born == expected:
        yield at(ids, "PersonBirthDate" if born else "ExpectedPersonBirthDate")


@rule("8520", kind=ERROR, fields=("PersonBirthDate",),
      message="The date of birth is later than the census reference date; check it is not an "
              "expected date of birth entered in the wrong field.")
def born_by_reference_date(child: Child, ctx: Context) -> Iterator[Hit]:
    born = date_of(child.identifiers, "PersonBirthDate")
    if born is not None and born > ctx.reference_date:
        yield at(child.identifiers, "PersonBirthDate")


@rule("8530Q", kind=QUERY, fields=("ExpectedPersonBirthDate",),
      message="Please check: the expected date of birth is not between 30 days before and nine "
              "months after the reference date; if the child has been born, enter the date of "
              "birth instead.")
def expected_birth_in_range(child: Child, ctx: Context) -> Iterator[Hit]:
    expected = date_of(child.identifiers, "ExpectedPersonBirthDate")
    if expected is None:
        return
    earliest = ctx.reference_date - dt.timedelta(days=30)
    latest = dt.date(ctx.reference_date.year, 12, 31)  # 31 March + 9 months
    if not earliest <= expected <= latest:
        yield at(child.identifiers, "ExpectedPersonBirthDate")


@rule("8535Q", kind=QUERY, fields=("PersonDeathDate", "PersonBirthDate"),
      message="Please check: the date of death is earlier than the date of birth; one of the "
              "two dates is wrong.")
def death_after_birth(child: Child, ctx: Context) -> Iterator[Hit]:
    ids = child.identifiers
    died, born = date_of(ids, "PersonDeathDate"), date_of(ids, "PersonBirthDate")
    if died is not None and born is not None and died < born:
        yield at(ids, "PersonDeathDate")


@rule("8545Q", kind=QUERY, fields=("PersonDeathDate",),
      message="Please check: the date of death falls outside this census year (1 April to 31 "
              "March); check the date, and whether the child belongs in this return.")
def death_in_census_year(child: Child, ctx: Context) -> Iterator[Hit]:
    died = date_of(child.identifiers, "PersonDeathDate")
    if died is not None and not ctx.period_start <= died <= ctx.reference_date:
        yield at(child.identifiers, "PersonDeathDate")


@rule("4180", kind=ERROR, fields=("GenderCurrent", "Sex"),
      message="This child's sex is blank or uses a code not accepted for this year's return (the "
              "field was called gender before 2024-25); enter a listed code.")
def sex_valid(child: Child, ctx: Context) -> Iterator[Hit]:
    name = ctx.spec.sex_element
    if child.identifiers.get(name) not in ctx.spec.sex_codes:
        yield at(child.identifiers, name, f"Use one of {', '.join(ctx.spec.sex_codes)}.")


def _unknown_sex_code(ctx: Context) -> str:
    # GenderCurrent 0 "not recorded or unborn"; Sex U "unknown or unborn".
    return "0" if ctx.spec.sex_element == "GenderCurrent" else "U"


@rule("8750", kind=ERROR, fields=("GenderCurrent", "Sex"),
      message="This child is unborn (an expected date of birth, no date of birth), so their sex "
              "should be recorded with the code for unknown or unborn.")
def unborn_sex(child: Child, ctx: Context) -> Iterator[Hit]:
    ids = child.identifiers
    if ids.has("ExpectedPersonBirthDate") and not ids.has("PersonBirthDate"):
        name, code = ctx.spec.sex_element, _unknown_sex_code(ctx)
        if ids.get(name) != code:
            yield at(ids, name, f"It should be {code}.")


@collector
def _count_sex(child: Child, ctx: Context) -> None:
    ids = child.identifiers
    if ids.has("ExpectedPersonBirthDate"):  # unborn children are left out of the share
        return
    counts = ctx.memo.setdefault("2886Q", [0, 0])
    counts[0] += 1
    if ids.get(ctx.spec.sex_element) in (None, "", _unknown_sex_code(ctx)):
        counts[1] += 1


@rule("2886Q", kind=QUERY, fields=("GenderCurrent", "Sex"), scope="end",
      message="Please check: over 2% of the born children in this return have no sex recorded; "
              "fill in the missing ones.")
def few_without_sex(ctx: Context) -> Iterator[Hit]:
    counts = ctx.memo.get("2886Q", [0, 0])
    born, unknown = counts
    if born and unknown / born > 0.02:
        yield Hit(ctx.spec.sex_element, None, 0, f"{unknown:,} of {born:,} children.")
