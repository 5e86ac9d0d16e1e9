"""Starting a case: the New case dialog, and adding the demo cases.

The dialog asks for what `services.create_case` needs (a name, the rules the case follows
and an optional reference) and explains each set of rules in a paragraph, with a plain
warning when many of its rules are still provisional.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cattool.core.dates import format_date_long
from cattool.core.errors import InputError
from cattool.core.rules.regime import Regime, RegimeError, available_regimes, load_regime

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from cattool.core.changes import Changes
    from cattool.core.store import Store
    from cattool.ui.context import WorkspaceContext

DEFAULT_REGIME = "england-2011"  # in force; the 2026 Act awaits commencement
MAX_NAME = 200  # as services.create_case
PROVISIONAL_NOTE = (
    "Provisional: many rules await regulations. Dates under these rules are estimates "
    "and are marked provisional until the regulations are made."
)


def _in_force_text(regime: Regime) -> str:
    value = regime.in_force_from.strip()
    try:
        return f"In force since {format_date_long(dt.date.fromisoformat(value))}."
    except ValueError:
        return f"In force: {value}." if value else ""


def _load_regimes() -> list[Regime]:
    regimes = []
    for regime_id in available_regimes():
        try:
            regimes.append(load_regime(regime_id))
        except RegimeError:
            continue  # a broken user-supplied file: not offered (the CLI reports why)
    return regimes


class NewCaseDialog(QDialog):
    """Name, rules and reference for a new case; OK stays disabled until there is a name.

    With `create`, pressing OK calls `create(name, regime, reference)`; an InputError
    (say, a reference already used) is shown in the dialog, which stays open. Its result
    is kept in `created`.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        name: str = "",
        regime: str | None = None,
        create: Callable[[str, str, str | None], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newCaseDialog")
        self.setWindowTitle("New case")
        self.setAccessibleName("New case")
        self._create = create
        self.created: Any = None
        self._regimes = _load_regimes()

        intro = QLabel(
            "A case follows one asset from nomination to (we hope) community ownership.", self
        )
        intro.setWordWrap(True)

        self.name_edit = QLineEdit(name, self)
        self.name_edit.setObjectName("caseName")
        self.name_edit.setMaxLength(MAX_NAME)
        self.name_edit.setPlaceholderText("e.g. The Red Lion, Kirkdale")
        self.name_edit.setAccessibleName("Case name (required)")
        self.name_edit.setToolTip("The name your committee uses for the asset and its place.")

        self.regime_combo = QComboBox(self)
        self.regime_combo.setObjectName("caseRegime")
        self.regime_combo.setAccessibleName("Rules the case follows")
        for item in self._regimes:
            text = item.name + (" — provisional" if item.provisional else "")
            self.regime_combo.addItem(text, item.id)
            self.regime_combo.setItemData(
                self.regime_combo.count() - 1, item.law, Qt.ItemDataRole.ToolTipRole
            )

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("regimeSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.law_label = QLabel(self)
        self.law_label.setObjectName("regimeLaw")
        self.law_label.setWordWrap(True)
        law_palette = self.law_label.palette()
        law_palette.setColor(
            QPalette.ColorRole.WindowText, law_palette.color(QPalette.ColorRole.PlaceholderText)
        )
        self.law_label.setPalette(law_palette)
        self.provisional_label = QLabel(PROVISIONAL_NOTE, self)
        self.provisional_label.setObjectName("regimeProvisional")
        self.provisional_label.setWordWrap(True)
        self.provisional_label.setAccessibleName(PROVISIONAL_NOTE)
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        self.provisional_label.setStyleSheet(
            "QLabel { border-left: 4px solid #ef9f00; padding: 4px 8px; font-weight: 600; "
            + ("color: #ffcc66; }" if dark else "color: #6b4500; background: #fff4d6; }")
        )

        self.reference_edit = QLineEdit(self)
        self.reference_edit.setObjectName("caseReference")
        self.reference_edit.setMaxLength(60)
        self.reference_edit.setPlaceholderText("optional, e.g. RL-2026")
        self.reference_edit.setAccessibleName("Reference (optional)")
        self.reference_edit.setToolTip("Your own short reference; each case's must be different.")

        self.error_label = QLabel(self)
        self.error_label.setObjectName("newCaseError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("QLabel { color: #c62828; font-weight: 600; }")
        self.error_label.hide()

        name_label = QLabel("Case &name:", self)
        name_label.setBuddy(self.name_edit)
        rules_label = QLabel("&Rules:", self)
        rules_label.setBuddy(self.regime_combo)
        reference_label = QLabel("R&eference:", self)
        reference_label.setBuddy(self.reference_edit)
        # A grid, not a QFormLayout: it gives wrapped text the height it needs at its width.
        form = QGridLayout()
        form.setColumnStretch(1, 1)
        form.setVerticalSpacing(8)
        labels = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        form.addWidget(name_label, 0, 0, labels)
        form.addWidget(self.name_edit, 0, 1)
        form.addWidget(rules_label, 1, 0, labels)
        form.addWidget(self.regime_combo, 1, 1)
        form.addWidget(self.summary_label, 2, 1)
        form.addWidget(self.law_label, 3, 1)
        form.addWidget(self.provisional_label, 4, 1)
        form.addWidget(reference_label, 5, 0, labels)
        form.addWidget(self.reference_edit, 5, 1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Create case")
        self.ok_button.setAccessibleName("Create case")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.name_edit.textChanged.connect(self._update_ok)
        self.name_edit.textChanged.connect(lambda _t: self.error_label.hide())
        self.reference_edit.textChanged.connect(lambda _t: self.error_label.hide())
        self.regime_combo.currentIndexChanged.connect(self._show_regime)

        wanted = regime or DEFAULT_REGIME
        index = self.regime_combo.findData(wanted)
        self.regime_combo.setCurrentIndex(max(0, index))
        self._show_regime()
        self._update_ok()
        self.setMinimumWidth(560)
        self.resize(620, 300)
        self._fit_height(shrink=True)
        self.name_edit.setFocus()

    def values(self) -> tuple[str, str, str | None]:
        """(name, regime id, reference or None), tidied as they will be stored."""
        name = " ".join(self.name_edit.text().split())
        reference = self.reference_edit.text().strip() or None
        return name, str(self.regime_combo.currentData() or ""), reference

    def selected_regime(self) -> Regime | None:
        index = self.regime_combo.currentIndex()
        return self._regimes[index] if 0 <= index < len(self._regimes) else None

    def accept(self) -> None:
        name, regime, reference = self.values()
        if not name or not regime:
            return
        if self._create is not None:
            try:
                self.created = self._create(name, regime, reference)
            except InputError as exc:
                self.error_label.setText(str(exc))
                self.error_label.show()
                self.name_edit.setFocus()
                return
        super().accept()

    def _update_ok(self) -> None:
        name, regime, _reference = self.values()
        self.ok_button.setEnabled(bool(name and regime))

    def _show_regime(self) -> None:
        regime = self.selected_regime()
        if regime is None:
            self.summary_label.setText("No rules are available: the regime files are missing.")
            self.law_label.clear()
            self.provisional_label.hide()
            return
        self.summary_label.setText(regime.summary)
        self.law_label.setText(f"{regime.law}. {_in_force_text(regime)}".strip())
        self.provisional_label.setVisible(regime.provisional)
        self.regime_combo.setToolTip(regime.summary)
        self._update_ok()
        self._fit_height()

    def _fit_height(self, shrink: bool = False) -> None:
        """Make room for the wrapped explanation of the chosen rules at the current width."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.heightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        if needed <= 0:
            needed = layout.sizeHint().height()
        self.setMinimumHeight(needed)
        if shrink or needed > self.height():
            self.resize(self.width(), needed)


def add_demo_cases_to(store: Store, today: dt.date) -> Changes | None:
    """Add the demo cases not already in `store`, in one transaction of its own (safe on a
    worker thread: it touches no Qt object). What changed, or None if nothing was added;
    the caller broadcasts it (`WorkspaceContext.changed`) on the UI thread."""
    from cattool.core.changes import Changes  # SQLAlchemy: imported only when needed
    from cattool.core.demo import add_demo_cases

    with store.transaction() as session:
        added = add_demo_cases(session, today)
    if not added:
        return None
    return Changes(frozenset(added), frozenset({"case"}), added[0])


def open_demo_cases(ctx: WorkspaceContext) -> list[int]:
    """Add the demo cases not already in the database; return the new case ids.

    Runs in one transaction through `ctx.run`, which tells every page what changed.
    Running it again adds nothing (the demo cases are matched by reference).
    """
    from cattool.core.changes import Changes  # SQLAlchemy: imported only when needed
    from cattool.core.demo import add_demo_cases

    added: list[int] = []

    def call(session: Session) -> Changes | None:
        added.extend(add_demo_cases(session, ctx.today))
        if not added:
            return None  # nothing changed: nothing to refresh
        return Changes(frozenset(added), frozenset({"case"}), added[0])

    ctx.run(call)
    return added
