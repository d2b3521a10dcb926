"""Writing files safely, the one way every layer writes: a finished temporary file renamed
into place, so an interrupted build never leaves a truncated file, and the next build carries
on. Also the fixed-date zip that makes equal DOCX and XLSX content equal bytes."""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any


def _file_mode() -> int:
    """The mode a plain new file gets here (0644 under the usual umask), not mkstemp's 0600:
    the reports are meant to be served and read by others."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()
# Every temporary file the build makes ends so; clean_temporaries removes only these.
TMP_SUFFIX = ".grunnlag.tmp"


def _write_temporary(path: Path, data: bytes) -> tuple[Path, os.stat_result]:
    """`data` in a new, finished temporary file next to `path` (removed again on failure),
    and its status as written (size and time, which the rename into place keeps)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            os.fchmod(f.fileno(), FILE_MODE)
            f.flush()
            written = os.fstat(f.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp), written


def write_bytes(path: Path, data: bytes) -> None:
    """Atomically replace `path` with `data`."""
    write_all({path: data})


def write_all(files: dict[Path, bytes]) -> dict[Path, os.stat_result]:
    """Replace several files together: all are written in full as temporaries first, and only
    then renamed into place, so a failed write (a full disk) leaves every old file as it was.

    Returns each file's status as this write made it (see stamp), taken before the rename: a
    later change by anyone else is not mistaken for it."""
    done: list[tuple[Path, Path]] = []
    stats: dict[Path, os.stat_result] = {}
    try:
        for path, data in files.items():
            tmp, stats[path] = _write_temporary(path, data)
            done.append((tmp, path))
    except BaseException:
        for tmp, _ in done:
            tmp.unlink(missing_ok=True)
        raise
    for i, (tmp, path) in enumerate(done):
        try:
            os.replace(tmp, path)
        except BaseException:
            for later, _ in done[i:]:
                later.unlink(missing_ok=True)
            raise
    return stats


def stamp(stats: list[os.stat_result]) -> str:
    """A short text naming files exactly as they were written: size and modification time of
    each, in order. The build record keeps it beside a report's key, and a report whose files
    no longer match it (overwritten since, or left half-replaced) is not up to date."""
    return " ".join(f"{st.st_size}:{st.st_mtime_ns}" for st in stats)


def current_stamp(paths: list[Path]) -> str | None:
    """The stamp of `paths` as they are now, or None when one is missing."""
    try:
        return stamp([p.stat() for p in paths])
    except OSError:
        return None


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def to_json(data: Any) -> str:
    """Stable JSON: sorted keys, UTF-8, newline at the end."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_json(path: Path, data: Any) -> None:
    write_text(path, to_json(data))


def reproducible_zip(data: bytes, date: tuple[int, int, int, int, int, int]) -> bytes:
    """The same zip (DOCX, XLSX) with a fixed date and mode on every member, so equal content
    is equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=date)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()
