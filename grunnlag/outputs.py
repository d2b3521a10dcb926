"""Writing outputs safely: a temporary file renamed into place, so an interrupted build never
leaves a truncated report, and the next build carries on."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def _file_mode() -> int:
    """The mode a plain new file gets here (0644 under the usual umask), not mkstemp's 0600:
    the reports are meant to be served and read by others."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


def write_bytes(path: Path, data: bytes) -> None:
    """Atomically replace `path` with `data`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            os.fchmod(f.fileno(), FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def to_json(data: Any) -> str:
    """Stable JSON: sorted keys, UTF-8, newline at the end."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_json(path: Path, data: Any) -> None:
    write_text(path, to_json(data))


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


def remove_stale(output: Path, stem: str) -> None:
    """Remove every output of a municipality that failed, so nothing stale looks current."""
    for sub, ext in (("pdf", "pdf"), ("html", "html"), ("data", "json"), ("docx", "docx")):
        (output / sub / f"{stem}.{ext}").unlink(missing_ok=True)


def clean_temporaries(output: Path) -> None:
    """Remove temporary files left by a killed build."""
    if output.exists():
        for tmp in output.rglob(".*.tmp"):
            tmp.unlink(missing_ok=True)
