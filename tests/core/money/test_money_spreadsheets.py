"""Pledges and shareholders as CSV and XLSX: round trips, row-level errors with nothing
imported, files refused by type and size, personal data exported only on request."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from cattool.core import services
from cattool.core.editing import record_fields
from cattool.core.model import AuditEntry, FundingSource, ShareApplication
from cattool.core.money import services as ms
from cattool.core.money import spreadsheet_files, spreadsheets
from cattool.core.money.spreadsheet_files import SpreadsheetError
from cattool.core.store import Store

D = Decimal
TODAY = dt.date(2026, 3, 5)
FORMATS = ["csv", "xlsx"]


def add_pledges(session, case_id: int) -> None:  # type: ignore[no-untyped-def]
    for kind, amount, status, fields in (
        (
            "grant",
            "£75,000",
            "applied",
            {
                "funder": "Architectural Heritage Fund",
                "fund_name": "Project Development Grant",
                "fund_key": "ahf-project-development-grant",
                "applied_on": dt.date(2026, 1, 12),
                "decision_expected": dt.date(2026, 5, 1),
                "expected_on": dt.date(2026, 6, 30),
                "likelihood": "35",
                "match_percent": "12.5",
                "min_lease_years": 25,
                "incorporation_required": True,
                "condition_deadline": dt.date(2026, 7, 31),
                "conditions_note": "Match funding in place\nLease of 25 years",
                "note": "=SUM(A1:A9) is not a formula",
            },
        ),
        ("donation", "£1,234.56", "received", {"received_on": dt.date(2026, 2, 28)}),
        ("community-shares", "60000", "pledged", {"funder": "+Share offer", "note": "-"}),
        ("loan", "£50,000", "awarded", {"funder": "Charity Bank", "note": "@bank"}),
        ("council", "£20,000", "declined", {"funder": "Council"}),
    ):
        ms.add_funding_source(
            session, case_id, today=TODAY, kind=kind, amount=amount, status=status, **fields
        )


def add_register(session, case_id: int) -> None:  # type: ignore[no-untyped-def]
    ms.set_share_offer(
        session,
        case_id,
        today=TODAY,
        min_holding="£100",
        max_holding="£20,000",
        min_raise="£50,000",
        max_raise="£150,000",
        opens_on=dt.date(2026, 1, 1),
        closes_on=dt.date(2026, 6, 1),
    )
    people = (
        ("Ann Smith", "1 High Street, Stretford", "M32 0LG", "ann@example.org", "£500", "500"),
        ("Bob Jones", "2 Low Road\nStretford", "m328dr", "", "£2,000", ""),
        ("Chen Wei", "", "", "chen@example.com", "£20,000", "20000"),
    )
    for name, address, postcode, email, applied, paid in people:
        fields = {"address": address, "postcode": postcode, "email": email}
        if paid:
            fields |= {"amount_paid": paid, "paid_on": dt.date(2026, 2, 10)}
        ms.add_share_application(
            session,
            case_id,
            name,
            applied,
            today=TODAY,
            applied_on=dt.date(2026, 2, 1),
            note="",
            **fields,
        )


def rows(session, model, case_id: int) -> list[dict]:  # type: ignore[no-untyped-def]
    entity = "funding_source" if model is FundingSource else "share_application"
    if model is FundingSource:
        query = select(FundingSource.id).where(FundingSource.case_id == case_id)
    else:
        offer = services.get_case(session, case_id).share_offer
        query = select(ShareApplication.id).where(ShareApplication.offer_id == offer.id)
    return [record_fields(session, entity, i) for i in session.scalars(query.order_by("id"))]


def new_case(session, name: str = "Copy") -> int:  # type: ignore[no-untyped-def]
    case = services.create_case(session, name, "england-2011").created_id
    assert case is not None
    return case


@pytest.mark.parametrize("fmt", FORMATS)
def test_pledges_round_trip(store: Store, case_id: int, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"pledges.{fmt}"
    with store.transaction() as session:
        add_pledges(session, case_id)
        result = spreadsheets.export_pledges(session, case_id, path)
        assert result.rows == 5
    with store.transaction() as session:
        copy = new_case(session)
        imported = spreadsheets.import_pledges(session, copy, path, today=TODAY)
        assert imported.imported == 5 and len(imported.created_ids) == 5
        assert imported.changes.case_ids == {copy}
    with store.transaction() as session:
        assert rows(session, FundingSource, copy) == rows(session, FundingSource, case_id)


@pytest.mark.parametrize("fmt", FORMATS)
def test_shareholders_round_trip(store: Store, case_id: int, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"shareholders.{fmt}"
    with store.transaction() as session:
        add_register(session, case_id)
        assert spreadsheets.export_shareholders(session, case_id, path).rows == 3
    with store.transaction() as session:
        copy = new_case(session)
        add_register(session, copy)
        for application in services.get_case(session, copy).share_offer.applications:
            session.delete(application)
    with store.transaction() as session:
        assert spreadsheets.import_shareholders(session, copy, path, today=TODAY).imported == 3
    with store.transaction() as session:
        assert rows(session, ShareApplication, copy) == rows(session, ShareApplication, case_id)


def test_the_csv_is_plain_utf8_with_plain_headings(
    store: Store, case_id: int, tmp_path: Path
) -> None:
    path = tmp_path / "pledges.csv"
    with store.transaction() as session:
        add_pledges(session, case_id)
        spreadsheets.export_pledges(session, case_id, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens £ correctly with the BOM
    text = raw.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("Kind,Funder,Fund,Fund key,Amount,Status,Applied on")
    assert "Grant,Architectural Heritage Fund" in text
    assert "75000.00,Applied,12/01/2026" in text  # dates day first
    assert "'=SUM(A1:A9)" in text and "'+Share offer" in text  # never run as formulas
    assert not list(tmp_path.glob(".*tmp"))  # written atomically, no temporary left


def test_the_xlsx_has_typed_cells(store: Store, case_id: int, tmp_path: Path) -> None:
    path = tmp_path / "pledges.xlsx"
    with store.transaction() as session:
        add_pledges(session, case_id)
        spreadsheets.export_pledges(session, case_id, path)
    sheet = load_workbook(path).worksheets[0]
    assert sheet.title == "Pledges"
    assert sheet["A1"].value == "Kind" and sheet["A1"].font.bold
    assert sheet["E2"].value == 75000 and "£" in sheet["E2"].number_format
    assert sheet["G2"].is_date and sheet["G2"].number_format == "DD/MM/YYYY"
    assert sheet["Q2"].data_type == "s" and sheet["Q2"].value.startswith("'=")


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_one_bad_row_imports_nothing_and_names_row_and_column(
    store: Store, case_id: int, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "pledges.csv",
        "Kind,Funder,Amount,Status,Expected on\n"
        'Grant,AHF,"£12,500",applied,1/7/2026\n'
        "Donation,Crowd,£200,Pledged,2 July 2026\n"
        'Grant,NLHF,"£12,5O0",applied,\n'
        "Loan,Bank,£50k,secured,31/07/2026\n",
    )
    with store.transaction() as session:
        preview = spreadsheets.preview_pledges(path, today=TODAY)
        assert [str(p) for p in preview.problems] == [
            "Row 4, amount: '£12,5O0' is not an amount of money: write it like £25,000 or 25000.50."
        ]
        assert [number for number, _ in preview.rows] == [2, 3, 5]
        assert preview.rows[2][1]["status"] == "awarded"  # "secured" means awarded
        with pytest.raises(SpreadsheetError) as refused:
            spreadsheets.import_pledges(session, case_id, path, today=TODAY)
        assert "Nothing was imported: 1 of 4 rows has errors" in str(refused.value)
        assert "Row 4, amount: '£12,5O0' is not an amount of money" in str(refused.value)
        assert refused.value.problems[0].row == 4
        assert refused.value.problems[0].column == "Amount"
    with store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(FundingSource)) == 0


def test_every_row_is_checked_and_every_problem_reported(
    store: Store, case_id: int, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "pledges.csv",
        "kind,AMOUNT,status,received_on,Applied On,Likelihood %,Incorporation required\n"
        "Grant,100,maybe,,,,\n"
        "Donation,100,received,,,,\n"
        "Raffle,100,idea,31/02/2026,,,\n"
        "Grant,100,applied,,1/1/2030,140,perhaps\n"
        "Grant,100,,,,,\n",
    )
    with store.transaction() as session, pytest.raises(SpreadsheetError) as refused:
        spreadsheets.import_pledges(session, case_id, path, today=TODAY)
    messages = [str(p) for p in refused.value.problems]
    assert messages == [
        "Row 2, status: 'maybe' is not a status: use one of Idea, Applied, Pledged, Awarded "
        "(secured), Received, Declined.",
        "Row 3: Say when the money arrived (the date received).",
        "Row 4, kind: 'Raffle' is not a kind: use one of Grant, Community shares, Loan, Social "
        "investment, Donation or crowdfunding, In-kind contribution, Council funding.",
        'Row 4, received_on: "31/02/2026" is not a date: February 2026 has only 28 days.',
        "Row 5, applied on: An application that has happened cannot be dated in the future: "
        "1 January 2030 is after today (5 March 2026).",
        "Row 5, likelihood %: The likelihood must be from 0 to 100%, not 140.",
        "Row 5, incorporation required: 'perhaps' is not yes or no.",
        "Row 6, status: is empty: enter one of Idea, Applied, Pledged, Awarded (secured), "
        "Received, Declined.",
    ]
    assert "5 of 5 rows have errors" in str(refused.value)


def test_columns_missing_unknown_or_repeated(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", "Kind,Amount,Comments,amount\nGrant,1,x,2\n")
    preview = spreadsheets.preview_pledges(path, today=TODAY)
    assert [str(p) for p in preview.problems] == [
        "The column 'Comments' is not one cattool knows: rename or delete it (the columns are "
        "Kind, Funder, Fund, Fund key, Amount, Status, Applied on, Decision expected, Expected "
        "on, Received on, Likelihood %, Match funding %, Minimum lease (years), Incorporation "
        "required, Conditions deadline, Conditions, Note).",
        "The column 'amount' repeats the column 'Amount'.",
        "The column 'Status' is missing: add this column.",
    ]
    assert preview.rows == ()
    empty = write_csv(tmp_path / "e.csv", "Kind,Amount,Status\n\n,,\n")
    assert [str(p) for p in spreadsheets.preview_pledges(empty, today=TODAY).problems] == [
        "The file has no rows to import."
    ]


def test_an_xlsx_with_typed_and_percent_cells(store: Store, case_id: int, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["Kind", "Amount", "Status", "Expected on", "Likelihood %", "Minimum lease (years)"]
    )
    sheet.append(["grant", 12500.5, "Applied", dt.datetime(2026, 7, 1), 0.35, 25.0])
    sheet["E2"].number_format = "0%"
    sheet.append([None] * 6)  # a blank row is skipped
    sheet.append(["Donation or crowdfunding", 100, "pledged", "3/8/2026", 40, None])
    path = tmp_path / "typed.xlsx"
    book.save(path)
    with store.transaction() as session:
        spreadsheets.import_pledges(session, case_id, path, today=TODAY)
    with store.transaction() as session:
        got = rows(session, FundingSource, case_id)
    assert [(r["amount"], r["likelihood"], r["expected_on"]) for r in got] == [
        (D("12500.50"), D("35.00"), dt.date(2026, 7, 1)),
        (D("100.00"), D("40.00"), dt.date(2026, 8, 3)),
    ]
    assert got[0]["min_lease_years"] == 25


def test_shareholders_are_checked_against_the_offer(
    store: Store, case_id: int, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "h.csv",
        "Name,Postcode,Email,Amount applied,Applied on,Amount paid,Paid on\n"
        "Ann,M32 0LG,ann@example.org,£500,1/2/2026,£500,2/2/2026\n"
        "Bob,not a postcode,bob@,£50,1/2/2026,,\n"
        "Cat,,,£500,1/2/2026,£600,2/2/2026\n",
    )
    with store.transaction() as session:
        with pytest.raises(SpreadsheetError, match="Set up the share offer"):
            spreadsheets.import_shareholders(session, case_id, path, today=TODAY)
        add_register(session, case_id)
    with store.transaction() as session:
        preview = spreadsheets.preview_shareholders(session, case_id, path, today=TODAY)
        assert [str(p) for p in preview.problems] == [
            "Row 3, postcode: 'not a postcode' does not look like a UK postcode (for example "
            "L5 7QQ).",
            "Row 3, email: 'bob@' does not look like an email address.",
            "Row 4: Paid (£600) is more than applied for (£500).",
        ]
        bad = write_csv(tmp_path / "b.csv", "Name,Amount applied\nBob,£50\n")
        with pytest.raises(SpreadsheetError, match="Row 2: £50 is below the minimum holding"):
            spreadsheets.import_shareholders(session, case_id, bad, today=TODAY)


def test_shareholder_export_is_audited_without_names_and_can_be_redacted(
    store: Store, case_id: int, tmp_path: Path
) -> None:
    with store.transaction() as session:
        add_register(session, case_id)
        full = spreadsheets.export_shareholders(session, case_id, tmp_path / "full.csv")
        redacted = spreadsheets.export_shareholders(
            session, case_id, tmp_path / "redacted.xlsx", redacted=True
        )
        assert (full.redacted, redacted.redacted) == (False, True)
    with store.transaction() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "export").order_by(AuditEntry.id)
        ).all()
        assert [json.loads(e.after) for e in entries] == [
            {"format": "csv", "redacted": False, "rows": 3},
            {"format": "xlsx", "redacted": True, "rows": 3},
        ]
        assert all(e.case_id == case_id for e in entries)
        assert not any("Smith" in e.before + e.after for e in session.scalars(select(AuditEntry)))
    assert "Ann Smith" in (tmp_path / "full.csv").read_text(encoding="utf-8-sig")
    sheet = load_workbook(tmp_path / "redacted.xlsx").worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [v[0] for v in values] == ["Applicant 1", "Applicant 2", "Applicant 3"]
    assert [v[2] for v in values] == ["M32", "M32", None]
    assert all(v[1] is None and v[3] is None for v in values)
    assert values[2][4] == 20000
    text = json.dumps([[str(c) for c in row] for row in values])
    assert "Smith" not in text and "example.org" not in text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("pledges.txt", b"Kind,Amount\n", "is not a spreadsheet cattool reads: use .csv or .xlsx"),
        ("pledges.xls", b"\xd0\xcf\x11\xe0", "save it as .xlsx"),
        ("pledges.ods", b"PK\x03\x04", "save it as .xlsx"),
        ("pledges.xlsx", b"Kind,Amount\n", "is not an Excel workbook"),
        ("pledges.xlsx", b"PK\x03\x04 not really a zip", "is damaged"),
        ("pledges.csv", "Kind,Amount\nGrant,£5\n".encode("cp1252"), "is not UTF-8 text"),
        ("pledges.csv", b"Kind,Amount\x00\n", "is not a text CSV file"),
        ("pledges.csv", b"", "The file is empty"),
    ],
)
def test_files_of_the_wrong_kind_are_refused(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SpreadsheetError, match=message):
        spreadsheets.preview_pledges(path, today=TODAY)


def test_missing_files_and_folders_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SpreadsheetError, match="There is no file"):
        spreadsheets.preview_pledges(tmp_path / "nothing.csv", today=TODAY)
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    with pytest.raises(SpreadsheetError, match="is a folder"):
        spreadsheets.preview_pledges(folder, today=TODAY)


def test_files_too_big_are_refused(store: Store, case_id: int, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.write(b"Kind,Amount,Status\n")
        handle.truncate(spreadsheet_files.MAX_BYTES + 1)  # sparse: nothing read
    with pytest.raises(SpreadsheetError, match="cattool imports files of up to 20 MB"):
        spreadsheets.preview_pledges(big, today=TODAY)
    many = tmp_path / "many.csv"
    lines = ["Kind,Amount,Status"] + ["Donation,1,pledged"] * (spreadsheet_files.MAX_ROWS + 1)
    many.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with store.transaction() as session:
        with pytest.raises(SpreadsheetError, match="more than 10,000 rows"):
            spreadsheets.import_pledges(session, case_id, many, today=TODAY)
        assert session.scalar(select(func.count()).select_from(FundingSource)) == 0
    wide = write_csv(tmp_path / "wide.csv", ",".join(f"c{i}" for i in range(70)) + "\n")
    with pytest.raises(SpreadsheetError, match="more than 60 columns"):
        spreadsheets.preview_pledges(wide, today=TODAY)


def test_exports_refuse_other_file_types_and_write_nothing(
    store: Store, case_id: int, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with store.transaction() as session:
        with pytest.raises(SpreadsheetError, match=r"use \.csv or \.xlsx"):
            spreadsheets.export_pledges(session, case_id, out / "pledges.pdf")
        with pytest.raises(Exception, match="no share offer"):
            spreadsheets.export_shareholders(session, case_id, out / "h.csv")
    assert list(out.iterdir()) == []
