"""Database roles for team mode, on a real PostgreSQL server (tools/with_postgres.sh):
a read-only role reads every case and every write is refused with the plain message,
nothing written; tables added later stay readable; revoke takes it all away. On SQLite
the command says what to do instead."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError
from tests.conftest import ON_POSTGRES, server_dump

from cattool.cli import main
from cattool.core import services, team_roles
from cattool.core.store import ReadOnlyError, open_store

TODAY = "2026-03-05"
on_postgres = pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (with_postgres.sh)")


@pytest.fixture
def server(new_database: Callable[..., str]) -> Iterator[tuple[str, list[str]]]:
    """A fresh database with one case, and the roles a test made (dropped after)."""
    url = str(new_database("team"))
    store = open_store(url)
    with store.transaction() as session:
        case_id = services.create_case(
            session, "The Red Lion", "england-2011", reference="RED-LION"
        ).created_id
        services.add_event(
            session, case_id, "listed", dt.date(2025, 12, 1), today=dt.date(2026, 3, 5)
        )
    store.close()
    roles: list[str] = []
    yield url, roles
    admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for role in roles:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
    admin.dispose()


def _as(url: str, role: str) -> str:
    return make_url(url).set(username=role).render_as_string(hide_password=False)


def _new_role(roles: list[str], stem: str = "trustee") -> str:
    name = f"{stem}.{uuid.uuid4().hex[:6]}-Jo"  # needs quoting: . - and capitals
    roles.append(name)
    return name


@on_postgres
def test_read_only_role_reads_and_every_write_is_refused(
    server: tuple[str, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, roles = server
    role = _new_role(roles)
    assert main(["--db", url, "team", "grant-read-only", role]) == 0
    out = capsys.readouterr().out
    assert f"Created the login role {role}" in out and "change nothing" in out
    trustee = _as(url, role)
    before = server_dump(url)

    assert main(["--db", trustee, "--today", TODAY, "deadlines", "RED-LION"]) == 0
    assert "The Red Lion" in capsys.readouterr().out
    assert main(["--db", trustee, "--today", TODAY, "case", "show", "RED-LION"]) == 0
    assert "The Red Lion" in capsys.readouterr().out

    for command in (
        ["event", "add", "RED-LION", "nomination-submitted", "2026-01-10"],
        ["case", "new", "The Plough", "--regime", "england-2011"],
        [
            "regimes",
            "set",
            "england-2011",
            "compensation-claim-period",
            "13 weeks",
            "--source",
            "x",
        ],
        ["demo"],
    ):
        for extra in ([], ["--read-only"]):
            assert main(["--db", trustee, "--today", TODAY, *extra, *command]) == 2, command
            err = capsys.readouterr().err
            assert "nothing was saved" in err, (command, err)
    # SQL sent straight to the server, even with the session turned read-write, is refused
    # by the privileges themselves (SELECT only), with the same plain message.
    reader = open_store(trustee)  # not asked for read-only: the role is, and it shows
    try:
        assert reader.read_only and reader.display_name.endswith(" (read-only)")
        with pytest.raises(ReadOnlyError, match="may only read"), reader.transaction() as session:
            session.execute(text("SET TRANSACTION READ WRITE"))
            session.execute(text("UPDATE acv_case SET name = 'Renamed'"))
    finally:
        reader.close()
    assert server_dump(url) == before


@on_postgres
def test_tables_added_later_stay_readable_and_revoke_takes_access_away(
    server: tuple[str, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, roles = server
    role = _new_role(roles)
    assert main(["--db", url, "team", "grant-read-only", role]) == 0
    admin = create_engine(make_url(url))
    with admin.begin() as conn:  # what a later migration would do, as the owner
        conn.execute(text("CREATE TABLE later_facts (id serial PRIMARY KEY, note text)"))
        conn.execute(text("INSERT INTO later_facts (note) VALUES ('added after the grant')"))
    admin.dispose()
    reader = create_engine(make_url(_as(url, role)))
    try:
        with reader.connect() as conn:
            assert conn.execute(text("SELECT note FROM later_facts")).scalar() == (
                "added after the grant"
            )
            assert conn.execute(text("SHOW default_transaction_read_only")).scalar() == "on"
        capsys.readouterr()
        assert main(["--db", url, "team", "revoke-read-only", role]) == 0
        assert "taken away" in capsys.readouterr().out
        reader.dispose()
        with reader.connect() as conn, pytest.raises(ProgrammingError, match="permission"):
            conn.execute(text("SELECT name FROM acv_case")).all()
    finally:
        reader.dispose()


@on_postgres
def test_staff_role_can_write_and_password_is_set(
    server: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, roles = server
    role = _new_role(roles, "staff")
    answers = iter(["s3cret'; DROP TABLE acv_case; --", "s3cret'; DROP TABLE acv_case; --"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(answers))
    assert main(["--db", url, "team", "grant-staff", role, "--password-prompt"]) == 0
    staff = _as(url, role)
    assert main(["--db", staff, "--today", TODAY, "event", "add", "RED-LION",
                 "nomination-submitted", "2026-01-10"]) == 0  # fmt: skip
    admin = create_engine(make_url(url))
    with admin.connect() as conn:
        has_password = conn.execute(
            text("SELECT rolpassword IS NOT NULL FROM pg_authid WHERE rolname = :r"), {"r": role}
        ).scalar()
        assert has_password
        assert conn.execute(text("SELECT count(*) FROM acv_case")).scalar() == 1
    admin.dispose()
    # staff -> read-only: the write rights go
    assert main(["--db", url, "team", "grant-read-only", role]) == 0
    assert main(["--db", staff, "--today", TODAY, "event", "add", "RED-LION",
                 "owner-notice-received", "2026-01-11"]) == 2  # fmt: skip


@on_postgres
def test_unusable_role_names_and_mismatched_passwords_change_nothing(
    server: tuple[str, list[str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, _roles = server
    before = server_dump(url)
    for bad in ('x"; DROP TABLE acv_case; --', "pg_monitor", "public", "", "1abc", "jo@org"):
        assert main(["--db", url, "team", "grant-read-only", bad]) == 2
        err = capsys.readouterr().err
        assert "role name" in err or "reserved" in err, bad
    answers = iter(["one", "two"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(answers))
    assert main(["--db", url, "team", "grant-staff", "newstaff", "--password-prompt"]) == 2
    assert "differ" in capsys.readouterr().err
    assert main(["--db", url, "team", "revoke", "nobody_here"]) == 2
    assert "no role" in capsys.readouterr().err
    assert server_dump(url) == before


@pytest.mark.sqlite_only
def test_sqlite_has_no_roles_and_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cases.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    before = db.read_bytes()
    assert main(["--db", str(db), "team", "grant-read-only", "trustee"]) == 2
    err = capsys.readouterr().err
    assert "no database roles" in err and "--read-only" in err
    assert db.read_bytes() == before
    with pytest.raises(team_roles.TeamRoleError, match="role name"):
        team_roles.check_role_name("bad name")
    fresh = tmp_path / "not-yet.sqlite"  # said before anything is opened or created
    assert main(["--db", str(fresh), "team", "revoke", "trustee"]) == 2
    assert "not-yet.sqlite is a SQLite file" in capsys.readouterr().err
    assert not fresh.exists()
