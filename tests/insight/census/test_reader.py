"""Reading census files: what is read, where it was in the file, and the files refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from everychild.insight.census import reader
from everychild.insight.census.reader import CensusFileError, open_census, read_census
from tests.insight.census.xml_builder import census, child, cp_plan, episode, section47

SAMPLE = Path(__file__).parents[1] / "data" / "cin_census_sample_2022.xml"


def test_the_dfe_sample_is_read_whole() -> None:
    c = read_census(SAMPLE)
    assert c.header.get("Collection") == "CIN" and c.header.get("LEA") == "201"
    assert c.header.get("ReferenceDate") == "2022-03-31"
    [kid] = c.children
    assert kid.la_child_id == "DfEX0000001"
    assert kid.identifiers.get("GenderCurrent") == "1"
    assert kid.identifiers.line_of("LAchildID") == 20
    assert kid.characteristics.get("Ethnicity") == "WBRI"
    assert [d.value for d in kid.disabilities] == ["HAND", "HEAR"]
    [ep] = kid.episodes
    assert ep.get("ReasonForClosure") == "RC1" and ep.get("ReferralNFA") == "false"
    assert [f.value for f in ep.assessments[0].factors] == ["2A", "2B"]
    assert ep.cin_plans[0].get("CINPlanEndDate") == "1971-01-26"
    assert ep.section47s[0].get("ICPCnotRequired") == "false"
    plan = ep.cp_plans[0]
    assert plan.get("NumberOfPreviousCPP") == "10"
    assert [(r.value, r.line) for r in plan.reviews] == [("1971-02-15", 70)]


def test_values_are_kept_as_written_absent_is_none_and_empty_is_empty() -> None:
    xml = census(child(identifiers={"UPN": "", "PersonBirthDate": " 2015-05-01 "},
                       episodes=[episode(PrimaryNeedCode="n1 ")]))
    [kid] = read_census(xml).children
    assert kid.identifiers.get("UPN") == ""
    assert kid.identifiers.get("PersonBirthDate") == "2015-05-01"
    assert kid.identifiers.get("FormerUPN") is None
    assert kid.episodes[0].get("PrimaryNeedCode") == "n1"


def test_repeated_blocks_keep_their_order() -> None:
    xml = census(child(episodes=[
        episode(section47s=[section47(), section47(S47ActualStartDate="2023-09-01")],
                cp_plans=[cp_plan(reviews=["2023-08-01", "2023-11-01"])]),
        episode(CINreferralDate="2023-12-01")]))
    [kid] = read_census(io.BytesIO(xml)).children
    first, second = kid.episodes
    assert [s.get("S47ActualStartDate") for s in first.section47s] == ["2023-06-05",
                                                                       "2023-09-01"]
    assert [r.value for r in first.cp_plans[0].reviews] == ["2023-08-01", "2023-11-01"]
    assert second.get("CINreferralDate") == "2023-12-01"


def test_the_header_comes_first_and_children_stream_once() -> None:
    xml = census(child("C1"), child("C2"), child("C3"))
    with open_census(io.BytesIO(xml)) as stream:
        assert stream.header.get("Year") == "2024"
        ids = [kid.la_child_id for kid in stream.children]
        assert ids == ["C1", "C2", "C3"] and stream.child_count == 3


def test_a_file_in_a_namespace_is_read_too() -> None:
    xml = census(child()).replace(b"<Message>", b'<Message xmlns="urn:example:cin">')
    [kid] = read_census(xml).children
    assert kid.la_child_id == "C1" and kid.episodes[0].get("ReferralSource") == "1A"


def test_a_file_without_a_header_is_read() -> None:
    xml = census(child(), head="")
    c = read_census(xml)
    assert c.header.values == {} and c.children[0].la_child_id == "C1"


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty"),
    (b"Name,Date of birth\nAda,2015-01-01\n", "not XML"),
    (b"<Message><Children><Child><ChildIdentifiers>", "malformed at line 1"),
    (b"<?xml version='1.0'?>\n<Message>\n<Children>\n<Child></Chlid>\n</Children></Message>",
     "malformed at line 4"),
    (b"<Return><Children/></Return>", "outer element is <Return>, not <Message>"),
    (b'<?xml version="1.0"?><!DOCTYPE Message [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
     b"<Message><Children>&b;</Children></Message>", "declares a document type"),
    (b'<?xml version="1.0"?><!DOCTYPE Message SYSTEM "http://example.invalid/x.dtd">'
     b"<Message/>", "declares a document type"),
])
def test_files_that_cannot_be_read_are_refused_plainly(tmp_path: Path, content: bytes,
                                                      message: str) -> None:
    path = tmp_path / "census.xml"
    path.write_bytes(content)
    with pytest.raises(CensusFileError, match=message):
        read_census(path)


def test_a_missing_file_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CensusFileError, match="There is no file at"):
        read_census(tmp_path / "nothing.xml")
    with pytest.raises(CensusFileError, match="is not a file"):
        read_census(tmp_path)


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.xml"
    with huge.open("wb") as f:  # sparse: takes no disk space
        f.truncate(reader.MAX_BYTES + 1)
    with pytest.raises(CensusFileError, match="GiB; census files over 1 GiB are refused"):
        read_census(huge)
