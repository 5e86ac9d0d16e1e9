"""The history command: `cattool history CASE [--json] [--who NAME] [--kind KIND]
[--deadline-log]`.

A case's audit trail in words, newest first: who changed what and when (local time);
with --deadline-log only the changes that can move a statutory deadline (trigger events
created, re-dated or deleted; regime parameter overrides) and the deadlines each moves.
Read-only, same contract as the rest of the command line (cli.py): bad input exits 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from cattool.cli import EXIT_OK, CliError, _open, _print_json

if TYPE_CHECKING:
    from cattool.core.history import CaseHistory

Register = Callable[..., argparse.ArgumentParser]


def add_commands(command: Register, json_flag: Callable[[argparse.ArgumentParser], None]) -> None:
    history = command(
        "history", "a case's history: who changed what, when; --deadline-log for the dates"
    )
    history.add_argument("case", metavar="CASE", help="case id, reference or name")
    history.add_argument("--who", metavar="NAME", help="only changes made by this person")
    history.add_argument(
        "--kind", metavar="KIND", help="only one kind of record (event, task, asset, …)"
    )
    history.add_argument(
        "--deadline-log",
        action="store_true",
        help="only changes to the dates and rules statutory deadlines run from",
    )
    json_flag(history)
    history.set_defaults(run=cmd_history)


def cmd_history(args: argparse.Namespace) -> int:
    from cattool.core.history import ENTITY_LABELS, case_history

    kind = args.kind.strip().lower().replace(" ", "_").replace("-", "_") if args.kind else None
    if kind is not None and kind not in ENTITY_LABELS:
        raise CliError(f"Unknown kind {args.kind!r}. Kinds: {', '.join(ENTITY_LABELS)}.")
    if args.who is not None and not args.who.strip():
        raise CliError("--who needs a name.")
    with _open(args, case=args.case).session() as session:
        history = case_history(
            session, args.case, kind=kind, who=args.who, deadline_only=args.deadline_log
        )
    if args.json:
        _print_json(history.to_json())
    else:
        _print_text(history, args)
    return EXIT_OK


def _print_text(history: CaseHistory, args: argparse.Namespace) -> None:
    what = "deadline-control log" if args.deadline_log else "history"
    print(f"{history.case_name}: {what} ({history.regime_name}), newest first")
    if not history.entries:
        if args.who and args.who.strip().casefold() not in {p.casefold() for p in history.people}:
            known = ", ".join(history.people) or "nobody yet"
            print(f"No changes by {args.who!r}. Changes were made by: {known}.")
        else:
            print("No changes recorded" + (" that move a deadline." if args.deadline_log else "."))
        return
    for entry in history.entries:
        print(f"{entry.when_text}  {entry.who}")
        print(f"    {entry.what}")
        if entry.deadlines:
            print(f"    Moves: {'; '.join(entry.deadlines)}")
        if entry.settles:
            print(f"    Can meet or end: {'; '.join(entry.settles)}")
