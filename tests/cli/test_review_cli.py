"""`cattool review verify / import / list`, run as a real subprocess, on a review file an
adviser wrote about a case file the demo database exported."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import keyring
import pytest
from sqlalchemy import select

from cattool.core.casefile import import_casefile
from cattool.core.casefile.review import (
    ItemRef,
    ReviewManifest,
    ReviewNote,
    casefile_manifest_sha256,
    write_review_file,
)
from cattool.core.casefile.review_store import case_items, in_file_ids
from cattool.core.model import Case
from cattool.core.secrets import memory_keyring
from cattool.core.store import open_store


@pytest.fixture
def review(cattool, tmp_path: Path) -> Path:
    """The demo database, its Red Lion exported, and a signed review of it (2 comments)."""
    assert cattool("demo").code == 0
    casefile = tmp_path / "red-lion.cattool"
    assert cattool("export", "DEMO-RED-LION", "--out", str(casefile)).code == 0
    adviser = open_store(str(tmp_path / "adviser.sqlite"))
    result = import_casefile(adviser, casefile, files_dir=tmp_path / "files")
    with adviser.session() as s:
        items = in_file_ids(case_items(s, result.case_id), result.id_map)
        reference = s.scalar(select(Case.reference).where(Case.id == result.case_id))
    adviser.close()
    event = next(i for i in items if i.table == "event")
    manifest = ReviewManifest(result.case_uid, reference or "", result.name,
                              casefile_manifest_sha256(casefile), "Jo Adviser")  # fmt: skip
    notes = [ReviewNote(event, "Is this date right?"), ReviewNote(items[0], "Good case.")]
    previous = keyring.get_keyring()
    keyring.set_keyring(memory_keyring())
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return write_review_file(tmp_path / "jo.cattool-review", manifest, notes,
                                 Ed25519PrivateKey.generate())  # fmt: skip
    finally:
        keyring.set_keyring(previous)


def test_verify_import_list(cattool, review: Path, db_path: Path, db_snapshot: Any) -> None:
    verified = cattool("review", "verify", str(review))
    assert verified.code == 0, verified.err
    assert "Intact" in verified.out and "UNKNOWN signer" in verified.out
    assert "by Jo Adviser, 2 comments" in verified.out

    imported = cattool("review", "import", str(review), "--case", "DEMO-RED-LION", "--json")
    assert imported.code == 0, imported.err
    assert imported.json()["added"] == 2 and imported.json()["missing-items"] == []
    again = cattool("review", "import", str(review))
    assert again.code == 0 and "Imported 0 comment(s)" in again.out and "2 already" in again.out

    listed = cattool("review", "list", "DEMO-RED-LION", "--json")
    assert listed.code == 0, listed.err
    comments = listed.json()
    assert [c["text"] for c in comments] == ["Is this date right?", "Good case."]
    assert comments[0]["item"]["page"] == "events" and comments[0]["item-exists"]
    assert comments[1]["item"]["label"] == "The case as a whole"
    assert all(c["signature"] == "unknown" and not c["resolved"] for c in comments)
    text = cattool("review", "list", "DEMO-RED-LION")
    assert "Jo Adviser" in text.out and "Is this date right?" in text.out


def test_bad_input_exits_2_and_writes_nothing(
    cattool, review: Path, db_path: Path, db_snapshot: Any, tmp_path: Path
) -> None:
    before = db_snapshot(db_path)
    wrong_case = cattool("review", "import", str(review), "--case", "Stretford Public Hall")
    assert wrong_case.code == 2 and "another case" in wrong_case.err

    tampered = tmp_path / "t.cattool-review"
    with zipfile.ZipFile(review) as old, zipfile.ZipFile(tampered, "w") as new:
        for name in old.namelist():
            data = old.read(name)
            new.writestr(name, data.replace(b"Good case", b"Bad case!"))
    verified = cattool("review", "verify", str(tampered))
    assert verified.code == 2 and "TAMPERED: comments.json" in verified.out
    refused = cattool("review", "import", str(tampered))
    assert refused.code == 2 and "Nothing imported" in refused.err

    junk = tmp_path / "junk.cattool-review"
    junk.write_text("{not json")
    assert cattool("review", "verify", str(junk)).code == 2
    assert cattool("review", "import", str(junk)).code == 2
    assert db_snapshot(db_path) == before
    assert cattool("review", "list", "DEMO-RED-LION").out.strip().endswith("no review comments.")


def test_item_ref_json_shape() -> None:
    assert ItemRef("event", 3, "Event: x", "events").to_json() == {
        "table": "event",
        "id": 3,
        "label": "Event: x",
        "page": "events",
    }
