"""The collection form out: `build.py --export-form F.xlsx` writes one workbook for the 291,
filled with what municipalities/*.yaml hold (grunnlag/forms/importer.py reads it back).

Sheets: «kommuner» (one row per municipality, the single-valued fields), «journalsystemer»
(one row per journal system) and «veiledning» (how to fill it in, bokmål and nynorsk). Headers
are the YAML keys; columns with a fixed set of values get drop-down lists, whole numbers a range
check, both taken from the schema.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from grunnlag.forms.spec import (
    KEY,
    KOMMUNE_COLUMNS,
    KOMMUNER,
    SHEETS,
    SYSTEM_COLUMNS,
    SYSTEMER,
    VEILEDNING,
    Column,
    choices,
    display_path,
    limits,
    municipality_files,
    value_at,
)
from grunnlag.inputs.errors import show_value
from grunnlag.inputs.registry import in_scope, load_registry
from grunnlag.inputs.texts import load_catalogs
from grunnlag.inputs.yamlsafe import YamlError, load_yaml
from grunnlag.paths import MUNICIPALITIES
from grunnlag.render import xlsx

SPARE_ROWS = 2000  # empty rows below the journal systems that still have drop-down lists
_REFERENCE_FILL = PatternFill("solid", fgColor="E6E6E6")


def _cell_value(value: Any) -> Any:
    """What the file holds, as a cell shows it; a value of the wrong shape is shown as text."""
    if value is None or isinstance(value, bool):
        return None if value is None else str(value).lower()
    if isinstance(value, int | float | str | dt.date):
        return value
    return show_value(value)


def _fill_sheet(ws: Any, sheet: str, columns: tuple[Column, ...], rows: list[dict],
                texts: dict[str, str], n_kommuner: int) -> None:
    for r, row in enumerate(rows, start=2):
        for c, col in enumerate(columns, start=1):
            xlsx.put(ws, r, c, _cell_value(value_at(row, col.path)), col.number_format)
    xlsx.header(ws, [c.header for c in columns], {c.header: c.width for c in columns})
    last = len(rows) + 1 + (SPARE_ROWS if sheet == SYSTEMER else 0)
    for c, col in enumerate(columns, start=1):
        letter = get_column_letter(c)
        cells = f"{letter}2:{letter}{max(last, 2)}"
        if col.reference:
            for (cell,) in ws[cells]:
                cell.fill = _REFERENCE_FILL
            continue
        if col.header == KEY or col.kind == "text":
            for (cell,) in ws[cells]:
                cell.number_format = "@"  # 0301 stays 0301, not 301
                if col.header == "merknad":
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        rule = _validation(sheet, col, n_kommuner, texts)
        if rule is not None:
            rule.add(cells)
            ws.add_data_validation(rule)


def _validation(sheet: str, col: Column, n_kommuner: int,
                texts: dict[str, str]) -> DataValidation | None:
    """A drop-down list where the values are a fixed set; a range check for whole numbers."""
    if col.kind == "choice":
        rule = DataValidation(type="list", formula1='"' + ",".join(choices(sheet, col)) + '"',
                              allow_blank=True)
        rule.error = texts["skjema_liste_feil"]
    elif sheet == SYSTEMER and col.header == KEY:
        ref = f"{quote_sheetname(KOMMUNER)}!$A$2:$A${n_kommuner + 1}"
        rule = DataValidation(type="list", formula1=f"={ref}", allow_blank=True)
        rule.error = texts["skjema_liste_feil"]
    elif col.kind == "int":
        low, high = limits(sheet, col)
        if low is None:
            return None
        if high is None:
            rule = DataValidation(type="whole", operator="greaterThanOrEqual",
                                  formula1=str(low), allow_blank=True)
        else:
            rule = DataValidation(type="whole", operator="between", formula1=str(low),
                                  formula2=str(high), allow_blank=True)
        rule.error = texts["skjema_tall_feil"]
    else:
        return None
    rule.showErrorMessage = True
    return rule


def _guide(wb: Any) -> None:
    """The «veiledning» sheet: how to fill in the form and what each column means, nb and nn."""
    cats = load_catalogs()
    ws = wb.create_sheet(VEILEDNING)
    nb, nn = cats["nb"].strings, cats["nn"].strings
    rows: list[list[str]] = [["", nb["skjema_tittel"], nn["skjema_tittel"]]]
    rows += [[str(i), nb[f"skjema_steg_{i}"], nn[f"skjema_steg_{i}"]] for i in range(1, 5)]
    rows.append([""])
    rows.append([nb["skjema_kolonne"], nb["skjema_forklaring"], nn["skjema_forklaring"]])
    seen: set[str] = set()
    for columns in SHEETS.values():
        for col in columns:
            key = "skjema_kol_" + col.header.replace(".", "_")
            if key in seen:
                continue
            seen.add(key)
            rows.append([col.header, nb[key], nn[key]])
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row, start=1):
            xlsx.put(ws, r, c, text or None)
            ws.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in (("A", 26), ("B", 60), ("C", 60)):
        ws.column_dimensions[letter].width = width


def export_form(target: Path, directory: Path = MUNICIPALITIES,
                stamp: dt.date | None = None) -> int:
    """Write the form for the 291, filled with what their files hold.

    Exit status as build.py: 0 written; 1 written, but some files could not be read (their rows
    hold only SSB's data); 2 the target is unusable (nothing written).
    """
    if target.suffix.lower() != ".xlsx":
        print(f"error: --export-form: {target}: the file name must end in .xlsx", file=sys.stderr)
        return 2
    if not target.parent.is_dir():
        print(f"error: --export-form: {target.parent}: no such folder", file=sys.stderr)
        return 2
    files = municipality_files(directory)
    problems: list[str] = []
    kommuner: list[dict] = []
    systems: list[dict] = []
    for nr, reg in sorted(load_registry().items()):
        if not in_scope(nr):
            continue
        data: Any = {}
        paths = files.get(nr, [])
        if not paths:
            problems.append(f"{display_path(directory)}: no file for {nr} {reg.navn}; "
                            "its row holds only SSB's data")
        else:
            try:
                data, _ = load_yaml(paths[0], int_keys=False)
            except YamlError as e:
                problems.append(f"{display_path(paths[0])}:{e.line or '?'}: {e.message}")
        data = data if isinstance(data, dict) else {}
        kommuner.append({**data, KEY: nr, "navn": data.get("navn") or reg.navn,
                         "malform": data.get("malform") or reg.malform})
        listed = data.get(SYSTEMER)
        for item in listed if isinstance(listed, list) else []:
            if isinstance(item, dict):
                systems.append({**item, KEY: nr})
    texts = load_catalogs()["nb"].strings
    both = {k: f"{texts[k]} / {load_catalogs()['nn'].strings[k]}"
            for k in ("skjema_liste_feil", "skjema_tall_feil")}
    wb = xlsx.new_workbook()
    n = len(kommuner)
    _fill_sheet(wb.create_sheet(KOMMUNER), KOMMUNER, KOMMUNE_COLUMNS, kommuner, both, n)
    _fill_sheet(wb.create_sheet(SYSTEMER), SYSTEMER, SYSTEM_COLUMNS, systems, both, n)
    _guide(wb)
    target.write_bytes(xlsx.to_bytes(wb, stamp or dt.date.today()))
    for line in problems:
        print(f"error: {line}", file=sys.stderr)
    print(f"Wrote {target}: {len(kommuner)} municipalities, {len(systems)} journal systems.")
    return 1 if problems else 0
