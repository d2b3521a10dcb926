"""The change log: output/endringslogg.csv and endringslogg.xlsx keep every change of every
build, each row with the date of the build that made it (grunnlag/pipeline/versions.py decides what
changed). A build in which no report got a new version appends nothing and leaves both files as
they were.

The CSV is for people as much as machines, so it opens right in Excel and LibreOffice Calc as
they come: UTF-8 with a byte-order mark (so «Bærum» is not read as «BÃ¦rum»), `;` between the
fields (the list separator where the decimal mark is a comma, as in Norway) and CRLF line ends.
No cell is a formula, not even ="0301" (issue 24: nothing a spreadsheet runs), so a spreadsheet
that guesses types may show the kommunenummer as 301; endringslogg.xlsx, with the same rows under
Norwegian column labels, keeps it as the text 0301 and is the file to open.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from grunnlag.files import write_bytes
from grunnlag.inputs.texts import load_catalogs
from grunnlag.pipeline.outputs import csv_cell
from grunnlag.render import xlsx

COLUMNS = ("dato", "kommunenummer", "navn", "versjon", "felt", "fra", "til")
_BOM = "\ufeff"
_AS_TEXT = re.compile(r'^="(.*)"$')
_WIDTHS = {"dato": 12, "kommunenummer": 15, "navn": 26, "versjon": 11, "felt": 24, "fra": 40,
           "til": 40}


def _csv(rows: list[dict[str, Any]], header: bool) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(COLUMNS), delimiter=";", lineterminator="\r\n")
    if header:
        buf.write(_BOM)
        w.writeheader()
    for row in rows:
        cells = {k: csv_cell(v) for k, v in row.items()}
        w.writerow(cells)
    return buf.getvalue()


def read_history(path: Path) -> list[dict[str, str]] | None:
    """The rows the log holds, also from the older comma-separated log without dates; None when
    there is no log yet."""
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first else ","
    rows = []
    for row in csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter):
        nr = _AS_TEXT.sub(r"\1", row.get("kommunenummer") or "")
        rows.append({**{c: row.get(c) or "" for c in COLUMNS}, "kommunenummer": nr})
    return rows


def _workbook(rows: list[dict[str, Any]]) -> bytes:
    labels = load_catalogs()["nb"].strings
    names = [labels[f"endringslogg_{c}"] for c in COLUMNS]
    wb = xlsx.new_workbook()
    ws = wb.create_sheet("endringslogg")
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(COLUMNS, start=1):
            value = row[column]
            if column == "versjon" and str(value).isdigit():
                value = int(value)
            elif column == "dato" and value:
                value = dt.date.fromisoformat(str(value))
            xlsx.put(ws, r, c, value, xlsx.DATO if column == "dato" else None)
    xlsx.header(ws, names, {labels[f"endringslogg_{c}"]: w for c, w in _WIDTHS.items()},
                freeze="C2")
    last = max((str(r["dato"]) for r in rows if r["dato"]), default="1980-01-01")
    return xlsx.to_bytes(wb, dt.date.fromisoformat(last))


def append(path: Path, rows: list[dict[str, Any]], date: dt.date) -> None:
    """Append this build's changes (dated) to endringslogg.csv and write endringslogg.xlsx
    beside it; with no changes, only a missing or old-format file is written."""
    history = read_history(path)
    sheet = path.with_suffix(".xlsx")
    current = history is not None and path.read_text(encoding="utf-8-sig").startswith(
        ";".join(COLUMNS))
    if not rows and current and sheet.exists():
        return
    dated = [{"dato": date.isoformat(), **row} for row in rows]
    every = (history or []) + dated
    if current:
        write_bytes(path, path.read_bytes() + _csv(dated, header=False).encode("utf-8"))
    else:
        write_bytes(path, _csv(every, header=True).encode("utf-8"))
    write_bytes(sheet, _workbook(every))
