"""Every figure one report shows, as plain data: the JSON file, the CSV row and the template
context all come from here, so the PDF, the web page, the JSON and the CSV cannot disagree."""

from __future__ import annotations

from typing import Any

from grunnlag.inputs.assumptions import Forutsetninger
from grunnlag.inputs.schema import Kommune
from grunnlag.model.economics import Lines, Result, apportion, present_value

BUDGET_COSTS = ("program", "lokal", "drift")
SOA_COSTS = ("program", "drift_fast", "lokal_innforing", "drift_variabel", "omstilling")
SOA_GAINS = ("tidsgevinst", "gamle_it_anskaffelser", "gamle_it_drift")
OTHERS_COSTS = ("omstilling_fastlege",)
OTHERS_GAINS = ("tidsgevinst_fastlege", "uonskede_hendelser", "gamle_it_fastleger",
                "skattefinansiering")


def golive_year(k: Kommune, a: Forutsetninger) -> tuple[int, str]:
    """The go-live year the model uses, and whether it came from the file or is assumed."""
    if k.innforingsar is not None:
        return k.innforingsar, "kommunens_fil"
    if is_option(k):
        return int(a.v("innforingsar_opsjon")), "antakelse_opsjon"
    return int(a.v("innforingsar_standard")), "antakelse"


def is_option(k: Kommune) -> bool:
    """The municipality has decided on the option agreement: its costs start at take-up."""
    return k.vedtak is not None and k.vedtak.status == "opsjonsavtale"


def own_old_drift(k: Kommune) -> int | None:
    """The municipality's own yearly cost of today's journal systems, if its file gives any."""
    costs = [s.arlig_kostnad for s in k.journalsystemer or [] if s.arlig_kostnad is not None]
    return sum(costs) if costs else None


def scaled_years(lines: Lines, total: int, years: range) -> dict[str, dict[int, int]]:
    """The basis path's yearly budget costs scaled to `total` (the P50 of the uncertainty
    analysis), in whole kroner that add up to it exactly: the report's P50 by year and line."""
    weights = {f"{c}/{y}": lines.costs[c][y] for c in BUDGET_COSTS for y in years}
    parts = apportion(total, weights)
    return {c: {y: parts[f"{c}/{y}"] for y in years} for c in BUDGET_COSTS}


def with_reserve(p50: dict[str, dict[int, int]], basis50: Lines, basis85: Lines, total: int,
                 years: range) -> dict[str, dict[int, int]]:
    """P85 by year and line: P50 plus the difference up to P85, placed where the reserves of
    the cost frames fall (programme and local implementation; running costs have none)."""
    weights = {f"{c}/{y}": max(0.0, basis85.costs[c][y] - basis50.costs[c][y])
               for c in BUDGET_COSTS for y in years}
    extra = apportion(total - sum(sum(v.values()) for v in p50.values()), weights)
    return {c: {y: p50[c][y] + extra[f"{c}/{y}"] for y in years} for c in BUDGET_COSTS}


PLAN_YEARS = range(2021, 2025)  # the financial-plan years (økonomiplanen) 2021–2024


def budget_net_by_period(r: Result, p50: int) -> dict[str, int]:
    """Net budget effect at P50 in the financial-plan years 2021–2024 (also without the VAT the
    municipality gets back: every budget line carries the same VAT factor), and per year on
    average after them to 2040: what the saksframlegg compares between the agreements."""
    years = r.params.years
    cost = scaled_years(r.budget_p50, p50, years)
    net = {y: r.budget_p50.gains["unngatt"][y] - sum(cost[c][y] for c in BUDGET_COSTS)
           for y in years}
    later = [y for y in years if y > PLAN_YEARS[-1]]
    plan = sum(net[y] for y in PLAN_YEARS)
    return {"budsjett_netto_2021_2024": round(plan),
            "budsjett_netto_2021_2024_uten_mva": round(plan / r.params.mva),
            "budsjett_netto_per_ar_senere": round(sum(net[y] for y in later) / len(later))}


def municipality_figures(k: Kommune, r: Result, a: Forutsetninger, population: int,
                         extra: dict[str, Any]) -> dict:
    """The JSON document of one municipality: inputs, key figures, yearly tables, sources.

    `extra` holds the what-if blocks (scenarios.all_extras); the cost called P50 and P85
    everywhere is the percentile of its uncertainty analysis (`usikkerhet`)."""
    p = r.params
    unc = extra["usikkerhet"]["kommunal_kostnad"]
    p50, p85 = unc["p50"], unc["p85"]
    y50 = scaled_years(r.budget_p50, p50, p.years)
    y85 = with_reserve(y50, r.budget_p50, r.budget_p85, p85, p.years)
    avoided = apportion(r.budsjett_gevinst, {str(y): r.budget_p50.gains["unngatt"][y]
                                             for y in p.years})
    years = []
    cum_budget = 0
    for y in p.years:
        cost = sum(y50[c][y] for c in BUDGET_COSTS)
        saved = avoided[str(y)]
        cum_budget += saved - cost
        soa_c = sum(r.soa.costs[c][y] for c in SOA_COSTS)
        soa_g = sum(r.soa.gains[g][y] for g in SOA_GAINS)
        years.append({
            "ar": y,
            "statlig": r.state_by_year[y],
            "budsjett": {
                **{c: y50[c][y] for c in BUDGET_COSTS},
                "kostnad_p50": cost,
                "kostnad_p85": sum(y85[c][y] for c in BUDGET_COSTS),
                "unngatte_kostnader": saved,
                "netto": saved - cost,
                "kumulativ_netto": cum_budget,
            },
            "samfunn": {
                "kostnader": round(soa_c),
                "gevinster": round(soa_g),
                "netto": round(soa_g - soa_c),
                "kumulativ_naverdi": r.kumulativ_netto[y],
            },
        })
    golive, golive_src = golive_year(k, a)
    return {
        "kommunenummer": k.kommunenummer,
        "navn": k.navn,
        "fylke": k.fylke,
        "folketall": k.folketall,
        "malform": k.malform,
        "sprak": k.sprak,
        "befolkningsandel": k.folketall / population,
        "forutsetninger_versjon": a.versjon,
        "deltakelse": r.share,
        "avtale": "opsjonsavtale" if r.unit.option else "forpliktelsesavtale",
        "innforingsar": golive,
        "innforingsar_kilde": golive_src,
        "fordelingsnokkel_andel": r.key,
        "lokal_kostnad_kilde": "kommunens_fil" if r.unit.local_own is not None else "estimat",
        "dagens_drift_kilde": "kommunens_fil" if r.unit.old_drift_own is not None else "estimat",
        "kommunal_kostnad_p50": p50,
        "kommunal_kostnad_p85": p85,
        "kommunal_kostnad_basis": r.basis_cost,
        "statlig_kostnad": r.state_nok,
        "budsjett_unngatte_kostnader": r.budsjett_gevinst,
        "budsjett_netto_p50": r.budsjett_gevinst - p50,
        "budsjett_netto_p85": r.budsjett_gevinst - p85,
        "kostnad_per_innbygger_per_ar": (round(p50 / k.folketall / len(p.years))
                                         if k.folketall > 0 else None),
        "budsjett_linjer_p50": {c: sum(y50[c].values()) for c in BUDGET_COSTS},
        "budsjett_linjer_p85": {c: sum(y85[c].values()) for c in BUDGET_COSTS},
        "gevinster_naverdi": r.gevinster_naverdi,
        "kostnader_naverdi": r.kostnader_naverdi,
        "netto_naverdi": r.netto_naverdi,
        "netto_naverdi_p85": r.netto_naverdi_p85,
        "naverdi_linjer": {
            **{c: -round(present_value(p, r.soa.costs[c])) for c in SOA_COSTS},
            **{g: round(present_value(p, r.soa.gains[g])) for g in SOA_GAINS},
        },
        "andre_naverdi": r.andre_naverdi,
        "naverdi_linjer_andre": {
            **{c: -round(present_value(p, r.others.costs[c])) for c in OTHERS_COSTS},
            **{g: round(present_value(p, r.others.gains[g])) for g in OTHERS_GAINS},
        },
        "break_even_ar": r.break_even_ar,
        "ar": years,
        **extra,
    }


def facts(k: Kommune, fig: dict[str, Any], a: Forutsetninger) -> dict[str, Any]:
    """What the content rules may ask about a municipality."""
    golive = fig["innforingsar"]
    systems = k.journalsystemer or []
    return {
        "folketall": k.folketall,
        "liten_kommune": k.folketall < int(a.v("sma_kommuner_grense")),
        "har_journalsystemer": bool(systems),
        "kontrakt_for_innforing": any(
            s.kontrakt_utloper is not None and s.kontrakt_utloper < golive for s in systems),
        "tall_estimert": fig["lokal_kostnad_kilde"] == "estimat"
        and fig["dagens_drift_kilde"] == "estimat",
        "netto_naverdi": fig["netto_naverdi"],
        "break_even_ar": fig["break_even_ar"],
        "befolkningsandel": fig["befolkningsandel"],
        "intensjonserklaering": k.intensjonserklaering,
        "vedtak": k.vedtak.status if k.vedtak else "ukjent",
        "kostnad_per_innbygger_per_ar": fig["kostnad_per_innbygger_per_ar"],
    }
