"""What the case pages share, kept here so that no page imports another for it: small
widget helpers, the add-or-edit step of a saved form, and the list-and-form behaviour of
the record pages (Events, Tasks)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cattool.core.conflicts import ConflictError
from cattool.ui.commands import (
    AddRecordCommand,
    DeleteRecordCommand,
    EditFieldsCommand,
    ServiceCommand,
    known_versions,
    push,
)
from cattool.ui.conflict_dialog import settle_conflict
from cattool.ui.context import WorkspaceContext
from cattool.ui.forms import FieldSet, SaveBar, confirm, heading, note_label
from cattool.ui.pages.base import CasePage


def named(widget: Any, name: str, tip: str = "") -> Any:
    """`widget` with an accessible name (and a tooltip)."""
    widget.setAccessibleName(name)
    if tip:
        widget.setToolTip(tip)
    return widget


def button(text: str, tip: str, slot: Callable[[], Any], name: str = "") -> QPushButton:
    widget = named(QPushButton(text), name or text.replace("&", "").rstrip("…"), tip)
    widget.clicked.connect(lambda: slot())
    return widget


def record_table(model: Any, name: str, *, delete: Callable[[], Any]) -> QTableView:
    """A read-only table of records: whole rows, one at a time; Delete removes one."""
    table = named(QTableView(), name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), table, delete)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    return table


def add_section(layout: QVBoxLayout, title: str, note: str) -> None:
    """A part of a page: its heading, then a line saying what it is for and why."""
    layout.addWidget(heading(title))
    layout.addWidget(note_label(note))


def push_add_or_edit(
    ctx: WorkspaceContext,
    kind: str,
    record_id: int | None,
    create: Callable[[Any], Any],
    changed: dict[str, Any],
    *,
    add_text: str,
    edit_text: str,
    version: int | None = None,
    base: dict[str, Any] | None = None,
) -> None:
    """Add the record when there is none yet, else edit the fields that changed (nothing
    when none did): either way one undoable step. With the `version` (and `base` values)
    the page loaded, a record someone else saved since raises ConflictError."""
    if record_id is None:
        push(ctx, AddRecordCommand(ctx, kind, create, text=add_text))
    elif changed:
        push(
            ctx,
            EditFieldsCommand(
                ctx, kind, record_id, changed, text=edit_text, expected_version=version, base=base
            ),
        )


def save_record(
    page: CasePage,
    kind: str,
    record_id: int | None,
    create: Callable[[Any], Any],
    changed: dict[str, Any],
    *,
    add_text: str,
    edit_text: str,
    shown: Any = None,
    version: int | None = None,
) -> None:
    """push_add_or_edit against the version of the record `page` loaded (or `version`),
    with the values the user started from taken from `shown` (the row or the mapping the
    form was filled from): a colleague's save since is a conflict, for the page to show."""
    if shown is None:
        base = None
    elif isinstance(shown, Mapping):
        base = {k: shown[k] for k in changed if k in shown}
    else:
        base = {k: getattr(shown, k) for k in changed if hasattr(shown, k)}
    push_add_or_edit(
        page.ctx, kind, record_id, create, changed, add_text=add_text, edit_text=edit_text,
        version=version if version is not None else page.version_of(kind, record_id), base=base,
    )  # fmt: skip


class EditStart:
    """What a form's unsaved edits start from (the record's version and values), for a
    form that keeps its edits when the page reloads: kept while it has edits, so a
    colleague's save under them is a conflict on Save rather than lost."""

    def __init__(self) -> None:
        self.version: int | None = None
        self.values: dict[str, Any] = {}

    def update(self, version: int | None, stored: Mapping[str, Any], keeping: bool) -> None:
        """After a reload: `keeping`, the form kept the user's edits."""
        if not keeping or self.version is None:
            self.version, self.values = version, dict(stored)


def changed_from(existing: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The values that differ from the `existing` record's (none when there is no record)."""
    if existing is None:
        return {}
    return {k: v for k, v in values.items() if v != getattr(existing, k)}


def remove_record(
    page: CasePage, kind: str, record_id: int, *, question: tuple[str, str], text: str, failure: str
) -> None:
    """Ask (`question` is the box's title and text), then remove the record undoably;
    one someone else changed since the page loaded it is not removed (they are told)."""
    if confirm(page, *question):
        page.attempt(lambda: push(page.ctx, delete_command(page, kind, record_id, text)), failure)


def delete_command(page: CasePage, kind: str, record_id: int, text: str) -> DeleteRecordCommand:
    """Delete the record as `page` loaded it (its version): not one changed since."""
    version = page.versions.get((kind, record_id))  # as the list shows it now
    return DeleteRecordCommand(page.ctx, kind, record_id, text=text, expected_version=version)


def loaded_of(page: CasePage, kind: str, ids: list[int]) -> dict[int, int]:
    """The versions `page` loaded of these records (for ServiceEditCommand's `expected`)."""
    return {i: v for i in ids if (v := page.version_of(kind, i)) is not None}


def edit_command(
    page: CasePage,
    kind: str,
    record_id: int,
    fields: dict[str, Any],
    text: str,
    base: Any = None,
    start: EditStart | None = None,
) -> EditFieldsCommand:
    """Edit the record as `page` loaded it (its version; `base`, the row shown, gives the
    values the user started from), or as a form's edits `start`, so a colleague's save
    since is a conflict."""
    if start is not None:
        version, values = start.version, {k: start.values[k] for k in fields if k in start.values}
    else:
        version = page.version_of(kind, record_id)
        values = {k: getattr(base, k) for k in fields} if base is not None else None
    return EditFieldsCommand(
        page.ctx, kind, record_id, fields, text, expected_version=version, base=values
    )


class FormPage(CasePage):
    """A page whose form is saved in one undoable step (Asset, Group). A reload of the same
    case keeps the user's unsaved edits; opening another case shows its stored values."""

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._loaded_case: int | None = None
        self.fields = FieldSet(self)
        #: The version of the record (and its values) the form's edits start from.
        self.loaded_version: int | None = None
        self.loaded_base: dict[str, Any] = {}
        #: False when the form's stored values are text, not the record's own values
        #: (then a conflict names no starting values, and undo reads them back instead).
        self.typed_base = True

    def save(self) -> bool:
        raise NotImplementedError

    def _make_save_bar(self, what: str) -> SaveBar:
        """Save and Discard buttons for the form, also kept as the page's own attributes."""
        bar = self.save_bar = SaveBar(what, self.save, self.fields.discard)
        self.save_button, self.discard_button = bar.save_button, bar.discard_button
        self.state = bar.state
        return bar

    def _load_stored(self, stored: dict[str, Any], version: int | None = None) -> None:
        """Show the stored values. The `version` (and values) the user's edits start from
        is kept while they have unsaved edits, so a colleague's save under them is a
        conflict on Save rather than lost."""
        same_case = self._loaded_case == self.case_id
        if not (same_case and self.fields.changed() and self.loaded_version is not None):
            self.loaded_version = version
            self.loaded_base = dict(stored)
        self.fields.load(stored, keep_edits=same_case)
        self._loaded_case = self.case_id

    def _push_form(
        self,
        kind: str,
        record_id: int | None,
        create: Callable[[Any], Any],
        changed: dict[str, Any],
        *,
        add_text: str,
        edit_text: str,
    ) -> None:
        """Save the form (push_add_or_edit) against the version loaded; on a conflict
        the user chooses in the conflict dialog, then the page shows what is stored."""
        try:
            push_add_or_edit(
                self.ctx, kind, record_id, create, changed, add_text=add_text,
                edit_text=edit_text, version=self.loaded_version,
                base=self.loaded_base if self.typed_base else None,
            )  # fmt: skip
        except ConflictError as conflict:
            failure = "That could not be saved"
            settle_conflict(self, self.ctx, conflict, failure, edit_text, self.fields.labels())
            self.reload_stored()
            return
        if record_id is not None:
            self.loaded_version = known_versions(self.ctx).get((kind, record_id))
            self.loaded_base = {**self.loaded_base, **changed}

    def reload_stored(self) -> None:
        self._loaded_case = None  # reload without the edits: what is stored now
        self.loaded_version = None
        self.load()

    def _show_cleaned(self, values: dict[str, Any]) -> dict[str, Any]:
        """Show the cleaned `values` in the form; return those that differ from the stored."""
        self.fields.show_values(values)
        return {k: v for k, v in values.items() if v != self.fields.stored[k]}

    def _show_save_state(self, nothing_saved: str | None) -> None:
        changed = bool(self.fields.changed())
        self.save_bar.show_state(changed, self.case_id is not None, nothing_saved)


class RecordPageMixin:
    """A table of records over a form that adds or edits one, for pages with `table`,
    `model` (with `row_at` and `row_for_id`), `form`, `_open_form` and `_close_form`."""

    table: QTableView
    model: Any
    form: QGroupBox
    ctx: WorkspaceContext
    attempt: Callable[..., bool]
    _editing: int | None
    _open_form: Callable[[Any], None]
    _close_form: Callable[[], None]
    _update_buttons: Callable[[], None]
    delete_selected: Callable[[], None]
    open_record: Callable[[str, int], None]
    kind: str  # the entity of the records

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_id(self, record_id: int) -> None:
        row = self.model.row_for_id(record_id)
        if row is not None:
            self.table.selectRow(row)

    def change(self, make: Callable[[], ServiceCommand]) -> bool:
        """Run an undoable change; a bad-input message instead of an error. True if done."""
        return self.attempt(lambda: push(self.ctx, make()))

    def _record_table(self, name: str) -> QTableView:
        """The table: Enter or a double-click edits the row, Delete deletes it."""
        table = record_table(self.model, name, delete=self.delete_selected)
        table.activated.connect(lambda _index: self.start_edit())
        table.doubleClicked.connect(lambda _index: self.start_edit())
        table.selectionModel().selectionChanged.connect(self._update_buttons)
        return table

    def _add_table_and_form(self, layout: QVBoxLayout, form: QGroupBox) -> None:
        """The table above the form, which starts closed; Escape in the form cancels it."""
        layout.addWidget(self.table, 1)
        layout.addWidget(form)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.form, self._cancel)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._close_form()

    def _cancel(self) -> None:
        """Escape in the form: close it without saving and go back to the list."""
        self._close_form()
        self.table.setFocus()

    def _reselect(self, selected: Any) -> None:
        """After a reload: select `selected` again, close a form whose record is gone."""
        if selected is not None:
            self.select_id(selected.id)
        if self._editing is not None and self.model.row_for_id(self._editing) is None:
            self._close_form()  # the record being edited was deleted (or undone away)
        self._update_buttons()

    def start_add(self) -> None:
        self._open_form(None)

    def start_edit(self) -> None:
        record = self.selected()
        if record is not None:
            self.open_record(self.kind, record.id)
            self._opened_row = record  # what the form starts from, kept over reloads
            self._open_form(record)

    def _add_and_select(self, command: AddRecordCommand) -> None:
        if self.change(lambda: command) and command.record_id:
            self._close_form()
            self.select_id(command.record_id)

    def _edit_and_select(self, kind: str, record_id: int, fields: dict, text: str) -> None:
        """Save the fields that differ from the row shown (against the version loaded);
        close the form once saved, or once a conflict is settled in its dialog."""
        old = getattr(self, "_opened_row", None)
        if old is None or old.id != record_id:
            row = self.model.row_for_id(record_id)
            old = self.model.row_at(row) if row is not None else None
        if old is not None:
            fields = {k: v for k, v in fields.items() if getattr(old, k) != v}
        page: Any = self

        def edit() -> EditFieldsCommand:
            return edit_command(page, kind, record_id, fields, text, old)

        if not fields or self.change(edit):
            self._close_form()
            self.select_id(record_id)

    def _delete_after_asking(
        self, title: str, question: str, kind: str, record_id: int, text: str
    ) -> None:
        """Ask, then delete the record as loaded (not one someone changed since)."""
        if QMessageBox.question(self, title, question) == QMessageBox.StandardButton.Yes:
            page: Any = self
            self.change(lambda: delete_command(page, kind, record_id, text))
