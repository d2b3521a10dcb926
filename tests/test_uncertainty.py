"""Monte Carlo uncertainty: fitted distributions, reproducibility, agreement with the model."""

from __future__ import annotations

import time

import numpy as np
import pytest

from grunnlag.model.economics import compute_all
from grunnlag.model.uncertainty import (
    Draws,
    analysis,
    evaluate,
    lognormal_from_p50_p85,
    model_parts,
    sample,
    uncertainty_from,
)


@pytest.fixture(scope="module")
def base(params, units):
    res = compute_all(units, params)
    local = {nr: round(sum(r.budget_p50.costs["lokal"].values())) for nr, r in res.items()}
    return res, local


@pytest.mark.parametrize("p50,p85", [(4755, 5915), (4060, 4465)])
def test_lognormal_fit_reproduces_published_p50_p85(p50, p85):
    mu, sigma = lognormal_from_p50_p85(p50, p85)
    draws = np.random.default_rng(1).lognormal(mu, sigma, 200_000)
    assert np.percentile(draws, 50) == pytest.approx(p50, rel=0.01)
    assert np.percentile(draws, 85) == pytest.approx(p85, rel=0.01)


def test_running_costs_are_uncertain_with_their_stated_p85(params, assumptions, units, base):
    """Running costs carry their own spread (drift_p85_faktor), so their P85 is above P50 and
    the cost frame P85 includes it."""
    d = sample(uncertainty_from(assumptions))
    assert np.percentile(d.drift, 50) == pytest.approx(1.0, abs=0.01)
    assert np.percentile(d.drift, 85) == pytest.approx(params.drift_p85, rel=0.01)
    res, local = base
    parts = model_parts(params, units, local, (0,))
    one, zero = np.ones(1), np.zeros(1, dtype=int)
    low, _ = evaluate(params, units, parts, Draws(one, one, one, zero, one), params.expected)
    high, _ = evaluate(params, units, parts, Draws(one, one, one, zero, one * 1.5),
                       params.expected)
    j = [u.nr for u in units].index("0301")
    drift = sum(res["0301"].budget_p50.costs["drift"].values())
    assert high[0, j] - low[0, j] == pytest.approx(0.5 * drift, rel=1e-9)


def test_programme_spread_matches_the_published_21_percent(assumptions):
    u = uncertainty_from(assumptions)
    assert u.program[1] == pytest.approx(assumptions.v("program_standardavvik"), abs=0.01)
    d = sample(u)
    assert np.percentile(d.program * 4755, 85) == pytest.approx(5915, rel=0.01)
    assert np.percentile(d.local * 4060, 85) == pytest.approx(4465, rel=0.01)
    assert np.percentile(d.gains, 10) == pytest.approx(0.75, abs=0.02)
    assert np.percentile(d.gains, 90) == pytest.approx(1.5, abs=0.02)


def test_same_seed_gives_the_same_figures(params, assumptions, units, base):
    _, local = base
    u = uncertainty_from(assumptions)
    a = analysis(params, u, units, local, seed=7).run()
    b = analysis(params, u, units, local, seed=7).run()
    c = analysis(params, u, units, local, seed=8).run()
    assert a == b
    assert a != c


def test_the_cost_alone_is_the_cost_of_the_whole_analysis(params, assumptions, units, base):
    """The what-if tables take P50 and P85 from Analysis.cost, the headline from run(): one
    figure, whichever asks, at every share and key."""
    _, local = base
    mc = analysis(params, uncertainty_from(assumptions), units, local)
    for share, key in ((None, None), (0.4, None), (None, 1.0)):
        whole, alone = mc.run(share, key), mc.cost(share, key)
        assert alone and all(alone[nr] == {q: whole[nr]["kommunal_kostnad"][q]
                                           for q in ("p50", "p85")} for nr in whole)


def test_at_fixed_inputs_the_simulation_is_the_model(params, units, base):
    res, local = base
    parts = model_parts(params, units, local, (0,))
    one = np.ones(1)
    cost, npv = evaluate(params, units, parts, Draws(one, one, one, np.zeros(1, dtype=int), one),
                         params.expected)
    for j, u in enumerate(units):
        assert cost[0, j] == pytest.approx(res[u.nr].basis_cost, abs=2)
        assert npv[0, j] == pytest.approx(res[u.nr].netto_naverdi, abs=2)


def test_all_291_in_seconds_with_ordered_percentiles(params, assumptions, units, base):
    _, local = base
    start = time.perf_counter()
    out = analysis(params, uncertainty_from(assumptions), units, local).run()
    seconds = time.perf_counter() - start
    print(f"Monte Carlo for {len(units)} municipalities: {seconds:.2f} s")
    assert len(out) == 291
    assert seconds < 15
    for figs in out.values():
        for q in figs.values():
            assert q["p10"] <= q["p50"] <= q["p85"] <= q["p90"]
            assert all(isinstance(v, int) for v in q.values())


def test_own_local_estimates_reach_the_simulation(params, units):
    from dataclasses import replace

    own = [replace(u, local_own=3_000_000) if u.nr == "1151" else u for u in units]
    res = compute_all(own, params)
    local = {nr: round(sum(r.budget_p50.costs["lokal"].values())) for nr, r in res.items()}
    factors = {nr: r.local_factor for nr, r in res.items()}
    parts = model_parts(params, own, local, (0,), factors)
    one = np.ones(1)
    _, npv = evaluate(params, own, parts, Draws(one, one, one, np.zeros(1, dtype=int), one),
                      params.expected)
    j = [u.nr for u in own].index("1151")
    assert npv[0, j] == pytest.approx(res["1151"].netto_naverdi, abs=2)
