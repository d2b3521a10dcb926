"""Writing spreadsheets (openpyxl) the same way everywhere: safe cells, a readable header, and
the same bytes for the same content.

openpyxl stamps the workbook with the time of saving and the zip entries with the time of
writing; both are replaced here by a fixed time, so a rebuild changes no byte it need not.

openpyxl is imported where a workbook is made: importing it took a sixth of a second, paid by
every build.py run (also --check) before this module was reached.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import TYPE_CHECKING, Any

from grunnlag.files import reproducible_zip

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# Excel number formats are written with ',' for groups and '.' for decimals and shown with the
# reader's own separators: Norwegian Excel shows 693 494 and 12,5 %.
KRONER = "#,##0"
HELTALL = "#,##0"
AR = "0"
ARSVERK = "#,##0.0"
ANDEL = "0.000 %"
DATO = "yyyy-mm-dd"

_HEADER_COLOURS = ("FFFFFF", "0B3D60")  # white on dark blue
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
           freeze: str = "A2", row: int = 1) -> None:
    """The header row (the first unless told): the column names, bold, frozen, with a filter;
    columns wide enough."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    text, background = _HEADER_COLOURS
    for col, name in enumerate(names, start=1):
        put(ws, row, col, name)
        cell = ws.cell(row=row, column=col)
        cell.font = Font(bold=True, color=text)
        cell.fill = PatternFill("solid", fgColor=background)
        cell.alignment = Alignment(vertical="top")
        width = (widths or {}).get(name, max(10, len(name) + 2))
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A{row}:{get_column_letter(len(names))}{max(ws.max_row, row)}"


def new_workbook() -> Workbook:
    """An empty workbook without the default sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    return wb


def to_bytes(wb: Workbook, stamp: dt.date) -> bytes:
    """The .xlsx file: workbook dates set to `stamp`, zip entries dated 1980, fixed order."""
    from openpyxl.writer.excel import ExcelWriter

    when = dt.datetime.combine(stamp, dt.time())
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = "beslutningsgrunnlag-akson"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return reproducible_zip(raw.getvalue(), _ZIP_TIME)
