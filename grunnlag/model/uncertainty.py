"""Monte Carlo uncertainty of each municipality's budget cost and net present value.

Why: a council deciding on a binding commitment needs to know how wrong the figures can be,
and the figures the report calls P50 and P85 are the percentiles of this analysis.
The formulas stay in model.py: this module evaluates the model's own line functions once per
municipality and delay (budget_lines, soa_lines, program_flows), then combines the parts
linearly for every draw, vectorised over all 291 municipalities. Participation is not drawn:
each analysis is for one stated participation share (the headline uses the expected one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from statistics import NormalDist

import numpy as np

from grunnlag.inputs.assumptions import Forutsetninger
from grunnlag.model.economics import (
    Params,
    Unit,
    budget_lines,
    calibrate,
    participation,
    present_value,
    program_flows,
    program_total,
    soa_lines,
    soa_program_value,
    soa_state_program,
    state_program,
    weights_of,
)

SEED = 2020
PERCENTILES = (10, 50, 85, 90)
Z85 = NormalDist().inv_cdf(0.85)
Z90 = NormalDist().inv_cdf(0.90)
SCALED_GAINS = ("tidsgevinst",)  # the gains whose realisation is uncertain (J Tabell 19/21)


# --------------------------------------------------------------------------- distributions
def lognormal_from_p50_p85(p50: float, p85: float) -> tuple[float, float]:
    """(mu, sigma) of the lognormal whose median is P50 and whose 85th percentile is P85."""
    return float(np.log(p50)), float(np.log(p85 / p50) / Z85)


def split_normal_from_p10_p90(p10: float, median: float, p90: float) -> tuple[float, float]:
    """Left and right sigma of a two-piece normal with the given P10, median and P90."""
    return (median - p10) / Z90, (p90 - median) / Z90


@dataclass(frozen=True)
class Uncertainty:
    """The sampling assumptions, read from the national file."""

    draws: int
    program: tuple[float, float]  # lognormal (mu, sigma) of the cost factor (median 1)
    local: tuple[float, float]
    gains_p10: float
    gains_p90: float
    delay: tuple[tuple[int, float], ...]  # (years shifted, probability)
    drift: tuple[float, float] = (0.0, 0.0)  # lognormal of the running-cost factor


def uncertainty_from(a: Forutsetninger) -> Uncertainty:
    """Fit the cost factors to the published P50/P85 (SSD Tabell 29 and 30)."""
    v = a.v
    prog = lognormal_from_p50_p85(v("program_p50"), v("program_p85"))
    local = lognormal_from_p50_p85(v("lokal_p50"), v("lokal_p85"))
    g10, g90 = v("usikkerhet_gevinst")
    d = v("usikkerhet_forsinkelse")
    return Uncertainty(
        draws=int(v("usikkerhet_trekk")),
        program=(0.0, prog[1]),
        local=(0.0, local[1]),
        gains_p10=float(g10), gains_p90=float(g90),
        delay=tuple(sorted((int(k), float(s)) for k, s in d.items())),
        drift=(0.0, lognormal_from_p50_p85(1.0, v("drift_p85_faktor"))[1]),
    )


@dataclass(frozen=True)
class Draws:
    """One set of national draws, shared by all municipalities (common shocks)."""

    program: np.ndarray
    local: np.ndarray
    gains: np.ndarray
    delay_index: np.ndarray
    drift: np.ndarray


def sample(u: Uncertainty, seed: int = SEED) -> Draws:
    """Draw the national factors; the same seed gives the same draws."""
    rng = np.random.default_rng(seed)
    n = u.draws
    prog = np.exp(rng.normal(*u.program, n))
    local = np.exp(rng.normal(*u.local, n))
    left, right = split_normal_from_p10_p90(u.gains_p10, 1.0, u.gains_p90)
    z = rng.standard_normal(n)
    gains = np.maximum(0.0, 1.0 + np.where(z < 0, z * left, z * right))
    probs = np.array([s for _, s in u.delay])
    delay_index = rng.choice(len(u.delay), size=n, p=probs / probs.sum())
    drift = np.exp(rng.normal(*u.drift, n))
    return Draws(prog, local, gains, delay_index, drift)


# --------------------------------------------------------------------------- model parts
@dataclass(frozen=True)
class Parts:
    """Per delay (axis 0) and municipality (axis 1): the amounts that the draws scale."""

    local_budget: np.ndarray  # own local implementation cost, P50, NOK incl. mva
    drift_fixed_per_key: np.ndarray  # budget fixed running cost per unit of key
    drift_var: np.ndarray  # budget variable running cost
    soa_gains_scaled: np.ndarray  # present value of the gains the gain factor scales
    soa_gains_other: np.ndarray  # present value of the other own gains
    soa_local: np.ndarray  # present value of local implementation (socio-economic)
    soa_own_costs: np.ndarray  # present value of the other own cost lines
    soa_drift_var: np.ndarray  # present value of the variable running cost
    soa_drift_per_key: np.ndarray  # present value of the fixed running cost per unit of key
    program_pv_ratio: np.ndarray  # present value of the programme payments per krone (1 unless
    #                               an option's equalisation moves them later)


def model_parts(p: Params, units: list[Unit], local_nok: dict[str, int],
                delays: tuple[int, ...], local_factors: dict[str, float] | None = None) -> Parts:
    """Evaluate the model's line functions for every municipality at each delay.

    `local_factors` carry a municipality's own local cost estimate into the socio-economic
    view, as model.compute_all does."""
    part = participation(units, p.expected)
    w = weights_of(p, units)
    calib = calibrate(p)
    shape = (len(delays), len(units))
    arr = {k: np.zeros(shape) for k in Parts.__dataclass_fields__}
    pv = lambda flows: present_value(p, flows)  # noqa: E731
    for i, d in enumerate(delays):
        for j, u in enumerate(units):
            ud = replace(u, golive=u.golive + d)
            with_key = budget_lines(p, ud, part, w, calib, 0, 0, key=1.0)
            no_key = budget_lines(p, ud, part, w, calib, 0, 0, key=0.0)
            var = sum(no_key.costs["drift"].values())
            arr["drift_var"][i, j] = var
            arr["drift_fixed_per_key"][i, j] = sum(with_key.costs["drift"].values()) - var
            arr["local_budget"][i, j] = local_nok[u.nr]
            soa = soa_lines(p, ud, part, w, calib, key=1.0,
                            local_factor=(local_factors or {}).get(u.nr, 1.0))
            arr["soa_gains_scaled"][i, j] = sum(pv(soa.gains[g]) for g in SCALED_GAINS)
            arr["soa_gains_other"][i, j] = sum(pv(f) for g, f in soa.gains.items()
                                               if g not in SCALED_GAINS)
            arr["soa_local"][i, j] = pv(soa.costs["lokal_innforing"])
            arr["soa_own_costs"][i, j] = sum(pv(f) for c, f in soa.costs.items()
                                             if c not in ("lokal_innforing", "drift_fast",
                                                          "program", "drift_variabel"))
            arr["soa_drift_var"][i, j] = pv(soa.costs["drift_variabel"])
            arr["soa_drift_per_key"][i, j] = pv(soa.costs["drift_fast"])
            arr["program_pv_ratio"][i, j] = pv(program_flows(p, ud, 1.0))
    return Parts(**arr)


def keys_at(p: Params, units: list[Unit], share: float) -> np.ndarray:
    """Every municipality's share of common costs at a participation share (model.key_share,
    vectorised)."""
    part = participation(units, share)
    folk = np.array([u.folketall for u in units], dtype=float)
    return p.key_fixed / part.municipalities + (1 - p.key_fixed) * folk / part.population


def _drawn(p: Params, units: list[Unit], draws: Draws, share: float
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, Callable[[np.ndarray], np.ndarray]]:
    """What both views scale per draw: the key (1, municipalities), the programme and local
    factors (draws, 1), and each part at the draw's delay."""
    return (keys_at(p, units, share)[None, :], draws.program[:, None], draws.local[:, None],
            lambda a: a[draws.delay_index])


def budget_cost(p: Params, units: list[Unit], parts: Parts, draws: Draws,
                share: float) -> np.ndarray:
    """Budget cost, shape (draws, municipalities), at one share.

    The programme overrun above P50 falls on the municipalities (the state pays its fixed
    contribution), so the sampled factor scales the programme cost but not the state's part.
    """
    key, prog, local, at = _drawn(p, units, draws, share)
    budget_program = key * (program_total(p, share) * prog - state_program(p))
    drift = draws.drift[:, None]
    return (budget_program + at(parts.local_budget) * local
            + (at(parts.drift_var) + key * at(parts.drift_fixed_per_key)) * drift)


def net_present_value(p: Params, units: list[Unit], parts: Parts, draws: Draws,
                      share: float) -> np.ndarray:
    """Net present value for the municipality, shape (draws, municipalities), at one share."""
    key, prog, local, at = _drawn(p, units, draws, share)
    soa_program = key * (soa_program_value(p, share) * prog - soa_state_program(p))
    drift = draws.drift[:, None]
    return (at(parts.soa_gains_scaled) * draws.gains[:, None] + at(parts.soa_gains_other)
            - at(parts.soa_local) * local - at(parts.soa_own_costs)
            - (key * at(parts.soa_drift_per_key) + at(parts.soa_drift_var)) * drift
            - soa_program * at(parts.program_pv_ratio))


def evaluate(p: Params, units: list[Unit], parts: Parts, draws: Draws,
             share: float) -> tuple[np.ndarray, np.ndarray]:
    """Budget cost and net present value, shape (draws, municipalities), at one share."""
    return (budget_cost(p, units, parts, draws, share),
            net_present_value(p, units, parts, draws, share))


def percentiles(values: np.ndarray, which: tuple[int, ...] = PERCENTILES
                ) -> list[dict[str, int]]:
    """P10, P50, P85, P90 (or `which`) per municipality (whole NOK)."""
    q = np.percentile(values, which, axis=0)
    return [{f"p{pc}": int(round(q[i, j])) for i, pc in enumerate(which)}
            for j in range(values.shape[1])]


@dataclass(frozen=True)
class Analysis:
    """The uncertainty analysis of one case (who goes live when, on which agreement)."""

    p: Params
    units: list[Unit]
    parts: Parts
    draws: Draws

    def _at(self, share: float | None, key_fixed: float | None) -> tuple[Params, float]:
        p = self.p if key_fixed is None else replace(self.p, key_fixed=key_fixed)
        return p, p.expected if share is None else share

    def run(self, share: float | None = None, key_fixed: float | None = None
            ) -> dict[str, dict[str, dict[str, int]]]:
        """The `usikkerhet` block of every municipality at a share (default: expected)."""
        p, at = self._at(share, key_fixed)
        cost, npv = evaluate(p, self.units, self.parts, self.draws, at)
        pc, pn = percentiles(cost), percentiles(npv)
        return {u.nr: {"kommunal_kostnad": pc[j], "netto_naverdi": pn[j]}
                for j, u in enumerate(self.units)}

    def cost(self, share: float | None = None, key_fixed: float | None = None
             ) -> dict[str, dict[str, int]]:
        """P50 and P85 of the budget cost alone, all the what-if tables show: the same
        figures as run()'s `kommunal_kostnad`, at a third of the work."""
        p, at = self._at(share, key_fixed)
        pc = percentiles(budget_cost(p, self.units, self.parts, self.draws, at), (50, 85))
        return {u.nr: pc[j] for j, u in enumerate(self.units)}


def analysis(p: Params, u: Uncertainty, units: list[Unit], local_nok: dict[str, int],
             seed: int = SEED, local_factors: dict[str, float] | None = None) -> Analysis:
    """Prepare the analysis of one case: the model's parts at each delay, and the draws."""
    delays = tuple(d for d, _ in u.delay)
    return Analysis(p, units, model_parts(p, units, local_nok, delays, local_factors),
                    sample(u, seed))
