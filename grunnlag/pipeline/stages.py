"""The build's stages: load → validate → compute → render → write.

build.py calls these in order; each stage is a plain function so tests and the benchmark can
call them too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grunnlag.inputs.assumptions import Forutsetninger, load_assumptions
from grunnlag.inputs.content import load_content
from grunnlag.inputs.errors import InputError
from grunnlag.inputs.municipality_files import kommunenummer_of
from grunnlag.inputs.registry import in_scope, load_registry
from grunnlag.inputs.schema import Kommune, check_duplicates, load_municipality
from grunnlag.inputs.texts import ContentError, check_figure_texts, load_catalogs
from grunnlag.model.contract import (
    Kommunetall,
    KritiskMasse,
    NasjonalFordeling,
    Nasjonaltall,
    NaverdiDelerTotal,
    NegativtResultat,
    RegnSelvNasjonal,
    Sporing55,
    Spredning,
)
from grunnlag.model.economics import Params, Result, Unit, compute_all, params_from
from grunnlag.model.figures import (
    golive_year,
    is_option,
    municipality_figures,
    own_old_drift,
)
from grunnlag.model.national_facts import critical_mass, negative_results
from grunnlag.model.scenarios import (
    NATIONAL,
    all_extras,
    national_spread,
    reference_split,
    vedlegg_j_npv,
)
from grunnlag.model.whatif import national_data
from grunnlag.paths import CONTENT, FONTS, MUNICIPALITIES, ROOT, TEMPLATES
from grunnlag.pipeline import computecache, keys

PARTICIPATION_LEVELS = ("0.25", "0.4", "0.55", "0.85", "1.0")

# The national figures a municipality's report quotes (nasjonal.json keys). None of them depends
# on another municipality's answers, so a round of answers rebuilds only the reports it changes;
# `report_quotes` hands a report these and nothing else, and they are part of its rebuild key.
REPORT_QUOTES = ("antall_kommuner", "folketall_total", "netto_naverdi_ved_deltakelse",
                 "netto_naverdi_fordeling_referanse")


class NationalError(Exception):
    """The national assumptions or the project's own content are invalid: nothing is built."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass
class National:
    """Everything shared by all reports, loaded and validated once."""

    assumptions: Forutsetninger
    params: Params
    population: int
    assets_hash: str  # what a report is made from: code, data, templates, texts, fonts
    model_hash: str  # what the model's results are made from: code and data, not the texts
    fordeling: list[dict[str, Any]] = field(default_factory=list)  # set by compute()
    # the same split by the national assumptions alone, which the reports quote
    fordeling_referanse: list[dict[str, Any]] = field(default_factory=list)
    regn_selv: dict[str, Any] = field(default_factory=dict)  # set by compute()


@dataclass
class Loaded:
    """The municipality files: the valid ones and the errors of the others."""

    kommuner: dict[str, Kommune] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    errors: dict[str, list[InputError]] = field(default_factory=dict)  # by file stem
    skipped: list[str] = field(default_factory=list)  # one warning line per stray file


def load_national() -> National:
    """Load and validate the national assumptions and the project's texts (stage 1)."""
    a = load_assumptions()
    if isinstance(a, list):
        raise NationalError([str(e) for e in a])
    try:
        check_figure_texts(load_catalogs(), list(a.tall), list(a.kilder),
                           sorted({t.enhet for t in a.tall.values()}))
        load_content()
    except ContentError as e:
        raise NationalError([str(e)]) from None
    registry = load_registry()
    population = sum(r.folketall for r in registry.values() if in_scope(r.kommunenummer))
    model = keys.assets_hash(ROOT / "grunnlag", ROOT / "data")
    return National(
        assumptions=a,
        params=params_from(a),
        population=population,
        assets_hash=keys.combined(model, keys.assets_hash(TEMPLATES, CONTENT, FONTS)),
        model_hash=model,
    )


def load_municipalities(directory: Path = MUNICIPALITIES) -> Loaded:
    """Load and validate every municipality file (stage 2). Errors stop only their own file."""
    out = Loaded()
    by_path: dict[Path, Kommune] = {}
    for path in sorted(directory.glob("*.yaml")):
        stray = stray_file(path)
        if stray is not None:
            out.skipped.append(stray)
            continue
        result = load_municipality(path)
        if isinstance(result, list):
            out.errors[path.stem] = result
        else:
            by_path[path] = result
    dup_errors = check_duplicates(by_path)
    dup_files = {e.file for e in dup_errors}
    for path, k in by_path.items():
        rel = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        if rel in dup_files or str(path) in dup_files:
            out.errors[path.stem] = [e for e in dup_errors if e.file in (rel, str(path))]
            continue
        out.kommuner[k.kommunenummer] = k
        out.paths[k.kommunenummer] = path
    present = set(out.kommuner) | {stem.split("-")[0] for stem in out.errors}
    for nr, row in load_registry().items():
        if in_scope(nr) and nr not in present:
            out.errors[f"{nr}-mangler"] = [InputError(
                str(directory.relative_to(ROOT)) if directory.is_relative_to(ROOT)
                else str(directory), None, "",
                f"no file for {nr} {row.navn}: every one of the 291 municipalities needs one")]
    return out


def stray_file(path: Path) -> str | None:
    """A warning line for a file that is not `<kommunenummer>-<slug>.yaml` for one of the 291
    (an editor's lock file, notes.yaml, a municipality outside the scope); None for the rest."""
    if kommunenummer_of(path) is not None:
        return None
    shown = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    why = ("skipped: the name is not <kommunenummer>-<name>.yaml for one of the 291 "
           "municipalities, so it is neither built nor counted")
    return f"warning: {InputError(shown, None, '', why)}"


def unit_for(k: Kommune, a: Forutsetninger) -> Unit:
    """The model's view of a valid municipality file."""
    golive, _ = golive_year(k, a)
    local = k.kostnader.lokal_innforing if k.kostnader else None
    return Unit(k.kommunenummer, k.folketall, golive, local, own_old_drift(k), is_option(k))


def model_units(loaded: Loaded, nat: National) -> list[Unit]:
    """All 291 as the model sees them; a municipality whose file failed keeps its SSB
    population and the default go-live year."""
    units = []
    for nr, row in sorted(load_registry().items()):
        if not in_scope(nr):
            continue
        k = loaded.kommuner.get(nr)
        units.append(unit_for(k, nat.assumptions) if k
                      else Unit(nr, row.folketall, nat.params.golive_default))
    return units


def compute(loaded: Loaded, nat: National,
            cache_dir: Path | None = None) -> tuple[dict[str, Result], dict[str, Kommunetall]]:
    """Run the model for all 291 (stage 3).

    A municipality whose file failed still takes part in the shared apportionment with its SSB
    population, so one bad file never shifts the other municipalities' figures. With
    `cache_dir`, the what-if blocks are reused while the model's inputs are unchanged.
    """
    a = nat.assumptions
    units = model_units(loaded, nat)
    # All 291 are always modelled, so one bad file never shifts the others' shares.
    results = compute_all(units, nat.params)
    # A municipality whose file failed commits, like any other unknown, in the default year
    # (as agreement_units assumes): named here, a refused file whose figures are the defaults
    # leaves the what-if blocks' key as it was, and they are reused.
    commit_years = {u.nr: nat.params.golive_default for u in units} | {
        nr: k.innforingsar or nat.params.golive_default for nr, k in loaded.kommuner.items()}
    extras = computecache.cached(
        cache_dir, [nat.model_hash, units, sorted(commit_years.items())],
        lambda: all_extras(nat.params, a, units, results, commit_years)[0])
    figs = {nr: municipality_figures(k, results[nr], a, nat.population, extras[nr])
            for nr, k in loaded.kommuner.items()}
    nat.fordeling = extras[NATIONAL]
    nat.fordeling_referanse = computecache.cached(
        cache_dir, [nat.model_hash, "referanse"], lambda: {"rader": reference_split(
            nat.params, {nr: r.folketall for nr, r in load_registry().items()
                         if in_scope(nr)})}, name="referanse")["rader"]
    nat.regn_selv = national_data(nat.params, results)
    return results, figs


def national_figures(nat: National, loaded: Loaded, figs: dict[str, Kommunetall]
                     ) -> Nasjonaltall:
    """nasjonal.json: national totals, the 55 % tracker and the calibration by participation.

    Built field by field, so mypy checks every name; the blocks the model computes as plain
    data (the splits, the spread, the critical mass, the negatives, «Regn selv») are validated
    against their contract here: a key or type it lacks stops the build."""
    a = nat.assumptions
    registry = load_registry()
    scope = {nr: r for nr, r in registry.items() if in_scope(nr)}
    total = nat.population
    status = {nr: ("ukjent", "ukjent") for nr in scope}
    for nr, k in loaded.kommuner.items():
        status[nr] = (k.vedtak.status if k.vedtak else "ukjent", k.intensjonserklaering)
    committed = sum(scope[nr].folketall for nr, s in status.items()
                    if s[0] == "forpliktelsesavtale")
    option = sum(scope[nr].folketall for nr, s in status.items() if s[0] == "opsjonsavtale")
    declined = sum(scope[nr].folketall for nr, s in status.items() if s[0] == "avslatt")
    intent = sum(scope[nr].folketall for nr, s in status.items() if s[1] == "signert")
    share = nat.params.expected
    # Every municipality's figures assume it joins; at the expected participation each takes
    # part with weight `share`, so the totals are the same quantity as the national split.
    fs = list(figs.values())
    s = lambda values: round(share * sum(values))  # noqa: E731
    return Nasjonaltall(
        antall_kommuner=len(scope),
        antall_bygget=len(figs),
        folketall_total=total,
        forutsetninger_versjon=a.versjon,
        kommunal_kostnad_p50_total=s(f.kommunal_kostnad_p50 for f in fs),
        kommunal_kostnad_p85_total=s(f.kommunal_kostnad_p85 for f in fs),
        statlig_kostnad_total=s(f.statlig_kostnad for f in fs),
        statlig_steg1_p50=round(a.v("steg1_p50") * 1_000_000),
        gevinster_naverdi_total=s(f.gevinster_naverdi for f in fs),
        netto_naverdi_total=s(f.netto_naverdi for f in fs),
        totaler_deltakelse=share,
        kommunekassen_netto_total=s(f.kommunekassen.netto_2021_2040 for f in fs),
        kommunekassen_netto_2021_2024_total=s(f.kommunekassen.netto_2021_2024 for f in fs),
        frigjort_arsverk_total=round(share * sum(f.frigjort_tid.arsverk for f in fs), 1),
        netto_naverdi_deler_total=NaverdiDelerTotal(
            kontant=s(f.netto_naverdi_deler.kontant for f in fs),
            tid=s(f.netto_naverdi_deler.tid for f in fs),
            hendelser=s(f.netto_naverdi_deler.hendelser for f in fs)),
        andre_naverdi_total=s(f.andre_naverdi for f in fs),
        staten_naverdi_total=s(f.staten_naverdi for f in fs),
        deltakelseskrav=a.v("deltakelseskrav"),
        sporing_55=Sporing55(
            forpliktet_andel=committed / total,
            opsjon_andel=option / total,
            avslatt_andel=declined / total,
            intensjon_signert_andel=intent / total,
            uavklart_andel=(total - committed - option - declined) / total,
            intensjon_signert_antall_nasjonalt=a.v("intensjon_signert_antall"),
            forpliktet_antall=sum(1 for s_ in status.values() if s_[0] == "forpliktelsesavtale"),
            krav_oppfylt=committed / total >= a.v("deltakelseskrav"),
        ),
        # The model's check against Vedlegg J, by the national assumptions as J's figures are.
        netto_naverdi_ved_deltakelse={
            level: next(d["kommunane"] + d["staten"] + d["andre"] for d in nat.fordeling_referanse
                        if d["deltakelse"] == float(level)) for level in PARTICIPATION_LEVELS
        },
        netto_naverdi_fordeling=[  # with the municipalities' answers
            NasjonalFordeling.model_validate(d) for d in nat.fordeling],
        netto_naverdi_fordeling_referanse=[
            NasjonalFordeling.model_validate(d) for d in nat.fordeling_referanse],
        netto_naverdi_ved_deltakelse_vedlegg_j=vedlegg_j_npv(a),
        netto_naverdi_ved_deltakelse_metode=str(load_catalogs()["nb"].t("deltakelse_metode")),
        netto_naverdi_per_innbygger_fordeling=Spredning.model_validate(national_spread(figs)),
        kritisk_masse_55=KritiskMasse.model_validate(critical_mass(
            {nr: r.folketall for nr, r in scope.items()}, total, a.v("deltakelseskrav"),
            {nr for nr, s_ in status.items() if s_[0] == "forpliktelsesavtale"})),
        negativt_resultat=NegativtResultat.model_validate(
            negative_results(figs, a.v("fordeling_fast_andel"))),
        regn_selv=RegnSelvNasjonal.model_validate(nat.regn_selv),
    )


def report_quotes(national: Nasjonaltall) -> dict[str, Any]:
    """The part of nasjonal.json a municipality's report may quote (REPORT_QUOTES), as the
    JSON holds it."""
    data = national.model_dump(mode="json", include=set(REPORT_QUOTES))
    return {key: data[key] for key in REPORT_QUOTES}
