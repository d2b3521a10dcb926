"""The steering group's facts, computed once from the municipalities' figures.

nasjonal.json carries them and the national overview prints them, so the two cannot disagree:
the 55 % path, the municipalities that come out negative and why, and the spread of net present
value per inhabitant with its axis clipped to the bulk of the municipalities.
"""

from __future__ import annotations

import math

import numpy as np

from .report import SIZE_CLASSES, size_class

CLIP_PERCENTILES = (2, 98)  # the histogram's axis covers these; the few beyond go to its ends
_NICE = (1, 2, 2.5, 5)


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


def _per_inhabitant(f: dict) -> float:
    return f["netto_naverdi"] / f["folketall"]


def negative_results(figs: dict[str, dict], fast_andel: float) -> dict:
    """Who comes out negative at the expected participation, and what a pure population key
    (no share split equally between the municipalities) would do to them. `fast_andel` is the
    equally split share of the key the reports use."""
    neg = [f for f in figs.values() if f["netto_naverdi"] < 0]

    def by_size(fs: list[dict]) -> dict[str, int]:
        return {name: sum(1 for f in fs if size_class(f["folketall"]) == name)
                for _, name in SIZE_CLASSES}

    def pop_key(f: dict) -> int | None:
        return next((n["netto_naverdi"] for n in f.get("fordelingsnokler", [])
                     if n["fast_andel"] == 0), None)

    return {
        "antall_kommuner": len(figs),
        "fordeling_fast_andel": fast_andel,
        "antall": len(neg),
        "folketall": sum(f["folketall"] for f in neg),
        "storrelse": by_size(neg),
        "storrelse_alle": by_size(list(figs.values())),
        "uten_break_even": sum(1 for f in figs.values() if f["break_even_ar"] is None),
        "positive_med_folketallsnokkel": sum(1 for f in neg if (pop_key(f) or 0) > 0),
        "median_per_innbygger": (round(float(np.median([_per_inhabitant(f) for f in neg
                                                         if f["folketall"] > 0])))
                                 if any(f["folketall"] > 0 for f in neg) else None),
    }


def _nice_width(raw: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least `raw`."""
    exp = 10 ** math.floor(math.log10(raw))
    return next(m * exp for m in (*_NICE, 10) if m * exp >= raw)


def clipped_spread(figs: dict[str, dict], bins: int = 12) -> dict:
    """Histogram of net present value per inhabitant over the 2nd–98th percentile.

    One very small municipality can lie far from all others; it would squash the rest into a
    few bars. Values beyond the clipped range are counted in the first or last bar, and the
    counts say how many (`under`, `over`), so the chart can tell the reader.
    """
    per = np.array([_per_inhabitant(f) for f in figs.values() if f["folketall"] > 0],
                   dtype=float)
    if per.size == 0:
        return {"kanter": [], "antall": [], "median": None, "min": None, "max": None,
                "negative": 0, "antall_kommuner": 0, "under": 0, "over": 0,
                "persentiler": list(CLIP_PERCENTILES)}
    p_lo, p_hi = (float(x) for x in np.percentile(per, CLIP_PERCENTILES))
    width = _nice_width(max(p_hi - p_lo, 1.0) / bins)
    lo, hi = math.floor(p_lo / width) * width, math.ceil(p_hi / width) * width
    if hi <= lo:
        hi = lo + width
    n = round((hi - lo) / width)
    counts, edges = np.histogram(np.clip(per, lo, hi), bins=n, range=(lo, hi))
    return {
        "kanter": [round(float(e)) for e in edges],
        "antall": [int(c) for c in counts],
        "median": round(float(np.median(per))),
        "min": round(float(per.min())),
        "max": round(float(per.max())),
        "negative": int((per < 0).sum()),
        "antall_kommuner": int(per.size),
        "under": int((per < lo).sum()),
        "over": int((per > hi).sum()),
        "persentiler": list(CLIP_PERCENTILES),
    }
