"""The funding plan (what the group must pay for, and the minimum / target / maximum need)
and the likelihood of each status, each a form saved as one undoable step (SaveBar).

Blank needs take their defaults (shown as placeholders): the target is the sum of the
costs, the minimum the price with fees and stamp duty, the maximum the target. Blank
likelihoods take cattool's defaults (core/money/vocabulary.py), shown beside them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from cattool.core.errors import InputError
from cattool.core.money import services as money_services
from cattool.core.money.facts import PlanFacts
from cattool.core.money.format import ZERO, format_money, format_percent
from cattool.core.money.vocabulary import (
    ADJUSTABLE,
    DEFAULT_LIKELIHOOD,
    FIXED_LIKELIHOOD,
    LIKELIHOOD_EXPLAINED,
    STATUS_LABELS,
    TENURES,
)
from cattool.ui.forms import MUTED, FieldSet, SaveBar, labelled, note_label, parse_count
from cattool.ui.pages.common import EditStart, save_record
from cattool.ui.pages.money_data import MoneyData, need_defaults
from cattool.ui.pages.money_fields import (
    CheckedField,
    MoneyField,
    PercentField,
    good_bad,
    money_text,
)

COSTS = (
    ("purchase_price", "&Purchase price", "The price agreed with the owner, once there is one."),
    ("valuation", "&Valuation", "The valuation: counted as the price until a price is agreed."),
    ("fees", "&Fees", "Legal, survey and other professional fees."),
    ("stamp_duty", "&Stamp duty", "Stamp duty land tax on the purchase."),
    ("refurbishment", "&Refurbishment", "Repairs and works needed to open or keep open."),
    ("contingency", "&Contingency", "A margin for the unexpected (often 10% of the works)."),
    ("working_capital", "&Working capital", "Cash to run the first months."),
)
NEEDS = (
    ("minimum_need", "Mi&nimum need", "Enough to complete the purchase."),
    ("target_need", "&Target", "What the group is raising."),
    ("maximum_need", "Ma&ximum", "The most the group would take (e.g. for a share offer)."),
)
NEED_DEFAULT_WORDS = {
    "minimum_need": "price, fees and stamp duty",
    "target_need": "the sum of the costs",
    "maximum_need": "the target",
}


class _SavedForm(QGroupBox):
    """A group of checked fields saved in one step to the case's funding plan."""

    what = "funding plan"
    nothing_saved = "Nothing saved yet."

    def __init__(self, title: str, page: Any) -> None:
        super().__init__(title)
        self.page = page
        self.plan_id: int | None = None
        self._loaded_case: int | None = None
        self.fields = FieldSet(self)
        self.checked: dict[str, CheckedField] = {}
        self.start = EditStart()
        self.fields.edited.connect(self._refresh)

    def _add_checked(self, name: str, field: CheckedField) -> CheckedField:
        self.checked[name] = field
        self.fields.add(name, field.edit)
        return field

    def _make_bar(self, label: str) -> SaveBar:
        self.bar = SaveBar(self.what, self.save, self.fields.discard)
        self.bar.save_button.setText(label)
        self.bar.save_button.setAccessibleName(label.replace("&", ""))
        self.bar.save_button.setDefault(False)
        return self.bar

    def stored_values(self, data: MoneyData) -> dict[str, Any]:
        raise NotImplementedError

    def show_data(self, data: MoneyData) -> None:
        self.plan_id = data.plan_id
        same_case = self._loaded_case == data.case_id
        edited = same_case and bool(self.fields.changed())
        self.fields.load(self.stored_values(data), keep_edits=same_case)
        keeping = edited and bool(self.fields.changed())  # and unlike what is stored now
        self.start.update(self.page.version_of("funding_plan", data.plan_id), {}, keeping)
        self._loaded_case = data.case_id
        self._refresh()

    def problem(self) -> str:
        """Why the changed fields cannot be saved ('' when they can)."""
        changed = self.fields.changed()
        for name, field in self.checked.items():
            if name in changed and not field.is_valid():
                return field.error()
        return ""

    def _refresh(self) -> None:
        problem = self.problem()
        changed = bool(self.fields.changed())
        can_save = self.page.case_id is not None and not problem
        self.bar.show_state(changed, can_save, None if self.plan_id else self.nothing_saved)
        if problem:
            self.bar.state.setText(problem)
        self.bar.state.setStyleSheet(f"color: {good_bad(False) if problem else MUTED};")

    def changed_values(self) -> dict[str, Any]:
        raise NotImplementedError

    def save(self) -> bool:
        page = self.page
        case_id, ctx = page.case_id, page.ctx
        if case_id is None:
            return False

        def run() -> None:
            if self.problem():
                raise InputError(self.problem())
            values = self.changed_values()
            if not values:
                return
            for name, value in values.items():  # as they will read back once saved
                if name in self.checked:
                    self.checked[name].set_value(value)
            save_record(
                page,
                "funding_plan",
                self.plan_id,
                lambda s: money_services.set_funding_plan(s, case_id, today=ctx.today, **values),
                values,
                add_text=f"Set the {self.what}",
                edit_text=f"Change the {self.what}",
                version=self.start.version,
            )

        return page.attempt(run, f"The {self.what} could not be saved")


class PlanForm(_SavedForm):
    """Costs, needs, tenure: the funding plan."""

    what = "funding plan"
    nothing_saved = "No funding plan saved yet."

    def __init__(self, page: Any) -> None:
        super().__init__("Funding plan", page)
        costs, needs = QFormLayout(), QFormLayout()
        for name, label, tip in COSTS:
            field = self._add_checked(name, MoneyField(label.replace("&", ""), tip=tip))
            field.setPlaceholderText("not entered yet")
            costs.addRow(f"{label}:", field)
        for name, label, tip in NEEDS:
            needs.addRow(
                f"{label}:", self._add_checked(name, MoneyField(label.replace("&", ""), tip=tip))
            )
        self.tenure = labelled(
            QComboBox(),
            "Tenure",
            "Buying the freehold or a lease (some funders need a long lease).",
        )
        self.tenure.addItem("Not decided", "")
        for key, label in TENURES.items():
            self.tenure.addItem(label, key)
        self.fields.add("tenure", self.tenure)
        self.lease_years = labelled(QLineEdit(), "Lease length in years")
        self.lease_years.setPlaceholderText("for a lease")
        self.fields.add("lease_years", self.lease_years)
        needs.addRow("Te&nure:", self.tenure)
        needs.addRow("&Lease (years):", self.lease_years)
        self.total = note_label()
        self.total.setAccessibleName("Costs add up to")
        self.fields.edited.connect(self._show_total)
        columns = QHBoxLayout()
        columns.addLayout(costs, 1)
        columns.addSpacing(16)
        columns.addLayout(needs, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.total)
        layout.addLayout(self._make_bar("&Save funding plan"))

    def stored_values(self, data: MoneyData) -> dict[str, Any]:
        plan = data.plan
        values: dict[str, Any] = {
            name: money_text(getattr(plan, name)) for name, *_ in (*COSTS, *NEEDS)
        }
        values["tenure"] = plan.tenure
        values["lease_years"] = "" if plan.lease_years is None else str(plan.lease_years)
        return values

    def _show_total(self) -> None:
        """The costs as typed, added up, and the needs' defaults from them."""
        typed = {
            name: self.checked[name].value() for name, *_ in COSTS if self.checked[name].is_valid()
        }
        plan = PlanFacts(**typed, **{n: self.checked[n].value() for n, *_ in NEEDS})
        defaults = need_defaults(plan)
        for name, *_ in NEEDS:
            words = NEED_DEFAULT_WORDS[name]
            self.checked[name].setPlaceholderText(f"{format_money(defaults[name])} ({words})")
        total = defaults["target_need"]
        self.total.setText(
            f"The costs add up to {format_money(total)}." if total > ZERO else
            "Enter the price (or valuation) and the other costs: blank lines count as nothing."
        )  # fmt: skip

    def changed_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in self.fields.changed():
            if name in self.checked:
                values[name] = self.checked[name].value()
            elif name == "tenure":
                values[name] = self.tenure.currentData()
            elif name == "lease_years":
                values[name] = parse_count(self.lease_years.text(), "The lease length")
        return values


class LikelihoodForm(_SavedForm):
    """How likely money of each status is to arrive: cattool's default and the group's."""

    what = "likelihoods"
    nothing_saved = "Using cattool's defaults."

    def __init__(self, page: Any, on_defaults: Callable[[], None] | None = None) -> None:
        super().__init__("Likelihood of each status", page)
        grid = QGridLayout()
        for column, text in enumerate(("Status", "Default", "Yours", "What it means")):
            header = QLabel(f"<b>{text}</b>")
            grid.addWidget(header, 0, column)
        self.defaults: dict[str, QLabel] = {}
        for row, status in enumerate((*ADJUSTABLE, *FIXED_LIKELIHOOD), start=1):
            label = STATUS_LABELS[status]
            grid.addWidget(QLabel(label), row, 0)
            fixed = status in FIXED_LIKELIHOOD
            value = FIXED_LIKELIHOOD[status] if fixed else DEFAULT_LIKELIHOOD[status]
            default = QLabel(format_percent(value))
            default.setAccessibleName(f"Default likelihood for {label}")
            self.defaults[status] = default
            grid.addWidget(default, row, 1)
            if fixed:
                grid.addWidget(note_label("always"), row, 2)
            else:
                field = PercentField(
                    f"Likelihood for {label}",
                    tip="Leave blank to use the default.",
                    placeholder=f"{format_percent(value)} (default)",
                )
                field.setMaximumWidth(170)
                grid.addWidget(self._add_checked(f"likelihood_{status}", field), row, 2)
            grid.addWidget(note_label(LIKELIHOOD_EXPLAINED[status]), row, 3)
        grid.setColumnStretch(3, 1)
        self.reset_button = QPushButton("Back to the &defaults")
        labelled(self.reset_button, "Back to the defaults", "Clear the group's values (then save).")
        self.reset_button.clicked.connect(self.use_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                "The projection counts each source as its amount × the likelihood of its "
                "status (a source can have its own). Change them to match your experience."
            )
        )
        layout.addLayout(grid)
        bar = self._make_bar("Save &likelihoods")
        bar.insertWidget(2, self.reset_button)
        layout.addLayout(bar)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)

    def stored_values(self, data: MoneyData) -> dict[str, Any]:
        likelihoods = data.plan.likelihoods
        return {
            f"likelihood_{status}": "" if (v := getattr(likelihoods, status)) is None else
            format_percent(v)
            for status in ADJUSTABLE
        }  # fmt: skip

    def use_defaults(self) -> None:
        for field in self.checked.values():
            field.edit.clear()

    def changed_values(self) -> dict[str, Any]:
        return {name: self.checked[name].value() for name in self.fields.changed()}
