"""The SSB register of the 356 municipalities of 2020, and which 291 are in scope."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from grunnlag.paths import DATA

OUT_OF_SCOPE_COUNTIES = frozenset({"50", "15"})  # Trøndelag, Møre og Romsdal (Midt-Norge)
OUT_OF_SCOPE_MUNICIPALITIES = frozenset({"1811"})  # Bindal belongs to Helse Midt-Norge


@dataclass(frozen=True)
class RegistryRow:
    """One municipality as SSB lists it on 1 January 2020."""

    kommunenummer: str
    navn: str
    navn_kort: str
    fylke: str
    fylkesnummer: str
    folketall: int
    folketall_dato: str
    malform: str


def in_scope(kommunenummer: str) -> bool:
    """True for the 291 municipalities outside health region Midt-Norge."""
    return (
        kommunenummer[:2] not in OUT_OF_SCOPE_COUNTIES
        and kommunenummer not in OUT_OF_SCOPE_MUNICIPALITIES
    )


@cache
def load_registry() -> dict[str, RegistryRow]:
    """All 356 rows keyed by kommunenummer, joined with the short names."""
    with open(DATA / "kommuner-2020-ekstra.csv", encoding="utf-8", newline="") as f:
        short = {r["kommunenummer"]: r["navn_kort"] for r in csv.DictReader(f)}
    with open(DATA / "kommuner-2020.csv", encoding="utf-8", newline="") as f:
        return {
            r["kommunenummer"]: RegistryRow(
                kommunenummer=r["kommunenummer"],
                navn=r["navn"],
                navn_kort=short[r["kommunenummer"]],
                fylke=r["fylke"],
                fylkesnummer=r["fylkesnummer"],
                folketall=int(r["folketall"]),
                folketall_dato=r["folketall_dato"],
                malform=r["malform"],
            )
            for r in csv.DictReader(f)
        }


_TRANSLIT = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "đ": "d", "ŋ": "n", "ŧ": "t"})


def slug(name: str) -> str:
    """File-name form of a name: 'Hábmer - Hamarøy' -> 'habmer-hamaroy'."""
    s = name.lower().translate(_TRANSLIT)
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")
