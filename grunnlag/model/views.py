"""The three views of one municipality's economy, never mixed, each for the question it answers.

- Kommunekassen (the budget): cash only, per year, split into the driftsdel and the
  investeringsdel of the municipal budget (kommuneloven chapter 14), with the VAT compensation
  the municipality gets back, the loan that finances its programme share (interest and
  instalments in the driftsdel of the years they are paid), in 2019-kroner and in current kroner.
- Frigjort tid: staff time freed in the municipality's own services, in årsverk and hours.
  Not money: the municipality chooses what to do with it.
- Samfunnet: the municipality's own net present value split into its cash part, its time part
  (time valued as in Vedlegg J) and the avoided costs of adverse events; the parts add up to it.

Every formula of these views is here and nowhere else; the finance workbook repeats them as
spreadsheet formulas (render/finance_workbook.py), and the tests check it against this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from grunnlag.model.economics import Lines, Params, present_value

# Which own socio-economic lines make up each part of the municipality's net present value.
NPV_PARTS: dict[str, tuple[str, ...]] = {
    "kontant": ("program", "drift_fast", "lokal_innforing", "drift_variabel",
                "gamle_it_anskaffelser", "gamle_it_drift"),
    "tid": ("tidsgevinst", "omstilling"),
    "hendelser": ("hendelser_kommunal",),
}
SERVICES = ("legevakt", "hjemmetjenester", "sykehjem_korttid", "sykehjem_langtid",
            "helsestasjon", "tildelingskontor", "fysioterapi")  # order of tjenester_* lists


def npv_parts(p: Params, soa: Lines, total: int) -> dict[str, int]:
    """The own net present value (`total`, as the report shows it) split by kind; the parts
    add up to it to the krone (the last part takes the rounding)."""
    exact = {}
    for part, keys in NPV_PARTS.items():
        gains = sum(present_value(p, soa.gains[k]) for k in keys if k in soa.gains)
        costs = sum(present_value(p, soa.costs[k]) for k in keys if k in soa.costs)
        exact[part] = gains - costs
    parts = {k: round(v) for k, v in exact.items()}
    parts["hendelser"] += total - sum(parts.values())
    return parts


def price_index(p: Params, year: int) -> float:
    """Current kroner per 2019-krone in `year`, at the stated yearly price growth."""
    return (1 + p.price_growth) ** (year - 2019)


def vat_share(p: Params) -> float:
    """The part of an amount incl. VAT that is VAT (0.2 at 25 %)."""
    return 1 - 1 / p.mva


# Kommunekassen's lines by part of the budget (kommuneloven chapter 14)
INVESTERING = ("program", "unngatte_anskaffelser", "mva_kompensasjon_investering", "lan")
DRIFT = ("lokal", "drift", "unngatt_drift", "mva_kompensasjon_drift", "renter", "avdrag")


@dataclass(frozen=True)
class CashYear:
    """One budget year, 2019-kroner; positive is money in (or saved), negative money out."""

    ar: int
    program: float  # the programme share, an investment (investeringsdel), incl. VAT
    unngatte_anskaffelser: float  # new journal systems not bought (investeringsdel)
    mva_kompensasjon_investering: float
    lan: float  # borrowed to finance the programme share
    lokal: float  # local implementation (driftsdel), incl. VAT on the purchased part
    drift: float  # the running service price
    unngatt_drift: float  # today's systems no longer run
    mva_kompensasjon_drift: float
    renter: float
    avdrag: float

    @property
    def investeringsdel(self) -> float:
        return sum(getattr(self, k) for k in INVESTERING)

    @property
    def driftsdel(self) -> float:
        return sum(getattr(self, k) for k in DRIFT)


def loan_payments(p: Params, drawn: Mapping[int, float]) -> tuple[dict[int, float],
                                                                 dict[int, float], float]:
    """Interest and instalments per year (2019-kroner, as costs ≥ 0) of serial loans drawn at
    the end of each year in `drawn` (2019-kroner), and the debt left after the last year.

    Loans and their payments are nominal: a loan drawn in year v is the amount in current
    kroner of v; each year's payment is taken back to 2019-kroner with that year's index."""
    interest = dict.fromkeys(p.years, 0.0)
    instalments = dict.fromkeys(p.years, 0.0)
    left = 0.0
    n = p.loan_term
    for v, amount in drawn.items():
        if amount <= 0:
            continue
        nominal = amount * price_index(p, v)
        for k in range(1, n + 1):
            y = v + k
            outstanding = nominal * (1 - (k - 1) / n)
            if y in interest:
                interest[y] += p.loan_rate * outstanding / price_index(p, y)
                instalments[y] += nominal / n / price_index(p, y)
            else:
                left += nominal / n / price_index(p, p.end)
    return interest, instalments, left


def cash_years(p: Params, costs: Mapping[str, Mapping[int, float]],
               avoided: Mapping[str, Mapping[int, float]]) -> tuple[list[CashYear], float]:
    """Kommunekassen per year from the budget lines (costs ≥ 0, incl. VAT) and what is avoided;
    also the loan debt left after 2040 (2019-kroner)."""
    vat = vat_share(p)
    drawn = {y: p.loan_share * costs["program"][y] * (1 - vat) for y in p.years}
    interest, instalments, left = loan_payments(p, drawn)
    out = []
    for y in p.years:
        prog, lokal, drift = costs["program"][y], costs["lokal"][y], costs["drift"][y]
        proc, old = avoided["unngatte_anskaffelser"][y], avoided["unngatt_drift"][y]
        out.append(CashYear(
            ar=y,
            program=-prog,
            unngatte_anskaffelser=proc,
            mva_kompensasjon_investering=vat * (prog - proc),
            lan=drawn[y],
            lokal=-lokal,
            drift=-drift,
            unngatt_drift=old,
            mva_kompensasjon_drift=vat * (lokal * (1 - p.local_staff_share) + drift - old),
            renter=-interest[y],
            avdrag=-instalments[y],
        ))
    return out, left


def baseline_years(p: Params, avoided_full: Mapping[str, float]) -> dict[int, float]:
    """What today's systems cost the budget each year without Akson («ingen avtale»): their
    running costs and the procurement of a new system every tenth year, spread evenly, after
    VAT compensation; as costs ≥ 0."""
    yearly = (avoided_full["unngatte_anskaffelser"] + avoided_full["unngatt_drift"]) \
        * (1 - vat_share(p))
    return dict.fromkeys(p.years, yearly)


def freed_time(p: Params, folketall: int, population: float, golive: int
               ) -> tuple[dict[str, float], dict[int, float]]:
    """Freed årsverk in the municipality's own services: per service at full realisation, and
    in total per year.

    Per service (Vedlegg J Tabell 4, 12 and 17): årsverk × minutes saved per day / minutes in a
    working day, with the part that depends on the GPs following the share of GPs on the
    solution; the municipality's share of the 291's staff is its share of their inhabitants."""
    minutes_per_day = p.hours_per_fte * 60 / p.workdays
    share = folketall / population if population else 0.0
    full_gp = p.gp_curve[-1]
    per_service = {}
    yearly = dict.fromkeys(p.years, 0.0)
    for name, (fte, minutes, independent) in zip(SERVICES, p.services, strict=True):
        base = fte * minutes / minutes_per_day * share
        per_service[name] = base * (independent + (1 - independent) * full_gp)
        for y in p.years:
            k = y - golive
            if k < 0:
                continue
            ramp = p.ramp[min(k, len(p.ramp) - 1)]
            gp = p.gp_curve[min(k, len(p.gp_curve) - 1)]
            yearly[y] += base * ramp * (independent + (1 - independent) * gp)
    return per_service, yearly
