"""One cell of the form, both ways: what a file value looks like in a cell (export), what a
cell means as a file value (import), and the fingerprint that tells whether a cell changed.

Choice columns show words («Takket nei», «Psykisk helse og rus»), not the files' codes; the
import takes the bokmål or nynorsk word or the code. The fingerprint is taken of the value as
the import reads it, so a cell nobody touched has the fingerprint its file value had at export,
whatever the file's quoting, block style or trailing spaces.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from functools import cache
from typing import Any

from grunnlag.forms.spec import Column, choices
from grunnlag.inputs.errors import show_value
from grunnlag.inputs.texts import load_catalogs

_WHOLE = re.compile(r"[-−]?[0-9]+")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
# The text key of a choice's word: prefix + the code without æ ø å.
_LABEL_KEYS = {"rapportsprak": "sprak_", "intensjonserklaering": "intensjon_",
               "vedtak.status": "status_", "tjenesteomrade": "omrade_", "malform": "malform_",
               "kommunestyre_navn": "organ_", "administrasjon_navn": "organ_"}


def _ascii(code: str) -> str:
    folded = code.replace("ø", "o").replace("æ", "ae").replace("å", "a")
    return unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()


@cache
def labels(sheet: str, col: Column) -> dict[str, tuple[str, str]]:
    """A choice column's codes with their words in bokmål and nynorsk."""
    cats = load_catalogs()
    prefix = _LABEL_KEYS[col.header]
    return {code: (cats["nb"].strings[prefix + _ascii(code)],
                   cats["nn"].strings[prefix + _ascii(code)])
            for code in choices(sheet, col)}


def column_label(col: Column) -> str:
    """The Norwegian label shown above a column (bokmål)."""
    return load_catalogs()["nb"].strings["skjema_overskrift_" + col.header.replace(".", "_")]


def _code(sheet: str, col: Column, text: str) -> str:
    """The code of a word or code typed in a choice column; unknown text is left for the
    schema to name."""
    wanted = text.casefold()
    for code, words in labels(sheet, col).items():
        if wanted == code.casefold() or wanted in (w.casefold() for w in words):
            return code
    return text


def shown(sheet: str, col: Column, value: Any) -> Any:
    """What the file holds, as the cell shows it; a value of the wrong shape is shown as
    text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if col.kind == "choice" and isinstance(value, str):
        return labels(sheet, col).get(value, (value,))[0]
    if isinstance(value, int | float | str | dt.date):
        return value
    return show_value(value)


_EXACT = 2.0 ** 53  # a whole float below this is the whole number it shows; 1e300 stays 1e+300


def read(sheet: str, col: Column, value: Any) -> Any:
    """A cell as the YAML file would hold it; what cannot be read is left for the schema to
    name (so «mange» in a number column gets the file's own message)."""
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    if value is None:
        return None
    if col.kind in ("text", "choice"):
        if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT:
            value = int(value)
        text = str(value) if isinstance(value, int | float) else value
        return _code(sheet, col, text) if col.kind == "choice" and isinstance(text, str) \
            else text
    if col.kind == "int":
        if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT:
            return int(value)
        if isinstance(value, str) and _WHOLE.fullmatch(_SPACES.sub("", value)):
            return int(_SPACES.sub("", value).replace("−", "-"))
        return value
    if col.kind == "date" and isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


def as_read(sheet: str, col: Column, value: Any) -> Any:
    """A file value as the import reads it back from the exported cell."""
    return read(sheet, col, shown(sheet, col, value))


def fingerprint(value: Any) -> str:
    """A short fingerprint of a value as read (type included: the text «2021» is not 2021)."""
    def typed(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: typed(x) for k, x in sorted(v.items())}
        if isinstance(v, list):
            return sorted((typed(x) for x in v), key=lambda x: json.dumps(x, sort_keys=True))
        return [type(v).__name__, v if isinstance(v, int | float | str) or v is None
                else str(v)]

    text = json.dumps(typed(value), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
