"""`cattool docs` and `cattool bidpack`, run as a person or a script would, on the demo
cases (today 23 Nov 2026, the date the demo is set up for) and on a bare new case."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

TODAY = "2026-11-23"
CASE = "DEMO-RED-LION"


@pytest.fixture
def demo(cattool):
    """The `cattool` runner on a database holding the demo cases, today 23 Nov 2026."""

    def run(*args: str, today: str | None = TODAY, **kw):
        return cattool(*args, today=today, **kw)

    assert run("demo").code == 0
    return run


def listing(demo, case: str = CASE) -> dict:
    result = demo("docs", case, "--list", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert isinstance(data, dict)
    return data


def test_list_says_each_document_state_and_what_is_missing(demo) -> None:
    data = listing(demo)
    assert data["case"]["reference"] == CASE
    assert data["today"] == TODAY
    documents = data["documents"]
    keys = [d["kind"] for d in documents]
    assert "adviser-summary" in keys and "cover-letter" in keys
    assert "pack-index" not in keys  # never offered on its own
    # Applicable documents first.
    applies = [d["applies"] for d in documents]
    assert applies == sorted(applies, reverse=True)
    for d in documents:
        assert d["state"] in ("ready", "missing data", "generated", "sent")
        assert (d["state"] == "missing data") == bool(d["missing"]) == (not d["ready"])
        for gap in d["missing"]:
            assert gap["what"] and gap["where"].endswith(" page")
        assert d["latest"] is None  # nothing generated yet

    text = demo("docs", CASE)  # no --out: the list, for people
    assert text.code == 0, text.err
    assert text.out.startswith("The Red Lion, Kirkdale (DEMO-RED-LION): documents as of")
    assert "Apply now:" in text.out
    for d in documents:
        assert d["kind"] in text.out
        for gap in d["missing"]:
            assert f"{gap['what']} ({gap['where']})" in text.out


def test_list_of_a_bare_case_names_the_gaps_and_where_to_fill_them(demo) -> None:
    assert demo("case", "new", "Bare Hall", "--regime", "england-2011").code == 0
    data = listing(demo, "Bare Hall")
    cover = next(d for d in data["documents"] if d["kind"] == "cover-letter")
    assert cover["state"] == "missing data"
    wheres = {gap["where"] for gap in cover["missing"]}
    assert "Contacts page" in wheres  # the council
    out = demo("docs", "Bare Hall").out
    assert "Fill in:" in out and "(Contacts page)" in out


def test_generating_one_kind_records_it_and_the_list_shows_the_version(demo, tmp_path) -> None:
    out = tmp_path / "docs"
    made = demo("docs", CASE, "--out", str(out), "--kind", "adviser-summary")
    assert made.code == 0, made.err
    assert "Case summary for advisers v1.docx" in made.out
    assert sorted(p.name for p in out.iterdir()) == ["Case summary for advisers v1.docx"]

    again = demo("docs", CASE, "--out", str(out), "--kind", "adviser-summary", "--json")
    assert again.code == 0, again.err
    data = again.json()
    assert isinstance(data, dict)
    [generated] = data["generated"]
    assert generated["kind"] == "adviser-summary"
    assert generated["revision"] == 2
    assert Path(generated["path"]).name == "Case summary for advisers v2.docx"
    assert Path(generated["path"]).is_file()
    assert len(generated["sha256"]) == 64
    assert data["skipped"] == []

    summary = next(d for d in listing(demo)["documents"] if d["kind"] == "adviser-summary")
    assert summary["state"] == "generated"
    assert summary["latest"]["revision"] == 2
    assert "generated v2" in demo("docs", CASE).out


def test_out_without_kind_writes_every_applicable_ready_document(demo, tmp_path) -> None:
    documents = listing(demo)["documents"]
    expected = {d["kind"] for d in documents if d["applies"] and d["ready"]}
    gaps = {d["kind"] for d in documents if d["applies"] and not d["ready"]}
    result = demo("docs", CASE, "--out", str(tmp_path / "all"), "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert isinstance(data, dict)
    assert {g["kind"] for g in data["generated"]} == expected
    assert {s["kind"] for s in data["skipped"]} == gaps
    assert all(s["missing"] for s in data["skipped"])
    assert len(list((tmp_path / "all").iterdir())) == len(expected)


def test_mark_sent_records_an_event_against_the_latest_version(demo, tmp_path) -> None:
    out = str(tmp_path / "docs")
    assert demo("docs", CASE, "--out", out, "--kind", "adviser-summary").code == 0
    sent = demo("docs", CASE, "--mark-sent", "adviser-summary", "--sent-on", "yesterday", "--json")
    assert sent.code == 0, sent.err
    data = sent.json()
    assert isinstance(data, dict)
    assert data["revision"] == 1
    assert data["event_kind"] == "document-sent"
    assert data["sent_on"] == "2026-11-22"
    summary = next(d for d in listing(demo)["documents"] if d["kind"] == "adviser-summary")
    assert summary["state"] == "sent"
    assert summary["latest"]["sent_on"] == "2026-11-22"
    events = demo("event", "list", CASE, "--json").json()
    assert isinstance(events, list)
    assert any(e["kind"] == "document-sent" for e in events)


def test_bidpack_makes_the_pack_with_its_index_and_reports(demo, tmp_path) -> None:
    documents = listing(demo)["documents"]
    expected = {
        d["kind"]
        for d in documents
        if d["applies"] and d["ready"] and d["in_bid_pack"] and d["kind"] != "cover-letter"
    }
    folder = tmp_path / "pack"
    result = demo("bidpack", CASE, "--out", str(folder), "--zip")
    assert result.code == 0, result.err
    assert "Bid pack in" in result.out
    names = sorted(p.name for p in folder.iterdir())
    assert names[0] in ("00 Cover letter and index.docx", "00 Index.docx")
    assert len(names) == len(expected) + 1
    assert all(name.endswith(".docx") for name in names)
    for name in names:
        assert f"produced  {name}" in result.out
    # Progress on stderr, ending with done.
    progress = [line for line in result.err.splitlines() if line.startswith("[")]
    assert progress and progress[-1].endswith("Done")
    zipped = folder.with_name("pack.zip")
    assert f"Zipped as {zipped}" in result.out
    with zipfile.ZipFile(zipped) as archive:
        assert sorted(Path(n).name for n in archive.namelist()) == names

    data = demo("bidpack", CASE, "--out", str(folder), "--json").json()
    assert isinstance(data, dict)
    assert {i["kind"] for i in data["items"][1:]} == expected
    assert data["items"][0]["kind"] in ("cover-letter", "pack-index")
    assert all(i["pdf"] is None for i in data["items"])
    assert data["pdf_note"] is None and data["zip"] is None
    # The second run made new revisions of everything it wrote.
    for d in listing(demo)["documents"]:
        if d["kind"] in expected:
            assert d["latest"]["revision"] == 2


def test_bidpack_of_a_bare_case_lists_what_was_not_produced_and_why(demo, tmp_path) -> None:
    assert demo("case", "new", "Bare Hall", "--regime", "england-2011").code == 0
    ready = [
        d["title"]
        for d in listing(demo, "Bare Hall")["documents"]
        if d["applies"] and d["ready"] and d["in_bid_pack"]
    ]
    assert "Cover letter and index" not in ready
    folder = tmp_path / "bare"
    result = demo("bidpack", "Bare Hall", "--out", str(folder))
    assert result.code == 0, result.err
    names = sorted(p.name for p in folder.iterdir())
    assert names[0] == "00 Index.docx"
    assert [name[3:-5] for name in names[1:]] == ready  # e.g. the adviser summary
    assert "NOT produced: Cover letter and index, because it still needs:" in result.out
    assert "(Contacts page)" in result.out

    data = demo("bidpack", "Bare Hall", "--out", str(folder), "--json").json()
    assert isinstance(data, dict)
    assert data["items"][0]["kind"] == "pack-index"
    skipped = {s["kind"]: s["missing"] for s in data["skipped"]}
    assert "cover-letter" in skipped
    assert all(
        reasons and all(r.endswith("page)") for r in reasons) for reasons in skipped.values()
    )


def test_bidpack_without_libreoffice_still_makes_the_docx_pack(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("CATTOOL_SOFFICE", str(tmp_path / "no-soffice"))  # the child inherits
    folder = tmp_path / "pack"
    result = demo("bidpack", CASE, "--out", str(folder), "--pdf")
    assert result.code == 0, result.err
    assert "LibreOffice" in result.err and "not installed" in result.err
    assert "The Word documents were produced as usual." in result.out
    assert all(p.suffix == ".docx" for p in folder.iterdir())


# ---------------------------------------------------------------- bad input


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["docs", "NOPE"], "There is no case 'NOPE'"),
        (["docs", "NOPE", "--out", "{out}"], "There is no case 'NOPE'"),
        (["bidpack", "NOPE", "--out", "{out}"], "There is no case 'NOPE'"),
        (["docs", CASE, "--kind", "nope", "--out", "{out}"], "Unknown document 'nope'"),
        (["docs", CASE, "--kind", "nope"], "Unknown document 'nope'"),
        (["docs", CASE, "--out", "{file}"], "is a file, not a folder"),
        (["bidpack", CASE, "--out", "{file}"], "is a file, not a folder"),
        (["bidpack", CASE, "--out", "{file}/pack"], "{file}"),
        (["docs", "Bare Hall", "--out", "{out}", "--kind", "cover-letter"], "Fill in:"),
        (
            [
                "docs",
                "Bare Hall",
                "--out",
                "{out}",
                "--kind",
                "adviser-summary",
                "--kind",
                "cover-letter",
            ],
            "(Contacts page)",
        ),
        (["docs", CASE, "--list", "--out", "{out}"], "use one"),
        (["docs", CASE, "--out", "{out}", "--kind", "intention-to-buy"], "england-2026 cases"),
        (["docs", CASE, "--mark-sent", "adviser-summary", "--sent-on", "31/2/2026"], "28 days"),
        (["docs", CASE, "--mark-sent", "adviser-summary", "--sent-on", "tomorrow"], "future"),
        (["docs", CASE, "--mark-sent", "adviser-summary"], "--sent-on"),
        (["docs", CASE, "--mark-sent", "adviser-summary", "--sent-on", "1/11/2026"], "generate"),
        (["docs", CASE, "--mark-sent", "nope", "--sent-on", "1/11/2026"], "Unknown document"),
        (["docs", CASE, "--sent-on", "1/11/2026"], "--mark-sent"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(demo, db_path, tmp_path, args, message) -> None:
    assert demo("case", "new", "Bare Hall", "--regime", "england-2011").code == 0
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    a_file = scratch / "a-file.txt"
    a_file.write_text("keep me")
    fill = {"out": str(scratch / "out"), "file": str(a_file)}
    argv = [arg.format(**fill) for arg in args]
    before, files_before = db_path.read_bytes(), _tree(scratch)

    result = demo(*argv)

    assert result.code == 2, (result.out, result.err)
    assert message.format(**fill) in result.err
    assert result.err.startswith("cattool: ") or result.err.startswith("usage:")
    assert result.out == ""
    assert db_path.read_bytes() == before
    assert _tree(scratch) == files_before
    assert a_file.read_text() == "keep me"
    assert not list(db_path.parent.glob("*-wal"))


def test_document_commands_never_create_a_database(cattool, tmp_path) -> None:
    db = tmp_path / "none.sqlite"
    for args in (
        ["docs", CASE],
        ["docs", CASE, "--out", str(tmp_path / "out")],
        ["bidpack", CASE, "--out", str(tmp_path / "out")],
    ):
        result = cattool(*args, db=db)
        assert result.code == 2
        assert "does not exist yet" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == []
