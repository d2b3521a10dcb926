"""What-if figures for each municipality: participation levels, sensitivity (tornado),
distribution-key alternatives, commitment versus option, and the Monte Carlo spread.

Why: the council must see what drives its figures. Every variant reruns the model's own
functions (compute_all, or uncertainty.evaluate at fixed inputs) with changed parameters, so no
formula is written twice.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from typing import Any

import numpy as np

from grunnlag.inputs.assumptions import Forutsetninger
from grunnlag.model.contract import Kommunetall
from grunnlag.model.economics import (
    Params,
    Result,
    Unit,
    calibrate,
    compute_all,
    national_split,
    participation,
    present_value,
    replace_params,
    soa_lines,
    weights_of,
)
from grunnlag.model.figures import agreement_figures, no_agreement
from grunnlag.model.uncertainty import Analysis, analysis, uncertainty_from

PARTICIPATION = (0.25, 0.40, 0.55, 0.85, 1.0)
NATIONAL = "nasjonal"  # the key of the national split beside the municipalities' blocks


def participation_scenarios(p: Params, units: list[Unit], mc: Analysis,
                            levels: tuple[float, ...] = PARTICIPATION
                            ) -> tuple[dict[str, list[dict]], list[dict]]:
    """Cost (P50 of the analysis at that share) and net present value if municipalities with
    `levels` of the population join; and who gets the national value at each share
    (nasjonal.json `netto_naverdi_fordeling`, from the same results)."""
    out: dict[str, list[dict]] = {u.nr: [] for u in units}
    national = []
    for lv in levels:
        res = compute_all(units, p, lv)
        cost = mc.cost(share=lv)
        for u in units:
            out[u.nr].append({"andel": lv,
                              "kommunal_kostnad_p50": cost[u.nr]["p50"],
                              "netto_naverdi": res[u.nr].netto_naverdi})
        national.append(_split_row(p, res, lv))
    return out, national


def _split_row(p: Params, res: dict[str, Result], share: float) -> dict:
    split = national_split(p, res, share)
    return {"deltakelse": share, **{k: round(split[k]) for k in ("kommunane", "staten", "andre")}}


def reference_split(p: Params, population: dict[str, int],
                    levels: tuple[float, ...] = PARTICIPATION) -> list[dict]:
    """Who gets the national net present value at each participation share when every
    municipality follows the national assumptions (SSB population, the default go-live year,
    the national estimates of local cost and today's systems, commitment).

    This is the table every report quotes: it depends on no municipality's answers, so one
    municipality's answer never changes another municipality's report. The national overview
    shows the same table with the answers (`participation_scenarios`)."""
    units = [Unit(nr, n, p.golive_default) for nr, n in sorted(population.items())]
    return [_split_row(p, compute_all(units, p, lv), lv) for lv in levels]


def _with_golive(units: list[Unit], shift: int = 0, year: int | None = None) -> list[Unit]:
    return [replace(u, golive=year if year is not None else u.golive + shift) for u in units]


def _pct(x: float) -> str:
    return f"{round(x * 100):d} %"


def _key_label(fixed: float) -> str:
    return f"{round(fixed * 100):d}/{round((1 - fixed) * 100):d}"


def tornado(p: Params, a: Forutsetninger, units: list[Unit],
            base: dict[str, Result]) -> dict[str, list[dict]]:
    """For 8 assumptions: the municipality's NPV with the assumption at a low and a high value.

    The low and high values come from the national file (sensitivity ranges and the Monte Carlo
    ranges). Rows are sorted by how far they move the NPV, largest first.
    """
    key_lo, key_hi = a.v("alternative_fordelingsnokler")
    state_lo, state_hi = a.v("folsomhet_statens_andel")
    rate_lo, rate_hi = a.v("folsomhet_kalkulasjonsrente")
    gain_lo, gain_hi = a.v("usikkerhet_gevinst")
    harm_lo, harm_hi = a.v("folsomhet_hendelser_kommunal")
    delays = sorted(a.v("usikkerhet_forsinkelse"))
    delay_lo, delay_hi = int(delays[0]), int(delays[-1])
    gain_keys = ("soa_tidsgevinst", "soa_tidsgevinst_fastlege", "soa_uonskede_hendelser",
                 "soa_verdiskaping")

    def gains(f: float) -> Params:
        return replace_params(p, soa={**p.soa, **{k: p.soa[k] * f for k in gain_keys}})

    def npv(res: dict[str, Result]) -> dict[str, int]:
        return {nr: r.netto_naverdi for nr, r in res.items()}

    def rate_npv(rate: float) -> dict[str, int]:
        # Re-discount the yearly amounts (levels calibrated at the base rate).
        pr = replace_params(p, rate=rate)
        calib = calibrate(p)
        part = participation(units, p.expected)
        w = weights_of(p, units)
        out = {}
        for u in units:
            lines = soa_lines(pr, u, part, w, calib)
            out[u.nr] = round(present_value(pr, lines.total("gains"))
                              - present_value(pr, lines.total("costs")))
        return out

    variants: list[tuple[str, str, str, dict[str, int], dict[str, int]]] = [
        ("fordelingsnokkel", _key_label(key_lo), _key_label(key_hi),
         npv(compute_all(units, replace_params(p, key_fixed=key_lo))),
         npv(compute_all(units, replace_params(p, key_fixed=key_hi)))),
        ("statens_andel", _pct(state_lo), _pct(state_hi),
         npv(compute_all(units, replace_params(p, state_share=state_lo))),
         npv(compute_all(units, replace_params(p, state_share=state_hi)))),
        ("overskridelse", "P50", "P85",
         npv(base), {nr: r.netto_naverdi_p85 for nr, r in base.items()}),
        ("gevinster", _pct(gain_lo), _pct(gain_hi),
         npv(compute_all(units, gains(gain_lo))), npv(compute_all(units, gains(gain_hi)))),
        ("forsinkelse", f"{delay_lo:+d}".replace("-", "−"), f"{delay_hi:+d}",
         npv(compute_all(_with_golive(units, delay_lo), p)),
         npv(compute_all(_with_golive(units, delay_hi), p))),
        ("kalkulasjonsrente", _pct(rate_lo), _pct(rate_hi), rate_npv(rate_lo), rate_npv(rate_hi)),
        ("hendelser", _pct(harm_lo), _pct(harm_hi),
         npv(compute_all(units, replace_params(p, harm_municipal=harm_lo))),
         npv(compute_all(units, replace_params(p, harm_municipal=harm_hi)))),
        ("innforingsar", str(p.first_wave), str(p.golive_option),
         npv(compute_all(_with_golive(units, year=p.first_wave), p)),
         npv(compute_all(_with_golive(units, year=p.golive_option), p))),
    ]
    out: dict[str, list[dict]] = {}
    for u in units:
        b = base[u.nr].netto_naverdi
        rows: list[dict[str, Any]] = [
            {"forutsetning": name, "lav": lo_l, "hoy": hi_l,
             "netto_naverdi_lav": lo[u.nr], "netto_naverdi_hoy": hi[u.nr]}
            for name, lo_l, hi_l, lo, hi in variants]
        rows.sort(key=lambda r: (-abs(r["netto_naverdi_hoy"] - r["netto_naverdi_lav"]),
                                 r["forutsetning"]))
        out[u.nr] = [{**r, "basis": b} for r in rows]
    return out


def key_alternatives(p: Params, units: list[Unit], mc: Analysis,
                     fixed: tuple[float, ...]) -> dict[str, list[dict]]:
    """The municipality's cost (P50/P85 of the analysis) and NPV under other distribution
    keys (share split evenly / per inhabitant)."""
    runs = {f: compute_all(units, replace_params(p, key_fixed=f)) for f in fixed}
    cost = {f: mc.cost(key_fixed=f) for f in fixed}
    return {u.nr: [{"fast_andel": f, "fordelingsnokkel_andel": runs[f][u.nr].key,
                    "kommunal_kostnad_p50": cost[f][u.nr]["p50"],
                    "kommunal_kostnad_p85": cost[f][u.nr]["p85"],
                    "netto_naverdi": runs[f][u.nr].netto_naverdi} for f in fixed]
            for u in units}


def agreement_units(p: Params, units: list[Unit], commit_years: dict[str, int]
                    ) -> dict[str, list[Unit]]:
    """The two cases side by side: commitment (its planned wave) and option (pays from the
    take-up year, goes live in the option year)."""
    return {
        "forpliktelsesavtale": [replace(u, golive=commit_years.get(u.nr, p.golive_default),
                                        option=False) for u in units],
        "opsjonsavtale": [replace(u, golive=p.golive_option, option=True) for u in units],
    }


def agreements(p: Params, cases: dict[str, list[Unit]],
               mcs: dict[str, Analysis]) -> dict[str, dict]:
    """Commitment, option and no agreement side by side, each with its own analysis; every
    alternative's own cost to the budget includes today's systems (so «ingen avtale» is the
    cost of keeping them). As JSON (contract.Avtaler), since the build caches these blocks."""
    out: dict[str, dict] = {}
    for name, us in cases.items():
        res = compute_all(us, p)
        cost = mcs[name].cost()
        for u in us:
            r = res[u.nr]
            block = out.setdefault(u.nr, {})
            block[name] = agreement_figures(r, cost[u.nr]["p50"], cost[u.nr]["p85"],
                                            counts=name == "forpliktelsesavtale").as_json()
            if name == "forpliktelsesavtale":
                block["ingen_avtale"] = no_agreement(r).as_json()
    return out


def all_extras(p: Params, a: Forutsetninger, units: list[Unit], results: dict[str, Result],
               commit_years: dict[str, int]) -> tuple[dict[str, Any], float]:
    """Every what-if block of every municipality's JSON, and the analysis time (seconds).

    `units` is each municipality's own case (its agreement, its go-live year); the headline
    P50/P85 are the percentiles of its analysis at the expected participation."""
    local_nok = {nr: round(sum(r.budget_p50.costs["lokal"].values()))
                 for nr, r in results.items()}
    start = time.perf_counter()
    u = uncertainty_from(a)
    factors = {nr: r.local_factor for nr, r in results.items()}
    own = analysis(p, u, units, local_nok, local_factors=factors)
    cases = agreement_units(p, units, commit_years)
    mcs = {name: own if us == units else analysis(p, u, us, local_nok, local_factors=factors)
           for name, us in cases.items()}
    mc = own.run()
    seconds = time.perf_counter() - start
    scen, national = participation_scenarios(p, units, own)
    torn = tornado(p, a, units, results)
    keys = key_alternatives(p, units, own, tuple(sorted({p.key_fixed,
                                                         *a.v("alternative_fordelingsnokler")})))
    agr = agreements(p, cases, mcs)
    return {u.nr: {"usikkerhet": mc[u.nr], "deltakelse_scenarier": scen[u.nr],
                   "tornado": torn[u.nr], "fordelingsnokler": keys[u.nr],
                   "avtaler": agr[u.nr], "deltakelseskrav": a.v("deltakelseskrav"),
                   "forventet_deltakelse": p.expected,
                   "usikkerhet_trekk": int(a.v("usikkerhet_trekk"))}
            for u in units} | {NATIONAL: national}, seconds


# Vedlegg J Figur 24/25: national net present value by participation (MNOK), for comparison.
VEDLEGG_J_KEYS = {"0.25": "soa_nnv_ved_25", "0.4": "soa_nnv_ved_40", "0.85": "soa_nnv",
                  "1.0": "soa_nnv_ved_100"}


def vedlegg_j_npv(a: Forutsetninger) -> dict[str, int]:
    """Vedlegg J's national net present value by participation (Figur 24), in NOK."""
    return {level: round(a.v(key) * 1_000_000) for level, key in VEDLEGG_J_KEYS.items()}


CLIP_PERCENTILES = (2, 98)  # the histogram's axis covers these; the few beyond go to its ends


def _nice_width(raw: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least `raw`."""
    exp = 10 ** math.floor(math.log10(raw))
    return next(m * exp for m in (1, 2, 2.5, 5, 10) if m * exp >= raw)


def national_spread(figs: dict[str, Kommunetall], bins: int = 12) -> dict:
    """Histogram of net present value per inhabitant over the 2nd–98th percentile.

    One very small municipality can lie far from all others; it would squash the rest into a
    few bars. Values beyond the clipped range are counted in the first or last bar, and the
    counts say how many (`under`, `over`), so the chart can tell the reader.
    """
    per = np.array([f.netto_naverdi / f.folketall for f in figs.values() if f.folketall > 0],
                   dtype=float)
    if per.size == 0:
        return {"kanter": [], "antall": [], "median": None, "min": None, "max": None,
                "negative": 0, "antall_kommuner": 0, "under": 0, "over": 0,
                "persentiler": list(CLIP_PERCENTILES)}
    p_lo, p_hi = (float(x) for x in np.percentile(per, CLIP_PERCENTILES))
    width = _nice_width(max(p_hi - p_lo, 1.0) / bins)
    lo, hi = math.floor(p_lo / width) * width, math.ceil(p_hi / width) * width
    if hi <= lo:
        hi = lo + width
    counts, edges = np.histogram(np.clip(per, lo, hi), bins=round((hi - lo) / width),
                                 range=(lo, hi))
    return {"kanter": [round(float(e)) for e in edges], "antall": [int(c) for c in counts],
            "median": round(float(np.median(per))), "min": round(float(per.min())),
            "max": round(float(per.max())), "negative": int((per < 0).sum()),
            "antall_kommuner": int(per.size), "under": int((per < lo).sum()),
            "over": int((per > hi).sum()), "persentiler": list(CLIP_PERCENTILES)}
