"""Which characters the bundled fonts (fonts/) can show.

A character no bundled font has is drawn as a box, or pulls a system font into the PDF (which
then depends on the machine that built it). Text from municipality files is checked against
the characters every bundled face has, so a name looks the same in regular, bold and italic.
"""

from __future__ import annotations

from functools import cache

from fontTools.ttLib import TTFont

from grunnlag.inputs import charnames
from grunnlag.paths import FONTS

_ALWAYS = frozenset("\n\t")  # layout characters, never drawn


@cache
def covered() -> frozenset[int]:
    """Code points that every bundled font face maps to a glyph."""
    faces = sorted(FONTS.glob("*.ttf"))
    sets = []
    for face in faces:
        font = TTFont(face, lazy=True)
        try:
            sets.append(frozenset(font.getBestCmap() or {}))
        finally:
            font.close()
    return frozenset.intersection(*sets) if sets else frozenset()


def missing(text: str) -> list[str]:
    """The distinct characters of `text` (in order) that the bundled fonts cannot show."""
    have = covered()
    out: list[str] = []
    for ch in text:
        if ch not in _ALWAYS and ord(ch) not in have and ch not in out:
            out.append(ch)
    return out


def describe(chars: list[str], limit: int = 3) -> str:
    """'"😀" (U+1F600 GRINNING FACE)' for the first few characters, for an error message; an
    invisible one by its name ('carriage return (U+000D)')."""
    shown = [charnames.describe(ch) for ch in chars[:limit]]
    more = f" and {len(chars) - limit} more" if len(chars) > limit else ""
    return ", ".join(shown) + more
