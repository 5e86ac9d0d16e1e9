"""`cattool history CASE [--json] [--who NAME] [--kind KIND] [--deadline-log]` and the
global --user option, run as a person or a script would."""

from __future__ import annotations

import pytest


@pytest.fixture
def pub(cattool) -> str:
    """A listed pub with an owner's notice, recorded by 'tester' (CATTOOL_USER)."""
    created = cattool("case", "new", "The Red Lion", "--regime", "england-2011", "--json")
    assert created.code == 0, created.err
    case = str(created.json()["id"])  # type: ignore[index]
    assert cattool("event", "add", case, "listed", "2025-06-02").code == 0
    assert cattool("event", "add", case, "owner-notice-received", "2026-03-02").code == 0
    return case


def test_history_lists_every_change_newest_first_with_who(cattool, pub: str) -> None:
    added = cattool("--user", "Maureen Doyle", "event", "add", pub, "committee-resolution", "1 Mar")
    assert added.code == 0, added.err
    result = cattool("history", pub)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "The Red Lion: history (Community Right to Bid (England)), newest first"
    assert lines[1].endswith("  Maureen Doyle")
    assert (
        lines[2].strip()
        == "Event 'Committee resolved to nominate or bid (minuted)' added: date 1 March 2026"
    )
    assert "Case 'The Red Lion' added" in lines[-1]
    assert result.out.count("  tester\n") == 3


def test_deadline_log_and_json(cattool, pub: str) -> None:
    cattool("event", "add", pub, "committee-resolution", "2026-03-01")
    result = cattool("history", pub, "--deadline-log", "--json")
    assert result.code == 0, result.err
    data = result.json()
    entries = data["entries"]  # type: ignore[index]
    assert [e["what"] for e in entries] == [
        "Event 'Council received the owner's notice of intended sale' added: "
        "date received 2 March 2026",
        "Event 'Entered on the list of assets of community value' added: date 2 June 2025",
    ]
    assert all(e["deadline_control"] and e["who"] == "tester" for e in entries)
    assert "Full moratorium ends" in entries[0]["deadlines"]
    text = cattool("history", pub, "--deadline-log").out
    assert "Moves: Interim moratorium ends" in text and "Committee" not in text


def test_filters_by_person_and_kind(cattool, pub: str) -> None:
    none = cattool("history", pub, "--who", "Someone Else")
    assert none.code == 0
    assert "No changes by 'Someone Else'. Changes were made by: tester." in none.out
    cases = cattool("history", pub, "--kind", "case", "--json").json()
    assert [e["entity"] for e in cases["entries"]] == ["case"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("history", "1", "--kind", "wombat"), "Unknown kind 'wombat'"),
        (("history", "1", "--who", " "), "--who needs a name"),
        (("history", "No such pub"), "There is no case"),
        (("--user", "  ", "event", "add", "1", "listed", "2025-06-03"), "cannot be empty"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    cattool, pub: str, db_path, db_snapshot, args: tuple[str, ...], message: str
) -> None:
    before = db_snapshot(db_path)
    result = cattool(*args)
    assert result.code == 2 and message in result.err
    assert db_snapshot(db_path) == before
