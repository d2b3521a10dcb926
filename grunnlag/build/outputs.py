"""The build's own outputs: CSV files safe to open in a spreadsheet, and cleaning up after a
failed municipality or a killed build (only what the build itself makes)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from grunnlag.files import TMP_SUFFIX, write_text

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A text that a spreadsheet would run as a formula (=, +, -, @) is quoted with ' first.

    Names come from files written by many hands; opening nokkeltall.csv must never run code.
    Numbers are left alone, so negative amounts stay numbers.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
    write_text(path, buf.getvalue())


def report_files(output: Path, stem: str) -> list[Path]:
    """The files of one municipality's report: PDF, web page, JSON, saksframlegg and the
    finance workbook."""
    return [output / sub / f"{stem}.{ext}"
            for sub, ext in (("pdf", "pdf"), ("html", "html"), ("data", "json"), ("docx", "docx"),
                             ("xlsx", "xlsx"))]


def remove_stale(output: Path, stem: str) -> None:
    """Remove every output of a municipality that failed, so nothing stale looks current."""
    for path in report_files(output, stem):
        path.unlink(missing_ok=True)


OWN_FOLDERS = (".", "pdf", "html", "data", "docx", "xlsx", ".cache", ".cache/felles")


def clean_temporaries(output: Path) -> None:
    """Remove temporary files left by a killed build: only the build's own (TMP_SUFFIX), only
    in the folders it writes, never in other folders below the output folder."""
    for sub in OWN_FOLDERS:
        folder = output / sub
        if folder.is_dir() and not folder.is_symlink():
            for tmp in folder.glob(f".*{TMP_SUFFIX}"):
                if tmp.is_file() and not tmp.is_symlink():
                    tmp.unlink(missing_ok=True)
