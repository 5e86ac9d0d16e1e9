"""Team mode commands: database roles on a shared PostgreSQL server, and moving cases
between databases.

    cattool --db postgresql+psycopg://admin@host/db team grant-read-only ROLE [--password-prompt]
    cattool --db … team grant-staff ROLE [--password-prompt]
    cattool --db … team revoke ROLE            (alias: revoke-read-only)
    cattool move-case REF [REF…] --to URL_OR_PATH [--from URL_OR_PATH] [--keep]

Same contract as the rest of the command line (cli.py): bad input exits 2 and changes
nothing. See docs/team-mode.md.
"""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable

from cattool.cli import EXIT_OK, CliError, _global_options, _location, _open, _print_json

Register = Callable[..., argparse.ArgumentParser]


def add_commands(command: Register, json_flag: Callable[[argparse.ArgumentParser], None]) -> None:
    team = command("team", "shared database roles: staff, and read-only trustees and advisers")
    actions = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    common = [_global_options()]  # --db etc. also after the action, as for `case new`
    for name, help_text in (
        ("grant-read-only", "a login role that can read every case and change nothing"),
        ("grant-staff", "a login role that can read and change cases"),
    ):
        grant = actions.add_parser(name, parents=common, help=help_text)
        grant.add_argument("role", metavar="ROLE", help="the server's name for the person")
        grant.add_argument(
            "--password-prompt",
            action="store_true",
            help="ask for the role's password (typed twice, never shown or stored)",
        )
        json_flag(grant)
    revoke = actions.add_parser(
        "revoke",
        parents=common,
        aliases=["revoke-read-only", "revoke-staff"],
        help="take away a role's access to this database (the role is kept)",
    )
    revoke.add_argument("role", metavar="ROLE")
    json_flag(revoke)
    team.set_defaults(run=cmd_team)

    move = command(
        "move-case", "move (or copy, --keep) cases to another database: local file ⇄ server"
    )
    move.add_argument("cases", nargs="+", metavar="CASE", help="case reference, id or name")
    move.add_argument("--to", required=True, metavar="URL_OR_PATH", help="the target database")
    move.add_argument(
        "--from",
        dest="source",
        metavar="URL_OR_PATH",
        help="the database the cases are in (default: --db, as for every command)",
    )
    move.add_argument(
        "--keep", action="store_true", help="copy: leave the cases in the source database too"
    )
    json_flag(move)
    move.set_defaults(run=cmd_move_case)


def _password(args: argparse.Namespace) -> str | None:
    if not args.password_prompt:
        return None
    first = getpass.getpass(f"Password for {args.role}: ")
    if not first:
        raise CliError("An empty password was given: nothing changed.")
    if getpass.getpass("Again: ") != first:
        raise CliError("The two passwords differ: nothing changed.")
    return first


def cmd_team(args: argparse.Namespace) -> int:
    from cattool.core import team_roles

    team_roles.require_server(_location(args)[0])
    team_roles.check_role_name(args.role)
    password = _password(args) if args.team_command.startswith("grant") else None
    store = _open(args)
    try:
        if args.team_command == "grant-read-only":
            report = team_roles.grant(store, args.role, team_roles.READ_ONLY, password)
            done = (
                f"{report.role} can now read every case in {store.display_name}, "
                "and change nothing."
            )
        elif args.team_command == "grant-staff":
            report = team_roles.grant(store, args.role, team_roles.STAFF, password)
            done = f"{report.role} can now read and change cases in {store.display_name}."
        else:
            report = team_roles.revoke(store, args.role)
            done = f"Access to {store.display_name} taken away from {report.role}."
    finally:
        store.close()
    if args.json:
        _print_json({"role": report.role, "created": report.created, "notes": report.notes})
        return EXIT_OK
    if report.created:
        print(f"Created the login role {report.role}.")
    print(done)
    for note in report.notes:
        print(note)
    return EXIT_OK


def cmd_move_case(args: argparse.Namespace) -> int:
    from cattool.core.case_move import move_to_location

    source_args = argparse.Namespace(**vars(args))
    if args.source is not None:
        source_args.db = args.source
    if getattr(args, "read_only", False) and not args.keep:
        raise CliError(
            "--read-only cannot move cases (they are removed from the source): add --keep."
        )
    source = _open(source_args, case=args.cases[0])
    try:
        result = move_to_location(source, args.to, args.cases, keep=args.keep)
    finally:
        source.close()
    if args.json:
        _print_json(result.to_json())
        return EXIT_OK
    for line in result.sentences():
        print(line)
    return EXIT_OK
