"""The steering group's facts, computed once from the municipalities' figures.

nasjonal.json carries them and the national overview prints them, so the two cannot disagree:
the 55 % path, and the municipalities that come out negative and why. (The spread of net present
value per inhabitant is scenarios.national_spread.)
"""

from __future__ import annotations

import numpy as np

from grunnlag.model.contract import Kommunetall

SIZE_CLASSES = ((200_000, "storby"), (50_000, "stor"), (10_000, "mellomstor"), (0, "liten"))


def size_class(folketall: int) -> str:
    """Which size paragraph the municipality gets (thresholds in one place)."""
    return next(name for limit, name in SIZE_CLASSES if folketall >= limit)


def critical_mass(populations: dict[str, int], total: int, requirement: float,
                  committed: set[str]) -> dict:
    """The fewest municipalities, largest first, that together hold `requirement` of `total`.

    Ties in population are broken by kommunenummer, so the list is the same on every build.
    """
    chosen: list[str] = []
    reached = 0
    for nr in sorted(populations, key=lambda n: (-populations[n], n)):
        if total and reached / total >= requirement:  # as the tracker compares
            break
        chosen.append(nr)
        reached += populations[nr]
    return {
        "antall": len(chosen),
        "kommunenummer": chosen,
        "andel": reached / total if total else 0.0,
        "krav": requirement,
        "forpliktet_antall": sum(1 for nr in chosen if nr in committed),
    }


def _per_inhabitant(f: Kommunetall) -> float:
    return f.netto_naverdi / f.folketall


def negative_results(figs: dict[str, Kommunetall], fast_andel: float) -> dict:
    """Who comes out negative at the expected participation, and what a pure population key
    (no share split equally between the municipalities) would do to them. `fast_andel` is the
    equally split share of the key the reports use."""
    neg = [f for f in figs.values() if f.netto_naverdi < 0]

    def by_size(fs: list[Kommunetall]) -> dict[str, int]:
        return {name: sum(1 for f in fs if size_class(f.folketall) == name)
                for _, name in SIZE_CLASSES}

    def pop_key(f: Kommunetall) -> int | None:
        return next((n.netto_naverdi for n in f.fordelingsnokler if n.fast_andel == 0), None)

    return {
        "antall_kommuner": len(figs),
        "fordeling_fast_andel": fast_andel,
        "antall": len(neg),
        "folketall": sum(f.folketall for f in neg),
        "storrelse": by_size(neg),
        "storrelse_alle": by_size(list(figs.values())),
        "uten_break_even": sum(1 for f in figs.values() if f.break_even_ar is None),
        "positive_med_folketallsnokkel": sum(1 for f in neg if (pop_key(f) or 0) > 0),
        "median_per_innbygger": (round(float(np.median([_per_inhabitant(f) for f in neg
                                                         if f.folketall > 0])))
                                 if any(f.folketall > 0 for f in neg) else None),
    }
