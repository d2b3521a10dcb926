"""Reading the build's own records and caches back: whatever is found is only trusted when it
has the expected shape; anything else is discarded with a one-line notice and rebuilt."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

_noticed: set[str] = set()


def _kind(value: Any) -> str:
    return {type(None): "null", list: "a list", str: "a text", bool: "true/false"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__)


def read_object(path: Path, what: str,
                valid: Callable[[dict[str, Any]], bool] = lambda d: True) -> dict[str, Any]:
    """The JSON object stored in `path`, or {} when there is none.

    A file that is not JSON, not an object, or fails `valid` is reported once per run in one
    line on stderr (naming `what` it should have been) and treated as absent.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as e:
        return _discard(path, what, f"cannot be read ({getattr(e, 'strerror', None) or e})")
    try:
        data = json.loads(text)
    except ValueError:
        return _discard(path, what, "is not valid JSON")
    if not isinstance(data, dict):
        return _discard(path, what, f"holds {_kind(data)}, not {what}")
    try:
        ok = valid(data)
    except (AttributeError, TypeError, ValueError, KeyError):
        ok = False
    if not ok:
        return _discard(path, what, f"is not {what} of the expected shape")
    return data


def _discard(path: Path, what: str, why: str) -> dict[str, Any]:
    if str(path) not in _noticed:
        _noticed.add(str(path))
        print(f"notice: {path}: {why}; it is ignored and rebuilt", file=sys.stderr)
    return {}


def str_map(value: Any) -> bool:
    """True for a JSON object of text to text (the build record's report keys)."""
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items())
