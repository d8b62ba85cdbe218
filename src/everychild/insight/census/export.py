"""Writing the DfE Children in Need census from our own records.

`census_export(year=2025, out=path)` writes the census for the collection year ending 31
March 2025 (the 2024-25 census), in the shape that year's specification (`specs`) gives:
2023-24 carries the child's gender as GenderCurrent (0, 1, 2, 9), later years as Sex (M,
F, U). The children come from `records` a batch at a time, and each is written as soon as
it is read (lxml's incremental writer), so memory stays flat however large the authority.

The file is written beside its destination under a temporary name, checked against the
year's schema as it is read back (streamed, too), and only then renamed into place, in
the transaction that writes the export's audit entry: a failed export leaves no file, and
every file has its entry. The census is a bulk read of children's records, and the entry
says which year, which file and how many children.

What goes out is only what the census asks for. In particular:

- A child with no LA child ID gets one derived from their record: "EC" and eight
  characters of a hash of the record's reference, so the same child has the same ID in
  every year's return and the ID says nothing about the record.
- A child whose record is sealed (adopted) is a child in need like any other, but their
  former UPN, which would tie them to the identity they had before, is never sent.
- Codes the census does not know are not passed on: an unknown ethnicity goes as NOBT
  (not yet obtained), an unknown referral source as 10 (unknown), and an unknown
  disability, assessment factor or malformed UPN is left out. Each is counted in the
  result's `notes`, so the records can be put right.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import importlib.metadata
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from lxml import etree

from everychild.access.audit import audit_record
from everychild.core import clock
from everychild.core.calendar import LONDON

from .records import ChildFacts, EpisodeFacts, batches, children_in_scope, read_children
from .schemas import schema_for
from .specs import CensusYear, census_year

SOFTWARE = "Everychild"
BATCH = 1000
# How our record's sex is written in each year's element (unborn children as not known).
SEX_CODES = {"GenderCurrent": {"M": "1", "F": "2", "U": "0"},
             "Sex": {"M": "M", "F": "F", "U": "U"}}
UPN = re.compile(r"[A-Za-z]\d{12}|[A-Za-z]\d{11}[A-Za-z]")
LA_CODE = re.compile(r"\d{3}")
# The UPN-unknown reason for a child referred only with no further action.
UPN_UNKNOWN_NFA = "UN7"


class CensusExportError(Exception):
    """An export that cannot be made; the message is for the user as it stands."""


@dataclass
class ExportResult:
    spec: CensusYear
    path: Path
    children: int = 0
    notes: Counter[str] = field(default_factory=Counter)
    # The day it was written, when that is before the year's end: the census as the
    # records stand that day (a check of the data, not yet a return to send).
    early: dt.date | None = None


def derived_la_child_id(ref: Any) -> str:
    """A stable LA child ID for a record that has none (see the module's note)."""
    digest = hashlib.sha256(b"everychild:census:" + ref.bytes).digest()
    return "EC" + base64.b32encode(digest).decode("ascii")[:8]


def census_export(*, year: int, out: str | os.PathLike[str], batch_size: int = BATCH
                  ) -> ExportResult:
    """Write the census for the year ending 31 March `year` to `out` (see the module)."""
    spec = census_year(year)  # UnknownYear names the years there are
    la_code = str(settings.EVERYCHILD_LA_CODE)
    if not LA_CODE.fullmatch(la_code):
        raise CensusExportError(f"The authority's LA code (EVERYCHILD_LA_CODE) is {la_code!r}: "
                                "it must be the three-digit DfE code, e.g. 201.")
    path = _destination(Path(out))
    handle, name = _temporary(path)
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as file, _snapshot():
            result = _write(file, spec, la_code, path, batch_size)
        if result.children == 0:
            raise CensusExportError(f"There are no children in need in {spec.label} to return "
                                    "(no episode open in the year and no referral received "
                                    "in it): no file was written.")
        _check_schema(temp, spec)
        with transaction.atomic():
            audit_record(actor=None, action="census.export", target_type="census",
                         target_id=spec.year, detail={
                             "year": spec.year, "collection": spec.label, "file": path.name,
                             "children": result.children})
            os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return result


def _destination(path: Path) -> Path:
    folder = path.parent
    if path.is_dir():
        raise CensusExportError(f"{path} is a folder: give the name of the file to write, "
                                f"e.g. {path / 'census.xml'}.")
    if not folder.is_dir():
        raise CensusExportError(f"There is no folder {folder}: create it, or write the census "
                                "somewhere else.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CensusExportError(f"The folder {folder} cannot be written to.")
    return path


def _temporary(path: Path) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise CensusExportError(f"The folder {path.parent} cannot be written to: "
                                f"{exc.strerror}.") from None


@contextlib.contextmanager
def _snapshot() -> Iterator[None]:
    """On PostgreSQL, read the whole census from one consistent snapshot, so a change made
    while it is written cannot leave a child half in one state and half in another. (On
    SQLite a transaction would take the write lock for the whole export; each batch reads
    on its own there.)"""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _write(file: Any, spec: CensusYear, la_code: str, path: Path,
           batch_size: int) -> ExportResult:
    today = clock.today()
    result = ExportResult(spec, path, early=today if today < spec.reference_date else None)
    scope = children_in_scope(spec)
    writer = ChildWriter(spec, result.notes)
    with etree.xmlfile(file, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("Message"):
            xf.write("\n")
            xf.write(_header(spec, la_code), pretty_print=True)
            with xf.element("Children"):
                xf.write("\n")
                for batch in batches(scope.child_ids, batch_size):
                    for child in read_children(batch, spec, scope):
                        xf.write(writer.child(child), pretty_print=True)
                        result.children += 1
            xf.write("\n")
    return result


def _text(parent: etree._Element, tag: str, value: object) -> None:
    if value is None or value == "":
        return
    element = etree.SubElement(parent, tag)
    element.text = value.isoformat() if isinstance(value, dt.date) else str(value)


def _header(spec: CensusYear, la_code: str) -> etree._Element:
    header = etree.Element("Header")
    details = etree.SubElement(header, "CollectionDetails")
    _text(details, "Collection", "CIN")
    _text(details, "Year", spec.year)
    _text(details, "ReferenceDate", spec.reference_date)
    source = etree.SubElement(header, "Source")
    _text(source, "SourceLevel", "L")
    _text(source, "LEA", la_code)
    _text(source, "SoftwareCode", SOFTWARE)
    _text(source, "Release", _release())
    _text(source, "SerialNo", "001")
    now = clock.now().astimezone(LONDON).replace(microsecond=0, tzinfo=None)
    _text(source, "DateTime", now.isoformat())
    return header


def _release() -> str:
    try:
        return importlib.metadata.version("everychild")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - run from a checkout
        return "unknown"


class ChildWriter:
    """One <Child> element from a child's census facts, in the year's shape."""

    def __init__(self, spec: CensusYear, notes: Counter[str]) -> None:
        self.spec = spec
        self.notes = notes
        self.sex = SEX_CODES[spec.sex_element]
        self.codes = {name: frozenset(spec.codes(name)) for name in (
            "ethnicitytype", "disabilitytype", "referralsourcetype", "primaryneedcodetype",
            "reasonforclosuretype", "assessmentfactorstype", "categoryofabuse")}
        self.seen: set[str] = set()

    def child(self, c: ChildFacts) -> etree._Element:
        child = etree.Element("Child")
        self._identifiers(etree.SubElement(child, "ChildIdentifiers"), c)
        traits = etree.SubElement(child, "ChildCharacteristics")
        _text(traits, "Ethnicity", self._coded("ethnicitytype", c.ethnicity, "NOBT",
                                                "ethnicity not a census code: sent as NOBT"))
        disabilities = self._known("disabilitytype", c.disabilities, "disability")
        if disabilities:
            group = etree.SubElement(traits, "Disabilities")
            for code in disabilities:
                _text(group, "Disability", code)
        for episode in c.episodes:
            self._episode(etree.SubElement(child, "CINdetails"), episode)
        return child

    def _identifiers(self, ids: etree._Element, c: ChildFacts) -> None:
        la_id = c.la_child_id or derived_la_child_id(c.ref)
        if la_id in self.seen:
            raise CensusExportError(f"Two children would share the LA child ID {la_id}: give "
                                    "one of them an LA child ID of their own and export again.")
        self.seen.add(la_id)
        if not c.la_child_id:
            self.notes["LA child ID not recorded: one derived from the record"] += 1
        upn = self._upn(c.upn)
        # A sealed (adopted) child's former UPN would tie them to who they were before.
        former = "" if c.sealed else self._upn(c.former_upn)
        _text(ids, "LAchildID", la_id)
        _text(ids, "UPN", upn)
        _text(ids, "FormerUPN", former)
        if not upn and c.episodes and all(e.nfa for e in c.episodes):
            _text(ids, "UPNunknown", UPN_UNKNOWN_NFA)
        end = self.spec.reference_date
        unborn = c.born_on is None or c.born_on > end
        _text(ids, "PersonBirthDate", None if unborn else c.born_on)
        # Born since the reference date: unborn then. The expected date may not have been
        # kept once the birth was recorded; the birth date stands in for it.
        _text(ids, "ExpectedPersonBirthDate", (c.expected_on or c.born_on) if unborn else None)
        _text(ids, self.spec.sex_element,
              self.sex["U" if unborn or c.sex not in self.sex else c.sex])
        _text(ids, "PersonDeathDate", c.died_on if c.died_on and c.died_on <= end else None)

    def _episode(self, el: etree._Element, e: EpisodeFacts) -> None:
        _text(el, "CINreferralDate", e.referral_date)
        _text(el, "ReferralSource", self._coded(
            "referralsourcetype", e.source, "10", "referral source not recorded or not a "
            "census code: sent as 10 (unknown)"))
        if not e.nfa and e.primary_need in self.codes["primaryneedcodetype"]:
            _text(el, "PrimaryNeedCode", e.primary_need)
        _text(el, "CINclosureDate", e.closed_on)
        if e.closed_on and e.closure_reason in self.codes["reasonforclosuretype"]:
            _text(el, "ReasonForClosure", e.closure_reason)
        _text(el, "DateOfInitialCPC", e.icpc_on)
        for a in e.assessments:
            block = etree.SubElement(el, "Assessments")
            _text(block, "AssessmentActualStartDate", a.started_on)
            _text(block, "AssessmentInternalReviewDate", a.completed_on)
            _text(block, "AssessmentAuthorisationDate", a.authorised_on)
            factors = self._known("assessmentfactorstype", a.factors, "assessment factor")
            if factors:
                group = etree.SubElement(block, "FactorsIdentifiedAtAssessment")
                for code in factors:
                    _text(group, "AssessmentFactors", code)
        for p in e.cin_plans:
            block = etree.SubElement(el, "CINPlanDates")
            _text(block, "CINPlanStartDate", p.started_on)
            _text(block, "CINPlanEndDate", p.ended_on)
        for s in e.section47s:
            block = etree.SubElement(el, "Section47")
            _text(block, "S47ActualStartDate", s.started_on)
            _text(block, "InitialCPCtarget", s.icpc_target)
            _text(block, "DateOfInitialCPC", s.icpc_on)
            _text(block, "ICPCnotRequired", "true" if s.icpc_not_required else "false")
        _text(el, "ReferralNFA", "true" if e.nfa else "false")
        for cp in e.cp_plans:
            block = etree.SubElement(el, "ChildProtectionPlans")
            _text(block, "CPPstartDate", cp.started_on)
            _text(block, "CPPendDate", cp.ended_on)
            _text(block, "InitialCategoryOfAbuse", cp.initial_category)
            _text(block, "LatestCategoryOfAbuse", cp.latest_category)
            _text(block, "NumberOfPreviousCPP", cp.number)
            if cp.reviews:
                group = etree.SubElement(block, "Reviews")
                for day in cp.reviews:
                    _text(group, "CPPreviewDate", day)

    def _coded(self, type_name: str, value: str, fallback: str, note: str) -> str:
        if value in self.codes[type_name]:
            return value
        self.notes[note] += 1
        return fallback

    def _known(self, type_name: str, values: list[str], what: str) -> list[str]:
        out: list[str] = []
        for value in values:
            if value not in self.codes[type_name]:
                self.notes[f"{what} {value!r} not a census code: left out"] += 1
            elif value not in out:
                out.append(value)
        return out

    def _upn(self, value: str) -> str:
        if not value:
            return ""
        if UPN.fullmatch(value):
            return value
        self.notes["UPN not in the census's format: left out"] += 1
        return ""


def _check_schema(path: Path, spec: CensusYear) -> None:
    """Read the file back against the year's schema, a child at a time."""
    try:
        for _event, element in etree.iterparse(str(path), events=("end",), tag="Child",
                                               schema=schema_for(spec.year)):
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise CensusExportError(
            f"The {spec.label} census Everychild wrote does not conform to the DfE schema "
            f"(line {exc.lineno}: {exc.msg}), so it was not saved. The records behind that "
            "line need a value the census requires; if they look right, please report "
            "this as a fault.") from None
