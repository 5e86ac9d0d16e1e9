"""`cattool money`: the need, the pipeline, the gap and the projection at the deadline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cattool.core import services
from cattool.core.money import services as money
from cattool.core.store import open_store

TODAY = dt.date(2026, 3, 5)


def _hall(db_path: Path) -> None:
    store = open_store(str(db_path))
    with store.session() as session:
        case_id = services.create_case(
            session, "Stretford Public Hall", "england-2011", reference="HALL"
        ).created_id
        assert case_id is not None
        # Owner's notice 2 Feb, request to bid in time: the full moratorium ends 1 Aug 2026.
        services.add_event(session, case_id, "owner-notice-received", dt.date(2026, 2, 2),
                           today=TODAY)  # fmt: skip
        services.add_event(session, case_id, "bidder-request-received", dt.date(2026, 2, 20),
                           today=TODAY)  # fmt: skip
        money.set_funding_plan(session, case_id, today=TODAY, purchase_price="£200,000",
                               fees="£10,000", stamp_duty="£0", refurbishment="£30,000",
                               contingency="0", working_capital="0")  # fmt: skip
        money.add_funding_source(session, case_id, today=TODAY, kind="grant", amount="£100,000",
                                 status="awarded", funder="Architectural Heritage Fund",
                                 expected_on=dt.date(2026, 6, 1))  # fmt: skip
        money.add_funding_source(session, case_id, today=TODAY, kind="donation",
                                 amount="£20,000", status="received", funder="Crowdfunder",
                                 received_on=dt.date(2026, 3, 1))  # fmt: skip
        money.add_funding_source(session, case_id, today=TODAY, kind="community-shares",
                                 amount="£80,000", status="pledged",
                                 expected_on=dt.date(2026, 12, 1))  # fmt: skip
        session.commit()
    store.close()


def test_money_reports_need_gap_and_the_projection_at_the_moratorium_end(
    cattool, db_path: Path
) -> None:
    _hall(db_path)
    result = cattool("money", "HALL")
    assert result.code == 0, result.err
    assert "Need: £240,000" in result.out
    assert "Gap (target less secured and received): £120,000" in result.out
    assert "Full moratorium ends: 1 August 2026" in result.out
    # Received £20,000 in full + awarded £100,000 × 95%; the shares arrive after the deadline.
    assert "On 1 August 2026 you are likely to have £115,000 of £240,000: £125,000 short." in (
        result.out
    )


def test_money_json_and_a_chosen_date(cattool, db_path: Path) -> None:
    _hall(db_path)
    data = cattool("money", "HALL", "--on", "2/12/2026", "--json").json()
    assert data["on"] == "2026-12-02" and data["on_reason"] == "chosen"
    assert data["projected"] == "175000.00"  # the pledged shares at 75% now count
    assert data["received"] == "20000.00" and data["gap"] == "120000.00"
    assert data["deadline_key"] == "full-moratorium-ends"


def test_money_bad_input_exits_2_and_writes_nothing(cattool, db_path: Path, db_snapshot) -> None:
    _hall(db_path)
    before = db_snapshot(db_path)
    assert cattool("money", "NOPE").code == 2
    bad = cattool("money", "HALL", "--on", "31/2/2026")
    assert bad.code == 2 and "February 2026 has only 28 days" in bad.err
    assert db_snapshot(db_path) == before
    missing = tmp = db_path.with_name("none.sqlite")
    assert cattool("money", "HALL", db=tmp).code == 2 and not missing.exists()
