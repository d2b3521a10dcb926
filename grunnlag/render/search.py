"""What the index page's search box matches: a municipality's number and every form of its names.

A reader types «baerum», «barum», «tromso», «porsangu» or «karasjohka» on a keyboard without
æ ø å or Sami letters. Both sides are folded the same way: the page's script folds the query with
`fold_js()`, and `search_text` folds the names here with the same table, adding the other usual
spellings (æ as a, ø as oe, å as aa). Parallel names («Porsanger - Porsáŋgu - Porsanki») are
searchable one by one because the whole name is part of the text.
"""

from __future__ import annotations

import json
import unicodedata

# The first spelling is what the page folds a query to; the others are accepted as well.
_LETTERS = {
    "æ": ("ae", "a"),
    "ø": ("o", "oe"),
    "å": ("a", "aa"),
    "đ": ("d",),
    "ŋ": ("n",),
    "ŧ": ("t",),
}


def _strip_marks(text: str) -> str:
    """'á' -> 'a', 'č' -> 'c', 'š' -> 's' (Sami letters that decompose)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def fold(text: str, alternative: int = 0) -> str:
    """Lower case, Norwegian and Sami letters spelt in ASCII; `alternative` picks the spelling."""
    out = []
    for c in text.lower():
        forms = _LETTERS.get(c)
        out.append(forms[min(alternative, len(forms) - 1)] if forms else c)
    return _strip_marks("".join(out))


def search_text(nr: str, *names: str) -> str:
    """Everything one row answers to, space-separated: number, names as written and folded."""
    parts: list[str] = [nr]
    for name in dict.fromkeys(n for n in names if n):
        low = name.lower()
        parts.append(low)
        parts.extend(fold(name, i) for i in range(2))
    return " | ".join(dict.fromkeys(parts))


def fold_js() -> str:
    """`fold(text, 0)` as a JavaScript function for the page, built from the same table."""
    table = json.dumps({c: forms[0] for c, forms in _LETTERS.items()}, ensure_ascii=False)
    letters = "".join(_LETTERS)
    return (f"function fold(s) {{ var m = {table}; return s.toLowerCase()"
            f".replace(/[{letters}]/g, function (c) {{ return m[c]; }})"
            ".normalize('NFKD').replace(/[\\u0300-\\u036f]/g, ''); }")
