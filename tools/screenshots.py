"""Screenshots of the dashboard and every case page on the demo cases, for the README.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/screenshots.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py   # no fonts hinting

Writes docs/screenshots/*.png. Uses a temporary database and temporary settings, so it
never touches the user's own data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 23)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--case", default="DEMO-STRETFORD-HALL", help="demo case reference")
    parser.add_argument(
        "--documents-case",
        default="DEMO-OLD-BELL",
        help="demo case for the Documents page (one with a document still needing data)",
    )
    parser.add_argument(
        "--lease-case",
        default="DEMO-HENDON-LIBRARY",
        help="demo case for the Lease and CAT page (one on the CAT route with a lease)",
    )
    parser.add_argument(
        "--only",
        default="",
        help="only the pages whose file name contains this (e.g. business-plan); "
        "the dashboard is skipped too",
    )
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    scratch = Path(tempfile.mkdtemp(prefix="cattool-shots-"))
    os.environ["CATTOOL_DATA_DIR"] = str(scratch / "data")  # generated documents go here
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    app = QApplication(sys.argv[:1])

    from cattool.core import queries
    from cattool.core.demo import add_demo_cases
    from cattool.core.store import open_store
    from cattool.ui.case_source import CaseSource
    from cattool.ui.main_window import MainWindow
    from cattool.ui.pages.registry import page_classes

    db = scratch / "demo.sqlite"
    store = open_store(str(db))
    with store.transaction() as session:
        add_demo_cases(session, TODAY)
        case_id = queries.find_case(session, args.case).id
        documents_case = queries.find_case(session, args.documents_case).id
        lease_case = queries.find_case(session, args.lease_case).id
    some_documents(store, documents_case)
    some_money(store, case_id)
    store.close()

    window = MainWindow(CaseSource.open(str(db)), TODAY)
    window.resize(1500, 920)
    window.show()
    while not window.dashboard.is_loaded():
        app.processEvents()

    def grab(name: str, widget=None) -> None:  # type: ignore[no-untyped-def]
        for _ in range(20):
            app.processEvents()
        path = out / f"{name}.png"
        (widget or window).grab().save(str(path))
        print("wrote", path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)

    window.dashboard.agenda_days.setValue(120)
    if not args.only:
        grab("dashboard")
    window.open_case(case_id)
    for index, page in enumerate(page_classes(), start=1):
        slug = page.title.lower().split(" and ")[0].replace(" ", "-")
        if args.only and args.only not in f"case-{index}-{slug}":
            continue
        if page.__name__ == "DocumentsPage":
            window.open_case(documents_case, index - 1)
            show_a_document_that_needs_data(window.workspace.current_page())
        elif page.__name__ == "LeasePage":
            window.open_case(lease_case, index - 1)
        else:
            window.workspace.open_page(index - 1)
        grab(f"case-{index}-{slug}")
        if page.__name__ == "MoneyPage":
            money_extras(window.workspace.current_page(), grab, f"case-{index}-{slug}")
        if page.__name__ == "BusinessPlanPage":
            scrolled_to(window.workspace.current_page(), grab, f"case-{index}-{slug}")
        if page.__name__ == "LeasePage":
            lease_scrolled(window.workspace.current_page(), grab, f"case-{index}-{slug}")
    window.close()
    return 0


def scrolled_to(page, grab, prefix: str) -> None:  # type: ignore[no-untyped-def]
    """The Business plan page further down: the forecast, then the risks and impact."""
    from PySide6.QtWidgets import QScrollArea

    scroll = page.findChild(QScrollArea)
    for name, widget in (("forecast", page.account), ("risks", page.risks)):
        scroll.verticalScrollBar().setValue(
            widget.mapTo(scroll.widget(), widget.rect().topLeft()).y() - 40
        )
        grab(f"{prefix}-{name}")
    scroll.verticalScrollBar().setValue(0)


def lease_scrolled(page, grab, prefix: str) -> None:  # type: ignore[no-untyped-def]
    """The Lease and CAT page further down: the terms with the checks, then the key dates."""
    from PySide6.QtWidgets import QScrollArea

    scroll = page.findChild(QScrollArea)
    for name, widget in (("terms", page.leases), ("key-dates", page.key_dates)):
        scroll.verticalScrollBar().setValue(
            widget.mapTo(scroll.widget(), widget.rect().topLeft()).y() - 40
        )
        grab(f"{prefix}-{name}")
    scroll.verticalScrollBar().setValue(0)


def some_money(store, case_id: int) -> None:  # type: ignore[no-untyped-def]
    """A funding plan, sources and a share offer for the Money and Share offer pages, when
    the demo case has none of its own (the demo data may carry them)."""
    from cattool.core.model import Case
    from cattool.core.money import services as money

    day = dt.date
    with store.transaction() as session:
        case = session.get(Case, case_id)
        if case.funding_plan is None and not case.funding_sources:
            money.set_funding_plan(
                session, case_id, today=TODAY, purchase_price="£280,000", fees="£12,000",
                stamp_duty="£3,500", refurbishment="£45,000", contingency="£9,500",
                working_capital="£10,000", tenure="freehold",
            )  # fmt: skip
            for fields in (
                dict(kind="donation", funder="Crowdfunder appeal", amount="£18,500",
                     status="received", received_on=day(2026, 11, 2)),
                dict(kind="council", funder="Trafford Council", fund_name="Community assets grant",
                     amount="£25,000", status="awarded", expected_on=day(2027, 1, 15)),
                dict(kind="grant", funder="The National Lottery Heritage Fund",
                     fund_name="Heritage Grants £10,000 to £250,000", amount="£100,000",
                     status="applied", applied_on=day(2026, 11, 2),
                     decision_expected=day(2027, 1, 8), expected_on=day(2027, 2, 1),
                     fund_key="nlhf-grants-10k-250k"),
                dict(kind="community-shares", funder="Friends of Stretford Public Hall",
                     fund_name="Community share offer", amount="£148,000", status="pledged",
                     expected_on=day(2027, 2, 1)),
                dict(kind="loan", funder="Key Fund", amount="£60,000", status="idea",
                     expected_on=day(2027, 3, 1)),
            ):  # fmt: skip
                money.add_funding_source(session, case_id, today=TODAY, **fields)
        if case.share_offer is None:
            money.set_share_offer(
                session, case_id, today=TODAY, min_holding="£100", max_holding="£20,000",
                min_raise="£100,000", target_raise="£148,000", max_raise="£180,000",
                opens_on=day(2026, 10, 1), closes_on=day(2027, 1, 31), interest_rate="3",
                withdrawal_rules="Withdrawals from the fourth year, at the board's discretion.",
            )  # fmt: skip
            for name, amount, paid in (
                ("Linda Ashworth", "£2,000", True), ("Raj Patel", "£500", True),
                ("Maureen Doyle", "£250", False), ("Tom Heywood", "£5,000", True),
            ):  # fmt: skip
                made = money.add_share_application(
                    session, case_id, name, amount, today=TODAY, applied_on=day(2026, 10, 12),
                    postcode="M32 0LG",
                )  # fmt: skip
                if paid:
                    money.record_payment(
                        session, made.created_id, amount, paid_on=day(2026, 10, 20), today=TODAY
                    )


def money_extras(page, grab, prefix: str) -> None:  # type: ignore[no-untyped-def]
    """The Money page with a what-if tried, further down (sources and plan), and the funder
    catalogue checking the case against an open fund."""
    from PySide6.QtWidgets import QScrollArea

    panel, data = page.what_if, page.data
    deadline = data.summary.on
    due = [  # the biggest source due by the deadline and not yet in the bank
        row.facts
        for row in data.sources
        if row.facts.status not in ("received", "declined")
        and row.facts.expected_on is not None
        and row.facts.expected_on <= deadline
    ]
    if due:
        late = max(due, key=lambda source: source.amount)
        panel.source.setCurrentIndex(panel.source.findData(late.id))
        panel.move_to.edit.setText((deadline + dt.timedelta(days=30)).isoformat())
        panel.move_button.click()
    grab(f"{prefix}-what-if")
    scroll = page.findChild(QScrollArea)
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    grab(f"{prefix}-sources-and-plan")
    scroll.verticalScrollBar().setValue(0)
    panel.reset()
    page.open_catalogue()
    page.catalogue.select_key("nlhf-grants-10k-250k")
    page.catalogue.amount.edit.setText("£100,000")
    grab(f"{prefix}-funder-catalogue", page.catalogue)
    page.catalogue.reject()


def some_documents(store, case_id: int) -> None:  # type: ignore[no-untyped-def]
    """Documents for the Documents page: the most urgent one generated and waiting to be
    sent, another generated and sent."""
    from cattool.documents.facts import load_case_facts
    from cattool.documents.registry import statuses
    from cattool.documents.service import generate, mark_sent
    from cattool.ui.pages.documents_dialogs import default_case_folder

    with store.transaction() as session:
        facts = load_case_facts(session, case_id, TODAY)
        folder = default_case_folder(facts.uid, facts.reference)
        ready = [s.kind.key for s in statuses(facts) if s.applies and s.ready]
        first = [k for k in ready if k in ("bidder-request", "nomination")] or ready[:1]
        sent = [k for k in ready if k not in first][:1]
        for key in first + sent:
            made, _ = generate(session, facts, key, folder)
            if key in sent:
                mark_sent(session, made.record_id, TODAY, today=TODAY)


def show_a_document_that_needs_data(page) -> None:  # type: ignore[no-untyped-def]
    """Select a document with facts still to fill in (their buttons show), if any."""
    rows = [page.model.row_at(r) for r in range(page.model.rowCount())]
    wanted = next((s for s in rows if s.missing and s.applies), None)
    wanted = wanted or next((s for s in rows if s.missing), None)
    if wanted is not None:
        page.select_key(wanted.kind.key)


if __name__ == "__main__":
    sys.exit(main())
