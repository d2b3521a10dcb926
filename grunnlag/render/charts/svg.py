"""SVG primitives shared by every chart: sizes, palette, escaping, text width and wrapping,
legends, the <svg> frame with its title and description (the alt text)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import escape

from grunnlag.render.charts.geo import svg_num
from grunnlag.render.typografi import nbsp

Fmt = Callable[[float], str]


WIDTH = 680  # one A4 text column


MAP_HEIGHT = 800


PAD = 10


FONT_FAMILY = "DejaVu Sans, sans-serif"  # print.css binds this family to fonts/ in the repo


TITLE_SIZE = 15


TEXT_SIZE = 11


SMALL_SIZE = 10


LEGEND_ROW = 19


@dataclass(frozen=True)
class Palette:
    """Every colour the charts use, chosen for WCAG AA text contrast on white and for series
    that stay apart in grayscale (relative luminance noted, 0 = black, 1 = white)."""

    text: str = "#222222"  # contrast 15.9:1 on white
    muted: str = "#4d4d4d"  # 8.5:1, secondary labels
    axis: str = "#595959"  # 7:1
    grid: str = "#d9d9d9"
    frame: str = "#b3b3b3"
    zero: str = "#222222"
    background: str = "#ffffff"
    # Series: dark blue (0.07), orange (0.42), teal (0.14, hatched), gray (0.26),
    # light blue (0.52, dotted), purple (0.09, cross-hatched).
    series: tuple[str, ...] = ("#1f4e79", "#e69f00", "#00756f", "#8c8c8c", "#9dc3e6", "#7b3294")
    hatches: tuple[str, ...] = ("", "", "diag", "", "dots", "cross")
    hatches_again: tuple[str, ...] = ("back", "back", "cross", "back", "diag", "dots")
    dashes: tuple[str, ...] = ("", "7 4", "2 3", "9 3 2 3", "4 2", "1 3")
    markers: tuple[str, ...] = ("circle", "square", "triangle", "diamond", "circle", "square")
    overlay_line: str = "#222222"  # the net line drawn over stacked bars
    marker_line: str = "#222222"
    histogram: str = "#9dc3e6"
    histogram_edge: str = "#1f4e79"
    interval: str = "#1f4e79"
    interval_tick: str = "#b35c00"  # dark orange, 4.6:1 on white
    tornado_low: str = "#e69f00"
    tornado_high: str = "#1f4e79"
    # Risk levels: light green (0.75), yellow (0.62), salmon (0.38); #222 text on each >= 6:1.
    risk_low: str = "#cfe8c9"
    risk_medium: str = "#f6c85f"
    risk_high: str = "#ee8a80"
    no_data: str = "#e0e0e0"
    map_border: str = "#ffffff"
    county_border: str = "#303030"
    highlight: str = "#000000"
    halo: str = "#ffffff"


PALETTE = Palette()


@dataclass(frozen=True)
class Series:
    """A named row of values; NaN (or None) marks a missing value."""

    label: str
    values: list[float]


@dataclass(frozen=True)
class IntervalRow:
    """Percentiles of one simulated quantity. The *_label fields name the percentile
    (e.g. 'P10'); the value itself is printed with the chart's fmt."""

    label: str
    p10: float
    p50: float
    p85: float
    p90: float
    p10_label: str
    p50_label: str
    p85_label: str
    p90_label: str


@dataclass(frozen=True)
class TornadoRow:
    """Result with one input at its low and at its high value; the labels describe those
    input values (e.g. '3 %' and '5 %')."""

    label: str
    low_value: float
    high_value: float
    low_label: str
    high_label: str


@dataclass(frozen=True)
class RiskPoint:
    """A risk reference placed by likelihood and consequence, each on a 1..5 scale."""

    ref: str
    likelihood: int
    consequence: int


_CHARS = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`" \
    "abcdefghijklmnopqrstuvwxyz{|}~æøåÆØÅéáŋšđŧ−–—…×·\u00a0\u202f"


_WIDTHS = (
    32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34, 64, 64, 64, 64, 64, 64, 64,
    64, 64, 64, 34, 34, 84, 84, 84, 53, 100, 68, 69, 70, 77, 63, 58, 77, 75, 29, 29, 66, 56, 86,
    75, 79, 60, 79, 69, 63, 61, 73, 68, 99, 69, 61, 69, 39, 34, 39, 84, 50, 50, 61, 63, 55, 63,
    62, 35, 63, 63, 28, 28, 58, 28, 97, 63, 61, 63, 63, 41, 52, 39, 63, 59, 82, 59, 59, 52, 64,
    34, 64, 84, 98, 61, 61, 97, 79, 68, 62, 61, 63, 52, 63, 39, 84, 50, 100, 100, 84, 32, 32, 20,
)


# Advance widths of DejaVu Sans in hundredths of an em, so wrapping and label collision
# checks match what WeasyPrint draws without reading the font at run time.
_ADVANCE = dict(zip(_CHARS, _WIDTHS, strict=True))


_BOLD_FACTOR = 1.1


_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


_COLOUR = re.compile(r"^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]{3,20})$")


def text_width(s: str, size: float, bold: bool = False) -> float:
    """Estimated rendered width of s in DejaVu Sans at the given size."""
    w = sum(_ADVANCE.get(c, 62) for c in s) / 100 * size
    return w * _BOLD_FACTOR if bold else w


_BREAKABLE = re.compile(r"[ \t\r\n]+")


def xml_escape(s: object) -> str:
    """Escape text for XML and drop characters XML 1.0 cannot carry at all; a number keeps
    its unit (typografi.nbsp)."""
    return str(escape(_INVALID_XML.sub("", nbsp(str(s)))))


def wrap(text: str, max_w: float, size: float, bold: bool = False,
         max_lines: int | None = None) -> list[str]:
    """Greedy word wrap by estimated width; over-long words are split, extra lines elided."""
    words = _BREAKABLE.split(nbsp(str(text)).strip())  # never at a no-break space
    lines: list[str] = []
    cur = ""
    for word in words:
        cand = f"{cur} {word}" if cur else word
        if text_width(cand, size, bold) <= max_w:
            cur = cand
            continue
        if cur:
            lines.append(cur)
        cur = word
        while text_width(cur, size, bold) > max_w and len(cur) > 1:
            cut = len(cur) - 1
            while cut > 1 and text_width(cur[:cut], size, bold) > max_w:
                cut -= 1
            lines.append(cur[:cut])
            cur = cur[cut:]
    if cur:
        lines.append(cur)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", size, bold) > max_w:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines


def svg_text(x: float, y: float, s: str, size: float = TEXT_SIZE, anchor: str = "start",
             bold: bool = False, fill: str = PALETTE.text, extra: str = "") -> str:
    a = "" if anchor == "start" else f' text-anchor="{anchor}"'
    b = ' font-weight="bold"' if bold else ""
    return (f'<text x="{svg_num(x)}" y="{svg_num(y)}" font-size="{svg_num(size)}"{a}{b} '
            f'fill="{fill}"{extra}>{xml_escape(s)}</text>')


def svg_line(x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1,
             extra: str = "") -> str:
    return (f'<line x1="{svg_num(x1)}" y1="{svg_num(y1)}" x2="{svg_num(x2)}" y2="{svg_num(y2)}" '
            f'stroke="{stroke}" stroke-width="{svg_num(width)}"{extra}/>')


def svg_rect(x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> str:
    return (f'<rect x="{svg_num(x)}" y="{svg_num(y)}" width="{svg_num(max(w, 0))}" '
            f'height="{svg_num(max(h, 0))}" fill="{fill}"{extra}/>')


def as_text(s: object) -> str:
    """Text from the caller, never None."""
    return "" if s is None else str(s)


def as_finite(v: object) -> float | None:
    """A finite float, or None for NaN, inf, None and non-numbers."""
    if isinstance(v, bool):
        return float(v)
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def finite_values(values: Sequence[object] | None, n: int) -> list[float | None]:
    """Exactly n cleaned values: padded with None, or cut."""
    vals = [as_finite(v) for v in list(values or [])[:n]]
    return vals + [None] * (n - len(vals))


def formatted(fmt: Fmt, v: float) -> str:
    return str(fmt(v))


def check_id(chart_id: str) -> str:
    if not isinstance(chart_id, str) or not _ID.match(chart_id):
        raise ValueError(f"chart_id must be an XML name (letters, digits, _ . -): {chart_id!r}")
    return chart_id


def plain_colour(c: str) -> str:
    """Only plain colours: a caller cannot smuggle url(...) or markup in through a fill."""
    if not isinstance(c, str) or not _COLOUR.match(c.strip()):
        raise ValueError(f"not a plain colour: {c!r}")
    return c.strip().lower()


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of #rgb / #rrggbb (0.5 for anything else)."""
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    if len(h) != 6 or not re.fullmatch(r"[0-9a-fA-F]{6}", h):
        return 0.5

    def lin(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def hatch_of(i: int) -> str:
    """Hatch of series i; from the seventh series on, colours repeat with other hatches."""
    n = len(PALETTE.series)
    return (PALETTE.hatches if (i // n) % 2 == 0 else PALETTE.hatches_again)[i % n]


def series_colour(i: int) -> str:
    return PALETTE.series[i % len(PALETTE.series)]


def hatch_lines(x: float, y: float, w: float, h: float, colour: str, hatch: str) -> str:
    """Hatch lines or dots drawn straight over a bar, so series differ without colour vision.

    Explicit geometry instead of <pattern>: PDF viewers draw pattern tiles with visible
    seams, and a pattern's origin differs between WeasyPrint and browsers. The lines sit on
    a page-wide grid, so neighbouring bars of a series line up.
    """
    if not hatch or w < 3 or h < 3:
        return ""
    ink = "#ffffff" if luminance(colour) < 0.35 else "#1f1f1f"
    x0, y0, x1, y1 = x + 0.5, y + 0.5, x + w - 0.5, y + h - 0.5
    d: list[str] = []
    if hatch == "dots":
        for gx in range(math.ceil((x0 + 0.8) / 6), math.floor((x1 - 0.8) / 6) + 1):
            for gy in range(math.ceil((y0 + 0.8) / 6), math.floor((y1 - 0.8) / 6) + 1):
                d.append(f"M{svg_num(gx * 6 - 0.8)} {svg_num(gy * 6 - 0.8)}h1.6v1.6h-1.6z")
        return f'<path d="{"".join(d)}" fill="{ink}" stroke="none"/>' if d else ""
    step = 7.0
    if hatch in ("diag", "cross"):  # lower left to upper right: x + y = k
        for i in range(math.ceil((x0 + y0) / step), math.floor((x1 + y1) / step) + 1):
            k = i * step
            xa, xb = max(x0, k - y1), min(x1, k - y0)
            if xb - xa > 0.3:
                d.append(f"M{svg_num(xa)} {svg_num(k - xa)}L{svg_num(xb)} {svg_num(k - xb)}")
    if hatch in ("back", "cross"):  # upper left to lower right: x - y = k
        for i in range(math.ceil((x0 - y1) / step), math.floor((x1 - y0) / step) + 1):
            k = i * step
            xa, xb = max(x0, k + y0), min(x1, k + y1)
            if xb - xa > 0.3:
                d.append(f"M{svg_num(xa)} {svg_num(xa - k)}L{svg_num(xb)} {svg_num(xb - k)}")
    return f'<path d="{"".join(d)}" fill="none" stroke="{ink}" stroke-width="1.3"/>' if d else ""


def series_bar(x: float, y: float, w: float, h: float, i: int) -> str:
    """A bar of series i: its colour plus its hatch."""
    colour = series_colour(i)
    return svg_rect(x, y, w, h, colour) + hatch_lines(x, y, w, h, colour, hatch_of(i))


def series_keys(series: Sequence[Series]) -> list[LegendKey]:
    return [LegendKey("rect", as_text(s.label), series_colour(i), hatch=hatch_of(i))
            for i, s in enumerate(series)]


def marker(shape: str, x: float, y: float, r: float, fill: str,
           stroke: str = PALETTE.halo, sw: float = 1) -> str:
    st = f' stroke="{stroke}" stroke-width="{svg_num(sw)}"'
    if shape == "square":
        return svg_rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8, fill, st)
    if shape == "triangle":
        pts = f"{svg_num(x)},{svg_num(y - r * 1.2)} " \
              f"{svg_num(x + r * 1.1)},{svg_num(y + r * 0.8)} " \
              f"{svg_num(x - r * 1.1)},{svg_num(y + r * 0.8)}"
        return f'<polygon points="{pts}" fill="{fill}"{st}/>'
    if shape == "diamond":
        pts = f"{svg_num(x)},{svg_num(y - r * 1.3)} {svg_num(x + r * 1.3)},{svg_num(y)} " \
              f"{svg_num(x)},{svg_num(y + r * 1.3)} {svg_num(x - r * 1.3)},{svg_num(y)}"
        return f'<polygon points="{pts}" fill="{fill}"{st}/>'
    return f'<circle cx="{svg_num(x)}" cy="{svg_num(y)}" r="{svg_num(r)}" fill="{fill}"{st}/>'


@dataclass(frozen=True)
class LegendKey:
    """One legend entry: a swatch of some kind and its label."""

    kind: str  # rect | line | halo | whisker | tick | marker
    label: str
    paint: str = ""
    dash: str = ""
    shape: str = ""
    hatch: str = ""


def swatch(k: LegendKey, x: float, cy: float) -> tuple[list[str], float]:
    """Draw a legend swatch; return the parts and its width."""
    if k.kind == "rect":
        return [svg_rect(x, cy - 6, 14, 12, k.paint, ' stroke="#666666" stroke-width="0.5"'),
                hatch_lines(x, cy - 6, 14, 12, k.paint, k.hatch)], 14
    if k.kind in ("line", "halo"):
        parts = []
        if k.kind == "halo":
            parts.append(svg_line(x, cy, x + 24, cy, PALETTE.halo, 4.5))
        dash = f' stroke-dasharray="{k.dash}"' if k.dash else ""
        parts.append(svg_line(x, cy, x + 24, cy, k.paint, 2.2, dash))
        if k.shape:
            parts.append(marker(k.shape, x + 12, cy, 3.2, k.paint))
        return parts, 24
    if k.kind == "whisker":
        return [svg_line(x, cy, x + 24, cy, k.paint, 1.6),
                svg_line(x, cy - 5, x, cy + 5, k.paint, 1.6),
                svg_line(x + 24, cy - 5, x + 24, cy + 5, k.paint, 1.6)], 24
    if k.kind == "tick":
        return [svg_line(x + 4, cy - 7, x + 4, cy + 7, k.paint, 3)], 8
    return [marker(k.shape or "circle", x + 6, cy, 5, k.paint)], 12


def _legend(keys: Sequence[LegendKey], x0: float, y0: float, max_w: float,
            title: str | None = None) -> tuple[list[str], float]:
    """Flow the legend into rows; return the parts and the height used."""
    parts: list[str] = []
    entries: list[tuple[float, list[str] | None, str, LegendKey | None]] = []
    if title:
        entries.append((text_width(title, TEXT_SIZE, True) + 10, None, title, None))
    for k in keys:
        _, sw = swatch(k, 0, 0)
        label = wrap(k.label, max_w - sw - 6, TEXT_SIZE, max_lines=1)
        text = label[0] if label else ""
        entries.append((sw + 6 + text_width(text, TEXT_SIZE) + 16, None, text, k))
    if not entries:
        return [], 0
    x, row = x0, 0
    for w, _, text, key in entries:
        if x > x0 and x + w - 16 > x0 + max_w:
            x, row = x0, row + 1
        cy = y0 + row * LEGEND_ROW + LEGEND_ROW / 2
        if key is None:
            parts.append(svg_text(x, cy + 4, text, TEXT_SIZE, bold=True))
        else:
            sp, sw = swatch(key, x, cy)
            parts += sp
            parts.append(svg_text(x + sw + 6, cy + 4, text, TEXT_SIZE))
        x += w
    return parts, (row + 1) * LEGEND_ROW


def chart_header(title: str, keys: Sequence[LegendKey] = (), legend_title: str | None = None,
                 width: int = WIDTH) -> tuple[list[str], float]:
    """Visible title and legend; returns the parts and the y where the plot may start."""
    parts: list[str] = []
    y: float = PAD
    for line in wrap(title, width - 2 * PAD, TITLE_SIZE, bold=True, max_lines=3):
        y += TITLE_SIZE * 1.3
        parts.append(svg_text(PAD, y, line, TITLE_SIZE, bold=True))
    y += 8
    if keys or legend_title:
        lp, h = _legend(keys, PAD, y, WIDTH - 2 * PAD, legend_title)
        parts += lp
        y += h + 4
    return parts, y + 6


def svg_root(cid: str, title: str, desc: str, height: float, body: Sequence[str],
             defs: Sequence[str] = (), width: int = WIDTH) -> str:
    """The root element: accessible name and description first, then the drawing."""
    h = svg_num(math.ceil(height))
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {h}" width="100%" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" font-family="{FONT_FAMILY}">'
        f'<title id="{cid}-title">{xml_escape(title)}</title>'
        f'<desc id="{cid}-desc">{xml_escape(desc)}</desc>'
    )
    d = f"<defs>{''.join(defs)}</defs>" if defs else ""
    return head + d + "".join(body) + "</svg>"


def empty_chart(cid: str, title: str, desc: str, keys: Sequence[LegendKey] = (),
                legend_title: str | None = None, height: float = 300) -> str:
    """Title, legend and an empty frame: what every chart draws when it has no data."""
    parts, top = chart_header(title, keys, legend_title)
    height = max(height, top + 120)
    parts.append(svg_rect(PAD, top, WIDTH - 2 * PAD, height - top - PAD, "none",
                          f' stroke="{PALETTE.frame}" stroke-width="1" data-role="empty"'))
    return svg_root(cid, title, desc, height, parts)


def year_label(year: object) -> str:
    """Years print as plain digits (2021, never '2 021')."""
    v = as_finite(year)
    return str(int(v)) if v is not None and v == int(v) else as_text(year)


def polyline_d(points: Sequence[tuple[float, float] | None]) -> str:
    """Path data through the points, broken where a value is missing."""
    d, pen = [], False
    for p in points:
        if p is None:
            pen = False
            continue
        d.append(("L" if pen else "M") + f"{svg_num(p[0])} {svg_num(p[1])}")
        pen = True
    return "".join(d)
