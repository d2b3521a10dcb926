"""Range checks for every national figure, by its unit, each error with its line.

The model reads each figure in the unit the file states, so a figure is checked by what its
unit says it is (an amount in MNOK, a share, a year, a count, a factor) rather than by its
name: a figure added later is checked as soon as it has a unit the model knows, and a unit the
model does not know is refused rather than read as something else. A figure the model reads
(figure_units.EXPECTED) must moreover have a unit of the kind the model reads it as, and a value
of the shape it reads (one number, a list, a table): `kalkulasjonsrente` in MNOK, or a calendar
year written as 28, is refused with its line. Problems come back as one-line InputErrors
(`file:line: field: message`); the build then stops with exit 2.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from grunnlag.inputs import figure_units as fu
from grunnlag.inputs.errors import InputError, field_name, line_for

MAX_MNOK = 1_000_000  # a million MNOK: a thousand times the whole programme


@dataclass(frozen=True)
class Kind:
    """What a unit says a figure is, and the values it may take."""

    name: str
    check: Callable[[float], bool]
    allowed: str
    whole: bool = False
    ordered: bool = False  # a list of low … high values
    sums_to_one: bool = False


def _between(lo: float, hi: float) -> Callable[[float], bool]:
    return lambda v: lo <= v <= hi


AMOUNT = Kind(fu.AMOUNT, _between(0, MAX_MNOK), f"an amount from 0 to {MAX_MNOK} MNOK")
NET_VALUE = Kind(fu.NET_VALUE, _between(-MAX_MNOK, MAX_MNOK),
                 f"an amount from −{MAX_MNOK} to {MAX_MNOK} MNOK")
SHARE = Kind(fu.SHARE, _between(0, 1), "a share from 0 to 1 (0.25 is 25 %)")
PROBABILITY = Kind(fu.PROBABILITY, _between(0, 1), "a probability from 0 to 1",
                   sums_to_one=True)
MULTIPLE = Kind(fu.MULTIPLE, lambda v: 0 < v <= 10, "a multiple above 0 and at most 10")
FACTOR = Kind(fu.FACTOR, lambda v: 0 < v <= 10, "a factor above 0 and at most 10")
YEAR = Kind("year", lambda v: 2019 <= v <= 2060 or 1 <= v <= 50,
            "a year from 2019 to 2060, or a number of years from 1 to 50", whole=True)
CALENDAR_YEAR = Kind(fu.CALENDAR_YEAR, _between(2019, 2060),
                     "a calendar year from 2019 to 2060", whole=True)
NUMBER_OF_YEARS = Kind(fu.NUMBER_OF_YEARS, _between(1, 50), "a number of years from 1 to 50",
                       whole=True)
MUNICIPALITIES = Kind(fu.MUNICIPALITIES, _between(0, 356), "a whole number from 0 to 356",
                      whole=True)
INHABITANTS = Kind(fu.INHABITANTS, _between(0, 10_000_000),
                   "a whole number from 0 to 10000000", whole=True)
DRAWS = Kind(fu.DRAWS, _between(100, 1_000_000), "a whole number from 100 to 1000000",
             whole=True)
STAFF = Kind(fu.STAFF, _between(0, 1_000_000), "a number of årsverk from 0 to 1000000")
MINUTES = Kind(fu.MINUTES, _between(0, 480), "minutes per day from 0 to 480")
HOURS = Kind(fu.HOURS, _between(1, 8784), "hours in a year from 1 to 8784", whole=True)
DAYS = Kind(fu.DAYS, _between(1, 366), "days in a year from 1 to 366", whole=True)
# The unit each kind is written in, for the message when a figure's unit is of another kind.
UNIT_OF = {fu.AMOUNT: "MNOK", fu.NET_VALUE: "MNOK nåverdi", fu.SHARE: "andel …",
           fu.PROBABILITY: "sannsynlighet …", fu.MULTIPLE: "… som andel av …",
           fu.FACTOR: "faktor", fu.CALENDAR_YEAR: "år", fu.NUMBER_OF_YEARS: "år",
           fu.MUNICIPALITIES: "kommuner", fu.INHABITANTS: "innbyggere", fu.DRAWS: "trekk",
           fu.STAFF: "årsverk", fu.MINUTES: "minutter per dag", fu.HOURS: "timer",
           fu.DAYS: "dager"}
_YEARS = {fu.CALENDAR_YEAR: CALENDAR_YEAR, fu.NUMBER_OF_YEARS: NUMBER_OF_YEARS}


def unit_kind(enhet: str) -> Kind | None:
    """The kind of figure a unit (`enhet`) names, or None for a unit the model does not know."""
    e = " ".join(enhet.lower().split())
    words = set(e.replace(",", " ").split())
    ordered = e.startswith(("lav og høy", "laveste", "p10 og p90"))
    if "mnok" in words:
        return NET_VALUE if "nåverdi" in words else AMOUNT
    if e == "faktor":
        return FACTOR
    if e in ("år", "år etter innføringen"):
        return YEAR
    if e == "kommuner":
        return MUNICIPALITIES
    if e == "innbyggere":
        return INHABITANTS
    if e == "trekk":
        return DRAWS
    if e == "årsverk":
        return STAFF
    if e == "minutter per dag":
        return MINUTES
    if e == "timer":
        return HOURS
    if e == "dager":
        return DAYS
    if e.startswith("sannsynlighet"):
        return PROBABILITY
    if "som andel av" in e:  # e.g. P10 and P90 as a share of the expected gain: may exceed 1
        return Kind(MULTIPLE.name, MULTIPLE.check, MULTIPLE.allowed, ordered=ordered)
    if "andel" in words or "rente" in words:
        return Kind(SHARE.name, SHARE.check, SHARE.allowed, ordered=ordered)
    return None


KNOWN_UNITS = ("MNOK", "MNOK nåverdi", "andel …", "… som andel av …", "sannsynlighet …",
               "lav og høy rente", "faktor", "år", "kommuner", "innbyggere", "trekk", "årsverk",
               "minutter per dag", "timer", "dager")


def figure_kind(key: str, enhet: str) -> Kind | None:
    """The kind a figure's values are checked as: its unit's, narrowed for a year to the
    calendar year or number of years the model reads it as; None for an unknown unit."""
    kind = unit_kind(enhet)
    expected = fu.EXPECTED.get(key)
    if kind is not None and kind is YEAR and expected is not None \
            and expected.kind in _YEARS:
        return _YEARS[expected.kind]
    return kind


def _unit_problem(key: str, enhet: str, kind: Kind) -> str | None:
    """Why the model cannot read figure `key` in a unit of `kind`, or None."""
    expected = fu.EXPECTED.get(key)
    if expected is None or kind.name == expected.kind \
            or (kind is YEAR and expected.kind in _YEARS):
        return None
    return (f"the unit {enhet!r} makes this figure {_a(kind.name)}, but the model reads "
            f"{key} as {_a(expected.kind)} (unit «{UNIT_OF[expected.kind]}»); write the value "
            "in that unit")


def _a(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def _shape_problem(key: str, value: Any) -> str | None:
    """Why the value of figure `key` is not of the shape the model reads, or None."""
    expected = fu.EXPECTED.get(key)
    if expected is None:
        return None
    shape = (fu.LIST if isinstance(value, list) else fu.TABLE if isinstance(value, dict)
             else fu.ONE)
    if shape != expected.shape:
        return f"must be {expected.shape}, not {shape}"
    if expected.length is not None and len(value) != expected.length:
        return f"must be a list of {expected.length} numbers, not {len(value)}"
    if shape in (fu.LIST, fu.TABLE) and not value:
        return f"must be {expected.shape}, not empty"
    return None


def _number_problem(value: Any, kind: Kind) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"must be {kind.allowed}, written as a number"
    if not math.isfinite(value):
        return f"must be {kind.allowed}, not {value}"
    if kind.whole and not float(value).is_integer():
        return f"must be {kind.allowed}"
    if not kind.check(value):
        return f"must be {kind.allowed}"
    return None


def _show(value: Any) -> str:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        else repr(value)


def check_figures(data: dict[str, Any], file: str,
                  lines: dict[tuple, int]) -> list[InputError]:
    """Every figure under `tall` checked against its unit; every value with its own line."""
    errors: list[InputError] = []
    figures = data.get("tall")
    if not isinstance(figures, dict):
        return errors

    def error(loc: tuple, message: str) -> None:
        errors.append(InputError(file, line_for(loc, lines), field_name(loc), message))

    for key, figure in figures.items():
        if not isinstance(figure, dict) or not isinstance(figure.get("enhet"), str):
            continue  # the schema reports it
        kind = figure_kind(key, figure["enhet"])
        if kind is None:
            error(("tall", key, "enhet"),
                  f"the unit {figure['enhet']!r} is not one the model knows, so the figure "
                  f"cannot be read safely; known units: {', '.join(KNOWN_UNITS)}")
            continue
        problem = _unit_problem(key, figure["enhet"], kind)
        if problem is not None:
            error(("tall", key, "enhet"), problem)
            continue
        value = figure.get("verdi")
        loc = ("tall", key, "verdi")
        problem = _shape_problem(key, value)
        if problem is not None:
            error(loc, problem)
            continue
        expected = fu.EXPECTED.get(key)
        above_zero = expected is not None and expected.above_zero
        items: list[tuple[Any, Any]] = (list(enumerate(value)) if isinstance(value, list)
                 else list(value.items()) if isinstance(value, dict) else [((), value)])
        bad = False
        for part, item in items:
            where = loc if part == () else (*loc, part)
            problem = _number_problem(item, kind)
            if problem is None and above_zero and item <= 0:
                problem = f"must be above 0 here (the model divides by it); {kind.allowed}"
            if problem is not None:
                error(where, f"{problem}, got {_show(item)}")
                bad = True
        numbers = [v for _, v in items]
        if bad or not numbers:
            continue
        if kind.ordered and any(a > b for a, b in zip(numbers, numbers[1:], strict=False)):
            error(loc, "the values must go from low to high")
        if expected is not None and expected.adds_up \
                and abs(sum(numbers) - 1) > 1e-9:
            error(loc, f"the shares must add up to 1, they add up to {sum(numbers):g}")
        elif kind.sums_to_one and abs(sum(numbers) - 1) > 1e-9:
            error(loc, f"the probabilities must add up to 1, they add up to {sum(numbers):g}")
    return errors


PROGRAMME_END = 2030  # program_innfasing's last year


def _year_limits(fra: int, til: int) -> dict[str, tuple[int, int, str]]:
    """The years a calendar-year figure may take, and why, by figure ('*': any other)."""
    golive = (fra, til - 1, "so that the gains start inside the analysis period")
    return {
        "*": (fra, til, "inside the analysis period"),
        "innforingsar_standard": golive,
        "innforingsar_opsjon": golive,
        "staten_alene_til": (fra, PROGRAMME_END - 1,
                             f"before the programme's last year, {PROGRAMME_END}"),
    }


def check_relations(a: Any, file: str, lines: dict[tuple, int],
                    required: tuple[str, ...] | list[str]) -> list[InputError]:
    """Checks across figures (a validated Forutsetninger), each with the line of the figure."""
    errors: list[InputError] = []

    def error(loc: tuple, message: str) -> None:
        errors.append(InputError(file, line_for(loc, lines), field_name(loc), message))

    missing = [k for k in required if k not in a.tall]
    if missing:
        error(("tall",), f"missing figures: {', '.join(missing)}")
    for key, t in a.tall.items():
        if t.kilde not in a.kilder:
            error(("tall", key, "kilde"),
                  f"unknown source '{t.kilde}'; known: {', '.join(a.kilder)}")
    if "program_innfasing" in a.tall:
        shares = a.v("program_innfasing")
        if not isinstance(shares, list) or len(shares) != 9:
            error(("tall", "program_innfasing", "verdi"),
                  "needs one share for each year 2022–2030 (2021 is the budget proposal)")
        elif abs(sum(shares) - 1.0) > 1e-9:
            error(("tall", "program_innfasing", "verdi"), "the yearly shares must add up to 1")
    if {"statens_andel_program", "program_fast_andel"} <= set(a.tall) \
            and a.v("statens_andel_program") > a.v("program_fast_andel"):
        error(("tall", "statens_andel_program", "verdi"),
              "the state's share cannot exceed the fixed share of the programme cost "
              "(program_fast_andel)")
    if a.analyseperiode.fra >= a.analyseperiode.til:
        error(("analyseperiode", "til"), "must come after fra")
    limits = _year_limits(a.analyseperiode.fra, a.analyseperiode.til)
    for key in fu.CALENDAR_YEARS:
        lo, hi, why = limits.get(key, limits["*"])
        if key in a.tall and isinstance(a.v(key), int | float) and not lo <= a.v(key) <= hi:
            error(("tall", key, "verdi"), f"must be a year from {lo} to {hi} ({why}), "
                  f"got {a.v(key)}")
    for key, (lowest, why) in fu.AT_LEAST.items():
        if key in a.tall and isinstance(a.v(key), int | float) and a.v(key) < lowest:
            error(("tall", key, "verdi"), f"must be at least {why}, got {a.v(key)}")
    for p50, p85 in (("program_p50", "program_p85"), ("lokal_p50", "lokal_p85")):
        values = [a.v(k) for k in (p50, p85) if k in a.tall]
        if len(values) == 2 and all(isinstance(v, int | float) for v in values) \
                and values[1] > 10 * values[0]:
            error(("tall", p85, "verdi"), f"cannot be more than ten times {p50} ({values[0]}): "
                  f"a spread that wide is not a cost estimate, got {values[1]}")
    for low, high in fu.NOT_ABOVE:
        if {low, high} <= set(a.tall) and isinstance(a.v(low), int | float) \
                and isinstance(a.v(high), int | float) and a.v(low) > a.v(high):
            error(("tall", low, "verdi"), f"cannot exceed {high} ({a.v(high)}), got {a.v(low)}")
    if not 2010 <= a.prisnivaa <= 2060:
        error(("prisnivaa",), f"must be a year from 2010 to 2060, got {a.prisnivaa}")
    if not 2019 <= a.rapportdato.year <= 2060:
        error(("rapportdato",), f"must be a date from 2019 to 2060, got {a.rapportdato}")
    return errors
