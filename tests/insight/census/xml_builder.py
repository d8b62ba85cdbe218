"""Small census files for tests, built in memory.

Every builder gives a record that passes every rule for the year, so a test changes only
the field it is about:

    xml = census(child(identifiers={"UPN": "A1234"}), year=2025)
    failures = check(xml, 2025)               # list[Failure]
    assert fails(failures, "1510", "C1", "UPN")

A field set to None is left out of the file; set to "" it is written empty.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from everychild.insight.census.specs import census_year
from everychild.insight.census.validation import Failure, check_file
from everychild.insight.census.validation.upn import check_letter

# Schema order of each block's leaf elements ("SEX" stands for the year's sex element).
IDENTIFIERS = ("LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate",
               "ExpectedPersonBirthDate", "SEX", "PersonDeathDate")
EPISODE_HEAD = ("CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate",
                "ReasonForClosure", "DateOfInitialCPC")
ASSESSMENT = ("AssessmentActualStartDate", "AssessmentInternalReviewDate",
              "AssessmentAuthorisationDate")
CIN_PLAN = ("CINPlanStartDate", "CINPlanEndDate")
SECTION47 = ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired")
CP_PLAN = ("CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse",
           "NumberOfPreviousCPP")

# A valid UPN (its check letter is right) for the default child "C1".
DEFAULT_UPN = "P201215123001"


def upn_for(la_child_id: str | None) -> str:
    """A valid UPN of authority 201 that differs from child to child (by their id)."""
    if la_child_id in (None, "C1"):
        return DEFAULT_UPN
    # Ids ending in a number (K1, K2, ...) get distinct UPNs; others a hash of the id.
    digits = re.search(r"\d+$", str(la_child_id))
    serial = int(digits.group()) if digits else zlib.crc32(str(la_child_id).encode())
    body = f"2011512{serial % 100_000:05d}"
    return f"{check_letter('X' + body)}{body}"

Fields = Mapping[str, str | None]


def _merge(defaults: dict[str, str | None], given: Fields | None) -> dict[str, str | None]:
    out = dict(defaults)
    out.update(given or {})
    return out


def _leaves(order: Iterable[str], values: Mapping[str, Any], indent: str) -> str:
    lines = []
    for name in order:
        value = values.get(name)
        if value is not None:
            lines.append(f"{indent}<{name}>{escape(str(value))}</{name}>")
    unknown = set(values) - set(order)
    if unknown:
        raise KeyError(f"Unknown fields {sorted(unknown)} (known: {list(order)})")
    return "\n".join(lines)


def assessment(factors: Iterable[str] | None = ("2B",), *, year: int = 2024,
               **fields: str | None) -> str:
    values = _merge({"AssessmentActualStartDate": f"{year - 1}-06-02",
                     "AssessmentAuthorisationDate": f"{year - 1}-07-10"}, fields)
    body = _leaves(ASSESSMENT, values, "        ")
    if factors is not None:
        body += "\n        <FactorsIdentifiedAtAssessment>" + "".join(
            f"<AssessmentFactors>{escape(f)}</AssessmentFactors>" for f in factors
        ) + "</FactorsIdentifiedAtAssessment>"
    return f"      <Assessments>\n{body}\n      </Assessments>"


def cin_plan(*, year: int = 2024, **fields: str | None) -> str:
    values = _merge({"CINPlanStartDate": f"{year - 1}-07-15"}, fields)
    return f"      <CINPlanDates>\n{_leaves(CIN_PLAN, values, '        ')}\n      </CINPlanDates>"


def section47(*, year: int = 2024, **fields: str | None) -> str:
    values = _merge({"S47ActualStartDate": f"{year - 1}-06-05",
                     "InitialCPCtarget": f"{year - 1}-06-26",
                     "ICPCnotRequired": "true"}, fields)
    return f"      <Section47>\n{_leaves(SECTION47, values, '        ')}\n      </Section47>"


def cp_plan(reviews: Iterable[str] | None = None, *, year: int = 2024,
            **fields: str | None) -> str:
    values = _merge({"CPPstartDate": f"{year - 1}-07-01", "InitialCategoryOfAbuse": "NEG",
                     "LatestCategoryOfAbuse": "NEG", "NumberOfPreviousCPP": "1"}, fields)
    body = _leaves(CP_PLAN, values, "        ")
    if reviews is not None:
        body += "\n        <Reviews>" + "".join(
            f"<CPPreviewDate>{escape(r)}</CPPreviewDate>" for r in reviews) + "</Reviews>"
    return (f"      <ChildProtectionPlans>\n{body}\n      </ChildProtectionPlans>")


def episode(*, assessments: Iterable[str] | None = None, cin_plans: Iterable[str] | None = None,
            section47s: Iterable[str] = (), cp_plans: Iterable[str] = (), year: int = 2024,
            **fields: str | None) -> str:
    """A CINdetails block; by default an open referral with an assessment and a CIN plan."""
    values = _merge({"CINreferralDate": f"{year - 1}-06-01", "ReferralSource": "1A",
                     "PrimaryNeedCode": "N1", "ReferralNFA": "false"}, fields)
    nfa = values.pop("ReferralNFA")
    parts = [_leaves(EPISODE_HEAD, values, "      ")]
    parts.extend(assessments if assessments is not None else [assessment(year=year)])
    parts.extend(cin_plans if cin_plans is not None else [cin_plan(year=year)])
    parts.extend(section47s)
    if nfa is not None:
        parts.append(f"      <ReferralNFA>{escape(nfa)}</ReferralNFA>")
    parts.extend(cp_plans)
    return "    <CINdetails>\n" + "\n".join(p for p in parts if p) + "\n    </CINdetails>"


def child(la_child_id: str | None = "C1", *, identifiers: Fields | None = None,
          ethnicity: str | None = "WBRI", disabilities: Iterable[str] | None = ("NONE",),
          episodes: Iterable[str] | None = None, year: int = 2024) -> str:
    """A Child; `year` picks the sex element (GenderCurrent or Sex) and its default code."""
    spec = census_year(year)
    default_sex = "1" if spec.sex_element == "GenderCurrent" else "M"
    values = _merge({"LAchildID": la_child_id, "UPN": upn_for(la_child_id),
                     "PersonBirthDate": f"{year - 9}-05-01", "SEX": default_sex}, identifiers)
    # Tests may name the sex field by its real name in either year.
    for name in ("GenderCurrent", "Sex"):
        if name in values:
            values["SEX"] = values.pop(name)
    ids = _leaves(IDENTIFIERS, values, "      ").replace("<SEX>", f"<{spec.sex_element}>") \
        .replace("</SEX>", f"</{spec.sex_element}>")
    chars = f"      <Ethnicity>{escape(ethnicity)}</Ethnicity>" if ethnicity is not None else ""
    if disabilities is not None:
        chars += "\n      <Disabilities>" + "".join(
            f"<Disability>{escape(d)}</Disability>" for d in disabilities) + "</Disabilities>"
    body = "\n".join(episodes) if episodes is not None else episode(year=year)
    return (f"  <Child>\n    <ChildIdentifiers>\n{ids}\n    </ChildIdentifiers>\n"
            f"    <ChildCharacteristics>\n{chars}\n    </ChildCharacteristics>\n"
            f"{body}\n  </Child>")


def header(year: int = 2024, **fields: str | None) -> str:
    collection = _merge({"Collection": "CIN", "Year": str(year),
                         "ReferenceDate": f"{year}-03-31"}, {k: v for k, v in fields.items()
                        if k in ("Collection", "Year", "ReferenceDate")})
    source = _merge({"SourceLevel": "L", "LEA": "201", "SoftwareCode": "Everychild",
                     "Release": "1", "SerialNo": "001", "DateTime": f"{year}-05-01T09:00:00"},
                    {k: v for k, v in fields.items() if k not in collection})
    return ("<Header>\n  <CollectionDetails>\n"
            + _leaves(("Collection", "Year", "ReferenceDate"), collection, "    ")
            + "\n  </CollectionDetails>\n  <Source>\n"
            + _leaves(("SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"),
                      source, "    ")
            + "\n  </Source>\n</Header>")


def census(*children: str, year: int = 2024, head: str | None = None) -> bytes:
    """A whole file. With no children given, one default child for the year."""
    kids = children or (child(year=year),)
    top = head if head is not None else header(year)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n{top}\n<Children>\n'
            + "\n".join(kids) + "\n</Children>\n</Message>\n").encode()


def check(xml: bytes, year: int = 2024) -> list[Failure]:
    """Every failure the validator (schema and rules) finds in `xml` for `year`."""
    return check_file(io.BytesIO(xml), year).failures


def hits(failures: Iterable[Failure], rule: str) -> list[Failure]:
    return [f for f in failures if f.rule == rule]


def fails(failures: Iterable[Failure], rule: str, child: str | None, field: str) -> bool:
    """Whether `rule` was reported for `child` (LAchildID, None = header) on `field`."""
    return any(f.rule == rule and f.child == child and f.field == field for f in failures)


@dataclass(frozen=True)
class Case:
    """One rule's failing and passing example, for the parametrized rule tests."""

    rule: str
    failing: bytes
    passing: bytes
    child: str | None
    field: str
    year: int


def case(rule: str, failing: str | bytes, passing: str | bytes, *, field: str,
         child: str | None = "C1", year: int = 2024, name: str = "") -> Any:
    """A pytest param: `failing`/`passing` are a Child (wrapped in a file) or a whole file."""
    import pytest

    def whole(x: str | bytes) -> bytes:
        return x if isinstance(x, bytes) else census(x, year=year)

    return pytest.param(Case(rule, whole(failing), whole(passing), child, field, year),
                        id=f"{rule}-{name or field}-{year}")


def assert_case(c: Case) -> None:
    """The failing file is reported under the rule, for the child and field; the passing
    file is not reported under the rule at all."""
    bad = check(c.failing, c.year)
    assert fails(bad, c.rule, c.child, c.field), (
        f"{c.rule} not reported for {c.child}/{c.field}; got "
        f"{[(f.rule, f.child, f.field) for f in bad]}")
    good = hits(check(c.passing, c.year), c.rule)
    assert not good, f"{c.rule} wrongly reported: {good}"
