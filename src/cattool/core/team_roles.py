"""Database roles for team mode: staff who may change cases, and read-only trustees and
advisers whose connection cannot write, enforced by the PostgreSQL server itself.

Why roles and not only `--read-only`: `--read-only` is a promise the client makes; a
role's privileges are kept by the server whatever program connects. A read-only role
gets SELECT only (so even a session that turns read-only off cannot write) and
`default_transaction_read_only=on` (so cattool's writes are refused at once, with the
plain "open read-only" message). `ALTER DEFAULT PRIVILEGES` keeps tables that later
migrations add readable (or writable, for staff) without granting again.

Role names are typed by people: every identifier and the password are quoted by
psycopg's `sql` module, never pasted into SQL. SQLite has no roles: `TeamRoleError`
says what to do instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cattool.core.errors import InputError

if TYPE_CHECKING:
    from cattool.core.store import Store

READ_ONLY, STAFF = "read-only", "staff"
ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,62}$")  # as the connect dialog takes
STAFF_TABLE_RIGHTS = ("SELECT", "INSERT", "UPDATE", "DELETE")


class TeamRoleError(InputError):
    """A role cannot be granted or revoked: the message says why and what to do."""


@dataclass(slots=True)
class RoleReport:
    """What a grant or revoke did, in sentences for the person who ran it."""

    role: str
    created: bool = False
    notes: list[str] = field(default_factory=list)


def check_role_name(role: str) -> str:
    """A role name people can type and read back: letters, digits, `_ . -`."""
    name = role.strip()
    if not ROLE_NAME.match(name):
        raise TeamRoleError(
            f"{role!r} is not a usable role name: start with a letter, then letters, digits, "
            "_ . or -, at most 63 characters."
        )
    if name.lower() in {"public", "postgres"} or name.lower().startswith("pg_"):
        raise TeamRoleError(f"{name!r} is reserved by PostgreSQL; choose another name.")
    return name


def require_server(url: str) -> None:
    """Roles exist on a PostgreSQL server only: say what to do instead, before anything
    is opened (or created)."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    given = make_url(url)
    if given.get_backend_name() == "postgresql":
        return
    name = Path(given.database).name if given.database else "This database"
    raise TeamRoleError(
        f"{name} is a SQLite file: it has no database roles. To let someone look without "
        "changing anything, give them a copy of the file or read-only file permissions, "
        "and have them open it with `cattool --read-only` (or File → Open database "
        "read-only…). Roles are for a shared PostgreSQL database (see docs/team-mode.md)."
    )


def _require_server(store: Store) -> None:
    require_server(store.url.render_as_string(hide_password=True))
    if store.read_only:
        raise TeamRoleError(
            "Granting access changes the database: connect as its owner, without --read-only."
        )


def grant(store: Store, role: str, kind: str, password: str | None = None) -> RoleReport:
    """Create `role` (LOGIN) if missing and give it `kind` access (READ_ONLY or STAFF) to
    this database's cattool schema, now and for tables added later. One transaction."""
    if kind not in (READ_ONLY, STAFF):
        raise ValueError(f"unknown access {kind!r}")
    _require_server(store)
    name = check_role_name(role)
    from psycopg import sql

    report = RoleReport(name)
    ident = sql.Identifier(name)
    with _server_cursor(store) as (cursor, database, schema, owners):
        _refuse_owner(name, owners)
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,))
        exists = cursor.fetchone() is not None
        verb = "ALTER" if exists else "CREATE"
        if password:
            cursor.execute(
                sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(ident, sql.Literal(password))
            )
        else:
            cursor.execute(sql.SQL(verb + " ROLE {} LOGIN").format(ident))
        report.created = not exists
        if not exists and not password:
            report.notes.append(
                "The role has no password yet: run again with --password-prompt, or let it "
                "sign in another way your server allows (pg_hba.conf)."
            )
        _revoke_all(cursor, ident, database, schema, owners)  # from staff to read-only too
        tables = ", ".join(("SELECT",) if kind == READ_ONLY else STAFF_TABLE_RIGHTS)
        sequences = "SELECT" if kind == READ_ONLY else "USAGE, SELECT"
        for statement in (
            "GRANT CONNECT ON DATABASE {db} TO {role}",
            "GRANT USAGE ON SCHEMA {schema} TO {role}",
            f"GRANT {tables} ON ALL TABLES IN SCHEMA {{schema}} TO {{role}}",
            f"GRANT {sequences} ON ALL SEQUENCES IN SCHEMA {{schema}} TO {{role}}",
        ):
            cursor.execute(
                sql.SQL(statement).format(
                    db=sql.Identifier(database), schema=sql.Identifier(schema), role=ident
                )
            )
        for owner in owners:
            for objects, rights in (("TABLES", tables), ("SEQUENCES", sequences)):
                cursor.execute(
                    sql.SQL(
                        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
                        f"GRANT {rights} ON {objects} TO {{role}}"
                    ).format(owner=sql.Identifier(owner), schema=sql.Identifier(schema), role=ident)
                )
        if kind == READ_ONLY:
            cursor.execute(
                sql.SQL("ALTER ROLE {} SET default_transaction_read_only = on").format(ident)
            )
        else:
            cursor.execute(
                sql.SQL("ALTER ROLE {} RESET default_transaction_read_only").format(ident)
            )
    return report


def revoke(store: Store, role: str) -> RoleReport:
    """Take away everything `grant` gave `role` on this database; the role itself stays
    (it may be used elsewhere on the server: DROP ROLE removes it)."""
    _require_server(store)
    name = check_role_name(role)
    from psycopg import sql

    report = RoleReport(name)
    with _server_cursor(store) as (cursor, database, schema, owners):
        _refuse_owner(name, owners)
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,))
        if cursor.fetchone() is None:
            raise TeamRoleError(f"There is no role {name!r} on this server: nothing to revoke.")
        ident = sql.Identifier(name)
        _revoke_all(cursor, ident, database, schema, owners)
        cursor.execute(sql.SQL("ALTER ROLE {} RESET default_transaction_read_only").format(ident))
    report.notes.append(
        f"{name} can no longer read or change cattool's tables here. The role itself is kept "
        f"(DROP ROLE {name} removes it). PostgreSQL lets every role connect to a database "
        "unless CONNECT was revoked from PUBLIC (see docs/team-mode.md)."
    )
    return report


def _refuse_owner(name: str, owners: list[str]) -> None:
    if name in owners:
        raise TeamRoleError(
            f"{name!r} owns cattool's tables (it runs the migrations): its access cannot be "
            "changed here. Choose another role for staff or trustees."
        )


def _revoke_all(cursor: Any, ident: Any, database: str, schema: str, owners: list[str]) -> None:
    from psycopg import sql

    names = {"db": sql.Identifier(database), "schema": sql.Identifier(schema), "role": ident}
    for statement in (
        "REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
        "REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}",
        "REVOKE ALL ON SCHEMA {schema} FROM {role}",
        "REVOKE ALL ON DATABASE {db} FROM {role}",
    ):
        cursor.execute(sql.SQL(statement).format(**names))
    for owner in owners:
        for objects in ("TABLES", "SEQUENCES"):
            cursor.execute(
                sql.SQL(
                    "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
                    f"REVOKE ALL ON {objects} FROM {{role}}"
                ).format(owner=sql.Identifier(owner), **names)
            )


class _server_cursor:  # used like a function: `with _server_cursor(store) as …`
    """One transaction on the server: a psycopg cursor, the database and schema names, and
    the roles whose new tables must stay readable (the tables' owners and whoever runs
    this, who creates the tables when they run the migrations)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._connection: Any = None

    def __enter__(self) -> tuple[Any, str, str, list[str]]:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            self._connection = self._store.engine.connect()
            self._transaction = self._connection.begin()
            raw = self._connection.connection.driver_connection
            cursor = raw.cursor()
            cursor.execute("SELECT current_database(), current_schema(), current_user")
            database, schema, me = cursor.fetchone()
            cursor.execute(
                "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = %s", (schema,)
            )
            owners = sorted({me, *(row[0] for row in cursor.fetchall())})
        except SQLAlchemyError as exc:
            self.__exit__(type(exc), exc, None)
            raise TeamRoleError(f"Cannot reach {self._store.display_name}: {exc}") from exc
        return cursor, database, schema, owners

    def __exit__(self, kind: Any, exc: Any, _tb: Any) -> None:
        if self._connection is None:
            return
        try:
            if kind is None:
                self._transaction.commit()
            else:
                self._transaction.rollback()
        finally:
            self._connection.close()
            self._connection = None
        if exc is not None and not isinstance(exc, InputError):
            import psycopg

            if isinstance(exc, psycopg.Error):
                reason = " ".join(str(exc).split())
                raise TeamRoleError(
                    f"The server refused: {reason}. Nothing was changed. Run this as the "
                    "role that owns the database (the one that created it and ran the "
                    "migrations), or a superuser."
                ) from exc
