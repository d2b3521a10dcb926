"""Accessible, deterministic SVG charts, drawn as strings for inline use in the reports.

Why pure string functions: the same SVG must render alike in WeasyPrint (PDF/A-2a) and
Chromium, be byte-identical for identical input (reproducible builds), and carry no
external references. Every visible word and every number format comes from the caller,
so bokmål and nynorsk reports share the code. WeasyPrint uses the <title> as the PDF
alternate text of the figure, so the title should make sense on its own.
"""

from __future__ import annotations

from grunnlag.render.charts.axes import nice_ticks
from grunnlag.render.charts.bars import bar_chart, cashflow_chart, histogram_chart
from grunnlag.render.charts.lines import interval_chart, line_chart
from grunnlag.render.charts.maps import map_chart
from grunnlag.render.charts.risk import risk_matrix
from grunnlag.render.charts.share_bar import SharePart, share_bar_chart
from grunnlag.render.charts.svg import (
    PALETTE,
    IntervalRow,
    Palette,
    RiskPoint,
    Series,
    TornadoRow,
    text_width,
)
from grunnlag.render.charts.tornado import tornado_chart

__all__ = [
    "SharePart",
    "share_bar_chart",
    "PALETTE",
    "IntervalRow",
    "Palette",
    "RiskPoint",
    "Series",
    "TornadoRow",
    "bar_chart",
    "cashflow_chart",
    "histogram_chart",
    "interval_chart",
    "line_chart",
    "map_chart",
    "nice_ticks",
    "risk_matrix",
    "text_width",
    "tornado_chart",
]
