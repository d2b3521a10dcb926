"""Bar charts: yearly cash flow, grouped and horizontal bars, and the histogram."""

from __future__ import annotations

import math
from collections.abc import Sequence

from grunnlag.render.charts.axes import (
    Scale,
    end_room,
    fit_margins,
    fit_value_ticks,
    inner_ticks,
    nice_ticks,
    spread_labels,
    value_axis,
    vertical_zero_line,
    x_axis,
    y_axis,
)
from grunnlag.render.charts.geo import svg_num
from grunnlag.render.charts.svg import (
    PAD,
    PALETTE,
    SMALL_SIZE,
    TEXT_SIZE,
    WIDTH,
    Fmt,
    LegendKey,
    Series,
    as_finite,
    as_text,
    chart_header,
    check_id,
    empty_chart,
    finite_values,
    formatted,
    marker,
    polyline_d,
    series_bar,
    series_keys,
    svg_line,
    svg_rect,
    svg_root,
    svg_text,
    text_width,
    wrap,
    year_label,
)


def cashflow_chart(chart_id: str, title: str, desc: str, years: list[int], bars: list[Series],
                   line: Series | None, fmt: Fmt, legend_title: str | None = None) -> str:
    """Bars stacked by sign per year (gains up, costs down) with an optional line on top,
    e.g. the cumulative net; shows when the money goes out and when it comes back."""
    cid = check_id(chart_id)
    title, desc = as_text(title), as_text(desc)
    n = len(years)
    keys = series_keys(bars)
    if line is not None:
        keys.append(LegendKey("halo", as_text(line.label), PALETTE.overlay_line, shape="circle"))
    bar_vals = [finite_values(s.values, n) for s in bars]
    line_vals = finite_values(line.values, n) if line is not None else [None] * n
    finite = [v for col in bar_vals + [line_vals] for v in col if v is not None]
    if n == 0 or not finite:
        return empty_chart(cid, title, desc, keys, legend_title=legend_title)
    pos = [sum(v for v in (col[j] for col in bar_vals) if v is not None and v > 0)
           for j in range(n)]
    neg = [sum(v for v in (col[j] for col in bar_vals) if v is not None and v < 0)
           for j in range(n)]
    line_f = [v for v in line_vals if v is not None]
    lo = min([0.0, *neg, *line_f])
    hi = max([0.0, *pos, *line_f])

    parts, top = chart_header(title, keys, legend_title)
    left, right, bottom, ys = value_axis(parts, lo, hi, fmt, top, plot_h=240)

    slot = (right - left) / n
    bw = min(slot * 0.72, 40)
    for i, col in enumerate(bar_vals):
        rects = []
        for j, v in enumerate(col):
            if v is None or v == 0:
                continue
            below = sum(b for b in (c[j] for c in bar_vals[:i])
                        if b is not None and (b > 0) == (v > 0))
            y_a, y_b = ys(below), ys(below + v)
            x = left + slot * j + (slot - bw) / 2
            rects.append(series_bar(x, min(y_a, y_b), bw, abs(y_a - y_b), i))
        parts.append(f'<g data-role="bars" data-series="{i}" stroke="{PALETTE.halo}" '
                     f'stroke-width="0.5">{"".join(rects)}</g>')
    y0 = ys(0)
    parts.append(svg_line(left, y0, right, y0, PALETTE.zero, 1.2, ' data-role="zero"'))

    step = max(1, math.ceil((text_width("0000", SMALL_SIZE) + 8) / slot))
    for j, year in enumerate(years):
        x = left + slot * (j + 0.5)
        parts.append(svg_line(x, bottom, x, bottom + 3, PALETTE.axis, 1))
        if j % step == 0:
            parts.append(svg_text(x, bottom + 15, year_label(year), SMALL_SIZE, "middle",
                                  fill=PALETTE.muted))
    if line is not None and line_f:
        pts = [(left + slot * (j + 0.5), ys(v)) if v is not None else None
               for j, v in enumerate(line_vals)]
        d = polyline_d(pts)
        parts.append(f'<g data-role="line" fill="none" stroke-linejoin="round">'
                     f'<path d="{d}" stroke="{PALETTE.halo}" stroke-width="4.5"/>'
                     f'<path d="{d}" stroke="{PALETTE.overlay_line}" stroke-width="2.2"/></g>')
        parts += [marker("circle", p[0], p[1], 3.2, PALETTE.overlay_line) for p in pts if p]
    return svg_root(cid, title, desc, bottom + 22 + PAD, parts)


def _plain_count(v: float) -> str:
    return str(int(round(v)))


def histogram_chart(chart_id: str, title: str, desc: str, edges: Sequence[float],
                    counts: Sequence[int],
                    fmt: Fmt, markers: list[tuple[float, str]],
                    count_fmt: Fmt | None = None, y_title: str | None = None) -> str:
    """Distribution of simulated outcomes with dashed markers at the percentiles; counts
    print as plain digits unless count_fmt is given."""
    cid = check_id(chart_id)
    title, desc = as_text(title), as_text(desc)
    cfmt = count_fmt or _plain_count
    e = [as_finite(v) for v in edges]
    c = [max(0.0, as_finite(v) or 0.0) for v in counts]
    ok = (len(c) >= 1 and len(e) == len(c) + 1 and all(v is not None for v in e)
          and all(b > a for a, b in zip(e, e[1:], strict=False)))  # type: ignore[operator]
    if not ok:
        return empty_chart(cid, title, desc)
    ev: list[float] = [v for v in e if v is not None]
    x_lo, x_hi = ev[0], ev[-1]
    marks = [(m, as_text(lab)) for m, lab in ((as_finite(v), lab) for v, lab in markers)
             if m is not None and x_lo <= m <= x_hi]

    marks.sort(key=lambda m: m[0])

    parts, top = chart_header(title, ())
    plot_h = 220
    ticks, labels = fit_value_ticks(0, max(c) or 1, cfmt, plot_h, horizontal=False)
    ticks = nice_ticks(0, max(c) or 1, len(ticks) - 1, integer=True)
    labels = [formatted(cfmt, t) for t in ticks]
    left = PAD + max(text_width(s, SMALL_SIZE) for s in labels) + 8
    room_l, room_r = end_room([formatted(fmt, x_lo), formatted(fmt, x_hi)])
    left, right = max(left, PAD + room_l), WIDTH - PAD - room_r
    xsc = Scale(x_lo, x_hi, left, right)

    # Marker labels (name over value) sit in a band above the plot, moved apart where they
    # would overlap and tied to their lines by leaders; a taller gap keeps leaders legible.
    texts = [(lab, formatted(fmt, m)) for m, lab in marks]
    widths = [max(text_width(a, SMALL_SIZE, True), text_width(b, SMALL_SIZE)) for a, b in texts]
    centres = spread_labels([(xsc(m), w) for (m, _), w in zip(marks, widths, strict=True)],
                            PAD, WIDTH - PAD, 8)
    moved = any(abs(cx - xsc(m)) > 0.5 for cx, (m, _) in zip(centres, marks, strict=True))
    band_h = 28 if marks else 0
    if y_title:
        top += 16
    plot_top = top + band_h + (18 if moved else 4 if marks else 0)
    bottom = plot_top + plot_h
    ys = Scale(ticks[0], ticks[-1], bottom, plot_top)
    parts += y_axis(ticks, labels, ys, left, right)
    if y_title:
        parts.append(svg_text(PAD, top - 4, y_title, SMALL_SIZE, fill=PALETTE.muted))
    label_w = max(text_width(formatted(fmt, v), SMALL_SIZE) for v in (x_lo, x_hi))
    max_n = max(2, int((right - left) // (label_w + 14)) + 1)
    xt = inner_ticks(x_lo, x_hi, max_n, integer=False)
    parts += x_axis(xt, [formatted(fmt, t) for t in xt], xsc, plot_top, bottom, grid=False)
    rects = [svg_rect(xsc(a), ys(n), xsc(b) - xsc(a), bottom - ys(n), PALETTE.histogram)
             for a, b, n in zip(ev, ev[1:], c, strict=False) if n > 0]
    parts.append(f'<g data-role="bars" stroke="{PALETTE.histogram_edge}" stroke-width="0.6">'
                 f'{"".join(rects)}</g>')
    parts.append(svg_line(left, bottom, right, bottom, PALETTE.axis, 1))
    if x_lo < 0 < x_hi:
        x = xsc(0)
        parts.append(svg_line(x, plot_top, x, bottom, PALETTE.zero, 1.4, ' data-role="zero"'))

    for (m, _), (name, val), cx in zip(marks, texts, centres, strict=True):
        x = xsc(m)
        ty = top
        parts.append(svg_text(cx, ty + 11, name, SMALL_SIZE, "middle", bold=True))
        parts.append(svg_text(cx, ty + 23, val, SMALL_SIZE, "middle", fill=PALETTE.muted))
        # A leader from the label down to its line; straight down when nothing moved.
        parts.append(f'<path d="M{svg_num(cx)} {svg_num(ty + 26)}V{svg_num(ty + 30)}'
                     f'L{svg_num(x)} {svg_num(plot_top)}" '
                     f'fill="none" stroke="{PALETTE.marker_line}" stroke-width="0.8"/>')
    for m, _ in marks:
        x = xsc(m)
        parts.append(svg_line(x, plot_top, x, bottom, PALETTE.marker_line, 1.4,
                              ' stroke-dasharray="5 4" data-role="marker"'))
    return svg_root(cid, title, desc, bottom + 22 + PAD, parts)


def bar_chart(chart_id: str, title: str, desc: str, categories: list[str], series: list[Series],
              fmt: Fmt, horizontal: bool = False) -> str:
    """Grouped bars with the value printed on each bar, e.g. the municipality's cost under
    three distribution keys; horizontal suits long category names."""
    cid = check_id(chart_id)
    title, desc = as_text(title), as_text(desc)
    n_cat, n_ser = len(categories), len(series)
    show_legend = n_ser > 1 or any(as_text(s.label) for s in series)
    keys = series_keys(series) if show_legend else []
    vals = [finite_values(s.values, n_cat) for s in series]
    finite = [v for col in vals for v in col if v is not None]
    if not n_cat or not finite:
        return empty_chart(cid, title, desc, keys)
    lo, hi = min(0.0, *finite), max(0.0, *finite)
    parts, top = chart_header(title, keys)
    cats = [as_text(c) for c in categories]
    if horizontal:
        return _hbars(cid, title, desc, cats, vals, parts, top, lo, hi, fmt)

    top += 16  # room for value labels above the highest bar
    left, right, bottom, ys = value_axis(parts, lo, hi, fmt, top, plot_h=220)
    slot = (right - left) / n_cat
    inner = slot * 0.8
    bw = min(inner / n_ser, 56)
    gap = 2 if n_ser > 1 else 0
    value_size: float | None = None
    longest = max(text_width(formatted(fmt, v), SMALL_SIZE) for v in finite)
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
            g.append(series_bar(x + gap / 2, min(y_a, y_b), bw - gap, abs(y_a - y_b), i))
            if value_size:
                ty = y_b - 4 if v >= 0 else y_b + value_size + 2
                g.append(svg_text(x + bw / 2, ty, formatted(fmt, v), value_size, "middle"))
        parts += g + ["</g>"]
    y0 = ys(0)
    parts.append(svg_line(left, y0, right, y0, PALETTE.zero, 1.2, ' data-role="zero"'))
    label_top = bottom + (16 if lo < 0 else 4)
    max_lines = 1
    for j, cat in enumerate(cats):
        lines = wrap(cat, slot - 6, TEXT_SIZE, max_lines=3)
        max_lines = max(max_lines, len(lines))
        for k, line in enumerate(lines):
            parts.append(svg_text(left + slot * (j + 0.5), label_top + 12 + k * 14, line,
                                  TEXT_SIZE, "middle"))
    return svg_root(cid, title, desc, label_top + max_lines * 14 + 4 + PAD, parts)


def _hbars(cid: str, title: str, desc: str, cats: list[str], vals: list[list[float | None]],
           parts: list[str], top: float, lo: float,
           hi: float, fmt: Fmt) -> str:
    """Horizontal layout of bar_chart: categories down the left, bars from zero."""
    n_ser = len(vals)
    label_w = min(180.0, max(text_width(c, TEXT_SIZE) for c in cats) + 4)
    left0, right0 = PAD + label_w + 12, WIDTH - PAD
    ticks, tlabels = fit_value_ticks(lo, hi, fmt, right0 - left0 - 100, True)
    ends = [(v, (1 if v >= 0 else -1) * (text_width(formatted(fmt, v), SMALL_SIZE) + 5))
            for col in vals for v in col if v is not None]
    left, right = fit_margins(ends, ticks[0], ticks[-1], left0, right0)
    right = min(right, WIDTH - PAD - end_room(tlabels)[1])
    xsc = Scale(ticks[0], ticks[-1], left, right)
    bar_h, gap = 14, 2
    wrapped = [wrap(c, label_w, TEXT_SIZE, max_lines=3) for c in cats]
    heights = [max(n_ser * (bar_h + gap) + 14, len(w) * 14 + 10) for w in wrapped]
    bottom = top + sum(heights)
    parts += x_axis(ticks, tlabels, xsc, top, bottom)
    parts.append(svg_line(left, bottom, right, bottom, PALETTE.axis, 1))
    y = top
    groups: list[list[str]] = [[f'<g data-role="bars" data-series="{i}">'] for i in range(n_ser)]
    for j, (lines, h) in enumerate(zip(wrapped, heights, strict=True)):
        cy = y + h / 2
        for k, line in enumerate(lines):
            parts.append(svg_text(PAD, cy + 4 - (len(lines) - 1) * 7 + k * 14, line, TEXT_SIZE))
        y_bar = cy - n_ser * (bar_h + gap) / 2 + gap / 2
        for i in range(n_ser):
            v = vals[i][j]
            by = y_bar + i * (bar_h + gap)
            if v is None:
                continue
            x0, x1 = xsc(0), xsc(v)
            groups[i].append(series_bar(min(x0, x1), by, abs(x1 - x0), bar_h, i))
            s = formatted(fmt, v)
            if v >= 0:
                groups[i].append(svg_text(x1 + 4, by + bar_h - 3, s, SMALL_SIZE))
            else:
                groups[i].append(svg_text(x1 - 4, by + bar_h - 3, s, SMALL_SIZE, "end"))
        y += h
    for g in groups:
        parts += g + ["</g>"]
    parts += vertical_zero_line(xsc, ticks, top, bottom)
    if ticks[0] == 0:
        parts.append(svg_line(xsc(0), top, xsc(0), bottom, PALETTE.zero, 1.2, ' data-role="zero"'))
    return svg_root(cid, title, desc, bottom + 22 + PAD, parts)
