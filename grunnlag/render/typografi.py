"""Norwegian typography on finished text: a number never parts from its unit.

fmt.py already joins the numbers it formats to their units with a no-break space; this covers
the numbers typed into the texts themselves («55 %», «1. juli», «Tabell 32», «§ 3-5»). It is
applied to every value a template prints (render.py) and to the DOCX text. Markup stays
markup: the rules only ever swap one space for a no-break space, and charts are left alone.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

NBSP = "\u00a0"
_MONTHS = ("januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|"
           "desember")
_LABELS = ("Tabell", "tabell", "Figur", "figur", "Vedlegg", "vedlegg", "Kapittel", "kapittel")
# Each rule matches the space that becomes a no-break space (with the full stop before it, in
# «mill. kr» and «1. juli») and looks around it for the rest. Starting with that literal text
# lets the regular expression engine skip to the next candidate at C speed: the same rules
# written from the number forwards cost five times as much, about 20 ms per report page
# (tests/test_typografi.py holds them and checks that both agree).
_RULES = (
    # 15 %, 8,8 mill. kr, 4,7 mrd. kr, 693 494 kr, 93 MNOK, 100 millioner (nn: millionar)
    (re.compile(r" (?<=\d )(?=%|kr\b|kroner\b|mill\.|mrd\.|MNOK\b|millioner\b|millionar\b)"),
     NBSP),
    # mill. kr, mrd. kr
    (re.compile(r"\. (?=kr\b)(?:(?<=\bmill\. )|(?<=\bmrd\. ))"), "." + NBSP),
    # 1. juli (a day of one or two digits)
    (re.compile(rf"\. (?:(?<=\b\d\. )|(?<=\b\d\d\. ))(?=(?:{_MONTHS})\b)"), "." + NBSP),
    # Tabell 25–28, Figur 13, Vedlegg J, kapittel 3 (every label ends in l, r or g)
    (re.compile(r" (?<=[lrg] )(?:" + "|".join(rf"(?<=\b{w} )" for w in _LABELS)
                + r")(?=[0-9]|[A-Z]\b)"), NBSP),
    # § 3-5
    (re.compile(r"§ (?=\d)"), "§" + NBSP),
)


def nbsp(text: str) -> str:
    """The text with a no-break space wherever a number and its unit or label meet."""
    if " " not in text:  # every rule swaps a space; most printed values have none
        return text
    for rule, repl in _RULES:
        text = rule.sub(repl, text)
    return text


def whole_numbers(text: str) -> str:
    """No break inside a number either («2 389 293 253 kr»): for documents without the web
    page's no-wrap spans, such as the DOCX."""
    return _GROUPS.sub(NBSP, nbsp(text))


_GROUPS = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


def finalize(value: Any) -> Any:
    """Jinja's finalize hook: typography on every printed text, never on a chart's SVG."""
    if isinstance(value, Markup):
        s = str(value)
        return value if "<svg" in s else Markup(nbsp(s))
    if isinstance(value, str):
        return nbsp(value)
    return value
