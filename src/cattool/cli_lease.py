"""The lease command: `cattool lease CASE [--json] [--on DATE] [--all | --next N]`.

A case's leases (the terms, every check with its explanation and source, the key dates:
the next few from the reference date, or all of them with --all) and where the case is
on the Community Asset Transfer route with the dates each next step is expected. Same
contract as the rest of the command line (cli.py): bad input exits 2, nothing is written.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from cattool.cli import EXIT_OK, CliError, _open, _print_json, _today

if TYPE_CHECKING:
    from cattool.core.lease.facts import LeaseFacts
    from cattool.core.lease.queries import LeaseReport

Register = Callable[..., argparse.ArgumentParser]
NEXT_DEFAULT = 8


def add_commands(command: Register, json_flag: Callable[[argparse.ArgumentParser], None]) -> None:
    lease = command(
        "lease", "a case's lease(s): terms, checks, key dates, and the CAT steps expected"
    )
    lease.add_argument("case", metavar="CASE", help="case id, reference or name")
    lease.add_argument(
        "--on", metavar="DATE", help="the date to count from (default: today, or --today)"
    )
    which = lease.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="every key date, past ones included")
    which.add_argument(
        "--next", type=int, default=NEXT_DEFAULT, metavar="N",
        help=f"how many coming key dates to show (default {NEXT_DEFAULT})",
    )  # fmt: skip
    json_flag(lease)
    lease.set_defaults(run=cmd_lease)


def cmd_lease(args: argparse.Namespace) -> int:
    from cattool.core.dates import parse_date

    if args.next < 0:
        raise CliError("--next must be 0 or more.")
    today = _today(args)
    on = parse_date(args.on, today) if args.on else today  # a bad date: exit 2
    from cattool.core.lease.queries import lease_report

    with _open(args, case=args.case).session() as session:
        report = lease_report(session, args.case, on)
    if args.json:
        data = report.to_json()
        if not args.all:
            for lease in data["leases"]:
                coming = [d for d in lease["key_dates"] if d["status"] in ("upcoming", "due-soon")]
                lease["key_dates"] = coming[: args.next]
        _print_json(data)
        return EXIT_OK
    _print_text(report, args.all, args.next)
    return EXIT_OK


def _print_text(report: LeaseReport, show_all: bool, count: int) -> None:
    from cattool.core.dates import format_date_long, format_date_short
    from cattool.core.lease.facts import (
        BREAK_PARTIES,
        LEASE_STATUSES,
        RENT_REVIEW_BASES,
        REPAIRING,
        WHO_PAYS,
    )
    from cattool.core.money.format import format_money

    name = f"{report.case_name} ({report.reference})" if report.reference else report.case_name
    print(f"{name}: lease and Community Asset Transfer, as of {format_date_long(report.today)}")
    if not report.leases:
        print("No lease recorded.")
    for view in report.leases:
        lease = view.lease
        print()
        kind = "new lease" if lease.is_new else "existing lease"
        print(f"{lease.name} [{LEASE_STATUSES.get(lease.status, lease.status)}; {kind}]")
        rows = [
            ("Landlord", lease.landlord),
            ("Tenant", lease.tenant),
            ("Premises", lease.premises.replace("\n", ", ")),
            ("Term", f"{lease.term_years} years" if lease.term_years else ""),
            ("Starts", format_date_long(lease.start_date) if lease.start_date else ""),
            ("Ends", format_date_long(view.term_end) if view.term_end else ""),
            ("Rent", "peppercorn" if lease.peppercorn else
             (f"{format_money(lease.rent)} a year" if lease.rent is not None else "")),
            ("Premium", format_money(lease.premium) if lease.premium is not None else ""),
            ("Rent review", _review(lease, RENT_REVIEW_BASES)),
            ("Repairs", REPAIRING.get(lease.repairing, lease.repairing)),
            ("Insurance", WHO_PAYS.get(lease.insurance_by, lease.insurance_by)),
            ("Legal costs", WHO_PAYS.get(lease.legal_costs_by, lease.legal_costs_by)),
            ("User clause", lease.user_clause),
            ("Alienation", lease.alienation),
            ("Market value", format_money(lease.market_value) if lease.market_value else ""),
            ("Price", format_money(lease.price) if lease.price is not None else ""),
            ("Undervalue", format_money(view.undervalue) if view.undervalue is not None else ""),
        ]  # fmt: skip
        for label, value in rows:
            if value:
                print(f"  {label + ':':14} {value}")
        for clause in lease.breaks:
            when = (
                format_date_long(clause.break_date)
                if clause.break_date
                else f"year {clause.from_year}"
                + (f", then every {clause.every_years} years" if clause.every_years else "")
            )
            who = BREAK_PARTIES.get(clause.party, clause.party)
            print(f"  {'Break:':14} {who}, {when}, {clause.notice_months} months' notice")
        if view.checks:
            print("  Checks:")
            for check in view.checks:
                flag = " (PROVISIONAL)" if check.provisional else ""
                print(f"    [{check.severity}] {check.title}{flag}")
                print(f"        {check.explanation}")
                print(f"        Source: {check.source}")
        dates = list(view.key_dates)
        if not show_all:
            dates = [d for d in dates if d.is_open][:count]
        heading = "Every key date" if show_all else f"Next key dates (up to {count})"
        note = "" if lease.in_force else " (proposed: the lease is not signed)"
        print(f"  {heading}{note}; contractual dates from the lease, not statutory:")
        if not dates:
            print("    none")
        for d in dates:
            assert d.date is not None
            print(f"    {format_date_short(d.date):16} {d.label}")
    _print_cat(report, format_date_long)


def _review(lease: LeaseFacts, bases: dict[str, str]) -> str:
    basis = bases.get(lease.rent_review_basis, lease.rent_review_basis)
    if lease.rent_review_years:
        return f"every {lease.rent_review_years} years" + (f", {basis.lower()}" if basis else "")
    return basis


def _print_cat(report: LeaseReport, format_date_long: Callable[..., str]) -> None:
    cat = report.cat
    print()
    print(f"Community Asset Transfer: {report.policy.status}")
    if not cat.started:
        print("  No CAT step recorded. Record them as events (cat-opportunity-advertised,")
        print("  cat-eoi-submitted, …) to see when each decision should arrive.")
        return
    assert cat.reached is not None and cat.reached_on is not None
    print(f"  Reached: {cat.reached.label} ({format_date_long(cat.reached_on)})")
    for d in cat.deadlines:
        assert d.date is not None
        if d.status == "met":
            assert d.met_on is not None
            print(f"  done      {format_date_long(d.met_on):20} {d.label}")
        elif d.status == "not-triggered":
            print(f"  skipped   {'':20} {d.label}")
        else:
            late = " (LATE: chase the council)" if d.status == "passed" else ""
            print(f"  expected  {format_date_long(d.date):20} {d.label}{late}")
    print(f"  Source: {report.policy.source}")
