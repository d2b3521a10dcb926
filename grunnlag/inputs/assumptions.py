"""The national assumptions file: every figure with its value, unit, source and kind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from grunnlag.inputs.assumption_checks import check_figures, check_relations
from grunnlag.inputs.errors import InputError, errors_from_pydantic
from grunnlag.inputs.yamlsafe import YamlError, load_yaml
from grunnlag.paths import ASSUMPTIONS, ROOT

REQUIRED = (
    "kalkulasjonsrente deltakelseskrav intensjon_signert_antall statsbudsjett_2021_journal "
    "statsbudsjett_2021_samhandling program_p50 program_p85 program_standardavvik "
    "program_p50_ved_85 lokal_p50 lokal_p85 steg1_p50 soa_investering_program "
    "soa_investering_mottak soa_investering_steg1 soa_drift_program soa_drift_mottak "
    "soa_endring_omstilling soa_skattefinansiering soa_tidsgevinst soa_uonskede_hendelser "
    "soa_verdiskaping soa_gamle_it_kommunale soa_gamle_it_kommunale_drift soa_gamle_it_fastleger "
    "soa_gamle_it_nasjonale soa_nnv forventet_deltakelse anskaffelse_kostnad "
    "anskaffelse_intervall sma_kommuner_grense sma_kommuner_gruppe statens_andel_program "
    "fordeling_fast_andel program_fast_andel drift_fast_andel drift_start lokal_fast_andel "
    "mva_faktor innforingsar_standard innforingsar_opsjon program_innfasing lokal_innfasing "
    "staten_alene_til soa_tidsgevinst_fastlege soa_omstilling_fastlege "
    "innforingskurve realiseringstakt fastlege_oppslutning produktivitetsfall "
    "lan_andel lanerente lan_lopetid prisvekst lokal_egne_ansatte_andel drift_p85_faktor "
    "soa_hendelser_kommunale_tjenester folsomhet_hendelser_kommunal tjenester_arsverk "
    "tjenester_minutter tjenester_uavhengig_av_fastlege timer_per_arsverk arbeidsdager"
).split()

Number = float | int


class Tall(BaseModel):
    """One national figure and where it comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    verdi: Number | list[Number] | dict[int, Number]
    enhet: str
    type: Literal["kilde", "avledet", "antakelse"]
    kilde: str
    ref: str = ""
    beskrivelse: str  # editor's note; reports show content/forutsetninger.yaml (nb+nn)


class Kilde(BaseModel):
    """A publication the figures cite."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    tittel: str
    utgiver: str
    dato: str


class Periode(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    fra: int = Field(ge=2019, le=2030)
    til: int = Field(ge=2030, le=2060)


class Forutsetninger(BaseModel):
    """The whole national file, validated before anything is built."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    versjon: str
    rapportdato: dt.date
    prisnivaa: int
    analyseperiode: Periode
    tall: dict[str, Tall]
    kilder: dict[str, Kilde]

    def v(self, key: str) -> Any:
        """The value of one figure."""
        return self.tall[key].verdi


def load_assumptions(path: Path = ASSUMPTIONS) -> Forutsetninger | list[InputError]:
    """Load and validate the national file; errors come back as one-line messages."""
    name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    try:
        data, lines = load_yaml(path)
    except YamlError as e:
        return [InputError(name, e.line, e.field, e.message)]
    except OSError as e:
        return [InputError(name, None, "", f"cannot read the file: {e.strerror}")]
    return validate(data, name, lines)


def validate(data: Any, name: str, lines: dict[tuple, int]) -> Forutsetninger | list[InputError]:
    """The national file's parsed content checked: the model, or every problem with its line."""
    if not isinstance(data, dict):
        return [InputError(name, 1, "", "the file must be a mapping of keys to values")]
    errors = check_figures(data, name, lines)  # by unit, each value with its line
    try:
        a = Forutsetninger.model_validate(data)
    except ValidationError as e:
        return errors + errors_from_pydantic(e, name, lines)
    errors += check_relations(a, name, lines, REQUIRED)
    return errors or a
