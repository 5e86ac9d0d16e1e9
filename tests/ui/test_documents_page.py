"""The Documents page, driven as a user would: the list and its states, the facts still
needed (each a way to its page), Generate, Open (also of a file deleted meanwhile), Mark
as sent (undoable, seen on the Events page) and the bid pack on a worker thread.

No real application or dialog opens: QDesktopServices.openUrl, QFileDialog and
QMessageBox are replaced; documents go to the test's temporary folders.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import sys
import threading
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog
from tests.ui.conftest import TODAY

from cattool.core import demo, queries, services
from cattool.core.model import Case
from cattool.core.store import Store
from cattool.ui.case_source import CaseSource
from cattool.ui.context import WorkspaceContext
from cattool.ui.forms import MUTED
from cattool.ui.pages import documents_pack
from cattool.ui.pages.documents import DocumentsPage
from cattool.ui.pages.documents_dialogs import default_case_folder, remember_case_folder
from cattool.ui.pages.documents_model import NOT_NOW, DocumentsModel
from cattool.ui.pages.events import EventsPage
from cattool.ui.pages.group import GroupPage
from cattool.ui.workspace import CaseWorkspace

DEMO_TODAY = dt.date(2026, 11, 23)
FAKE_MODULE = "cattool.documents.kinds._ui_test_kinds"


def _fake_kinds() -> types.ModuleType:
    """A notice whose sending is statutory (like the nomination) and that needs the
    asset's community value: the same every run, whatever the real kinds say."""
    from cattool.documents.registry import DocumentKind
    from cattool.documents.requirements import COMMUNITY_VALUE

    def build(facts, doc) -> None:  # type: ignore[no-untyped-def]
        doc.title(subtitle=facts.name)
        doc.para(f"Why it matters: {facts.asset.community_value}")

    module = types.ModuleType(FAKE_MODULE)
    module.KINDS = (  # type: ignore[attr-defined]
        DocumentKind(
            key="test-notice",
            title="Test notice",
            summary="A notice the tests send to the council.",
            builder=build,
            requirements=(COMMUNITY_VALUE,),
            sent_event="nomination-submitted",
            in_bid_pack=False,
        ),
    )
    return module


@pytest.fixture(autouse=True)
def kinds(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The registry's kinds that exist today (others are being written), plus the test
    notice; the registry's cache is emptied before and after."""
    from cattool.documents import registry

    present = tuple(
        m
        for m in registry.KIND_MODULES
        if importlib.util.find_spec(f"cattool.documents.kinds.{m}") is not None
    )
    monkeypatch.setitem(sys.modules, FAKE_MODULE, _fake_kinds())
    monkeypatch.setattr(registry, "KIND_MODULES", (*present, "_ui_test_kinds"))
    registry.document_kinds.cache_clear()
    yield
    registry.document_kinds.cache_clear()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files and folders "opened" (nothing really opens)."""
    urls: list[str] = []

    def open_url(url: QUrl) -> bool:
        urls.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return urls


@pytest.fixture
def case_id(ui_store: Store, make_case) -> int:  # type: ignore[no-untyped-def]
    created = make_case(
        ui_store, "The Red Lion", "england-2011", ("nomination-submitted", dt.date(2026, 2, 2))
    )
    with ui_store.transaction() as session:
        services.set_asset(session, created, name="The Red Lion", community_value="Our local.")
    return created


@pytest.fixture
def page(open_page, case_id: int, tmp_path: Path) -> DocumentsPage:  # type: ignore[no-untyped-def]
    documents = open_page(DocumentsPage, case_id)
    assert documents.docs is not None
    remember_case_folder(documents.docs.uid, tmp_path / "out")
    documents.load()
    return documents


def demo_case(store: Store) -> int:
    """The demo hall in its full moratorium, with two gaps: nobody signs for the group,
    and the asset's community value is not argued yet."""
    with store.transaction() as session:
        demo.add_demo_cases(session, DEMO_TODAY)
        case_id = queries.find_case(session, "DEMO-STRETFORD-HALL").id
        services.set_group(session, case_id, contact_name="", contact_role="")
        services.set_asset(session, case_id, community_value="")
    return case_id


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def row_texts(page: DocumentsPage, key: str) -> list[str]:
    row = page.model.row_for_key(key)
    assert row is not None, key
    return [page.model.index(row, c).data() for c in range(page.model.columnCount())]


def select(qtbot, page: DocumentsPage, key: str) -> None:  # type: ignore[no-untyped-def]
    """Click the document's row, as a user would."""
    row = page.model.row_for_key(key)
    assert row is not None
    rect = page.table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected_key() == key


def generate(qtbot, page: DocumentsPage, key: str) -> None:  # type: ignore[no-untyped-def]
    select(qtbot, page, key)
    click(qtbot, page.generate_button)
    assert page.task is not None and not page.generate_button.isEnabled()  # one at a time
    qtbot.waitUntil(lambda: page.task is None, timeout=30_000)


# --------------------------------------------------------------------------- the list


def test_lists_every_kind_with_its_state_for_a_demo_case(qtbot, ui_store: Store) -> None:
    case_id = demo_case(ui_store)
    ctx = WorkspaceContext(CaseSource.from_store(ui_store), DEMO_TODAY)
    page = DocumentsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.show_case(case_id)

    from cattool.documents.registry import document_kinds

    shown = [page.model.row_at(r) for r in range(page.model.rowCount())]
    regime = ctx.read(lambda session: session.get(Case, case_id).regime)
    offered = {
        k
        for k, kind in document_kinds().items()
        if kind.stages != frozenset() and kind.for_regime(regime)
    }
    assert {s.kind.key for s in shown} == offered
    applies = [s.applies for s in shown]
    assert applies == sorted(applies, reverse=True)  # needed now first, the others after
    assert any(applies) and not all(applies)
    for row, status in enumerate(shown):
        needed = page.model.index(row, DocumentsModel.APPLIES)
        if status.applies:
            assert needed.data() == "Yes"
        else:
            assert needed.data() == NOT_NOW
            colour = page.model.index(row, DocumentsModel.TITLE).data(
                Qt.ItemDataRole.ForegroundRole
            )
            assert colour.name() == MUTED  # greyed
    # Nothing generated yet: each kind is Ready or Missing data, as its data says.
    assert row_texts(page, "adviser-summary")[1:] == ["Yes", "Ready"]
    cover = row_texts(page, "cover-letter")
    assert cover[2] == "Missing data (1)"  # nobody signs for the group yet
    for status in shown:
        state = row_texts(page, status.kind.key)[2]
        assert state == "Ready" or state.startswith("Missing data (")
    # The detail names the exact facts and where to fill them in.
    select(qtbot, page, "cover-letter")
    assert page.detail.title.text() == "Cover letter and index"
    assert [b.text() for b in page.field_buttons] == ["Group and members →"]
    assert "who signs for the group" in page.field_buttons[0].accessibleName()
    assert not page.generate_button.isEnabled()
    assert "No personal data" in page.detail.personal.text()
    if "eligibility-evidence" in offered:
        select(qtbot, page, "eligibility-evidence")
        assert "Holds personal data" in page.detail.personal.text()


def test_missing_facts_link_to_their_pages_and_fill_in_there(qtbot, ui_store: Store) -> None:
    case_id = demo_case(ui_store)
    ctx = WorkspaceContext(CaseSource.from_store(ui_store), DEMO_TODAY)
    workspace = CaseWorkspace(ctx)  # the registry's pages: Documents, then History
    qtbot.addWidget(workspace)
    workspace.resize(1300, 860)
    workspace.show()
    workspace.activateWindow()
    assert workspace.titles()[-2:] == ["Documents", "History"]
    assert workspace.page_actions[-2].text() == "Documents"
    workspace.show_case(case_id)
    workspace.page_actions[-2].trigger()
    page = workspace.current_page()
    assert isinstance(page, DocumentsPage)

    select(qtbot, page, "test-notice")
    assert [b.accessibleName() for b in page.field_buttons] == [
        "Go to Asset and owners: the reasons the asset is of community value"
    ]
    click(qtbot, page.field_buttons[0])
    assert workspace.current_page() is workspace.page("Asset and owners")

    workspace.open_page("Documents")
    select(qtbot, page, "cover-letter")
    click(qtbot, page.field_buttons[0])
    group = workspace.current_page()
    assert isinstance(group, GroupPage)
    qtbot.waitUntil(lambda: group.isAncestorOf(QApplication.focusWidget()))  # keyboard too
    qtbot.keyClicks(group.contact_name, "Linda Ashworth")
    qtbot.keyClicks(group.contact_role, "Chair")
    click(qtbot, group.save_button)

    workspace.open_page("Documents")  # it follows the change when shown again
    assert row_texts(page, "cover-letter")[2] == "Ready"
    assert page.selected_key() == "cover-letter" and page.generate_button.isEnabled()
    assert page.field_buttons == []


# --------------------------------------------------------------------------- generate, open


def test_generate_writes_a_docx_and_the_state_follows(
    qtbot, page: DocumentsPage, ctx, tmp_path: Path, opened, monkeypatch
) -> None:
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(chosen))
    click(qtbot, page.folder_button)  # Change folder…: remembered for the case
    assert page.folder() == chosen and page.folder_label.toolTip() == str(chosen)
    page.load()
    assert page.folder() == chosen

    assert row_texts(page, "adviser-summary")[2] == "Ready"
    assert not page.open_button.isEnabled() and not page.sent_button.isEnabled()
    generate(qtbot, page, "adviser-summary")

    written = sorted(chosen.glob("*.docx"))
    assert [p.name for p in written] == ["Case summary for advisers v1.docx"]
    assert written[0].read_bytes()[:2] == b"PK"  # a Word (zip) file
    assert row_texts(page, "adviser-summary")[2].startswith("Generated v1 on ")
    assert page.selected_key() == "adviser-summary"
    assert "Case summary for advisers v1.docx" in page.detail.file_label.text()
    assert ctx.undo_stack.count() == 0  # a file written, not an undoable edit

    click(qtbot, page.open_button)
    click(qtbot, page.reveal_button)
    assert opened == [str(written[0]), str(chosen)]

    generate(qtbot, page, "adviser-summary")  # again: a new version
    assert row_texts(page, "adviser-summary")[2].startswith("Generated v2 on ")
    assert (chosen / "Case summary for advisers v2.docx").exists()


def test_the_default_folder_is_per_case_in_the_data_folder(open_page, case_id: int) -> None:
    page = open_page(DocumentsPage, case_id)
    assert page.docs is not None
    assert page.folder() == default_case_folder(page.docs.uid, page.docs.reference)
    assert page.folder().parent.name == "documents"


def test_open_a_deleted_file_says_so_and_offers_to_generate_again(
    qtbot, page: DocumentsPage, opened, monkeypatch
) -> None:
    generate(qtbot, page, "adviser-summary")
    status = page.status_of("adviser-summary")
    Path(status.latest.path).unlink()
    page.load()
    assert "no longer there" in page.detail.file_label.text()

    asked: list[str] = []

    def question(parent, title, text, *rest):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    click(qtbot, page.open_button)
    assert opened == []  # nothing was asked to open a file that is not there
    assert len(asked) == 1 and "is not there any more" in asked[0]
    assert "Generate it again" in asked[0]
    qtbot.waitUntil(lambda: page.task is None, timeout=30_000)
    assert row_texts(page, "adviser-summary")[2].startswith("Generated v2 on ")
    click(qtbot, page.open_button)
    assert opened == [page.status_of("adviser-summary").latest.path]


# --------------------------------------------------------------------------- mark as sent


def test_mark_as_sent_records_the_statutory_event_undoably(
    qtbot, page: DocumentsPage, ctx, open_page, case_id: int, messages
) -> None:
    events = open_page(EventsPage, case_id)
    before = events.model.rowCount()
    generate(qtbot, page, "test-notice")
    assert page.sent_button.isEnabled()
    click(qtbot, page.sent_button)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.received_field is not None  # its arrival starts the clock
    dialog.sent_field.edit.clear()
    qtbot.keyClicks(dialog.sent_field.edit, "2/3/2026")
    qtbot.keyClicks(dialog.received_field.edit, "9/3/2026")  # after TODAY: refused
    assert not dialog.save_button().isEnabled()
    dialog.received_field.edit.clear()
    qtbot.keyClicks(dialog.received_field.edit, "4/3/2026")
    click(qtbot, dialog.save_button())
    assert messages == [] and not dialog.isVisible()

    assert row_texts(page, "test-notice")[2] == "Sent on 2 March 2026"
    assert not page.sent_button.isEnabled()
    assert events.model.rowCount() == before + 1
    added = [events.model.row_at(r) for r in range(events.model.rowCount())]
    received = dt.date(2026, 3, 4)
    notice = [e for e in added if e.kind == "nomination-submitted" and e.date == received]
    assert len(notice) == 1 and notice[0].sent_on == dt.date(2026, 3, 2)

    ctx.undo_stack.undo()
    assert events.model.rowCount() == before
    assert row_texts(page, "test-notice")[2].startswith("Generated v1 on ")
    ctx.undo_stack.redo()
    assert events.model.rowCount() == before + 1
    assert row_texts(page, "test-notice")[2] == "Sent on 2 March 2026"


def test_mark_as_sent_of_an_ordinary_document_records_document_sent(
    qtbot, page: DocumentsPage, ctx, open_page, case_id: int
) -> None:
    generate(qtbot, page, "adviser-summary")
    click(qtbot, page.sent_button)
    dialog = page.dialog
    assert dialog is not None and dialog.received_field is None
    assert dialog.sent_field.value() == TODAY  # today unless changed
    click(qtbot, dialog.save_button())
    events = open_page(EventsPage, case_id)
    kinds = [events.model.row_at(r).kind for r in range(events.model.rowCount())]
    assert "document-sent" in kinds
    assert row_texts(page, "adviser-summary")[2] == "Sent on 5 March 2026"
    assert ctx.undo_stack.undoText() == "Mark as sent: Case summary for advisers"


# --------------------------------------------------------------------------- bid pack


def test_bid_pack_runs_on_a_worker_and_reports(
    qtbot, page: DocumentsPage, tmp_path: Path, opened, monkeypatch
) -> None:
    monkeypatch.setattr("cattool.documents.pdf.find_soffice", lambda: None)
    parent = tmp_path / "packs"
    parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(parent))
    main_thread = threading.get_ident()
    seen: list[int] = []
    original = documents_pack.PackProgress.__call__

    def progress(self, done, total, text):  # type: ignore[no-untyped-def]
        seen.append(threading.get_ident())
        original(self, done, total, text)

    monkeypatch.setattr(documents_pack.PackProgress, "__call__", progress)

    click(qtbot, page.pack_button)
    dialog = page.pack_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.pdf.isEnabled() and dialog.pdf.toolTip() == "LibreOffice is not installed"
    click(qtbot, dialog.choose)
    assert dialog.parent_folder == parent
    dialog.zip.setChecked(True)
    click(qtbot, dialog.save_button())
    progress_dialog = page.findChild(QProgressDialog, documents_pack.PROGRESS_NAME)
    assert progress_dialog is not None and progress_dialog.isVisible()
    assert page.task is not None and not page.pack_button.isEnabled()
    qtbot.waitUntil(lambda: page.report_dialog is not None, timeout=60_000)

    assert seen and main_thread not in seen  # built off the UI thread
    report = page.report_dialog
    assert report.isVisible()
    text = report.report.toPlainText()
    folder = report.folder
    assert folder.parent == parent and folder.name.startswith("Bid pack ")
    assert "produced  00 " in text  # the cover letter or index, always
    assert "NOT produced: Cover letter and index" in text  # nobody signs for the group yet
    assert "who signs for the group" in text
    assert (parent / f"{folder.name}.zip").exists()
    assert "could not be produced yet" in report.summary.text()
    assert any(p.suffix == ".docx" for p in folder.iterdir())
    qtbot.waitUntil(lambda: page.task is None)
    assert page.pack_button.isEnabled()
    # The adviser summary stays out of the council's pack (it lists the group's own tasks).
    assert row_texts(page, "adviser-summary")[2] == "Ready"

    click(qtbot, report.open_button)
    assert opened == [str(folder)]

    click(qtbot, page.pack_button)  # a second pack the same day gets a folder of its own
    assert page.pack_dialog.target().name.endswith("(2)")


@contextlib.contextmanager
def worker_reads_held(store: Store) -> Iterator[threading.Event]:
    """Sessions opened off the UI thread wait until the event is set (at the end at the
    latest), so a test can see the page while its read on a worker is under way."""
    release = threading.Event()
    real_session = store.session

    def held_session():  # type: ignore[no-untyped-def]
        if threading.current_thread() is not threading.main_thread():
            release.wait(10)
        return real_session()

    store.session = held_session  # type: ignore[method-assign]
    try:
        yield release
    finally:
        release.set()
        store.session = real_session  # type: ignore[method-assign]


def test_chosen_in_the_workspace_the_documents_are_read_on_a_worker(
    qtbot, ui_store: Store, case_id: int
) -> None:
    """Issue 3, item 7: reading every fact of a case took the UI thread 50-100 ms."""
    ctx = WorkspaceContext(CaseSource.from_store(ui_store), TODAY)
    workspace = CaseWorkspace(ctx)
    qtbot.addWidget(workspace)
    workspace.show()
    workspace.show_case(case_id)
    ui_thread = threading.get_ident()
    page = workspace.page("Documents")
    assert isinstance(page, DocumentsPage)
    with worker_reads_held(ctx.source.store) as release:
        workspace.go_to_page("Documents")
        qtbot.waitUntil(lambda: page.reading is not None)
        qtbot.waitUntil(workspace.is_settled)  # on screen while the read goes on
        assert workspace.stack.currentWidget() is page
        assert page.docs is None and page.model.rowCount() == 0
        assert page.reading_label.isVisibleTo(page)  # "Reading…" meanwhile
        assert not page.pack_button.isEnabled()
        release.set()
        qtbot.waitUntil(lambda: page.docs is not None, timeout=10_000)
    assert page.reading.worker_thread not in (None, ui_thread)
    assert not page.reading_label.isVisibleTo(page)
    assert page.model.rowCount() > 0 and page.selected_key() is not None
    keys = [page.model.row_at(r).kind.key for r in range(page.model.rowCount())]
    shown = [row_texts(page, key) for key in keys]
    page.load()  # the same rows as a read at once gives
    assert [row_texts(page, key) for key in keys] == shown


def test_a_read_at_once_supersedes_one_on_a_worker(qtbot, ui_store: Store, case_id: int) -> None:
    ctx = WorkspaceContext(CaseSource.from_store(ui_store), TODAY)
    page = DocumentsPage(ctx)
    qtbot.addWidget(page)
    with worker_reads_held(ctx.source.store) as release:
        page.show_case_in_background(case_id)
        assert page.docs is None and page.reading is not None
        page.finish_reading()  # a caller that needs the page now: read at once
        assert page.docs is not None
        first = page.docs
        release.set()
        qtbot.waitUntil(page.reading.is_done, timeout=10_000)
    assert page.docs is first  # the worker's older result was not used
    assert not page.reading_label.isVisibleTo(page)
