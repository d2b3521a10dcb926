"""Monte Carlo uncertainty of each municipality's budget cost and net present value.

Why: a council deciding on a binding commitment needs to know how wrong the figures can be.
The formulas stay in model.py: this module evaluates the model's own functions once per
municipality and delay (budget_lines, soa_lines) and at sampled parameters (program_total and
soa_program_value with overridden params, key_share at sampled participation), then combines
the parts linearly for every draw, vectorised over all 291 municipalities.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from statistics import NormalDist

import numpy as np

from .assumptions import Forutsetninger
from .model import (
    Params,
    Unit,
    budget_lines,
    calibrate,
    key_share,
    participation,
    present_value,
    program_total,
    replace_params,
    soa_lines,
    soa_program_value,
    soa_state_program,
    state_program,
)

SEED = 2020
PERCENTILES = (10, 50, 85, 90)
Z85 = NormalDist().inv_cdf(0.85)
Z90 = NormalDist().inv_cdf(0.90)
SOA_GAIN_LINES = ("tidsgevinst", "uonskede_hendelser", "gamle_it", "skattefinansiering")
SOA_OWN_COSTS = ("drift_variabel", "omstilling")


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
    participation: tuple[float, float, float]  # triangular min, mode, max


def uncertainty_from(a: Forutsetninger) -> Uncertainty:
    """Fit the cost factors to the published P50/P85 (SSD Tabell 29 and 30)."""
    v = a.v
    prog = lognormal_from_p50_p85(v("program_p50"), v("program_p85"))
    local = lognormal_from_p50_p85(v("lokal_p50"), v("lokal_p85"))
    g10, g90 = v("usikkerhet_gevinst")
    d = v("usikkerhet_forsinkelse")
    lo, mode, hi = v("usikkerhet_deltakelse")
    return Uncertainty(
        draws=int(v("usikkerhet_trekk")),
        program=(0.0, prog[1]),
        local=(0.0, local[1]),
        gains_p10=float(g10), gains_p90=float(g90),
        delay=tuple(sorted((int(k), float(s)) for k, s in d.items())),
        participation=(float(lo), float(mode), float(hi)),
    )


@dataclass(frozen=True)
class Draws:
    """One set of national draws, shared by all municipalities (common shocks)."""

    program: np.ndarray
    local: np.ndarray
    gains: np.ndarray
    delay_index: np.ndarray
    share: np.ndarray


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
    share = rng.triangular(*u.participation, n)
    return Draws(prog, local, gains, delay_index, share)


# --------------------------------------------------------------------------- model parts
@dataclass(frozen=True)
class Parts:
    """Per delay (axis 0) and municipality (axis 1): the amounts that the draws scale."""

    local_budget: np.ndarray  # own local implementation cost, P50, NOK incl. mva
    drift_fixed_per_key: np.ndarray  # budget fixed running cost per unit of key
    drift_var: np.ndarray  # budget variable running cost
    soa_gains: np.ndarray  # present value of the own gain lines
    soa_local: np.ndarray  # present value of local implementation (socio-economic)
    soa_own_costs: np.ndarray  # present value of other own cost lines
    soa_drift_per_key: np.ndarray  # present value of the fixed running cost per unit of key


def model_parts(p: Params, units: list[Unit], local_nok: dict[str, int],
                delays: tuple[int, ...]) -> Parts:
    """Evaluate the model's line functions for every municipality at each delay."""
    part = participation(units, 1.0)
    calib = calibrate(p)
    shape = (len(delays), len(units))
    arr = {k: np.zeros(shape) for k in Parts.__dataclass_fields__}
    for i, d in enumerate(delays):
        for j, u in enumerate(units):
            ud = replace(u, golive=u.golive + d)
            key = key_share(p, ud, part)
            with_key, _ = budget_lines(p, ud, part, 1.0, 0, 0, 0, 0, calib)
            no_key, _ = budget_lines(p, ud, part, 0.0, 0, 0, 0, 0, calib)
            var = sum(no_key.costs["drift"].values())
            arr["drift_var"][i, j] = var
            arr["drift_fixed_per_key"][i, j] = sum(with_key.costs["drift"].values()) - var
            arr["local_budget"][i, j] = local_nok[u.nr]
            soa = soa_lines(p, ud, part, calib)
            pv = lambda flows: present_value(p, flows)  # noqa: E731
            arr["soa_gains"][i, j] = sum(pv(soa.gains[g]) for g in SOA_GAIN_LINES)
            arr["soa_local"][i, j] = pv(soa.costs["lokal_innforing"])
            arr["soa_own_costs"][i, j] = sum(pv(soa.costs[c]) for c in SOA_OWN_COSTS)
            arr["soa_drift_per_key"][i, j] = pv(soa.costs["drift_fast"]) / key
    return Parts(**arr)


def evaluate(p: Params, units: list[Unit], parts: Parts, delay_index: np.ndarray,
             share: np.ndarray, program: np.ndarray, local: np.ndarray,
             gains: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Budget cost and net present value, shape (draws, municipalities).

    The programme overrun above P50 falls on the municipalities (the state pays P50), so the
    sampled factor scales the programme cost but not the state's contribution.
    """
    folk = np.array([u.folketall for u in units], dtype=float)[None, :]
    shares = share[:, None]
    part = participation(units, shares)
    key = key_share(p, replace(units[0], folketall=folk), part)  # type: ignore[arg-type]
    prog_p = replace_params(p, program_p50=p.program_p50 * program[:, None])
    budget_program = key * (program_total(prog_p, shares) - state_program(p))
    soa_p = replace_params(p, soa={**p.soa, "soa_investering_program":
                                   p.soa["soa_investering_program"] * program[:, None]})
    soa_program = key * (soa_program_value(soa_p, shares) - soa_state_program(p))
    at = lambda a: a[delay_index]  # noqa: E731
    cost = (budget_program + at(parts.local_budget) * local[:, None]
            + at(parts.drift_var) + key * at(parts.drift_fixed_per_key))
    npv = (at(parts.soa_gains) * gains[:, None] - at(parts.soa_local) * local[:, None]
           - at(parts.soa_own_costs) - key * at(parts.soa_drift_per_key) - soa_program)
    return cost, npv


def percentiles(values: np.ndarray) -> list[dict[str, int]]:
    """P10, P50, P85, P90 per municipality (whole NOK)."""
    q = np.percentile(values, PERCENTILES, axis=0)
    return [{f"p{pc}": int(round(q[i, j])) for i, pc in enumerate(PERCENTILES)}
            for j in range(values.shape[1])]


def simulate(p: Params, u: Uncertainty, units: list[Unit], local_nok: dict[str, int],
             seed: int = SEED) -> dict[str, dict[str, dict[str, int]]]:
    """The `usikkerhet` block of every municipality's JSON."""
    delays = tuple(d for d, _ in u.delay)
    parts = model_parts(p, units, local_nok, delays)
    dr = sample(u, seed)
    cost, npv = evaluate(p, units, parts, dr.delay_index, dr.share, dr.program, dr.local,
                         dr.gains)
    pc, pn = percentiles(cost), percentiles(npv)
    return {un.nr: {"kommunal_kostnad": pc[j], "netto_naverdi": pn[j]}
            for j, un in enumerate(units)}
