"""The national outputs: nasjonal.json, nokkeltall.csv/.xlsx, the overview PDF and index.html."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from grunnlag.files import write_bytes, write_json, write_text
from grunnlag.inputs.registry import load_registry
from grunnlag.inputs.texts import load_catalogs
from grunnlag.model.contract import Kommunetall, Nasjonaltall
from grunnlag.paths import TEMPLATES
from grunnlag.pipeline.outputs import write_csv
from grunnlag.pipeline.tasks import NationalTask
from grunnlag.render import charts, fmt, nokkeltall
from grunnlag.render.charts.svg import MAP_HEIGHT, WIDTH
from grunnlag.render.html import render_page
from grunnlag.render.overview import (
    HALF_HEIGHT,
    HALF_WIDTH,
    clip_note,
    overview_context,
    status_map_of,
    tracker_bar,
)
from grunnlag.render.search import fold_js, search_text

if TYPE_CHECKING:  # WeasyPrint is imported only when a PDF is rendered
    from grunnlag.render.pdf import Renderer

# The national pages in each language form; bokmål keeps the names PRODUCT.md gives.
NATIONAL_PAGES = {
    "nb": {"lang": "nb", "index": "index.html", "pdf": "nasjonal-oversikt.pdf"},
    "nn": {"lang": "nn", "index": "index-nn.html", "pdf": "nasjonal-oversikt-nn.pdf"},
}


def rows_for_index(figs: dict[str, Kommunetall], stems: dict[str, str], kommuner: dict,
                   failures: dict[str, str], built: set[str] | None = None) -> list[dict]:
    """One row per municipality for the index page and the overview table.

    `built` holds the stems whose report exists in the output folder; the index links only
    those, so a partial build (--only) never links to a report that is not there.
    """
    rows = []
    for nr in sorted(set(figs) | {s.split("-")[0] for s in failures}):
        f = figs.get(nr)
        k = kommuner.get(nr)
        stem = stems.get(nr) or next(s for s in failures if s.startswith(nr))
        rows.append({
            "nr": nr,
            "stem": stem,
            "navn": k.navn if k else stem,
            "fylke": k.fylke if k else "",
            "sprak": k.sprak if k else "",
            "malform": k.malform if k else "",
            "sok": search_text(nr, k.navn, k.navn_kort or "") if k else search_text(nr, stem),
            "status": (k.vedtak.status if k and k.vedtak else "ukjent"),
            "f": f,
            "feil": failures.get(stem),
            "bygget": built is None or stem in built,
        })
    return rows


def status_map(rows: list[dict], lang: str, width: int = WIDTH,
               height: int = MAP_HEIGHT) -> Markup:
    """Map of the 291 by decision status: a circle per municipality, its area by population,
    coloured by the decision (`width`, `height`: a smaller map)."""
    return status_map_of(rows, {nr: r.folketall for nr, r in load_registry().items()}, lang,
                         width, height)


def npv_histogram(national: Nasjonaltall, lang: str) -> Markup:
    """Spread of net present value per inhabitant, its axis over the 2nd–98th percentile."""
    cat = load_catalogs()[lang]
    d = national.netto_naverdi_per_innbygger_fordeling
    kr = lambda x: fmt.belop(x, lang)  # noqa: E731
    desc = cat.t("spredning_desc", negative=d.negative, antall=d.antall_kommuner,
                 median=kr(d.median), min=kr(d.min), max=kr(d.max))
    if d.kanter:  # say where the axis was clipped
        desc = desc + " " + clip_note(d, cat)
    return Markup(charts.histogram_chart(
        "spredning", str(cat.t("spredning_tittel", antall=d.antall_kommuner)), str(desc),
        d.kanter, d.antall, kr,
        [(d.median, str(cat.t("median")))] if d.median is not None else [],
        y_title=str(cat.t("ax_antall_kommuner"))))


def page_context(national: Nasjonaltall, figs: dict[str, Kommunetall], rows: list[dict], lang: str,
                 build_info: dict, pdf: bool) -> dict:
    """What the index page, or (`pdf`) the overview PDF, of one language form shows: each
    draws only its own maps, the slow part of both."""
    cat = load_catalogs()[lang]
    files = NATIONAL_PAGES[lang]
    maps = ({"kart_halv": status_map(rows, lang, width=HALF_WIDTH, height=HALF_HEIGHT),
             **overview_context(national, figs, rows, lang)}  # the steering group's parts
            if pdf else {"kart": status_map(rows, lang)})
    return {
        "n": national,
        "rows": rows,
        **maps,
        "spredning": npv_histogram(national, lang),
        "sporing_figur": tracker_bar(national, lang),  # the 55 % bar, on both
        "fold_js": Markup(fold_js()),
        "regn_selv_tekst": {"sammendrag": cat.strings["rsn_sammendrag"]},
        # the overview's own version and the date it was made (pipeline/versions.py)
        "build": {**build_info, "dato": fmt.dato(dt.date.fromisoformat(build_info["dato_iso"]),
                                                 lang)},
        "files": files,
        "other": next(f for lg, f in NATIONAL_PAGES.items() if lg != lang),
        "title": str(cat.t("oversikt_tittel")),
        "description": str(cat.t("oversikt_beskrivelse")),
        "created": build_info["dato_iso"],
    }


def overview_tasks(output: Path, national: Nasjonaltall, figs: dict[str, Kommunetall],
                   rows: list[dict], build_info: dict) -> list[NationalTask]:
    """The two overview PDFs as tasks for the worker pool: the HTML is made here, the PDF
    (the slow part) in a worker, beside the reports."""
    return [NationalTask(f"nasjonal-{lang}", output / files["pdf"], render_page(
        "nasjonal.html.j2", load_catalogs()[lang], "pdf",
        **page_context(national, figs, rows, lang, build_info, pdf=True)))
        for lang, files in NATIONAL_PAGES.items()]


DATA_FILES = ("data/nasjonal.json", "nokkeltall.csv", "nokkeltall.xlsx")
# Scripts the web pages share (one copy for all 291, not one in each page)
ASSETS = (("js/regn-selv.js", TEMPLATES / "js" / "regn-selv.js"),)


def write_assets(output: Path) -> None:
    """The shared scripts, written when missing or changed."""
    for rel, source in ASSETS:
        data = source.read_bytes()
        target = output / rel
        if not target.is_file() or target.read_bytes() != data:
            write_bytes(target, data)


def key_figure_status(kommuner: dict, versions: dict[str, dict]) -> dict[str, dict]:
    """What the key-figure tables show of each municipality beside its figures: its registered
    decision and declaration of intent, and its report's version and that version's date."""
    out = {}
    for nr, k in sorted(kommuner.items()):
        recorded = versions.get(nr)
        entry: dict = recorded if isinstance(recorded, dict) else {}
        out[nr] = {"vedtak": k.vedtak.status if k.vedtak else "ukjent",
                   "intensjonserklaering": k.intensjonserklaering,
                   "versjon": entry.get("versjon"), "versjonsdato": entry.get("dato")}
    return out


def write_national(output: Path, national: Nasjonaltall, figs: dict[str, Kommunetall],
                   rows: list[dict], renderer: Renderer | None, build_info: dict,
                   pages: bool = True, data: bool = True,
                   status: dict[str, dict] | None = None) -> None:
    """Write the national outputs (the overview PDFs only when a renderer is given: they are
    usually made in the worker pool, see overview_tasks).

    `data=False` (nothing national changed) skips nasjonal.json and the key-figure tables
    (whose `status` columns are key_figure_status),
    `pages=False` (nor any report link) index.html and its map: they would be the same bytes.
    """
    write_assets(output)
    if data:
        write_json(output / "data" / "nasjonal.json", national.as_json())
        status = status or {}
        write_csv(output / "nokkeltall.csv", list(nokkeltall.CSV_COLUMNS),
                  [nokkeltall.csv_row(figs[nr], status.get(nr)) for nr in sorted(figs)])
        write_bytes(output / "nokkeltall.xlsx", nokkeltall.workbook_bytes(
            figs, dt.date.fromisoformat(build_info["dato_iso"]), status))
    if not pages:
        return
    for lang, files in NATIONAL_PAGES.items():
        cat = load_catalogs()[lang]
        write_text(output / files["index"], render_page(
            "index.html.j2", cat, "web",
            **page_context(national, figs, rows, lang, build_info, pdf=False)))
        if renderer is not None:
            html = render_page("nasjonal.html.j2", cat, "pdf",
                               **page_context(national, figs, rows, lang, build_info, pdf=True))
            write_bytes(output / files["pdf"], renderer.pdf(html, identity=f"nasjonal-{lang}"))
