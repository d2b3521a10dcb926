"""The key-figure table of the 291: the rows of output/nokkeltall.csv (for machines) and the
same columns as output/nokkeltall.xlsx, numbers as numbers (the file a person opens in Excel).

The CSV's header is the JSON keys (PRODUCT.md names them). The workbook's visible header says
each column in Norwegian with its unit («Netto nåverdi for kommunen (kr, 2019-kroner)»); its
first row, hidden, keeps the keys, so a program reads the workbook as it reads the CSV.
Beside the figures, each row has what the build knows of the municipality: its registered
decision and declaration of intent (keys in the CSV, words in the workbook) and the version of
its report with that version's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from grunnlag.inputs.texts import Catalog, load_catalogs
from grunnlag.model.contract import Kommunetall
from grunnlag.render import xlsx

# The columns of the figures: each read from one municipality's figures (mypy checks every
# name); the three views' columns from inside them (model/views.py).
FIGURE_COLUMNS: dict[str, Callable[[Kommunetall], Any]] = {
    "kommunenummer": lambda f: f.kommunenummer,
    "navn": lambda f: f.navn,
    "fylke": lambda f: f.fylke,
    "folketall": lambda f: f.folketall,
    "malform": lambda f: f.malform,
    "sprak": lambda f: f.sprak,
    "befolkningsandel": lambda f: f.befolkningsandel,
    "kommunal_kostnad_p50": lambda f: f.kommunal_kostnad_p50,
    "kommunal_kostnad_p85": lambda f: f.kommunal_kostnad_p85,
    "statlig_kostnad": lambda f: f.statlig_kostnad,
    "gevinster_naverdi": lambda f: f.gevinster_naverdi,
    "netto_naverdi": lambda f: f.netto_naverdi,
    "break_even_ar": lambda f: f.break_even_ar,
    "kostnad_per_innbygger_per_ar": lambda f: f.kostnad_per_innbygger_per_ar,
    "innforingsar": lambda f: f.innforingsar,
    "kommunekassen_netto_2021_2040": lambda f: f.kommunekassen.netto_2021_2040,
    "kommunekassen_netto_2021_2024": lambda f: f.kommunekassen.netto_2021_2024,
    "frigjort_arsverk": lambda f: f.frigjort_tid.arsverk,
    "netto_naverdi_kontant": lambda f: f.netto_naverdi_deler.kontant,
    "netto_naverdi_tid": lambda f: f.netto_naverdi_deler.tid,
    "netto_naverdi_hendelser": lambda f: f.netto_naverdi_deler.hendelser,
}
# Columns from the build rather than the figures (`status`: one dict per municipality)
STATUS_COLUMNS = ("vedtak", "intensjonserklaering", "versjon", "versjonsdato")
CSV_COLUMNS = (*FIGURE_COLUMNS, *STATUS_COLUMNS)


def value(fig: Kommunetall, column: str, status: dict[str, Any] | None = None) -> Any:
    """A column's value in one municipality's figures and `status` (STATUS_COLUMNS)."""
    if column in STATUS_COLUMNS:
        return (status or {}).get(column)
    return FIGURE_COLUMNS[column](fig)


def csv_row(fig: Kommunetall, status: dict[str, Any] | None = None) -> dict[str, Any]:
    """One row of nokkeltall.csv: whole kroner, shares as fractions, empty when unknown."""
    row = {c: value(fig, c, status) for c in CSV_COLUMNS}
    for c in STATUS_COLUMNS:
        if row[c] is None:
            row[c] = ""
    row["befolkningsandel"] = f"{fig.befolkningsandel:.8f}"
    row["break_even_ar"] = "" if fig.break_even_ar is None else fig.break_even_ar
    if row["kostnad_per_innbygger_per_ar"] is None:
        row["kostnad_per_innbygger_per_ar"] = ""
    return row


SHEET = "nokkeltall"
# How each column is shown; text columns have none. Amounts are whole kroner, shares 0–1.
FORMATS = {
    "folketall": xlsx.HELTALL,
    "befolkningsandel": xlsx.ANDEL,
    "kommunal_kostnad_p50": xlsx.KRONER,
    "kommunal_kostnad_p85": xlsx.KRONER,
    "statlig_kostnad": xlsx.KRONER,
    "gevinster_naverdi": xlsx.KRONER,
    "netto_naverdi": xlsx.KRONER,
    "kommunekassen_netto_2021_2040": xlsx.KRONER,
    "kommunekassen_netto_2021_2024": xlsx.KRONER,
    "netto_naverdi_kontant": xlsx.KRONER,
    "netto_naverdi_tid": xlsx.KRONER,
    "netto_naverdi_hendelser": xlsx.KRONER,
    "frigjort_arsverk": xlsx.ARSVERK,
    "kostnad_per_innbygger_per_ar": xlsx.KRONER,
    "break_even_ar": xlsx.AR,
    "innforingsar": xlsx.AR,
    "versjon": xlsx.HELTALL,
    "versjonsdato": xlsx.DATO,
}
WIDTHS = {"kommunenummer": 15, "navn": 34, "fylke": 18, "malform": 11, "vedtak": 20,
          "intensjonserklaering": 18, "versjonsdato": 14}
WIDE = 22  # a figure's column: its heading wraps onto two or three lines
# In words in the workbook: the text key of each value (content/tekster.yaml)
WORDS = {"vedtak": "status_", "intensjonserklaering": "intensjon_"}


def _cell(name: str, v: Any, cat: Catalog) -> Any:
    """A value as the workbook shows it: a decision or declaration in words, a date as a date."""
    if v is None:
        return None
    if name in WORDS:
        return str(cat.t(WORDS[name] + v))
    if name == "versjonsdato":
        return dt.date.fromisoformat(v)
    return v


def workbook_bytes(figs: dict[str, Kommunetall], stamp: dt.date,
                   status: dict[str, dict[str, Any]] | None = None) -> bytes:
    """One row per municipality, in kommunenummer order; an unknown value is an empty cell.

    Row 1 (hidden) has the CSV's keys, row 2 the Norwegian headings with units."""
    from openpyxl.styles import Alignment

    cat = load_catalogs()["nb"]
    wb = xlsx.new_workbook()
    ws = wb.create_sheet(SHEET)
    columns = list(CSV_COLUMNS)
    for col, name in enumerate(columns, start=1):
        xlsx.put(ws, 1, col, name)
    ws.row_dimensions[1].hidden = True
    for row, nr in enumerate(sorted(figs), start=3):
        for col, name in enumerate(columns, start=1):
            v = _cell(name, value(figs[nr], name, (status or {}).get(nr)), cat)
            xlsx.put(ws, row, col, v, FORMATS.get(name))
    headings = [str(cat.t("nk_" + name)) for name in columns]
    xlsx.header(ws, headings, {h: WIDTHS.get(name, WIDE)
                               for h, name in zip(headings, columns, strict=True)},
                freeze="C3", row=2)
    for col in range(1, len(columns) + 1):
        ws.cell(row=2, column=col).alignment = Alignment(vertical="top", wrap_text=True)
    return xlsx.to_bytes(wb, stamp)
