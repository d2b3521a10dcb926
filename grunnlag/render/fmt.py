"""Norwegian number, amount, share and date formatting (Babel knows nb and nn).

Numbers use a plain space as the group separator; templates wrap them in a no-break span, so a
number never breaks across lines and text extracted from the PDF reads `693 494`. A number and
its unit are joined by a no-break space (`8,8 mill. kr`, `15 %`, `1. juli`), and a negative
number has a true minus sign (`−2,5 mill. kr`), never a hyphen.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal

NBSP = "\u00a0"  # between a number and its unit
MINUS = "\u2212"  # the minus sign of a negative number
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "-": MINUS})
UNITS = {
    "nb": {"mrd": f"mrd.{NBSP}kr", "mill": f"mill.{NBSP}kr", "kr": "kr"},
    "nn": {"mrd": f"mrd.{NBSP}kr", "mill": f"mill.{NBSP}kr", "kr": "kr"},
}


def _clean(s: str) -> str:
    """Babel's spaces become plain spaces, its hyphen-minus a true minus sign."""
    return s.translate(_SPACES)


def tall(x: float | int | None, lang: str, decimals: int = 0) -> str:
    """A number: 693494 -> '693 494'; -1.5 with one decimal -> '−1,5'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return _formatted(x, lang, decimals)


@lru_cache(maxsize=8192)
def _formatted(x: float | int, lang: str, decimals: int) -> str:
    """Babel's formatting, kept: a report prints the same figures and axis ticks many times,
    and Babel took a fifth of the time of a web page."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return _clean(format_decimal(x, format=pattern, locale=lang))


def kroner(x: float | int | None, lang: str) -> str:
    """Whole kroner: 2389293253 -> '2 389 293 253 kr'."""
    return "–" if x is None else f"{tall(round(x), lang)}{NBSP}kr"


def _decimals(x: float) -> int:
    """One decimal, unless it would be ',0' (93 mill. kr, not 93,0 mill. kr)."""
    return 0 if round(x, 1) == round(x) else 1


def belop(x: float | int | None, lang: str) -> str:
    """A rounded amount for prose and charts: '4,7 mrd. kr', '12,5 mill. kr', '693 494 kr'."""
    if x is None:
        return "–"
    u = UNITS[lang]
    step = opp_steg(x)  # the last digit shown: one place for the sizes
    if step == 1e8:
        return f"{tall(x / 1e9, lang, _decimals(x / 1e9))}{NBSP}{u['mrd']}"
    if step == 1e5:
        return f"{tall(x / 1e6, lang, _decimals(x / 1e6))}{NBSP}{u['mill']}"
    if step == 1e3:
        return f"{tall(round(x, -3), lang)}{NBSP}{u['kr']}"
    return f"{tall(round(x), lang)}{NBSP}{u['kr']}"


def opp_steg(x: float) -> float:
    """The last digit `belop` shows at this size, and the step `belop_opp` rounds up to. From
    1 mrd. kr: 100 million kroner (0,1 mrd.); from 1 mill. kr: 100 000 kroner (0,1 mill.); from
    10 000 kr: 1 000 kroner; below: one krone."""
    a = abs(x)
    if a >= 1e9:
        return 1e8
    if a >= 1e6:
        return 1e5
    if a >= 1e4:
        return 1e3
    return 1.0


def belop_opp(x: float, lang: str) -> str:
    """An amount rounded up to `opp_steg`, for a frame that must hold: never below the figure
    it stands for (2 725,5 mill. kr -> '2,8 mrd. kr'), and less than one step above it."""
    step = opp_steg(x)
    n = math.ceil(x / step)
    # x / step is a float: 1.1e9 / 1e8 is 11.000000000000002, so the quotient may be one too
    # high or too low; whole multiples of the step compare exactly
    if (n - 1) * step >= x:
        n -= 1
    elif n * step < x:
        n += 1
    return belop(n * step, lang)


def belop_kort(x: float, lang: str) -> str:
    """Axis labels: '2,5 mrd.', '120 mill.', '500 000'."""
    a = abs(x)
    if a >= 1e9:
        return f"{tall(x / 1e9, lang, 1)}{NBSP}mrd."
    if a >= 1e6:
        d = 0 if a >= 1e8 or float(x / 1e6).is_integer() else 1
        return f"{tall(x / 1e6, lang, d)}{NBSP}mill."
    return tall(x, lang)


def prosent(share: float | None, lang: str, decimals: int = 1) -> str:
    """A share 0–1 as percent: 0.125 -> '12,5 %'."""
    if share is None:
        return "–"
    return f"{tall(share * 100, lang, decimals)}{NBSP}%"


def population_share(share: float, lang: str) -> str:
    """A municipality's share of the 291's inhabitants: three decimals below 0.1 %, so the
    smallest never read as '0,00 %', and the same figure wherever it is shown."""
    return prosent(share, lang, 3 if share < 0.001 else 2)


def prosentpoeng(share: float, lang: str) -> str:
    """A change in a share, in percentage points: 0.1497 -> '15,0 prosentpoeng'."""
    return f"{tall(share * 100, lang, 1)}{NBSP}prosentpoeng"


def aar(year: float | None) -> str:
    """Years are years: 2036, never '2 036'."""
    return "–" if year is None else str(int(year))


def dato(d: dt.date, lang: str) -> str:
    """A date in words: '1. desember 2020', with a no-break space after the day."""
    return _clean(format_date(d, format="long", locale=lang)).replace(" ", NBSP, 1)
