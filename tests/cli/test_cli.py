"""The command-line contract of issue 2, end to end in a subprocess."""

from __future__ import annotations

from pathlib import Path

import pytest


def new_case(cattool, name: str = "The Red Lion", regime: str = "england-2011") -> int:
    result = cattool("case", "new", name, "--regime", regime, "--json")
    assert result.code == 0, result.err
    return result.json()["id"]


def test_case_new_list_show(cattool) -> None:
    case_id = new_case(cattool)
    plain = cattool("case", "new", "Stretford Hall", "--regime", "england-2026")
    assert plain.code == 0
    assert plain.out.strip().isdigit()
    cases = cattool("case", "list", "--json").json()
    assert [c["name"] for c in cases] == ["Stretford Hall", "The Red Lion"]
    red = next(c for c in cases if c["id"] == case_id)
    assert red["regime"] == "england-2011"
    assert red["stage"] == "identified"
    shown = cattool("case", "show", str(case_id), "--json").json()
    assert shown["name"] == "The Red Lion"
    assert shown["deadlines"]
    by_name = cattool("case", "show", "the red lion")
    assert by_name.code == 0
    assert "The Red Lion" in by_name.out


def test_event_add_echoes_the_date_in_words_and_drives_the_deadlines(cattool) -> None:
    case_id = new_case(cattool)
    added = cattool("event", "add", str(case_id), "owner-notice-received", "2/3/2026")
    assert added.code == 0, added.err
    assert "Mon 2 Mar 2026" in added.out
    cattool(
        "event",
        "add",
        str(case_id),
        "bidder-request-received",
        "3rd March 2026",
        "--note",
        "hand delivered",
    )
    events = cattool("event", "list", str(case_id), "--json").json()
    assert [(e["kind"], e["date"], e["note"]) for e in events] == [
        ("owner-notice-received", "2026-03-02", ""),
        ("bidder-request-received", "2026-03-03", "hand delivered"),
    ]
    assert all("id" in e for e in events)
    deadlines = {d["key"]: d for d in cattool("deadlines", str(case_id), "--json").json()}
    for d in deadlines.values():
        assert {
            "key",
            "label",
            "date",
            "status",
            "source",
            "explanation",
            "warnings",
            "provisional",
        } <= set(d)
        assert isinstance(d["warnings"], list)
    assert deadlines["interim-moratorium-ends"]["date"] == "2026-04-12"
    assert deadlines["full-moratorium-ends"]["date"] == "2026-09-01"
    assert deadlines["full-moratorium-ends"]["status"] == "upcoming"
    assert deadlines["protected-period-ends"]["date"] == "2027-09-01"
    assert deadlines["review-decision-due"]["status"] == "not-triggered"
    assert deadlines["review-decision-due"]["date"] is None
    assert cattool("case", "list", "--json").json()[0]["stage"] == "full-moratorium"
    text = cattool("deadlines", str(case_id))
    assert "Tue 1 Sep 2026" in text.out and "Source:" in text.out


def test_relative_dates_use_today(cattool) -> None:
    case_id = new_case(cattool)
    result = cattool("event", "add", str(case_id), "nomination-submitted", "yesterday", "--json")
    assert result.json()["date"] == "2026-03-04"
    result = cattool("event", "add", str(case_id), "listed", "last Friday", "--json")
    assert result.json()["date"] == "2026-02-27"


def test_2026_regime_deadlines_are_provisional(cattool) -> None:
    case_id = new_case(cattool, "Hendon Library", "england-2026")
    cattool("event", "add", str(case_id), "owner-notice-received", "2026-03-02")
    cattool("event", "add", str(case_id), "bidder-request-received", "2026-03-04")
    deadlines = {d["key"]: d for d in cattool("deadlines", str(case_id), "--json").json()}
    full = deadlines["full-moratorium-ends"]
    assert full["date"] == "2027-03-01"
    assert full["provisional"] is True
    assert any("Provisional" in w for w in full["warnings"])


def test_agenda_across_cases_soonest_first(cattool) -> None:
    first = new_case(cattool, "Pub")
    second = new_case(cattool, "Hall")
    cattool("event", "add", str(first), "owner-notice-received", "2026-03-02")
    cattool("event", "add", str(second), "nomination-submitted", "2026-02-01")
    items = cattool("agenda", "--days", "60", "--json").json()
    assert [(i["case_name"], i["key"], i["date"]) for i in items] == [
        ("Hall", "nomination-decision-due", "2026-03-28"),
        ("Pub", "interim-moratorium-ends", "2026-04-12"),
    ]
    assert cattool("agenda", "--days", "10", "--json").json() == []
    assert "Nothing due" in cattool("agenda", "--days", "10").out
    assert "Pub" in cattool("agenda", "--days", "60").out


def test_calendar_export(cattool, tmp_path: Path) -> None:
    case_id = new_case(cattool)
    cattool("event", "add", str(case_id), "owner-notice-received", "2026-03-02")
    out = tmp_path / "red-lion.ics"
    result = cattool("calendar", str(case_id), "--out", str(out))
    assert result.code == 0, result.err
    text = out.read_text()
    assert "DTSTART;VALUE=DATE:20260412" in text
    assert "DTEND;VALUE=DATE:20260413" in text
    assert "BEGIN:VALARM" in text
    first_uids = [line for line in text.splitlines() if line.startswith("UID:")]
    cattool("calendar", str(case_id), "--out", str(out))
    assert [line for line in out.read_text().splitlines() if line.startswith("UID:")] == first_uids


def test_regimes_listing(cattool) -> None:
    regimes = {r["id"]: r for r in cattool("regimes", "--json").json()}
    assert set(regimes) >= {"england-2011", "england-2026"}
    assert regimes["england-2026"]["provisional"] is True
    periods = {p["key"]: p for p in regimes["england-2011"]["periods"]}
    assert periods["interim-moratorium-ends"]["length"] == "6 weeks"
    assert "PROVISIONAL" in cattool("regimes").out


def test_setting_a_provisional_parameter_changes_the_dates(cattool) -> None:
    case_id = new_case(cattool, "Library", "england-2026")
    cattool("event", "add", str(case_id), "owner-notice-received", "2026-03-02")
    result = cattool(
        "regimes",
        "set",
        "england-2026",
        "interest-window",
        "8 weeks",
        "--source",
        "SI 2027/123 reg 4",
    )
    assert result.code == 0, result.err
    deadlines = {d["key"]: d for d in cattool("deadlines", str(case_id), "--json").json()}
    assert deadlines["interim-moratorium-ends"]["date"] == "2026-04-26"
    bad = cattool(
        "regimes", "set", "england-2026", "interest-window", "eight weeks", "--source", "x"
    )
    assert bad.code == 2 and "period length" in bad.err


def test_demo_adds_cases_once(cattool) -> None:
    assert cattool("demo").code == 0
    cases = cattool("case", "list", "--json").json()
    assert len(cases) >= 3
    assert len({c["stage"] for c in cases}) >= 3
    assert cattool("demo").code == 0
    assert len(cattool("case", "list", "--json").json()) == len(cases)


def test_default_database_is_created_in_the_data_folder(cattool, isolated_data_dir: Path) -> None:
    result = cattool("case", "new", "Pub", "--regime", "england-2011", db=None)
    assert result.code == 0, result.err
    assert (isolated_data_dir / "cattool.sqlite").exists()


def test_version(cattool) -> None:
    result = cattool("--version", today=None, db=None)
    assert result.code == 0
    assert result.out.startswith("cattool ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("event", "add", "99", "listed", "2026-03-01"), "no case"),
        (("event", "add", "{case}", "sold", "2026-03-01"), "Unknown event kind"),
        (("event", "add", "{case}", "listed", "31/2/2026"), "31/2/2026"),
        (("event", "add", "{case}", "listed", "blah"), "blah"),
        (("event", "add", "{case}", "listed", "2026-03-06"), "future"),
        (("event", "add", "{case}", "listed", "tomorrow"), "future"),
        (("case", "new", "X", "--regime", "scotland"), "Unknown regime"),
        (("case", "new", "  ", "--regime", "england-2011"), "needs a name"),
        (("case", "show", "Nowhere"), "no case"),
        (("deadlines", "42"), "no case"),
        (("calendar", "42", "--out", "x.ics"), "no case"),
        (("regimes", "set", "england-2026", "nope", "1 week", "--source", "x"), "no parameter"),
        (("agenda", "--days", "-1"), "--days"),
    ],
)
def test_bad_input_exits_2_and_changes_nothing(cattool, db_path, db_snapshot, args, message):
    case_id = new_case(cattool)
    cattool("event", "add", str(case_id), "nomination-submitted", "2026-01-05")
    before = db_snapshot(db_path)
    result = cattool(*(a.replace("{case}", str(case_id)) for a in args))
    assert result.code == 2
    assert message.lower() in result.err.lower()
    assert result.out == ""
    assert db_snapshot(db_path) == before


def test_bad_today_and_bad_db(cattool, tmp_path: Path) -> None:
    result = cattool("case", "list", today="someday")
    assert result.code == 2 and "someday" in result.err
    result = cattool("case", "list", db=tmp_path / "no-such-folder" / "x.sqlite")
    assert result.code == 2 and "does not exist" in result.err
    assert cattool("case", "list", "--bogus").code == 2
    junk = tmp_path / "notes.sqlite"
    junk.write_text("shopping list: milk, eggs\n" * 100)
    result = cattool("case", "list", db=junk)
    assert result.code == 2 and "notes.sqlite" in result.err
    assert junk.read_text().startswith("shopping list")


def test_calendar_to_a_missing_folder_fails_cleanly(cattool, tmp_path: Path) -> None:
    case_id = new_case(cattool)
    empty = cattool("calendar", str(case_id), "--out", str(tmp_path / "x.ics"))
    assert empty.code == 2 and "no dated deadlines" in empty.err
    assert not (tmp_path / "x.ics").exists()
    cattool("event", "add", str(case_id), "listed", "2026-01-05")
    result = cattool("calendar", str(case_id), "--out", str(tmp_path / "nope" / "x.ics"))
    assert result.code == 2
    assert "nope" in result.err


@pytest.mark.parametrize(
    "args",
    [
        ("event", "add", "1", "listed", "2026-01-01"),
        ("case", "new", "", "--regime", "england-2011"),
        ("case", "new", "Pub", "--regime", "wales"),
        ("deadlines", "1"),
        ("case", "show", "1"),
        ("calendar", "1", "--out", "x.ics"),
        ("regimes", "set", "england-2026", "moratorium-length", "99999 years", "--source", "x"),
        ("regimes", "set", "england-2026", "interest-window", "0 weeks", "--source", "x"),
    ],
)
def test_bad_input_never_creates_a_database(cattool, tmp_path: Path, args) -> None:
    fresh = tmp_path / "fresh.sqlite"
    result = cattool(*args, db=fresh)
    assert result.code == 2, result.out
    assert not fresh.exists()
    bad_today = cattool("event", "add", "1", "listed", "2026-01-01", db=fresh, today="soon")
    assert bad_today.code == 2 and not fresh.exists()


def test_listing_reads_do_not_create_a_database(cattool, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite"
    assert cattool("case", "list", "--json", db=fresh).json() == []
    assert cattool("agenda", "--json", db=fresh).json() == []
    assert cattool("regimes", "--json", db=fresh).code == 0
    assert not fresh.exists()


def test_a_year_less_date_still_to_come_is_refused(cattool) -> None:
    case_id = new_case(cattool)
    result = cattool("event", "add", str(case_id), "owner-notice-received", "10 March")
    assert result.code == 2
    assert "10 March 2025" in result.err


def test_bad_urls_and_empty_today_exit_2(cattool) -> None:
    assert cattool("case", "list", db="nosuch://x").code == 2
    assert cattool("case", "list", today="").code == 2
