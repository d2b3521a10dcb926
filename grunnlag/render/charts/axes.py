"""Axes and ticks: readable round tick values, scales, and margins that fit the labels."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from grunnlag.render.charts.svg import (
    PAD,
    PALETTE,
    SMALL_SIZE,
    TEXT_SIZE,
    WIDTH,
    Fmt,
    formatted,
    svg_line,
    svg_text,
    text_width,
)

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


def inner_ticks(lo: float, hi: float, max_n: int, integer: bool) -> list[float]:
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
class Scale:
    """A linear map from the data range [d0, d1] onto the drawing range [r0, r1]."""

    d0: float
    d1: float
    r0: float
    r1: float

    def __call__(self, v: float) -> float:
        if self.d1 == self.d0:
            return (self.r0 + self.r1) / 2
        return self.r0 + (v - self.d0) * (self.r1 - self.r0) / (self.d1 - self.d0)


def value_axis(parts: list[str], lo: float, hi: float, fmt: Fmt, top: float,
               plot_h: float) -> tuple[float, float, float, Scale]:
    """Draw a vertical value axis sized to its labels; (left, right, bottom, y scale).

    Shared by the column charts (cash flow and grouped bars), which lay out alike.
    """
    bottom = top + plot_h
    ticks, labels = fit_value_ticks(lo, hi, fmt, plot_h, horizontal=False)
    left = PAD + max(text_width(s, SMALL_SIZE) for s in labels) + 8
    right = WIDTH - PAD - 4
    ys = Scale(ticks[0], ticks[-1], bottom, top)
    parts += y_axis(ticks, labels, ys, left, right)
    return left, right, bottom, ys


def fit_value_ticks(lo: float, hi: float, fmt: Fmt, length: float,
                    horizontal: bool) -> tuple[list[float], list[str]]:
    """Value ticks whose labels fit along an axis of the given length."""
    for n in (6, 5, 4, 3, 2, 1):
        ticks = nice_ticks(lo, hi, n)
        labels = [formatted(fmt, t) for t in ticks]
        if horizontal:
            need = max(text_width(s, SMALL_SIZE) for s in labels) + 10
        else:
            need = TEXT_SIZE * 2.2
        distinct = len(set(labels)) == len(labels)  # fmt may round 0.2 and 0.4 alike
        if (need * (len(ticks) - 1) <= length and distinct) or n == 1:
            return ticks, labels
    return ticks, labels  # pragma: no cover


def spread_labels(items: Sequence[tuple[float, float]], lo: float, hi: float,
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


def y_axis(ticks: Sequence[float], labels: Sequence[str], ys: Scale, left: float,
           right: float) -> list[str]:
    """Horizontal grid lines with value labels to the left."""
    parts = []
    for t, lab in zip(ticks, labels, strict=True):
        y = ys(t)
        if t != 0:
            parts.append(svg_line(left, y, right, y, PALETTE.grid, 1))
        parts.append(svg_text(left - 6, y + 3.5, lab, SMALL_SIZE, "end", fill=PALETTE.muted))
    return parts


def x_axis(ticks: Sequence[float], labels: Sequence[str], xs: Scale, top: float,
           bottom: float, grid: bool = True) -> list[str]:
    """Vertical grid lines (optional) and labels below the plot."""
    parts = []
    for t, lab in zip(ticks, labels, strict=True):
        x = xs(t)
        if grid and t != 0:
            parts.append(svg_line(x, top, x, bottom, PALETTE.grid, 1))
        parts.append(svg_line(x, bottom, x, bottom + 4, PALETTE.axis, 1))
        parts.append(svg_text(x, bottom + 16, lab, SMALL_SIZE, "middle", fill=PALETTE.muted))
    return parts


def vertical_zero_line(xs: Scale, ticks: Sequence[float], top: float, bottom: float) -> list[str]:
    if ticks[0] < 0 < ticks[-1]:
        x = xs(0)
        return [svg_line(x, top, x, bottom, PALETTE.zero, 1.2, ' data-role="zero"')]
    return []


def fit_margins(values: Sequence[tuple[float, float]], lo_tick: float, hi_tick: float,
                left0: float, right0: float) -> tuple[float, float]:
    """Plot edges such that a label of width |w| placed beyond each bar end (value, signed
    width: negative = to the left) stays inside [left0, right0]; shrinks step by step."""
    left, right = left0, right0
    for _ in range(30):
        sc = Scale(lo_tick, hi_tick, left, right)
        over_l = max([0.0] + [left0 - (sc(v) + w) for v, w in values if w < 0])
        over_r = max([0.0] + [sc(v) + w - right0 for v, w in values if w > 0])
        if over_l < 0.2 and over_r < 0.2:
            break
        if right - over_r - (left + over_l) < 160:
            break  # keep a usable plot; a label may then touch the edge
        left, right = left + over_l + 0.1, right - over_r - 0.1
    return left, right


def end_room(labels: Sequence[str]) -> tuple[float, float]:
    """Half widths of the first and last axis labels, which are centred on the plot ends."""
    return (text_width(labels[0], SMALL_SIZE) / 2 + 2, text_width(labels[-1], SMALL_SIZE) / 2 + 2)
