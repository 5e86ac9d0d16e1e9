"""The in-app guide: the process and every deadline, written for volunteers.

`show_guide()` opens (or brings forward) a non-modal window with the guide
(resources/guide.html), a table of contents built from its headings, and a Find box that
highlights every match and steps through them.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtGui import QTextDocument as _Doc
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cattool.core.paths import resources_dir

GUIDE_FILE = "guide.html"
TITLE = "cattool guide: saving a community asset"
MAX_HIGHLIGHTS = 1000
ANCHOR_ROLE = Qt.ItemDataRole.UserRole

_LIGHT_CSS = """
body { line-height: 140%; }
h1 { font-size: x-large; margin-bottom: 8px; }
h2 { font-size: large; margin-top: 22px; margin-bottom: 6px; color: #1d4f7a; }
h3 { font-size: medium; margin-top: 14px; margin-bottom: 4px; color: #1d4f7a; }
p, li { margin-top: 4px; margin-bottom: 4px; }
p.lead { font-size: medium; }
p.note { margin-left: 12px; margin-right: 12px; }
p.figure { line-height: 100%; margin-top: 10px; margin-bottom: 10px; }
a { color: #1a5fb4; }
"""
_DARK_CSS = _LIGHT_CSS.replace("#1d4f7a", "#9cc9f0").replace("#1a5fb4", "#8ab4f8")


def guide_path():
    return resources_dir() / GUIDE_FILE


def guide_html() -> str:
    return guide_path().read_text(encoding="utf-8")


class GuideDialog(QDialog):
    """The guide window: contents on the left, the text on the right, Find above."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(TITLE)
        self.setAccessibleName("Guide")
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setSizeGripEnabled(True)
        self.resize(1100, 740)
        self._following = False  # True while the contents and the text move each other
        self._toc_positions: list[tuple[int, QTreeWidgetItem]] = []

        # Find row
        find_label = QLabel("&Find:", self)
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("guideSearch")
        self.search_box.setPlaceholderText("Search the guide, e.g. protected period")
        self.search_box.setAccessibleName("Find in the guide")
        self.search_box.setClearButtonEnabled(True)
        find_label.setBuddy(self.search_box)
        self._previous = QPushButton("Previous", self)
        self._previous.setAccessibleName("Previous match")
        self._previous.setToolTip("Previous match (Shift+F3, or Shift+Enter in the Find box)")
        self._next = QPushButton("Next", self)
        self._next.setAccessibleName("Next match")
        self._next.setToolTip("Next match (F3, or Enter in the Find box)")
        self.match_label = QLabel(self)
        self.match_label.setObjectName("guideMatches")
        self.match_label.setMinimumWidth(150)
        find_row = QHBoxLayout()
        find_row.addWidget(find_label)
        find_row.addWidget(self.search_box, 1)
        find_row.addWidget(self._previous)
        find_row.addWidget(self._next)
        find_row.addWidget(self.match_label)

        # Contents and text
        self.toc = QTreeWidget(self)
        self.toc.setObjectName("guideContents")
        self.toc.setHeaderHidden(True)
        self.toc.setAccessibleName("Contents")
        self.toc.setRootIsDecorated(True)
        self.toc.setUniformRowHeights(True)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guideText")
        self.browser.setAccessibleName("Guide text")
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(resources_dir())])
        self.browser.document().setDocumentMargin(16)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.toc)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 760])
        splitter.setChildrenCollapsible(False)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        for button in (*buttons.buttons(), self._previous, self._next):
            button.setAutoDefault(False)  # Enter in the Find box must not close the guide
            button.setDefault(False)

        layout = QVBoxLayout(self)
        layout.addLayout(find_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)

        self.search_box.textChanged.connect(self._search_changed)
        self.search_box.installEventFilter(self)
        self._next.clicked.connect(lambda: self.find_next())
        self._previous.clicked.connect(lambda: self.find_next(backward=True))
        self.toc.itemActivated.connect(self._toc_chosen)
        self.toc.itemClicked.connect(self._toc_chosen)
        self.toc.currentItemChanged.connect(lambda item, _old: self._toc_chosen(item))
        self.browser.verticalScrollBar().valueChanged.connect(self._follow_scroll)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self._focus_search)
        QShortcut(QKeySequence(QKeySequence.StandardKey.FindNext), self, self.find_next)
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.FindPrevious),
            self,
            lambda: self.find_next(backward=True),
        )

        self._load()
        self._update_find_state(0)
        self.toc.setFocus()

    # -- content --------------------------------------------------------------------

    def _load(self) -> None:
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        self.browser.document().setDefaultStyleSheet(_DARK_CSS if dark else _LIGHT_CSS)
        self.browser.setHtml(guide_html())
        self._build_toc()

    def headings(self) -> list[tuple[int, str, str]]:
        """(level, text, anchor) for every h2/h3 heading with an anchor, in order."""
        return [(level, text, anchor) for level, text, anchor, _pos in self._headings()]

    def _headings(self) -> list[tuple[int, str, str, int]]:
        found = []
        block = self.browser.document().begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            if level in (2, 3):
                anchor = ""
                it = block.begin()
                while not it.atEnd() and not anchor:
                    names = it.fragment().charFormat().anchorNames()
                    anchor = names[0] if names else ""
                    it += 1
                if anchor:
                    found.append((level, block.text().strip(), anchor, block.position()))
            block = block.next()
        return found

    def _build_toc(self) -> None:
        self.toc.clear()
        self._toc_positions = []
        parent: QTreeWidgetItem | None = None
        for level, text, anchor, position in self._headings():
            if level == 2 or parent is None:
                item = QTreeWidgetItem(self.toc, [text])
                parent = item
            else:
                item = QTreeWidgetItem(parent, [text])
            item.setData(0, ANCHOR_ROLE, anchor)
            item.setToolTip(0, text)
            self._toc_positions.append((position, item))
        self.toc.expandAll()
        if self.toc.topLevelItemCount():
            self._following = True  # select the first section without scrolling to it
            try:
                self.toc.setCurrentItem(self.toc.topLevelItem(0))
            finally:
                self._following = False

    def anchors(self) -> list[str]:
        return [anchor for _level, _text, anchor in self.headings()]

    def show_section(self, anchor: str) -> None:
        """Scroll to a heading (e.g. 'deadline-interim-moratorium-ends') and select it."""
        self.browser.scrollToAnchor(anchor)
        items = self.toc.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive)
        for item in items:
            if item.data(0, ANCHOR_ROLE) == anchor:
                self.toc.setCurrentItem(item)
                break

    def _follow_scroll(self, _value: int = 0) -> None:
        """Keep the contents showing the section at the top of the text."""
        if self._following or not self._toc_positions:
            return
        top = self.browser.cursorForPosition(self.browser.viewport().rect().topLeft()).position()
        current = self._toc_positions[0][1]
        for position, item in self._toc_positions:
            if position > top + 1:
                break
            current = item
        if self.toc.currentItem() is not current:
            self._following = True
            try:
                self.toc.setCurrentItem(current)
                self.toc.scrollToItem(current)
            finally:
                self._following = False

    def _toc_chosen(self, item: QTreeWidgetItem | None, _column: int = 0) -> None:
        if item is None or self._following:
            return
        anchor = item.data(0, ANCHOR_ROLE)
        if anchor:
            self._following = True  # the scroll comes from the contents: keep its choice
            try:
                self.browser.scrollToAnchor(anchor)
            finally:
                self._following = False

    # -- find -----------------------------------------------------------------------

    def find(self, text: str) -> int:
        """Search for `text`: highlight every match, select the first; return the count."""
        if self.search_box.text() != text:
            self.search_box.setText(text)  # runs _search_changed
        else:
            self._search_changed(text)
        return self.match_count()

    def match_count(self) -> int:
        return len(self.browser.extraSelections())

    def find_next(self, backward: bool = False) -> bool:
        """Select the next (or previous) match, wrapping round; False if there is none."""
        text = self.search_box.text()
        if not text:
            return False
        flags = _Doc.FindFlag.FindBackward if backward else _Doc.FindFlag(0)
        if self.browser.find(text, flags):
            return True
        cursor = self.browser.textCursor()
        cursor.movePosition(
            QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
        )
        self.browser.setTextCursor(cursor)
        return self.browser.find(text, flags)

    def _search_changed(self, text: str) -> None:
        doc = self.browser.document()
        selections = []
        if text:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor("#ffe27a"))
            fmt.setForeground(QColor("#111111"))
            cursor = QTextCursor(doc)
            while len(selections) < MAX_HIGHLIGHTS:
                cursor = doc.find(text, cursor)
                if cursor.isNull():
                    break
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = fmt
                selections.append(selection)
        self.browser.setExtraSelections(selections)
        if selections:
            # Search again from the start of the current match, so typing refines it.
            cursor = self.browser.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self.browser.setTextCursor(cursor)
            self.find_next()
        else:
            bar = self.browser.verticalScrollBar()
            where = bar.value()  # clearing the old match must not scroll the text
            cursor = self.browser.textCursor()
            cursor.clearSelection()
            self.browser.setTextCursor(cursor)
            bar.setValue(where)
        self._update_find_state(len(selections))

    def _update_find_state(self, count: int) -> None:
        text = self.search_box.text()
        has = count > 0
        self._next.setEnabled(has)
        self._previous.setEnabled(has)
        if not text:
            self.match_label.setText("")
        elif not has:
            self.match_label.setText("No matches")
        else:
            self.match_label.setText("1 match" if count == 1 else f"{count} matches")
        self.match_label.setAccessibleName(self.match_label.text() or "No search")

    def _focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier  # type: ignore[attr-defined]
                self.find_next(backward=bool(shift))
                return True
        return super().eventFilter(watched, event)


_PARENTLESS: list[GuideDialog] = []  # keeps a guide opened without a parent alive


def show_guide(parent: QWidget | None = None, anchor: str | None = None) -> QDialog:
    """Open the guide (non-modal) or bring an open one forward; return the dialog.

    `anchor` scrolls to a section, e.g. "counting" or "deadline-" plus a deadline key.
    """
    dialog: GuideDialog | None = None
    if parent is not None:
        dialog = parent.findChild(GuideDialog, "guideDialog")
    elif _PARENTLESS and shiboken6.isValid(_PARENTLESS[0]):
        dialog = _PARENTLESS[0]
    if dialog is None:
        dialog = GuideDialog(parent)
        if parent is None:
            _PARENTLESS[:] = [dialog]
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    if anchor:
        dialog.show_section(anchor)
    return dialog
