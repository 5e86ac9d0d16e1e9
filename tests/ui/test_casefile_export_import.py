"""File → Export case file… and File → Import case file…, driven through the real
dialogs (the native file dialogs and the passphrase prompt patched), the work on worker
threads; the organisation's key lives in an in-memory keyring, never the real one."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox
from tests.ui.conftest import add_case

from cattool.core import services
from cattool.core.casefile import trust, trusted_signers
from cattool.core.secrets import memory_keyring
from cattool.core.store import Store, open_store
from cattool.ui.casefile_export import ExportCaseDialog, export_report
from cattool.ui.casefile_keys import OrganisationKeyDialog, organisation_keys
from cattool.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def in_memory_keyring() -> Iterator[Any]:
    previous = keyring.get_keyring()
    backend = memory_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(title, text) of every information and warning box (none pops up)."""
    seen: list[tuple[str, str]] = []

    def record(_parent, title, text, *_rest):  # type: ignore[no-untyped-def]
        seen.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", record)
    monkeypatch.setattr(QMessageBox, "warning", record)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return seen


def answer_box(monkeypatch: pytest.MonkeyPatch, button_text: str) -> list[str]:
    """Every QMessageBox.exec() clicks the button with that text; the boxes' texts."""
    texts: list[str] = []

    def exec_(box: QMessageBox) -> int:
        texts.append(box.text())
        chosen = next(b for b in box.buttons() if b.text() == button_text)
        chosen.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return texts


def save_as(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "cattool case files")
    )


def open_as(monkeypatch: pytest.MonkeyPatch, source: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))


def fill_export_dialog(
    monkeypatch: pytest.MonkeyPatch, set_up: Callable[[ExportCaseDialog], None]
) -> list[ExportCaseDialog]:
    """ExportCaseDialog.exec sets the real widgets with `set_up`, then presses OK."""
    dialogs: list[ExportCaseDialog] = []

    def exec_(dialog: ExportCaseDialog) -> int:
        dialogs.append(dialog)
        set_up(dialog)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(ExportCaseDialog, "exec", exec_)
    return dialogs


def digest(path: Path) -> str:
    """The database's bytes, with its write-ahead log."""
    wal = Path(f"{path}-wal")
    data = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    return hashlib.sha256(data).hexdigest()


def case_names(store: Store) -> list[str]:
    from sqlalchemy import select

    from cattool.core.model import Case

    with store.session() as session:
        return sorted(session.scalars(select(Case.name)))


@pytest.fixture
def group_case(ui_store: Store) -> int:
    """The Red Lion with an asset and a member with personal data."""
    case_id = add_case(ui_store, "The Red Lion", "england-2011",
                       ("owner-notice-received", dt.date(2026, 3, 2)))  # fmt: skip
    with ui_store.transaction() as session:
        services.set_asset(session, case_id, name="The Red Lion", address="1 High St")
    return case_id


def export_through_dialog(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, target: Path, **choices: Any
) -> None:
    def set_up(dialog: ExportCaseDialog) -> None:
        dialog.redact.setChecked(choices.get("redact", True))
        dialog.sign.setChecked(choices.get("sign", True))
        if choices.get("passphrase"):
            dialog.passphrase_radio.setChecked(True)
            dialog.passphrase.setText(choices["passphrase"])
            dialog.passphrase_again.setText(choices.get("again", choices["passphrase"]))

    fill_export_dialog(monkeypatch, set_up)
    save_as(monkeypatch, target)
    task = window.export_case_file()
    assert task is not None
    assert task.wait()


def test_export_then_import_into_another_database(
    qtbot, open_window, ui_store, group_case, tmp_path, monkeypatch, shown
) -> None:
    window = open_window(ui_store)
    window.select_case(group_case)
    assert window.export_casefile_action.isEnabled()
    target = tmp_path / "out" / "red lion.cattool"
    target.parent.mkdir()
    export_through_dialog(window, monkeypatch, target, redact=False)
    assert target.is_file()
    title, report = shown[-1]
    assert title == "Case file saved"
    fingerprint = organisation_keys(window).public_key_file().fingerprint
    assert str(target) in report and "NOT redacted" in report
    assert f"fingerprint {fingerprint}" in report and "Not encrypted" in report

    other = open_store(str(tmp_path / "other.sqlite"))
    try:
        second = open_window(other)
        assert second.cases_loaded() == 0
        open_as(monkeypatch, target)
        asked = answer_box(monkeypatch, "Import")
        imp = second.import_case_file()
        assert imp is not None
        qtbot.waitUntil(lambda: imp.done, timeout=30_000)
        assert "Signed by an UNKNOWN signer" in asked[0] and fingerprint in asked[0]
        assert shown[-1] == ("Case file imported", "Imported: The Red Lion.")
        qtbot.waitUntil(lambda: second.cases_loaded() == 1, timeout=10_000)
        assert second.current_case_id() == imp.result.case_id
        assert case_names(other) == ["The Red Lion"]
    finally:
        other.close()


def test_encrypted_redacted_export_asks_the_passphrase_on_import(
    qtbot, open_window, ui_store, group_case, tmp_path, monkeypatch, shown
) -> None:
    window = open_window(ui_store)
    window.select_case(group_case)
    target = tmp_path / "sealed.cattool"
    export_through_dialog(window, monkeypatch, target, sign=False, passphrase="s3cret words")
    report = shown[-1][1]
    assert "Redacted" in report and "Unsigned" in report and "passphrase" in report
    assert target.read_bytes().startswith(b"CATTOOL-ENCRYPTED-1")

    other = open_store(str(tmp_path / "other.sqlite"))
    try:
        second = open_window(other)
        prompts: list[str] = []

        def passphrase(_parent, _title, label, *_rest):  # type: ignore[no-untyped-def]
            prompts.append(label)
            return "s3cret words", True

        monkeypatch.setattr(QInputDialog, "getText", passphrase)
        asked = answer_box(monkeypatch, "Import")
        imp = second.import_case_file(target)
        qtbot.waitUntil(lambda: imp.done, timeout=30_000)
        assert len(prompts) == 1 and "encrypted" in prompts[0]
        assert "Unsigned" in asked[0] and "Redacted" in asked[0]
        assert case_names(other) == ["The Red Lion"]
    finally:
        other.close()


def test_dialog_refuses_passphrases_that_differ(qtbot, ui_store, group_case) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ExportCaseDialog(parent, "The Red Lion")
    assert dialog.fingerprint.text().startswith("Signed with fingerprint ")
    dialog.passphrase_radio.setChecked(True)
    dialog.passphrase.setText("one")
    dialog.passphrase_again.setText("two")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text() == "The two passphrases differ."
    dialog.recipient_radio.setChecked(True)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "public key file" in dialog.error.text()
    assert dialog.choices is None


def test_tampered_file_is_refused_and_the_database_is_untouched(
    qtbot, open_window, ui_store, group_case, tmp_path, monkeypatch, shown
) -> None:
    window = open_window(ui_store)
    window.select_case(group_case)
    good = tmp_path / "good.cattool"
    export_through_dialog(window, monkeypatch, good)
    bad = tmp_path / "bad.cattool"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "case.json":
                data = data.replace(b"The Red Lion", b"The Red Lien")
            out.writestr(name, data)

    other_path = tmp_path / "other.sqlite"
    other = open_store(str(other_path))
    add_case(other, "Ashby Village Hall", "england-2011")
    try:
        second = open_window(other)
        other.engine.dispose()
        before = digest(other_path)
        imp = second.import_case_file(bad)
        qtbot.waitUntil(lambda: imp.done, timeout=30_000)
        title, text = shown[-1]
        assert title == "This case file cannot be imported"
        assert "TAMPERED: case.json" in text and "Nothing was imported" in text
        other.engine.dispose()
        assert digest(other_path) == before
        assert case_names(other) == ["Ashby Village Hall"]
    finally:
        other.close()


def test_existing_case_asks_replace_or_as_new(
    qtbot, open_window, ui_store, group_case, tmp_path, monkeypatch, shown
) -> None:
    window = open_window(ui_store)
    window.select_case(group_case)
    target = tmp_path / "again.cattool"
    export_through_dialog(window, monkeypatch, target, redact=False)

    asked = answer_box(monkeypatch, "Cancel")
    imp = window.import_case_file(target)
    qtbot.waitUntil(lambda: imp.done, timeout=30_000)
    assert "already has this case" in asked[0]
    assert case_names(ui_store) == ["The Red Lion"]

    asked = answer_box(monkeypatch, "Import as new")
    imp = window.import_case_file(target)
    qtbot.waitUntil(lambda: imp.done, timeout=30_000)
    assert imp.result is not None and imp.result.mode == "as-new"
    assert imp.result.case_id != group_case
    assert case_names(ui_store) == ["The Red Lion", "The Red Lion"]
    qtbot.waitUntil(lambda: window.cases_loaded() == 2, timeout=10_000)
    assert window.current_case_id() == imp.result.case_id
    assert shown[-1] == ("Case file imported", "Imported as a new case: The Red Lion.")


def test_organisation_key_dialog_exports_and_trusts(qtbot, tmp_path, monkeypatch, shown) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    keys = organisation_keys(parent)
    dialog = OrganisationKeyDialog(parent, keys)
    qtbot.addWidget(dialog)
    fingerprint = keys.public_key_file().fingerprint
    assert dialog.fingerprint.text() == fingerprint

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Ashby Group", True))
    save_as(monkeypatch, tmp_path / "ashby.cattool-key")
    written = dialog.export_public_key()
    assert written == tmp_path / "ashby.cattool-key"
    data = json.loads(written.read_text())
    assert data["fingerprint"] == fingerprint and data["name"] == "Ashby Group"

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Ashby (checked by phone)", True))
    open_as(monkeypatch, written)
    assert dialog.trust_key_file() == "Ashby (checked by phone)"
    assert trusted_signers() == {fingerprint: "Ashby (checked by phone)"}
    assert dialog.signers.item(0).text() == f"Ashby (checked by phone) — {fingerprint}"

    not_a_key = tmp_path / "junk.json"
    not_a_key.write_text("{}")
    assert dialog.trust_key_file(not_a_key) is None
    assert "is not a cattool public key file" in shown[-1][1]


def test_export_report_words() -> None:
    from cattool.core.casefile import ExportResult
    from cattool.ui.casefile_export import RECIPIENT, ExportChoices

    result = ExportResult(Path("/x/a.cattool"), "uid", 3, 1234, True, None, True, ["gone.pdf"])
    choices = ExportChoices(True, None, RECIPIENT, recipient_name="Locality")
    text = export_report(result, choices)
    assert "Saved /x/a.cattool (1,234 bytes)." in text
    assert "Redacted" in text and "Unsigned." in text and "Encrypted for Locality" in text
    assert "Left out (file not found): gone.pdf" in text


def test_known_signer_is_named_when_importing(
    qtbot, open_window, ui_store, group_case, tmp_path, monkeypatch, shown
) -> None:
    window = open_window(ui_store)
    window.select_case(group_case)
    target = tmp_path / "signed.cattool"
    export_through_dialog(window, monkeypatch, target)
    trust(organisation_keys(window).public_key_file(), "Ashby Group")
    other = open_store(str(tmp_path / "other.sqlite"))
    try:
        second = open_window(other)
        asked = answer_box(monkeypatch, "Cancel")
        imp = second.import_case_file(target)
        qtbot.waitUntil(lambda: imp.done, timeout=30_000)
        assert "Signed by Ashby Group" in asked[0] and "a known signer" in asked[0]
        assert case_names(other) == []
    finally:
        other.close()
