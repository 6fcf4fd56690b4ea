"""Meeting tools' reports read as a person would read them: who came, for how long, who they are."""

import contextlib
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convener.activities import attendance_match as matching
from convener.activities import meeting_reports as reports

SAMPLES = Path(__file__).parent / "meeting_reports"


def read(name: str) -> reports.MeetingReport:
    return reports.read_report((SAMPLES / name).read_bytes())


def people(name: str) -> dict[str, reports.PersonSeen]:
    return {p.name: p for p in reports.people_seen(read(name))}


def test_zoom_report_with_its_summary_block_gives_title_start_and_rejoins_once() -> None:
    report = read("zoom_participants.csv")
    assert report.source == "zoom"
    assert report.title == "Regional family forum"
    assert report.started == dt.datetime(2026, 12, 3, 18, 0, 12)
    seen = people("zoom_participants.csv")
    # María joined twice from her phone: one person, 39 + 48 minutes, the device name dropped.
    assert seen["María López"].rows == [6, 7]
    assert seen["María López"].minutes == 87
    # "Okafor, Chidi" and "Chidi O." share an e-mail: one person, named first-name first.
    assert seen["Chidi Okafor"].email == "chidi.okafor@example.net"
    assert seen["Chidi Okafor"].minutes == 82
    assert seen["Chidi Okafor"].other_names == ["Chidi O."]
    assert seen["José Núñez"].minutes == 75
    assert len(seen) == 6


def test_zoom_report_without_the_summary_block_reads_iso_times() -> None:
    report = read("zoom_participants_plain.csv")
    assert report.source == "zoom"
    assert report.title == ""
    assert report.started is None
    seen = people("zoom_participants_plain.csv")
    assert set(seen) == {"maria lopez", "JOSE NUNEZ"}
    assert seen["JOSE NUNEZ"].minutes == 75


def test_teams_report_in_utf16_with_tabs_reads_its_summary_and_each_join() -> None:
    report = read("teams_attendance.csv")
    assert report.source == "teams"
    assert report.title == "Regional family forum"
    assert report.started == dt.datetime(2026, 12, 3, 18, 0, 3)
    seen = people("teams_attendance.csv")
    assert seen["María López"].rows == [19, 20]
    assert seen["María López"].minutes == 86  # 38m20s + 48m, joins from the activity section
    assert "Pat Visitor" in seen  # "(Guest)" is a marker, not a name
    assert report.presences[-1].guest is True


def test_meet_attendance_joins_first_and_last_names_and_reads_durations() -> None:
    report = read("meet_attendance.csv")
    assert report.source == "meet"
    seen = people("meet_attendance.csv")
    assert seen["María López"].email == "maria.lopez@example.org"
    assert seen["Ana Convener"].minutes == 91
    assert seen["Chidi Okafor"].minutes == 47 + 36


def test_zoom_chat_reads_name_location_role_sign_ins_and_ignores_conversation() -> None:
    report = read("zoom_chat.txt")
    assert report.source == "zoom_chat"
    by_name = {s.name: s for s in report.sign_ins}
    assert set(by_name) == {"María López", "Teresa Gómez", "Pat Unknown-Visitor", "Chidi Okafor"}
    assert by_name["Teresa Gómez"].sender == "Galaxy A52"
    assert by_name["Teresa Gómez"].location == "Riverside County"
    assert by_name["María López"].role == "parent of a 3rd grader"
    assert by_name["Chidi Okafor"].role == "special education teacher"  # the older one-line form


@pytest.mark.parametrize(
    "data", [b"", b"hello world", b"a,b,c\n1,2,3\n", "caf\u00e9;x".encode("cp1252"), b"\x00" * 64]
)
def test_anything_else_is_refused_with_the_formats_expected(data: bytes) -> None:
    with pytest.raises(reports.ReportFormatError, match="Zoom participant report"):
        reports.read_report(data)


def test_a_file_over_the_budget_is_refused_before_it_is_read() -> None:
    with pytest.raises(reports.ReportFormatError, match="10 MB"):
        reports.read_report(b"x" * (reports.MAX_BYTES + 1))


@given(st.binary(max_size=2000))
def test_no_bytes_make_the_reader_fail_other_than_with_a_clear_refusal(data: bytes) -> None:
    with contextlib.suppress(reports.ReportFormatError):
        reports.read_report(data)


@pytest.mark.parametrize(
    ("raw", "name", "others"),
    [
        ("María López (Maria's iPhone)", "María López", []),
        ("Galaxy S21 (Teresa Gómez)", "Teresa Gómez", []),
        ("Teresa G (Teresa Gómez)", "Teresa G", ["Teresa Gómez"]),
        ("Pat Visitor (Guest)", "Pat Visitor", []),
        ("Okafor, Chidi", "Chidi Okafor", []),
        ("  Ana   Convener ", "Ana Convener", []),
    ],
)
def test_clean_name(raw: str, name: str, others: list[str]) -> None:
    assert reports.clean_name(raw) == (name, others)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("92", 92), ("1h 32m 7s", 92), ("1 hr 5 min", 65), ("38m 20s", 38), ("01:02:40", 63), ("", 0)],
)
def test_parse_minutes(text: str, minutes: int) -> None:
    assert reports.parse_minutes(text) == minutes


REGISTRY = matching.Registry.build(
    [
        matching.Entry(1, "María López", ""),
        matching.Entry(2, "Chidi Okafor", "chidi.okafor@example.net"),
        matching.Entry(3, "José Núñez", "jose.nunez@example.com"),
        matching.Entry(4, "Maria Lopes", ""),
        matching.Entry(5, "Ana Convener", ""),
        matching.Entry(6, "Ana Convener", ""),
    ]
)


def test_email_wins_over_a_different_name() -> None:
    match = REGISTRY.match(["Chidi O."], "CHIDI.OKAFOR@example.net")
    assert (match.status, match.stakeholder_id, match.by) == ("matched", 2, "email")


def test_names_match_without_accents_case_or_punctuation() -> None:
    match = REGISTRY.match(["JOSE NUNEZ"])
    assert (match.status, match.stakeholder_id, match.by) == ("matched", 3, "name")
    assert REGISTRY.match(["maria lopez"]).stakeholder_id == 1


def test_two_people_with_one_name_are_ambiguous_not_guessed() -> None:
    match = REGISTRY.match(["Ana Convener"])
    assert match.status == "ambiguous"
    assert {c.id for c in match.candidates} == {5, 6}


def test_close_spellings_of_two_people_are_offered_as_candidates() -> None:
    match = REGISTRY.match(["Maria Lope"])
    assert match.status == "ambiguous"
    assert [c.id for c in match.candidates][:2] in ([1, 4], [4, 1])


def test_word_order_does_not_matter_and_a_stranger_is_new() -> None:
    assert REGISTRY.match(["Nunez Jose"]).stakeholder_id == 3
    assert REGISTRY.match(["Pat Unknown-Visitor"]).status == "new"


def test_thresholds_are_the_documented_ones() -> None:
    assert (matching.SURE, matching.MAYBE, matching.GAP) == (92.0, 75.0, 5.0)
    doc = (Path(__file__).parents[3] / "docs" / "attendance-import.md").read_text()
    for value in ("92", "75", "5 points"):
        assert value in doc
