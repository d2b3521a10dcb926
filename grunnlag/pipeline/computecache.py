"""A cache of the expensive what-if blocks (Monte Carlo, tornado, scenarios) of the model.

They take seconds for all 291 and depend only on the model's inputs: the code and national
data (the asset hash), each municipality's model unit and commit year. Editing a municipality's
text (merknad, journal systems) leaves those unchanged, so a rebuild reuses them. Stored as
JSON in the output folder, and only when JSON gives back exactly the same values, with a
checksum of those values: a figure changed in the file after it was written (by hand, or by a
damaged disk) would otherwise go into the reports as if the model had computed it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from grunnlag.files import write_text
from grunnlag.pipeline import record

FOLDER = ".cache"


def cached(folder: Path | None, key_parts: list[Any], make: Callable[[], dict],
           name: str = "modell-tillegg") -> dict:
    """make() unless the output folder holds its result for the same inputs (one file per
    `name`)."""
    if folder is None:
        return make()
    key = hashlib.sha256(repr(key_parts).encode()).hexdigest()
    path = folder / FOLDER / f"{name}.json"
    what = "a cache of model results"
    stored = record.read_object(path, what, lambda d: isinstance(d.get("value", {}), dict))
    if stored.get("key") == key and "value" in stored:
        if stored.get("checksum") == _checksum(_json(stored["value"])):
            return stored["value"]
        record.discard(path, what, "does not match its checksum (changed since it was written)")
    value = make()
    body = _json(value)
    if json.loads(body) == value:  # never cache what JSON would change
        write_text(path, _json({"key": key, "checksum": _checksum(body), "value": value}))
    return value


def _json(value: Any) -> str:
    """The values as this module writes them (JSON gives back the same text for them)."""
    return json.dumps(value, separators=(",", ":"))


def _checksum(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()
