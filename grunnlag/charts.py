"""Accessible, deterministic SVG charts, drawn as strings for inline use in the reports.

Why pure string functions: the same SVG must render alike in WeasyPrint (PDF/A-2a) and
Chromium, be byte-identical for identical input (reproducible builds), and carry no
external references. Every visible word and every number format comes from the caller,
so bokmål and nynorsk reports share the code. WeasyPrint uses the <title> as the PDF
alternate text of the figure, so the title should make sense on its own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import escape

from .geo import Feature, Projection, feature_bounds, feature_path, fit_projection, svg_num
from .typografi import nbsp

__all__ = [
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


# --------------------------------------------------------------------------- text helpers

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


def _esc(s: object) -> str:
    """Escape text for XML and drop characters XML 1.0 cannot carry at all; a number keeps
    its unit (typografi.nbsp)."""
    return str(escape(_INVALID_XML.sub("", nbsp(str(s)))))


def _f(v: float) -> str:
    return svg_num(v)


def _wrap(text: str, max_w: float, size: float, bold: bool = False,
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


def _text(x: float, y: float, s: str, size: float = TEXT_SIZE, anchor: str = "start",
          bold: bool = False, fill: str = PALETTE.text, extra: str = "") -> str:
    a = "" if anchor == "start" else f' text-anchor="{anchor}"'
    b = ' font-weight="bold"' if bold else ""
    return (f'<text x="{_f(x)}" y="{_f(y)}" font-size="{_f(size)}"{a}{b} fill="{fill}"{extra}>'
            f"{_esc(s)}</text>")


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1,
          extra: str = "") -> str:
    return (f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" stroke="{stroke}" '
            f'stroke-width="{_f(width)}"{extra}/>')


def _rect(x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> str:
    return (f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(max(w, 0))}" height="{_f(max(h, 0))}" '
            f'fill="{fill}"{extra}/>')


def _label(s: object) -> str:
    """Text from the caller, never None."""
    return "" if s is None else str(s)


def _num(v: object) -> float | None:
    """A finite float, or None for NaN, inf, None and non-numbers."""
    if isinstance(v, bool):
        return float(v)
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _values(values: Sequence[object] | None, n: int) -> list[float | None]:
    """Exactly n cleaned values: padded with None, or cut."""
    vals = [_num(v) for v in list(values or [])[:n]]
    return vals + [None] * (n - len(vals))


def _fmt(fmt: Fmt, v: float) -> str:
    return str(fmt(v))


def _check_id(chart_id: str) -> str:
    if not isinstance(chart_id, str) or not _ID.match(chart_id):
        raise ValueError(f"chart_id must be an XML name (letters, digits, _ . -): {chart_id!r}")
    return chart_id


def _colour(c: str) -> str:
    """Only plain colours: a caller cannot smuggle url(...) or markup in through a fill."""
    if not isinstance(c, str) or not _COLOUR.match(c.strip()):
        raise ValueError(f"not a plain colour: {c!r}")
    return c.strip().lower()


def _luminance(hex_colour: str) -> float:
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


# --------------------------------------------------------------------------- scales, ticks

_MANTISSAS = (1.0, 2.0, 2.5, 5.0, 10.0)


def _nice_step(raw: float) -> float:
    """Smallest step of the form 1, 2, 2.5 or 5 x 10^k that is >= raw."""
    if not math.isfinite(raw) or raw <= 0:
        return 1.0
    exp = math.floor(math.log10(raw))
    for m in _MANTISSAS:
        step = m * 10.0**exp
        if step >= raw * (1 - 1e-9):
            return step
    return 10.0 ** (exp + 1)


def _next_step(step: float) -> float:
    exp = math.floor(math.log10(step) + 1e-9)
    mant = step / 10.0**exp
    for m in _MANTISSAS:
        if m > mant + 1e-9:
            return m * 10.0**exp
    return 10.0 ** (exp + 1)


def _clean_tick(v: float) -> float:
    v = float(f"{v:.12g}")
    return 0.0 if v == 0 else v


def nice_ticks(lo: float, hi: float, max_intervals: int = 6, integer: bool = False) -> list[float]:
    """Ticks at multiples of a nice step that cover [lo, hi]; 0 is a tick when crossed."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = 0.0, 1.0
    if lo > hi:
        lo, hi = hi, lo
    if lo == hi:
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = (lo - pad, hi + pad) if lo != 0 else (0.0, 1.0)
    max_intervals = max(1, max_intervals)
    step = _nice_step((hi - lo) / max_intervals)
    if integer:
        step = max(step, 1.0)
    while True:
        if integer and step != int(step):
            step = _next_step(step)
            continue
        i0 = math.floor(lo / step + 1e-9)
        i1 = math.ceil(hi / step - 1e-9)
        if i1 - i0 <= max_intervals:
            break
        step = _next_step(step)
    if i1 == i0:
        i1 += 1
    return [_clean_tick(i * step) for i in range(i0, i1 + 1)]


def _inner_ticks(lo: float, hi: float, max_n: int, integer: bool) -> list[float]:
    """Nice ticks inside [lo, hi], preferring sets that hit both ends (0.25 ... 1.0)."""
    max_n = min(max_n, 11)
    if hi <= lo:
        return [lo]
    span = hi - lo
    eps = span * 1e-9
    best: list[float] = []
    best_score = -1.0
    step = _nice_step(span / 50)
    while step <= span * (1 + 1e-9):
        if not integer or step == int(step):
            i0 = math.ceil(lo / step - 1e-9)
            i1 = math.floor(hi / step + 1e-9)
            ticks = [_clean_tick(i * step) for i in range(i0, i1 + 1)]
            if 2 <= len(ticks) <= max_n:
                ends = (abs(ticks[0] - lo) <= eps) + (abs(ticks[-1] - hi) <= eps)
                score = ends + 0.5 * (1 - abs(len(ticks) - 7) / 11)  # about 7 reads best
                if abs(step / 10 ** math.floor(math.log10(step)) - 2.5) < 1e-9:
                    score -= 0.01  # on a tie, 5 and 10 read easier than 2.5 and 7.5
                if score > best_score + 1e-12:
                    best, best_score = ticks, score
        step = _next_step(step)
    return best or [lo, hi]


@dataclass(frozen=True)
class _Scale:
    d0: float
    d1: float
    r0: float
    r1: float

    def __call__(self, v: float) -> float:
        if self.d1 == self.d0:
            return (self.r0 + self.r1) / 2
        return self.r0 + (v - self.d0) * (self.r1 - self.r0) / (self.d1 - self.d0)


def _value_axis(parts: list[str], lo: float, hi: float, fmt: Fmt, top: float,
                plot_h: float) -> tuple[float, float, float, _Scale]:
    """Draw a vertical value axis sized to its labels; (left, right, bottom, y scale).

    Shared by the column charts (cash flow and grouped bars), which lay out alike.
    """
    bottom = top + plot_h
    ticks, labels = _fit_value_ticks(lo, hi, fmt, plot_h, horizontal=False)
    left = PAD + max(text_width(s, SMALL_SIZE) for s in labels) + 8
    right = WIDTH - PAD - 4
    ys = _Scale(ticks[0], ticks[-1], bottom, top)
    parts += _y_axis(ticks, labels, ys, left, right)
    return left, right, bottom, ys


def _fit_value_ticks(lo: float, hi: float, fmt: Fmt, length: float,
                     horizontal: bool) -> tuple[list[float], list[str]]:
    """Value ticks whose labels fit along an axis of the given length."""
    for n in (6, 5, 4, 3, 2, 1):
        ticks = nice_ticks(lo, hi, n)
        labels = [_fmt(fmt, t) for t in ticks]
        if horizontal:
            need = max(text_width(s, SMALL_SIZE) for s in labels) + 10
        else:
            need = TEXT_SIZE * 2.2
        distinct = len(set(labels)) == len(labels)  # fmt may round 0.2 and 0.4 alike
        if (need * (len(ticks) - 1) <= length and distinct) or n == 1:
            return ticks, labels
    return ticks, labels  # pragma: no cover


def _spread(items: Sequence[tuple[float, float]], lo: float, hi: float,
            gap: float = 4) -> list[float]:
    """Move label centres (centre, width) apart along one axis so none overlap, inside
    [lo, hi] where there is room; returned in the input order."""
    n = len(items)
    if not n:
        return []
    order = sorted(range(n), key=lambda i: (items[i][0], i))
    left = [items[i][0] - items[i][1] / 2 for i in order]
    width = [items[i][1] for i in order]
    for k in range(n):
        floor_ = lo if k == 0 else left[k - 1] + width[k - 1] + gap
        left[k] = max(left[k], floor_)
    for k in range(n - 1, -1, -1):
        ceil_ = hi if k == n - 1 else left[k + 1] - gap
        left[k] = min(left[k], ceil_ - width[k])
    left[0] = max(left[0], lo)
    for k in range(1, n):
        left[k] = max(left[k], left[k - 1] + width[k - 1] + gap)
    out = [0.0] * n
    for k, i in enumerate(order):
        out[i] = left[k] + width[k] / 2
    return out


# --------------------------------------------------------------------------- paint, legend


def _hatch_of(i: int) -> str:
    """Hatch of series i; from the seventh series on, colours repeat with other hatches."""
    n = len(PALETTE.series)
    return (PALETTE.hatches if (i // n) % 2 == 0 else PALETTE.hatches_again)[i % n]


def _series_colour(i: int) -> str:
    return PALETTE.series[i % len(PALETTE.series)]


def _hatch(x: float, y: float, w: float, h: float, colour: str, hatch: str) -> str:
    """Hatch lines or dots drawn straight over a bar, so series differ without colour vision.

    Explicit geometry instead of <pattern>: PDF viewers draw pattern tiles with visible
    seams, and a pattern's origin differs between WeasyPrint and browsers. The lines sit on
    a page-wide grid, so neighbouring bars of a series line up.
    """
    if not hatch or w < 3 or h < 3:
        return ""
    ink = "#ffffff" if _luminance(colour) < 0.35 else "#1f1f1f"
    x0, y0, x1, y1 = x + 0.5, y + 0.5, x + w - 0.5, y + h - 0.5
    d: list[str] = []
    if hatch == "dots":
        for gx in range(math.ceil((x0 + 0.8) / 6), math.floor((x1 - 0.8) / 6) + 1):
            for gy in range(math.ceil((y0 + 0.8) / 6), math.floor((y1 - 0.8) / 6) + 1):
                d.append(f"M{_f(gx * 6 - 0.8)} {_f(gy * 6 - 0.8)}h1.6v1.6h-1.6z")
        return f'<path d="{"".join(d)}" fill="{ink}" stroke="none"/>' if d else ""
    step = 7.0
    if hatch in ("diag", "cross"):  # lower left to upper right: x + y = k
        for i in range(math.ceil((x0 + y0) / step), math.floor((x1 + y1) / step) + 1):
            k = i * step
            xa, xb = max(x0, k - y1), min(x1, k - y0)
            if xb - xa > 0.3:
                d.append(f"M{_f(xa)} {_f(k - xa)}L{_f(xb)} {_f(k - xb)}")
    if hatch in ("back", "cross"):  # upper left to lower right: x - y = k
        for i in range(math.ceil((x0 - y1) / step), math.floor((x1 - y0) / step) + 1):
            k = i * step
            xa, xb = max(x0, k + y0), min(x1, k + y1)
            if xb - xa > 0.3:
                d.append(f"M{_f(xa)} {_f(xa - k)}L{_f(xb)} {_f(xb - k)}")
    return f'<path d="{"".join(d)}" fill="none" stroke="{ink}" stroke-width="1.3"/>' if d else ""


def _bar(x: float, y: float, w: float, h: float, i: int) -> str:
    """A bar of series i: its colour plus its hatch."""
    colour = _series_colour(i)
    return _rect(x, y, w, h, colour) + _hatch(x, y, w, h, colour, _hatch_of(i))


def _series_keys(series: Sequence[Series]) -> list[_Key]:
    return [_Key("rect", _label(s.label), _series_colour(i), hatch=_hatch_of(i))
            for i, s in enumerate(series)]


def _marker(shape: str, x: float, y: float, r: float, fill: str,
            stroke: str = PALETTE.halo, sw: float = 1) -> str:
    st = f' stroke="{stroke}" stroke-width="{_f(sw)}"'
    if shape == "square":
        return _rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8, fill, st)
    if shape == "triangle":
        pts = f"{_f(x)},{_f(y - r * 1.2)} {_f(x + r * 1.1)},{_f(y + r * 0.8)} " \
              f"{_f(x - r * 1.1)},{_f(y + r * 0.8)}"
        return f'<polygon points="{pts}" fill="{fill}"{st}/>'
    if shape == "diamond":
        pts = f"{_f(x)},{_f(y - r * 1.3)} {_f(x + r * 1.3)},{_f(y)} {_f(x)},{_f(y + r * 1.3)} " \
              f"{_f(x - r * 1.3)},{_f(y)}"
        return f'<polygon points="{pts}" fill="{fill}"{st}/>'
    return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="{fill}"{st}/>'


@dataclass(frozen=True)
class _Key:
    """One legend entry: a swatch of some kind and its label."""

    kind: str  # rect | line | halo | whisker | tick | marker
    label: str
    paint: str = ""
    dash: str = ""
    shape: str = ""
    hatch: str = ""


def _swatch(k: _Key, x: float, cy: float) -> tuple[list[str], float]:
    """Draw a legend swatch; return the parts and its width."""
    if k.kind == "rect":
        return [_rect(x, cy - 6, 14, 12, k.paint, ' stroke="#666666" stroke-width="0.5"'),
                _hatch(x, cy - 6, 14, 12, k.paint, k.hatch)], 14
    if k.kind in ("line", "halo"):
        parts = []
        if k.kind == "halo":
            parts.append(_line(x, cy, x + 24, cy, PALETTE.halo, 4.5))
        dash = f' stroke-dasharray="{k.dash}"' if k.dash else ""
        parts.append(_line(x, cy, x + 24, cy, k.paint, 2.2, dash))
        if k.shape:
            parts.append(_marker(k.shape, x + 12, cy, 3.2, k.paint))
        return parts, 24
    if k.kind == "whisker":
        return [_line(x, cy, x + 24, cy, k.paint, 1.6), _line(x, cy - 5, x, cy + 5, k.paint, 1.6),
                _line(x + 24, cy - 5, x + 24, cy + 5, k.paint, 1.6)], 24
    if k.kind == "tick":
        return [_line(x + 4, cy - 7, x + 4, cy + 7, k.paint, 3)], 8
    return [_marker(k.shape or "circle", x + 6, cy, 5, k.paint)], 12


def _legend(keys: Sequence[_Key], x0: float, y0: float, max_w: float,
            title: str | None = None) -> tuple[list[str], float]:
    """Flow the legend into rows; return the parts and the height used."""
    parts: list[str] = []
    entries: list[tuple[float, list[str] | None, str, _Key | None]] = []
    if title:
        entries.append((text_width(title, TEXT_SIZE, True) + 10, None, title, None))
    for k in keys:
        _, sw = _swatch(k, 0, 0)
        label = _wrap(k.label, max_w - sw - 6, TEXT_SIZE, max_lines=1)
        text = label[0] if label else ""
        entries.append((sw + 6 + text_width(text, TEXT_SIZE) + 16, None, text, k))
    if not entries:
        return [], 0
    x, row = x0, 0
    for w, _, text, k in entries:
        if x > x0 and x + w - 16 > x0 + max_w:
            x, row = x0, row + 1
        cy = y0 + row * LEGEND_ROW + LEGEND_ROW / 2
        if k is None:
            parts.append(_text(x, cy + 4, text, TEXT_SIZE, bold=True))
        else:
            sp, sw = _swatch(k, x, cy)
            parts += sp
            parts.append(_text(x + sw + 6, cy + 4, text, TEXT_SIZE))
        x += w
    return parts, (row + 1) * LEGEND_ROW


def _header(title: str, keys: Sequence[_Key] = (), legend_title: str | None = None,
            width: int = WIDTH) -> tuple[list[str], float]:
    """Visible title and legend; returns the parts and the y where the plot may start."""
    parts: list[str] = []
    y = PAD
    for line in _wrap(title, width - 2 * PAD, TITLE_SIZE, bold=True, max_lines=3):
        y += TITLE_SIZE * 1.3
        parts.append(_text(PAD, y, line, TITLE_SIZE, bold=True))
    y += 8
    if keys or legend_title:
        lp, h = _legend(keys, PAD, y, WIDTH - 2 * PAD, legend_title)
        parts += lp
        y += h + 4
    return parts, y + 6


def _svg(cid: str, title: str, desc: str, height: float, body: Sequence[str],
         defs: Sequence[str] = (), width: int = WIDTH) -> str:
    """The root element: accessible name and description first, then the drawing."""
    h = _f(math.ceil(height))
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {h}" width="100%" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" font-family="{FONT_FAMILY}">'
        f'<title id="{cid}-title">{_esc(title)}</title><desc id="{cid}-desc">{_esc(desc)}</desc>'
    )
    d = f"<defs>{''.join(defs)}</defs>" if defs else ""
    return head + d + "".join(body) + "</svg>"


def _empty(cid: str, title: str, desc: str, keys: Sequence[_Key] = (),
           legend_title: str | None = None, height: float = 300) -> str:
    """Title, legend and an empty frame: what every chart draws when it has no data."""
    parts, top = _header(title, keys, legend_title)
    height = max(height, top + 120)
    parts.append(_rect(PAD, top, WIDTH - 2 * PAD, height - top - PAD, "none",
                       f' stroke="{PALETTE.frame}" stroke-width="1" data-role="empty"'))
    return _svg(cid, title, desc, height, parts)


def _y_axis(ticks: Sequence[float], labels: Sequence[str], ys: _Scale, left: float,
            right: float) -> list[str]:
    """Horizontal grid lines with value labels to the left."""
    parts = []
    for t, lab in zip(ticks, labels, strict=True):
        y = ys(t)
        if t != 0:
            parts.append(_line(left, y, right, y, PALETTE.grid, 1))
        parts.append(_text(left - 6, y + 3.5, lab, SMALL_SIZE, "end", fill=PALETTE.muted))
    return parts


def _x_axis(ticks: Sequence[float], labels: Sequence[str], xs: _Scale, top: float,
            bottom: float, grid: bool = True) -> list[str]:
    """Vertical grid lines (optional) and labels below the plot."""
    parts = []
    for t, lab in zip(ticks, labels, strict=True):
        x = xs(t)
        if grid and t != 0:
            parts.append(_line(x, top, x, bottom, PALETTE.grid, 1))
        parts.append(_line(x, bottom, x, bottom + 4, PALETTE.axis, 1))
        parts.append(_text(x, bottom + 16, lab, SMALL_SIZE, "middle", fill=PALETTE.muted))
    return parts


def _zero_v(xs: _Scale, ticks: Sequence[float], top: float, bottom: float) -> list[str]:
    if ticks[0] < 0 < ticks[-1]:
        x = xs(0)
        return [_line(x, top, x, bottom, PALETTE.zero, 1.2, ' data-role="zero"')]
    return []


# --------------------------------------------------------------------------- 1 cash flow


def cashflow_chart(chart_id: str, title: str, desc: str, years: list[int], bars: list[Series],
                   line: Series | None, fmt: Fmt, legend_title: str | None = None) -> str:
    """Bars stacked by sign per year (gains up, costs down) with an optional line on top,
    e.g. the cumulative net; shows when the money goes out and when it comes back."""
    cid = _check_id(chart_id)
    title, desc = _label(title), _label(desc)
    n = len(years)
    keys = _series_keys(bars)
    if line is not None:
        keys.append(_Key("halo", _label(line.label), PALETTE.overlay_line, shape="circle"))
    bar_vals = [_values(s.values, n) for s in bars]
    line_vals = _values(line.values, n) if line is not None else [None] * n
    finite = [v for col in bar_vals + [line_vals] for v in col if v is not None]
    if n == 0 or not finite:
        return _empty(cid, title, desc, keys, legend_title=legend_title)
    pos = [sum(col[j] for col in bar_vals if col[j] is not None and col[j] > 0) for j in range(n)]
    neg = [sum(col[j] for col in bar_vals if col[j] is not None and col[j] < 0) for j in range(n)]
    line_f = [v for v in line_vals if v is not None]
    lo = min([0.0, *neg, *line_f])
    hi = max([0.0, *pos, *line_f])

    parts, top = _header(title, keys, legend_title)
    left, right, bottom, ys = _value_axis(parts, lo, hi, fmt, top, plot_h=240)

    slot = (right - left) / n
    bw = min(slot * 0.72, 40)
    for i, col in enumerate(bar_vals):
        rects = []
        for j, v in enumerate(col):
            if v is None or v == 0:
                continue
            below = sum(c[j] for c in bar_vals[:i] if c[j] is not None and (c[j] > 0) == (v > 0))
            y_a, y_b = ys(below), ys(below + v)
            x = left + slot * j + (slot - bw) / 2
            rects.append(_bar(x, min(y_a, y_b), bw, abs(y_a - y_b), i))
        parts.append(f'<g data-role="bars" data-series="{i}" stroke="{PALETTE.halo}" '
                     f'stroke-width="0.5">{"".join(rects)}</g>')
    y0 = ys(0)
    parts.append(_line(left, y0, right, y0, PALETTE.zero, 1.2, ' data-role="zero"'))

    step = max(1, math.ceil((text_width("0000", SMALL_SIZE) + 8) / slot))
    for j, year in enumerate(years):
        x = left + slot * (j + 0.5)
        parts.append(_line(x, bottom, x, bottom + 3, PALETTE.axis, 1))
        if j % step == 0:
            parts.append(_text(x, bottom + 15, _year(year), SMALL_SIZE, "middle",
                               fill=PALETTE.muted))
    if line is not None and line_f:
        pts = [(left + slot * (j + 0.5), ys(v)) if v is not None else None
               for j, v in enumerate(line_vals)]
        d = _polyline_d(pts)
        parts.append(f'<g data-role="line" fill="none" stroke-linejoin="round">'
                     f'<path d="{d}" stroke="{PALETTE.halo}" stroke-width="4.5"/>'
                     f'<path d="{d}" stroke="{PALETTE.overlay_line}" stroke-width="2.2"/></g>')
        parts += [_marker("circle", p[0], p[1], 3.2, PALETTE.overlay_line) for p in pts if p]
    return _svg(cid, title, desc, bottom + 22 + PAD, parts)


def _year(year: object) -> str:
    """Years print as plain digits (2021, never '2 021')."""
    v = _num(year)
    return str(int(v)) if v is not None and v == int(v) else _label(year)


def _polyline_d(points: Sequence[tuple[float, float] | None]) -> str:
    """Path data through the points, broken where a value is missing."""
    d, pen = [], False
    for p in points:
        if p is None:
            pen = False
            continue
        d.append(("L" if pen else "M") + f"{_f(p[0])} {_f(p[1])}")
        pen = True
    return "".join(d)


# --------------------------------------------------------------------------- 2 lines


def line_chart(chart_id: str, title: str, desc: str, xs: list[float], series: list[Series],
               fmt: Fmt, x_fmt: Fmt, marker_x: float | None = None,
               marker_label: str | None = None, highlight_zero: bool = True) -> str:
    """Lines over a numeric x (years, participation share), with an optional dashed vertical
    marker such as the break-even year or the chosen participation threshold (a marker
    outside the x range is left out rather than stretching the axis)."""
    cid = _check_id(chart_id)
    title, desc = _label(title), _label(desc)
    keys = [_Key("line", _label(s.label), _series_colour(i), PALETTE.dashes[i % 6],
                 PALETTE.markers[i % 6]) for i, s in enumerate(series)]
    xv = [_num(x) for x in xs]
    vals = [_values(s.values, len(xv)) for s in series]
    finite_x = [x for x in xv if x is not None]
    finite_y = [v for col in vals for x, v in zip(xv, col, strict=True)
                if v is not None and x is not None]
    if not finite_x or not finite_y:
        return _empty(cid, title, desc, keys)
    integer_x = all(x == int(x) for x in finite_x)
    x_lo, x_hi = min(finite_x), max(finite_x)
    if x_lo == x_hi:
        pad = 1.0 if integer_x else max(abs(x_lo) * 0.1, 0.1)
        x_lo, x_hi = x_lo - pad, x_hi + pad
    y_lo, y_hi = min(finite_y), max(finite_y)
    if highlight_zero:
        y_lo, y_hi = min(y_lo, 0.0), max(y_hi, 0.0)

    parts, top = _header(title, keys)
    mx = _num(marker_x)
    show_marker = mx is not None and x_lo <= mx <= x_hi
    if show_marker and marker_label:
        top += 18
    plot_h = 230
    bottom = top + plot_h
    ticks, labels = _fit_value_ticks(y_lo, y_hi, fmt, plot_h, horizontal=False)
    x_label_w = max(text_width(_fmt(x_fmt, x), SMALL_SIZE) for x in (x_lo, x_hi))
    left = max(PAD + max(text_width(s, SMALL_SIZE) for s in labels) + 8, PAD + x_label_w / 2)
    right = WIDTH - PAD - max(4, x_label_w / 2)
    ys = _Scale(ticks[0], ticks[-1], bottom, top)
    xsc = _Scale(x_lo, x_hi, left, right)
    parts += _y_axis(ticks, labels, ys, left, right)
    max_n = max(2, int((right - left) // (x_label_w + 14)) + 1)
    xt = _inner_ticks(x_lo, x_hi, max_n, integer_x)
    parts += _x_axis(xt, [_fmt(x_fmt, t) for t in xt], xsc, top, bottom, grid=False)
    parts.append(_line(left, bottom, right, bottom, PALETTE.axis, 1))
    if ticks[0] < 0 < ticks[-1]:
        y0 = ys(0)
        if highlight_zero:
            parts.append(_line(left, y0, right, y0, PALETTE.zero, 1.5, ' data-role="zero"'))
        else:
            parts.append(_line(left, y0, right, y0, PALETTE.axis, 1, ' data-role="zero"'))

    for i, col in enumerate(vals):
        colour = _series_colour(i)
        dash = PALETTE.dashes[i % 6]
        pts = [(xsc(x), ys(v)) if x is not None and v is not None else None
               for x, v in zip(xv, col, strict=True)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        group = [f'<g data-role="series" data-series="{i}">',
                 f'<path d="{_polyline_d(pts)}" fill="none" stroke="{colour}" '
                 f'stroke-width="2.2" stroke-linejoin="round"{dash_attr}/>']
        drawn = [p for p in pts if p is not None]
        if len(drawn) <= 30:  # markers help in grayscale; on long series they only clutter
            group += [_marker(PALETTE.markers[i % 6], x, y, 3.2, colour) for x, y in drawn]
        parts += group + ["</g>"]

    if show_marker:
        x = xsc(mx)
        parts.append(_line(x, top, x, bottom, PALETTE.marker_line, 1.4,
                           ' stroke-dasharray="5 4" data-role="marker"'))
        if marker_label:
            text = _wrap(_label(marker_label), WIDTH - 2 * PAD, TEXT_SIZE, True, max_lines=1)
            w = text_width(text[0], TEXT_SIZE, True) if text else 0
            cx = min(max(x, PAD + w / 2), WIDTH - PAD - w / 2)
            parts.append(_text(cx, top - 6, text[0] if text else "", TEXT_SIZE, "middle",
                               bold=True))
    return _svg(cid, title, desc, bottom + 22 + PAD, parts)


# --------------------------------------------------------------------------- 3 intervals


def interval_chart(chart_id: str, title: str, desc: str, rows: list[IntervalRow],
                   fmt: Fmt) -> str:
    """One horizontal whisker per row (P10 to P90) with the median as a dot and P85 as a
    tick, so the spread of a Monte Carlo result reads at a glance."""
    cid = _check_id(chart_id)
    title, desc = _label(title), _label(desc)
    keys: list[_Key] = []
    if rows:
        r0 = rows[0]
        span = "–".join(s for s in (_label(r0.p10_label), _label(r0.p90_label)) if s)
        keys = [k for k in (
            _Key("whisker", span, PALETTE.interval),
            _Key("marker", _label(r0.p50_label), PALETTE.interval, shape="circle"),
            _Key("tick", _label(r0.p85_label), PALETTE.interval_tick),
        ) if k.label]
    data = [(r, [_num(r.p10), _num(r.p50), _num(r.p85), _num(r.p90)]) for r in rows]
    finite = [v for _, vs in data for v in vs if v is not None]
    if not finite:
        return _empty(cid, title, desc, keys)

    parts, top = _header(title, keys)
    label_w = min(190.0, max(text_width(_label(r.label), TEXT_SIZE, True) for r in rows) + 4)
    left = PAD + label_w + 14
    ticks, tlabels = _fit_value_ticks(min(finite), max(finite), fmt, WIDTH - PAD - left - 30,
                                      True)
    right = WIDTH - PAD - _end_room(tlabels)[1]
    xsc = _Scale(ticks[0], ticks[-1], left, right)
    wrapped = [_wrap(_label(r.label), label_w, TEXT_SIZE, True, max_lines=3) for r in rows]
    heights = [max(62.0, len(w) * 14 + 24) for w in wrapped]
    bottom = top + sum(heights)
    parts += _x_axis(ticks, tlabels, xsc, top, bottom)
    parts += _zero_v(xsc, ticks, top, bottom)
    parts.append(_line(left, bottom, right, bottom, PALETTE.axis, 1))

    y = top
    for (row, (p10, p50, p85, p90)), lines, h in zip(data, wrapped, heights, strict=True):
        cy = y + h / 2
        g = ['<g data-role="row">']
        for k, line in enumerate(lines):
            ly = cy + 4 - (len(lines) - 1) * 7 + k * 14
            g.append(_text(PAD, ly, line, TEXT_SIZE, bold=True))
        if p10 is not None and p90 is not None:
            x1, x2 = xsc(p10), xsc(p90)
            g += [_line(x1, cy, x2, cy, PALETTE.interval, 1.6),
                  _line(x1, cy - 5, x1, cy + 5, PALETTE.interval, 1.6),
                  _line(x2, cy - 5, x2, cy + 5, PALETTE.interval, 1.6)]
        if p85 is not None:
            x = xsc(p85)
            g.append(_line(x, cy - 8, x, cy + 8, PALETTE.interval_tick, 3))
        if p50 is not None:
            g.append(_marker("circle", xsc(p50), cy, 5, PALETTE.interval, PALETTE.halo, 1.2))
        # Labels alternate below/above so neighbours (P85, P90) never share a side.
        texts = [(p10, row.p10_label, 1), (p50, row.p50_label, -1), (p85, row.p85_label, 1),
                 (p90, row.p90_label, -1)]
        for side in (1, -1):
            items = []
            for v, name, s in texts:
                if v is None or s != side:
                    continue
                name = _label(name)
                s_txt = f"{name} {_fmt(fmt, v)}" if name else _fmt(fmt, v)
                items.append((xsc(v), text_width(s_txt, SMALL_SIZE), s_txt))
            centres = _spread([(c, w) for c, w, _ in items], left - 8, WIDTH - PAD, 8)
            ty = cy + 21 if side > 0 else cy - 12
            for (_, _, s_txt), c in zip(items, centres, strict=True):
                g.append(_text(c, ty, s_txt, SMALL_SIZE, "middle", fill=PALETTE.muted))
        g.append("</g>")
        parts += g
        y += h
    return _svg(cid, title, desc, bottom + 22 + PAD, parts)


# --------------------------------------------------------------------------- 4 histogram


def _plain_count(v: float) -> str:
    return str(int(round(v)))


def histogram_chart(chart_id: str, title: str, desc: str, edges: list[float], counts: list[int],
                    fmt: Fmt, markers: list[tuple[float, str]],
                    count_fmt: Fmt | None = None, y_title: str | None = None) -> str:
    """Distribution of simulated outcomes with dashed markers at the percentiles; counts
    print as plain digits unless count_fmt is given."""
    cid = _check_id(chart_id)
    title, desc = _label(title), _label(desc)
    cfmt = count_fmt or _plain_count
    e = [_num(v) for v in edges]
    c = [max(0.0, _num(v) or 0.0) for v in counts]
    ok = (len(c) >= 1 and len(e) == len(c) + 1 and all(v is not None for v in e)
          and all(b > a for a, b in zip(e, e[1:], strict=False)))  # type: ignore[operator]
    if not ok:
        return _empty(cid, title, desc)
    ev: list[float] = [v for v in e if v is not None]
    x_lo, x_hi = ev[0], ev[-1]
    marks = [(m, _label(lab)) for m, lab in ((_num(v), lab) for v, lab in markers)
             if m is not None and x_lo <= m <= x_hi]

    marks.sort(key=lambda m: m[0])

    parts, top = _header(title, ())
    plot_h = 220
    ticks, labels = _fit_value_ticks(0, max(c) or 1, cfmt, plot_h, horizontal=False)
    ticks = nice_ticks(0, max(c) or 1, len(ticks) - 1, integer=True)
    labels = [_fmt(cfmt, t) for t in ticks]
    left = PAD + max(text_width(s, SMALL_SIZE) for s in labels) + 8
    room_l, room_r = _end_room([_fmt(fmt, x_lo), _fmt(fmt, x_hi)])
    left, right = max(left, PAD + room_l), WIDTH - PAD - room_r
    xsc = _Scale(x_lo, x_hi, left, right)

    # Marker labels (name over value) sit in a band above the plot, moved apart where they
    # would overlap and tied to their lines by leaders; a taller gap keeps leaders legible.
    texts = [(lab, _fmt(fmt, m)) for m, lab in marks]
    widths = [max(text_width(a, SMALL_SIZE, True), text_width(b, SMALL_SIZE)) for a, b in texts]
    centres = _spread([(xsc(m), w) for (m, _), w in zip(marks, widths, strict=True)],
                      PAD, WIDTH - PAD, 8)
    moved = any(abs(cx - xsc(m)) > 0.5 for cx, (m, _) in zip(centres, marks, strict=True))
    band_h = 28 if marks else 0
    if y_title:
        top += 16
    plot_top = top + band_h + (18 if moved else 4 if marks else 0)
    bottom = plot_top + plot_h
    ys = _Scale(ticks[0], ticks[-1], bottom, plot_top)
    parts += _y_axis(ticks, labels, ys, left, right)
    if y_title:
        parts.append(_text(PAD, top - 4, y_title, SMALL_SIZE, fill=PALETTE.muted))
    label_w = max(text_width(_fmt(fmt, v), SMALL_SIZE) for v in (x_lo, x_hi))
    max_n = max(2, int((right - left) // (label_w + 14)) + 1)
    xt = _inner_ticks(x_lo, x_hi, max_n, integer=False)
    parts += _x_axis(xt, [_fmt(fmt, t) for t in xt], xsc, plot_top, bottom, grid=False)
    rects = [_rect(xsc(a), ys(n), xsc(b) - xsc(a), bottom - ys(n), PALETTE.histogram)
             for a, b, n in zip(ev, ev[1:], c, strict=False) if n > 0]
    parts.append(f'<g data-role="bars" stroke="{PALETTE.histogram_edge}" stroke-width="0.6">'
                 f'{"".join(rects)}</g>')
    parts.append(_line(left, bottom, right, bottom, PALETTE.axis, 1))
    if x_lo < 0 < x_hi:
        x = xsc(0)
        parts.append(_line(x, plot_top, x, bottom, PALETTE.zero, 1.4, ' data-role="zero"'))

    for (m, _), (name, val), cx in zip(marks, texts, centres, strict=True):
        x = xsc(m)
        ty = top
        parts.append(_text(cx, ty + 11, name, SMALL_SIZE, "middle", bold=True))
        parts.append(_text(cx, ty + 23, val, SMALL_SIZE, "middle", fill=PALETTE.muted))
        # A leader from the label down to its line; straight down when nothing moved.
        parts.append(f'<path d="M{_f(cx)} {_f(ty + 26)}V{_f(ty + 30)}L{_f(x)} {_f(plot_top)}" '
                     f'fill="none" stroke="{PALETTE.marker_line}" stroke-width="0.8"/>')
    for m, _ in marks:
        x = xsc(m)
        parts.append(_line(x, plot_top, x, bottom, PALETTE.marker_line, 1.4,
                           ' stroke-dasharray="5 4" data-role="marker"'))
    return _svg(cid, title, desc, bottom + 22 + PAD, parts)


# --------------------------------------------------------------------------- 5 tornado


def _fit_margins(values: Sequence[tuple[float, float]], lo_tick: float, hi_tick: float,
                 left0: float, right0: float) -> tuple[float, float]:
    """Plot edges such that a label of width |w| placed beyond each bar end (value, signed
    width: negative = to the left) stays inside [left0, right0]; shrinks step by step."""
    left, right = left0, right0
    for _ in range(30):
        sc = _Scale(lo_tick, hi_tick, left, right)
        over_l = max([0.0] + [left0 - (sc(v) + w) for v, w in values if w < 0])
        over_r = max([0.0] + [sc(v) + w - right0 for v, w in values if w > 0])
        if over_l < 0.2 and over_r < 0.2:
            break
        if right - over_r - (left + over_l) < 160:
            break  # keep a usable plot; a label may then touch the edge
        left, right = left + over_l + 0.1, right - over_r - 0.1
    return left, right


def _end_room(labels: Sequence[str]) -> tuple[float, float]:
    """Half widths of the first and last axis labels, which are centred on the plot ends."""
    return (text_width(labels[0], SMALL_SIZE) / 2 + 2, text_width(labels[-1], SMALL_SIZE) / 2 + 2)


def tornado_chart(chart_id: str, title: str, desc: str, base: float, rows: list[TornadoRow],
                  fmt: Fmt, legend: tuple[str, str] | None = None,
                  base_label: str | None = None) -> str:
    """Sensitivity: for each input, bars from the base result to the result with the input
    at its low and high value; rows are drawn in the order given."""
    cid = _check_id(chart_id)
    title, desc = _label(title), _label(desc)
    keys = []
    if legend:
        keys = [_Key("rect", _label(legend[0]), PALETTE.tornado_low),
                _Key("rect", _label(legend[1]), PALETTE.tornado_high)]
    b = _num(base)
    data = [(r, _num(r.low_value), _num(r.high_value)) for r in rows]
    finite = [v for _, lo, hi in data for v in (lo, hi) if v is not None]
    if b is None or not rows:
        return _empty(cid, title, desc, keys)
    parts, top = _header(title, keys)
    top += 18  # room for the base label
    label_w = min(180.0, max(text_width(_label(r.label), TEXT_SIZE, True) for r in rows) + 4)
    plot_l0, plot_r0 = PAD + label_w + 12, WIDTH - PAD
    lo, hi = min([b, *finite]), max([b, *finite])
    ticks, tlabels = _fit_value_ticks(lo, hi, fmt, plot_r0 - plot_l0 - 120, True)

    def end_text(v: float, input_label: str) -> str:
        s = _fmt(fmt, v)
        return f"{s} ({input_label})" if input_label else s

    ends = []
    for r, lv, hv in data:
        for v, lab in ((lv, r.low_label), (hv, r.high_label)):
            if v is not None:
                w = text_width(end_text(v, _label(lab)), SMALL_SIZE) + 5
                ends.append((v, -w if v < b else w))
    left, right = _fit_margins(ends, ticks[0], ticks[-1], plot_l0, plot_r0)
    right = min(right, WIDTH - PAD - _end_room(tlabels)[1])
    xsc = _Scale(ticks[0], ticks[-1], left, right)
    wrapped = [_wrap(_label(r.label), label_w, TEXT_SIZE, True, max_lines=3) for r in rows]
    heights = [max(44.0, len(w) * 14 + 10) for w in wrapped]
    bottom = top + sum(heights)
    parts += _x_axis(ticks, tlabels, xsc, top, bottom)
    parts.append(_line(left, bottom, right, bottom, PALETTE.axis, 1))
    bar_h = 14
    y = top
    for i, ((r, lv, hv), lines, h) in enumerate(zip(data, wrapped, heights, strict=True)):
        cy = y + h / 2
        g = [f'<g data-role="row" data-row="{i}">']
        for k, line in enumerate(lines):
            g.append(_text(PAD, cy + 4 - (len(lines) - 1) * 7 + k * 14, line, TEXT_SIZE,
                           bold=True))
        for v, lab, colour, by in ((lv, r.low_label, PALETTE.tornado_low, cy - bar_h - 1),
                                   (hv, r.high_label, PALETTE.tornado_high, cy + 1)):
            if v is None:
                continue
            x0, x1 = xsc(b), xsc(v)
            g.append(_rect(min(x0, x1), by, abs(x1 - x0), bar_h, colour))
            s = end_text(v, _label(lab))
            if v < b:
                g.append(_text(x1 - 4, by + bar_h - 3, s, SMALL_SIZE, "end"))
            else:
                g.append(_text(x1 + 4, by + bar_h - 3, s, SMALL_SIZE))
        g.append("</g>")
        parts += g
        y += h
    xb = xsc(b)
    parts.append(_line(xb, top - 4, xb, bottom, PALETTE.zero, 1.4, ' data-role="base"'))
    bl = _fmt(fmt, b)
    btxt = f"{_label(base_label)} {bl}" if base_label else bl
    w = text_width(btxt, SMALL_SIZE, True)
    parts.append(_text(min(max(xb, PAD + w / 2), WIDTH - PAD - w / 2), top - 8, btxt,
                       SMALL_SIZE, "middle", bold=True))
    return _svg(cid, title, desc, bottom + 22 + PAD, parts)


# --------------------------------------------------------------------------- 6 grouped bars


def bar_chart(chart_id: str, title: str, desc: str, categories: list[str], series: list[Series],
              fmt: Fmt, horizontal: bool = False) -> str:
    """Grouped bars with the value printed on each bar, e.g. the municipality's cost under
    three distribution keys; horizontal suits long category names."""
    cid = _check_id(chart_id)
    title, desc = _label(title), _label(desc)
    n_cat, n_ser = len(categories), len(series)
    show_legend = n_ser > 1 or any(_label(s.label) for s in series)
    keys = _series_keys(series) if show_legend else []
    vals = [_values(s.values, n_cat) for s in series]
    finite = [v for col in vals for v in col if v is not None]
    if not n_cat or not finite:
        return _empty(cid, title, desc, keys)
    lo, hi = min(0.0, *finite), max(0.0, *finite)
    parts, top = _header(title, keys)
    cats = [_label(c) for c in categories]
    if horizontal:
        return _hbars(cid, title, desc, cats, vals, parts, top, lo, hi, fmt)

    top += 16  # room for value labels above the highest bar
    left, right, bottom, ys = _value_axis(parts, lo, hi, fmt, top, plot_h=220)
    slot = (right - left) / n_cat
    inner = slot * 0.8
    bw = min(inner / n_ser, 56)
    gap = 2 if n_ser > 1 else 0
    value_size: float | None = None
    longest = max(text_width(_fmt(fmt, v), SMALL_SIZE) for v in finite)
    for size in (SMALL_SIZE, 9):
        if longest * size / SMALL_SIZE <= bw + gap + 2:
            value_size = size
            break
    for i, col in enumerate(vals):
        g = [f'<g data-role="bars" data-series="{i}">']
        for j, v in enumerate(col):
            if v is None:
                continue
            x = left + slot * j + (slot - bw * n_ser) / 2 + bw * i
            y_a, y_b = ys(0), ys(v)
            g.append(_bar(x + gap / 2, min(y_a, y_b), bw - gap, abs(y_a - y_b), i))
            if value_size:
                ty = y_b - 4 if v >= 0 else y_b + value_size + 2
                g.append(_text(x + bw / 2, ty, _fmt(fmt, v), value_size, "middle"))
        parts += g + ["</g>"]
    y0 = ys(0)
    parts.append(_line(left, y0, right, y0, PALETTE.zero, 1.2, ' data-role="zero"'))
    label_top = bottom + (16 if lo < 0 else 4)
    max_lines = 1
    for j, cat in enumerate(cats):
        lines = _wrap(cat, slot - 6, TEXT_SIZE, max_lines=3)
        max_lines = max(max_lines, len(lines))
        for k, line in enumerate(lines):
            parts.append(_text(left + slot * (j + 0.5), label_top + 12 + k * 14, line,
                               TEXT_SIZE, "middle"))
    return _svg(cid, title, desc, label_top + max_lines * 14 + 4 + PAD, parts)


def _hbars(cid: str, title: str, desc: str, cats: list[str], vals: list[list[float | None]],
           parts: list[str], top: float, lo: float,
           hi: float, fmt: Fmt) -> str:
    """Horizontal layout of bar_chart: categories down the left, bars from zero."""
    n_ser = len(vals)
    label_w = min(180.0, max(text_width(c, TEXT_SIZE) for c in cats) + 4)
    left0, right0 = PAD + label_w + 12, WIDTH - PAD
    ticks, tlabels = _fit_value_ticks(lo, hi, fmt, right0 - left0 - 100, True)
    ends = [(v, (1 if v >= 0 else -1) * (text_width(_fmt(fmt, v), SMALL_SIZE) + 5))
            for col in vals for v in col if v is not None]
    left, right = _fit_margins(ends, ticks[0], ticks[-1], left0, right0)
    right = min(right, WIDTH - PAD - _end_room(tlabels)[1])
    xsc = _Scale(ticks[0], ticks[-1], left, right)
    bar_h, gap = 14, 2
    wrapped = [_wrap(c, label_w, TEXT_SIZE, max_lines=3) for c in cats]
    heights = [max(n_ser * (bar_h + gap) + 14, len(w) * 14 + 10) for w in wrapped]
    bottom = top + sum(heights)
    parts += _x_axis(ticks, tlabels, xsc, top, bottom)
    parts.append(_line(left, bottom, right, bottom, PALETTE.axis, 1))
    y = top
    groups: list[list[str]] = [[f'<g data-role="bars" data-series="{i}">'] for i in range(n_ser)]
    for j, (lines, h) in enumerate(zip(wrapped, heights, strict=True)):
        cy = y + h / 2
        for k, line in enumerate(lines):
            parts.append(_text(PAD, cy + 4 - (len(lines) - 1) * 7 + k * 14, line, TEXT_SIZE))
        y_bar = cy - n_ser * (bar_h + gap) / 2 + gap / 2
        for i in range(n_ser):
            v = vals[i][j]
            by = y_bar + i * (bar_h + gap)
            if v is None:
                continue
            x0, x1 = xsc(0), xsc(v)
            groups[i].append(_bar(min(x0, x1), by, abs(x1 - x0), bar_h, i))
            s = _fmt(fmt, v)
            if v >= 0:
                groups[i].append(_text(x1 + 4, by + bar_h - 3, s, SMALL_SIZE))
            else:
                groups[i].append(_text(x1 - 4, by + bar_h - 3, s, SMALL_SIZE, "end"))
        y += h
    for g in groups:
        parts += g + ["</g>"]
    parts += _zero_v(xsc, ticks, top, bottom)
    if ticks[0] == 0:
        parts.append(_line(xsc(0), top, xsc(0), bottom, PALETTE.zero, 1.2, ' data-role="zero"'))
    return _svg(cid, title, desc, bottom + 22 + PAD, parts)


# --------------------------------------------------------------------------- 7 risk matrix


def _risk_fill(likelihood: int, consequence: int) -> str:
    score = likelihood * consequence
    if score <= 4:
        return PALETTE.risk_low
    if score <= 9:
        return PALETTE.risk_medium
    return PALETTE.risk_high


def _cell_text(refs: Sequence[str], w: float, h: float) -> tuple[float, list[str]]:
    """Font size and lines that fit refs into a cell, shrinking before eliding with '+n'."""
    for size in (12, 11, 10, 9, 8):
        lines = _wrap(", ".join(refs), w, size, bold=True)
        if len(lines) * size * 1.25 <= h:
            return size, lines
    size = 8
    max_lines = max(1, int(h // (size * 1.25)))
    for shown in range(len(refs) - 1, 0, -1):
        lines = _wrap(", ".join(refs[:shown]) + f" +{len(refs) - shown}", w, size, True)
        if len(lines) <= max_lines:
            return size, lines
    return size, [f"+{len(refs)}"]


def risk_matrix(chart_id: str, title: str, desc: str, risks: list[RiskPoint],
                likelihood_labels: list[str], consequence_labels: list[str], x_title: str,
                y_title: str, level_labels: Sequence[str] | None = None) -> str:
    """A 5 x 5 likelihood/consequence grid, cells shaded low/medium/high by the product
    (<= 4, 5-9, >= 10), with each risk reference written in its cell."""
    cid = _check_id(chart_id)
    title, desc = _label(title), _label(desc)
    keys = []
    if level_labels:
        keys = [_Key("rect", _label(lab), fill) for lab, fill in zip(
            level_labels, (PALETTE.risk_low, PALETTE.risk_medium, PALETTE.risk_high),
            strict=False)]
    parts, top = _header(title, keys)
    lik = [_label(s) for s in list(likelihood_labels)[:5]] + [""] * 5
    con = [_label(s) for s in list(consequence_labels)[:5]] + [""] * 5
    label_w = min(130.0, max([text_width(s, TEXT_SIZE) for s in con[:5]] + [20]) + 4)
    left = PAD + 22 + label_w + 8
    right = WIDTH - PAD
    cw, ch = (right - left) / 5, 56.0
    bottom = top + 5 * ch
    cells: dict[tuple[int, int], list[str]] = {}
    for r in risks:
        li, co = _num(r.likelihood), _num(r.consequence)
        if li is None or co is None or li != int(li) or co != int(co):
            continue
        if 1 <= li <= 5 and 1 <= co <= 5:
            cells.setdefault((int(li), int(co)), []).append(_label(r.ref))
    for co in range(5, 0, -1):
        for li in range(1, 6):
            x, y = left + (li - 1) * cw, top + (5 - co) * ch
            g = [f'<g data-role="cell" data-cell="{li}-{co}">',
                 _rect(x, y, cw, ch, _risk_fill(li, co),
                       f' stroke="{PALETTE.halo}" stroke-width="2"')]
            refs = cells.get((li, co), [])
            if refs:
                size, lines = _cell_text(refs, cw - 10, ch - 8)
                lh = size * 1.25
                y0 = y + ch / 2 - (len(lines) - 1) * lh / 2 + size * 0.35
                g += [_text(x + cw / 2, y0 + k * lh, line, size, "middle", bold=True)
                      for k, line in enumerate(lines)]
            parts += g + ["</g>"]
    for co in range(1, 6):
        lines = _wrap(con[co - 1], label_w, TEXT_SIZE, max_lines=3)
        cy = top + (5 - co) * ch + ch / 2
        for k, line in enumerate(lines):
            parts.append(_text(left - 8, cy + 4 - (len(lines) - 1) * 7 + k * 14, line,
                               TEXT_SIZE, "end"))
    max_lines = 1
    for li in range(1, 6):
        lines = _wrap(lik[li - 1], cw - 6, TEXT_SIZE, max_lines=3)
        max_lines = max(max_lines, len(lines))
        for k, line in enumerate(lines):
            parts.append(_text(left + (li - 0.5) * cw, bottom + 16 + k * 14, line, TEXT_SIZE,
                               "middle"))
    x_title_y = bottom + 16 + max_lines * 14 + 6
    parts.append(_text((left + right) / 2, x_title_y, _label(x_title), TEXT_SIZE, "middle",
                       bold=True))
    ty = top + 2.5 * ch
    parts.append(_text(PAD + 12, ty, _label(y_title), TEXT_SIZE, "middle", bold=True,
                       extra=f' transform="rotate(-90 {_f(PAD + 12)} {_f(ty)})"'))
    return _svg(cid, title, desc, x_title_y + 8 + PAD, parts)


# --------------------------------------------------------------------------- 8 map


def _projected_box(f: Feature, proj: Projection) -> tuple[float, float, float, float] | None:
    b = feature_bounds(f)
    if b is None:
        return None
    x1, y1 = proj.point(b[0], b[3])
    x2, y2 = proj.point(b[2], b[1])
    return (x1, y1, x2, y2)


def map_chart(chart_id: str, title: str, desc: str, features: Sequence[Feature],
              fill_by_nr: dict[str, str], legend: list[tuple[str, str]],
              highlight: str | None = None,
              county_features: Sequence[Feature] | None = None,
              width: int = WIDTH, height: int = MAP_HEIGHT) -> str:
    """Municipalities filled by the colour given for their number (others light gray),
    county borders on top, an optional highlighted municipality and a legend.

    A smaller `width` and `height` draw a map for half a column (two maps side by side) with
    text of the same size."""
    cid = _check_id(chart_id)
    title, desc = _label(title), _label(desc)
    keys = [_Key("rect", _label(lab), _colour(col)) for col, lab in legend]
    fills = {str(k): _colour(v) for k, v in sorted(fill_by_nr.items())}
    feats = tuple(f for f in features if f.polygons)
    if not feats:
        return _empty(cid, title, desc, keys, height=400)
    parts, top = _header(title, width=width)
    box = (PAD, top, width - 2 * PAD, height - top - PAD)
    proj = fit_projection(feats, *box)
    assert proj is not None  # feats have coordinates

    # The legend goes into an empty corner (the sea, or Sweden) when there is one.
    label_w = min(220.0, max([text_width(k.label, TEXT_SIZE) for k in keys] + [0]))
    lw, lh = label_w + 14 + 6 + 16, len(keys) * LEGEND_ROW + 12
    boxes = [b for b in (_projected_box(f, proj) for f in feats) if b is not None]
    x_min, y_min = box[0], box[1]
    x_max, y_max = box[0] + box[2], box[1] + box[3]
    corners = [(x_max - lw, y_max - lh), (x_min, y_max - lh), (x_max - lw, y_min),
               (x_min, y_min)]
    legend_at = None
    if keys:
        for lx, ly in corners:
            if not any(bx1 < lx + lw and bx2 > lx and by1 < ly + lh and by2 > ly
                       for bx1, by1, bx2, by2 in boxes):
                legend_at = (lx, ly)
                break
        if legend_at is None:  # no free corner: shrink the map and put the legend below
            box = (PAD, top, width - 2 * PAD, height - top - PAD - lh - 8)
            proj = fit_projection(feats, *box)
            assert proj is not None
            legend_at = (PAD, box[1] + box[3] + 8)

    paths = []
    for f in feats:
        fill = fills.get(f.nr, PALETTE.no_data)
        paths.append(f'<path data-nr="{_esc(f.nr)}" fill="{fill}" d="{feature_path(f, proj)}"/>')
    parts.append(f'<g data-role="municipalities" stroke="{PALETTE.map_border}" '
                 f'stroke-width="0.4" stroke-linejoin="round">{"".join(paths)}</g>')
    defs = []
    if county_features:
        counties = [f for f in county_features if f.polygons]
        defs.append(f'<clipPath id="{cid}-clip">{_rect(*box, "#000")}</clipPath>')
        cpaths = "".join(f'<path d="{feature_path(f, proj)}"/>' for f in counties)
        parts.append(f'<g data-role="counties" fill="none" stroke="{PALETTE.county_border}" '
                     f'stroke-width="0.9" stroke-linejoin="round" clip-path="url(#{cid}-clip)">'
                     f"{cpaths}</g>")
    if highlight is not None:
        target = next((f for f in feats if f.nr == highlight), None)
        if target is not None:
            d = feature_path(target, proj)
            hl = ['<g data-role="highlight" fill="none" stroke-linejoin="round">',
                  f'<path d="{d}" stroke="{PALETTE.halo}" stroke-width="4"/>',
                  f'<path d="{d}" stroke="{PALETTE.highlight}" stroke-width="1.8"/>']
            pb = _projected_box(target, proj)
            if pb and max(pb[2] - pb[0], pb[3] - pb[1]) < 14:
                # Small municipalities would vanish under the outline; ring them as well.
                cx, cy = (pb[0] + pb[2]) / 2, (pb[1] + pb[3]) / 2
                hl.append(f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="11" '
                          f'stroke="{PALETTE.halo}" stroke-width="4"/>')
                hl.append(f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="11" '
                          f'stroke="{PALETTE.highlight}" stroke-width="1.8"/>')
            parts += hl + ["</g>"]
    if keys and legend_at is not None:
        lx, ly = legend_at
        lg = ['<g data-role="legend">',
              _rect(lx, ly, lw, lh, PALETTE.background,
                    f' stroke="{PALETTE.frame}" stroke-width="0.8"')]
        for i, k in enumerate(keys):
            cy = ly + 6 + i * LEGEND_ROW + LEGEND_ROW / 2
            sp, sw = _swatch(k, lx + 8, cy)
            lg += sp
            text = _wrap(k.label, label_w, TEXT_SIZE, max_lines=1)
            lg.append(_text(lx + 8 + sw + 6, cy + 4, text[0] if text else "", TEXT_SIZE))
        parts += lg + ["</g>"]
    return _svg(cid, title, desc, height, parts, defs, width)
