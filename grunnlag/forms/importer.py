"""The collection form back in: `build.py --import-form F.xlsx` (grunnlag/forms/export.py
writes it, grunnlag/forms/reader.py reads it).

Only what the municipality changed is applied: each cell is compared with what its row was
exported from (the hidden sheet «eksport», grunnlag/forms/record.py) and with the file as it is
now. A cell nobody changed is never written, so a late copy of the form cannot take back
answers imported since, and a file edited since the export is never reverted: where both the
form and the file changed a cell, to different values, the import is refused for that cell.

The merged data of each municipality runs through the same schema as the YAML files
(grunnlag/inputs/schema.py), so a cell gets the message the file would get, named by
municipality, sheet, row and column. Only when every cell is valid are the files written
(grunnlag/forms/yaml_edit.py keeps their comments and order); a refused import changes no file.

Exit status, as build.py: 0 written; 1 some cell or file is wrong (nothing written); 2 the
invocation or the workbook itself is unusable (nothing done).
"""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic

from grunnlag.files import write_text
from grunnlag.forms import cells, record, yaml_edit
from grunnlag.forms.errors import FormError
from grunnlag.forms.reader import Collected, Row, collect, place, who
from grunnlag.forms.spec import (
    KEY,
    KOMMUNE_COLUMNS,
    KOMMUNER,
    SYSTEM_COLUMNS,
    SYSTEMER,
    display_path,
    value_at,
)
from grunnlag.inputs.errors import errors_from_pydantic, show_value
from grunnlag.inputs.municipality_files import municipality_files
from grunnlag.inputs.schema import Journalsystem, Kommune, load_municipality
from grunnlag.inputs.yamlsafe import YamlError, load_yaml
from grunnlag.paths import MUNICIPALITIES

_FORM_KEYS = {c.path[0] for c in KOMMUNE_COLUMNS if not c.reference}


@dataclass
class Change:
    """What the form changes in one municipality's file."""

    single: dict[tuple[str, ...], Any] = field(default_factory=dict)  # path → new value
    systems: list[dict[str, Any]] | None = None  # the new list, or None: unchanged


def _system(row: Row) -> dict[str, Any]:
    return {c.header: row.values[c.header] for c in SYSTEM_COLUMNS
            if c.header != KEY and row.values.get(c.header) is not None}


def _merged(raw: dict, change: Change) -> dict:
    """The file's data with the changed cells put in, as the written file will hold it."""
    data = dict(raw)
    for path, value in change.single.items():
        if len(path) == 1:
            if value is None:
                data.pop(path[0], None)
            else:
                data[path[0]] = value
            continue
        group, key = path
        sub = dict(data[group]) if isinstance(data.get(group), dict) else {}
        if value is None:
            sub.pop(key, None)
        else:
            sub[key] = value
        if sub:
            data[group] = sub
        else:
            data.pop(group, None)
    if change.systems is not None:
        if change.systems:
            data[SYSTEMER] = change.systems
        else:
            data.pop(SYSTEMER, None)
    return data


def _changes(source: Path, got: Collected, nr: str, file: str, raw: dict) -> tuple[Change,
                                                                                    list[str]]:
    """The cells the municipality changed since the export, or why they cannot be applied."""
    row, exported, now = got.kommuner[nr], got.exported[nr], record.file_prints(raw)
    change, errors = Change(), []

    def conflict(where: str, header: str, in_file: Any, in_form: Any) -> str:
        return (f"{where}: {header}: was changed in {file} after this form was exported "
                f"(the file now says {show_value(in_file)}, the form {show_value(in_form)}); "
                f"make the cell say what is right, or export a new form for {who(nr)}")

    for col in KOMMUNE_COLUMNS:
        if col.header == KEY:
            continue
        value = row.values.get(col.header)
        form = cells.fingerprint(value)
        if form == exported[col.header] or form == now[col.header]:
            continue  # not changed in the form, or the file already says the same
        where = place(source, got, KOMMUNER, row.number, nr, col.header)
        in_file = cells.as_read(KOMMUNER, col, value_at(raw, col.path))
        if col.reference:
            errors.append(f"{where}: {col.header}: is SSB's data and can only be changed in "
                          f"{file}, got {show_value(value)}")
        elif now[col.header] != exported[col.header]:
            errors.append(conflict(where, col.header, in_file, value))
        else:
            change.single[col.path] = value
    rows = got.systems.get(nr, [])
    systems = [_system(r) for r in rows]
    form = cells.fingerprint(systems)
    if form not in (exported[SYSTEMER], now[SYSTEMER]):
        if now[SYSTEMER] != exported[SYSTEMER]:
            number = rows[0].number if rows else row.number
            sheet = SYSTEMER if rows else KOMMUNER
            errors.append(conflict(place(source, got, sheet, number, nr), SYSTEMER,
                                   len(record.systems_as_read(raw)), len(systems))
                          .replace(" (the file now says", " (systems in the file now:")
                          .replace(", the form ", ", in the form: "))
        else:
            change.systems = systems
    return change, errors


def _check(source: Path, got: Collected, nr: str, file: str, raw: dict, raw_lines: dict,
           change: Change) -> list[str]:
    """The schema's messages for the merged data, each pointed at its sheet, row and column."""
    row, systems = got.kommuner[nr], got.systems.get(nr, [])
    data = _merged(raw, change)
    places: dict[int, tuple[str, int] | str] = {}
    lines: dict[tuple, int] = {}

    def mark(loc: tuple, where: tuple[str, int] | str) -> None:
        places[len(places) + 1] = where
        lines[loc] = len(places)

    for key, value in data.items():
        if key in _FORM_KEYS or key == SYSTEMER:
            where: tuple[str, int] | str = (KOMMUNER, row.number)
        else:
            line = raw_lines.get((key,))
            where = f"{file}:{line}" if line else file
        mark((key,), where)
        if isinstance(value, dict) and key != SYSTEMER:
            for sub in value:
                mark((key, sub), where)
    found = data.get(SYSTEMER)
    listed: list = found if isinstance(found, list) else []
    for i, item in enumerate(listed):
        srow = systems[i] if change.systems is not None and i < len(systems) else None
        where = (SYSTEMER, srow.number) if srow else (KOMMUNER, row.number)
        mark((SYSTEMER, i), where)
        for sub in item if isinstance(item, dict) else []:
            mark((SYSTEMER, i, sub), where)
    errors = []
    try:
        Kommune.model_validate(data)
    except pydantic.ValidationError as exc:
        for e in errors_from_pydantic(exc, file, lines, model=Kommune):
            at = places.get(e.line or 0, file)
            name = re.sub(rf"^{SYSTEMER}\[[0-9]+\]\.", "", e.field)
            if isinstance(at, tuple):
                at = place(source, got, at[0], at[1], nr, name)
            errors.append(f"{at}: {name}: {e.message}" if name else f"{at}: {e.message}")
    return errors


def _check_orphans(source: Path, got: Collected) -> list[str]:
    """The cells of journal-system rows that belong to no municipality of the form."""
    errors = []
    for nr, rows in got.systems.items():
        if nr in got.kommuner:
            continue
        for row in rows:
            item = _system(row)
            try:
                Journalsystem.model_validate(item)
            except pydantic.ValidationError as exc:
                lines = {(key,): 1 for key in item}
                for e in errors_from_pydantic(exc, "", lines, model=Journalsystem):
                    at = place(source, got, SYSTEMER, row.number, None, e.field)
                    errors.append(f"{at}: {e.field}: {e.message}")
    return errors


def _short(value: Any) -> str:
    text = show_value(value)
    return text if len(text) <= 60 else text[:57] + "…\""


def _describe(raw: dict, change: Change) -> list[str]:
    """What the form changes in one file, in words: removals first, then changes, additions."""
    removed, changed, added = [], [], []
    for path, new in change.single.items():
        header = ".".join(path)
        old = value_at(raw, path)
        if new is None:
            removed.append(f"removes {header} (was {_short(old)})")
        elif old is None:
            added.append(f"adds {header}: {_short(new)}")
        else:
            changed.append(f"changes {header}: {_short(old)} → {_short(new)}")
    if change.systems is not None:
        before = record.systems_as_read(raw)
        for item in before:
            if item not in change.systems:
                removed.append(f"removes journal system {_short(item)}")
        for item in change.systems:
            if item not in before:
                added.append(f"adds journal system {_short(item)}")
    return removed + changed + added


def _plan(source: Path, got: Collected, directory: Path
          ) -> tuple[dict[Path, str], list[str], list[str]]:
    """The new text of every file the form changes, what it changes, and the problems that
    stop the import."""
    files = municipality_files(directory)
    errors = list(got.errors) + _check_orphans(source, got)
    texts: dict[Path, str] = {}
    report: list[str] = []
    for nr, row in sorted(got.kommuner.items()):
        where = place(source, got, KOMMUNER, row.number, nr, KEY)
        if nr not in got.exported:
            errors.append(f"{where}: {KEY}: {nr} was not in this form when it was exported; "
                          f"export a form for {who(nr) or nr} with --export-form --only {nr}")
            continue
        paths = files.get(nr, [])
        if len(paths) != 1:
            why = (f"no file {display_path(directory)}/{nr}-<name>.yaml for this municipality"
                   if not paths else f"several files: {', '.join(display_path(p) for p in paths)}")
            errors.append(f"{where}: {why}")
            continue
        path, file = paths[0], display_path(paths[0])
        try:
            raw, raw_lines = load_yaml(path, int_keys=False)
        except YamlError as e:
            errors.append(f"{file}:{e.line or '?'}: {who(nr)}: {e.message}; fix the file first")
            continue
        if not isinstance(raw, dict):
            errors.append(f"{file}: {who(nr)}: the file must hold 'name: value' fields; fix it "
                          "first")
            continue
        change, problems = _changes(source, got, nr, file, raw)
        problems += _check(source, got, nr, file, raw, raw_lines, change)
        errors.extend(problems)
        if problems or (not change.single and change.systems is None):
            continue  # a municipality nobody changed: its file is not even rewritten
        text = path.read_text(encoding="utf-8")
        new = yaml_edit.apply(text, change.single, change.systems)
        if new != text:
            texts[path] = new
            report.append(f"{who(nr)}, {file}:")
            report += [f"  {line}" for line in _describe(raw, change)]
    return texts, errors, report


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
    """Check every cell; only if all are valid, write the changed values into the files."""
    try:
        got = collect(source)
    except FormError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    texts, errors, report = _plan(source, got, directory)
    if not errors:
        errors = _recheck(texts)
    if errors:
        for line in errors:
            print(f"error: {line}", file=sys.stderr)
        print(f"Nothing was changed: {len(errors)} problem(s) in {source.name}. Correct them "
              "and import again.", file=sys.stderr)
        return 1
    for line in report:
        print(line)
    for path, text in texts.items():
        write_text(path, text)
    print(f"Imported {source.name}: {len(texts)} municipality files changed, "
          f"{len(got.kommuner) - len(texts)} unchanged.")
    return 0
