"""A cache of parsed YAML files, so a rebuild with nothing to do stays fast.

The pure-Python safe loader (grunnlag/inputs/yamlsafe.py, needed for its limits and line numbers)
takes ~3 ms per municipality file (a second for all 291) and more for the long text files.
The cache keeps, per file and loader settings, what that loader returned (the data and its
field→line map), keyed by the SHA-256 of the file's bytes and of the loader's own source, so
any edit to a file or to the loader parses it again. It is plain JSON in the output folder
(never pickle: nothing read back can execute), and only files that loaded without a YAML
error are cached; validation (pydantic, cross-checks) always runs on the data.

build.py turns it on with `activate(output)` and writes it back with `save()`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from grunnlag.build import records
from grunnlag.files import write_text
from grunnlag.inputs import yamlsafe

FILE = ".cache/kommunefiler.json"
_LOADER_HASH = hashlib.sha256(Path(yamlsafe.__file__).read_bytes()).hexdigest()[:16]


class _Unsupported(Exception):
    """A value JSON cannot carry faithfully: that file is simply not cached."""


def _encode(value: Any) -> Any:
    if isinstance(value, str) and not value.isascii():
        try:
            value.encode("utf-8")  # a lone surrogate would break writing the whole cache
        except UnicodeEncodeError:
            raise _Unsupported("text that is not UTF-8") from None
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict) and all(type(k) is str and not k.startswith("$") for k in value):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, dict) and all(type(k) in (str, int) for k in value):
        return {"$items": [[k, _encode(v)] for k, v in value.items()]}
    raise _Unsupported(type(value).__name__)


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if "$date" in value:
            return dt.date.fromisoformat(value["$date"])
        if "$datetime" in value:
            return dt.datetime.fromisoformat(value["$datetime"])
        if "$items" in value:
            return {k: _decode(v) for k, v in value["$items"]}
        return {k: _decode(v) for k, v in value.items()}
    return value


class YamlCache:
    """Parsed YAML by content hash; `load` falls back to the real loader on a miss."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / FILE if folder is not None else None
        self.entries: dict[str, dict] = {}
        self.used: dict[str, dict] = {}
        self.hits = 0
        if self.path is not None:
            stored = records.read_object(
                self.path, "a cache of municipality files",
                lambda d: isinstance(d.get("files", {}), dict)
                and all(isinstance(e, dict) for e in d.get("files", {}).values()))
            if stored.get("loader") == _LOADER_HASH:
                self.entries = stored.get("files", {})

    def load(self, path: Path, raw: bytes, loader: Callable[[], tuple[Any, dict[tuple, int]]],
             settings: tuple = ()) -> tuple[Any, dict[tuple, int]]:
        """(data, lines) for `path`, whose bytes `raw` the caller has read (with its limits),
        from the cache when those bytes are unchanged."""
        digest = hashlib.sha256(raw).hexdigest()
        name = f"{path.resolve()}|{settings!r}"
        entry = self.entries.get(name)
        if entry is not None and entry.get("sha256") == digest:
            try:
                data = _decode(entry["data"])
                lines = {tuple(p): int(n) for *p, n in entry["lines"]}
            except (KeyError, TypeError, ValueError, AttributeError):
                pass
            else:
                self.hits += 1
                self.used[name] = entry
                return data, lines
        data, lines = loader()  # raises YamlError: not cached
        with contextlib.suppress(_Unsupported):
            self.used[name] = {"sha256": digest, "data": _encode(data),
                               "lines": [[*p, n] for p, n in lines.items()]}
        return data, lines

    def save(self) -> None:
        """Write the entries used in this run (files removed since are forgotten)."""
        if self.path is None or (self.hits == len(self.used) == len(self.entries)):
            return
        write_text(self.path, json.dumps({"loader": _LOADER_HASH, "files": self.used},
                                         ensure_ascii=False, separators=(",", ":")))


def activate(folder: Path) -> YamlCache:
    """Serve this build's YAML files from the cache in `folder` (the output folder)."""
    cache = YamlCache(folder)
    yamlsafe.set_cache(cache)
    return cache
