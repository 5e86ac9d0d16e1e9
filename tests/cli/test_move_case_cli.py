"""`cattool move-case CASE… --to URL_OR_PATH [--from URL_OR_PATH] [--keep] [--json]`,
run as a person or a script would: the database under test (a SQLite file, or a
PostgreSQL database under tools/with_postgres.sh) is the shared one here, and a local
file the other side."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import snapshot


def test_move_to_a_local_file_and_back(cattool, db_path: Path, tmp_path: Path) -> None:
    assert cattool("demo").code == 0
    local = tmp_path / "laptop.sqlite"
    moved = cattool("move-case", "DEMO-RED-LION", "DEMO-OLD-BELL", "--to", str(local))
    assert moved.code == 0, moved.err
    assert "Moved The Red Lion, Kirkdale (DEMO-RED-LION)" in moved.out
    assert "checked" in moved.out and "no longer in" in moved.out
    left = cattool("case", "list", "--json").json()
    assert {c["reference"] for c in left} == {"DEMO-HENDON-LIBRARY", "DEMO-STRETFORD-HALL"}
    there = cattool("case", "list", "--json", db=local).json()
    assert {c["reference"] for c in there} == {"DEMO-RED-LION", "DEMO-OLD-BELL"}
    history = cattool("history", "DEMO-RED-LION", db=local)
    assert "moved from" in history.out

    # back again, as a copy (--keep), naming the source with --from
    back = cattool(
        "move-case", "DEMO-RED-LION", "--from", str(local), "--to", str(db_path), "--keep",
        "--json", db=None,
    )  # fmt: skip
    assert back.code == 0, back.err
    data = back.json()
    assert data["kept"] is True and data["cases"][0]["reference"] == "DEMO-RED-LION"
    assert data["cases"][0]["rows"] > 10
    assert cattool("deadlines", "DEMO-RED-LION").code == 0
    assert cattool("deadlines", "DEMO-RED-LION", db=local).code == 0


def test_refusals_exit_2_and_change_nothing(cattool, db_path: Path, tmp_path: Path) -> None:
    assert cattool("demo").code == 0
    local = tmp_path / "laptop.sqlite"
    assert cattool("move-case", "DEMO-RED-LION", "--to", str(local), "--keep").code == 0
    before = (snapshot(db_path), snapshot(local))
    for args, message in (
        (("move-case", "DEMO-RED-LION", "--to", str(local)), "already has"),
        (("move-case", "NO-SUCH", "--to", str(local)), "There is no case"),
        (("move-case", "DEMO-OLD-BELL", "--to", str(db_path)), "already in"),
        (("move-case", "DEMO-OLD-BELL", "--to", str(tmp_path)), "is a folder"),
        (("--read-only", "move-case", "DEMO-OLD-BELL", "--to", str(local)), "--keep"),
    ):
        result = cattool(*args)
        assert result.code == 2, (args, result.out)
        assert message in result.err, (args, result.err)
    assert (snapshot(db_path), snapshot(local)) == before
    fresh = tmp_path / "new.sqlite"
    assert cattool("move-case", "NO-SUCH", "--to", str(fresh)).code == 2
    assert not fresh.exists()  # a failed move leaves no new empty database behind
