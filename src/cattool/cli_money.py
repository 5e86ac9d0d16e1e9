"""The money command: `cattool money CASE [--on DATE] [--json]`.

Need, what is received, secured and pledged, the gap, and the projection at the
moratorium's end (or on --on DATE), with the plain sentence the Money page shows. Same
contract as the rest of the command line (cli.py): bad input exits 2, nothing is written.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from cattool.cli import EXIT_OK, _open, _print_json, _today

Register = Callable[..., argparse.ArgumentParser]


def add_commands(command: Register, json_flag: Callable[[argparse.ArgumentParser], None]) -> None:
    money = command(
        "money",
        "a case's money: need, received, secured, pledged, gap, projection at the deadline",
    )
    money.add_argument("case", metavar="CASE", help="case id, reference or name")
    money.add_argument(
        "--on", metavar="DATE", help="project to this date instead of the moratorium's end"
    )
    json_flag(money)
    money.set_defaults(run=cmd_money)


def cmd_money(args: argparse.Namespace) -> int:
    from cattool.core.dates import format_date_long, parse_date
    from cattool.core.money.format import format_money
    from cattool.core.money.queries import money_summary
    from cattool.core.money.vocabulary import STATUS_LABELS, STATUSES

    today = _today(args)
    on = parse_date(args.on, today) if args.on else None  # a bad date: exit 2, nothing opened
    with _open(args, case=args.case).session() as session:
        summary = money_summary(session, args.case, today, on)
    if args.json:
        _print_json(summary.to_json())
        return EXIT_OK
    need = summary.need
    name = f"{summary.case_name} ({summary.reference})" if summary.reference else summary.case_name
    print(name)
    print(
        f"Need: {format_money(need.target)}"
        f" (minimum {format_money(need.minimum)}, maximum {format_money(need.maximum)})"
    )
    for status in STATUSES:
        amount = summary.totals.get(status)
        if amount:
            print(f"  {STATUS_LABELS[status]:<20} {format_money(amount):>14}")
    if summary.surplus:
        print(f"Secured and received: {format_money(summary.surplus)} more than the target.")
    else:
        print(f"Gap (target less secured and received): {format_money(summary.gap)}")
    if summary.deadline_date is not None:
        provisional = " (PROVISIONAL)" if summary.deadline_provisional else ""
        print(f"{summary.deadline_label}: {format_date_long(summary.deadline_date)}{provisional}")
    print(summary.sentence)
    for warning in summary.warnings:
        print(f"  ! {warning}")
    return EXIT_OK
