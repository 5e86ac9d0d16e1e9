"""Warming up after the first paint: importing, on a worker thread, what the reminders
dock and opening a case will need (SQLAlchemy and the ORM, the services, bank holidays,
the workspace and its pages, the documents, the date parser), and opening the store.

Its own module because none of it is for the first window. Python runs one thread at a
time, and the UI thread needs it for every cell it paints: a worker importing while the
user types made a filter change take over 100 ms, and one importing while the rest of a
large list was worked out stalled frames for 100-200 ms. So the window starts the
warm-up at the first paint and works out the rest of the list after it (main_window.py),
and the user, who has only just seen the list, is rarely typing yet. The work runs in
small steps (one module, or one first use, each), so a window that switches to another
database stops the old database's warm-up between two steps. Nothing here creates a Qt
object off the UI thread.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from cattool.ui.case_source import CaseSource

if TYPE_CHECKING:
    from cattool.ui.pages.base import CasePage

Step = tuple[str, Callable[[], object]]

#: Imported in this order (each pulls in what it needs that is not there yet).
CORE_MODULES = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "cattool.core.model",
    "cattool.core.queries",
    "cattool.core.services",
    "cattool.core.editing",
    "holidays",
)
#: The reminders dock's panel and scheduler, which the window builds as soon as every case
#: is known (reminder_dock.py): importing them there took 50-100 ms of the UI thread.
REMINDER_MODULES = (
    "cattool.ui.reminder_settings",
    "cattool.ui.reminder_panel",
    "cattool.ui.reminder_scheduler",
)
#: The workspace, and the review comments' panel it asks for each case it opens (it brings
#: cattool.core.casefile and cryptography: 150-200 ms of imports).
WORKSPACE_MODULES = (
    "cattool.ui.context",
    "cattool.ui.commands",
    "cattool.ui.workspace",
    "cattool.ui.review_comments_panel",
    "cattool.core.casefile.review_store",
)
#: Page modules left for the page that needs them. None now: the Money page's chart module
#: (QtCharts, from PySide6-Addons) used to be, but importing QtCharts is one C-extension
#: load of 3-4 ms (measured; the GIL is held only that long) and the module's own classes
#: 15 ms more, which the Money page's first build paid on the UI thread (build 70 ms).
NOT_WARMED: frozenset[str] = frozenset()
#: Qt enum types PySide creates as Python enums on first use (a class each, QGradient's
#: Preset has 180 members): the Overview's timeline, the Deadlines page's icons and the
#: Money page's chart used 10-15 ms of the UI thread creating them in their first paint.
QT_ENUMS = (
    ("PySide6.QtGui", "QGradient", ("Type", "Spread", "CoordinateMode", "InterpolationMode",
                                    "Preset")),
    ("PySide6.QtGui", "QImage", ("InvertMode", "Format")),
    ("PySide6.QtCharts", "QScatterSeries", ("MarkerShape",)),
    ("PySide6.QtCharts", "QLegend", ("MarkerShape",)),
    ("PySide6.QtCharts", "QLegendMarker", ("LegendMarkerType",)),
)  # fmt: skip
#: What the Documents page reads when it is first shown (not what its buttons need), and
#: platformdirs, which finding the case's documents folder imports (20 ms).
DOCUMENT_MODULES = ("cattool.documents.registry", "cattool.documents.facts", "platformdirs")


#: The step after which every page's module is imported (see MainWindow._prepare_workspace).
PAGES_IMPORTED = "pages imported"


def _importing(name: str) -> Step:
    return (name, lambda: import_module(name))


def _optional(name: str, step: Callable[[], object]) -> Step:
    """A step whose failure is left for the real use to report (only warming up)."""

    def run() -> None:
        with contextlib.suppress(Exception):
            step()

    return (name, run)


def warm_up_steps(source: CaseSource | None = None, case_id: int | None = None) -> list[Step]:
    """The warm-up as (name, work) steps, in order; each is safe on a worker thread."""
    from cattool.ui.pages.registry import PAGES

    today = dt.date.today()

    def holidays() -> None:
        from cattool.core.rules.calendar import bank_holiday_name

        for year in (today.year - 1, today.year, today.year + 1):
            bank_holiday_name(dt.date(year, 1, 1))

    def document_kinds() -> None:  # the Documents page lists every kind: their modules
        kinds = getattr(import_module("cattool.documents.registry"), "document_kinds", None)
        if callable(kinds):
            kinds()

    def qt_enums() -> None:  # attribute reads only: no Qt object is made
        for module, owner, names in QT_ENUMS:
            cls = getattr(import_module(module), owner)
            for name in names:
                getattr(cls, name, None)

    def wordy_date() -> None:
        from cattool.core.dates import parse_date

        parse_date("3rd March", today=today)  # the wordy-date path (dateparser)

    steps = [_optional(name, lambda n=name: import_module(n)) for name in REMINDER_MODULES]
    steps += [_importing(name) for name in CORE_MODULES]
    steps.append(("bank holidays", holidays))
    steps.append(_optional("Qt enums", qt_enums))
    if source is not None:
        # SQLAlchemy's engine and the schema check: what the first case opened waits for.
        steps.append(("store", source.warm_up))
        if case_id is not None:  # the mappers are configured and the queries compiled
            steps.append(_optional("first read", lambda: source.case_detail(case_id, today)))
    # The workspace and its pages' modules (class definitions only: no widget is made):
    # the pages in navigation order, then the helpers they import when first shown.
    pages = [f"cattool.ui.pages.{module}" for module, _ in PAGES]
    pages += sorted(set(_page_package_modules()) - set(pages) - NOT_WARMED)
    modules = [*WORKSPACE_MODULES, *pages]
    steps += [_optional(name, lambda n=name: import_module(n)) for name in modules]
    steps.append((PAGES_IMPORTED, lambda: None))  # the window may build its workspace now
    if source is not None and case_id is not None:
        steps += _first_case_reads(source, case_id)
    steps += [_optional(name, lambda n=name: import_module(n)) for name in DOCUMENT_MODULES]
    steps.append(_optional("document kinds", document_kinds))
    steps.append(_optional("dateparser", lambda: import_module("dateparser")))
    steps.append(_optional("wordy date", wordy_date))
    return steps


def _first_case_reads(source: CaseSource, case_id: int) -> list[Step]:
    """Each page's reads of the first case, and its review comments, so SQLAlchemy has
    compiled their queries before they are first shown: otherwise opening the first case
    compiled 10-15 ms of queries on the UI thread, and each page's first showing 5-25 ms
    more. The results are dropped; a step per page, so a switch can stop between them.
    Made at the first paint, so nothing is imported here (the pages are, by the steps).
    """
    from cattool.ui.pages.registry import PAGES

    today = dt.date.today()

    def read(call: Callable[[Any], object]) -> Callable[[], object]:
        def run() -> None:
            with source.store.session() as session:
                call(session)

        return run

    def header(session: Any) -> None:
        from cattool.ui.case_header import read_header

        read_header(session, case_id, today)

    def page_reads(module: str, name: str) -> Callable[[Any], object]:
        def run(session: Any) -> None:
            page: type[CasePage] = getattr(import_module(f"cattool.ui.pages.{module}"), name)
            page.warm_up(session, case_id, today)

        return run

    def comments(session: Any) -> None:
        from cattool.core.casefile.review_store import review_comments

        review_comments(session, case_id)

    steps = [_optional("reads of the header", read(header))]
    steps += [_optional(f"reads of {module}", read(page_reads(module, name)))
              for module, name in PAGES]  # fmt: skip
    return [*steps, _optional("review comments", read(comments))]


def _page_package_modules() -> list[str]:
    """Every module in cattool.ui.pages (a page may import its helpers only when shown)."""
    import pkgutil

    import cattool.ui.pages as package

    return [f"{package.__name__}.{info.name}" for info in pkgutil.iter_modules(package.__path__)]


def warm_up_imports(source: CaseSource | None = None, case_id: int | None = None) -> None:
    """Every step at once, on the calling thread (a script's or a test's warm-up)."""
    for _name, step in warm_up_steps(source, case_id):
        step()


def freeze_warmed_up(_result: object = None) -> None:
    """After the warm-up: park what it imported (SQLAlchemy, the mappers, the pages'
    modules) out of the cyclic collector's way, as `app.resume_gc_when_loaded` does for
    the portfolio, so later full collections do not walk it (tens of ms each)."""
    import gc

    if gc.isenabled():
        gc.freeze()


class WarmUp(QObject):
    """Runs `steps` one at a time on a worker thread. A step that fails ends the warm-up:
    the real use will do the work again and report what is wrong."""

    finished = Signal()
    #: A step has run (its name).
    stepDone = Signal(str)

    def __init__(
        self, widget: QWidget, steps: list[Step], source: CaseSource | None = None
    ) -> None:
        super().__init__(widget)
        self.source = source  # the database the steps are for
        self._widget = widget
        self._steps = list(steps)
        self._done = False
        self._started = False
        self._ran: set[str] = set()
        self._running: str | None = None  # the step on a worker now
        self._held_until = 0.0  # (time.monotonic) no step starts before this

    def start(self) -> None:
        if not self._started:
            self._started = True
            self._next()

    def is_done(self) -> bool:
        """True once every step has run (or one has failed, or it was cancelled)."""
        return self._done

    def has_run(self, name: str) -> bool:
        return name in self._ran

    def hold(self, milliseconds: int) -> None:
        """Start no step for this long (the one on a worker finishes): the user is doing
        something, and each step's Python would take the interpreter from their window."""
        self._held_until = max(self._held_until, time.monotonic() + milliseconds / 1000)

    def cancel(self) -> None:
        """Run no more steps (one already on a worker finishes on its own)."""
        self._steps.clear()
        self._finish()

    def _next(self, _result: object = None) -> None:
        if self._running is not None:
            self._ran.add(self._running)
            self.stepDone.emit(self._running)
            self._running = None
        if self._done:
            return
        if not self._steps:
            self._finish()
            return
        wait = self._held_until - time.monotonic()
        if wait > 0:
            QTimer.singleShot(int(wait * 1000) + 1, self, self._next)
            return
        from cattool.ui.worker import run_in_background

        name, step = self._steps.pop(0)
        self._running = name
        run_in_background(
            self._widget, f"Getting ready ({name})", step, self._next, self._fail, progress=False
        )

    def _fail(self, _exc: Exception) -> None:
        self._steps.clear()
        self._finish()

    def _finish(self) -> None:
        if not self._done:
            self._done = True
            freeze_warmed_up()
            self.finished.emit()
