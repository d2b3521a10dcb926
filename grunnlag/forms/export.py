"""The collection form out: `build.py --export-form F.xlsx [--only NR ...]` writes one workbook
for the 291 (or the municipalities named), filled with what municipalities/*.yaml hold
(grunnlag/forms/importer.py reads it back).

Sheets: «kommuner» (one row per municipality, the single-valued fields), «journalsystemer»
(one row per journal system), «veiledning» (how to fill it in, bokmål and nynorsk, with every
column's allowed values), and two hidden ones: «lister» (the words of the drop-down lists) and
«eksport» (what each row was exported from, grunnlag/forms/record.py). Row 1 of the two data
sheets holds the YAML keys and is hidden; row 2 shows the Norwegian labels.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from grunnlag.forms import cells, record
from grunnlag.forms.guide import write_guide
from grunnlag.forms.spec import (
    FIRST_ROW,
    KEY,
    KEY_ROW,
    KOMMUNE_COLUMNS,
    KOMMUNER,
    LABEL_ROW,
    SYSTEM_COLUMNS,
    SYSTEMER,
    VEILEDNING,
    Column,
    display_path,
    limits,
    value_at,
)
from grunnlag.inputs.municipality_files import municipality_files
from grunnlag.inputs.registry import in_scope, load_registry
from grunnlag.inputs.texts import load_catalogs
from grunnlag.inputs.yamlsafe import YamlError, load_yaml
from grunnlag.paths import MUNICIPALITIES
from grunnlag.render import xlsx

SPARE_ROWS = 2000  # empty rows below the journal systems that still have drop-down lists
LISTS = "lister"
_REFERENCE_FILL = PatternFill("solid", fgColor="E6E6E6")


def _fill_sheet(ws: Any, sheet: str, columns: tuple[Column, ...], rows: list[dict],
                texts: dict[str, str], lists: dict[str, str], n_kommuner: int) -> None:
    for r, row in enumerate(rows, start=FIRST_ROW):
        for c, col in enumerate(columns, start=1):
            xlsx.put(ws, r, c, cells.shown(sheet, col, value_at(row, col.path)),
                     col.number_format)
    names = [cells.column_label(c) for c in columns]
    widths = {cells.column_label(c): c.width for c in columns}
    xlsx.header(ws, names, widths, freeze=f"A{FIRST_ROW}", row=LABEL_ROW)
    for c, col in enumerate(columns, start=1):
        xlsx.put(ws, KEY_ROW, c, col.header)
        ws.cell(LABEL_ROW, c).alignment = Alignment(vertical="top", wrap_text=True)
    ws.row_dimensions[KEY_ROW].hidden = True
    ws.row_dimensions[LABEL_ROW].height = 32  # two lines: a label never overlaps the data
    last = len(rows) + FIRST_ROW - 1 + (SPARE_ROWS if sheet == SYSTEMER else 0)
    for c, col in enumerate(columns, start=1):
        letter = get_column_letter(c)
        span = f"{letter}{FIRST_ROW}:{letter}{max(last, FIRST_ROW)}"
        if col.reference:
            for (cell,) in ws[span]:
                cell.fill = _REFERENCE_FILL
            continue
        if col.header == KEY or col.kind == "text":
            for (cell,) in ws[span]:
                cell.number_format = "@"  # 0301 stays 0301, not 301
                if col.header == "merknad":
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        rule = _validation(sheet, col, n_kommuner, texts, lists)
        if rule is not None:
            rule.add(span)
            ws.add_data_validation(rule)


def _lists(wb: Any) -> dict[str, str]:
    """The hidden sheet of drop-down words, one column per choice column (a list written
    inline may hold no comma, and «Fysioterapi, habilitering og rehabilitering» has one)."""
    ws = wb.create_sheet(LISTS)
    refs: dict[str, str] = {}
    c = 0
    for sheet, columns in ((KOMMUNER, KOMMUNE_COLUMNS), (SYSTEMER, SYSTEM_COLUMNS)):
        for col in columns:
            if col.kind != "choice" or col.reference:
                continue
            c += 1
            xlsx.put(ws, 1, c, col.header)
            words = [nb for nb, _ in cells.labels(sheet, col).values()]
            for r, word in enumerate(words, start=2):
                xlsx.put(ws, r, c, word)
            letter = get_column_letter(c)
            refs[col.header] = f"{quote_sheetname(LISTS)}!${letter}$2:${letter}${len(words) + 1}"
    ws.sheet_state = "hidden"
    return refs


def _validation(sheet: str, col: Column, n_kommuner: int, texts: dict[str, str],
                lists: dict[str, str]) -> DataValidation | None:
    """A drop-down list where the values are a fixed set; a range check for whole numbers."""
    if col.kind == "choice":
        rule = DataValidation(type="list", formula1=lists[col.header], allow_blank=True)
        rule.error = texts["skjema_liste_feil"]
    elif sheet == SYSTEMER and col.header == KEY:
        ref = (f"{quote_sheetname(KOMMUNER)}!$A${FIRST_ROW}:"
               f"$A${n_kommuner + FIRST_ROW - 1}")
        rule = DataValidation(type="list", formula1=ref, allow_blank=True)
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


def _read(directory: Path, only: list[str] | None) -> tuple[list[dict], list[dict],
                                                            dict[str, dict[str, str]], list[str]]:
    """The rows of both sheets, the record of what they hold, and the files that could not be
    read."""
    files = municipality_files(directory)
    problems: list[str] = []
    kommuner: list[dict] = []
    systems: list[dict] = []
    prints: dict[str, dict[str, str]] = {}
    for nr, reg in sorted(load_registry().items()):
        if not in_scope(nr) or (only and nr not in only):
            continue
        data: Any = {}
        paths = files.get(nr, [])
        if not paths:
            problems.append(f"{display_path(directory)}: no file for {nr} {reg.navn}; "
                            "its row holds only SSB's data")
        elif len(paths) > 1:
            problems.append(f"{reg.navn} ({nr}): several files: "
                            f"{', '.join(display_path(p) for p in paths)}; its row holds only "
                            "SSB's data")
        else:
            try:
                data, _ = load_yaml(paths[0], int_keys=False)
            except YamlError as e:
                problems.append(f"{display_path(paths[0])}:{e.line or '?'}: {e.message}")
        data = data if isinstance(data, dict) else {}
        prints[nr] = record.file_prints(data)
        kommuner.append({**data, KEY: nr, "navn": data.get("navn") or reg.navn,
                         "malform": data.get("malform") or reg.malform})
        listed = data.get(SYSTEMER)
        for item in listed if isinstance(listed, list) else []:
            if isinstance(item, dict):
                systems.append({**item, KEY: nr})
    return kommuner, systems, prints, problems


def export_form(target: Path, directory: Path = MUNICIPALITIES,
                stamp: dt.date | None = None, only: list[str] | None = None) -> int:
    """Write the form for the 291 (or those in `only`), filled with what their files hold.

    Exit status as build.py: 0 written; 1 written, but some files could not be read (their rows
    hold only SSB's data); 2 the target is unusable (nothing written).
    """
    if target.suffix.lower() != ".xlsx":
        print(f"error: --export-form: {target}: the file name must end in .xlsx", file=sys.stderr)
        return 2
    if not target.parent.is_dir():
        print(f"error: --export-form: {target.parent}: no such folder", file=sys.stderr)
        return 2
    scope = {nr for nr in load_registry() if in_scope(nr)}
    unknown = [nr for nr in only or [] if nr not in scope]
    if unknown:
        print(f"error: --only: no municipality {', '.join(unknown)} among the 291 in scope",
              file=sys.stderr)
        return 2
    kommuner, systems, prints, problems = _read(directory, only)
    nb, nn = load_catalogs()["nb"].strings, load_catalogs()["nn"].strings
    both = {k: f"{nb[k]} / {nn[k]}" for k in ("skjema_liste_feil", "skjema_tall_feil")}
    wb = xlsx.new_workbook()
    lists = _lists(wb)
    n = len(kommuner)
    _fill_sheet(wb.create_sheet(KOMMUNER, 0), KOMMUNER, KOMMUNE_COLUMNS, kommuner, both, lists,
                n)
    _fill_sheet(wb.create_sheet(SYSTEMER, 1), SYSTEMER, SYSTEM_COLUMNS, systems, both, lists, n)
    write_guide(wb.create_sheet(VEILEDNING, 2))
    record.write(wb, prints)
    wb.active = 0
    target.write_bytes(xlsx.to_bytes(wb, stamp or dt.date.today()))
    for line in problems:
        print(f"error: {line}", file=sys.stderr)
    what = "municipalities" if n != 1 else "municipality"
    print(f"Wrote {target}: {n} {what}, {len(systems)} journal systems.")
    return 1 if problems else 0
