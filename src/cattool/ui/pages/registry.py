"""The case workspace's pages, in the order the navigation lists them.

Imported lazily: each page module brings its own widgets (and SQLAlchemy through the
commands), which the dashboard never needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cattool.ui.pages.base import CasePage

#: (module under cattool.ui.pages, class name), in navigation order (Ctrl+1 … Ctrl+9 for
#: the first nine). History (the audit trail) follows Documents.
PAGES: tuple[tuple[str, str], ...] = (
    ("overview", "OverviewPage"),
    ("asset", "AssetPage"),
    ("group", "GroupPage"),
    ("events", "EventsPage"),
    ("deadlines", "DeadlinesPage"),
    ("tasks", "TasksPage"),
    ("evidence", "EvidencePage"),
    ("contacts", "ContactsPage"),
    ("money", "MoneyPage"),
    ("share_offer", "ShareOfferPage"),
    ("business_plan", "BusinessPlanPage"),
    ("lease", "LeasePage"),
    ("documents", "DocumentsPage"),
    ("history", "HistoryPage"),
)


def page_classes() -> list[type[CasePage]]:
    """The page classes, imported now, in navigation order."""
    from importlib import import_module

    return [getattr(import_module(f"cattool.ui.pages.{module}"), name) for module, name in PAGES]
