"""Read a Children in Need census file, any authority's, quickly and tolerantly.

The file is streamed (lxml iterparse) one <Child> at a time, so a 100,000-child file is
checked in modest memory: `open_census` gives the header at once and the children as a
one-pass iterator; `read_census` reads a whole (small) file into a `Census` with a list.

Values are kept as the raw strings in the file (stripped of surrounding whitespace, as the
schema's date and code types do), with their source line, because the validation rules
check formats and must say where a problem is. An element that is absent reads as None;
one that is present but empty reads as "".

The parser is hardened: no network, no DTD loading, no entity expansion, and a file with a
document type declaration is refused outright; files over `MAX_BYTES` are refused.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple

from lxml import etree

MAX_BYTES = 1024**3  # 1 GiB: far beyond any authority's census (100,000 children ~ 250 MB).

Source = str | os.PathLike[str] | IO[bytes]


class CensusFileError(Exception):
    """A file that cannot be checked at all; the message is meant for the user as it is."""


class Item(NamedTuple):
    """One value of a repeated element (a disability, a factor, a review date)."""

    value: str
    line: int


class Record:
    """The leaf elements of one block (e.g. ChildIdentifiers), by element name."""

    __slots__ = ("line", "lines", "tag", "values")

    def __init__(self, tag: str, line: int) -> None:
        self.tag = tag
        self.line = line
        self.values: dict[str, str] = {}
        self.lines: dict[str, int] = {}

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)

    def has(self, name: str) -> bool:
        """Present with a non-blank value."""
        return bool(self.values.get(name))

    def __repr__(self) -> str:
        return f"<{self.tag} line {self.line} {self.values}>"


class Assessment(Record):
    __slots__ = ("factors",)

    def __init__(self, tag: str, line: int) -> None:
        super().__init__(tag, line)
        self.factors: list[Item] = []


class ProtectionPlan(Record):
    __slots__ = ("reviews",)

    def __init__(self, tag: str, line: int) -> None:
        super().__init__(tag, line)
        self.reviews: list[Item] = []


class Episode(Record):
    """One CINdetails block: a referral and everything that followed it."""

    __slots__ = ("assessments", "cin_plans", "cp_plans", "section47s")

    def __init__(self, tag: str, line: int) -> None:
        super().__init__(tag, line)
        self.assessments: list[Assessment] = []
        self.cin_plans: list[Record] = []
        self.section47s: list[Record] = []
        self.cp_plans: list[ProtectionPlan] = []


@dataclass(slots=True)
class Child:
    line: int
    identifiers: Record
    characteristics: Record  # Ethnicity
    disabilities: list[Item] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    # Schema problems inside this child, when the reader was given a schema to check.
    schema_problems: list[SchemaProblem] = field(default_factory=list)

    @property
    def la_child_id(self) -> str | None:
        return self.identifiers.get("LAchildID")


class SchemaProblem(NamedTuple):
    line: int
    field: str
    message: str


@dataclass(slots=True)
class Census:
    header: Record
    children: list[Child]
    schema_problems: list[SchemaProblem] = field(default_factory=list)


def read_census(source: Source) -> Census:
    """Read a whole census file into memory (for small files and round-trip tests)."""
    with open_census(source) as stream:
        children = list(stream.children)
        return Census(header=stream.header, children=children,
                      schema_problems=stream.schema_problems)


def open_census(source: Source, *, check: Callable[[etree._Element], list[SchemaProblem]]
                | None = None) -> CensusStream:
    """Open a census file for one pass. `check`, if given, is run on the Header element and
    on each Child element before it is discarded (the validator uses it for the schema)."""
    return CensusStream(source, check=check)


_BLOCKS = {"Assessments": Assessment, "CINPlanDates": Record, "Section47": Record,
           "ChildProtectionPlans": ProtectionPlan}


class CensusStream:
    """A census file being read: `header` at once, then `children` once, in file order."""

    def __init__(self, source: Source,
                 check: Callable[[etree._Element], list[SchemaProblem]] | None = None) -> None:
        self._check = check
        self._file, self._owned = _open_source(source)
        self.schema_problems: list[SchemaProblem] = []
        self.child_count = 0
        try:
            self._ns = _peek_root(self._file)
            self._events = etree.iterparse(
                self._file, events=("end",), tag=(f"{self._ns}Header", f"{self._ns}Child"),
                resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                remove_comments=True, remove_pis=True)
            self._pending: etree._Element | None = None
            self.header = self._read_header()
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> CensusStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owned:
            self._file.close()

    @property
    def children(self) -> Iterator[Child]:
        return self._children()

    def _next_element(self) -> etree._Element | None:
        try:
            return next(self._events)[1]
        except StopIteration:
            return None
        except etree.XMLSyntaxError as exc:
            raise _syntax_error(exc) from None

    def _read_header(self) -> Record:
        el = self._next_element()
        if el is not None and _local(el.tag) == "Header":
            if self._check is not None:
                self.schema_problems.extend(self._check(el))
            header = Record("Header", _line(el, 0))
            for part in el:  # CollectionDetails and Source(s), their leaves flattened
                _fill(header, part)
            el.clear()
            return header
        self._pending = el
        return Record("Header", 0)

    def _children(self) -> Iterator[Child]:
        el = self._pending
        self._pending = None
        if el is None:
            el = self._next_element()
        while el is not None:
            if _local(el.tag) == "Child":
                child = _read_child(el)
                if self._check is not None:
                    child.schema_problems.extend(self._check(el))
                self.child_count += 1
                # Free what has been read: the element, and the siblings before it.
                el.clear()
                parent = el.getparent()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
                yield child
            el = self._next_element()


# Elements that hold a list of repeated values rather than one value.
_LISTS = frozenset({"Disabilities", "FactorsIdentifiedAtAssessment", "Reviews"})


def _read_child(el: etree._Element) -> Child:
    line = _line(el, 0)
    child = Child(line=line, identifiers=Record("ChildIdentifiers", line),
                  characteristics=Record("ChildCharacteristics", line))
    for part in el:
        tag = _local(part.tag)
        if tag == "ChildIdentifiers":
            child.identifiers.line = _line(part, line)
            _fill(child.identifiers, part)
        elif tag == "ChildCharacteristics":
            child.characteristics.line = _line(part, line)
            lists = _fill(child.characteristics, part)
            if lists:
                child.disabilities.extend(_items(lists, "Disabilities"))
        elif tag == "CINdetails":
            child.episodes.append(_read_episode(part))
    return child


def _read_episode(el: etree._Element) -> Episode:
    episode = Episode("CINdetails", _line(el, 0))
    values, lines = episode.values, episode.lines
    for part in el:
        tag = _local(part.tag)
        kind = _BLOCKS.get(tag)
        if kind is None:
            if tag and tag not in values:
                text = part.text
                values[tag] = text.strip() if text else ""
                lines[tag] = _line(part, episode.line)
            continue
        block = kind(tag, _line(part, episode.line))
        lists = _fill(block, part)
        if isinstance(block, Assessment):
            if lists:
                block.factors.extend(_items(lists, "FactorsIdentifiedAtAssessment"))
            episode.assessments.append(block)
        elif isinstance(block, ProtectionPlan):
            if lists:
                block.reviews.extend(_items(lists, "Reviews"))
            episode.cp_plans.append(block)
        elif tag == "CINPlanDates":
            episode.cin_plans.append(block)
        else:
            episode.section47s.append(block)
    return episode


def _fill(record: Record, parent: etree._Element) -> list[etree._Element] | None:
    """Put each leaf of `parent` into `record` (the first of any repeated name; the schema
    check reports repeats). Returns the list-holding elements found, if any."""
    values, lines, default = record.values, record.lines, record.line
    lists: list[etree._Element] | None = None
    for leaf in parent:
        tag = leaf.tag
        if tag.__class__ is not str:  # an entity reference left unexpanded
            continue
        if tag[0] == "{":
            tag = tag.rpartition("}")[2]
        if tag in _LISTS:
            lists = [*(lists or ()), leaf]
        elif tag not in values:
            text = leaf.text
            values[tag] = text.strip() if text else ""
            lines[tag] = leaf.sourceline or default  # type: ignore[assignment]
    return lists


def _items(lists: list[etree._Element], name: str) -> list[Item]:
    out = []
    for holder in lists:
        if _local(holder.tag) == name:
            for leaf in holder:
                text = leaf.text
                out.append(Item(text.strip() if text else "", _line(leaf, 0)))
    return out


def _line(el: etree._Element, default: int) -> int:
    line: int | None = el.sourceline  # type: ignore[assignment]  # the stubs type it loosely
    return line or default


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2] if tag.startswith("{") else tag


def _open_source(source: Source) -> tuple[IO[bytes], bool]:
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.exists():
            raise CensusFileError(f"There is no file at {path}.")
        if not path.is_file():
            raise CensusFileError(f"{path} is not a file.")
        size = path.stat().st_size
        if size == 0:
            raise CensusFileError(f"{path} is empty.")
        if size > MAX_BYTES:
            raise CensusFileError(
                f"{path} is {size / 1024**3:.1f} GiB; census files over "
                f"{MAX_BYTES // 1024**3} GiB are refused.")
        try:
            return path.open("rb"), True
        except OSError as exc:
            raise CensusFileError(f"{path} cannot be read: {exc.strerror}.") from None
    if isinstance(source, bytes | bytearray):  # convenience for tests
        return io.BytesIO(source), True
    return source, False


def _peek_root(file: IO[bytes]) -> str:
    """Check the file starts as a census should, and return the namespace prefix of its tags
    ("" for the DfE's namespace-free files). Leaves the file at its start."""
    start = file.tell()
    head = file.read(1)
    if not head:
        raise CensusFileError("The file is empty.")
    file.seek(start)
    try:
        _event, root = next(etree.iterparse(file, events=("start",), resolve_entities=False,
                                            no_network=True, load_dtd=False))
    except etree.XMLSyntaxError as exc:
        raise CensusFileError(_not_xml_message(exc)) from None
    except StopIteration:
        raise CensusFileError("The file has no XML elements in it.") from None
    docinfo = root.getroottree().docinfo
    file.seek(start)
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise CensusFileError("The file declares a document type (DTD); census files have "
                              "none, and DTDs are refused for safety.")
    if _local(root.tag) != "Message":
        raise CensusFileError(f"This is not a Children in Need census file: its outer element "
                              f"is <{_local(root.tag)}>, not <Message>.")
    tag = root.tag
    return tag[: tag.index("}") + 1] if tag.startswith("{") else ""


def _not_xml_message(exc: etree.XMLSyntaxError) -> str:
    line = exc.lineno or (exc.position[0] if exc.position else 0)
    if (line <= 1 and "Start tag expected" in str(exc)) or "Document is empty" in str(exc):
        return "The file is not XML."
    return _syntax_error(exc).args[0]


def _syntax_error(exc: etree.XMLSyntaxError) -> CensusFileError:
    line = exc.lineno or (exc.position[0] if exc.position else 0)
    reason = (exc.msg or str(exc)).split(", line ")[0].strip().rstrip(".")
    return CensusFileError(f"The XML is malformed at line {line}: {reason}.")
