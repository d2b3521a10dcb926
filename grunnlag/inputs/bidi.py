"""Bidirectional isolation of text from files: a name written right-to-left (Hebrew, Arabic)
must not turn the report's own sentence around it.

Text with right-to-left letters is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE
(U+2068 … U+2069), which browsers and the PDF's text layout (Pango/FriBidi) both honour, in
element content and in attributes alike; the web stylesheet isolates <bdi>, the merknad and
table cells too. Left-to-right text is left exactly as it is. Explicit direction controls in
input are refused when files are read (yamlsafe.text_problem), so they never get this far.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from markupsafe import Markup, escape

FSI, PDI = "\u2068", "\u2069"
_RTL = frozenset(("R", "AL"))


def needs_isolation(text: str) -> bool:
    """True when `text` has a right-to-left letter."""
    return not text.isascii() and any(unicodedata.bidirectional(c) in _RTL for c in text)


def isolate(value: Any) -> Any:
    """`value` unchanged, or, for plain text with right-to-left letters, that text isolated
    (escaped, as Markup). Markup (the project's own HTML) is left alone."""
    if isinstance(value, str) and not isinstance(value, Markup) and needs_isolation(value):
        return Markup(FSI) + escape(value) + Markup(PDI)
    return value
