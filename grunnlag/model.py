"""The economic model: pure functions from national assumptions and one municipality's facts
to its yearly costs and gains, present values and break-even year.

Two views, never mixed:
- the *budget view* (budsjett): the money the municipality pays and saves, 2019-kroner incl. mva,
  from the cost frames of the steering document (SSD Tabell 29/30);
- the *socio-economic view* (samfunnsøkonomisk): the municipality's share of the national
  socio-economic analysis (Vedlegg J), 2019-kroner excl. mva, discounted to 2019 at 4 %.

Every derived figure is computed here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from .assumptions import Forutsetninger

MNOK = 1_000_000


# --------------------------------------------------------------------------- parameters
@dataclass(frozen=True)
class Params:
    """The national figures the model uses, flattened to plain numbers (NOK, shares, years)."""

    start: int
    end: int
    rate: float
    program_p50: float
    program_p85: float
    program_fixed: float
    state_share: float
    key_fixed: float
    local_p50: float
    local_p85: float
    local_fixed: float
    small_limit: int
    small_group: int
    procurement: float
    procurement_interval: int
    mva: float
    drift_fixed: float
    drift_start: int
    golive_default: int
    golive_option: int
    expected: float
    phasing: tuple[float, ...]
    local_phasing: tuple[float, ...]
    ramp: tuple[float, ...]
    gp_curve: tuple[float, ...]
    dip: tuple[float, ...]
    rollout: tuple[tuple[int, float], ...]
    soa: Mapping[str, float]
    soa_population: float

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)


def params_from(a: Forutsetninger, population: float, **overrides: float) -> Params:
    """Flatten the validated national file; `population` is that of the 291 in scope."""
    v = a.v
    soa = {k: v(k) * MNOK for k in a.tall if k.startswith("soa_")}
    p = Params(
        start=a.analyseperiode.fra,
        end=a.analyseperiode.til,
        rate=v("kalkulasjonsrente"),
        program_p50=v("program_p50") * MNOK,
        program_p85=v("program_p85") * MNOK,
        program_fixed=v("program_fast_andel"),
        state_share=v("statens_andel_program"),
        key_fixed=v("fordeling_fast_andel"),
        local_p50=v("lokal_p50") * MNOK,
        local_p85=v("lokal_p85") * MNOK,
        local_fixed=v("lokal_fast_andel"),
        small_limit=int(v("sma_kommuner_grense")),
        small_group=int(v("sma_kommuner_gruppe")),
        procurement=v("anskaffelse_kostnad") * MNOK,
        procurement_interval=int(v("anskaffelse_intervall")),
        mva=v("mva_faktor"),
        drift_fixed=v("drift_fast_andel"),
        drift_start=int(v("drift_start")),
        golive_default=int(v("innforingsar_standard")),
        golive_option=int(v("innforingsar_opsjon")),
        expected=v("forventet_deltakelse"),
        phasing=tuple(v("program_innfasing")),
        local_phasing=tuple(v("lokal_innfasing")),
        ramp=tuple(v("realiseringstakt")),
        gp_curve=tuple(v("fastlege_oppslutning")),
        dip=tuple(v("produktivitetsfall")),
        rollout=tuple(sorted((int(y), float(s)) for y, s in v("innforingskurve").items())),
        soa=soa,
        soa_population=population,
    )
    return replace_params(p, **overrides) if overrides else p


def replace_params(p: Params, **changes: float) -> Params:
    """A copy with some fields changed (for scenarios and sensitivity)."""
    from dataclasses import replace

    return replace(p, **changes)


# --------------------------------------------------------------------------- primitives
def discount(p: Params, year: int) -> float:
    """Discount factor to 2019 (the price and discount year of Vedlegg J)."""
    return (1 + p.rate) ** -(year - 2019)


def present_value(p: Params, flows: Mapping[int, float]) -> float:
    """Present value in 2019 of yearly amounts."""
    return sum(amount * discount(p, year) for year, amount in flows.items())


def apportion(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Split a whole-krone total by weights so that the parts add up exactly (largest remainder).

    Ties are broken by key, so the result is deterministic.
    """
    wsum = sum(weights.values())
    if wsum <= 0:
        return dict.fromkeys(weights, 0)
    exact = {k: total * w / wsum for k, w in weights.items()}
    parts = {k: int(x // 1) for k, x in exact.items()}
    rest = total - sum(parts.values())
    order = sorted(exact, key=lambda k: (-(exact[k] - parts[k]), k))
    for k in order[:rest]:
        parts[k] += 1
    return parts


def split_years(amount: int, shares: Mapping[int, float]) -> dict[int, int]:
    """Spread a whole-krone amount over years by shares, keeping the exact sum."""
    return {int(y): v for y, v in apportion(amount, {str(y): s for y, s in shares.items()}).items()}


def is_small(p: Params, folketall: int) -> bool:
    """Municipalities under the limit procure and implement in groups (J Boks 1)."""
    return folketall < p.small_limit


def project_units(p: Params, folketall: int) -> float:
    """Share of one receiving project (mottaksprosjekt): 1 alone, 1/5 in a group of five."""
    return 1 / p.small_group if is_small(p, folketall) else 1.0


# --------------------------------------------------------------------------- profiles
Profile = Callable[[int], float]  # year offset from go-live -> share of full level


def profile_ramp(p: Params) -> Profile:
    """Benefit realisation: 10, 25, 50, 75, 100 % from the go-live year (J Tabell 5)."""
    return lambda k: 0.0 if k < 0 else p.ramp[min(k, len(p.ramp) - 1)]


def profile_gp(p: Params) -> Profile:
    """GP services: the realisation ramp times the share of GPs on the solution."""
    ramp = profile_ramp(p)
    full = p.gp_curve[-1]
    return lambda k: 0.0 if k < 0 else ramp(k) * p.gp_curve[min(k, len(p.gp_curve) - 1)] / full


def profile_from(first: int) -> Profile:
    """Full level from year offset `first` on (running costs, avoided old-system costs)."""
    return lambda k: 1.0 if k >= first else 0.0


def profile_once(shares: tuple[float, ...], first: int = 0) -> Profile:
    """A one-off spread over consecutive years, starting at offset `first`."""
    return lambda k: shares[k - first] if 0 <= k - first < len(shares) else 0.0


# Own lines follow the municipality's own go-live year; their level per inhabitant is calibrated
# so that the national present value at the expected rollout equals Vedlegg J.
@dataclass(frozen=True)
class OwnLine:
    key: str
    sign: int  # +1 gain, -1 cost
    soa_value: Callable[[Params], float]
    profile: Callable[[Params], Profile]


def _soa(key: str, share: float = 1.0) -> Callable[[Params], float]:
    return lambda p: p.soa[key] * share


OWN_LINES: tuple[OwnLine, ...] = (
    OwnLine("lokal_innforing", -1, _soa("soa_investering_mottak"),
            lambda p: profile_once(p.local_phasing, first=-1)),
    OwnLine("drift_variabel", -1,
            lambda p: p.soa["soa_drift_program"] * (1 - p.drift_fixed) + p.soa["soa_drift_mottak"],
            lambda p: profile_from(0)),
    OwnLine("omstilling", -1, _soa("soa_endring_omstilling"), lambda p: profile_once(p.dip)),
    OwnLine("tidsgevinst", +1, _soa("soa_tidsgevinst"), profile_ramp),
    OwnLine("uonskede_hendelser", +1,
            lambda p: p.soa["soa_uonskede_hendelser"] + p.soa["soa_verdiskaping"], profile_ramp),
    OwnLine("gamle_it", +1,
            lambda p: (p.soa["soa_gamle_it_kommunale"] + p.soa["soa_gamle_it_fastleger"]
                       + p.soa["soa_gamle_it_nasjonale"]),
            lambda p: profile_from(1)),
    OwnLine("skattefinansiering", +1, _soa("soa_skattefinansiering"), lambda p: profile_from(0)),
)


def cohorts(p: Params) -> list[tuple[int, float]]:
    """(go-live year, share of the population) from the national rollout curve (J Figur 6)."""
    out, prev = [], 0.0
    for year, cum in p.rollout:
        out.append((year, cum - prev))
        prev = cum
    return out


def profile_pv(p: Params, profile: Profile, golive: int) -> float:
    """Present value of one krone per year at full level, for a given go-live year."""
    return sum(profile(y - golive) * discount(p, y) for y in p.years)


def calibrate(p: Params) -> dict[str, float]:
    """Full-level amount per inhabitant per year for each own line (NOK, excl. mva).

    Chosen so that the expected national rollout reproduces the present values of Vedlegg J.
    """
    population = p.soa_population
    out = {}
    for line in OWN_LINES:
        prof = line.profile(p)
        pv_per_person = sum(share * profile_pv(p, prof, year) for year, share in cohorts(p))
        out[line.key] = line.soa_value(p) / (population * pv_per_person)
    return out


# --------------------------------------------------------------------------- municipalities
@dataclass(frozen=True)
class Unit:
    """What the model needs to know about one municipality."""

    nr: str
    folketall: int
    golive: int
    local_own: int | None = None  # the municipality's own estimate of local cost (NOK)
    old_drift_own: int | None = None  # its own annual cost of today's journal systems (NOK)


@dataclass(frozen=True)
class Participation:
    """Who joins: a share of the population and (assumed alike) of the municipalities."""

    share: float
    municipalities: float
    population: float


def participation(units: Iterable[Unit], share: float = 1.0) -> Participation:
    """Participation at a share of the population; the count of municipalities scales alike."""
    us = list(units)
    return Participation(share, share * len(us), share * sum(u.folketall for u in us))


def key_share(p: Params, unit: Unit, part: Participation, fixed: float | None = None) -> float:
    """A municipality's share of common costs: a fixed part each plus a part per inhabitant."""
    f = p.key_fixed if fixed is None else fixed
    return f / part.municipalities + (1 - f) * unit.folketall / part.population


def program_total(p: Params, share: float, p85: bool = False) -> float:
    """Programme cost at a participation share: a fixed part plus licences that scale (SSD T29)."""
    base = p.program_p85 if p85 else p.program_p50
    return base * (p.program_fixed + (1 - p.program_fixed) * share)


def state_program(p: Params) -> float:
    """The state's contribution: P50 of programme and authority tasks (project assumption)."""
    return p.state_share * p.program_p50


def municipal_program(p: Params, share: float, p85: bool = False) -> float:
    """What the participating municipalities pay together for the programme."""
    return program_total(p, share, p85) - state_program(p)


def local_weight(p: Params, unit: Unit, total_units: float, total_pop: float) -> float:
    """Share of national local cost: part per receiving project, part per inhabitant."""
    return (p.local_fixed * project_units(p, unit.folketall) / total_units
            + (1 - p.local_fixed) * unit.folketall / total_pop)


def phase_program(p: Params) -> dict[int, float]:
    """Programme cost by year 2021–2030 (project assumption)."""
    return {p.start + i: s for i, s in enumerate(p.phasing)}


def soa_program_value(p: Params, share: float) -> float:
    """Present value (J, excl. mva) of the programme investment at a participation share."""
    at_expected = p.program_fixed + (1 - p.program_fixed) * p.expected
    return p.soa["soa_investering_program"] / at_expected * (
        p.program_fixed + (1 - p.program_fixed) * share)


def soa_state_program(p: Params) -> float:
    """The state's part of the programme investment in the socio-economic view."""
    at_expected = p.program_fixed + (1 - p.program_fixed) * p.expected
    return p.state_share * p.soa["soa_investering_program"] / at_expected


def fixed_drift_yearly(p: Params) -> float:
    """Yearly fixed operating cost of the solution (excl. mva), from its start to 2040."""
    pv = p.soa["soa_drift_program"] * p.drift_fixed
    return pv / sum(discount(p, y) for y in range(p.drift_start, p.end + 1))


def spread_pv(p: Params, value: float, shares: Mapping[int, float]) -> dict[int, float]:
    """Yearly amounts with the given time shape whose present value is `value`."""
    scale = value / sum(s * discount(p, y) for y, s in shares.items())
    return {y: s * scale for y, s in shares.items()}


@dataclass(frozen=True)
class Lines:
    """Yearly amounts by line (NOK). Costs are positive numbers in `costs`, gains in `gains`."""

    costs: dict[str, dict[int, float]]
    gains: dict[str, dict[int, float]]

    def total(self, which: str) -> dict[int, float]:
        group = self.costs if which == "costs" else self.gains
        out: dict[int, float] = {}
        for flows in group.values():
            for y, a in flows.items():
                out[y] = out.get(y, 0.0) + a
        return out


def _fill(p: Params, flows: Mapping[int, float]) -> dict[int, float]:
    return {y: float(flows.get(y, 0.0)) for y in p.years}


def budget_lines(p: Params, u: Unit, part: Participation, key: float, local_nok: int,
                 program_nok: int, reserve_nok: int, local_reserve_nok: int,
                 calib: Mapping[str, float]) -> tuple[Lines, Lines]:
    """The budget view at P50 and at P85 (2019-kroner incl. mva, not discounted)."""
    phase = phase_program(p)
    program = split_years(program_nok, phase)
    reserve = split_years(reserve_nok, phase)
    local_years = {u.golive - 1: p.local_phasing[0], u.golive: p.local_phasing[1]}
    local = split_years(local_nok, local_years)
    local_res = split_years(local_reserve_nok, local_years)
    fixed = fixed_drift_yearly(p) * key * p.mva
    var = calib["drift_variabel"] * u.folketall * p.mva
    drift = {y: (fixed if y >= p.drift_start else 0.0) + (var if y >= u.golive else 0.0)
             for y in p.years}
    per_year_procurement = p.procurement / p.procurement_interval * project_units(p, u.folketall)
    if u.old_drift_own is not None:
        old_drift = float(u.old_drift_own)
    else:
        old_drift = calib_old_drift(p) * u.folketall * p.mva
    avoided = {y: per_year_procurement + old_drift if y > u.golive else 0.0 for y in p.years}
    p50 = Lines(
        costs={"program": _fill(p, program), "lokal": _fill(p, local), "drift": drift},
        gains={"unngatt": avoided},
    )
    p85 = Lines(
        costs={"program": _fill(p, {y: program.get(y, 0) + reserve.get(y, 0) for y in p.years}),
               "lokal": _fill(p, {y: local.get(y, 0) + local_res.get(y, 0) for y in p.years}),
               "drift": drift},
        gains={"unngatt": avoided},
    )
    return p50, p85


def calib_old_drift(p: Params) -> float:
    """Avoided running cost of today's municipal systems per inhabitant per year (J Figur 18)."""
    prof = profile_from(1)
    pv_per_person = sum(s * profile_pv(p, prof, y) for y, s in cohorts(p))
    return p.soa["soa_gamle_it_kommunale_drift"] / (p.soa_population * pv_per_person)


def soa_lines(p: Params, u: Unit, part: Participation, calib: Mapping[str, float],
              p85: bool = False) -> Lines:
    """The municipality's share of the socio-economic analysis (excl. mva, per year)."""
    key = key_share(p, u, part)
    prog_value = (soa_program_value(p, part.share) - soa_state_program(p)) * key
    if p85:
        prog_value *= p.program_p85 / p.program_p50
    program = spread_pv(p, prog_value, phase_program(p))
    fixed = fixed_drift_yearly(p) * key
    costs: dict[str, dict[int, float]] = {
        "program": _fill(p, program),
        "drift_fast": {y: fixed if y >= p.drift_start else 0.0 for y in p.years},
    }
    gains: dict[str, dict[int, float]] = {}
    for line in OWN_LINES:
        prof = line.profile(p)
        level = calib[line.key] * u.folketall
        if p85 and line.key == "lokal_innforing":
            level *= p.local_p85 / p.local_p50
        flows = {y: level * prof(y - u.golive) for y in p.years}
        (gains if line.sign > 0 else costs)[line.key] = flows
    return Lines(costs=costs, gains=gains)


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Result:
    """Every figure the report shows for one municipality, in whole kroner."""

    unit: Unit
    key: float
    budget_p50: Lines
    budget_p85: Lines
    soa: Lines
    soa_p85: Lines
    state_nok: int
    params: Params = field(repr=False)

    @cached_property
    def state_by_year(self) -> dict[int, int]:
        """The state's contribution attributed to this municipality, by programme year."""
        flows = split_years(self.state_nok, phase_program(self.params))
        return {y: flows.get(y, 0) for y in self.params.years}

    @cached_property
    def kommunal_kostnad_p50(self) -> int:
        return round(sum(self.budget_p50.total("costs").values()))

    @cached_property
    def kommunal_kostnad_p85(self) -> int:
        return round(sum(self.budget_p85.total("costs").values()))

    @cached_property
    def budsjett_gevinst(self) -> int:
        return round(sum(self.budget_p50.total("gains").values()))

    @cached_property
    def gevinster_naverdi(self) -> int:
        return round(present_value(self.params, self.soa.total("gains")))

    @cached_property
    def kostnader_naverdi(self) -> int:
        return round(present_value(self.params, self.soa.total("costs")))

    @cached_property
    def netto_naverdi(self) -> int:
        return self.gevinster_naverdi - self.kostnader_naverdi

    @cached_property
    def netto_naverdi_p85(self) -> int:
        p = self.params
        return round(present_value(p, self.soa_p85.total("gains"))
                     - present_value(p, self.soa_p85.total("costs")))

    @cached_property
    def kumulativ_netto(self) -> dict[int, int]:
        """Cumulative socio-economic net per year, not discounted (as J Figur 2)."""
        gains, costs = self.soa.total("gains"), self.soa.total("costs")
        acc, out = 0.0, {}
        for y in self.params.years:
            acc += gains[y] - costs[y]
            out[y] = round(acc)
        return out

    @cached_property
    def break_even_ar(self) -> int | None:
        """First year from which the cumulative net stays positive; None if not by 2040."""
        years = list(self.params.years)
        cum = self.kumulativ_netto
        for i, y in enumerate(years):
            if all(cum[z] >= 0 for z in years[i:]):
                return y if cum[y] > 0 or i > 0 else None
        return None

    @cached_property
    def kostnad_per_innbygger_per_ar(self) -> int | None:
        """Average yearly budget cost (P50) per inhabitant over the analysis period."""
        if self.unit.folketall <= 0:
            return None
        n_years = len(self.params.years)
        return round(self.kommunal_kostnad_p50 / self.unit.folketall / n_years)


def compute_all(units: list[Unit], p: Params) -> dict[str, Result]:
    """Model all municipalities at full participation (the basis of the cost frames).

    Shared totals are apportioned in whole kroner, so the parts add up to the national totals.
    """
    part = participation(units, 1.0)
    calib = calibrate(p)
    keys = {u.nr: key_share(p, u, part) for u in units}
    total_units = sum(project_units(p, u.folketall) for u in units)
    lweights = {u.nr: local_weight(p, u, total_units, part.population) for u in units}
    program = apportion(round(municipal_program(p, 1.0)), keys)
    reserve = apportion(round(program_total(p, 1.0, True) - program_total(p, 1.0)), keys)
    local = apportion(round(p.local_p50), lweights)
    local_res = apportion(round(p.local_p85 - p.local_p50), lweights)
    state = apportion(round(state_program(p)), keys)
    out = {}
    for u in units:
        own_local = u.local_own
        lres = local_res[u.nr]
        if own_local is not None:
            lres = round(own_local * (p.local_p85 / p.local_p50 - 1))
        b50, b85 = budget_lines(p, u, part, keys[u.nr],
                                own_local if own_local is not None else local[u.nr],
                                program[u.nr], reserve[u.nr], lres, calib)
        out[u.nr] = Result(
            unit=u, key=keys[u.nr], budget_p50=b50, budget_p85=b85,
            soa=soa_lines(p, u, part, calib), soa_p85=soa_lines(p, u, part, calib, p85=True),
            state_nok=state[u.nr], params=p,
        )
    return out


def national_npv(p: Params, share: float) -> float:
    """National socio-economic net present value at a participation share (NOK).

    Own lines scale with participation (calibrated to J at the expected 85 %); the programme's
    fixed part, the fixed running cost and steg 1 do not. This is the model's check against
    Vedlegg J Figur 24.
    """
    scale = share / p.expected
    own = sum(line.sign * line.soa_value(p) for line in OWN_LINES) * scale
    program = soa_program_value(p, share)
    fixed_drift = p.soa["soa_drift_program"] * p.drift_fixed
    return own - program - fixed_drift - p.soa["soa_investering_steg1"]
