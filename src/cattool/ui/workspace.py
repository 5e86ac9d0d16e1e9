"""One case, one page per concern: a header (name, regime, stage), the pages listed on the
left (Ctrl+1 … Ctrl+9) and the chosen page on the right.

Pages are created once per workspace, each the first time it is shown (a page's widgets
cost tens of milliseconds to build; nobody should wait for the pages they do not look
at). Opening a case loads the page on show; any other
page loads the first time it is shown for that case, and after that is kept up to date
from the context's `changed` signal, which the workspace passes on to it (see CasePage
and below). This module imports the
commands and so SQLAlchemy: the main window imports it only after the first paint.

A page chosen in the list or with Ctrl+number is shown in steps, one per turn of the
event loop: its widgets are built, then its data read, then it is put on screen (and
painted). Done at once, the three took 100-250 ms for the larger pages (Money, Business
plan, Lease and CAT, Documents), a freeze; in turns, the window answers between them.
The programmatic ways in (`open_page`, `show_case`, `current_page`) finish any steps
still to come first, so their callers always get the page shown and loaded.

A change (an edit, undo, redo) reaches the page on screen at once, and the other pages
when they are next shown or asked for (`page`, `pages`): every page reloading at every
edit took an edit 150-190 ms once all the pages had been visited.
"""

from __future__ import annotations

import contextlib
import operator
from collections.abc import Callable, Sequence
from functools import reduce
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from cattool.core.changes import Changes
from cattool.core.errors import NotFoundError
from cattool.core.portfolio import CaseDetail
from cattool.ui.case_header import CaseHeader
from cattool.ui.context import WorkspaceContext
from cattool.ui.pages.base import CasePage
from cattool.ui.view_helpers import delete_in_turns, scaled_font

if TYPE_CHECKING:
    pass

_EDITING = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


class CaseWorkspace(CaseHeader, QWidget):
    """The pages of one case at a time, with a header and a way back to all cases."""

    backRequested = Signal()
    #: A case has been opened and its first page loaded (its id).
    caseShown = Signal(int)
    #: The page shown changed (its index in `pages`).
    pageChanged = Signal(int)

    def __init__(
        self,
        ctx: WorkspaceContext,
        page_classes: Sequence[type[CasePage]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseWorkspace")
        self.ctx = ctx
        self.case_id: int | None = None
        self.detail: CaseDetail | None = None
        self._case_version: int | None = None  # the case row's, read with `detail`
        self._loaded: set[int] = set()  # pages loaded since the case was opened
        if page_classes is None:
            from cattool.ui.pages.registry import page_classes as registered

            page_classes = registered()
        self._classes: list[type[CasePage]] = list(page_classes)
        self._pages: list[CasePage | None] = [None] * len(self._classes)
        self._pending: int | None = None  # a page being shown in steps (see _step)
        self._missed: list[list[Changes]] = [[] for _ in self._classes]  # while hidden
        self._build()
        self._build_actions()
        ctx.changed.connect(self._on_changed)

    # -------------------------------------------------------------- construction

    def _build(self) -> None:
        self.back_button = QPushButton("← All cases")
        self.back_button.setObjectName("backButton")
        self.back_button.setToolTip("Back to the list of all cases (Alt+Left or Esc)")
        self.back_button.setAccessibleName("All cases")
        self.back_button.clicked.connect(self.backRequested)

        self.title = QLabel()
        self.title.setObjectName("caseTitle")
        self.title.setFont(scaled_font(self.title, 1.6, bold=True))
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setAccessibleName("Case name")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("caseSubtitle")
        self.subtitle.setFont(scaled_font(self.subtitle, 1.1))
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle.setAccessibleName("Regime and stage")
        self.subtitle.setWordWrap(True)

        self.rename_button = QPushButton("Rename…")
        self.rename_button.setObjectName("renameButton")
        self.rename_button.setToolTip("Give the case a new name (F2)")
        self.rename_button.clicked.connect(self.prompt_rename)

        names = QVBoxLayout()
        names.setSpacing(2)
        names.addWidget(self.title)
        names.addWidget(self.subtitle)
        header = QHBoxLayout()
        header.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addSpacing(12)
        header.addLayout(names, 1)
        header.addWidget(self.rename_button, 0, Qt.AlignmentFlag.AlignTop)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        self.nav = QListWidget()
        self.nav.setObjectName("pageList")
        self.nav.setAccessibleName("Case pages")
        last = min(len(self._classes), 9)
        self.nav.setToolTip(f"The case's pages (Ctrl+1 to Ctrl+{last})")
        self.nav.setFont(scaled_font(self.nav, 1.05))
        self.nav.setUniformItemSizes(True)
        self.nav.setSpacing(2)
        metrics = self.nav.fontMetrics()
        widest = 0
        for number, title in enumerate(self.titles(), start=1):
            item = QListWidgetItem(title)
            item.setToolTip(f"{title} (Ctrl+{number})" if number < 10 else title)
            self.nav.addItem(item)
            widest = max(widest, metrics.horizontalAdvance(title))
        self.nav.setFixedWidth(widest + 48)
        self.nav.currentRowChanged.connect(self._show_page)

        self.stack = QStackedWidget()
        self.stack.setObjectName("pageStack")  # pages join it as they are first shown

        body = QHBoxLayout()
        body.setSpacing(10)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.addLayout(header)
        layout.addWidget(line)
        layout.addLayout(body, 1)
        self.setTabOrder(self.back_button, self.rename_button)
        self.setTabOrder(self.rename_button, self.nav)
        if self._classes:
            self.nav.setCurrentRow(0)

    def _build_actions(self) -> None:
        self.back_action = QAction("&All cases", self)
        self.back_action.setShortcut(QKeySequence("Alt+Left"))
        self.back_action.setStatusTip("Back to the list of all cases (Alt+Left or Esc)")
        self.back_action.triggered.connect(self.backRequested)
        self.escape = QShortcut(QKeySequence("Esc"), self)
        self.escape.activated.connect(self._escape)
        self.rename_action = QAction("&Rename…", self)
        self.rename_action.setShortcut(QKeySequence("F2"))
        self.rename_action.setStatusTip("Give the open case a new name")
        self.rename_action.triggered.connect(self.prompt_rename)
        self.page_actions: list[QAction] = []
        for number, title in enumerate(self.titles(), start=1):
            action = QAction(title, self)
            if number < 10:
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setStatusTip(f"Show the case's {title} page")
            action.triggered.connect(lambda _=False, index=number - 1: self.go_to_page(index))
            self.page_actions.append(action)
        self.addActions([self.back_action, self.rename_action, *self.page_actions])

    def add_to_menus(self, case_menu: QMenu, view_menu: QMenu, all_cases: QAction) -> None:
        """Put Rename and the pages in the Case menu, and this workspace's "All cases"
        (Alt+Left) in the View menu in place of `all_cases`."""
        case_menu.addSeparator()
        case_menu.addAction(self.rename_action)
        case_menu.addSeparator()
        case_menu.addActions(self.page_actions)
        view_menu.insertAction(all_cases, self.back_action)
        view_menu.removeAction(all_cases)

    def remove_from_menus(self, case_menu: QMenu, view_menu: QMenu, all_cases: QAction) -> None:
        for action in (self.rename_action, *self.page_actions):
            case_menu.removeAction(action)
        view_menu.insertAction(self.back_action, all_cases)
        view_menu.removeAction(self.back_action)

    def actions_enabled(self, enabled: bool) -> None:
        """Shortcuts work only while the workspace is on screen."""
        for action in (self.back_action, self.rename_action, *self.page_actions):
            action.setEnabled(enabled)
        self.escape.setEnabled(enabled)

    def showEvent(self, event: QShowEvent) -> None:
        self.actions_enabled(True)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.actions_enabled(False)
        super().hideEvent(event)

    # -------------------------------------------------------------- public API

    @property
    def pages(self) -> list[CasePage]:
        """Every page, in navigation order (creating any not shown yet), up to date."""
        return [self.page(index) for index in range(len(self._classes))]

    def page_count(self) -> int:
        return len(self._classes)

    def created_pages(self) -> list[CasePage]:
        """The pages created so far (those shown at least once)."""
        return [page for page in self._pages if page is not None]

    def titles(self) -> list[str]:
        return [cls.title for cls in self._classes]

    def page_index(self, which: str | int) -> int:
        """The index of a page given by index, title, class name or key (its module under
        cattool.ui.pages, e.g. "asset"); ValueError if there is none."""
        if isinstance(which, int):
            if 0 <= which < len(self._classes):
                return which
            raise ValueError(f"there is no page {which}")
        wanted = which.casefold()
        for index, cls in enumerate(self._classes):
            key = cls.__module__.rsplit(".", 1)[-1].casefold()
            if wanted in (cls.title.casefold(), cls.__name__.casefold(), key):
                return index
        raise ValueError(f"there is no page called {which!r}")

    def page(self, which: str | int) -> CasePage:
        """A page (created now if it has not been shown yet), with any changes made
        while it was hidden applied."""
        index = self.page_index(which)
        self._catch_up(index)
        return self._page(index)

    def _page(self, index: int) -> CasePage:
        page = self._pages[index]
        if page is None:
            page = self._pages[index] = self._classes[index](self.ctx)
            # Changes reach it through the workspace (see _on_changed), not directly.
            self.ctx.changed.disconnect(page._on_changed)
            page.pageRequested.connect(self._page_requested)
            self.stack.insertWidget(sum(1 for p in self._pages[:index] if p is not None), page)
        return page

    def prepare_page(self, which: str | int) -> None:
        """Build a page before it is first shown (it reads its case when shown)."""
        with contextlib.suppress(ValueError):
            self._page(self.page_index(which))

    def page_keys(self) -> list[str]:
        """Each page's key (its module under cattool.ui.pages), in navigation order."""
        return [cls.__module__.rsplit(".", 1)[-1] for cls in self._classes]

    def set_page_marks(self, counts: dict[str, int]) -> None:
        """Mark pages in the list with a count, e.g. open review comments: "Events (2)"."""
        for index, (key, title) in enumerate(zip(self.page_keys(), self.titles(), strict=True)):
            count = counts.get(key, 0)
            self.nav.item(index).setText(f"{title} ({count})" if count else title)
        metrics = self.nav.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.nav.item(i).text())
                      for i in range(self.nav.count())), default=0)  # fmt: skip
        if widest + 48 > self.nav.maximumWidth():  # grows to fit a count, never jumps back
            self.nav.setFixedWidth(widest + 48)

    def current_page(self) -> CasePage | None:
        """The page on show (finishing first the showing of one chosen a moment ago)."""
        self._finish_pending()
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, CasePage) else None

    def current_index(self) -> int:
        return self.nav.currentRow()

    def show_case(self, case_id: int, page: str | int | None = None) -> None:
        """Open a case, at `page` (index or title) or at the page already chosen.

        Raises NotFoundError if the case does not exist (nothing changes then).
        """
        detail = self._read_detail(case_id)
        self.case_id, self.detail = case_id, detail
        self._loaded.clear()
        self._show_header(detail)
        index = self.current_index() if page is None else self.page_index(page)
        if index < 0 and self._classes:
            index = 0
        if index == self.current_index():
            self._show_page(index)
        else:
            self.nav.setCurrentRow(index)
        self._finish_pending()
        self.caseShown.emit(case_id)

    def open_page(self, which: str | int) -> CasePage:
        """Show a page (by index or title) at once, loaded, and return it."""
        self.go_to_page(which)
        self._finish_pending()
        return self._page(self.page_index(which))

    def go_to_page(self, which: str | int) -> None:
        """Show a page as choosing it in the list does: built, read and shown over the
        next turns of the event loop (see the module's docstring)."""
        index = self.page_index(which)
        leaving_page = self._focus_in_page()
        self.nav.setCurrentRow(index)
        if leaving_page:  # the old page is hidden now: keep the keyboard somewhere useful
            self.nav.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def is_settled(self) -> bool:
        """True when no page is still being shown in steps."""
        return self._pending is None

    def refresh(self) -> None:
        """Read the open case again (after changes made elsewhere)."""
        if self.case_id is not None:
            self.show_case(self.case_id)

    # -------------------------------------------------------------- internals

    def _show_header(self, detail: CaseDetail) -> None:
        self.title.setText(detail.name)
        parts = [detail.regime.name, detail.stage_label]
        if detail.reference:
            parts.append(f"ref. {detail.reference}")
        self.subtitle.setText("  ·  ".join(parts))
        self.title.setToolTip(detail.name)

    def _show_page(self, index: int) -> None:
        """The list's current row changed: show that page, a step per turn if it still
        has to be built or read (a page ready to show is shown at once)."""
        if not 0 <= index < len(self._classes):
            return
        self._pending = index
        self._step(index)

    def _needs_load(self, index: int) -> bool:
        """True if the page has not read the open case yet, or missed changes to it."""
        return self.case_id is not None and (index not in self._loaded or bool(self._missed[index]))

    def _step(self, index: int) -> None:
        """One step of showing page `index`: build it, else read the case into it, else
        put it on screen. Dropped if another page has been chosen meanwhile."""
        if self._pending != index:
            return
        if self._pages[index] is None:
            self._page(index)
        elif self._needs_load(index):
            self._load(index, background=True)
        else:
            self._reveal(index)
            return
        # 1 ms, not 0: a 0 ms single shot is a posted event, delivered in the same pass
        # as the next step's, so the window would not get to input or timers between.
        QTimer.singleShot(1, self, lambda: self._step(index))

    def _finish_pending(self) -> None:
        """Do at once whatever steps the page being shown still has to go."""
        index = self._pending
        if index is None:
            return
        page = self._page(index)
        if self._needs_load(index):
            self._load(index)
        finish = getattr(page, "finish_reading", None)
        if callable(finish):  # a read begun on a worker: the caller wants it done now
            finish()
        self._reveal(index)

    def _load(self, index: int, background: bool = False) -> None:
        """Read the case into page `index`; `background`: on a worker if the page can
        (a page with `show_case_in_background` shows a "Reading…" state meanwhile)."""
        assert self.case_id is not None
        if index in self._loaded:  # read already: only catch up with what it missed
            self._catch_up(index)
            return
        self._loaded.add(index)
        self._missed[index].clear()
        page = self._page(index)
        later = getattr(page, "show_case_in_background", None)
        if background and callable(later):
            later(self.case_id)
        else:
            case_id = self.case_id
            self._with_detail(page, lambda: page.show_case(case_id))

    def _reveal(self, index: int) -> None:
        self._pending = None
        self.stack.setCurrentWidget(self._page(index))
        self.pageChanged.emit(index)

    def dismantle(self) -> None:
        """Take this workspace down a page per turn of the event loop (it belongs to a
        database the window has left): see `delete_in_turns`."""
        with contextlib.suppress(RuntimeError):  # the context may be gone already
            self.ctx.changed.disconnect(self._on_changed)
        self.case_id = self.detail = None
        self._pending = None
        pages = [page for page in self._pages if page is not None]
        self._pages = [None] * len(self._classes)
        delete_in_turns([*pages, self])

    def _on_changed(self, changes: Changes) -> None:
        if self.case_id is None or (changes.case_ids and self.case_id not in changes.case_ids):
            return
        try:
            self.detail = self._read_detail(self.case_id)
        except NotFoundError:
            self.case_id = self.detail = None
            self.backRequested.emit()
            return
        self._show_header(self.detail)
        shown = self.stack.currentWidget()
        for index, page in enumerate(self._pages):
            if page is None:
                continue
            if page is shown:
                self._with_detail(page, lambda p=page: p._on_changed(changes))
            elif index in self._loaded:  # hidden: applied when next shown or asked for
                self._missed[index].append(changes)

    def _catch_up(self, index: int) -> None:
        """Apply to a page the changes made while it was hidden."""
        missed, self._missed[index] = self._missed[index], []
        page = self._pages[index]
        if page is not None and missed:
            merged = reduce(operator.or_, missed)  # one reload for them all
            self._with_detail(page, lambda: page._on_changed(merged))

    def _with_detail(self, page: CasePage, call: Callable[[], object]) -> None:
        """`call()`, with a page that can use it (Overview) given the detail read for the
        header just now, so the same case is not read twice; taken back afterwards."""
        use = getattr(page, "use_detail", None)
        if not callable(use) or self.detail is None or self.detail.id != self.case_id:
            call()
            return
        use(self.detail)
        try:
            call()
        finally:
            use(None)

    def _page_requested(self, which: str) -> None:
        """A page asked for another (e.g. Documents → the page where a fact is filled in):
        show it with the keyboard in it."""
        try:
            page = self.open_page(which)
        except ValueError:
            return
        widget = page.nextInFocusChain()
        while widget is not page and widget is not None:
            tabbable = widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            if tabbable and widget.isVisible() and widget.isEnabled() and page.isAncestorOf(widget):
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return
            widget = widget.nextInFocusChain()

    def _focus_in_page(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and self.stack.isAncestorOf(focus)

    def _escape(self) -> None:
        """Esc in a text field leaves the field first; otherwise it goes back to all cases."""
        focus = QApplication.focusWidget()
        if isinstance(focus, _EDITING) and self.isAncestorOf(focus):
            self.nav.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        self.backRequested.emit()
