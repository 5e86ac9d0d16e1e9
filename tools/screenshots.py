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
    some_documents(store, documents_case)
    store.close()

    window = MainWindow(CaseSource.open(str(db)), TODAY)
    window.resize(1500, 920)
    window.show()
    while not window.dashboard.is_loaded():
        app.processEvents()

    def grab(name: str) -> None:
        for _ in range(20):
            app.processEvents()
        path = out / f"{name}.png"
        window.grab().save(str(path))
        print("wrote", path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)

    window.dashboard.agenda_days.setValue(120)
    grab("dashboard")
    window.open_case(case_id)
    for index, page in enumerate(page_classes(), start=1):
        if page.__name__ == "DocumentsPage":
            window.open_case(documents_case, index - 1)
            show_a_document_that_needs_data(window.workspace.current_page())
        else:
            window.workspace.open_page(index - 1)
        slug = page.title.lower().split(" and ")[0].replace(" ", "-")
        grab(f"case-{index}-{slug}")
    window.close()
    return 0


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
