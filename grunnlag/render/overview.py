"""The national overview's own parts for the steering group: the 55 % path, the map of net
present value per inhabitant, who comes out negative and why, and the note on the histogram's
clipped axis (the histogram itself is national_outputs.npv_histogram, shared with the index).

The facts themselves are computed once (national_facts.py, into nasjonal.json); this module
only turns them into charts and sentences in the overview's language form.
"""

from __future__ import annotations

import math

import numpy as np
from markupsafe import Markup

from grunnlag.inputs.registry import load_registry
from grunnlag.inputs.texts import Catalog, load_catalogs
from grunnlag.model.contract import Kommunetall, Nasjonaltall, Spredning
from grunnlag.model.national_facts import SIZE_CLASSES
from grunnlag.paths import DATA
from grunnlag.render import charts, fmt
from grunnlag.render.charts import geo
from grunnlag.render.charts.share_bar import SharePart
from grunnlag.render.charts.svg import WIDTH

HALF_WIDTH, HALF_HEIGHT = 340, 480  # a map for half a column, next to the decisions map
# px: the most populous municipality's circle on a full-column map, and on a half-column one
MAX_RADIUS, HALF_MAX_RADIUS = 26.0, 18.0
# Diverging around zero: oranges for a loss, blues for a gain (colour-blind safe, and apart
# in grayscale by lightness).
NEGATIVE_COLOURS = ("#b35806", "#f1a340", "#fee0b6")  # most negative first
POSITIVE_COLOURS = ("#9dc3e6", "#1f4e79")  # least positive first
# A decision's colour, on the maps and in the 55 % bar
STATUS_COLOURS = {
    "forpliktelsesavtale": "#1f4e79",
    "opsjonsavtale": "#00756f",
    "avslatt": "#b35c00",
    "ikke_behandlet": "#e69f00",
    "ukjent": "#c9c9c9",
}
# The 55 % bar's parts (nasjonal.json sporing_55), from the left: its name in the chart (the
# share's key), text key, colour, hatch. Not decided (not dealt with, or nothing registered) is
# light gray and plain; the others differ by hatch as well as colour.
TRACKER_PARTS = (
    ("forpliktet_andel", "status_forpliktelsesavtale", STATUS_COLOURS["forpliktelsesavtale"], ""),
    ("opsjon_andel", "status_opsjonsavtale", STATUS_COLOURS["opsjonsavtale"], "diag"),
    ("avslatt_andel", "status_avslatt", STATUS_COLOURS["avslatt"], "cross"),
    ("uavklart_andel", "sporing_ikke_avgjort", STATUS_COLOURS["ukjent"], ""),
)


def _nice_round(x: float) -> int:
    """A class break a reader can take in: 1, 2, 2.5, 5 or 7.5 times a power of ten (at least
    50)."""
    if x <= 0:
        return 50
    exp = 10 ** math.floor(math.log10(x))
    return max(50, int(min((m * exp for m in (1, 2, 2.5, 5, 7.5, 10)), key=lambda v: abs(v - x))))


def npv_classes(per: dict[str, float]) -> list[tuple[float, float, str]]:
    """Class breaks of NPV per inhabitant, three below zero and two above, from the data:
    the negative side split at its terciles, the positive side at its median."""
    neg = [-v for v in per.values() if v < 0]
    pos = [v for v in per.values() if v >= 0]
    third, two_thirds = np.percentile(neg, (100 / 3, 200 / 3)) if neg else (500, 1000)
    b_mid = _nice_round(third)
    b_far = _nice_round(two_thirds)
    if b_far <= b_mid:  # the two breaks rounded alike
        b_far = 2 * b_mid
    p_mid = _nice_round(float(np.median(pos))) if pos else 200
    inf = math.inf
    return [(-inf, -b_far, NEGATIVE_COLOURS[0]), (-b_far, -b_mid, NEGATIVE_COLOURS[1]),
            (-b_mid, 0, NEGATIVE_COLOURS[2]), (0, p_mid, POSITIVE_COLOURS[0]),
            (p_mid, inf, POSITIVE_COLOURS[1])]


def _class_label(lo: float, hi: float, cat: Catalog) -> str:
    kr = lambda x: fmt.belop(x, cat.lang)  # noqa: E731
    if lo == -math.inf:
        return str(cat.t("kart_klasse_under", verdi=kr(hi)))
    if hi == math.inf:
        return str(cat.t("kart_klasse_over", verdi=kr(lo)))
    return str(cat.t("kart_klasse_mellom", fra=kr(lo), til=kr(hi)))


def npv_map(figs: dict[str, Kommunetall], lang: str) -> Markup:
    """Map of the municipalities by their own net present value per inhabitant."""
    cat = load_catalogs()[lang]
    per = {nr: f.netto_naverdi / f.folketall for nr, f in figs.items() if f.folketall > 0}
    classes = npv_classes(per)
    fill, counts = {}, [0] * len(classes)
    for nr, v in sorted(per.items()):
        i = next(i for i, (lo, hi, _) in enumerate(classes) if lo <= v < hi)
        fill[nr] = classes[i][2]
        counts[i] += 1
    legend = [(c, f"{_class_label(lo, hi, cat)} ({n})")
              for (lo, hi, c), n in zip(classes, counts, strict=True)]
    desc = cat.t("kart_nnv_desc", antall=len(per), negative=sum(1 for v in per.values() if v < 0),
                 positive=sum(1 for v in per.values() if v >= 0))
    return Markup(charts.map_chart(
        "kart-nnv", str(cat.t("kart_nnv_tittel")), str(desc),
        geo.load_features(DATA / "kommuner-2020.geojson"), fill, legend, None,
        geo.load_features(DATA / "fylker-2020.geojson"), HALF_WIDTH, HALF_HEIGHT))


# The size legend of the decisions map: inhabitants
SIZE_KEYS = (500_000, 100_000, 10_000)


def status_map_of(rows: list[dict], population: dict[str, int], lang: str, width: int,
                  height: int) -> Markup:
    """The decisions map: a circle at each municipality, its area proportional to its
    population and its colour its decision, over the boundaries (Oslo, Bærum and Tromsø are
    seen; a vast municipality of few people is a small circle)."""
    cat = load_catalogs()[lang]
    feats = geo.load_features(DATA / "kommuner-2020.geojson")
    counties = geo.load_features(DATA / "fylker-2020.geojson")
    symbols = {r["nr"]: (float(population.get(r["nr"], 0)), STATUS_COLOURS[r["status"]])
               for r in rows}
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in STATUS_COLOURS}
    legend = [(c, f"{cat.t('status_' + s)} ({counts[s]})") for s, c in STATUS_COLOURS.items()]
    sizes = [(float(v), str(cat.t("kart_storrelse", antall=fmt.tall(v, lang))))
             for v in SIZE_KEYS]
    desc = cat.t("kart_desc", antall=len(rows), forpliktet=counts["forpliktelsesavtale"],
                 ukjent=counts["ukjent"])
    return Markup(charts.map_chart("kart", str(cat.t("kart_tittel")), str(desc), feats, {},
                                   legend, None, counties, width, height, symbols=symbols,
                                   sizes=sizes,
                                   max_radius=MAX_RADIUS if width >= WIDTH else HALF_MAX_RADIUS))


def tracker_bar(national: Nasjonaltall, lang: str) -> Markup:
    """The path to 55 %: one bar of all inhabitants by decision (committed, option, declined,
    not decided), the requirement marked, each share written out."""
    cat = load_catalogs()[lang]
    s = national.sporing_55
    shares = (s.forpliktet_andel, s.opsjon_andel, s.avslatt_andel, s.uavklart_andel)
    pct = lambda x: fmt.prosent(x, lang)  # noqa: E731
    krav = fmt.prosent(national.deltakelseskrav, lang, 0)
    parts = [SharePart(key, str(cat.t(text)), share, colour, hatch)
             for (key, text, colour, hatch), share in zip(TRACKER_PARTS, shares, strict=True)]
    desc = cat.t("sporing_figur_desc", forpliktet=pct(s.forpliktet_andel),
                 opsjon=pct(s.opsjon_andel), avslatt=pct(s.avslatt_andel),
                 uavklart=pct(s.uavklart_andel), krav=krav)
    return Markup(charts.share_bar_chart(
        "sporing-55", str(cat.t("sporing_figur_tittel")), str(desc), parts,
        national.deltakelseskrav, str(cat.t("sporing_figur_krav", krav=krav)), pct,
        lambda x: fmt.prosent(x, lang, 0)))


def clip_note(d: Spredning, cat: Catalog) -> Markup:
    """How the histogram's axis was clipped, and how many municipalities lie beyond it."""
    kr = lambda x: fmt.belop(x, cat.lang)  # noqa: E731
    lo, hi = d.persentiler
    return cat.t("spredning_klipp", nedre=lo, ovre=hi, fra=kr(d.kanter[0]),
                 til=kr(d.kanter[-1]), under=d.under, over=d.over)


def critical_mass_rows(national: Nasjonaltall, rows: list[dict]) -> list[dict]:
    """The municipalities on the 55 % path, largest first, with the running share and the
    decision registered (`rows`: the overview's rows, which carry it)."""
    registry = load_registry()
    status = {r["nr"]: r["status"] for r in rows}
    names = {r["nr"]: r["navn"] for r in rows if r["f"]}  # as the municipality's file says
    total = national.folketall_total
    out, running = [], 0
    for nr in national.kritisk_masse_55.kommunenummer:
        r = registry[nr]
        running += r.folketall
        out.append({"nr": nr, "navn": names.get(nr, r.navn), "folketall": r.folketall,
                    "andel": r.folketall / total, "kumulativ": running / total,
                    "status": status.get(nr, "ukjent")})
    return out


def negative_text(national: Nasjonaltall, cat: Catalog) -> tuple[Markup, Markup]:
    """Who comes out negative, in which size classes and how many never break even; and what a
    pure population key would change: two paragraphs computed from nasjonal.json."""
    d = national.negativt_resultat
    lang = cat.lang
    # By size class (SIZE_CLASSES names the fields of Storrelser): the negatives and all.
    negative, every = dict(d.storrelse), dict(d.storrelse_alle)
    # Each class runs from its limit up to the next class's limit (exclusive).
    uppers = [None, *(limit for limit, _ in SIZE_CLASSES[:-1])]
    sizes = [cat.t("negativ_storrelse", antall=negative[name], av=every[name],
                   klasse=cat.t("klasse_" + name, fra=fmt.tall(limit, lang),
                                til=fmt.tall(upper - 1 if upper else None, lang),
                                grense=fmt.tall(upper, lang)))
             for (limit, name), upper in zip(SIZE_CLASSES, uppers, strict=True)
             if every[name]]
    parts = [
        cat.t("negativ_antall", antall=d.antall, av=d.antall_kommuner,
              folketall=fmt.tall(d.folketall, lang),
              median=fmt.belop(d.median_per_innbygger, lang)),
        cat.t("negativ_storrelser", liste=Markup("; ").join(sizes)),
        cat.t("negativ_break_even", antall=d.uten_break_even, av=d.antall_kommuner),
    ]
    if not d.antall:
        return Markup(" ").join(parts), Markup("")
    drivers = (
        cat.t("negativ_drivere", antall=d.positive_med_folketallsnokkel, av=d.antall,
              fast=fmt.prosent(d.fordeling_fast_andel, lang, 0),
              resten=d.antall - d.positive_med_folketallsnokkel)
        if d.positive_med_folketallsnokkel else cat.t("negativ_drivere_ingen", av=d.antall))
    return Markup(" ").join(parts), drivers


def overview_context(national: Nasjonaltall, figs: dict[str, Kommunetall], rows: list[dict],
                     lang: str) -> dict:
    """What nasjonal.html.j2 needs beyond the national totals and the histogram."""
    cat = load_catalogs()[lang]
    spread = national.netto_naverdi_per_innbygger_fordeling
    return {
        "kart_nnv": npv_map(figs, lang),
        "kritisk_masse": critical_mass_rows(national, rows),
        "negativ_tekst": negative_text(national, cat),  # (facts, what drives them)
        "klipp_tekst": clip_note(spread, cat) if spread.kanter else "",
    }
