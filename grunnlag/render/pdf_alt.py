"""Alternate text of the charts in the PDF: title and description together.

Why: WeasyPrint writes only an inline SVG's <title> as the /Alt of its /Figure structure
element and ignores <desc>. The chart titles are short («Kontantstraum for Voss»); the key
numbers are in the description. A screen reader on the PDF must get both, so before rendering
the PDF each chart's <title> is made "title. description". The web edition keeps the two
apart, where aria-labelledby already reads both.
"""

from __future__ import annotations

import re

# Exactly what charts.svg.svg_root writes: <title id="X-title">…</title><desc id="X-desc">…</desc>.
_TITLE_DESC = re.compile(
    r'<title id="(?P<id>[^"<>]+)-title">(?P<title>[^<]*)</title>'
    r'<desc id="(?P=id)-desc">(?P<desc>[^<]*)</desc>'
)


def _joined(title: str, desc: str) -> str:
    """«Title. Description» without a doubled full stop, or whichever of the two exists."""
    title, desc = title.strip(), desc.strip()
    if not desc:
        return title
    if not title:
        return desc
    sep = " " if title.endswith((".", "!", "?", ":")) else ". "
    return title + sep + desc


def _merge(m: re.Match[str]) -> str:
    cid = m.group("id")
    return (f'<title id="{cid}-title">{_joined(m.group("title"), m.group("desc"))}</title>'
            f'<desc id="{cid}-desc">{m.group("desc")}</desc>')


def charts_with_pdf_alt(html: str) -> str:
    """The page with every chart's <title> carrying its description too (text stays escaped)."""
    return _TITLE_DESC.sub(_merge, html)
