"""Regime files: both bundled regimes load, and a broken file says where it is broken."""

from __future__ import annotations

import tomllib

import pytest

from cattool.core.paths import resources_dir
from cattool.core.rules.regime import RegimeError, available_regimes, build_regime, load_regime

REQUIRED_KEYS = {
    "nomination-decision-due",
    "review-request-deadline",
    "review-decision-due",
    "appeal-deadline",
    "listing-expires",
    "renomination-due",
    "interim-moratorium-ends",
    "full-moratorium-ends",
    "protected-period-ends",
}


def raw(regime_id: str) -> dict:
    with open(resources_dir() / "regimes" / f"{regime_id}.toml", "rb") as handle:
        return tomllib.load(handle)


@pytest.mark.parametrize("regime_id", ["england-2011", "england-2026"])
def test_bundled_regimes_have_every_contract_deadline(regime_id: str) -> None:
    regime = load_regime(regime_id)
    assert set(regime.period_index) >= REQUIRED_KEYS
    for period in regime.periods:
        assert period.source and period.explain and period.label


def test_available_regimes() -> None:
    assert {"england-2011", "england-2026"} <= set(available_regimes())


def test_2011_is_settled_and_2026_names_its_unknowns() -> None:
    old, new = load_regime("england-2011"), load_regime("england-2026")
    assert not old.period_index["full-moratorium-ends"].provisional
    assert str(old.period_index["full-moratorium-ends"].length) == "6 months"
    assert str(new.period_index["full-moratorium-ends"].length) == "12 months"
    provisional = {p.key for p in new.provisional_parameters()}
    # DOMAIN.md section 4: each unknown is a named provisional parameter.
    for name in (
        "moratorium-trigger",
        "interest-window",
        "protected-period",
        "valuation-period",
        "completion-period",
        "listing-duration",
        "early-end",
    ):
        assert name in provisional


def test_unknown_regime_names_the_known_ones() -> None:
    with pytest.raises(RegimeError, match="england-2011"):
        load_regime("scotland-2003")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["period"]["listing-expires"].update(length="five years"), "bad or missing"),
        (lambda d: d["period"]["listing-expires"].update(starts=["listed-ish"]), "unknown event"),
        (lambda d: d["period"]["renomination-due"].update(before="nope"), "defined earlier"),
        (lambda d: d["period"]["listing-expires"].pop("source"), "missing 'source'"),
        (
            lambda d: d["period"]["listing-expires"].update(after=["nomination-decision-due"]),
            "exactly one",
        ),
        (
            lambda d: d["period"]["compensation-claim-deadline"].update(length="@nope"),
            "unknown parameter",
        ),
    ],
)
def test_broken_regime_data_is_reported_with_its_place(mutate, message) -> None:
    data = raw("england-2011")
    mutate(data)
    with pytest.raises(RegimeError, match=message) as caught:
        build_regime(data, {}, origin="test.toml")
    assert "test.toml: period." in str(caught.value)


def test_override_of_unknown_parameter_is_refused() -> None:
    with pytest.raises(RegimeError, match="no such parameter"):
        build_regime(raw("england-2026"), {"nope": {"value": "1 week"}})
