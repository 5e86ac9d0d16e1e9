"""Screenshots of the dashboard and every case page on the demo cases, for the README.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/screenshots.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py   # no fonts hinting

Writes docs/screenshots/*.png. Uses a temporary database and temporary settings, so it
never touches the user's own data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 23)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--case", default="DEMO-STRETFORD-HALL", help="demo case reference")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    scratch = Path(tempfile.mkdtemp(prefix="cattool-shots-"))
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
        window.workspace.open_page(index - 1)
        slug = page.title.lower().split(" and ")[0].replace(" ", "-")
        grab(f"case-{index}-{slug}")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
