"""Start-up: the first window must not pay for modules it does not need yet.

Run in a fresh interpreter, because this test session has imported everything already.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from cattool.core.store import open_store
from cattool.ui.app import QUIT_WHEN_SHOWN_ENV

# Slow imports that belong to other features, or to after the first paint.
HEAVY = ("dateparser", "alembic", "holidays", "docx", "icalendar")

PROBE = """
import sys
import cattool.ui.main_window as main_window

original_init = main_window.MainWindow.__init__

def init(self, *args, **kwargs):
    original_init(self, *args, **kwargs)
    def report(count):
        loaded = sorted(name for name in {heavy!r} if name in sys.modules)
        print("shown", count, "heavy", ",".join(loaded) or "-", flush=True)
    self.casesShown.connect(report)

main_window.MainWindow.__init__ = init

import datetime
from cattool.ui.app import run_gui
sys.exit(run_gui(sys.argv[1], datetime.date(2026, 3, 5)))
"""


def test_first_paint_imports_nothing_heavy(tmp_path: Path, make_case) -> None:
    path = tmp_path / "t.sqlite"
    store = open_store(str(path))  # migrated here, so the window finds it up to date
    make_case(store, "The Red Lion", "england-2011", ("owner-notice-received", dt.date(2026, 3, 2)))
    store.close()

    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # the window's settings stay here
        **{QUIT_WHEN_SHOWN_ENV: "1"},
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "shown 1 heavy -" in result.stdout, result.stdout
    assert "cattool-cases-shown" in result.stdout


STEPS_PROBE = """
import sys
from cattool.ui.case_source import CaseSource
from cattool.ui.warm_up import warm_up_steps

before = set(sys.modules)
steps = warm_up_steps(CaseSource.open(sys.argv[1]), 1)
heavy = ("cattool.ui.pages.", "sqlalchemy", "PySide6.QtCharts")
new = sorted(name for name in set(sys.modules) - before  # (the registry is a list of names)
             if name.startswith(heavy) and name != "cattool.ui.pages.registry")
print(len(steps), "steps; imported:", ",".join(new) or "-")
"""


def test_making_the_warm_up_steps_imports_no_page(tmp_path: Path, make_case) -> None:
    """The steps are made in the first paint's turn: the pages are imported by the steps,
    on a worker, not there (importing them all took 500-1,000 ms of the UI thread)."""
    path = tmp_path / "t.sqlite"
    store = open_store(str(path))
    make_case(store, "The Red Lion", "england-2011")
    store.close()
    result = subprocess.run(
        [sys.executable, "-c", STEPS_PROBE, str(path)],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "imported: -" in result.stdout, result.stdout
