"""Money: will the group have the money by the deadline? The projection in one plain
sentence at the moratorium's end (and on any date you pick), a burn-up chart of money
secured and likely with the statutory deadline on it, what-if (move, leave out, change
the price: nothing saved), the funding sources and pledges, the funding plan and the
likelihood of each status, and the funder catalogue.

Reads are one case's money rows in a short session (money_data.read_money); the what-if
and other dates are worked out from the facts already read, without the database. Every
write goes through core.money.services or the editing registry as one undoable step.
The chart (QtCharts, from PySide6-Addons) is imported when the page is first built,
never at start-up.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cattool.core.errors import InputError
from cattool.core.money.facts import Likelihoods
from cattool.core.money.projection import Projection, project
from cattool.core.money.scenario import what_if
from cattool.core.money.spreadsheets import export_pledges, import_pledges
from cattool.ui.date_field import DateField
from cattool.ui.forms import heading, note_label, scrolled
from cattool.ui.pages.base import CasePage
from cattool.ui.pages.common import add_section, button
from cattool.ui.pages.money_data import (
    MoneyData,
    deadline_text,
    gap_text,
    read_money,
    series_to,
    totals_text,
)
from cattool.ui.pages.money_fields import good_bad
from cattool.ui.pages.money_plan import LikelihoodForm, PlanForm
from cattool.ui.pages.money_sources import SourcesList
from cattool.ui.pages.money_spreadsheets import SpreadsheetButtons
from cattool.ui.pages.money_whatif import WhatIfPanel
from cattool.ui.view_helpers import scaled_font


def _sentence_label(name: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setFont(scaled_font(label, 1.45, bold=True))
    return label


class MoneyPage(CasePage):
    """Fundraising against the deadline, for one case."""

    title = "Money"
    # Events move the deadline and the case's regime changes the law: both reload it too.
    shows = frozenset({"funding_plan", "funding_source", "fund", "case"})

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: MoneyData | None = None
        self.what_if_projection: Projection | None = None
        self.catalogue: Any = None  # the funder catalogue dialog, while open
        body = QWidget()
        layout = QVBoxLayout(body)
        add_section(
            layout,
            "Money",
            "Will you have the money by the deadline? Each source counts from the day its "
            "money is expected, as its amount × the likelihood of its status. Try changes "
            "under What if: nothing is saved until you change the sources themselves.",
        )
        layout.addWidget(self._build_projection())
        layout.addLayout(self._build_chart_row(), 1)
        layout.addWidget(heading("Funding sources and pledges"))
        layout.addWidget(
            note_label(
                "Grants, loans, share offers, donations and pledges, with where each stands. "
                "Received and awarded money is secured; the gap is what is not secured yet."
            )
        )
        self.sources = SourcesList(self, self.likelihoods)
        self.catalogue_button = button(
            "Funder &catalogue…",
            "Funders and funds, whether they are open, and whether this case meets their "
            "conditions",
            self.open_catalogue,
            "Funder catalogue",
        )
        self.sources.buttons.addWidget(self.catalogue_button)
        self.spreadsheet = SpreadsheetButtons(
            self,
            "pledges",
            lambda: "pledges",
            ("funding_source",),
            export_pledges,
            import_pledges,
        )
        self.spreadsheet.add_to(self.sources.buttons)
        layout.addWidget(self.sources)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.totals.setAccessibleName("Totals by status")
        self.totals.setFont(scaled_font(self.totals, 1.0, bold=True))
        self.gap = QLabel()
        self.gap.setWordWrap(True)
        self.gap.setAccessibleName("The gap")
        layout.addWidget(self.totals)
        layout.addWidget(self.gap)
        forms = QHBoxLayout()
        self.plan_form = PlanForm(self)
        self.likelihood_form = LikelihoodForm(self)
        forms.addWidget(self.plan_form, 3)
        forms.addWidget(self.likelihood_form, 2)
        layout.addLayout(forms)
        scrolled(self, body)

    # ------------------------------------------------------------------ building

    def _build_projection(self) -> QFrame:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        self.sentence = _sentence_label("Projection")
        self.what_if_title = QLabel("<b>What if</b> (not saved)")
        self.what_if_sentence = _sentence_label("What-if projection")
        real = QVBoxLayout()
        real.addWidget(QLabel("<b>As things stand</b>"))
        real.addWidget(self.sentence)
        self.what_if_box = QWidget()
        tried = QVBoxLayout(self.what_if_box)
        tried.setContentsMargins(0, 0, 0, 0)
        tried.addWidget(self.what_if_title)
        tried.addWidget(self.what_if_sentence)
        sentences = QHBoxLayout()
        sentences.addLayout(real, 1)
        sentences.addSpacing(16)
        sentences.addWidget(self.what_if_box, 1)
        self.what_if_box.hide()
        self.deadline_note = note_label()
        self.deadline_note.setAccessibleName("Deadline")
        self.warnings = note_label()
        self.warnings.setAccessibleName("Warnings")
        self.other_date = DateField(self.ctx.today, optional=True, what="The date")
        self.other_date.edit.setAccessibleName("Project to another date")
        self.other_date.edit.setPlaceholderText("another date, e.g. 1/6/27 or 31st March")
        self.other_date.setFocusProxy(self.other_date.edit)
        self.other_date.dateChanged.connect(lambda _date: self.show_projection())
        self.other_date.setMinimumWidth(300)
        self.other_date.setMaximumWidth(360)
        self.other_sentence = QLabel()
        self.other_sentence.setWordWrap(True)
        self.other_sentence.setAccessibleName("Projection on the other date")
        self.other_sentence.setFont(scaled_font(self.other_sentence, 1.15, bold=True))
        other = QHBoxLayout()
        other.addWidget(QLabel("On an&other date:"))
        other.itemAt(0).widget().setBuddy(self.other_date.edit)  # type: ignore[union-attr]
        other.addWidget(self.other_date, 0, Qt.AlignmentFlag.AlignTop)
        other.addWidget(self.other_sentence, 1, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(box)
        layout.addLayout(sentences)
        layout.addWidget(self.deadline_note)
        layout.addWidget(self.warnings)
        layout.addLayout(other)
        return box

    def _build_chart_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        try:
            from cattool.ui.pages.money_chart import BurnUpChart
        except ImportError as exc:  # PySide6-Addons missing: everything else still works
            self.chart: Any = None
            missing = note_label(
                f"The burn-up chart needs QtCharts (the PySide6-Addons package): {exc}."
            )
            row.addWidget(missing, 3)
        else:
            self.chart = BurnUpChart()
            self.chart.setMinimumHeight(320)
            row.addWidget(self.chart, 3)
        self.what_if = WhatIfPanel(self.ctx.today)
        self.what_if.changed.connect(self.show_projection)
        self.what_if.setMaximumWidth(420)
        row.addWidget(self.what_if, 2)
        return row

    # ------------------------------------------------------------------ loading

    def likelihoods(self) -> Likelihoods:
        return self.data.plan.likelihoods if self.data is not None else Likelihoods()

    def show_case(self, case_id: int) -> None:
        if case_id != self.case_id:  # another case: its own what-if, from the facts
            self.what_if.reset()
            self.data = None
        super().show_case(case_id)

    versioned = ("funding_source", "funding_plan")
    read_case = staticmethod(read_money)

    def load(self) -> None:
        if self.case_id is None:
            return
        self.data = self.read_page()
        self.sources.set_rows(list(self.data.sources))
        self.totals.setText(totals_text(self.data.summary))
        self.gap.setText(gap_text(self.data.summary))
        self.plan_form.show_data(self.data)
        self.likelihood_form.show_data(self.data)
        self.what_if.set_data(self.data)
        self.show_projection()

    def show_projection(self) -> None:
        """The sentences, warnings and chart from the facts read (no database)."""
        data, today = self.data, self.ctx.today
        if data is None:
            return
        summary = data.summary
        self.sentence.setText(summary.sentence)
        self._colour(self.sentence, summary.need.target, summary.short)
        if data.deadline is not None:
            self.deadline_note.setText(
                f"The money is needed by the statutory deadline: {deadline_text(data.deadline)}."
            )
        self.deadline_note.setVisible(data.deadline is not None)
        self.warnings.setText("\n".join(f"⚠ {w}" for w in summary.warnings))
        self.warnings.setVisible(bool(summary.warnings))
        self.warnings.setStyleSheet(f"color: {good_bad(False)};")  # readable in either theme
        edits = self.what_if.edits()
        self.what_if_projection = None
        problem = ""
        if edits:
            try:
                self.what_if_projection = what_if(
                    data.plan, data.source_facts, edits, summary.on, today
                )
            except InputError as exc:
                problem = str(exc)
        self.what_if_box.setVisible(bool(edits))
        if self.what_if_projection is not None:
            self.what_if_sentence.setText(self.what_if_projection.sentence)
            self._colour(
                self.what_if_sentence, self.what_if_projection.need, self.what_if_projection.short
            )
        elif problem:
            self.what_if_sentence.setText(problem)
            self.what_if_sentence.setStyleSheet(f"color: {good_bad(False)};")
        self._show_other_date(edits if self.what_if_projection is not None else [])
        self._draw_chart(edits if self.what_if_projection is not None else [])

    def _show_other_date(self, edits: list) -> None:
        data, chosen = self.data, self.other_date.value()
        assert data is not None
        if chosen is None:
            self.other_sentence.setText("")
            return
        today = self.ctx.today
        text = project(data.plan, data.source_facts, chosen, today).sentence
        if edits:
            tried = what_if(data.plan, data.source_facts, edits, chosen, today).sentence
            text += f"\nWhat if: {tried}"
        self.other_sentence.setText(text)

    def chart_end(self) -> dt.date:
        assert self.data is not None
        end = self.data.summary.on
        chosen = self.other_date.value()
        return max(end, chosen) if chosen is not None else end

    def _draw_chart(self, edits: list) -> None:
        data, today = self.data, self.ctx.today
        if self.chart is None or data is None:
            return
        end = self.chart_end()
        points = list(data.points) if end == data.summary.on else series_to(data, end, today)
        tried = series_to(data, end, today, edits) if edits else None
        need = data.summary.need
        self.chart.show_data(points, need.target, need.minimum, data.deadline, tried)

    def _colour(self, label: QLabel, need: Any, short: Any) -> None:
        if need <= 0:
            label.setStyleSheet("")
        else:
            label.setStyleSheet(f"color: {good_bad(short <= 0)};")

    # ------------------------------------------------------------------ the catalogue

    def open_catalogue(self) -> None:
        if self.case_id is None:
            return
        from cattool.ui.pages.funders import FunderCatalogue

        self.catalogue = FunderCatalogue(self, self.ctx, self.case_id, self._add_from_fund)
        self.catalogue.open()

    def _add_from_fund(self, values: dict[str, Any]) -> None:
        """The catalogue's "Add as funding source": the source dialog, filled in."""
        self.sources.add(values)
