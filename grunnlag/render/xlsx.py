"""Writing spreadsheets (openpyxl) the same way everywhere: safe cells, a readable header, and
the same bytes for the same content.

openpyxl stamps the workbook with the time of saving and the zip entries with the time of
writing; both are replaced here by a fixed time, so a rebuild changes no byte it need not.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from grunnlag.files import reproducible_zip

# Excel number formats are written with ',' for groups and '.' for decimals and shown with the
# reader's own separators: Norwegian Excel shows 693 494 and 12,5 %.
KRONER = "#,##0"
HELTALL = "#,##0"
AR = "0"
ANDEL = "0.000 %"
DATO = "yyyy-mm-dd"

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="0B3D60")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def put(ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None) -> None:
    """One cell; a text is always stored as text, never run as a formula («=SUM(...)»)."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    if number_format and not isinstance(value, str):
        cell.number_format = number_format


def header(ws: Worksheet, names: list[str], widths: dict[str, int] | None = None,
           freeze: str = "A2") -> None:
    """The first row: the column names, bold, frozen, with a filter; columns wide enough."""
    for col, name in enumerate(names, start=1):
        put(ws, 1, col, name)
        cell = ws.cell(row=1, column=col)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(vertical="top")
        width = (widths or {}).get(name, max(10, len(name) + 2))
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(ws.max_row, 1)}"


def new_workbook() -> Workbook:
    """An empty workbook without the default sheet."""
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def to_bytes(wb: Workbook, stamp: dt.date) -> bytes:
    """The .xlsx file: workbook dates set to `stamp`, zip entries dated 1980, fixed order."""
    when = dt.datetime.combine(stamp, dt.time())
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = "beslutningsgrunnlag-akson"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return reproducible_zip(raw.getvalue(), _ZIP_TIME)
