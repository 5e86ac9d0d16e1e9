"""Starting a case: the New case dialog and the demo cases."""

from __future__ import annotations

from PySide6.QtCore import Qt
from tests.ui.conftest import TODAY

from cattool.core import services
from cattool.core.changes import Changes
from cattool.core.demo import demo_data
from cattool.core.rules.regime import load_regime
from cattool.ui.case_source import CaseSource
from cattool.ui.context import WorkspaceContext
from cattool.ui.new_case_dialog import PROVISIONAL_NOTE, NewCaseDialog, open_demo_cases


def _dialog(qtbot, **kwargs) -> NewCaseDialog:
    dialog = NewCaseDialog(**kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_ok_is_disabled_until_there_is_a_name(qtbot) -> None:
    dialog = _dialog(qtbot)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.name_edit, "   ")
    assert not dialog.ok_button.isEnabled()
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "The Red Lion")
    assert dialog.ok_button.isEnabled()
    dialog.name_edit.clear()
    assert not dialog.ok_button.isEnabled()


def test_values_return_the_chosen_regime(qtbot) -> None:
    dialog = _dialog(qtbot)
    assert dialog.values()[1] == "england-2011"  # the rules in force by default
    qtbot.keyClicks(dialog.name_edit, "  The   Plough,  Ashby ")
    dialog.regime_combo.setCurrentIndex(dialog.regime_combo.findData("england-2026"))
    assert dialog.values() == ("The Plough, Ashby", "england-2026", None)
    qtbot.keyClicks(dialog.reference_edit, " PL-1 ")
    assert dialog.values() == ("The Plough, Ashby", "england-2026", "PL-1")


def test_the_rules_are_explained_and_provisional_ones_say_so(qtbot) -> None:
    dialog = _dialog(qtbot)
    combo = dialog.regime_combo
    combo.setCurrentIndex(combo.findData("england-2011"))
    assert dialog.summary_label.text() == load_regime("england-2011").summary
    assert not dialog.provisional_label.isVisible()
    combo.setFocus()
    # keyboard only: move to the 2026 rules with the arrow key
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert dialog.values()[1] == "england-2026"
    assert dialog.summary_label.text() == load_regime("england-2026").summary
    assert dialog.provisional_label.isVisible()
    assert dialog.provisional_label.text() == PROVISIONAL_NOTE
    assert dialog.provisional_label.text().startswith("Provisional: many rules await regulations")
    assert "not known" in dialog.law_label.text()


def test_labels_and_accessible_names(qtbot) -> None:
    dialog = _dialog(qtbot)
    for widget in (dialog.name_edit, dialog.regime_combo, dialog.reference_edit):
        assert widget.accessibleName()
    assert dialog.focusWidget() is dialog.name_edit  # typing starts with the name


def test_accept_returns_the_values(qtbot) -> None:
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.name_edit, "Stretford Public Hall")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.result() == NewCaseDialog.DialogCode.Accepted
    assert dialog.values() == ("Stretford Public Hall", "england-2011", None)


def test_create_callback_errors_keep_the_dialog_open(qtbot, ui_store, make_case) -> None:
    ctx = WorkspaceContext(CaseSource.from_store(ui_store), TODAY)
    with ui_store.transaction() as session:
        services.create_case(session, "Existing", "england-2011", reference="RL-1")

    def create(name: str, regime: str, reference: str | None):
        return ctx.run(lambda s: services.create_case(s, name, regime, reference=reference))

    dialog = _dialog(qtbot, create=create)
    qtbot.keyClicks(dialog.name_edit, "The Red Lion")
    qtbot.keyClicks(dialog.reference_edit, "RL-1")
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert "already used" in dialog.error_label.text()

    dialog.reference_edit.setText("RL-2")
    assert not dialog.error_label.isVisible()
    with qtbot.waitSignal(ctx.changed, timeout=2000):
        dialog.ok_button.click()
    assert not dialog.isVisible()
    assert isinstance(dialog.created, Changes) and dialog.created.created_id is not None


def test_open_demo_cases_adds_them_once(qtbot, ui_store) -> None:
    ctx = WorkspaceContext(CaseSource.from_store(ui_store), TODAY)
    seen: list[Changes] = []
    ctx.changed.connect(seen.append)

    ids = open_demo_cases(ctx)
    assert len(ids) == len(demo_data()) > 0
    assert len(seen) == 1
    assert seen[0].case_ids == frozenset(ids)
    assert seen[0].entities == frozenset({"case"})
    names = {c.name for c in ctx.source.snapshot().cases}
    assert names == {spec["name"] for spec in demo_data()}

    assert open_demo_cases(ctx) == []
    assert len(seen) == 1  # nothing new: nothing to refresh
    assert len(ctx.source.snapshot().cases) == len(ids)
