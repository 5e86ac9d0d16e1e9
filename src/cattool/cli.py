"""The command line: parse, call services and queries, print text for people or --json.

Exit codes: 0 success; 2 bad input (message on stderr, nothing written). With no
command, `cattool` opens the desktop window. The document commands (docs, bidpack) are
in cli_documents.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from cattool.core.dates import DateInputError, days_phrase, format_date_short

if TYPE_CHECKING:
    from cattool.core.store import Store

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class CliError(Exception):
    """Bad input detected by the command line itself."""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cattool")
    except PackageNotFoundError:
        return "dev"


def _global_options() -> argparse.ArgumentParser:
    # SUPPRESS lets the options appear before or after the command without clobbering.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        metavar="URL_OR_PATH",
        help="database file or SQLAlchemy URL (default: CATTOOL_DB, else the user data folder)",
    )
    common.add_argument(
        "--read-only",
        action="store_true",
        default=argparse.SUPPRESS,
        help="open the database read-only: any change is refused by the database itself",
    )
    common.add_argument(
        "--today",
        default=argparse.SUPPRESS,
        metavar="DATE",
        help="reference date for relative dates, future-date checks and statuses",
    )
    common.add_argument(
        "--user",
        default=argparse.SUPPRESS,
        metavar="NAME",
        help="the name changes are recorded under (default: CATTOOL_USER, else your login)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _global_options()
    parser = argparse.ArgumentParser(
        prog="cattool",
        parents=[common],
        description="Deadlines and documents for saving an Asset of Community Value.",
    )
    parser.add_argument("--version", action="version", version=f"cattool {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str, **kwargs: Any) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[common], help=help_text, **kwargs)

    def json_flag(p: argparse.ArgumentParser) -> None:
        p.add_argument("--json", action="store_true", help="machine-readable output")

    command("demo", "add the demo cases (running it again adds nothing)")

    case = command("case", "create, list and show cases")
    case_cmds = case.add_subparsers(dest="case_command", metavar="ACTION", required=True)
    new = case_cmds.add_parser("new", parents=[common], help="create a case")
    new.add_argument("name")
    new.add_argument("--regime", required=True, help="england-2011 or england-2026")
    new.add_argument("--reference", help="your own short reference (unique)")
    json_flag(new)
    lst = case_cmds.add_parser("list", parents=[common], help="list cases with stage")
    json_flag(lst)
    show = case_cmds.add_parser("show", parents=[common], help="one case in full")
    show.add_argument("case", metavar="CASE", help="case id, reference or name")
    json_flag(show)

    event = command("event", "record and list what happened")
    event_cmds = event.add_subparsers(dest="event_command", metavar="ACTION", required=True)
    add = event_cmds.add_parser("add", parents=[common], help="record an event")
    add.add_argument("case", metavar="CASE")
    add.add_argument("kind", metavar="KIND", help="e.g. owner-notice-received")
    add.add_argument("date", metavar="DATE", help="e.g. 2/3/2026, '3rd March 2026', yesterday")
    add.add_argument("--note", default="")
    json_flag(add)
    elist = event_cmds.add_parser("list", parents=[common], help="a case's events")
    elist.add_argument("case", metavar="CASE")
    json_flag(elist)

    deadlines = command("deadlines", "every statutory deadline of a case, explained")
    deadlines.add_argument("case", metavar="CASE")
    deadlines.add_argument("--horizon", type=int, default=14, help="days that count as due soon")
    json_flag(deadlines)

    agenda = command("agenda", "upcoming deadlines across all cases, soonest first")
    agenda.add_argument("--days", type=int, default=30, help="how far ahead (default 30)")
    json_flag(agenda)

    calendar = command("calendar", "export a case's deadlines as an .ics calendar")
    calendar.add_argument("case", metavar="CASE")
    calendar.add_argument("--out", required=True, metavar="FILE.ics")

    regimes = command("regimes", "the legal regimes, their periods and parameters")
    json_flag(regimes)
    regime_cmds = regimes.add_subparsers(dest="regime_command", metavar="ACTION")
    rset = regime_cmds.add_parser(
        "set", parents=[common], help="set a parameter's real value (e.g. once regulations exist)"
    )
    rset.add_argument("regime")
    rset.add_argument("parameter")
    rset.add_argument("value")
    rset.add_argument("--source", required=True, help="where the value comes from")
    rset.add_argument(
        "--provisional", action="store_true", help="the value is still not settled in law"
    )

    # docs, bidpack, money; lease; export, verify, import, key (case files): their own `run`
    from cattool import cli_casefile, cli_documents, cli_history, cli_lease, cli_money, cli_team

    cli_documents.add_commands(command, json_flag)
    cli_money.add_commands(command, json_flag)
    cli_lease.add_commands(command, json_flag)
    cli_casefile.add_commands(command, json_flag)
    cli_history.add_commands(command, json_flag)
    cli_team.add_commands(command, json_flag)
    return parser


# ---------------------------------------------------------------- helpers


def _today(args: argparse.Namespace) -> dt.date:
    """The reference date: --today (read like any typed date), else the system date."""
    cached = getattr(args, "_today_value", None)
    if cached is not None:
        return cached
    text = getattr(args, "today", None)
    if text is None:
        value = dt.date.today()
    else:
        from cattool.core.dates import parse_date

        value = parse_date(text, dt.date.today())
    args._today_value = value
    return value


def _location(args: argparse.Namespace) -> tuple[str, Any]:
    from cattool.core.location import resolve_url, sqlite_file

    url = resolve_url(getattr(args, "db", None))
    return url, sqlite_file(url)


def _open(args: argparse.Namespace, *, create: bool = False, case: str = "") -> Store:
    """Open the database. Only commands that add data may create a new file: reading or
    a failed command must never leave a new database behind."""
    from cattool.core.errors import NotFoundError
    from cattool.core.store import open_store

    url, path = _location(args)
    if path is not None and not path.exists() and not create:
        what = f"There is no case {case!r}: " if case else ""
        raise NotFoundError(f"{what}{path} does not exist yet (no cases recorded there).")
    return open_store(url, read_only=getattr(args, "read_only", False))


def _snapshot(args: argparse.Namespace) -> Any:
    """Cases and events for a listing: straight from a current SQLite file when possible
    (no SQLAlchemy import), else through the store, which migrates first."""
    from cattool.core.fastread import read_snapshot
    from cattool.core.portfolio import Snapshot

    _url, path = _location(args)
    if path is not None and not path.exists():
        return Snapshot([], {})
    found = read_snapshot(path)
    if found is not None:
        return found
    from cattool.core import queries

    with _open(args).session() as session:
        return queries.snapshot(session)


def _print_json(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _days(days: int | None) -> str:
    return days_phrase(days, future="in {n} days")


# ---------------------------------------------------------------- commands


def cmd_demo(args: argparse.Namespace) -> int:
    from cattool.core.demo import add_demo_cases

    today = _today(args)
    with _open(args, create=True).transaction() as session:
        added = add_demo_cases(session, today)
    print(f"Added {len(added)} demo case(s)." if added else "The demo cases are already there.")
    return EXIT_OK


def cmd_case(args: argparse.Namespace) -> int:
    from cattool.core import queries, services

    today = _today(args)
    if args.case_command == "new":
        services.clean_case_name(args.name)
        services.check_regime(args.regime)
        with _open(args, create=True).transaction() as session:
            changes = services.create_case(
                session, args.name, args.regime, reference=args.reference
            )
        if args.json:
            _print_json({"id": changes.created_id})
        else:
            print(changes.created_id)
        return EXIT_OK
    if args.case_command == "list":
        from cattool.core.portfolio import summarise

        summaries = summarise(_snapshot(args), today)
        if args.json:
            _print_json([s.to_json() for s in summaries])
        else:
            _print_case_table(summaries)
        return EXIT_OK
    with _open(args, case=args.case).session() as session:
        case = queries.find_case(session, args.case)
        detail = _case_detail(session, case, today)
    if args.json:
        _print_json(detail)
    else:
        _print_case_detail(detail)
    return EXIT_OK


def _print_case_table(summaries: Sequence[Any]) -> None:
    if not summaries:
        print("No cases yet. Add one with `cattool case new NAME --regime england-2011`,")
        print("or try the demo cases with `cattool demo`.")
        return
    print(f"{'ID':>4}  {'CASE':32}  {'REGIME':13}  {'STAGE':26}  NEXT DEADLINE")
    for s in summaries:
        nxt = s.next_deadline
        due = f"{format_date_short(nxt.date)} ({_days(nxt.days_left)}) {nxt.label}" if nxt else "-"
        print(f"{s.id:>4}  {s.name[:32]:32}  {s.regime:13}  {s.stage_label[:26]:26}  {due}")


def _case_detail(session: Any, case: Any, today: dt.date) -> dict:
    from cattool.core import queries
    from cattool.core.rules.events import event_label

    detail = queries.case_detail(session, case.id, today)
    upcoming = detail.next_deadline
    asset, group = case.asset, case.group
    return {
        "id": detail.id,
        "uid": detail.uid,
        "name": detail.name,
        "reference": detail.reference,
        "regime": detail.regime.id,
        "regime_name": detail.regime.name,
        "stage": detail.stage,
        "stage_label": detail.stage_label,
        "rag": queries.rag_state(upcoming),
        "asset": None
        if asset is None
        else {
            "name": asset.name,
            "address": asset.address,
            "postcode": asset.postcode,
            "uprn": asset.uprn,
            "title_number": asset.title_number,
            "type": asset.asset_type,
            "description": asset.description,
        },
        # Personal data stays out: counts only (the member register is for evidence).
        "group": None
        if group is None
        else {
            "name": group.name,
            "legal_form": group.legal_form,
            "registration_number": group.registration_number,
            "members": len(group.members),
            "members_on_electoral_roll": sum(m.on_electoral_roll for m in group.members),
        },
        "events": [
            {
                "id": e.id,
                "kind": e.kind,
                "label": event_label(e.kind),
                "date": e.date.isoformat(),
                "note": e.note,
            }
            for e in detail.events
        ],
        "next_deadline": upcoming.to_json() if upcoming else None,
        "deadlines": [d.to_json() for d in detail.deadlines],
    }


def _print_case_detail(detail: dict) -> None:
    print(f"{detail['name']}  (case {detail['id']})")
    print(f"Regime: {detail['regime_name']} ({detail['regime']})")
    print(f"Stage:  {detail['stage_label']}")
    if detail["asset"]:
        a = detail["asset"]
        print(f"Asset:  {a['name']}, {a['address']} {a['postcode']}".rstrip(", "))
    if detail["group"]:
        g = detail["group"]
        print(
            f"Group:  {g['name']} ({g['legal_form'] or 'legal form not recorded'}), "
            f"{g['members']} members, {g['members_on_electoral_roll']} on the electoral roll"
        )
    print("\nEvents:")
    if not detail["events"]:
        print("  none recorded yet")
    for e in detail["events"]:
        day = format_date_short(dt.date.fromisoformat(e["date"]))
        print(f"  {day:16} {e['label']}" + (f"  ({e['note']})" if e["note"] else ""))
    print("\nDeadlines:")
    for d in detail["deadlines"]:
        _print_deadline_line(d)


def _print_deadline_line(d: dict, show_detail: bool = False) -> None:
    day = format_date_short(dt.date.fromisoformat(d["date"])) if d["date"] else "—"
    status = d["status"] + (" (provisional)" if d["provisional"] else "")
    days = _days(d["days_left"]) if d["status"] not in ("met", "not-triggered") else ""
    print(f"  {day:16} {status:26} {d['label']}" + (f"  [{days}]" if days else ""))
    if show_detail:
        print(f"      {d['explanation']}")
        print(f"      Source: {d['source']}")
        for warning in d["warnings"]:
            print(f"      ! {warning}")


def cmd_event(args: argparse.Namespace) -> int:
    from cattool.core import queries, services
    from cattool.core.dates import parse_past_date
    from cattool.core.rules.events import event_label

    today = _today(args)
    if args.event_command == "add":
        services.check_event_kind(args.kind)
        when = parse_past_date(args.date, today, what="An event")
        with _open(args, case=args.case).transaction() as session:
            case = queries.find_case(session, args.case)
            changes = services.add_event(
                session, case.id, args.kind, when, today=today, note=args.note
            )
        if args.json:
            _print_json(
                {
                    "id": changes.created_id,
                    "case_id": case.id,
                    "kind": args.kind,
                    "date": when.isoformat(),
                    "note": args.note,
                }
            )
        else:
            print(
                f"{format_date_short(when)}: {event_label(args.kind)} "
                f"(event {changes.created_id}, case {case.id})"
            )
        return EXIT_OK
    with _open(args, case=args.case).session() as session:
        case = queries.find_case(session, args.case)
        events = [
            {
                "id": e.id,
                "kind": e.kind,
                "label": event_label(e.kind),
                "date": e.date.isoformat(),
                "note": e.note,
            }
            for e in case.events
        ]
    if args.json:
        _print_json(events)
    elif not events:
        print(f"No events recorded for {case.name} yet.")
    else:
        for e in events:
            day = format_date_short(dt.date.fromisoformat(e["date"]))
            note = f"  ({e['note']})" if e["note"] else ""
            print(f"{e['id']:>5}  {day:16} {e['kind']:26} {note}")
    return EXIT_OK


def cmd_deadlines(args: argparse.Namespace) -> int:
    from cattool.core import queries

    if args.horizon < 0:
        raise CliError("--horizon must be 0 or more days.")
    today = _today(args)
    with _open(args, case=args.case).session() as session:
        case = queries.find_case(session, args.case)
        deadlines = queries.case_deadlines(session, case, today, args.horizon)
        name = case.name
    if args.json:
        _print_json([d.to_json() for d in deadlines])
        return EXIT_OK
    print(f"{name}: deadlines as of {format_date_short(today)}")
    for d in deadlines:
        _print_deadline_line(d.to_json(), show_detail=True)
    return EXIT_OK


def cmd_agenda(args: argparse.Namespace) -> int:
    from cattool.core.portfolio import agenda_items

    if args.days < 0:
        raise CliError("--days must be 0 or more.")
    today = _today(args)
    items = agenda_items(_snapshot(args), today, args.days)
    if args.json:
        _print_json([item.to_json() for item in items])
        return EXIT_OK
    if not items:
        print(f"Nothing due in the next {args.days} days.")
        return EXIT_OK
    print(
        f"Deadlines from {format_date_short(today)} to "
        f"{format_date_short(today + dt.timedelta(days=args.days))}:"
    )
    for item in items:
        d = item.deadline
        assert d.date is not None
        flag = " (provisional)" if d.provisional else ""
        print(
            f"  {format_date_short(d.date):16} {_days(d.days_left):12} "
            f"{item.case_name[:30]:30}  {d.label}{flag}"
        )
    return EXIT_OK


def cmd_calendar(args: argparse.Namespace) -> int:
    from cattool.core import queries
    from cattool.core.ical import write_calendar

    today = _today(args)
    with _open(args, case=args.case).session() as session:
        case = queries.find_case(session, args.case)
        deadlines = queries.case_deadlines(session, case, today)
        count = write_calendar(args.out, case.uid, case.name, deadlines)
    print(f"Wrote {count} deadline(s) for {case.name} to {args.out}")
    return EXIT_OK


def cmd_regimes(args: argparse.Namespace) -> int:
    from cattool.core import services
    from cattool.core.rules.regime import available_regimes, load_regime

    if getattr(args, "regime_command", None) == "set":
        services.check_regime_parameter(args.regime, args.parameter, args.value, args.source)
        with _open(args, create=True).transaction() as session:
            services.set_regime_parameter(
                session,
                args.regime,
                args.parameter,
                args.value,
                source=args.source,
                provisional=args.provisional,
            )
        state = "provisional" if args.provisional else "confirmed"
        print(f"{args.regime}: {args.parameter} = {args.value} ({state}; {args.source})")
        return EXIT_OK
    overrides = _snapshot(args).overrides
    regimes = [load_regime(rid, overrides.get(rid)) for rid in available_regimes()]
    data = [_regime_json(r) for r in regimes]
    if args.json:
        _print_json(data)
        return EXIT_OK
    for r in data:
        print(f"{r['id']}: {r['name']}" + ("  [PROVISIONAL]" if r["provisional"] else ""))
        print(f"  Law: {r['law']}")
        print(f"  In force from: {r['in_force_from']}")
        for p in r["periods"]:
            flag = " (provisional)" if p["provisional"] else ""
            print(f"  - {p['key']}: {p['rule']}{flag}  [{p['source']}]")
        provisional = [p for p in r["parameters"] if p["provisional"]]
        if provisional:
            print("  Provisional parameters (set with `cattool regimes set`):")
            for p in provisional:
                print(f"    {p['key']} = {p['value']}  ({p['label']})")
        print()
    return EXIT_OK


def _regime_json(regime: Any) -> dict:
    return {
        "id": regime.id,
        "name": regime.name,
        "law": regime.law,
        "in_force_from": regime.in_force_from,
        "version": regime.version,
        "provisional": regime.provisional,
        "summary": regime.summary,
        "periods": [
            {
                "key": p.key,
                "label": p.label,
                "rule": p.rule_text(),
                "length": str(p.length),
                "starts": list(p.starts),
                "after": list(p.after),
                "before": p.before,
                "condition": (
                    {"event": p.only_if.event, "within": p.only_if.within} if p.only_if else None
                ),
                "who": p.who,
                "source": p.source,
                "explanation": p.explain,
                "provisional": p.provisional,
            }
            for p in regime.periods
        ],
        "parameters": [
            {
                "key": p.key,
                "label": p.label,
                "value": p.value,
                "provisional": p.provisional,
                "source": p.source,
                "overridden": p.overridden,
            }
            for p in regime.parameters.values()
        ],
    }


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": cmd_demo,
    "case": cmd_case,
    "event": cmd_event,
    "deadlines": cmd_deadlines,
    "agenda": cmd_agenda,
    "calendar": cmd_calendar,
    "regimes": cmd_regimes,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from cattool.core.errors import InputError
    from cattool.core.rules.regime import RegimeError

    try:
        _today(args)  # a bad --today is refused before anything is opened
        if "user" in args:  # who the audit trail records (a blank name is refused)
            from cattool.core.who import set_current_user

            set_current_user(args.user)
        if args.command is None:  # the window (read-only: every change refused)
            from cattool.ui.app import run_gui

            today = _today(args) if "today" in args else None
            return run_gui(
                getattr(args, "db", None), today, read_only=getattr(args, "read_only", False)
            )
        return (COMMANDS.get(args.command) or args.run)(args)
    except (InputError, DateInputError, RegimeError, CliError) as exc:
        print(f"cattool: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `cattool agenda | head`: the reader left; not an error
        sys.stdout = None  # type: ignore[assignment]
        return EXIT_OK
    except OSError as exc:
        print(f"cattool: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
