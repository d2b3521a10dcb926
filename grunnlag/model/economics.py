"""The economic model: pure functions from national assumptions and one municipality's facts
to its yearly costs and gains, present values and break-even year.

Two views, never mixed:
- the *budget view* (budsjett): the money the municipality pays and saves, 2019-kroner incl. mva,
  from the cost frames of the steering document (SSD Tabell 29/30);
- the *socio-economic view* (samfunnsøkonomisk): the national analysis (Vedlegg J), 2019-kroner
  excl. mva, discounted to 2019 at 4 %, split by who bears each line: the municipality, others
  (patients, GPs, the rest of society) and the state. A municipality's net present value counts
  only its own lines.

Every derived figure is computed here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from grunnlag.inputs.assumptions import Forutsetninger

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
    state_only_years: int
    first_wave: int
    phasing: tuple[float, ...]
    local_phasing: tuple[float, ...]
    ramp: tuple[float, ...]
    gp_curve: tuple[float, ...]
    dip: tuple[float, ...]
    soa: Mapping[str, float]
    harm_municipal: float  # share of avoided adverse-event costs in municipal services (J F12)
    drift_p85: float  # running costs' P85 as a multiple of their P50
    loan_share: float  # share of the programme investment financed by a loan
    loan_rate: float  # nominal
    loan_term: int  # years, serial loan
    price_growth: float  # yearly, 2019-kroner to current kroner
    local_staff_share: float  # own staff's share of local implementation (no VAT)
    services: tuple[tuple[float, float, float], ...]  # (årsverk, minutes/day, independent share)
    hours_per_fte: float
    workdays: float

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)


def params_from(a: Forutsetninger, **overrides: object) -> Params:
    """Flatten the validated national file."""
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
        state_only_years=int(v("staten_alene_til")) - a.analyseperiode.fra + 1,
        first_wave=min(int(y) for y in v("innforingskurve")),
        phasing=program_phasing(v("statsbudsjett_2021_journal"), v("program_p50"),
                                v("program_innfasing")),
        local_phasing=tuple(v("lokal_innfasing")),
        ramp=tuple(v("realiseringstakt")),
        gp_curve=tuple(v("fastlege_oppslutning")),
        dip=tuple(v("produktivitetsfall")),
        soa=soa,
        harm_municipal=v("soa_hendelser_kommunale_tjenester") / v("soa_uonskede_hendelser"),
        drift_p85=v("drift_p85_faktor"),
        loan_share=v("lan_andel"),
        loan_rate=v("lanerente"),
        loan_term=int(v("lan_lopetid")),
        price_growth=v("prisvekst"),
        local_staff_share=v("lokal_egne_ansatte_andel"),
        services=tuple(zip(v("tjenester_arsverk"), v("tjenester_minutter"),
                           v("tjenester_uavhengig_av_fastlege"), strict=True)),
        hours_per_fte=v("timer_per_arsverk"),
        workdays=v("arbeidsdager"),
    )
    return replace_params(p, **overrides) if overrides else p


def program_phasing(first_year: float, total: float, rest: list[float]) -> tuple[float, ...]:
    """Shares of the programme cost by year: the first year is the proposed budget (the
    minister's letter), the remaining years follow the assumed shape."""
    first = first_year / total
    return (first, *(x * (1 - first) for x in rest))


def replace_params(p: Params, **changes: object) -> Params:
    """A copy with some fields changed (for scenarios and sensitivity)."""
    return replace(p, **changes)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- primitives
class _Factors(dict[int, float]):
    """The discount factors of one rate, each computed once when first asked for."""

    def __init__(self, rate: float) -> None:
        super().__init__()
        self.rate = rate

    def __missing__(self, year: int) -> float:
        value = self[year] = (1 + self.rate) ** -(year - 2019)
        return value


@lru_cache(maxsize=32)
def _factors(rate: float) -> _Factors:
    return _Factors(rate)


def discount(p: Params, year: int) -> float:
    """Discount factor to 2019 (the price and discount year of Vedlegg J)."""
    return _factors(p.rate)[year]


def present_value(p: Params, flows: Mapping[int, float]) -> float:
    """Present value in 2019 of yearly amounts."""
    factors = _factors(p.rate)
    return sum(amount * factors[year] for year, amount in flows.items())


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


def j_units(p: Params, folketall: int) -> float:
    """Vedlegg J's count (Boks 1): 1 procurement alone, 1/5 in a group of five. Used only for
    the national total; applied to one municipality it makes a cliff at the limit."""
    return 1 / p.small_group if is_small(p, folketall) else 1.0


# --------------------------------------------------------------------------- profiles
Profile = Callable[[int], float]  # year offset from go-live -> share of full level


def profile_ramp(p: Params) -> Profile:
    """Benefit realisation: 10, 25, 50, 75, 100 % from the go-live year (J Tabell 5)."""
    return lambda k: 0.0 if k < 0 else p.ramp[min(k, len(p.ramp) - 1)]


def _gp_share(p: Params, k: int) -> float:
    """Share of the municipality's GPs on the solution, relative to the final share (J 4.4)."""
    return 0.0 if k < 0 else p.gp_curve[min(k, len(p.gp_curve) - 1)] / p.gp_curve[-1]


def profile_gp(p: Params) -> Profile:
    """GP services: the realisation ramp times the share of GPs that have joined."""
    ramp = profile_ramp(p)
    return lambda k: ramp(k) * _gp_share(p, k)


def profile_gp_from(p: Params, first: int) -> Profile:
    """GPs' avoided old-system costs: from `first` on, as GPs leave their old systems."""
    return lambda k: _gp_share(p, k - first) if k >= first else 0.0


def profile_from(first: int) -> Profile:
    """Full level from year offset `first` on (running costs, avoided old-system costs)."""
    return lambda k: 1.0 if k >= first else 0.0


def profile_once(shares: tuple[float, ...], first: int = 0) -> Profile:
    """A one-off spread over consecutive years, starting at offset `first`."""
    return lambda k: shares[k - first] if 0 <= k - first < len(shares) else 0.0


# --------------------------------------------------------------------------- who bears what
# Lines of Vedlegg J that follow each municipality's own go-live year. `bearer` says whose
# they are: the municipality ("kommunen"), the state ("staten": the specialist health service)
# or others ("andre": patients, GPs and other private providers, society through taxes).
# `weight` says how the national amount is shared between municipalities: per inhabitant, per
# procurement/receiving project (by the size rule, Weights.units), or the local-implementation
# mix. Their yearly level is calibrated so that all 291 municipalities
# going live in the default year reproduce Vedlegg J's present values at the expected
# participation.
@dataclass(frozen=True)
class OwnLine:
    key: str
    bearer: str  # "kommunen" | "staten" | "andre"
    sign: int  # +1 gain, -1 cost
    weight: str  # "innbygger" | "prosjekt" | "lokal"
    soa_value: Callable[[Params], float]
    profile: Callable[[Params], Profile]  # reads only the PROFILE_FIELDS of Params


def _soa(*keys: str) -> Callable[[Params], float]:
    return lambda p: sum(p.soa[k] for k in keys)


OWN_LINES: tuple[OwnLine, ...] = (
    # the municipality's own lines
    OwnLine("lokal_innforing", "kommunen", -1, "lokal", _soa("soa_investering_mottak"),
            lambda p: profile_once(p.local_phasing, first=1 - len(p.local_phasing))),
    OwnLine("drift_variabel", "kommunen", -1, "innbygger",
            lambda p: p.soa["soa_drift_program"] * (1 - p.drift_fixed) + p.soa["soa_drift_mottak"],
            lambda p: profile_from(0)),
    OwnLine("omstilling", "kommunen", -1, "innbygger",
            lambda p: p.soa["soa_endring_omstilling"] - p.soa["soa_omstilling_fastlege"],
            lambda p: profile_once(p.dip)),
    OwnLine("tidsgevinst", "kommunen", +1, "innbygger",
            lambda p: p.soa["soa_tidsgevinst"] - p.soa["soa_tidsgevinst_fastlege"],
            profile_ramp),
    OwnLine("gamle_it_anskaffelser", "kommunen", +1, "prosjekt",
            lambda p: p.soa["soa_gamle_it_kommunale"] - p.soa["soa_gamle_it_kommunale_drift"],
            lambda p: profile_from(1)),
    OwnLine("gamle_it_drift", "kommunen", +1, "innbygger",
            _soa("soa_gamle_it_kommunale_drift"), lambda p: profile_from(1)),
    # fewer adverse events: the costs J prices in municipal services fall on the municipality,
    # the rest (in the GP service) on the specialist health service, that is the state
    OwnLine("hendelser_kommunal", "kommunen", +1, "innbygger",
            lambda p: p.soa["soa_uonskede_hendelser"] * p.harm_municipal, profile_ramp),
    OwnLine("hendelser_spesialist", "staten", +1, "innbygger",
            lambda p: p.soa["soa_uonskede_hendelser"] * (1 - p.harm_municipal), profile_ramp),
    # what others gain or lose where the municipality joins
    OwnLine("omstilling_fastlege", "andre", -1, "innbygger", _soa("soa_omstilling_fastlege"),
            lambda p: profile_once(p.dip)),
    OwnLine("tidsgevinst_fastlege", "andre", +1, "innbygger", _soa("soa_tidsgevinst_fastlege"),
            profile_gp),
    OwnLine("verdiskaping", "andre", +1, "innbygger", _soa("soa_verdiskaping"), profile_ramp),
    OwnLine("gamle_it_fastleger", "andre", +1, "innbygger", _soa("soa_gamle_it_fastleger"),
            lambda p: profile_gp_from(p, 1)),
    OwnLine("skattefinansiering", "andre", +1, "innbygger", _soa("soa_skattefinansiering"),
            lambda p: profile_from(0)),
)


def profile_pv(p: Params, profile: Profile, golive: int) -> float:
    """Present value of one krone per year at full level, for a given go-live year."""
    return sum(profile(y - golive) * discount(p, y) for y in p.years)


def calibrate(p: Params) -> dict[str, float]:
    """Full-level yearly amount of each own line for the whole country (NOK, excl. mva).

    A municipality gets its weight share of it. Chosen so that all municipalities going live in
    the default year, at the expected participation, give the present values of Vedlegg J.
    """
    return {line.key: line.soa_value(p)
            / (p.expected * profile_pv(p, line.profile(p), p.golive_default))
            for line in OWN_LINES}


# --------------------------------------------------------------------------- municipalities
@dataclass(frozen=True)
class Unit:
    """What the model needs to know about one municipality."""

    nr: str
    folketall: int
    golive: int
    local_own: int | None = None  # the municipality's own estimate of local cost (NOK)
    old_drift_own: int | None = None  # its own annual cost of today's journal systems (NOK)
    option: bool = False  # joins through the option: pays from the year it takes it up


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


@dataclass(frozen=True)
class Weights:
    """The national totals a municipality's weight share is taken of (all 291, full
    participation): inhabitants and procurement/receiving projects."""

    population: float
    projects: float  # Vedlegg J's number of procurements (and receiving projects) per round
    municipalities: int

    def units(self, p: Params, folketall: int) -> float:
        """One size rule for all: every municipality carries a fifth of a procurement (as in
        J's groups of five), and the rest of J's total is shared per inhabitant. The 291 add up
        to J's total, with no jump at 10 000 inhabitants."""
        fixed = 1 / p.small_group
        return fixed + (self.projects - fixed * self.municipalities) * folketall / self.population

    def share(self, p: Params, u: Unit, kind: str) -> float:
        pop = u.folketall / self.population
        proj = self.units(p, u.folketall) / self.projects
        if kind == "innbygger":
            return pop
        if kind == "prosjekt":
            return proj
        return p.local_fixed * proj + (1 - p.local_fixed) * pop


def weights_of(p: Params, units: Iterable[Unit]) -> Weights:
    us = list(units)
    return Weights(float(sum(u.folketall for u in us)),
                   sum(j_units(p, u.folketall) for u in us), len(us))


def take_up_year(p: Params, u: Unit) -> int | None:
    """The year an option municipality takes the option up: when its local project starts."""
    return u.golive - (len(p.local_phasing) - 1) if u.option else None


# --------------------------------------------------------------------------- the programme
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


def phase_program(p: Params) -> dict[int, float]:
    """Programme cost by year 2021–2030 (SSD milestones; 2021 from the budget proposal)."""
    return {p.start + i: s for i, s in enumerate(p.phasing)}


def phase_municipal(p: Params) -> dict[int, float]:
    """When municipalities pay their programme share: none while the state alone funds the
    programme (2021–2022, the minister's letter), then as the programme spends."""
    first = p.start + p.state_only_years
    return {y: s for y, s in phase_program(p).items() if y >= first}


def phase_state(p: Params, share: float = 1.0) -> dict[int, float]:
    """The state's contribution by year: all programme spending of the state-only years, the rest
    in step with the programme."""
    phase = phase_program(p)
    first = p.start + p.state_only_years
    total = program_total(p, share)
    early = {y: s * total for y, s in phase.items() if y < first}
    rest = state_program(p) - sum(early.values())
    later = phase_municipal(p)
    lsum = sum(later.values())
    return {**early, **{y: rest * s / lsum for y, s in later.items()}}


def equalise(flows: Mapping[int, float], year: int | None) -> dict[int, float]:
    """Late joiners' equalisation (project assumption, SSD 3.4.3): what the municipality would
    have paid before taking up its option is paid in the take-up year, without interest."""
    if year is None:
        return dict(flows)
    out = {y: a for y, a in flows.items() if y > year}
    out[year] = sum(a for y, a in flows.items() if y <= year)
    return out


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


# --------------------------------------------------------------------------- yearly lines
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

    def net_pv(self, p: Params) -> float:
        return present_value(p, self.total("gains")) - present_value(p, self.total("costs"))


def _fill(p: Params, flows: Mapping[int, float]) -> dict[int, float]:
    return {y: float(flows.get(y, 0.0)) for y in p.years}


def fixed_drift_flows(p: Params, u: Unit, yearly: float) -> dict[int, float]:
    """The fixed running cost from the solution's start; an option municipality pays the years
    before it takes the option up in the take-up year, as it pays its programme share (the same
    service years and share as a commitment, compared like with like; without interest)."""
    flows = {y: yearly if y >= p.drift_start else 0.0 for y in p.years}
    return _fill(p, equalise(flows, take_up_year(p, u)))


# The fields of Params a line's profile may read: its yearly shape is kept per line, go-live
# year and these values (the model asks for the same few shapes some hundred thousand times).
PROFILE_FIELDS = ("start", "end", "ramp", "gp_curve", "dip", "local_phasing")
_SHAPES: dict[tuple, tuple[float, ...]] = {}


def _shape(p: Params, line: OwnLine, golive: int) -> tuple[float, ...]:
    """The line's profile over p.years for a go-live year: share of full level per year."""
    key = (line.key, golive, *(getattr(p, f) for f in PROFILE_FIELDS))
    shape = _SHAPES.get(key)
    if shape is None:
        if len(_SHAPES) > 10_000:
            _SHAPES.clear()
        prof = line.profile(p)
        shape = _SHAPES[key] = tuple(prof(y - golive) for y in p.years)
    return shape


def own_flows(p: Params, u: Unit, w: Weights, calib: Mapping[str, float],
              line: OwnLine) -> dict[int, float]:
    """One own line's yearly amounts for a municipality (NOK excl. mva)."""
    level = calib[line.key] * w.share(p, u, line.weight)
    return {y: level * s for y, s in zip(p.years, _shape(p, line, u.golive), strict=True)}


def program_flows(p: Params, u: Unit, value: float) -> dict[int, float]:
    """A municipality's programme share over the years, with present value `value` before any
    equalisation: nothing in the state-only years, equalised at the option's take-up."""
    return equalise(spread_pv(p, value, phase_municipal(p)), take_up_year(p, u))


def budget_lines(p: Params, u: Unit, part: Participation, w: Weights,
                 calib: Mapping[str, float], local_nok: float, local_reserve_nok: float,
                 p85: bool = False, key: float | None = None) -> Lines:
    """The budget view (2019-kroner incl. mva, not discounted), at P50 or with the reserves.

    `key` overrides the municipality's share of common costs (the uncertainty analysis uses it
    to separate what scales with the key)."""
    key = key_share(p, u, part) if key is None else key
    phase = phase_municipal(p)
    psum = sum(phase.values())
    program_nok = key * municipal_program(p, part.share, p85)
    program = equalise({y: program_nok * s / psum for y, s in phase.items()}, take_up_year(p, u))
    n = len(p.local_phasing)
    local_total = local_nok + (local_reserve_nok if p85 else 0.0)
    local = {u.golive - n + 1 + i: local_total * s for i, s in enumerate(p.local_phasing)}
    drift_factor = p.drift_p85 if p85 else 1.0
    fixed = fixed_drift_yearly(p) * key * p.mva * drift_factor
    var = calib["drift_variabel"] * w.share(p, u, "innbygger") * p.mva * drift_factor
    fixed_flows = fixed_drift_flows(p, u, fixed)
    drift = {y: fixed_flows[y] + (var if y >= u.golive else 0.0) for y in p.years}
    levels = avoided_levels(p, u, w, calib)
    after = {y: 1.0 if y > u.golive else 0.0 for y in p.years}
    return Lines(costs={"program": _fill(p, program), "lokal": _fill(p, local), "drift": drift},
                 gains={k: {y: level * a for y, a in after.items()} for k, level in levels.items()})


def avoided_levels(p: Params, u: Unit, w: Weights, calib: Mapping[str, float]) -> dict[str, float]:
    """What today's journal systems cost the budget per year (incl. VAT): a new system every
    tenth year (J Boks 1, by the size rule) and their running costs (the municipality's own
    figure where its file gives one). Without Akson it goes on; with Akson it stops after
    go-live."""
    procurement = p.procurement / p.procurement_interval * w.units(p, u.folketall) * p.mva
    if u.old_drift_own is not None:
        old_drift = float(u.old_drift_own)
    else:
        old_drift = calib["gamle_it_drift"] * w.share(p, u, "innbygger") * p.mva
    return {"unngatte_anskaffelser": procurement, "unngatt_drift": old_drift}


def soa_lines(p: Params, u: Unit, part: Participation, w: Weights,
              calib: Mapping[str, float], bearer: str = "kommunen",
              local_factor: float = 1.0, program_factor: float = 1.0,
              key: float | None = None) -> Lines:
    """The socio-economic lines (excl. mva, per year) that fall to `bearer` where `u` joins."""
    costs: dict[str, dict[int, float]] = {}
    gains: dict[str, dict[int, float]] = {}
    if bearer == "kommunen":
        key = key_share(p, u, part) if key is None else key
        value = (soa_program_value(p, part.share) * program_factor - soa_state_program(p)) * key
        program = program_flows(p, u, value)
        fixed = fixed_drift_yearly(p) * key
        costs["program"] = _fill(p, program)
        costs["drift_fast"] = fixed_drift_flows(p, u, fixed)
    for line in OWN_LINES:
        if line.bearer != bearer:
            continue
        flows = own_flows(p, u, w, calib, line)
        if line.key == "lokal_innforing":
            flows = {y: a * local_factor for y, a in flows.items()}
        (gains if line.sign > 0 else costs)[line.key] = flows
    return Lines(costs=costs, gains=gains)


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class LineInputs:
    """What one municipality's yearly lines are computed from (compute_all)."""

    part: Participation
    weights: Weights
    calib: Mapping[str, float]
    local_nok: float  # its local implementation cost, P50
    local_reserve_nok: float  # and the reserve up to P85


@dataclass(frozen=True)
class Result:
    """Every basis figure for one municipality at one participation share, in whole kroner.

    The budget figures here are the basis path (planned go-live, the P50 cost frames); the
    figures the report calls P50 and P85 come from the uncertainty analysis. Each set of lines
    is computed when first used: the what-if runs read only the net present value.
    """

    unit: Unit
    key: float
    share: float
    state_nok: int
    params: Params = field(repr=False)
    inputs: LineInputs = field(repr=False)
    local_factor: float = 1.0  # own local cost estimate / the national estimate (1 without)

    @cached_property
    def budget_p50(self) -> Lines:
        i = self.inputs
        return budget_lines(self.params, self.unit, i.part, i.weights, i.calib, i.local_nok,
                            i.local_reserve_nok)

    @cached_property
    def budget_p85(self) -> Lines:
        i = self.inputs
        return budget_lines(self.params, self.unit, i.part, i.weights, i.calib, i.local_nok,
                            i.local_reserve_nok, p85=True)

    @cached_property
    def soa(self) -> Lines:
        i = self.inputs
        return soa_lines(self.params, self.unit, i.part, i.weights, i.calib,
                         local_factor=self.local_factor)

    @cached_property
    def soa_p85(self) -> Lines:
        i, p = self.inputs, self.params
        return soa_lines(p, self.unit, i.part, i.weights, i.calib,
                         local_factor=self.local_factor * p.local_p85 / p.local_p50,
                         program_factor=p.program_p85 / p.program_p50)

    @cached_property
    def others(self) -> Lines:
        i = self.inputs
        return soa_lines(self.params, self.unit, i.part, i.weights, i.calib, bearer="andre")

    @cached_property
    def avoided_levels(self) -> dict[str, float]:
        i = self.inputs
        return avoided_levels(self.params, self.unit, i.weights, i.calib)

    @cached_property
    def state_lines(self) -> Lines:
        """What the state (the specialist health service) saves where this municipality joins."""
        i = self.inputs
        return soa_lines(self.params, self.unit, i.part, i.weights, i.calib, bearer="staten")

    @cached_property
    def staten_naverdi(self) -> int:
        return round(self.state_lines.net_pv(self.params))

    @cached_property
    def state_by_year(self) -> dict[int, int]:
        """The state's contribution attributed to this municipality, by programme year."""
        flows = split_years(self.state_nok, phase_state(self.params, self.share))
        return {y: flows.get(y, 0) for y in self.params.years}

    @cached_property
    def basis_cost(self) -> int:
        return round(sum(self.budget_p50.total("costs").values()))

    @cached_property
    def basis_cost_p85(self) -> int:
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
        return round(self.soa_p85.net_pv(self.params))

    @cached_property
    def andre_naverdi(self) -> int:
        """Net present value that falls to others (patients, GPs, society) where it joins."""
        return round(self.others.net_pv(self.params))

    @cached_property
    def kumulativ_netto(self) -> dict[int, int]:
        """Cumulative discounted net per year: its value in 2040 is the net present value."""
        p = self.params
        gains, costs = self.soa.total("gains"), self.soa.total("costs")
        acc, out = 0.0, {}
        for y in p.years:
            acc += (gains[y] - costs[y]) * discount(p, y)
            out[y] = round(acc)
        return out

    @cached_property
    def break_even_ar(self) -> int | None:
        """First year from which the discounted cumulative net stays positive; None if the net
        present value is not positive (so the year never contradicts the value)."""
        if self.netto_naverdi <= 0:
            return None
        years = list(self.params.years)
        cum = self.kumulativ_netto
        for i, y in enumerate(years):
            if all(cum[z] > 0 for z in years[i:]):
                return y
        return None


def compute_all(units: list[Unit], p: Params, share: float | None = None) -> dict[str, Result]:
    """Model all municipalities with a share of the population taking part (default: expected).

    Shared totals are apportioned in whole kroner, so the parts add up to the national totals.
    """
    s = p.expected if share is None else share
    part = participation(units, s)
    w = weights_of(p, units)
    calib = calibrate(p)
    keys = {u.nr: key_share(p, u, part) for u in units}
    lweights = {u.nr: w.share(p, u, "lokal") for u in units}
    local = apportion(round(p.local_p50), lweights)
    local_res = apportion(round(p.local_p85 - p.local_p50), lweights)
    state = apportion(round(state_program(p) / s), keys)
    out = {}
    for u in units:
        own_local = u.local_own
        lnok = own_local if own_local is not None else local[u.nr]
        # an own estimate of local cost replaces ours in both views, in proportion
        lfac = own_local / local[u.nr] if own_local is not None and local[u.nr] > 0 else 1.0
        lres = (round(own_local * (p.local_p85 / p.local_p50 - 1)) if own_local is not None
                else local_res[u.nr])
        out[u.nr] = Result(unit=u, key=keys[u.nr], share=s, state_nok=state[u.nr], params=p,
                           inputs=LineInputs(part, w, calib, lnok, lres), local_factor=lfac)
    return out


# --------------------------------------------------------------------------- the nation
def state_npv(p: Params, share: float) -> float:
    """The state's net present value: its programme contribution and steg 1 (costs), and the
    avoided national solutions (J Figur 18), which scale with participation."""
    return (p.soa["soa_gamle_it_nasjonale"] * share / p.expected
            - soa_state_program(p) - p.soa["soa_investering_steg1"])


def national_split(p: Params, results: Mapping[str, Result], share: float) -> dict[str, float]:
    """The national net present value at a participation share, split by who bears it.

    `results` are all 291 modelled at that share. Every municipality takes part with weight
    `share` (participation is spread evenly), so `kommunane` at full participation is exactly
    the sum of the 291 municipal values.
    """
    kommunane = share * sum(r.netto_naverdi for r in results.values())
    andre = share * sum(r.andre_naverdi for r in results.values())
    staten = state_npv(p, share) + share * sum(r.staten_naverdi for r in results.values())
    return {"kommunane": kommunane, "staten": staten, "andre": andre,
            "total": kommunane + staten + andre}


def national_npv(p: Params, share: float) -> float:
    """National net present value at a participation share, all going live in the default
    year: the model's check against Vedlegg J Figur 24 (same lines as `national_split`)."""
    own = sum(line.sign * line.soa_value(p) for line in OWN_LINES) * share / p.expected
    program = soa_program_value(p, share)
    fixed_drift = p.soa["soa_drift_program"] * p.drift_fixed
    return (own - program - fixed_drift - p.soa["soa_investering_steg1"]
            + p.soa["soa_gamle_it_nasjonale"] * share / p.expected)


def fitted_drift_fixed(p: Params, points: Mapping[float, float]) -> float:
    """The fixed share of running costs that fits Vedlegg J Figur 24 best (least squares,
    relative to each published value). The model is linear in it, so two evaluations suffice."""
    lo = {s: national_npv(replace_params(p, drift_fixed=0.0), s) for s in points}
    hi = {s: national_npv(replace_params(p, drift_fixed=1.0), s) for s in points}
    num = sum((hi[s] - lo[s]) * (v - lo[s]) / v ** 2 for s, v in points.items())
    den = sum((hi[s] - lo[s]) ** 2 / v ** 2 for s, v in points.items())
    return num / den
