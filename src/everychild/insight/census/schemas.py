"""The XML schema each collection year's file must conform to.

Only the 2023-24 schema is kept as a file. A later year's schema is derived from it in
memory using what `specs.py` says differs: the element carrying the child's sex is renamed
and given that year's codes, and any overridden code list replaces the schema's. So the
export and the validator check against exactly the specification kept as data.
"""

from __future__ import annotations

from functools import cache
from typing import cast

from lxml import etree

from everychild.insight.census.specs import SCHEMA_2024, XS, census_year

_XS_NS = XS.strip("{}")


def _hardened_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           remove_comments=True)


@cache
def schema_document(year: int) -> etree._ElementTree:
    """The schema for `year` as an XML document (a fresh copy per year, cached)."""
    spec = census_year(year)
    tree = etree.parse(str(SCHEMA_2024), _hardened_parser())
    root = tree.getroot()
    if spec.sex_element != "GenderCurrent":
        _replace_sex_element(root, spec.sex_element, tuple(spec.sex_codes))
    for type_name, values in spec.code_overrides.items():
        _replace_enumeration(root, type_name, values)
    return tree


@cache
def schema_for(year: int) -> etree.XMLSchema:
    """The compiled schema for the collection year ending 31 March `year`.

    Raises `specs.UnknownYear` for a year with no specification.
    """
    return etree.XMLSchema(schema_document(year))


def _find(root: etree._Element, path: str) -> list[etree._Element]:
    return cast(list[etree._Element], root.xpath(path, namespaces={"xs": _XS_NS}))


def _replace_sex_element(root: etree._Element, name: str, codes: tuple[str, ...]) -> None:
    """Rename GenderCurrent in ChildIdentifiers and give it its own enumerated type."""
    type_name = f"{name.lower()}type"
    found = _find(root, "//xs:complexType[@name='childidentifierstype']"
                        "//xs:element[@name='GenderCurrent']")
    if not found:  # pragma: no cover - the kept schema always has it
        raise LookupError("The kept schema has no GenderCurrent element to replace.")
    element = found[0]
    element.set("name", name)
    element.set("type", type_name)
    simple = etree.SubElement(root, f"{XS}simpleType", name=type_name)
    restriction = etree.SubElement(simple, f"{XS}restriction", base="nonEmptyString")
    for code in codes:
        etree.SubElement(restriction, f"{XS}enumeration", value=code)


def _replace_enumeration(root: etree._Element, type_name: str, values: tuple[str, ...]) -> None:
    found = _find(root, f"//xs:simpleType[@name='{type_name}']/xs:restriction")
    if not found:
        raise LookupError(f"The schema has no code list called {type_name}.")
    restriction = found[0]
    for old in restriction.findall(f"{XS}enumeration"):
        restriction.remove(old)
    for value in values:
        etree.SubElement(restriction, f"{XS}enumeration", value=value)


@cache
def fragment_schema_for(year: int) -> etree.XMLSchema:
    """The year's schema with Header and Child also declared at the top level, so that each
    block can be checked on its own while a large file is streamed (keeping line numbers)."""
    tree = etree.ElementTree(etree.fromstring(etree.tostring(schema_document(year))))
    root = tree.getroot()
    for name, type_name in (("Header", "headertype"), ("Child", "childtype")):
        etree.SubElement(root, f"{XS}element", name=name, type=type_name)
    return etree.XMLSchema(tree)
