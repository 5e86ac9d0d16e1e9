"""`cattool lease`: terms, checks, key dates and the CAT steps, as text and JSON."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cattool.core import services
from cattool.core.lease import services as ls
from cattool.core.store import open_store

TODAY = dt.date(2026, 3, 5)


def _hall(db_path: Path, status: str = "signed") -> None:
    store = open_store(str(db_path))
    with store.transaction() as session:
        case_id = services.create_case(session, "Bramley Hall", "england-2011",
                                       reference="HALL").created_id  # fmt: skip
        assert case_id is not None
        services.add_event(session, case_id, "cat-eoi-submitted", dt.date(2026, 1, 5),
                           today=TODAY)  # fmt: skip
        lease_id = ls.add_lease(session, case_id, today=TODAY, status=status,
                                title="Hall lease", landlord="Leeds City Council",
                                term_years=20, start_date=dt.date(2026, 4, 1),
                                peppercorn=True, rent_review_years=5,
                                rent_review_basis="upward-only", market_value="£2,500,000",
                                price="£100,000").created_id  # fmt: skip
        assert lease_id is not None
        ls.add_break(session, lease_id, today=TODAY, party="landlord", from_year=10,
                     notice_months=6)  # fmt: skip
    store.close()


def test_lease_text_shows_terms_checks_dates_and_cat(cattool, db_path: Path) -> None:
    _hall(db_path)
    result = cattool("lease", "HALL")
    assert result.code == 0, result.err
    out = result.out
    assert "Hall lease [Signed: in force; new lease]" in out
    assert "Term:          20 years" in out and "Ends:          31 March 2046" in out
    assert "Undervalue:    £2,400,000" in out
    assert "[problem] Upward-only rent review in a new lease (PROVISIONAL)" in out
    assert "[problem] Undervalue £2,400,000: over £2,000,000" in out
    assert "[warning] The term is 20 years: under 25" in out
    assert "[warning] Only the landlord may break the lease" in out
    assert "Source: Local Government Act 1972 s.123; General Disposal Consent" in out
    assert "Rent review (year 5)" in out and "not statutory" in out
    assert "Council's decision on the expression of interest expected" in out
    assert "council policy default (not law)" in out


def test_next_n_and_all(cattool, db_path: Path) -> None:
    _hall(db_path)
    one = cattool("lease", "HALL", "--next", "1")
    assert one.code == 0 and one.out.count("(Hall lease)") == 1
    everything = cattool("lease", "HALL", "--all")
    # 3 reviews, a break and its notice, the term end.
    assert everything.out.count("(Hall lease)") == 6


def test_lease_json(cattool, db_path: Path) -> None:
    _hall(db_path)
    data = cattool("lease", "HALL", "--json", "--all").json()
    assert isinstance(data, dict)
    (lease,) = data["leases"]
    assert lease["terms"]["term_years"] == 20 and lease["undervalue"] == "2400000.00"
    assert lease["terms"]["breaks"][0]["party"] == "landlord"
    assert {c["key"] for c in lease["checks"]} >= {"upward-only-review", "undervalue-over-2m"}
    assert [d["date"] for d in lease["key_dates"]][:2] == ["2031-04-01", "2035-10-01"]
    assert data["cat"]["reached"] == "eoi-submitted"
    assert data["cat"]["expected"][0]["date"] == "2026-02-02"
    assert data["cat"]["expected"][0]["status"] == "passed"
    later = cattool("lease", "HALL", "--json", "--on", "1/4/2036", "--next", "2").json()
    assert isinstance(later, dict)
    coming = later["leases"][0]["key_dates"]
    assert [d["date"] for d in coming] == ["2036-04-01", "2036-04-01"]  # a break and a review
    assert {d["key"].split("-")[1][:5] for d in coming} == {"break", "rent"}


def test_lease_dates_join_deadlines_and_agenda(cattool, db_path: Path) -> None:
    _hall(db_path)
    deadlines = cattool("deadlines", "HALL", "--json").json()
    assert isinstance(deadlines, list)
    keys = {d["key"] for d in deadlines}
    assert "cat-eoi-decision" in keys and any(k.endswith("term-end") for k in keys)
    agenda = cattool("agenda", "--days", "60", "--json").json()
    assert isinstance(agenda, list)
    assert any(item["key"] == "cat-business-case-submitted" for item in agenda)


def test_a_case_without_a_lease(cattool, db_path: Path) -> None:
    assert cattool("case", "new", "Empty Hall", "--regime", "england-2011").code == 0
    result = cattool("lease", "Empty Hall")
    assert result.code == 0 and "No lease recorded." in result.out
    assert "No CAT step recorded" in result.out


def test_bad_input_exits_2(cattool, db_path: Path) -> None:
    _hall(db_path)
    for args in (
        ("lease", "NOPE"),
        ("lease", "HALL", "--on", "31/2/2026"),
        ("lease", "HALL", "--next", "-1"),
    ):
        result = cattool(*args)
        assert result.code == 2, args
        assert result.err.startswith("cattool: ") and result.out == ""
    assert cattool("lease", "HALL", "--all", "--next", "2").code == 2  # argparse: one or other
