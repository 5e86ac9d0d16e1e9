"""Hostile and broken case files: each one refused with a clear message, nothing written
(the database file byte-identical, no file unpacked), and no other exception escapes."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import keyring
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from cattool.core.casefile import (
    CaseFileError,
    ExportOptions,
    OrganisationKeys,
    Passphrase,
    export_case,
    import_casefile,
    verify_casefile,
)
from cattool.core.casefile.limits import Limits
from cattool.core.demo import add_demo_cases
from cattool.core.model import Case
from cattool.core.secrets import memory_keyring, secret_store
from cattool.core.store import open_store

TODAY = dt.date(2026, 3, 5)


@pytest.fixture(autouse=True)
def in_memory_keyring() -> Any:
    previous = keyring.get_keyring()
    keyring.set_keyring(memory_keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(scope="module")
def good_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A signed case file with an attachment, from the demo's Red Lion."""
    folder = tmp_path_factory.mktemp("good")
    plan = folder / "plan.pdf"
    plan.write_bytes(b"%PDF boundary plan" * 100)
    store = open_store(str(folder / "source.sqlite"))
    with store.transaction() as session:
        add_demo_cases(session, TODAY)
        case = session.scalar(select(Case).where(Case.reference == "DEMO-RED-LION"))
        case.asset.plan_path = str(plan)
    previous = keyring.get_keyring()
    keyring.set_keyring(memory_keyring())
    try:
        with store.session() as session:
            case_id = session.scalar(select(Case.id).where(Case.reference == "DEMO-RED-LION"))
            keys = OrganisationKeys(secret_store(), "Group")
            export_case(session, case_id, folder / "good.cattool", ExportOptions(sign_with=keys))
    finally:
        keyring.set_keyring(previous)
        store.close()
    return folder / "good.cattool"


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "target.sqlite"
    store = open_store(str(path))
    with store.transaction() as session:
        add_demo_cases(session, TODAY)
        session.delete(session.scalar(select(Case).where(Case.reference == "DEMO-RED-LION")))
    store.engine.dispose()
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(
    database: Path, case_file: Path, match: str, tmp_path: Path, **kwargs: Any
) -> CaseFileError:
    before = _digest(database)
    unpacked = tmp_path / "unpacked"
    store = open_store(str(database))
    try:
        with pytest.raises(CaseFileError, match=match) as caught:
            import_casefile(store, case_file, files_dir=unpacked, **kwargs)
    finally:
        store.close()
    assert _digest(database) == before, "the database changed"
    assert not unpacked.exists() or not any(p.is_file() for p in unpacked.rglob("*"))
    return caught.value


def rewrite(good: Path, out: Path, change: Callable[[dict[str, bytes]], Any]) -> Path:
    """Copy the zip with `change` applied to {name: bytes}; returns may add raw infos."""
    with zipfile.ZipFile(good) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    extra = change(members) or []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for info, data in extra:
            archive.writestr(info, data)
    return out


def rehash(members: dict[str, bytes], name: str) -> None:
    """Keep the manifest consistent with a changed member (and drop the signature)."""
    manifest = json.loads(members["manifest.json"])
    manifest["members"][name] = {
        "sha256": hashlib.sha256(members[name]).hexdigest(),
        "size": len(members[name]),
    }
    members["manifest.json"] = json.dumps(manifest).encode()
    members.pop("signature.json", None)


def test_the_good_file_imports(good_file: Path, database: Path) -> None:
    store = open_store(str(database))
    try:
        assert import_casefile(store, good_file, files_dir=database.parent / "u").case_id
    finally:
        store.close()


def test_tampered_member_is_named(good_file: Path, database: Path, tmp_path: Path) -> None:
    def flip(members: dict[str, bytes]) -> None:
        name = next(n for n in members if n.startswith("attachments/"))
        members[name] = members[name][:-1] + b"X"

    bad = rewrite(good_file, tmp_path / "bad.cattool", flip)
    report = verify_casefile(bad)
    assert report.state == "tampered"
    assert report.tampered_members[0].startswith("attachments/")
    assert_refused(database, bad, "TAMPERED: attachments/", tmp_path)


def test_rehashed_manifest_breaks_the_signature(
    good_file: Path, database: Path, tmp_path: Path
) -> None:
    def edit(members: dict[str, bytes]) -> None:
        signature = members["signature.json"]
        members["case.json"] = members["case.json"].replace(b"Red Lion", b"Red Loin")
        rehash(members, "case.json")
        members["signature.json"] = signature  # the old signature, now over another manifest

    bad = rewrite(good_file, tmp_path / "bad.cattool", edit)
    assert verify_casefile(bad).tampered_members == ["manifest.json"]
    assert_refused(database, bad, "signature does not match", tmp_path)


def test_swapped_signature(good_file: Path, database: Path, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from cattool.core.casefile.sign import sign_manifest

    def swap(members: dict[str, bytes]) -> None:
        other = Ed25519PrivateKey.generate()
        forged = json.loads(sign_manifest(members["manifest.json"], other))
        real = json.loads(members["signature.json"])
        forged["public-key"] = real["public-key"]  # claims the group's key
        members["signature.json"] = json.dumps(forged).encode()

    bad = rewrite(good_file, tmp_path / "bad.cattool", swap)
    assert_refused(database, bad, "signature", tmp_path)


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../evil.txt", "path traversal"),
        ("attachments/../../evil.txt", "path traversal"),
        ("/etc/evil", "absolute path"),
        ("C:/evil.txt", "absolute path"),
        ("attachments\\evil.txt", "backslash"),
        ("extra/evil.txt", "not part of the format"),
    ],
)
def test_bad_member_names(
    good_file: Path, database: Path, tmp_path: Path, name: str, why: str
) -> None:
    bad = rewrite(good_file, tmp_path / "bad.cattool",
                  lambda m: [(zipfile.ZipInfo(name), b"boo")])  # fmt: skip
    assert_refused(database, bad, why, tmp_path)


def test_symbolic_link(good_file: Path, database: Path, tmp_path: Path) -> None:
    link = zipfile.ZipInfo("attachments/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    bad = rewrite(good_file, tmp_path / "bad.cattool", lambda m: [(link, b"/etc/passwd")])
    assert_refused(database, bad, "symbolic link", tmp_path)


def test_duplicate_names(good_file: Path, database: Path, tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match="Duplicate name"):
        bad = rewrite(good_file, tmp_path / "bad.cattool",
                      lambda m: [(zipfile.ZipInfo("case.json"), b"{}")])  # fmt: skip
    assert_refused(database, bad, "appears twice", tmp_path)


def test_zip_bomb(good_file: Path, database: Path, tmp_path: Path) -> None:
    bomb = zipfile.ZipInfo("attachments/zeros.bin")
    bomb.compress_type = zipfile.ZIP_DEFLATED
    bad = rewrite(good_file, tmp_path / "bad.cattool", lambda m: [(bomb, bytes(30_000_000))])
    assert_refused(database, bad, "zip bomb", tmp_path)


def test_too_many_members(good_file: Path, database: Path, tmp_path: Path) -> None:
    assert_refused(database, good_file, "members", tmp_path, limits=Limits(max_entries=2))


def test_too_large(good_file: Path, database: Path, tmp_path: Path) -> None:
    assert_refused(database, good_file, "too large", tmp_path, limits=Limits(max_total_size=100))


def test_newer_format_version(good_file: Path, database: Path, tmp_path: Path) -> None:
    def newer(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        manifest["format-version"] = 99
        members["manifest.json"] = json.dumps(manifest).encode()
        members.pop("signature.json")

    bad = rewrite(good_file, tmp_path / "bad.cattool", newer)
    assert_refused(database, bad, "newer cattool", tmp_path)


def test_newer_database_schema(good_file: Path, database: Path, tmp_path: Path) -> None:
    def newer(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        manifest["schema-revision"] = "9999"
        members["manifest.json"] = json.dumps(manifest).encode()
        members.pop("signature.json")

    bad = rewrite(good_file, tmp_path / "bad.cattool", newer)
    assert_refused(database, bad, "schema 9999", tmp_path)


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda c: c.pop("tables"), "required property"),
        (lambda c: c["tables"]["acv_case"][0].update(uid="nope"), "does not match"),
        (lambda c: c["tables"]["event"][0].update(date="yesterday"), "event.date"),
        (lambda c: c["tables"]["event"][0].update(case_id=777), "not in the file"),
        (lambda c: c["tables"].update(secret_table=[{"id": 1}]), "secret_table"),
        (lambda c: c["tables"]["asset"][0].update(plan_path="attachments/nothere"), "nothere"),
        (lambda c: c["tables"]["asset"][0].update(surprise="x"), "unknown fields"),
    ],
)
def test_bad_case_json(
    good_file: Path, database: Path, tmp_path: Path, edit: Callable, match: str
) -> None:
    def change(members: dict[str, bytes]) -> None:
        case = json.loads(members["case.json"])
        edit(case)
        members["case.json"] = json.dumps(case).encode()
        rehash(members, "case.json")

    bad = rewrite(good_file, tmp_path / "bad.cattool", change)
    assert_refused(database, bad, match, tmp_path)


def test_not_json(good_file: Path, database: Path, tmp_path: Path) -> None:
    def garble(members: dict[str, bytes]) -> None:
        members["manifest.json"] = b"{not json"

    bad = rewrite(good_file, tmp_path / "bad.cattool", garble)
    assert_refused(database, bad, "not valid JSON", tmp_path)


def test_not_a_zip(database: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.cattool"
    bad.write_bytes(b"hello")
    assert_refused(database, bad, "not a cattool case file", tmp_path)


def test_wrong_passphrase(good_file: Path, database: Path, tmp_path: Path) -> None:
    from cattool.core.casefile.crypto import encrypt_stream

    sealed = tmp_path / "sealed.cattool"
    with good_file.open("rb") as source, sealed.open("wb") as sink:
        encrypt_stream(source, sink, Passphrase("right"))
    assert_refused(database, sealed, "wrong passphrase", tmp_path, passphrase=lambda: "wrong")
    cut = tmp_path / "cut.cattool"
    cut.write_bytes(sealed.read_bytes()[:-40])
    assert_refused(database, cut, "altered|cut short", tmp_path, passphrase=lambda: "right")


def test_existing_case_without_a_choice(good_file: Path, database: Path, tmp_path: Path) -> None:
    store = open_store(str(database))
    try:
        import_casefile(store, good_file, files_dir=tmp_path / "first")
        store.engine.dispose()
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    assert_refused(database, good_file, "already has the case", tmp_path)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_flipped_byte_is_refused_cleanly(
    good_file: Path, database: Path, tmp_path: Path, data: st.DataObject
) -> None:
    raw = bytearray(good_file.read_bytes())
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] ^= data.draw(st.integers(1, 255))
    bad = tmp_path / "flipped.cattool"
    bad.write_bytes(bytes(raw))
    before = _digest(database)
    store = open_store(str(database))
    try:
        import_casefile(store, bad, files_dir=tmp_path / "u")
    except CaseFileError as error:
        assert str(error)
    else:  # a flip in bytes zip ignores (e.g. a comment, an unused header field)
        with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
            assert archive.read("manifest.json") == zipfile.ZipFile(good_file).read("manifest.json")
        store.close()
        return
    finally:
        store.close()
    assert _digest(database) == before
