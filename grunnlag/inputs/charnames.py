"""Names for the invisible characters a message may have to point at.

A message that shows a carriage return as «""» (the character itself, printed) or as
«unnamed» leaves the reader guessing; these are named in words instead.
"""

from __future__ import annotations

import unicodedata

_NAMES = {
    "\n": "line break",
    "\r": "carriage return",
    "\t": "tab",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x00": "null character",
    "\x1b": "escape character",
    "\x7f": "delete character",
}


def control_name(ch: str) -> str | None:
    """'carriage return' for a control character that has a common name, else None."""
    return _NAMES.get(ch)


def describe(ch: str) -> str:
    """One character for a message: '"é" (U+00E9 LATIN SMALL LETTER E WITH ACUTE)', or for an
    invisible one its name in words, 'carriage return (U+000D)'."""
    code = f"U+{ord(ch):04X}"
    name = control_name(ch)
    if name is not None:
        return f"{name} ({code})"
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return f"an invisible character ({code} {unicodedata.name(ch, 'without a name')})"
    return f'"{ch}" ({code} {unicodedata.name(ch, "without a name")})'
