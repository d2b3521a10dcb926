"""Writing collected values into a municipality file without rewriting it (ruamel.yaml
round trip): comments, key order, quoting and untouched values stay as they were.

Only values that differ are replaced; a new key goes after the existing ones. New text is
always written in double quotes (or as a `|` block when it has several lines), so no reader,
YAML 1.1 or 1.2, can take «on» or «12» for something other than text.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

SYSTEMS = "journalsystemer"


def _yaml() -> YAML:
    y = YAML()  # round-trip
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096  # never fold a long line in two
    return y


def _plain(value: Any) -> Any:
    """A value as plain Python, for comparing what the file holds with what the form says."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    return value


def _node(value: Any) -> Any:
    if isinstance(value, str):
        return LiteralScalarString(value) if "\n" in value else DoubleQuotedScalarString(value)
    return value


def _set(where: CommentedMap, key: str, value: Any) -> None:
    """Put `value` under `key`; None removes the key; an equal value is left as written."""
    if value is None:
        where.pop(key, None)
    elif key not in where or _plain(where[key]) != _plain(value):
        where[key] = _node(value)


def _set_group(doc: CommentedMap, path: tuple[str, ...], value: Any) -> None:
    """`vedtak.status` and the like: the group is made when needed and dropped when empty."""
    if len(path) == 1:
        _set(doc, path[0], value)
        return
    group, key = path
    if not isinstance(doc.get(group), dict):
        if value is None:
            return
        doc[group] = CommentedMap()
    _set(doc[group], key, value)
    if not doc[group]:
        del doc[group]


def _set_systems(doc: CommentedMap, systems: list[dict[str, Any]]) -> None:
    """The list of journal systems, item by item, so comments on unchanged items stay."""
    if not systems:
        doc.pop(SYSTEMS, None)
        return
    if _plain(doc.get(SYSTEMS)) == systems:
        return
    seq = doc.get(SYSTEMS)
    if not isinstance(seq, list):
        seq = doc[SYSTEMS] = CommentedSeq()
    for i, new in enumerate(systems):
        if i >= len(seq) or not isinstance(seq[i], dict):
            item = CommentedMap()
            if i >= len(seq):
                seq.append(item)
            else:
                seq[i] = item
        item = seq[i]
        for key in [k for k in item if k not in new]:
            del item[key]
        for key, value in new.items():
            _set(item, key, value)
    del seq[len(systems):]


def apply(text: str, single: dict[tuple[str, ...], Any],
          systems: list[dict[str, Any]] | None) -> str:
    """The file's text with the form's values in it.

    `single` maps a field path to its new value (None: not given, the key is removed);
    `systems` is the municipality's full list of journal systems, or None to leave it.
    """
    y = _yaml()
    doc = y.load(text)
    for path, value in single.items():
        _set_group(doc, path, value)
    if systems is not None:
        _set_systems(doc, systems)
    out = io.StringIO()
    y.dump(doc, out)
    return out.getvalue()
