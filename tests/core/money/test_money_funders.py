"""The funder catalogue: honest bundled data, user edits merged, conditions checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from types import SimpleNamespace

from cattool.core.eligibility import legal_forms
from cattool.core.money.facts import SourceFacts
from cattool.core.money.funders import (
    FUND_STATUSES,
    CaseMoneyFacts,
    Fund,
    bundled_funds,
    check_fund,
    check_source_conditions,
    fund_row_values,
    merge_funds,
)
from cattool.core.money.vocabulary import SOURCE_KINDS

D = Decimal
TODAY = dt.date(2026, 3, 5)
FACTS = CaseMoneyFacts(
    today=TODAY,
    legal_form="community-benefit-society",
    asset_lock=True,
    tenure="freehold",
    need=D("240000"),
    other_money=D("60000"),
    pledged=D("30000"),
)


def test_the_bundled_catalogue_is_well_formed_and_sourced() -> None:
    funds = bundled_funds()
    assert len(funds) >= 10
    for fund in funds.values():
        assert fund.status in FUND_STATUSES, fund.key
        assert fund.kind in SOURCE_KINDS, fund.key
        assert fund.citation and fund.checked_on, fund.key
        assert set(fund.legal_forms) <= set(legal_forms()), fund.key
        for value in (fund.award_min, fund.award_max, fund.match_percent):
            assert value is None or isinstance(value, Decimal)
        if fund.award_min is None and fund.award_max is None:
            assert "check with" in fund.award_note.lower(), fund.key


def test_the_catalogue_names_the_real_funders() -> None:
    text = " ".join(f"{f.funder} {f.name}" for f in bundled_funds().values())
    for name in (
        "Architectural Heritage Fund",
        "National Lottery Heritage Fund",
        "Power to Change",
        "Community Wealth Fund",
        "Pride in Place",
        "Community Shares Booster",
        "council",
        "Key Fund",
        "Co-operative and Community Finance",
        "Plunkett",
    ):
        assert name in text, name


def test_the_community_ownership_fund_is_closed_with_its_round_rules() -> None:
    cof = bundled_funds()["community-ownership-fund"]
    assert cof.status == "closed" and "December 2024" in cof.status_note
    assert cof.match_percent == D("20") and cof.award_max == D("2000000")
    for words in ("£250,000", "£1m", "£2m", "50%", "10%"):
        assert words in cof.award_note + cof.match_note, words
    assert "£50,000 or 20%" in cof.award_note
    assert any("12 months" in c for c in cof.conditions)
    check = check_fund(FACTS, cof, D("100000"))
    assert "Community Ownership Fund is closed: it cannot be applied to." in check.unmet
    assert not check.fits


def test_conditions_in_plain_words() -> None:
    fund = Fund(
        key="x",
        name="Test Fund",
        status="open",
        award_min=D("10000"),
        award_max=D("100000"),
        match_percent=D("25"),
        min_lease_years=25,
        legal_forms=("community-benefit-society", "charitable-incorporated-organisation"),
        incorporation_required=True,
        asset_lock_required=True,
    )
    ok = check_fund(FACTS, fund, D("50000"))
    assert ok.unmet == () and ok.unknown == () and ok.fits
    assert (
        "Match funding: 25% of the costs (£60,000) must come from other sources; you have "
        "£60,000 secured or received." in ok.met
    )
    assert "You are buying the freehold (a lease would need at least 25 years)." in ok.met

    short_lease = replace(FACTS, tenure="leasehold", lease_years=15)
    assert "The lease is 15 years; the minimum is 25 years." in check_fund(short_lease, fund).unmet
    unknown_tenure = check_fund(replace(FACTS, tenure=""), fund)
    assert any("freehold or a lease" in u for u in unknown_tenure.unknown)

    association = replace(FACTS, legal_form="unincorporated-association", asset_lock=False)
    unmet = " ".join(check_fund(association, fund).unmet)
    assert "is not among those who may apply" in unmet
    assert "needs an incorporated body" in unmet and "asset lock" in unmet

    poor = replace(FACTS, other_money=D("40000"), pledged=D("30000"))
    match = " ".join(check_fund(poor, fund).unmet)
    assert "£20,000 short; with pledges of £30,000 it would be enough" in match

    assert "is above the largest award" in " ".join(check_fund(FACTS, fund, D("200000")).unmet)
    assert "is below the smallest award" in " ".join(check_fund(FACTS, fund, D("5000")).unmet)
    no_form = check_fund(replace(FACTS, legal_form=""), fund)
    assert "Record the group's legal form" in " ".join(no_form.unknown)


def test_unknown_and_targeted_funds_say_check_with_the_funder() -> None:
    booster = check_fund(FACTS, bundled_funds()["community-shares-booster-development"])
    assert any("check with the funder" in u for u in booster.unknown)
    assert booster.notes[-1].endswith("Check with the funder before relying on any figure here.")
    wealth = check_fund(FACTS, bundled_funds()["community-wealth-fund"])
    assert any("selected places" in u for u in wealth.unknown)


def test_a_sources_own_conditions_are_checked() -> None:
    source = SourceFacts(
        1,
        "grant",
        D("100000"),
        "awarded",
        match_percent=D("50"),
        incorporation_required=True,
        condition_deadline=dt.date(2026, 3, 1),
    )
    check = check_source_conditions(FACTS, source)
    assert any("£120,000" in u for u in check.unmet)  # 50 % of £240,000
    assert "The conditions had to be met by 1 March 2026." in check.unmet
    assert any("incorporated" in m for m in check.met)


def row(**values: object) -> SimpleNamespace:
    base = fund_row_values(Fund(key="k", name="n"))
    base.update(values)
    return SimpleNamespace(**base)


def test_the_users_entries_replace_or_add_to_the_catalogue() -> None:
    bundled = bundled_funds()
    edited = fund_row_values(bundled["key-fund"]) | {"status": "closed", "hidden": False}
    funds = merge_funds(
        bundled,
        [
            SimpleNamespace(**edited),
            row(key="my-council", name="Borough capital grant", status="open"),
            row(key="plunkett-more-than-a-pub", name="x", hidden=True),
        ],
    )
    by_key = {f.key: f for f in funds}
    assert by_key["key-fund"].status == "closed" and by_key["key-fund"].origin == "edited"
    assert by_key["key-fund"].conditions == bundled["key-fund"].conditions
    assert by_key["my-council"].origin == "yours"
    assert "plunkett-more-than-a-pub" not in by_key
    assert funds[0].status == "open"  # open funds first
    assert len(funds) == len(bundled)  # one added, one hidden
