"""Reading the returned form: every cell as written, or refused.

The workbook is checked first (grunnlag/forms/guard.py), then read twice from memory by
openpyxl: once for the stored values and once for the formulas, so a formula cell without a
stored result is refused instead of being read as empty. The columns are found by the keys in
the hidden first row (a key twice is refused), and every row is read, also those beyond the
size the sheet says it has (such a sheet is refused: some program wrote it wrongly).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from grunnlag.forms import cells, record
from grunnlag.forms.errors import FormError
from grunnlag.forms.guard import read_checked
from grunnlag.forms.spec import FIRST_ROW, KEY, KEY_ROW, KOMMUNER, SHEETS, SYSTEMER
from grunnlag.inputs.errors import show_value
from grunnlag.inputs.registry import load_registry

MAX_ROWS = 20_000  # the form has 291 rows and 2 000 spare ones; more is not a form


@dataclass
class Row:
    """One row of a sheet: where it is and its values by key."""

    sheet: str
    number: int
    values: dict[str, Any]


@dataclass
class Collected:
    """What the form says, per municipality, and every problem found in its cells."""

    kommuner: dict[str, Row] = field(default_factory=dict)
    systems: dict[str, list[Row]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    exported: dict[str, dict[str, str]] = field(default_factory=dict)  # forms/record.py
    letters: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet → key → column


def who(nr: str | None) -> str:
    """«Oslo (0301)»: how a message names a municipality."""
    reg = load_registry().get(nr or "")
    return f"{reg.navn} ({nr})" if reg else ""


def place(source: Path, got: Collected, sheet: str, number: int, nr: str | None,
          key: str | None = None) -> str:
    """Where a message points: file, municipality, sheet, row and column."""
    name = who(nr)
    letter = got.letters.get(sheet, {}).get(key or "")
    return (f"{source.name}: {name + ', ' if name else ''}sheet {sheet}, row {number}"
            + (f", column {letter}" if letter else ""))


def key_of(value: Any) -> str | None:
    """The kommunenummer of a row: "0301", also when Excel made it the number 301."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10000:
        return f"{value:04d}"
    if isinstance(value, str) and value.strip().isdigit() and 3 <= len(value.strip()) <= 4:
        return value.strip().zfill(4)
    return None


def _rows(ws: Any) -> Any:
    ws.reset_dimensions()  # every row, not only those inside the stored size
    return ws.iter_rows(min_row=1, values_only=True)


def _read_sheet(data_wb: Any, formula_wb: Any, source: Path, sheet: str,
                got: Collected) -> list[Row]:
    if sheet not in data_wb.sheetnames:
        raise FormError(f"{source.name}: the sheet «{sheet}» is missing; export a new form "
                        "with --export-form")
    columns = {c.header: c for c in SHEETS[sheet]}
    ws = data_wb[sheet]
    stored_rows, stored_cols = ws.max_row, ws.max_column  # from the sheet's own <dimension>
    rows = _rows(ws)
    formulas = _rows(formula_wb[sheet])
    out: list[Row] = []
    head: list[str] = []
    for number, cells_ in enumerate(rows, start=1):
        shapes = next(formulas, ())
        if number > MAX_ROWS:
            raise FormError(f"{source.name}: sheet {sheet}: more than {MAX_ROWS} rows; "
                            "export a new form with --export-form")
        filled = [i for i, v in enumerate(cells_, start=1) if v is not None]
        beyond = [i for i in filled if stored_cols and i > stored_cols]
        if filled and ((stored_rows and number > stored_rows) or beyond):
            letter = get_column_letter(beyond[0] if beyond else filled[0])
            raise FormError(f"{source.name}: sheet {sheet}, row {number}, column {letter}: "
                            f"holds data outside the sheet's stored size (rows 1–{stored_rows},"
                            f" {stored_cols} columns), so the program that saved it lost track "
                            "of its cells; open it in Excel or LibreOffice and save it again")
        if number == KEY_ROW:
            head = _header(source, sheet, cells_, columns, got)
            continue
        if number < FIRST_ROW:
            continue  # the labels a person reads
        raw = dict(zip(head, cells_, strict=False))
        nr = key_of(raw.get(KEY))
        values: dict[str, Any] = {}
        for i, (h, value) in enumerate(zip(head, cells_, strict=False)):
            if not h:
                continue
            formula = shapes[i] if i < len(shapes) else None
            if value is None and isinstance(formula, str) and formula.startswith("="):
                got.errors.append(f"{place(source, got, sheet, number, nr, h)}: {h}: is a "
                                  f"formula ({formula[:40]}) without a stored result; type "
                                  "the value itself")
            values[h] = cells.read(sheet, columns[h], value)
        if any(v is not None for v in values.values()):
            out.append(Row(sheet, number, values))
    if not head:
        raise FormError(f"{source.name}: sheet {sheet} is empty; export a new form with "
                        "--export-form")
    return out


def _header(source: Path, sheet: str, cells_: tuple, columns: dict, got: Collected) -> list[str]:
    head = [str(h).strip() if h is not None else "" for h in cells_]
    seen: dict[str, int] = {}
    for i, h in enumerate(head, start=1):
        if h and h in seen:
            raise FormError(f"{source.name}: sheet {sheet}, row {KEY_ROW}, columns "
                            f"{get_column_letter(seen[h])} and {get_column_letter(i)}: both "
                            f"are «{h}»; each column may be there once")
        seen[h] = i
    unknown = [h for h in head if h and h not in columns]
    missing = [h for h in columns if h not in head]
    if unknown or missing:
        parts = ([f"unknown column(s) {', '.join(unknown)}"] if unknown else []) + \
                ([f"missing column(s) {', '.join(missing)}"] if missing else [])
        raise FormError(f"{source.name}: sheet {sheet}, row {KEY_ROW}: {'; '.join(parts)}; "
                        f"the columns must be: {', '.join(columns)}")
    got.letters[sheet] = {h: get_column_letter(i) for h, i in seen.items() if h}
    return head


def _open(data: bytes, source: Path, formulas: bool) -> Any:
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=not formulas)
    except Exception as e:  # any library error on a checked file: unusable, in one line
        raise FormError(f"{source.name}: not an Excel workbook that can be read "
                        f"({type(e).__name__}); export a new form with --export-form and "
                        "fill that in") from None


def collect(source: Path) -> Collected:
    """Rows by municipality; a row without a valid, unique kommunenummer is an error.
    FormError (exit 2) when the workbook cannot be used at all."""
    data = read_checked(source)
    data_wb, formula_wb = _open(data, source, False), _open(data, source, True)
    try:
        return _collect(data_wb, formula_wb, source)
    except FormError:
        raise
    except Exception as e:  # a checked, well-formed workbook openpyxl still cannot read
        raise FormError(f"{source.name}: cannot be read as the form ({type(e).__name__}); "
                        "export a new form with --export-form") from None
    finally:
        data_wb.close()
        formula_wb.close()


def _collect(data_wb: Any, formula_wb: Any, source: Path) -> Collected:
    got = Collected()
    got.exported = record.read(data_wb, source)
    for row in _read_sheet(data_wb, formula_wb, source, KOMMUNER, got):
        nr = key_of(row.values.get(KEY))
        where = place(source, got, KOMMUNER, row.number, None, KEY)
        if nr is None:
            got.errors.append(f"{where}: {KEY}: must be four digits, like 0301, got "
                              f"{show_value(row.values.get(KEY))}")
        elif nr in got.kommuner:
            got.errors.append(f"{where}: {KEY}: {nr} is also on row "
                              f"{got.kommuner[nr].number}; give each municipality one row")
        else:
            got.kommuner[nr] = row
    for row in _read_sheet(data_wb, formula_wb, source, SYSTEMER, got):
        nr = key_of(row.values.get(KEY))
        if nr is None or nr not in got.kommuner:
            shown = show_value(row.values.get(KEY))
            why = ("must be four digits, like 0301" if nr is None
                   else f"{nr} has no row in the sheet {KOMMUNER}")
            got.errors.append(f"{place(source, got, SYSTEMER, row.number, None, KEY)}: "
                              f"{KEY}: {why}, got {shown}")
            row.values[KEY] = None
        got.systems.setdefault(nr or "", []).append(row)
    return got
