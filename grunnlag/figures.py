"""Every figure one report shows, as plain data: the JSON file, the CSV row and the template
context all come from here, so the PDF, the web page, the JSON and the CSV cannot disagree."""

from __future__ import annotations

from typing import Any

from .assumptions import Forutsetninger
from .model import Result, present_value
from .schema import Kommune

BUDGET_COSTS = ("program", "lokal", "drift")
SOA_COSTS = ("program", "drift_fast", "lokal_innforing", "drift_variabel", "omstilling")
SOA_GAINS = ("tidsgevinst", "uonskede_hendelser", "gamle_it", "skattefinansiering")


def golive_year(k: Kommune, a: Forutsetninger) -> tuple[int, str]:
    """The go-live year the model uses, and whether it came from the file or is assumed."""
    if k.innforingsar is not None:
        return k.innforingsar, "kommunens_fil"
    if k.vedtak is not None and k.vedtak.status == "opsjonsavtale":
        return int(a.v("innforingsar_opsjon")), "antakelse_opsjon"
    return int(a.v("innforingsar_standard")), "antakelse"


def own_old_drift(k: Kommune) -> int | None:
    """The municipality's own yearly cost of today's journal systems, if its file gives any."""
    costs = [s.arlig_kostnad for s in k.journalsystemer or [] if s.arlig_kostnad is not None]
    return sum(costs) if costs else None


def municipality_figures(k: Kommune, r: Result, a: Forutsetninger, population: int) -> dict:
    """The JSON document of one municipality: inputs, key figures, yearly tables, sources."""
    p = r.params
    b50, b85 = r.budget_p50, r.budget_p85
    years = []
    cum_budget = 0
    for y in p.years:
        cost = round(sum(b50.costs[c][y] for c in BUDGET_COSTS))
        saved = round(b50.gains["unngatt"][y])
        cum_budget += saved - cost
        soa_c = sum(r.soa.costs[c][y] for c in SOA_COSTS)
        soa_g = sum(r.soa.gains[g][y] for g in SOA_GAINS)
        years.append({
            "ar": y,
            "statlig": r.state_by_year[y],
            "budsjett": {
                **{c: round(b50.costs[c][y]) for c in BUDGET_COSTS},
                "kostnad_p50": cost,
                "kostnad_p85": round(sum(b85.costs[c][y] for c in BUDGET_COSTS)),
                "unngatte_kostnader": saved,
                "netto": saved - cost,
                "kumulativ_netto": cum_budget,
            },
            "samfunn": {
                "kostnader": round(soa_c),
                "gevinster": round(soa_g),
                "netto": round(soa_g - soa_c),
                "kumulativ_netto": r.kumulativ_netto[y],
            },
        })
    golive, golive_src = golive_year(k, a)
    budget_net = r.budsjett_gevinst - r.kommunal_kostnad_p50
    return {
        "kommunenummer": k.kommunenummer,
        "navn": k.navn,
        "fylke": k.fylke,
        "folketall": k.folketall,
        "malform": k.malform,
        "sprak": k.sprak,
        "befolkningsandel": k.folketall / population,
        "forutsetninger_versjon": a.versjon,
        "innforingsar": golive,
        "innforingsar_kilde": golive_src,
        "fordelingsnokkel_andel": r.key,
        "lokal_kostnad_kilde": "kommunens_fil" if r.unit.local_own is not None else "estimat",
        "dagens_drift_kilde": "kommunens_fil" if r.unit.old_drift_own is not None else "estimat",
        "kommunal_kostnad_p50": r.kommunal_kostnad_p50,
        "kommunal_kostnad_p85": r.kommunal_kostnad_p85,
        "statlig_kostnad": r.state_nok,
        "budsjett_unngatte_kostnader": r.budsjett_gevinst,
        "budsjett_netto_p50": budget_net,
        "kostnad_per_innbygger_per_ar": r.kostnad_per_innbygger_per_ar,
        "budsjett_linjer_p50": {c: round(sum(b50.costs[c].values())) for c in BUDGET_COSTS},
        "budsjett_linjer_p85": {c: round(sum(b85.costs[c].values())) for c in BUDGET_COSTS},
        "gevinster_naverdi": r.gevinster_naverdi,
        "kostnader_naverdi": r.kostnader_naverdi,
        "netto_naverdi": r.netto_naverdi,
        "netto_naverdi_p85": r.netto_naverdi_p85,
        "naverdi_linjer": {
            **{c: -round(present_value(p, r.soa.costs[c])) for c in SOA_COSTS},
            **{g: round(present_value(p, r.soa.gains[g])) for g in SOA_GAINS},
        },
        "break_even_ar": r.break_even_ar,
        "ar": years,
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


CSV_COLUMNS = (
    "kommunenummer navn fylke folketall malform sprak befolkningsandel kommunal_kostnad_p50 "
    "kommunal_kostnad_p85 statlig_kostnad gevinster_naverdi netto_naverdi break_even_ar "
    "netto_naverdi_p85 kostnad_per_innbygger_per_ar innforingsar"
).split()


def csv_row(fig: dict[str, Any]) -> dict[str, Any]:
    """One row of nokkeltall.csv: whole kroner, shares as fractions, empty when unknown."""
    row = {c: fig[c] for c in CSV_COLUMNS}
    row["befolkningsandel"] = f"{fig['befolkningsandel']:.8f}"
    row["break_even_ar"] = "" if fig["break_even_ar"] is None else fig["break_even_ar"]
    if row["kostnad_per_innbygger_per_ar"] is None:
        row["kostnad_per_innbygger_per_ar"] = ""
    return row
