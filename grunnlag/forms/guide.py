"""The «veiledning» sheet of the collection form: what the municipality is asked to do, and per
column what it means and which values it takes, in bokmål and nynorsk.

Every row gets an explicit height from its longest wrapped text: Excel and LibreOffice Calc do
not size rows of a generated file the same way, and a row too low hides the end of its text or
lets it run over the next.
"""

from __future__ import annotations

import math
from typing import Any

from openpyxl.styles import Alignment, Font

from grunnlag.forms import cells
from grunnlag.forms.spec import SHEETS, Column, limits, max_length
from grunnlag.inputs.texts import load_catalogs
from grunnlag.render import xlsx

WIDTHS = {"A": 30, "B": 55, "C": 55, "D": 45}
_LINE_POINTS = 15  # one line of 11-point text, with its spacing


def allowed(sheet: str, col: Column, texts: dict[str, str]) -> str:
    """The allowed values of a column, in words (bokmål)."""
    if col.reference:
        return texts["skjema_tillatt_ssb"]
    if col.kind == "choice":
        return "; ".join(nb for nb, _ in cells.labels(sheet, col).values())
    if col.kind == "int":
        low, high = limits(sheet, col)
        if high is None:
            return texts["skjema_tillatt_minst"].format(fra=low)
        return texts["skjema_tillatt_heltall"].format(fra=low, til=high)
    if col.kind == "date":
        return texts["skjema_tillatt_dato"]
    length = max_length(sheet, col)
    if length is None:  # the kommunenummer of a journal system
        return texts["skjema_kol_kommunenummer"]
    return texts["skjema_tillatt_tekst"].format(lengde=length)


def _lines(text: str, width: int) -> int:
    per_line = max(width - 4, 10)  # proportional text: fewer characters than the width says
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def write_guide(ws: Any) -> None:
    cats = load_catalogs()
    nb, nn = cats["nb"].strings, cats["nn"].strings
    rows: list[list[str]] = [["", nb["skjema_tittel"], nn["skjema_tittel"], ""]]
    rows += [[str(i), nb[f"skjema_steg_{i}"], nn[f"skjema_steg_{i}"], ""] for i in range(1, 5)]
    rows.append(["", "", "", ""])
    rows.append([nb["skjema_kolonne"], nb["skjema_forklaring"] + " (bokmål)",
                 nn["skjema_forklaring"] + " (nynorsk)", nb["skjema_tillatt"]])
    heading_rows = {1, len(rows)}
    seen: set[str] = set()
    for sheet, columns in SHEETS.items():
        for col in columns:
            key = "skjema_kol_" + col.header.replace(".", "_")
            if key in seen:
                continue
            seen.add(key)
            rows.append([cells.column_label(col), nb[key], nn[key], allowed(sheet, col, nb)])
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row, start=1):
            xlsx.put(ws, r, c, text or None)
            cell = ws.cell(row=r, column=c)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if r in heading_rows:
                cell.font = Font(bold=True)
        lines = max(_lines(text, WIDTHS[letter]) for text, letter in zip(row, WIDTHS,
                                                                            strict=False))
        ws.row_dimensions[r].height = lines * _LINE_POINTS + 4
    for letter, width in WIDTHS.items():
        ws.column_dimensions[letter].width = width
