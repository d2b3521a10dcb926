"""«Regn selv»: the council's own assumptions, recomputed in the web edition.

The page's script (templates/js/regn-selv.js) repeats the model's deterministic (expected-value)
calculation for one municipality; this module gives it the constants it needs (`page_data`)
and is the reference it is tested against (`reference`): the same figures from the model's own
functions (compute_all, views) for the same choices. Only this municipality's choices change;
every other municipality keeps its own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from grunnlag.model.economics import (
    OWN_LINES,
    Params,
    Result,
    Unit,
    compute_all,
    fixed_drift_flows,
    fixed_drift_yearly,
    national_split,
    phase_municipal,
    present_value,
    program_flows,
    replace_params,
)
from grunnlag.model.views import cash_years, freed_time, npv_parts

CHOICES = ("deltakelse", "innforingsar", "fast_andel", "statens_andel", "dagens_drift",
           "prisvekst", "lanerente")
# The range each control offers (the page's inputs and the tests' random draws); today's
# systems' running cost goes from 0 to ten times the report's own figure, in 1 000 kroner.
RANGES: dict[str, tuple[float, float, float]] = {  # low, high, step
    "deltakelse": (0.25, 1.0, 0.05),
    "innforingsar": (2025, 2035, 1),
    "fast_andel": (0.0, 0.5, 0.05),
    "statens_andel": (0.0, 0.6, 0.05),
    "prisvekst": (0.0, 0.06, 0.005),
    "lanerente": (0.0, 0.08, 0.005),
}


def fields(c: Choices) -> list[tuple[str, float, float, float]]:
    """The page's controls in order: name, low, high and step."""
    out: list[tuple[str, float, float, float]] = []
    for name in CHOICES:
        if name == "dagens_drift":
            out.append((name, 0, max(10 * c.dagens_drift, 1_000_000), 1000))
        else:
            out.append((name, *RANGES[name]))
    return out
# Profiles of the own lines, by key: (kind, shares or None, first offset)
PROFILES: dict[str, tuple[str, str | None, int]] = {
    "lokal_innforing": ("once", "local_phasing", 0),  # first: 1 - len(local_phasing)
    "drift_variabel": ("from", None, 0),
    "omstilling": ("once", "dip", 0),
    "tidsgevinst": ("ramp", None, 0),
    "gamle_it_anskaffelser": ("from", None, 1),
    "gamle_it_drift": ("from", None, 1),
    "hendelser_kommunal": ("ramp", None, 0),
}


@dataclass(frozen=True)
class Choices:
    """What the reader may change, each starting at the report's own value."""

    deltakelse: float
    innforingsar: int
    fast_andel: float
    statens_andel: float
    dagens_drift: float  # today's systems' running cost per year, kr incl. VAT
    prisvekst: float
    lanerente: float


def start(r: Result) -> Choices:
    """The report's own values."""
    p = r.params
    return Choices(r.share, r.unit.golive, p.key_fixed, p.state_share,
                   round(r.avoided_levels["unngatt_drift"]), p.price_growth, p.loan_rate)


def page_data(r: Result) -> dict[str, Any]:
    """The constants the page's script computes from, for one municipality (JSON)."""
    p, u, w = r.params, r.unit, r.inputs.weights
    assert set(PROFILES) == {line.key for line in OWN_LINES if line.bearer == "kommunen"}
    levels = {}
    for line in OWN_LINES:
        if line.bearer != "kommunen":
            continue
        level = r.inputs.calib[line.key] * w.share(p, u, line.weight)
        if line.key == "lokal_innforing":
            level *= r.local_factor
        kind, shares, first = PROFILES[line.key]
        if line.key == "lokal_innforing":  # the year before go-live and the go-live year
            first = 1 - len(p.local_phasing)
        levels[line.key] = {"niva": level, "profil": kind, "forste": first,
                            "andeler": list(getattr(p, shares)) if shares else []}
    return {
        "start": vars(start(r)),
        "ar": [p.start, p.end],
        "rente": p.rate,
        "fase": {str(y): s for y, s in phase_municipal(p).items()},
        "program_p50": p.program_p50,
        "program_fast": p.program_fixed,
        "forventet": p.expected,
        "soa_program": p.soa["soa_investering_program"],
        "kommuner": round(r.inputs.part.municipalities / r.share),
        "folketall_alle": w.population,
        "folketall": u.folketall,
        "mva": p.mva,
        "drift_fast_per_ar": fixed_drift_yearly(p),
        "drift_start": p.drift_start,
        "drift_variabel": r.inputs.calib["drift_variabel"] * w.share(p, u, "innbygger"),
        "anskaffelser_per_ar": r.avoided_levels["unngatte_anskaffelser"],
        "lokal": r.inputs.local_nok,
        "lokal_fase": list(p.local_phasing),
        "opsjon": u.option,
        "linjer": levels,
        "realisering": list(p.ramp),
        "fastleger": list(p.gp_curve),
        "lan_andel": p.loan_share,
        "lan_lopetid": p.loan_term,
        "egne_ansatte": p.local_staff_share,
        "tjenester": [list(s) for s in p.services],
        "timer": p.hours_per_fte,
        "dager": p.workdays,
    }


def reference(p: Params, units: list[Unit], nr: str, c: Choices) -> dict[str, Any]:
    """The model's own figures for one municipality under the reader's choices: kommunekassen
    per year (expected values, the basis path), freed time and the net present value in parts.
    Whole kroner, each rounded once at the end (as the page rounds)."""
    us = [replace(u, golive=c.innforingsar, old_drift_own=round(c.dagens_drift))
          if u.nr == nr else u for u in units]
    pc = replace_params(p, key_fixed=c.fast_andel, state_share=c.statens_andel,
                        price_growth=c.prisvekst, loan_rate=c.lanerente)
    r = compute_all(us, pc, c.deltakelse)[nr]
    cash, _ = cash_years(pc, r.budget_p50.costs, r.budget_p50.gains)
    years = []
    for row in cash:
        index = (1 + pc.price_growth) ** (row.ar - 2019)
        net = row.driftsdel + row.investeringsdel
        years.append({"ar": row.ar, "driftsdel": round(row.driftsdel),
                      "investeringsdel": round(row.investeringsdel), "netto": round(net),
                      "netto_lopende": round(net * index)})
    per_service, yearly = freed_time(pc, r.unit.folketall, r.inputs.weights.population,
                                     r.unit.golive)
    return {
        "ar": years,
        "netto": round(sum(row.driftsdel + row.investeringsdel for row in cash)),
        "arsverk": round(sum(per_service.values()), 2),
        "arsverk_ar": {y: round(a, 2) for y, a in yearly.items()},
        "naverdi": r.netto_naverdi,
        "deler": npv_parts(pc, r.soa, r.netto_naverdi),
    }


# --------------------------------------------------------------------------- the nation
def national_data(p: Params, results: dict[str, Result]) -> dict[str, Any]:
    """What the index page's «Regn selv for landet» computes from: for every municipality the
    parts of its own net present value that do not depend on participation or the key, and
    what one unit of its key costs; the state's and others' parts (JSON)."""
    rows = []
    for nr, r in sorted(results.items()):
        soa, u = r.soa, r.unit
        keyed = ("program", "drift_fast")
        rows.append([
            nr, u.folketall,
            present_value(p, soa.total("gains")),
            sum(present_value(p, f) for k, f in soa.costs.items() if k not in keyed),
            present_value(p, program_flows(p, u, 1.0)),
            present_value(p, fixed_drift_flows(p, u, fixed_drift_yearly(p))),
            r.andre_naverdi, r.staten_naverdi])
    return {
        "kommuner": rows,
        "program_fast": p.program_fixed,
        "forventet": p.expected,
        "soa_program": p.soa["soa_investering_program"],
        "statens_andel": p.state_share,
        "nasjonale_losninger": p.soa["soa_gamle_it_nasjonale"],
        "steg1": p.soa["soa_investering_steg1"],
        "start": {"deltakelse": p.expected, "fast_andel": p.key_fixed},
    }


def national_reference(p: Params, units: list[Unit], share: float, fixed: float
                       ) -> dict[str, Any]:
    """The model's own national split at a participation share and key (national_split)."""
    pf = replace_params(p, key_fixed=fixed)
    res = compute_all(units, pf, share)
    split = national_split(pf, res, share)
    return {**{k: round(v) for k, v in split.items()},
            "negative": sum(1 for r in res.values() if r.netto_naverdi < 0)}
