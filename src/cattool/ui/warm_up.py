"""Warming up after the first paint: importing, on a worker thread, what opening a case
will need (SQLAlchemy and the ORM, the services, bank holidays, the date parser).

Its own module because none of it is for the first window: the window only starts it
once the cases are on screen, and nothing here creates a Qt object.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from cattool.ui.case_source import CaseSource


def ignore_failure(_exc: Exception) -> None:
    """A warm-up that failed: the real use will import again and report what is wrong."""


def warm_up_imports(source: CaseSource | None = None, case_id: int | None = None) -> None:
    """Import the modules a case's workspace needs, open `source`'s store and read
    `case_id` once through it, off the UI thread (no Qt object is created in here)."""
    from importlib import import_module

    for name in ("cattool.core.queries", "cattool.core.services", "cattool.core.editing"):
        import_module(name)
    from cattool.core.dates import parse_date
    from cattool.core.rules.calendar import bank_holiday_name

    today = dt.date.today()
    for year in (today.year - 1, today.year, today.year + 1):
        bank_holiday_name(dt.date(year, 1, 1))
    if source is not None:
        source.warm_up()  # SQLAlchemy's engine, the schema check: the first case opened
        if case_id is not None:  # the mappers are configured and the queries compiled
            with contextlib.suppress(Exception):
                source.case_detail(case_id, today)
    # The workspace and its pages' modules (class definitions only: no widget is made).
    with contextlib.suppress(Exception):
        import_module("cattool.ui.workspace")
        from cattool.ui.pages.registry import page_classes

        page_classes()
    with contextlib.suppress(Exception):  # only warming up
        parse_date("3rd March", today=today)  # the wordy-date path (dateparser)


def freeze_warmed_up(_result: object = None) -> None:
    """After the warm-up: park what it imported (SQLAlchemy, the mappers, the pages'
    modules) out of the cyclic collector's way, as `app.resume_gc_when_loaded` does for
    the portfolio, so later full collections do not walk it (tens of ms each)."""
    import gc

    if gc.isenabled():
        gc.freeze()
