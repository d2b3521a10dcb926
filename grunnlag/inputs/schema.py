"""The municipality file (`municipalities/<kommunenummer>-<slug>.yaml`) and its checks.

Files are edited by hand in many municipalities, so validation is strict (no silent type
coercion), reports every problem at once, and never raises for any file content.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import pydantic
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    WrapValidator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from grunnlag.inputs import fontcover, mdsafe, registry
from grunnlag.inputs.errors import InputError, errors_from_pydantic
from grunnlag.inputs.yamlsafe import YamlError, load_yaml
from grunnlag.paths import ROOT

__all__ = [
    "Journalsystem",
    "Kommune",
    "Kostnader",
    "Vedtak",
    "check_duplicates",
    "load_municipality",
]

MAX_ERRORS = 100  # per file
_FOUR_DIGITS = re.compile(r"[0-9]{4}")
FILE_NAME = re.compile(r"([0-9]{4})-([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml")


# ---------------------------------------------------------------- field types


def whole_number(ge: int | None = None, le: int | None = None, *, sanity: bool = False) -> Any:
    """An int type that refuses floats, bools and text and names its range in the error.

    Pydantic's own int errors do not carry the limits, so 'must be a whole number ≥ 0'
    would be impossible to write without this. A `sanity` upper bound (far above any real
    value) is named only when it is exceeded, not when the value is not a number at all.
    """
    limits: dict[str, Any] = {k: v for k, v in (("ge", ge), ("le", le)) if v is not None}
    limits["whole"] = True  # tells errors.py to say "whole number" for range errors too
    limits["sanity_le"] = sanity

    def check(value: Any, handler: Callable[[Any], int]) -> int:
        if type(value) is not int:
            raise PydanticCustomError("int_type", "must be a whole number", limits)
        if ge is not None and value < ge:
            raise PydanticCustomError("greater_than_equal", "too small", limits)
        if le is not None and value > le:
            raise PydanticCustomError("less_than_equal", "too large", limits)
        return handler(value)

    return Annotated[int, Field(ge=ge, le=le), WrapValidator(check)]


def _parse_date(value: Any) -> Any:
    """Accept a quoted 'YYYY-MM-DD' as well as YAML's own date; refuse dates with a time."""
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_type", "must be a date without a time")
    if isinstance(value, str):
        try:
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                return dt.date.fromisoformat(value)
        except ValueError:
            pass
        raise PydanticCustomError("date_parsing", "must be a date written as YYYY-MM-DD")
    return value


def _date_in_range(value: dt.date) -> dt.date:
    if not DATE_MIN <= value <= DATE_MAX:
        raise PydanticCustomError(
            "out_of_range_date", "must be a date between {lo} and {hi}",
            {"lo": DATE_MIN.isoformat(), "hi": DATE_MAX.isoformat()})
    return value


DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2060, 12, 31)
Dato = Annotated[dt.date, BeforeValidator(_parse_date), AfterValidator(_date_in_range)]


def _showable(value: str) -> str:
    """Text the bundled fonts can show (else it prints as boxes or pulls in a system font)."""
    lost = fontcover.missing(value)
    if lost:
        raise PydanticCustomError(
            "font_coverage",
            "has characters the report's fonts cannot show: {chars}; remove them or write "
            "them another way", {"chars": fontcover.describe(lost)})
    return value


def _kommunenummer_before(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError('must be four digits in quotes, like "0301"')
    return value


def _kommunenummer_after(value: str) -> str:
    if not _FOUR_DIGITS.fullmatch(value):
        raise ValueError('must be four digits, like "0301"')
    return value


MAX_AMOUNT = 100_000_000_000  # kroner: more than any municipality's whole yearly budget
MAX_POPULATION = 10_000_000   # more than Norway's
if TYPE_CHECKING:  # built at run time, so a type checker sees the int they hold
    NonNegative = int
    Population = int
    ContractYear = int
    RolloutYear = int
else:
    NonNegative = whole_number(0, MAX_AMOUNT, sanity=True)
    Population = whole_number(0, MAX_POPULATION, sanity=True)
    ContractYear = whole_number(2000, 2060)
    RolloutYear = whole_number(2024, 2035)
Kommunenummer = Annotated[
    str, BeforeValidator(_kommunenummer_before), AfterValidator(_kommunenummer_after)
]
Tekst100 = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_showable)]
Tekst5000 = Annotated[str, Field(max_length=5000), AfterValidator(_showable)]


def _shown_whole(value: str) -> str:
    """A note the report can show in full (mdsafe.note_problem), else refused with its line."""
    problem = mdsafe.note_problem(value)
    if problem is not None:
        raise PydanticCustomError("note_depth", "{why}", {"why": problem[1]})
    return value


Merknad = Annotated[Tekst5000, AfterValidator(_shown_whole)]


class _Strict(BaseModel):
    """Strict, frozen, no unknown keys; an empty value on an optional field means 'not given'."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_empty_optionals(cls, data: Any) -> Any:
        """`innforingsar:` with nothing after it is how people leave a field blank in YAML."""
        if not isinstance(data, dict):
            return data
        fields = cls.model_fields
        return {
            k: v
            for k, v in data.items()
            if not (v is None and k in fields and not fields[k].is_required())
        }


# ---------------------------------------------------------------- models

Tjenesteomrade = Literal[
    "fastlege",
    "legevakt",
    "hjemmetjenester",
    "sykehjem",
    "helsestasjon",
    "tildelingskontor",
    "fysioterapi",
    "psykisk_helse_rus",
    "annet",
]


class Vedtak(_Strict):
    """The municipal council's decision on joining Akson."""

    status: Literal[
        "ikke_behandlet", "forpliktelsesavtale", "opsjonsavtale", "avslatt", "ukjent"
    ] = "ukjent"
    dato: Dato | None = None


class Journalsystem(_Strict):
    """One record system in use today, per service area."""

    tjenesteomrade: Tjenesteomrade
    system: Tekst100
    leverandor: Tekst100 | None = None
    kontrakt_utloper: ContractYear | None = None
    arlig_kostnad: NonNegative | None = None  # kroner per year


class Kostnader(_Strict):
    """The municipality's own cost figures, in kroner."""

    lokal_innforing: NonNegative | None = None


class Kommune(_Strict):
    """One municipality file: SSB base data plus optional local knowledge."""

    kommunenummer: Kommunenummer
    navn: Tekst100
    navn_kort: Tekst100 | None = None
    fylke: Tekst100
    folketall: Population
    folketall_dato: Dato | None = None
    malform: Literal["bokmål", "nynorsk", "nøytral"]
    # Where a value other than SSB's register comes from (see _register_check).
    navn_kilde: Tekst100 | None = None
    fylke_kilde: Tekst100 | None = None
    folketall_kilde: Tekst100 | None = None
    malform_kilde: Tekst100 | None = None
    rapportsprak: Literal["nb", "nn"] | None = None
    # Who decides and who proposes, when the file says so (inputs/organ.py has the defaults).
    kommunestyre_navn: Literal["kommunestyret", "bystyret"] | None = None
    administrasjon_navn: Literal["kommunedirektøren", "rådmannen", "byrådet"] | None = None
    intensjonserklaering: Literal["signert", "ikke_signert", "ukjent"] = "ukjent"
    vedtak: Vedtak = Vedtak()
    innforingsar: RolloutYear | None = None
    journalsystemer: Annotated[list[Journalsystem], Field(max_length=50)] = []
    kostnader: Kostnader = Kostnader()
    merknad: Merknad | None = None
    # A summary in Sami written by the municipality (never made by the build), shown in the
    # saksframlegg under a heading that names the language.
    sammendrag_samisk: Tekst5000 | None = None

    # Where the data came from, for later cross-file messages; not part of the data.
    _file: str | None = PrivateAttr(default=None)
    _lines: dict[tuple, int] = PrivateAttr(default_factory=dict)

    @property
    def sprak(self) -> Literal["nb", "nn"]:
        """Report language: explicit choice, else nynorsk for nynorsk municipalities."""
        if self.rapportsprak is not None:
            return self.rapportsprak
        return "nn" if self.malform == "nynorsk" else "nb"

    @property
    def visningsnavn(self) -> str:
        """The name shown in reports."""
        return self.navn


# ---------------------------------------------------------------- loading


def _display_name(path: Path, root: Path) -> str:
    """Path relative to root when it lies below it, so messages stay short."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def _in_scope_count() -> int:
    return sum(1 for nr in registry.load_registry() if registry.in_scope(nr))


def _cross_check(nr: str, path: Path, file: str, lines: dict[tuple, int]) -> list[InputError]:
    """File name and SSB register checks for a well-formed kommunenummer."""
    errors: list[InputError] = []
    line = lines.get(("kommunenummer",))
    reg = registry.load_registry()
    row = reg.get(nr)
    expected = f"{nr}-{registry.slug(row.navn)}.yaml" if row else f"{nr}-<name>.yaml"
    match = FILE_NAME.fullmatch(path.name)
    if match is None:
        errors.append(
            InputError(
                file,
                None,
                "",
                f'the file name must look like "{expected}" '
                "(kommunenummer, a dash, the name in lower case without æøå, .yaml)",
            )
        )
    elif match[1] != nr:
        errors.append(
            InputError(
                file,
                line,
                "kommunenummer",
                f'"{nr}" does not match the file name "{path.name}"; '
                f'rename the file to "{expected}" or correct the number',
            )
        )
    elif (row is not None and registry.in_scope(nr)
          and match[2] not in {registry.slug(row.navn), registry.slug(row.navn_kort)}):
        # "0301-bergen.yaml" holding Oslo would be edited by the wrong people.
        errors.append(
            InputError(
                file,
                None,
                "",
                f'the file name "{path.name}" does not match {nr} {row.navn} in SSB\'s register; '
                f'rename the file to "{expected}"',
            )
        )
    if row is None:
        errors.append(
            InputError(file, line, "kommunenummer", f"no municipality {nr} in SSB's 2020 register")
        )
    elif not registry.in_scope(nr):
        errors.append(
            InputError(
                file,
                line,
                "kommunenummer",
                f"{nr} ({row.navn}) is not one of the {_in_scope_count()} municipalities "
                "outside Midt-Norge",
            )
        )
    return errors


POPULATION_TOLERANCE = 0.2  # a sourced figure may differ this much from SSB's (growth, not typos)
REGISTER_FIELDS = ("navn", "fylke", "malform", "folketall")  # each may have a <field>_kilde


def _register_check(k: Kommune, file: str, lines: dict[tuple, int]) -> list[InputError]:
    """navn, navn_kort, fylke, målform and folketall as in SSB's register.

    One municipality's population moves every other's share of the common costs, and its
    målform decides the report's language, so a value other than SSB's is accepted only with
    its source (`folketall_kilde`, `navn_kilde`, ...), and a population only near SSB's.
    """
    row = registry.load_registry().get(k.kommunenummer)
    if row is None or not registry.in_scope(k.kommunenummer):
        return []
    errors: list[InputError] = []
    for name in REGISTER_FIELDS:
        got, want = getattr(k, name), getattr(row, name)
        if got == want or getattr(k, f"{name}_kilde") is not None:
            continue
        shown = f"{want:,}".replace(",", " ") if isinstance(want, int) else f'"{want}"'
        value = got if isinstance(got, int) else f'"{got}"'
        when = f" on {row.folketall_dato}" if name == "folketall" else ""
        errors.append(InputError(
            file, lines.get((name,)), name,
            f"{value} differs from SSB's register ({shown}{when}); correct it, or say where "
            f"your value comes from in {name}_kilde"))
    if (k.navn_kort is not None and k.navn_kort not in (row.navn_kort, row.navn)
            and k.navn_kilde is None):
        errors.append(InputError(
            file, lines.get(("navn_kort",)), "navn_kort",
            f'"{k.navn_kort}" differs from SSB\'s register ("{row.navn_kort}"); correct it, or '
            "say where your value comes from in navn_kilde"))
    if abs(k.folketall - row.folketall) > POPULATION_TOLERANCE * row.folketall:
        want = f"{row.folketall:,}".replace(",", " ")
        if k.folketall_kilde is not None:
            errors.append(InputError(
                file, lines.get(("folketall",)), "folketall",
                f"{k.folketall} is more than {POPULATION_TOLERANCE:.0%} away from SSB's register "
                f"({want}); check the figure"))
    errors.sort(key=lambda e: e.line or 0)
    return errors


def load_municipality(path: Path, *, root: Path = ROOT) -> Kommune | list[InputError]:
    """Read and check one municipality file; every problem becomes an InputError line."""
    path = Path(path)
    file = _display_name(path, root)
    try:
        data, lines = load_yaml(path, int_keys=False)
    except YamlError as exc:
        return [InputError(file, exc.line, exc.field, exc.message)]
    if data is None:
        return [InputError(file, None, "", 'the file is empty; start with kommunenummer: "0301"')]
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        return [InputError(file, None, "", f"the file must hold 'name: value' fields, not {kind}")]

    errors: list[InputError] = []
    kommune: Kommune | None = None
    try:
        kommune = Kommune.model_validate(data)
    except pydantic.ValidationError as exc:
        errors.extend(errors_from_pydantic(exc, file, lines, model=Kommune))
    except Exception as exc:  # a validator bug must still not crash a run over 291 files
        errors.append(InputError(file, None, "", f"could not be checked ({type(exc).__name__})"))

    nr = data.get("kommunenummer")
    if isinstance(nr, str) and _FOUR_DIGITS.fullmatch(nr):
        errors.extend(_cross_check(nr, path, file, lines))
    if kommune is not None and not errors:
        errors.extend(_register_check(kommune, file, lines))
    if errors or kommune is None:
        errors.sort(key=lambda e: (e.line is not None, e.line or 0))  # file order; stable
        if len(errors) > MAX_ERRORS:  # a garbage file should not bury the other files' errors
            more = len(errors) - MAX_ERRORS
            errors = errors[:MAX_ERRORS]
            errors.append(InputError(file, None, "", f"{more} more problems not shown"))
        return errors or [InputError(file, None, "", "could not be checked")]
    kommune._file = file
    kommune._lines = lines
    return kommune


def check_duplicates(loaded: dict[Path, Kommune], *, root: Path = ROOT) -> list[InputError]:
    """Two files for one kommunenummer: one error per later file (by path) naming the first."""
    first: dict[str, str] = {}
    errors: list[InputError] = []
    for path in sorted(loaded, key=lambda p: str(p)):
        kommune = loaded[path]
        file = _display_name(Path(path), root)
        nr = kommune.kommunenummer
        if nr not in first:
            first[nr] = file
            continue
        errors.append(
            InputError(
                file,
                kommune._lines.get(("kommunenummer",)),
                "kommunenummer",
                f"{nr} is also used by {first[nr]}; each municipality must have one file only",
            )
        )
    return errors
