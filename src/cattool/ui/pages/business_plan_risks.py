"""The risk register (likelihood × impact, a band, mitigation, owner; pre-filled with the
risks DOMAIN.md §8 names) and the social impact measures, each with its add/edit dialog.

Every add, edit or removal is one undoable step through core.money.plan_services and the
editing registry; "Pre-fill the usual risks" adds, in one undoable step, only those of
the usual risks the case does not have yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton

from cattool.core.dates import format_date_short
from cattool.core.errors import InputError
from cattool.core.money import plan_services
from cattool.core.money.business_plan import ImpactFacts
from cattool.core.money.risks import (
    BAND_LABELS,
    IMPACT_WORDS,
    LIKELIHOOD_WORDS,
    RED,
    RISK_CATEGORIES,
    RiskFacts,
)
from cattool.ui.commands import push
from cattool.ui.date_field import DateField
from cattool.ui.forms import Column, RecordDialog, RecordList, labelled
from cattool.ui.pages.business_plan_commands import AddManyCommand
from cattool.ui.pages.business_plan_lines import changed_fields, note_box, stored_note
from cattool.ui.pages.common import remove_record, save_record
from cattool.ui.pages.money_fields import good_bad


def _band_colour(risk: RiskFacts) -> str | None:
    if risk.band == RED:
        return good_bad(False)
    return None


RISK_COLUMNS = [
    Column("Risk", lambda r: r.title),
    Column("Kind", lambda r: RISK_CATEGORIES.get(r.category, r.category)),
    Column(
        "Likelihood",
        lambda r: f"{r.likelihood} {LIKELIHOOD_WORDS[r.likelihood]}",
        "1 (rare) to 5 (almost certain)",
        sort=lambda r: r.likelihood,
    ),
    Column(
        "Impact",
        lambda r: f"{r.impact} {IMPACT_WORDS[r.impact]}",
        "1 (negligible) to 5 (severe)",
        sort=lambda r: r.impact,
    ),
    Column(
        "Score",
        lambda r: f"{r.score} {BAND_LABELS[r.band]}",
        "Likelihood × impact: high from 15, medium from 8",
        sort=lambda r: r.score,
        colour=_band_colour,
    ),
    Column("Owner", lambda r: r.owner),
    Column(
        "Review",
        lambda r: format_date_short(r.review_on) if r.review_on else "",
        sort=lambda r: r.review_on.isoformat() if r.review_on else "",
    ),
    Column("Mitigation", lambda r: " ".join(r.mitigation.split())),
]

IMPACT_COLUMNS = [
    Column("Measure", lambda m: m.measure),
    Column("Now (baseline)", lambda m: m.baseline),
    Column("Target", lambda m: m.target),
    Column("How it is measured", lambda m: " ".join(m.how_measured.split())),
]


def _rating(words: dict[int, str], name: str, tip: str) -> QComboBox:
    box = labelled(QComboBox(), name, tip)
    for number, word in words.items():
        box.addItem(f"{number}: {word}", number)
    return box


def _text_box(name: str, tip: str = "") -> QPlainTextEdit:
    box = labelled(QPlainTextEdit(), name, tip)
    box.setTabChangesFocus(True)
    box.setFixedHeight(80)
    return box


def _save_titled(
    owner: RisksList | ImpactList,
    existing: Any,
    entity: str,
    title_field: str,
    add: Callable[..., Any],
    noun: str,
) -> bool:
    """Add or edit a risk or an impact measure from the open dialog, as one undoable step."""
    page, dialog = owner.page, owner.dialog
    case_id, ctx = page.case_id, page.ctx
    assert case_id is not None and dialog is not None

    def run() -> None:
        values = dialog.values()
        changed = {}
        if existing is not None:
            changed = changed_fields(existing, values, dialog.note_before)
        title = values[title_field]
        fields = {k: v for k, v in values.items() if k != title_field}
        save_record(
            page,
            entity,
            existing.id if existing else None,
            lambda s: add(s, case_id, title, today=ctx.today, **fields),
            changed,
            add_text=f"Add {noun} {title}",
            edit_text=f"Edit {noun} {title}",
            shown=existing,
        )

    return page.attempt(run, f"The {noun} could not be saved")


class RiskDialog(RecordDialog):
    def __init__(self, parent, title: str, today, submit) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent, title, submit)
        self.title_edit = labelled(QLineEdit(), "Risk", "What could go wrong, in a few words.")
        self.category = labelled(QComboBox(), "Kind of risk")
        for key, label in RISK_CATEGORIES.items():
            self.category.addItem(label, key)
        self.likelihood = _rating(LIKELIHOOD_WORDS, "Likelihood", "How likely it is to happen.")
        self.impact = _rating(IMPACT_WORDS, "Impact", "How bad it would be if it did.")
        for box in (self.likelihood, self.impact):
            box.setCurrentIndex(2)
        self.mitigation = _text_box("Mitigation", "What the group does to make it less likely.")
        self.owner = labelled(QLineEdit(), "Owner", "Who keeps an eye on it.")
        self.review_on = DateField(today, optional=True, what="The review date")
        self.review_on.edit.setAccessibleName("Review on")
        self.review_on.setFocusProxy(self.review_on.edit)
        self.note = note_box("Anything else about this risk, e.g. when it was last discussed.")
        self.note_before = ""
        for label, widget in (
            ("&Risk:", self.title_edit),
            ("&Kind:", self.category),
            ("&Likelihood:", self.likelihood),
            ("&Impact:", self.impact),
            ("&Mitigation:", self.mitigation),
            ("&Owner:", self.owner),
            ("Re&view on:", self.review_on),
            ("&Note:", self.note),
        ):
            self.form.addRow(label, widget)

    def fill(self, risk: RiskFacts, note: str = "") -> None:
        self.note_before = note
        self.note.setPlainText(note)
        self.title_edit.setText(risk.title)
        self.category.setCurrentIndex(max(self.category.findData(risk.category), 0))
        self.likelihood.setCurrentIndex(self.likelihood.findData(risk.likelihood))
        self.impact.setCurrentIndex(self.impact.findData(risk.impact))
        self.mitigation.setPlainText(risk.mitigation)
        self.owner.setText(risk.owner)
        self.review_on.set_value(risk.review_on)

    def values(self) -> dict[str, Any]:
        if not self.review_on.is_valid():
            raise InputError(self.review_on.error())
        return {
            "title": " ".join(self.title_edit.text().split()),
            "category": self.category.currentData(),
            "likelihood": self.likelihood.currentData(),
            "impact": self.impact.currentData(),
            "mitigation": self.mitigation.toPlainText().strip(),
            "owner": " ".join(self.owner.text().split()),
            "review_on": self.review_on.value(),
            "note": self.note.toPlainText().strip(),
        }


class RisksList(RecordList):
    """The register, highest score first, with "Pre-fill the usual risks"."""

    def __init__(self, page: Any) -> None:
        super().__init__("risk", RISK_COLUMNS, key=lambda r: r.id)
        self.page = page
        self.dialog: RiskDialog | None = None
        self.view.setAccessibleName("Risk register")
        self.prefill_button = labelled(
            QPushButton("&Pre-fill the usual risks"),
            "Pre-fill the usual risks",
            "Add the risks community buildings most often meet (rising costs, running costs "
            "nobody funds, volunteer burnout…) that are not in the register yet. Change "
            "their ratings to suit your building.",
        )
        self.prefill_button.clicked.connect(self.prefill)
        self.buttons.insertWidget(3, self.prefill_button)
        self.addRequested.connect(self.add)
        self.editRequested.connect(self.edit)
        self.removeRequested.connect(self.remove)

    def set_rows(self, rows: Any) -> None:
        super().set_rows(rows)
        for column, widest in ((0, 300), (1, 170), (5, 200)):  # tooltips show the rest
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), widest))
        shown = min(max(len(rows), 4), 12) + 1
        height = shown * self.view.verticalHeader().defaultSectionSize()
        self.view.setFixedHeight(height + self.view.horizontalScrollBar().sizeHint().height())

    def add(self) -> RiskDialog:
        self.dialog = RiskDialog(self, "Add a risk", self.page.ctx.today, lambda: self._save(None))
        self.dialog.open()
        return self.dialog

    def edit(self, risk: RiskFacts) -> RiskDialog:
        self.page.open_record("risk", risk.id)
        self.dialog = RiskDialog(self, "Edit a risk", self.page.ctx.today, lambda: self._save(risk))
        self.dialog.fill(risk, stored_note(self.page.ctx, "risk", risk.id))
        self.dialog.open()
        return self.dialog

    def _save(self, existing: RiskFacts | None) -> bool:
        return _save_titled(self, existing, "risk", "title", plan_services.add_risk, "risk")

    def prefill(self) -> int:
        """Add the usual risks not in the register yet; returns how many were added."""
        page = self.page
        case_id, ctx = page.case_id, page.ctx
        if case_id is None:
            return 0
        command = AddManyCommand(
            ctx,
            "risk",
            case_id,
            lambda s: plan_services.prefill_risks(s, case_id, today=ctx.today),
            "Pre-fill the usual risks",
        )
        if not page.attempt(lambda: push(ctx, command), "The risks could not be added"):
            return 0
        if not command.record_ids:
            QMessageBox.information(
                self, "Nothing to add", "The register already has every one of the usual risks."
            )
        return len(command.record_ids)

    def remove(self, risk: RiskFacts) -> None:
        remove_record(
            self.page,
            "risk",
            risk.id,
            question=("Remove risk", f"Remove the risk “{risk.title}”? You can undo this."),
            text=f"Remove risk {risk.title}",
            failure="The risk could not be removed",
        )


class ImpactDialog(RecordDialog):
    def __init__(self, parent, title: str, submit) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent, title, submit)
        self.measure = labelled(
            QLineEdit(), "Measure", "What you will measure, e.g. 'People using the hall each week'."
        )
        self.baseline = labelled(QLineEdit(), "Baseline", "Where it stands now, e.g. '0' or '120'.")
        self.target = labelled(QLineEdit(), "Target", "Where you aim to get it, and by when.")
        self.how_measured = _text_box("How it is measured", "e.g. 'Booking records, monthly'.")
        self.note = note_box("Anything else about this measure, e.g. who collects the figures.")
        self.note_before = ""
        for label, widget in (
            ("&Measure:", self.measure),
            ("&Baseline (now):", self.baseline),
            ("&Target:", self.target),
            ("&How it is measured:", self.how_measured),
            ("&Note:", self.note),
        ):
            self.form.addRow(label, widget)

    def fill(self, impact: ImpactFacts, note: str = "") -> None:
        self.note_before = note
        self.note.setPlainText(note)
        self.measure.setText(impact.measure)
        self.baseline.setText(impact.baseline)
        self.target.setText(impact.target)
        self.how_measured.setPlainText(impact.how_measured)

    def values(self) -> dict[str, Any]:
        return {
            "measure": " ".join(self.measure.text().split()),
            "baseline": self.baseline.text().strip(),
            "target": self.target.text().strip(),
            "how_measured": self.how_measured.toPlainText().strip(),
            "note": self.note.toPlainText().strip(),
        }


class ImpactList(RecordList):
    def __init__(self, page: Any) -> None:
        super().__init__("impact measure", IMPACT_COLUMNS, key=lambda m: m.id)
        self.page = page
        self.dialog: ImpactDialog | None = None
        self.view.setAccessibleName("Social impact measures")
        self.addRequested.connect(self.add)
        self.editRequested.connect(self.edit)
        self.removeRequested.connect(self.remove)

    def set_rows(self, rows: Any) -> None:
        super().set_rows(rows)
        shown = min(max(len(rows), 2), 10) + 1
        height = shown * self.view.verticalHeader().defaultSectionSize()
        self.view.setFixedHeight(height + self.view.horizontalScrollBar().sizeHint().height())

    def add(self) -> ImpactDialog:
        self.dialog = ImpactDialog(self, "Add a social impact measure", lambda: self._save(None))
        self.dialog.open()
        return self.dialog

    def edit(self, impact: ImpactFacts) -> ImpactDialog:
        self.page.open_record("impact_measure", impact.id)
        self.dialog = ImpactDialog(self, "Edit a social impact measure", lambda: self._save(impact))
        self.dialog.fill(impact, stored_note(self.page.ctx, "impact_measure", impact.id))
        self.dialog.open()
        return self.dialog

    def _save(self, existing: ImpactFacts | None) -> bool:
        return _save_titled(
            self,
            existing,
            "impact_measure",
            "measure",
            plan_services.add_impact_measure,
            "impact measure",
        )

    def remove(self, impact: ImpactFacts) -> None:
        remove_record(
            self.page,
            "impact_measure",
            impact.id,
            question=("Remove impact measure", f"Remove “{impact.measure}”? You can undo this."),
            text=f"Remove impact measure {impact.measure}",
            failure="The impact measure could not be removed",
        )
