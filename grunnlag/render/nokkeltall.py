"""The key-figure table of the 291: the rows of output/nokkeltall.csv (for machines) and the
same columns as output/nokkeltall.xlsx, numbers as numbers (the file a person opens in Excel).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from grunnlag.render import xlsx

CSV_COLUMNS = (
    "kommunenummer navn fylke folketall malform sprak befolkningsandel kommunal_kostnad_p50 "
    "kommunal_kostnad_p85 statlig_kostnad gevinster_naverdi netto_naverdi break_even_ar "
    "kostnad_per_innbygger_per_ar innforingsar kommunekassen_netto_2021_2040 "
    "kommunekassen_netto_2021_2024 frigjort_arsverk netto_naverdi_kontant netto_naverdi_tid "
    "netto_naverdi_hendelser"
).split()
# Columns taken from inside the figures: the three views (model/views.py)
NESTED = {
    "kommunekassen_netto_2021_2040": ("kommunekassen", "netto_2021_2040"),
    "kommunekassen_netto_2021_2024": ("kommunekassen", "netto_2021_2024"),
    "frigjort_arsverk": ("frigjort_tid", "arsverk"),
    "netto_naverdi_kontant": ("netto_naverdi_deler", "kontant"),
    "netto_naverdi_tid": ("netto_naverdi_deler", "tid"),
    "netto_naverdi_hendelser": ("netto_naverdi_deler", "hendelser"),
}


def value(fig: dict[str, Any], column: str) -> Any:
    """A column's value in one municipality's figures."""
    if column in NESTED:
        outer, inner = NESTED[column]
        return fig[outer][inner]
    return fig[column]


def csv_row(fig: dict[str, Any]) -> dict[str, Any]:
    """One row of nokkeltall.csv: whole kroner, shares as fractions, empty when unknown."""
    row = {c: value(fig, c) for c in CSV_COLUMNS}
    row["befolkningsandel"] = f"{fig['befolkningsandel']:.8f}"
    row["break_even_ar"] = "" if fig["break_even_ar"] is None else fig["break_even_ar"]
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
}
WIDTHS = {"kommunenummer": 15, "navn": 34, "fylke": 18, "befolkningsandel": 17}


def workbook_bytes(figs: dict[str, dict[str, Any]], stamp: dt.date) -> bytes:
    """One row per municipality, in kommunenummer order; an unknown value is an empty cell."""
    wb = xlsx.new_workbook()
    ws = wb.create_sheet(SHEET)
    columns = list(CSV_COLUMNS)
    for row, nr in enumerate(sorted(figs), start=2):
        for col, name in enumerate(columns, start=1):
            xlsx.put(ws, row, col, value(figs[nr], name), FORMATS.get(name))
    xlsx.header(ws, columns, WIDTHS, freeze="C2")
    return xlsx.to_bytes(wb, stamp)
