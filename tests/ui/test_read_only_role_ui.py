"""A trustee's read-only role on the shared server (`cattool team grant-read-only`):
connecting without ticking Read-only still gives a read-only window, because the server
says so. Needs PostgreSQL (tools/with_postgres.sh)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from tests.conftest import ON_POSTGRES
from tests.ui.conftest import TODAY, add_case

from cattool.core import team_roles
from cattool.core.store import open_store
from cattool.ui.case_source import CaseSource
from cattool.ui.main_window import MainWindow

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (with_postgres.sh)")


@pytest.fixture
def trustee_url(new_database: Callable[..., str]) -> Iterator[str]:
    url = str(new_database("team"))
    role = f"trustee_{uuid.uuid4().hex[:8]}"
    store = open_store(url)
    add_case(store, "The Red Lion", "england-2011")
    team_roles.grant(store, role, team_roles.READ_ONLY)
    store.close()
    yield make_url(url).set(username=role).render_as_string(hide_password=False)
    admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP OWNED BY "{role}"'))
        conn.execute(text(f'DROP ROLE "{role}"'))
    admin.dispose()


def test_a_read_only_role_gives_a_read_only_window(qtbot, trustee_url: str) -> None:
    source = CaseSource.open(trustee_url)  # Read-only not ticked
    window = MainWindow(source, TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.dashboard.is_loaded, timeout=30_000)
    assert source.read_only
    assert window.windowTitle().endswith("(read-only)")
    assert window.database_label.text().endswith("(read-only)")
    assert window.open_case(source.cases()[0][0].id, page=0)
    page = window.workspace.open_page("asset")
    edits = page.findChildren(QLineEdit)
    assert edits and all(edit.isReadOnly() for edit in edits)
    window.close()
    source.close()
