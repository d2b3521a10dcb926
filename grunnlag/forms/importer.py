"""The collection form back in: `build.py --import-form F.xlsx` (grunnlag/forms/export.py
writes it).

The import runs the merged data of each municipality through the same schema as the YAML
files (grunnlag/inputs/schema.py), so a cell gets the message the file would get, named by
sheet, row and column. Only when every cell is valid are the files written
(grunnlag/forms/yaml_edit.py keeps their comments and order); a refused import changes no file.

Exit status, as build.py: 0 written; 1 some cell or file is wrong (nothing written); 2 the
invocation or the workbook itself is unusable (nothing done).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from grunnlag.files import write_text
from grunnlag.forms import yaml_edit
from grunnlag.forms.spec import (
    KEY,
    KOMMUNE_COLUMNS,
    KOMMUNER,
    SHEETS,
    SYSTEM_COLUMNS,
    SYSTEMER,
    Column,
    display_path,
    municipality_files,
    value_at,
)
from grunnlag.inputs.errors import errors_from_pydantic, show_value
from grunnlag.inputs.schema import Journalsystem, Kommune, load_municipality
from grunnlag.inputs.yamlsafe import YamlError, load_yaml
from grunnlag.paths import MUNICIPALITIES

_FORM_KEYS = {c.path[0] for c in KOMMUNE_COLUMNS if not c.reference}
_WHOLE = re.compile(r"[-−]?[0-9]+")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


class FormError(Exception):
    """The workbook cannot be read as the form at all (exit status 2)."""


@dataclass
class Row:
    """One row of a sheet: where it is and its values by header."""

    sheet: str
    number: int
    values: dict[str, Any]


@dataclass
class Collected:
    """What the form says, per municipality, and every problem found in its cells."""

    kommuner: dict[str, Row] = field(default_factory=dict)
    systems: dict[str, list[Row]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


_EXACT = 2.0 ** 53  # a whole float below this is the whole number it shows; 1e300 stays 1e+300


def _read_cell(col: Column, value: Any) -> Any:
    """A cell as the YAML file would hold it; what cannot be read is left for the schema to
    name (so «mange» in a number column gets the file's own message)."""
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    if value is None:
        return None
    if col.kind in ("text", "choice"):
        if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT:
            value = int(value)
        return str(value) if isinstance(value, int | float) else value
    if col.kind == "int":
        if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT:
            return int(value)
        if isinstance(value, str) and _WHOLE.fullmatch(_SPACES.sub("", value)):
            return int(_SPACES.sub("", value).replace("−", "-"))
        return value
    if col.kind == "date" and isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


def _key(value: Any) -> str | None:
    """The kommunenummer of a row: "0301", also when Excel made it the number 301."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10000:
        return f"{value:04d}"
    if isinstance(value, str) and re.fullmatch(r"[0-9]{3,4}", value.strip()):
        return value.strip().zfill(4)
    return None


def _where(source: Path, sheet: str, row: int, header: str) -> str:
    return f"{source.name}: sheet {sheet}, row {row}: {header}"


def _read_sheet(wb: Any, source: Path, sheet: str) -> list[Row]:
    if sheet not in wb.sheetnames:
        raise FormError(f"{source.name}: the sheet «{sheet}» is missing; export a new form "
                        "with --export-form")
    columns = {c.header: c for c in SHEETS[sheet]}
    rows = wb[sheet].iter_rows(min_row=1, values_only=True)  # row numbers as Excel shows them
    head = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    unknown = [h for h in head if h and h not in columns]
    missing = [h for h in columns if h not in head]
    if unknown or missing:
        parts = ([f"unknown column(s) {', '.join(unknown)}"] if unknown else []) + \
                ([f"missing column(s) {', '.join(missing)}"] if missing else [])
        raise FormError(f"{source.name}: sheet {sheet}, row 1: {'; '.join(parts)}; the "
                        f"columns must be: {', '.join(columns)}")
    out = []
    for number, cells in enumerate(rows, start=2):
        values = {h: _read_cell(columns[h], v) for h, v in zip(head, cells, strict=False) if h}
        if any(v is not None for v in values.values()):
            out.append(Row(sheet, number, values))
    return out


def _collect(wb: Any, source: Path) -> Collected:
    """Rows by municipality; a row without a valid, unique kommunenummer is an error."""
    got = Collected()
    for row in _read_sheet(wb, source, KOMMUNER):
        nr = _key(row.values.get(KEY))
        if nr is None:
            got.errors.append(f"{_where(source, KOMMUNER, row.number, KEY)}: must be four "
                              f"digits, like 0301, got {show_value(row.values.get(KEY))}")
        elif nr in got.kommuner:
            got.errors.append(f"{_where(source, KOMMUNER, row.number, KEY)}: {nr} is also on "
                              f"row {got.kommuner[nr].number}; give each municipality one row")
        else:
            got.kommuner[nr] = row
    for row in _read_sheet(wb, source, SYSTEMER):
        nr = _key(row.values.get(KEY))
        if nr is None or nr not in got.kommuner:
            shown = show_value(row.values.get(KEY))
            why = ("must be four digits, like 0301" if nr is None
                   else f"{nr} has no row in the sheet {KOMMUNER}")
            got.errors.append(f"{_where(source, SYSTEMER, row.number, KEY)}: {why}, got {shown}")
            got.errors += _check_system_alone(source, row)  # its other cells are checked too
            continue
        got.systems.setdefault(nr, []).append(row)
    return got


def _check_system_alone(source: Path, row: Row) -> list[str]:
    """The cells of a journal-system row that belongs to no municipality of the form."""
    item = _system(row)
    try:
        Journalsystem.model_validate(item)
    except pydantic.ValidationError as exc:
        lines = {(key,): 1 for key in item}
        place = f"{source.name}: sheet {SYSTEMER}, row {row.number}"
        return [f"{place}: {e.field}: {e.message}"
                for e in errors_from_pydantic(exc, "", lines, model=Journalsystem)]
    return []


def _merged(raw: dict, row: Row, systems: list[Row]) -> dict:
    """The file's data with the form's values put in, as the written file will hold it."""
    data = dict(raw)
    for col in KOMMUNE_COLUMNS:
        if col.reference:
            continue
        value = row.values.get(col.header)
        if len(col.path) == 1:
            if value is None:
                data.pop(col.path[0], None)
            else:
                data[col.path[0]] = value
            continue
        group, key = col.path
        sub = dict(data[group]) if isinstance(data.get(group), dict) else {}
        if value is None:
            sub.pop(key, None)
        else:
            sub[key] = value
        if sub:
            data[group] = sub
        else:
            data.pop(group, None)
    items = [_system(r) for r in systems]
    if items:
        data[SYSTEMER] = items
    else:
        data.pop(SYSTEMER, None)
    return data


def _system(row: Row) -> dict[str, Any]:
    return {c.header: row.values[c.header] for c in SYSTEM_COLUMNS
            if c.header != KEY and row.values.get(c.header) is not None}


def _check(source: Path, file: str, raw: dict, raw_lines: dict, row: Row,
           systems: list[Row]) -> list[str]:
    """The schema's messages for the merged data, each pointed at its sheet and row."""
    errors = []
    for col in KOMMUNE_COLUMNS:  # what the form only shows must not be changed in it
        if col.reference and col.header != KEY and row.values.get(col.header) is not None \
                and row.values[col.header] != value_at(raw, col.path):
            errors.append(f"{_where(source, KOMMUNER, row.number, col.header)}: is SSB's data "
                          f"and can only be changed in {file}, got "
                          f"{show_value(row.values[col.header])}")
    data = _merged(raw, row, systems)
    places: dict[int, str] = {}
    lines: dict[tuple, int] = {}

    def mark(loc: tuple, place: str) -> None:
        places[len(places) + 1] = place
        lines[loc] = len(places)

    for key, value in data.items():
        if key in _FORM_KEYS or key == SYSTEMER:
            place = f"{source.name}: sheet {KOMMUNER}, row {row.number}"
        else:
            line = raw_lines.get((key,))
            place = f"{file}:{line}" if line else file
        mark((key,), place)
        if isinstance(value, dict) and key != SYSTEMER:
            for sub in value:
                mark((key, sub), place)
    for i, srow in enumerate(systems):
        place = f"{source.name}: sheet {SYSTEMER}, row {srow.number}"
        mark((SYSTEMER, i), place)
        for sub in data[SYSTEMER][i]:
            mark((SYSTEMER, i, sub), place)
    try:
        Kommune.model_validate(data)
    except pydantic.ValidationError as exc:
        for e in errors_from_pydantic(exc, file, lines, model=Kommune):
            where = places.get(e.line or 0, file)
            name = re.sub(rf"^{SYSTEMER}\[[0-9]+\]\.", "", e.field)
            errors.append(f"{where}: {name}: {e.message}" if name else f"{where}: {e.message}")
    return errors


def _plan(source: Path, got: Collected, directory: Path) -> tuple[dict[Path, str], list[str]]:
    """The new text of every file the form changes, or the problems that stop the import."""
    files = municipality_files(directory)
    errors = list(got.errors)
    texts: dict[Path, str] = {}
    for nr, row in sorted(got.kommuner.items()):
        paths = files.get(nr, [])
        if len(paths) != 1:
            why = (f"no file {display_path(directory)}/{nr}-<name>.yaml for this municipality"
                   if not paths else f"several files: {', '.join(display_path(p) for p in paths)}")
            errors.append(f"{_where(source, KOMMUNER, row.number, KEY)}: {why}")
            continue
        path, file = paths[0], display_path(paths[0])
        try:
            raw, raw_lines = load_yaml(path, int_keys=False)
        except YamlError as e:
            errors.append(f"{file}:{e.line or '?'}: {e.message}; fix the file first")
            continue
        if not isinstance(raw, dict):
            errors.append(f"{file}: the file must hold 'name: value' fields; fix it first")
            continue
        systems = got.systems.get(nr, [])
        problems = _check(source, file, raw, raw_lines, row, systems)
        errors.extend(problems)
        if problems:
            continue
        text = path.read_text(encoding="utf-8")
        single = {c.path: row.values.get(c.header) for c in KOMMUNE_COLUMNS if not c.reference}
        new = yaml_edit.apply(text, single, [_system(r) for r in systems])
        if new != text:
            texts[path] = new
    return texts, errors


def _recheck(texts: dict[Path, str]) -> list[str]:
    """Each new text read back as the build reads it: what is written must load."""
    errors = []
    with tempfile.TemporaryDirectory() as tmp:
        for path, text in texts.items():
            copy = Path(tmp) / path.name
            copy.write_text(text, encoding="utf-8")
            result = load_municipality(copy, root=Path(tmp))
            if isinstance(result, list):
                errors += [f"{display_path(path)} (as it would be written): {e}" for e in result]
    return errors


def import_form(source: Path, directory: Path = MUNICIPALITIES) -> int:
    """Check every cell; only if all are valid, write the values into the files."""
    try:
        wb = load_workbook(source, read_only=True, data_only=True)
    except FileNotFoundError:
        print(f"error: --import-form: {source}: no such file", file=sys.stderr)
        return 2
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        print(f"error: --import-form: {source}: not an Excel workbook (.xlsx); export the "
              "form with --export-form and fill that in", file=sys.stderr)
        return 2
    try:
        got = _collect(wb, source)
    except FormError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    finally:
        wb.close()
    texts, errors = _plan(source, got, directory)
    if not errors:
        errors = _recheck(texts)
    if errors:
        for line in errors:
            print(f"error: {line}", file=sys.stderr)
        print(f"Nothing was changed: {len(errors)} problem(s) in {source.name}. Correct them "
              "and import again.", file=sys.stderr)
        return 1
    for path, text in texts.items():
        write_text(path, text)
    print(f"Imported {source.name}: {len(texts)} municipality files changed, "
          f"{len(got.kommuner) - len(texts)} unchanged.")
    return 0
