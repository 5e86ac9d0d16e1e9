"""`cattool export / verify / import / key`, run as a real subprocess.

The subprocess has no OS keyring (the suite sets keyring's null backend), so the
organisation's key lives in the encrypted fallback file (CATTOOL_SECRETS_PASSPHRASE)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def passphrases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CATTOOL_SECRETS_PASSPHRASE", "secrets-file-pass")
    monkeypatch.setenv("CATTOOL_PASSPHRASE", "case-file-pass")


@pytest.fixture
def demo(cattool) -> object:
    assert cattool("demo").code == 0
    return cattool


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_export_verify_import_signed_and_encrypted(
    demo, tmp_path: Path, isolated_data_dir: Path
) -> None:
    out = tmp_path / "red-lion.cattool"
    done = demo("export", "DEMO-RED-LION", "--out", str(out), "--sign", "--encrypt", "--json")
    assert done.code == 0, done.err
    result = done.json()
    assert result["encrypted"] and result["fingerprint"]
    assert "No usable OS keyring" in done.err  # the fallback is said, not silent
    assert (isolated_data_dir / "secrets.encrypted").exists()  # the key, sealed

    verified = demo("verify", str(out), "--json")
    assert verified.code == 0, verified.err
    report = verified.json()
    assert report["state"] == "intact" and report["signed"] and not report["known-signer"]

    other_db = tmp_path / "other.sqlite"
    imported = demo("import", str(out), "--json", db=other_db)
    assert imported.code == 0, imported.err
    assert imported.json()["name"] == "The Red Lion, Kirkdale"
    listing = demo("case", "show", "DEMO-RED-LION", "--json", db=other_db)
    assert listing.code == 0

    again = demo("import", str(out), db=other_db)
    assert again.code == 2 and "--as-new" in again.err
    assert demo("import", str(out), "--as-new", db=other_db).code == 0
    assert demo("import", str(out), "--replace", db=other_db).code == 0


def test_known_signer_after_trust(demo, tmp_path: Path) -> None:
    key = tmp_path / "group.key"
    exported = demo("key", "export", "--out", str(key), "--name", "Friends of the Red Lion")
    assert exported.code == 0, exported.err
    shown = demo("key", "show")
    fingerprint = shown.out.split(":", 1)[1].strip()
    assert json.loads(key.read_text())["fingerprint"] == fingerprint
    assert demo("key", "trust", str(key)).code == 0
    out = tmp_path / "c.cattool"
    assert demo("export", "1", "--out", str(out), "--sign").code == 0
    verified = demo("verify", str(out))
    assert verified.code == 0
    assert "Signed by Friends of the Red Lion" in verified.out and fingerprint in verified.out


def test_tampered_file_fails_verify_and_import(demo, tmp_path: Path, db_path: Path) -> None:
    out = tmp_path / "c.cattool"
    assert demo("export", "1", "--out", str(out), "--redact").code == 0
    with zipfile.ZipFile(out) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["case.json"] = members["case.json"].replace(b"Red Lion", b"Red Loin")
    bad = tmp_path / "bad.cattool"
    with zipfile.ZipFile(bad, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    verified = demo("verify", str(bad))
    assert verified.code == 2 and "TAMPERED: case.json" in verified.out

    fresh = tmp_path / "fresh.sqlite"
    refused = demo("import", str(bad), db=fresh)
    assert refused.code == 2 and "Nothing imported" in refused.err
    assert not fresh.exists()  # a failed import leaves no new database behind

    before = _digest(db_path)
    assert demo("import", str(bad)).code == 2
    assert _digest(db_path) == before


def test_bad_input(demo, tmp_path: Path) -> None:
    missing = demo("verify", str(tmp_path / "nothing.cattool"))
    assert missing.code == 2 and "There is no case file" in missing.out
    wrong = demo("export", "1", "--out", str(tmp_path / "x.cattool"), "--recipient", "k")
    assert wrong.code == 2 and "--recipient needs --encrypt" in wrong.err
    nocase = demo("export", "nope", "--out", str(tmp_path / "x.cattool"))
    assert nocase.code == 2 and not (tmp_path / "x.cattool").exists()
