"""A second, deliberately plain calculation of every municipality's figures, for the tests.

Written from ../shared/domain/akson-facts.md, the method appendix (content/prosa/metode.*.md)
and data/forutsetninger.yaml (read as plain YAML), and importing nothing from grunnlag: a
mistake in the model is not repeated here. Plain loops over years and dictionaries, one
function per figure; numpy only for the Monte Carlo draws (the same generator, seed and order
of draws as the method, so the percentiles can be compared to the krone).

What it computes, for the 291 at the expected participation, all on the national estimates
(every municipality's file gives no figures of its own today):
- the budget lines (programme share, local implementation, running costs; P50 frames and with
  the reserves) and what today's systems cost;
- the headline P50 and P85 of the budget cost and the P10 … P90 of the own net present value;
- the own net present value (Vedlegg J's lines shared per inhabitant, per procurement or as the
  local-implementation mix, calibrated to J at the expected participation), its parts, its value
  with the P85 cost frames, what others and the state gain;
- freed staff time.
"""

from __future__ import annotations

import csv
import functools
import math
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent.parent
YEARS = list(range(2021, 2041))
MNOK = 1e6
SEED = 2020  # the analysis' documented seed: the same seed gives the same draws


def national() -> dict:
    data = yaml.safe_load((HERE / "data" / "forutsetninger.yaml").read_text(encoding="utf-8"))
    return {k: v["verdi"] for k, v in data["tall"].items()}


def inhabitants() -> dict[str, int]:
    """The 291 outside Midt-Norge (not Møre og Romsdal, not Trøndelag, not Bindal)."""
    with open(HERE / "data" / "kommuner-2020.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {r["kommunenummer"]: int(r["folketall"]) for r in rows
            if r["kommunenummer"][:2] not in ("15", "50") and r["kommunenummer"] != "1811"}


def largest_remainder(total: int, weights: dict) -> dict:
    """Whole kroner that add up to `total`, in proportion to `weights` (ties by key)."""
    s = sum(weights.values())
    exact = {k: total * w / s for k, w in weights.items()}
    out = {k: math.floor(x) for k, x in exact.items()}
    left = total - sum(out.values())
    for k in sorted(exact, key=lambda k: (-(exact[k] - out[k]), k))[:left]:
        out[k] += 1
    return out


@dataclass
class Figures:
    """One municipality's figures, unrounded unless said."""

    key: float
    budget: dict  # "p50"/"p85" -> line -> year -> NOK incl. VAT
    avoided: dict  # line -> year -> NOK incl. VAT (today's systems no longer needed)
    avoided_levels: dict  # line -> NOK per year
    own: dict  # socio-economic own line -> year -> NOK excl. VAT (costs and gains positive)
    own_p85: dict
    others: dict
    state: dict
    state_nok: int
    cost_p: dict  # p10/p50/p85/p90 of the budget cost, whole NOK
    npv_p: dict  # the same of the net present value
    freed: dict  # service -> årsverk at full realisation
    freed_years: dict  # year -> årsverk


OWN_COSTS = ("program", "drift_fast", "lokal_innforing", "drift_variabel", "omstilling")
OWN_GAINS = ("tidsgevinst", "gamle_it_anskaffelser", "gamle_it_drift", "hendelser_kommunal")
OTHERS_COSTS = ("omstilling_fastlege",)
PARTS = {"kontant": ("program", "drift_fast", "lokal_innforing", "drift_variabel",
                     "gamle_it_anskaffelser", "gamle_it_drift"),
         "tid": ("tidsgevinst", "omstilling"), "hendelser": ("hendelser_kommunal",)}
SERVICES = ("legevakt", "hjemmetjenester", "sykehjem_korttid", "sykehjem_langtid",
            "helsestasjon", "tildelingskontor", "fysioterapi")


def compute(n: dict | None = None, folk: dict[str, int] | None = None) -> dict[str, Figures]:
    """Every municipality's figures at the expected participation, each going live in the
    standard year on a commitment."""
    n = national() if n is None else n
    folk = inhabitants() if folk is None else folk
    count, pop = len(folk), sum(folk.values())
    s = n["forventet_deltakelse"]
    mva = n["mva_faktor"]
    golive = n["innforingsar_standard"]

    def disc(y: float) -> float:
        return (1 + n["kalkulasjonsrente"]) ** -(y - 2019)

    def pv(flows: dict) -> float:
        return sum(a * disc(y) for y, a in flows.items())

    # the distribution key: a fifth shared evenly, the rest per inhabitant, among those who join
    def key(nr: str) -> float:
        f = n["fordeling_fast_andel"]
        return f / (s * count) + (1 - f) * folk[nr] / (s * pop)

    # J Boks 1: a procurement alone at 10 000 inhabitants or more, a fifth in a group of five
    # below; one rule for all: a fifth each and the rest of J's total per inhabitant
    fifth = 1 / n["sma_kommuner_gruppe"]
    projects = sum(1 if p >= n["sma_kommuner_grense"] else fifth for p in folk.values())

    def procurements(nr: str) -> float:
        return fifth + (projects - fifth * count) * folk[nr] / pop

    def weight(nr: str, kind: str) -> float:
        inh, proj = folk[nr] / pop, procurements(nr) / projects
        return {"innbygger": inh, "prosjekt": proj,
                "lokal": n["lokal_fast_andel"] * proj + (1 - n["lokal_fast_andel"]) * inh}[kind]

    # year shapes of J's lines, from the go-live year g (share of full level)
    ramp, gp, dip = n["realiseringstakt"], n["fastlege_oppslutning"], n["produktivitetsfall"]
    loc = n["lokal_innfasing"]

    def at(seq: list, k: int) -> float:
        return seq[min(k, len(seq) - 1)]

    shapes = {
        "lokal_innforing": lambda y, g: loc[y - g + len(loc) - 1] if g - len(loc) < y <= g else 0,
        "drift_variabel": lambda y, g: 1.0 if y >= g else 0.0,
        "omstilling": lambda y, g: dip[y - g] if 0 <= y - g < len(dip) else 0.0,
        "tidsgevinst": lambda y, g: at(ramp, y - g) if y >= g else 0.0,
        "gamle_it_anskaffelser": lambda y, g: 1.0 if y > g else 0.0,
        "gamle_it_drift": lambda y, g: 1.0 if y > g else 0.0,
        "hendelser_kommunal": lambda y, g: at(ramp, y - g) if y >= g else 0.0,
        "hendelser_spesialist": lambda y, g: at(ramp, y - g) if y >= g else 0.0,
        "omstilling_fastlege": lambda y, g: dip[y - g] if 0 <= y - g < len(dip) else 0.0,
        "tidsgevinst_fastlege": lambda y, g: (at(ramp, y - g) * at(gp, y - g) / gp[-1]
                                              if y >= g else 0.0),
        "verdiskaping": lambda y, g: at(ramp, y - g) if y >= g else 0.0,
        "gamle_it_fastleger": lambda y, g: at(gp, y - g - 1) / gp[-1] if y > g else 0.0,
        "skattefinansiering": lambda y, g: 1.0 if y >= g else 0.0,
    }
    j = {k: v * MNOK for k, v in n.items() if k.startswith("soa_")}
    harm = n["soa_hendelser_kommunale_tjenester"] / n["soa_uonskede_hendelser"]
    drift_fixed = n["drift_fast_andel"]
    lines = {  # J's present value of each line at the expected participation, how it is shared
        "lokal_innforing": (j["soa_investering_mottak"], "lokal"),
        "drift_variabel": (j["soa_drift_program"] * (1 - drift_fixed) + j["soa_drift_mottak"],
                           "innbygger"),
        "omstilling": (j["soa_endring_omstilling"] - j["soa_omstilling_fastlege"], "innbygger"),
        "tidsgevinst": (j["soa_tidsgevinst"] - j["soa_tidsgevinst_fastlege"], "innbygger"),
        "gamle_it_anskaffelser": (j["soa_gamle_it_kommunale"] - j["soa_gamle_it_kommunale_drift"],
                                  "prosjekt"),
        "gamle_it_drift": (j["soa_gamle_it_kommunale_drift"], "innbygger"),
        "hendelser_kommunal": (j["soa_uonskede_hendelser"] * harm, "innbygger"),
        "hendelser_spesialist": (j["soa_uonskede_hendelser"] * (1 - harm), "innbygger"),
        "omstilling_fastlege": (j["soa_omstilling_fastlege"], "innbygger"),
        "tidsgevinst_fastlege": (j["soa_tidsgevinst_fastlege"], "innbygger"),
        "verdiskaping": (j["soa_verdiskaping"], "innbygger"),
        "gamle_it_fastleger": (j["soa_gamle_it_fastleger"], "innbygger"),
        "skattefinansiering": (j["soa_skattefinansiering"], "innbygger"),
    }
    # calibrated: all going live in the standard year at the expected participation give J
    level = {k: value / (s * sum(shapes[k](y, golive) * disc(y) for y in YEARS))
             for k, (value, _) in lines.items()}

    # the programme: 2021 is the budget proposal, the rest follows the assumed shape; the state
    # alone pays until staten_alene_til, then the municipalities as the programme spends
    first = n["statsbudsjett_2021_journal"] / n["program_p50"]
    phase = dict(zip(range(2021, 2031), [first, *(x * (1 - first)
                                                 for x in n["program_innfasing"])], strict=True))
    own_phase = {y: x for y, x in phase.items() if y > n["staten_alene_til"]}
    fixed_prog = n["program_fast_andel"]
    at_share = fixed_prog + (1 - fixed_prog) * s
    state = n["statens_andel_program"] * n["program_p50"] * MNOK
    municipal = {"p50": n["program_p50"] * MNOK * at_share - state,
                 "p85": n["program_p85"] * MNOK * at_share - state}
    # J's present value of the programme is at the expected participation; the state's part is
    # its share of the programme at full participation, as in the budget
    soa_program = j["soa_investering_program"]
    soa_state = n["statens_andel_program"] * soa_program / at_share

    # the running costs' fixed part (J's programme running costs), per year from drift_start
    drift_years = [y for y in YEARS if y >= n["drift_start"]]
    fixed_yearly = j["soa_drift_program"] * drift_fixed / sum(disc(y) for y in drift_years)

    nrs = sorted(folk)
    local = largest_remainder(round(n["lokal_p50"] * MNOK), {nr: weight(nr, "lokal")
                                                              for nr in nrs})
    reserve = largest_remainder(round((n["lokal_p85"] - n["lokal_p50"]) * MNOK),
                                {nr: weight(nr, "lokal") for nr in nrs})
    state_nok = largest_remainder(round(state / s), {nr: key(nr) for nr in nrs})

    def budget(nr: str, g: int, which: str) -> dict:
        k = key(nr)
        psum = sum(own_phase.values())
        program = {y: k * municipal[which] * own_phase.get(y, 0.0) / psum for y in YEARS}
        total_local = local[nr] + (reserve[nr] if which == "p85" else 0)
        lokal = {y: total_local * shapes["lokal_innforing"](y, g) for y in YEARS}
        factor = n["drift_p85_faktor"] if which == "p85" else 1.0
        var = level["drift_variabel"] * weight(nr, "innbygger") * mva * factor
        fixed = fixed_yearly * k * mva * factor
        drift = {y: (fixed if y in drift_years else 0.0) + (var if y >= g else 0.0)
                 for y in YEARS}
        return {"program": program, "lokal": lokal, "drift": drift}

    def own_lines(nr: str, g: int, prog_factor: float = 1.0, local_factor: float = 1.0,
                  k: float | None = None) -> dict:
        k = key(nr) if k is None else k
        value = (soa_program * prog_factor - soa_state) * k
        scale = value / sum(x * disc(y) for y, x in own_phase.items())
        out = {"program": {y: own_phase.get(y, 0.0) * scale for y in YEARS},
               "drift_fast": {y: fixed_yearly * k if y in drift_years else 0.0 for y in YEARS}}
        for name in (*OWN_COSTS[2:], *OWN_GAINS):
            lv = level[name] * weight(nr, lines[name][1])
            out[name] = {y: lv * shapes[name](y, g) for y in YEARS}
        out["lokal_innforing"] = {y: a * local_factor for y, a in out["lokal_innforing"].items()}
        return out

    def shared(nr: str, names: tuple[str, ...], g: int) -> dict:
        return {name: {y: level[name] * weight(nr, lines[name][1]) * shapes[name](y, g)
                       for y in YEARS} for name in names}

    # the Monte Carlo analysis: factors on the programme, local and running costs (lognormal
    # fitted to P50/P85), on the time gains (two-piece normal through P10 and P90) and a delay
    # of the go-live year drawn by its probabilities; one set of draws for all municipalities
    z85, z90 = NormalDist().inv_cdf(0.85), NormalDist().inv_cdf(0.90)
    draws = int(n["usikkerhet_trekk"])
    rng = np.random.default_rng(SEED)
    prog_f = np.exp(rng.normal(0.0, math.log(n["program_p85"] / n["program_p50"]) / z85, draws))
    local_f = np.exp(rng.normal(0.0, math.log(n["lokal_p85"] / n["lokal_p50"]) / z85, draws))
    g10, g90 = n["usikkerhet_gevinst"]
    z = rng.standard_normal(draws)
    gain_f = np.maximum(0.0, 1.0 + np.where(z < 0, z * (1 - g10) / z90, z * (g90 - 1) / z90))
    delays = sorted(n["usikkerhet_forsinkelse"].items())
    probs = np.array([p for _, p in delays])
    delay = np.array([d for d, _ in delays])[rng.choice(len(delays), size=draws,
                                                        p=probs / probs.sum())]
    drift_f = np.exp(rng.normal(0.0, math.log(n["drift_p85_faktor"]) / z85, draws))

    def percentiles(values: np.ndarray) -> dict:
        return {f"p{q}": int(round(float(np.percentile(values, q)))) for q in (10, 50, 85, 90)}

    def drawn(nr: str) -> tuple[dict, dict]:
        k = key(nr)
        cost = np.zeros(draws)
        npv = np.zeros(draws)
        for d, _ in delays:
            g = golive + d
            mask = delay == d
            running = sum(budget(nr, g, "p50")["drift"].values())
            cost[mask] = (k * (n["program_p50"] * MNOK * at_share * prog_f[mask] - state)
                          + local[nr] * local_f[mask] + running * drift_f[mask])
            o = own_lines(nr, g)
            npv[mask] = (pv(o["tidsgevinst"]) * gain_f[mask]
                         + sum(pv(o[x]) for x in OWN_GAINS[1:])
                         - pv(o["lokal_innforing"]) * local_f[mask] - pv(o["omstilling"])
                         - (pv(o["drift_fast"]) + pv(o["drift_variabel"])) * drift_f[mask]
                         - k * (soa_program * prog_f[mask] - soa_state))
        return percentiles(cost), percentiles(npv)

    # freed time: J's staff × minutes saved per day / minutes in a working day, the part that
    # depends on the GPs following their share on the solution; the municipality's share of the
    # 291's staff is its share of their inhabitants
    per_day = n["timer_per_arsverk"] * 60 / n["arbeidsdager"]

    def freed(nr: str, g: int) -> tuple[dict, dict]:
        full, years = {}, dict.fromkeys(YEARS, 0.0)
        for name, fte, minutes, alone in zip(SERVICES, n["tjenester_arsverk"],
                                             n["tjenester_minutter"],
                                             n["tjenester_uavhengig_av_fastlege"], strict=True):
            base = fte * minutes / per_day * folk[nr] / pop
            full[name] = base * (alone + (1 - alone) * gp[-1])
            for y in YEARS:
                if y >= g:
                    years[y] += base * at(ramp, y - g) * (alone + (1 - alone) * at(gp, y - g))
        return full, years

    out = {}
    for nr in nrs:
        g = golive
        procurement = (n["anskaffelse_kostnad"] * MNOK / n["anskaffelse_intervall"]
                       * procurements(nr) * mva)
        old = level["gamle_it_drift"] * weight(nr, "innbygger") * mva
        levels = {"unngatte_anskaffelser": procurement, "unngatt_drift": old}
        cost_p, npv_p = drawn(nr)
        full, years = freed(nr, g)
        out[nr] = Figures(
            key=key(nr),
            budget={"p50": budget(nr, g, "p50"), "p85": budget(nr, g, "p85")},
            avoided={k: {y: v if y > g else 0.0 for y in YEARS} for k, v in levels.items()},
            avoided_levels=levels,
            own=own_lines(nr, g),
            own_p85=own_lines(nr, g, prog_factor=n["program_p85"] / n["program_p50"],
                              local_factor=n["lokal_p85"] / n["lokal_p50"]),
            others=shared(nr, ("omstilling_fastlege", "tidsgevinst_fastlege", "verdiskaping",
                               "gamle_it_fastleger", "skattefinansiering"), g),
            state=shared(nr, ("hendelser_spesialist",), g),
            state_nok=state_nok[nr],
            cost_p=cost_p, npv_p=npv_p, freed=full, freed_years=years)
    return out


@functools.lru_cache(maxsize=1)
def default() -> dict[str, Figures]:
    """compute() of the files as they are, once per process (mutation runs fork from it)."""
    return compute()


def present_value(n: dict, flows: dict) -> float:
    return sum(a * (1 + n["kalkulasjonsrente"]) ** -(y - 2019) for y, a in flows.items())


def net_present_value(n: dict, lines: dict, costs: tuple[str, ...],
                      round_sides: bool = True) -> int:
    """Gains minus costs, each side rounded to the krone as the report shows them (or the net
    rounded, for the value with high costs, which shows no sides)."""
    gains = sum(present_value(n, f) for k, f in lines.items() if k not in costs)
    spent = sum(present_value(n, f) for k, f in lines.items() if k in costs)
    return round(gains) - round(spent) if round_sides else round(gains - spent)
