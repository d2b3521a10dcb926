"""Range checks for every national figure, by its unit, each error with its line.

The model reads each figure in the unit the file states, so a figure is checked by what its
unit says it is (an amount in MNOK, a share, a year, a count, a factor) rather than by its
name: a figure added later is checked as soon as it has a unit the model knows, and a unit the
model does not know is refused rather than read as something else. Problems come back as
one-line InputErrors (`file:line: field: message`); the build then stops with exit 2.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


AMOUNT = Kind("amount", _between(0, MAX_MNOK), f"an amount from 0 to {MAX_MNOK} MNOK")
NET_VALUE = Kind("net present value", _between(-MAX_MNOK, MAX_MNOK),
                 f"an amount from −{MAX_MNOK} to {MAX_MNOK} MNOK")
SHARE = Kind("share", _between(0, 1), "a share from 0 to 1 (0.25 is 25 %)")
PROBABILITY = Kind("probability", _between(0, 1), "a probability from 0 to 1", sums_to_one=True)
MULTIPLE = Kind("multiple", lambda v: 0 < v <= 10, "a multiple above 0 and at most 10")
FACTOR = Kind("factor", lambda v: 0 < v <= 10, "a factor above 0 and at most 10")
YEAR = Kind("year", lambda v: 2019 <= v <= 2060 or 1 <= v <= 50,
            "a year from 2019 to 2060, or a number of years from 1 to 50", whole=True)
MUNICIPALITIES = Kind("count", _between(0, 356), "a whole number from 0 to 356", whole=True)
INHABITANTS = Kind("count", _between(0, 10_000_000), "a whole number from 0 to 10000000",
                   whole=True)
DRAWS = Kind("count", _between(100, 1_000_000), "a whole number from 100 to 1000000",
             whole=True)
STAFF = Kind("count", _between(0, 1_000_000), "a number of årsverk from 0 to 1000000")
MINUTES = Kind("minutes", _between(0, 480), "minutes per day from 0 to 480")
HOURS = Kind("hours", _between(1, 8784), "hours in a year from 1 to 8784", whole=True)
DAYS = Kind("days", _between(1, 366), "days in a year from 1 to 366", whole=True)


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
        kind = unit_kind(figure["enhet"])
        if kind is None:
            error(("tall", key, "enhet"),
                  f"the unit {figure['enhet']!r} is not one the model knows, so the figure "
                  f"cannot be read safely; known units: {', '.join(KNOWN_UNITS)}")
            continue
        value = figure.get("verdi")
        loc = ("tall", key, "verdi")
        items: list[tuple[Any, Any]] = (list(enumerate(value)) if isinstance(value, list)
                 else list(value.items()) if isinstance(value, dict) else [((), value)])
        bad = False
        for part, item in items:
            where = loc if part == () else (*loc, part)
            problem = _number_problem(item, kind)
            if problem is not None:
                error(where, f"{problem}, got {_show(item)}")
                bad = True
        numbers = [v for _, v in items]
        if bad or not numbers:
            continue
        if kind.ordered and any(a > b for a, b in zip(numbers, numbers[1:], strict=False)):
            error(loc, "the values must go from low to high")
        if kind.sums_to_one and abs(sum(numbers) - 1) > 1e-9:
            error(loc, f"the probabilities must add up to 1, they add up to {sum(numbers):g}")
    return errors


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
    if not 2010 <= a.prisnivaa <= 2060:
        error(("prisnivaa",), f"must be a year from 2010 to 2060, got {a.prisnivaa}")
    if not 2019 <= a.rapportdato.year <= 2060:
        error(("rapportdato",), f"must be a date from 2019 to 2060, got {a.rapportdato}")
    return errors
