"""The build's own outputs: CSV files safe to open in a spreadsheet, and cleaning up after a
failed municipality or a killed build (only what the build itself makes)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from grunnlag.files import TMP_SUFFIX, write_text

# A formula start (= + - @) at the beginning of a cell under any separator a spreadsheet may
# split the line at (, ; tab, or a line break), after spaces or an opening quote.
_FORMULA_AFTER_SEPARATOR = re.compile(r"(^|[,;\t\r\n])(?=[ \"]*[=+\-@])")
_NEEDS_QUOTES = re.compile(r'[,;\t\r\n"]')


def csv_cell(value: Any) -> Any:
    """A text that a spreadsheet could run as a formula gets a ' before each formula start
    (=, +, -, @), at its beginning and after every , ; tab or line break in it.

    Names come from files written by many hands; opening a CSV must never run code, whichever
    separator the spreadsheet splits at (Norwegian Excel takes ;, so «Kvitsøy;=cmd|…» would be
    two cells). Numbers are left alone, so negative amounts stay numbers.
    """
    if isinstance(value, str) and _FORMULA_AFTER_SEPARATOR.search(value):
        try:
            float(value)
        except ValueError:
            return _FORMULA_AFTER_SEPARATOR.sub(lambda m: m.group(1) + "'", value)
    return value


def _field(value: Any) -> str:
    """One CSV field: quoted when it holds a separator of any kind, a quote or a line break."""
    text = "" if value is None else str(csv_cell(value))
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    """Comma-separated, one line per row; every field safe to open in a spreadsheet."""
    buf = io.StringIO()
    for row in [dict(zip(columns, columns, strict=True)), *rows]:
        buf.write(",".join(_field(row.get(c, "")) for c in columns) + "\n")
    write_text(path, buf.getvalue())


def report_files(output: Path, stem: str) -> list[Path]:
    """The files of one municipality's report: PDF, web page, JSON, saksframlegg and the
    finance workbook."""
    return [output / sub / f"{stem}.{ext}"
            for sub, ext in (("pdf", "pdf"), ("html", "html"), ("data", "json"), ("docx", "docx"),
                             ("xlsx", "xlsx"))]


LOGS = "logs"  # a failed report's full traceback, one file per report


def log_file(output: Path, stem: str) -> Path:
    """Where the full traceback of a failed report is kept (its one-line message names it)."""
    return output / LOGS / f"{stem}.txt"


def remove_stale(output: Path, stem: str) -> None:
    """Remove every output of a municipality that failed, so nothing stale looks current."""
    for path in report_files(output, stem):
        path.unlink(missing_ok=True)


OWN_FOLDERS = (".", "pdf", "html", "data", "docx", "xlsx", "js", LOGS, ".cache", ".cache/felles")


def clean_temporaries(output: Path) -> None:
    """Remove temporary files left by a killed build: only the build's own (TMP_SUFFIX), only
    in the folders it writes, never in other folders below the output folder."""
    for sub in OWN_FOLDERS:
        folder = output / sub
        if folder.is_dir() and not folder.is_symlink():
            for tmp in folder.glob(f".*{TMP_SUFFIX}"):
                if tmp.is_file() and not tmp.is_symlink():
                    tmp.unlink(missing_ok=True)
