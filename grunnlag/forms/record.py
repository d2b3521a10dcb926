"""What each row of the form was exported from: the hidden sheet «eksport».

One row per municipality: its kommunenummer and, per column of «kommuner» and for its journal
systems as a whole, the fingerprint (grunnlag/forms/cells.py) of the value its file held when
the form was exported. The import compares three things per cell — the form, the record and the
file now — so a cell nobody changed is never written, and a file changed since the export is
never silently reverted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from grunnlag.forms import cells
from grunnlag.forms.errors import FormError
from grunnlag.forms.spec import KEY, KOMMUNE_COLUMNS, KOMMUNER, SYSTEM_COLUMNS, SYSTEMER, value_at
from grunnlag.render import xlsx

SHEET = "eksport"
COLUMNS = tuple(c.header for c in KOMMUNE_COLUMNS if c.header != KEY) + (SYSTEMER,)


def systems_as_read(raw: Any) -> list[dict[str, Any]]:
    """A file's journal systems as the form's rows read them back (as exported)."""
    listed = raw.get(SYSTEMER) if isinstance(raw, dict) else None
    out = []
    for item in listed if isinstance(listed, list) else []:
        if isinstance(item, dict):
            read = {c.header: cells.as_read(SYSTEMER, c, item.get(c.header))
                    for c in SYSTEM_COLUMNS if c.header != KEY}
            out.append({k: v for k, v in read.items() if v is not None})
    return out


def file_prints(raw: Any) -> dict[str, str]:
    """The fingerprint of every form column's value in a file's data."""
    out = {c.header: cells.fingerprint(cells.as_read(KOMMUNER, c, value_at(raw, c.path)))
           for c in KOMMUNE_COLUMNS if c.header != KEY}
    out[SYSTEMER] = cells.fingerprint(systems_as_read(raw))
    return out


def write(wb: Any, prints: dict[str, dict[str, str]]) -> None:
    ws = wb.create_sheet(SHEET)
    for c, name in enumerate((KEY, *COLUMNS), start=1):
        xlsx.put(ws, 1, c, name)
    for r, (nr, row) in enumerate(sorted(prints.items()), start=2):
        xlsx.put(ws, r, 1, nr)
        for c, name in enumerate(COLUMNS, start=2):
            xlsx.put(ws, r, c, row[name])
    ws.sheet_state = "hidden"


def read(wb: Any, source: Path) -> dict[str, dict[str, str]]:
    """The record, by kommunenummer; FormError when the form has none (an old or foreign
    workbook: which answers are new cannot be told)."""
    if SHEET not in wb.sheetnames:
        raise FormError(f"{source.name}: the hidden sheet «{SHEET}» is missing, so what was "
                        "exported cannot be told from what was filled in; export a new form "
                        "with --export-form")
    rows = wb[SHEET].iter_rows(values_only=True)
    head = [str(h) if h is not None else "" for h in next(rows, ())]
    if tuple(head[:len(COLUMNS) + 1]) != (KEY, *COLUMNS):
        raise FormError(f"{source.name}: sheet {SHEET}, row 1: the columns were changed; "
                        "export a new form with --export-form")
    out: dict[str, dict[str, str]] = {}
    for number, values in enumerate(rows, start=2):
        if not values or values[0] is None:
            continue
        prints = [str(v) if v is not None else "" for v in values[1:len(COLUMNS) + 1]]
        if len(prints) != len(COLUMNS) or not all(prints):
            raise FormError(f"{source.name}: sheet {SHEET}, row {number}: incomplete; export "
                            "a new form with --export-form")
        out[str(values[0])] = dict(zip(COLUMNS, prints, strict=True))
    return out
