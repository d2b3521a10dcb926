"""The economic model on hand-checked examples and invariants."""

from __future__ import annotations

import pytest

from grunnlag import model
from grunnlag.model import Unit, apportion, compute_all, national_npv, present_value


def test_apportion_adds_up_exactly_and_follows_weights():
    parts = apportion(1_000_001, {"a": 1, "b": 1, "c": 1})
    assert sum(parts.values()) == 1_000_001
    assert sorted(parts.values()) == [333_333, 333_334, 333_334]
    assert apportion(10, {"x": 3, "y": 1}) == {"x": 8, "y": 2}  # 7.5 / 2.5 -> tie to x
    assert apportion(10, {"x": 0, "y": 0}) == {"x": 0, "y": 0}


def test_present_value_by_hand(params):
    # 1 040 kr in 2020 is worth 1 000 kr in 2019 at 4 %; 1 081,60 kr in 2021 likewise.
    assert present_value(params, {2020: 1040.0}) == pytest.approx(1000.0)
    assert present_value(params, {2021: 1081.6}) == pytest.approx(1000.0)


def test_the_291_share_the_national_totals_to_the_krone(params, units):
    res = compute_all(units, params)
    assert len(res) == 291
    program = sum(sum(r.budget_p50.costs["program"].values()) for r in res.values())
    assert program == round(params.program_p50 - params.state_share * params.program_p50)
    local = sum(sum(r.budget_p50.costs["lokal"].values()) for r in res.values())
    assert local == round(params.local_p50) == 4_060_000_000
    state = sum(r.state_nok for r in res.values())
    assert state == round(params.state_share * params.program_p50)
    reserve = sum(r.kommunal_kostnad_p85 - r.kommunal_kostnad_p50 for r in res.values())
    assert reserve == (5_915 - 4_755 + 4_465 - 4_060) * 1_000_000
    assert sum(r.key for r in res.values()) == pytest.approx(1.0)


def test_small_municipality_pays_more_per_inhabitant_than_a_city(params, units):
    res = compute_all(units, params)
    utsira, oslo = res["1151"], res["0301"]
    assert utsira.kostnad_per_innbygger_per_ar > 5 * oslo.kostnad_per_innbygger_per_ar
    # Oslo carries 15 % of the population and so about that share of the per-inhabitant part.
    assert oslo.key == pytest.approx(0.2 / 291 + 0.8 * 693_494 / 4_632_214)


def test_local_cost_follows_receiving_projects(params, units):
    """A small municipality shares a receiving project with four others (J Boks 1)."""
    assert model.project_units(params, 9_999) == pytest.approx(0.2)
    assert model.project_units(params, 10_000) == 1.0


def test_break_even_is_the_first_year_that_stays_positive(params, units):
    res = compute_all(units, params)
    for nr in ("0301", "3024", "4621", "1151"):
        r = res[nr]
        cum = r.kumulativ_netto
        if r.break_even_ar is None:
            assert cum[2040] < 0 or any(cum[y] < 0 for y in cum)
            continue
        assert all(cum[y] >= 0 for y in cum if y >= r.break_even_ar)
        assert cum[r.break_even_ar - 1] < 0


def test_calibration_reproduces_vedlegg_j(params):
    """J Figur 24: 2 934 at 85 %, 4 246 at 100 %; negative below 55 %."""
    assert national_npv(params, 0.85) / 1e6 == pytest.approx(2_934, rel=0.01)
    assert national_npv(params, 1.0) / 1e6 == pytest.approx(4_246, rel=0.10)
    for share in (0.25, 0.40, 0.50, 0.54):
        assert national_npv(params, share) < 0
    assert national_npv(params, 0.56) > 0


def test_later_go_live_gives_lower_net_value(params, units):
    early = [Unit(u.nr, u.folketall, 2026) if u.nr == "4621" else u for u in units]
    late = [Unit(u.nr, u.folketall, 2030) if u.nr == "4621" else u for u in units]
    assert (compute_all(early, params)["4621"].netto_naverdi
            > compute_all(late, params)["4621"].netto_naverdi)


def test_own_figures_replace_estimates(params, units):
    own = [Unit(u.nr, u.folketall, u.golive, local_own=5_000_000, old_drift_own=400_000)
           if u.nr == "4621" else u for u in units]
    r = compute_all(own, params)["4621"]
    assert sum(r.budget_p50.costs["lokal"].values()) == 5_000_000
    assert r.budget_p50.gains["unngatt"][2040] == pytest.approx(
        400_000 + 20_000_000 / 10)  # own running cost + one procurement per ten years
