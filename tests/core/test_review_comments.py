"""Review files: an adviser's signed comments on a case file, read back, verified like
a case file, and imported into the group's database in place (never twice, never into
another case, kept when their item is gone)."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

import keyring
import pytest
from sqlalchemy import select

from cattool.core import services
from cattool.core.casefile import (
    CaseFileError,
    ExportOptions,
    OrganisationKeys,
    export_case,
    import_casefile,
    trust,
)
from cattool.core.casefile.review import (
    ItemRef,
    ReviewManifest,
    ReviewNote,
    casefile_manifest_sha256,
    verify_review_file,
    write_review_file,
)
from cattool.core.casefile.review_store import (
    case_items,
    import_review,
    in_file_ids,
    open_counts,
    review_comments,
    set_resolved,
)
from cattool.core.model import AuditEntry, Case, Event
from cattool.core.review_model import ReviewComment
from cattool.core.secrets import memory_keyring, secret_store
from cattool.core.store import Store, open_store

TODAY = dt.date(2026, 3, 5)


@pytest.fixture(autouse=True)
def in_memory_keyring() -> Any:
    previous = keyring.get_keyring()
    keyring.set_keyring(memory_keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def group(tmp_path: Path) -> tuple[Store, int]:
    """The group's database: a case with two events (ids 1, 2 after a filler case)."""
    store = open_store(str(tmp_path / "group.sqlite"))
    with store.transaction() as s:
        other = services.create_case(s, "Filler", "england-2011").created_id
        services.add_event(s, other, "nomination-submitted", dt.date(2026, 1, 5), today=TODAY)
        case_id = services.create_case(s, "The Red Lion", "england-2011").created_id
        services.add_event(s, case_id, "owner-notice-received", dt.date(2026, 3, 2), today=TODAY)
        services.add_event(s, case_id, "listed", dt.date(2025, 10, 1), today=TODAY)
    yield store, case_id
    store.close()


def adviser_keys(name: str = "Locality") -> OrganisationKeys:
    return OrganisationKeys(secret_store(), name)


def export(store: Store, case_id: int, out: Path) -> Path:
    with store.session() as s:
        export_case(s, case_id, out, ExportOptions(sign_with=adviser_keys("Group")))
    return out


def review_of(casefile: Path, tmp_path: Path, name: str = "review.cattool-review",
              *, sign: bool = True) -> tuple[Path, list[ItemRef]]:  # fmt: skip
    """What the adviser does: open the case file in a database of their own, pick items
    there, and write the review naming them by the case file's ids."""
    review_db = open_store(str(tmp_path / f"adviser-{name}.sqlite"))
    result = import_casefile(review_db, casefile, files_dir=tmp_path / "files")
    with review_db.session() as s:
        items = in_file_ids(case_items(s, result.case_id), result.id_map)
        ref = s.scalar(select(Case.reference).where(Case.id == result.case_id)) or ""
    review_db.close()
    event = next(i for i in items if i.table == "event" and "owner's notice" in i.label)
    whole = items[0]
    manifest = ReviewManifest(result.case_uid, ref, result.name,
                              casefile_manifest_sha256(casefile), "Jo Adviser")  # fmt: skip
    notes = [ReviewNote(event, "Check the date on the letter."),
             ReviewNote(whole, "A strong case overall.")]  # fmt: skip
    key = adviser_keys().signing_key() if sign else None
    return write_review_file(tmp_path / name, manifest, notes, key), items


def test_items_name_the_groups_ids_even_though_the_review_database_renumbers(
    group: tuple[Store, int], tmp_path: Path
) -> None:
    store, case_id = group
    _path, items = review_of(export(store, case_id, tmp_path / "c.cattool"), tmp_path)
    with store.session() as s:
        own = {(i.table, i.id): i.label for i in case_items(s, case_id)}
    file_items = {(i.table, i.id): i.label for i in items}
    assert file_items == own  # the review database had ids 1 and 2; the group's are 2, 3
    assert ("event", 2) in own and own[("acv_case", case_id)] == "The case as a whole"
    assert (
        own[("event", 2)]
        == "Event: Council received the owner's notice of intended sale, 2 March 2026"
    )


def test_write_read_verify_and_import(group: tuple[Store, int], tmp_path: Path) -> None:
    store, case_id = group
    trust(adviser_keys().public_key_file(), "Locality")
    path, _ = review_of(export(store, case_id, tmp_path / "c.cattool"), tmp_path)
    report = verify_review_file(path)
    assert report.intact and report.signature_state == "known"
    assert "Signed by Locality" in report.summary() and "2 comments" in report.summary()
    assert report.manifest.reviewer == "Jo Adviser"

    result = import_review(store, path)
    assert (result.case_id, result.added, result.already, result.missing) == (case_id, 2, 0, [])
    with store.session() as s:
        comments = review_comments(s, case_id)
        assert [c.item.label for c in comments] == [
            "Event: Council received the owner's notice of intended sale, 2 March 2026",
            "The case as a whole",
        ]
        assert all(c.item_exists and c.signature == "known" for c in comments)
        assert comments[0].item.page == "events" and comments[0].item.id == 2
        assert comments[0].signer == "Locality" and comments[0].review_file == path.name
        assert open_counts(s, case_id) == {"events": 1, "overview": 1}

    again = import_review(store, path)  # the same file twice: nothing doubled
    assert (again.added, again.already) == (0, 2)
    with store.transaction() as s:
        first = review_comments(s, case_id)[0].id
        set_resolved(s, [first], True, TODAY)
    with store.session() as s:
        assert open_counts(s, case_id) == {"overview": 1}
        assert s.scalar(select(ReviewComment.resolved).where(ReviewComment.id == first))
        assert s.scalar(select(AuditEntry).where(AuditEntry.entity == "review_comment")) is not None


def test_unsigned_and_unknown_signers_are_said(group: tuple[Store, int], tmp_path: Path) -> None:
    store, case_id = group
    casefile = export(store, case_id, tmp_path / "c.cattool")
    unsigned, _ = review_of(casefile, tmp_path, "u.cattool-review", sign=False)
    report = verify_review_file(unsigned)
    assert report.intact and "Unsigned" in report.summary()
    signed, _ = review_of(casefile, tmp_path, "s.cattool-review")
    report = verify_review_file(signed)
    assert report.intact and "UNKNOWN signer" in report.summary()
    import_review(store, unsigned)
    with store.session() as s:
        assert {c.signature for c in review_comments(s, case_id)} == {"unsigned"}


def _rewrite(source: Path, target: Path, change: dict[str, Any]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            data = change.get(name, old.read(name))
            if callable(data):
                data = data(old.read(name))
            if data is not None:
                new.writestr(name, data)
    return target


def test_tampered_files_are_reported_and_not_imported(
    group: tuple[Store, int], tmp_path: Path
) -> None:
    store, case_id = group
    path, _ = review_of(export(store, case_id, tmp_path / "c.cattool"), tmp_path)
    flipped = _rewrite(path, tmp_path / "t1.cattool-review",
                       {"comments.json": lambda b: b.replace(b"Check", b"Chuck")})  # fmt: skip
    report = verify_review_file(flipped)
    assert report.state == "tampered" and "TAMPERED: comments.json" in report.summary()

    def other_reviewer(data: bytes) -> bytes:
        return data.replace(b"Jo Adviser", b"Mallory")

    resigned = _rewrite(path, tmp_path / "t2.cattool-review", {"manifest.json": other_reviewer})
    report = verify_review_file(resigned)
    assert report.state == "tampered" and "manifest.json" in report.tampered_members
    for bad in (flipped, resigned):
        with pytest.raises(CaseFileError, match=r"Nothing imported\. TAMPERED"):
            import_review(store, bad)
    with store.session() as s:
        assert review_comments(s, case_id) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"comments.json": b"{not json", "signature.json": None, "manifest.json": None},
            "no manifest",
        ),
        ({"manifest.json": b"{not json"}, "not valid JSON"),
        (
            {"manifest.json": lambda b: b.replace(b'"format-version": 1', b'"format-version": 9')},
            "newer cattool",
        ),
        (
            {"manifest.json": lambda b: b.replace(b'"format-version": 1', b'"format-version": 0')},
            "format-version",
        ),
        ({"extra.txt": b"x"}, "not part of a review file"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(
    group: tuple[Store, int], tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    store, case_id = group
    path, _ = review_of(export(store, case_id, tmp_path / "c.cattool"), tmp_path)
    bad = _rewrite(path, tmp_path / "bad.cattool-review", {k: v for k, v in change.items()
                                                            if k != "extra.txt"})  # fmt: skip
    if "extra.txt" in change:
        with zipfile.ZipFile(bad, "a") as z:
            z.writestr("extra.txt", b"x")
    report = verify_review_file(bad)
    assert not report.intact and message in report.summary()
    with pytest.raises(CaseFileError, match="Nothing imported"):
        import_review(store, bad)
    with store.session() as s:
        assert review_comments(s, case_id) == []


def test_not_a_zip_and_comments_json_that_is_not_json(
    group: tuple[Store, int], tmp_path: Path
) -> None:
    plain = tmp_path / "x.cattool-review"
    plain.write_text(json.dumps({"comments": []}))
    report = verify_review_file(plain)
    assert report.state == "invalid" and "not a cattool review file" in report.summary()
    assert "no review file" in verify_review_file(tmp_path / "missing").summary()


def test_a_review_of_another_case_is_refused(group: tuple[Store, int], tmp_path: Path) -> None:
    store, case_id = group
    path, _ = review_of(export(store, case_id, tmp_path / "c.cattool"), tmp_path)
    with pytest.raises(CaseFileError, match="another case than Filler"):
        import_review(store, path, case="Filler")
    elsewhere = open_store(str(tmp_path / "elsewhere.sqlite"))
    with elsewhere.transaction() as s:
        services.create_case(s, "The Red Lion", "england-2011")
    with pytest.raises(CaseFileError, match="does not have the case"):
        import_review(elsewhere, path)
    elsewhere.close()
    assert import_review(store, path, case="The Red Lion").added == 2


def test_comments_on_items_since_deleted_are_kept_and_marked(
    group: tuple[Store, int], tmp_path: Path
) -> None:
    store, case_id = group
    path, _ = review_of(export(store, case_id, tmp_path / "c.cattool"), tmp_path)
    with store.transaction() as s:
        s.delete(s.get(Event, 2))
    result = import_review(store, path)
    assert result.added == 2 and result.missing == [
        "Event: Council received the owner's notice of intended sale, 2 March 2026"
    ]
    with store.session() as s:
        comments = review_comments(s, case_id)
    assert [c.item_exists for c in comments] == [False, True]


def test_nothing_to_save_and_the_case_file_hash(group: tuple[Store, int], tmp_path: Path) -> None:
    store, case_id = group
    casefile = export(store, case_id, tmp_path / "c.cattool")
    digest = casefile_manifest_sha256(casefile)
    import hashlib

    with zipfile.ZipFile(casefile) as z:
        assert digest == hashlib.sha256(z.read("manifest.json")).hexdigest()
    manifest = ReviewManifest("a" * 32, "", "x", digest, "Jo")
    with pytest.raises(CaseFileError, match="no comments"):
        write_review_file(tmp_path / "empty.cattool-review", manifest, [], None)
    assert not (tmp_path / "empty.cattool-review").exists()


def test_the_panel_shows_the_items_label_as_the_group_has_it_now(
    group: tuple[Store, int], tmp_path: Path
) -> None:
    from cattool.core.editing import update_fields

    store, case_id = group
    path, _ = review_of(export(store, case_id, tmp_path / "c.cattool"), tmp_path)
    import_review(store, path)
    with store.transaction() as s:
        update_fields(s, "event", 2, {"date": dt.date(2026, 3, 3)}, today=TODAY)
    with store.session() as s:
        first = review_comments(s, case_id)[0]
        stored = s.scalar(select(ReviewComment.item_label).where(ReviewComment.id == first.id))
    assert first.item.label.endswith("3 March 2026") and first.item_exists
    assert stored.endswith("2 March 2026")  # what the adviser saw is kept


def test_a_flipped_byte_in_the_packed_comments_is_tampering(
    group: tuple[Store, int], tmp_path: Path
) -> None:
    store, case_id = group
    path, _ = review_of(export(store, case_id, tmp_path / "c.cattool"), tmp_path)
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("comments.json")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data = bytearray(path.read_bytes())
    data[start + 5] ^= 0xFF
    flipped = tmp_path / "flipped.cattool-review"
    flipped.write_bytes(bytes(data))
    report = verify_review_file(flipped)
    assert report.state == "tampered" and report.tampered_members == ["comments.json"]
    assert report.summary().startswith("TAMPERED: comments.json")
    with pytest.raises(CaseFileError, match="Nothing imported"):
        import_review(store, flipped)
