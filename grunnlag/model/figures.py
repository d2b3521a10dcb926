"""Every figure one report shows, as the typed contract (model/contract.py): the JSON file, the
CSV row and the template context all come from here, so the PDF, the web page, the JSON and the
CSV cannot disagree."""

from __future__ import annotations

from typing import Any

from grunnlag.inputs.assumptions import Forutsetninger
from grunnlag.inputs.schema import Kommune
from grunnlag.model.contract import (
    AndreLinjer,
    Ar,
    Avtalealternativ,
    BudsjettAr,
    Budsjettlinjer,
    DagensSystemerPerAr,
    FrigjortAr,
    FrigjortTid,
    GoliveSource,
    KasseAr,
    Kommunekassen,
    KommunekassenRapport,
    Kommunetall,
    Lan,
    NaverdiDeler,
    Prisindeks,
    RegnSelv,
    SamfunnAr,
    SosokLinjer,
)
from grunnlag.model.economics import Lines, Result, apportion, present_value
from grunnlag.model.views import (
    DRIFT,
    INVESTERING,
    NPV_PARTS,
    baseline_years,
    cash_years,
    freed_time,
    npv_parts,
    price_index,
)
from grunnlag.model.whatif import page_data

BUDGET_COSTS = ("program", "lokal", "drift")
SOA_COSTS = ("program", "drift_fast", "lokal_innforing", "drift_variabel", "omstilling")
SOA_GAINS = ("tidsgevinst", "gamle_it_anskaffelser", "gamle_it_drift", "hendelser_kommunal")
OTHERS_COSTS = ("omstilling_fastlege",)
OTHERS_GAINS = ("tidsgevinst_fastlege", "verdiskaping", "gamle_it_fastleger",
                "skattefinansiering")



def golive_year(k: Kommune, a: Forutsetninger) -> tuple[int, GoliveSource]:
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


def _today(r: Result) -> tuple[dict[str, int], dict[int, int]]:
    """Today's systems: their yearly cost levels and what they cost the budget per year without
    Akson, in whole kroner (as the finance workbook has them)."""
    levels = {k: round(a) for k, a in r.avoided_levels.items()}
    return levels, {y: round(v) for y, v in baseline_years(r.params, levels).items()}


def budget_view(r: Result, p50: int) -> Kommunekassen:
    """Kommunekassen: the budget per year at P50 (driftsdel, investeringsdel, net, in
    2019-kroner and current kroner), and what each alternative costs the budget in all, today's
    systems included. Each part is rounded to the krone and the wholes are sums of the parts."""
    p = r.params
    y50 = scaled_years(r.budget_p50, p50, p.years)
    # whole kroner in, as the finance workbook has them, so both compute the same figures
    avoided = {k: {y: round(a) for y, a in flows.items()}
               for k, flows in r.budget_p50.gains.items()}
    cash, left = cash_years(p, y50, avoided)
    levels, base = _today(r)
    rows = []
    for c in cash:
        parts = {k: round(getattr(c, k)) for k in (*INVESTERING, *DRIFT)}
        drift = sum(parts[k] for k in DRIFT)
        inv = sum(parts[k] for k in INVESTERING)
        rows.append(KasseAr(ar=c.ar, driftsdel=drift, investeringsdel=inv, netto=drift + inv,
                            netto_lopende=round((drift + inv) * price_index(p, c.ar)),
                            prisindeks=round(price_index(p, c.ar), 6),
                            dagens_systemer=-base[c.ar], **parts))
    later = [row for row in rows if row.ar > PLAN_YEARS[-1]]
    plan = [row for row in rows if row.ar in PLAN_YEARS]
    total = sum(row.netto for row in rows)
    return Kommunekassen(
        ar=rows,
        dagens_systemer_per_ar=DagensSystemerPerAr(**levels),
        netto_2021_2040=total,
        netto_2021_2024=sum(row.netto for row in plan),
        netto_per_ar_2025_2040=round(sum(row.netto for row in later) / len(later)),
        kostnad_2021_2040=sum(base.values()) - total,
        kostnad_2021_2024=sum(base[y] for y in PLAN_YEARS) - sum(row.netto for row in plan),
        dagens_systemer_2021_2040=sum(base.values()),
        restgjeld_2040=round(left),
    )


def freed_time_view(r: Result) -> FrigjortTid:
    """Frigjort tid: årsverk and hours per year, and per service at full realisation."""
    p = r.params
    per_service, yearly = freed_time(p, r.unit.folketall, r.inputs.weights.population,
                                     r.unit.golive)
    return FrigjortTid(
        arsverk=round(sum(per_service.values()), 2),
        timer=round(sum(per_service.values()) * p.hours_per_fte),
        tjenester={k: round(v, 2) for k, v in per_service.items()},
        ar=[FrigjortAr(ar=y, arsverk=round(a, 2), timer=round(a * p.hours_per_fte))
            for y, a in yearly.items()],
    )


def agreement_figures(r: Result, p50: int, p85: int, counts: bool) -> Avtalealternativ:
    """The fields every alternative has (commitment and option; «ingen avtale» from
    `no_agreement`), so the three can be set side by side; `counts`: it counts towards the
    participation requirement."""
    budget = budget_view(r, p50)
    time = freed_time_view(r)
    return Avtalealternativ(
        innforingsar=r.unit.golive,
        kommunal_kostnad_p50=p50,
        kommunal_kostnad_p85=p85,
        kostnad_2021_2040=budget.kostnad_2021_2040,
        kostnad_2021_2024=budget.kostnad_2021_2024,
        budsjett_netto_2021_2040=budget.netto_2021_2040,
        budsjett_netto_2021_2024=budget.netto_2021_2024,
        budsjett_netto_per_ar_senere=budget.netto_per_ar_2025_2040,
        budsjett_unngatte_kostnader=r.budsjett_gevinst,
        frigjort_arsverk=time.arsverk,
        frigjort_arsverk_2040=time.ar[-1].arsverk,
        gevinster_naverdi=r.gevinster_naverdi,
        netto_naverdi=r.netto_naverdi,
        netto_naverdi_deler=NaverdiDeler(**npv_parts(r.params, r.soa, r.netto_naverdi)),
        break_even_ar=r.break_even_ar,
        teller_mot_krav=counts,
    )


def no_agreement(r: Result) -> Avtalealternativ:
    """«Ingen avtale»: today's systems go on (running costs and new systems every tenth year);
    nothing of Akson is paid or gained, and it does not count towards the requirement."""
    _, base = _today(r)
    return Avtalealternativ(
        innforingsar=None,
        kommunal_kostnad_p50=0,
        kommunal_kostnad_p85=0,
        kostnad_2021_2040=sum(base.values()),
        kostnad_2021_2024=sum(base[y] for y in PLAN_YEARS),
        budsjett_netto_2021_2040=0,
        budsjett_netto_2021_2024=0,
        budsjett_netto_per_ar_senere=0,
        budsjett_unngatte_kostnader=0,
        frigjort_arsverk=0.0,
        frigjort_arsverk_2040=0.0,
        gevinster_naverdi=0,
        netto_naverdi=0,
        netto_naverdi_deler=NaverdiDeler(**dict.fromkeys(NPV_PARTS, 0)),
        break_even_ar=None,
        teller_mot_krav=False,
    )


def municipality_figures(k: Kommune, r: Result, a: Forutsetninger, population: int,
                         extra: dict[str, Any]) -> Kommunetall:
    """The figures of one municipality: inputs, key figures, yearly tables, sources.

    `extra` holds the what-if blocks as JSON (scenarios.all_extras, which the build caches as
    JSON), checked against the contract here; the cost called P50 and P85 everywhere is the
    percentile of its uncertainty analysis (`usikkerhet`)."""
    p = r.params
    unc = extra["usikkerhet"]["kommunal_kostnad"]
    p50, p85 = unc["p50"], unc["p85"]
    y50 = scaled_years(r.budget_p50, p50, p.years)
    y85 = with_reserve(y50, r.budget_p50, r.budget_p85, p85, p.years)
    avoided = apportion(r.budsjett_gevinst, {str(y): sum(g[y] for g in r.budget_p50.gains.values())
                                             for y in p.years})
    years = []
    cum_budget = 0
    for y in p.years:
        cost = sum(y50[c][y] for c in BUDGET_COSTS)
        saved = avoided[str(y)]
        cum_budget += saved - cost
        soa_c = sum(r.soa.costs[c][y] for c in SOA_COSTS)
        soa_g = sum(r.soa.gains[g][y] for g in SOA_GAINS)
        years.append(Ar(
            ar=y,
            statlig=r.state_by_year[y],
            budsjett=BudsjettAr(
                **{c: y50[c][y] for c in BUDGET_COSTS},
                kostnad_p50=cost,
                kostnad_p85=sum(y85[c][y] for c in BUDGET_COSTS),
                unngatte_kostnader=saved,
                netto=saved - cost,
                kumulativ_netto=cum_budget,
            ),
            samfunn=SamfunnAr(
                kostnader=round(soa_c),
                gevinster=round(soa_g),
                netto=round(soa_g - soa_c),
                kumulativ_naverdi=r.kumulativ_netto[y],
            ),
        ))
    golive, golive_src = golive_year(k, a)
    return Kommunetall(
        kommunenummer=k.kommunenummer,
        navn=k.navn,
        fylke=k.fylke,
        folketall=k.folketall,
        malform=k.malform,
        sprak=k.sprak,
        befolkningsandel=k.folketall / population,
        forutsetninger_versjon=a.versjon,
        deltakelse=r.share,
        avtale="opsjonsavtale" if r.unit.option else "forpliktelsesavtale",
        innforingsar=golive,
        innforingsar_kilde=golive_src,
        fordelingsnokkel_andel=r.key,
        lokal_kostnad_kilde="kommunens_fil" if r.unit.local_own is not None else "estimat",
        dagens_drift_kilde="kommunens_fil" if r.unit.old_drift_own is not None else "estimat",
        kommunal_kostnad_p50=p50,
        kommunal_kostnad_p85=p85,
        kommunal_kostnad_basis=r.basis_cost,
        statlig_kostnad=r.state_nok,
        budsjett_unngatte_kostnader=r.budsjett_gevinst,
        budsjett_netto_p50=r.budsjett_gevinst - p50,
        budsjett_netto_p85=r.budsjett_gevinst - p85,
        kostnad_per_innbygger_per_ar=(round(p50 / k.folketall / len(p.years))
                                      if k.folketall > 0 else None),
        budsjett_linjer_p50=Budsjettlinjer(**{c: sum(y50[c].values()) for c in BUDGET_COSTS}),
        budsjett_linjer_p85=Budsjettlinjer(**{c: sum(y85[c].values()) for c in BUDGET_COSTS}),
        gevinster_naverdi=r.gevinster_naverdi,
        kostnader_naverdi=r.kostnader_naverdi,
        netto_naverdi=r.netto_naverdi,
        netto_naverdi_deler=NaverdiDeler(**npv_parts(p, r.soa, r.netto_naverdi)),
        netto_naverdi_hoye_kostnader=r.netto_naverdi_p85,
        staten_naverdi=r.staten_naverdi,
        kommunekassen=KommunekassenRapport(
            **dict(budget_view(r, p50)),
            prisindeks=Prisindeks(prisvekst=p.price_growth, basisar=2019,
                                  kilde="forutsetninger: prisvekst (prosjektets antakelse)"),
            lan=Lan(andel=p.loan_share, rente=p.loan_rate, lopetid=p.loan_term),
            mva_andel_kompensert=round(1 - 1 / p.mva, 6),
        ),
        frigjort_tid=freed_time_view(r),
        regn_selv=RegnSelv.model_validate(page_data(r)),
        naverdi_linjer=SosokLinjer(
            **{c: -round(present_value(p, r.soa.costs[c])) for c in SOA_COSTS},
            **{g: round(present_value(p, r.soa.gains[g])) for g in SOA_GAINS},
        ),
        andre_naverdi=r.andre_naverdi,
        naverdi_linjer_andre=AndreLinjer(
            **{c: -round(present_value(p, r.others.costs[c])) for c in OTHERS_COSTS},
            **{g: round(present_value(p, r.others.gains[g])) for g in OTHERS_GAINS},
        ),
        break_even_ar=r.break_even_ar,
        ar=years,
        **extra,
    )


def facts(k: Kommune, fig: Kommunetall, a: Forutsetninger) -> dict[str, Any]:
    """What the content rules may ask about a municipality."""
    golive = fig.innforingsar
    systems = k.journalsystemer or []
    return {
        "folketall": k.folketall,
        "liten_kommune": k.folketall < int(a.v("sma_kommuner_grense")),
        "har_journalsystemer": bool(systems),
        "kontrakt_for_innforing": any(
            s.kontrakt_utloper is not None and s.kontrakt_utloper < golive for s in systems),
        "tall_estimert": fig.lokal_kostnad_kilde == "estimat"
        and fig.dagens_drift_kilde == "estimat",
        "netto_naverdi": fig.netto_naverdi,
        "kasse_netto": fig.kommunekassen.netto_2021_2040,
        "break_even_ar": fig.break_even_ar,
        "befolkningsandel": fig.befolkningsandel,
        "intensjonserklaering": k.intensjonserklaering,
        "vedtak": k.vedtak.status if k.vedtak else "ukjent",
        "kostnad_per_innbygger_per_ar": fig.kostnad_per_innbygger_per_ar,
    }
