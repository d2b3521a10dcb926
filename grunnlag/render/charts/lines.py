"""Line charts over years and interval (range) charts."""

from __future__ import annotations

from grunnlag.render.charts.axes import (
    Scale,
    end_room,
    fit_value_ticks,
    inner_ticks,
    spread_labels,
    vertical_zero_line,
    x_axis,
    y_axis,
)
from grunnlag.render.charts.svg import (
    PAD,
    PALETTE,
    SMALL_SIZE,
    TEXT_SIZE,
    WIDTH,
    Fmt,
    IntervalRow,
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
    series_colour,
    svg_line,
    svg_root,
    svg_text,
    text_width,
    wrap,
)


def line_chart(chart_id: str, title: str, desc: str, xs: list[float], series: list[Series],
               fmt: Fmt, x_fmt: Fmt, marker_x: float | None = None,
               marker_label: str | None = None, highlight_zero: bool = True) -> str:
    """Lines over a numeric x (years, participation share), with an optional dashed vertical
    marker such as the break-even year or the chosen participation threshold (a marker
    outside the x range is left out rather than stretching the axis)."""
    cid = check_id(chart_id)
    title, desc = as_text(title), as_text(desc)
    keys = [LegendKey("line", as_text(s.label), series_colour(i), PALETTE.dashes[i % 6],
                      PALETTE.markers[i % 6]) for i, s in enumerate(series)]
    xv = [as_finite(x) for x in xs]
    vals = [finite_values(s.values, len(xv)) for s in series]
    finite_x = [x for x in xv if x is not None]
    finite_y = [v for col in vals for x, v in zip(xv, col, strict=True)
                if v is not None and x is not None]
    if not finite_x or not finite_y:
        return empty_chart(cid, title, desc, keys)
    integer_x = all(x == int(x) for x in finite_x)
    x_lo, x_hi = min(finite_x), max(finite_x)
    if x_lo == x_hi:
        pad = 1.0 if integer_x else max(abs(x_lo) * 0.1, 0.1)
        x_lo, x_hi = x_lo - pad, x_hi + pad
    y_lo, y_hi = min(finite_y), max(finite_y)
    if highlight_zero:
        y_lo, y_hi = min(y_lo, 0.0), max(y_hi, 0.0)

    parts, top = chart_header(title, keys)
    mx = as_finite(marker_x)
    show_marker = mx is not None and x_lo <= mx <= x_hi
    if show_marker and marker_label:
        top += 18
    plot_h = 230
    bottom = top + plot_h
    ticks, labels = fit_value_ticks(y_lo, y_hi, fmt, plot_h, horizontal=False)
    x_label_w = max(text_width(formatted(x_fmt, x), SMALL_SIZE) for x in (x_lo, x_hi))
    left = max(PAD + max(text_width(s, SMALL_SIZE) for s in labels) + 8, PAD + x_label_w / 2)
    right = WIDTH - PAD - max(4, x_label_w / 2)
    ys = Scale(ticks[0], ticks[-1], bottom, top)
    xsc = Scale(x_lo, x_hi, left, right)
    parts += y_axis(ticks, labels, ys, left, right)
    max_n = max(2, int((right - left) // (x_label_w + 14)) + 1)
    xt = inner_ticks(x_lo, x_hi, max_n, integer_x)
    parts += x_axis(xt, [formatted(x_fmt, t) for t in xt], xsc, top, bottom, grid=False)
    parts.append(svg_line(left, bottom, right, bottom, PALETTE.axis, 1))
    if ticks[0] < 0 < ticks[-1]:
        y0 = ys(0)
        if highlight_zero:
            parts.append(svg_line(left, y0, right, y0, PALETTE.zero, 1.5, ' data-role="zero"'))
        else:
            parts.append(svg_line(left, y0, right, y0, PALETTE.axis, 1, ' data-role="zero"'))

    for i, col in enumerate(vals):
        colour = series_colour(i)
        dash = PALETTE.dashes[i % 6]
        pts = [(xsc(x), ys(v)) if x is not None and v is not None else None
               for x, v in zip(xv, col, strict=True)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        group = [f'<g data-role="series" data-series="{i}">',
                 f'<path d="{polyline_d(pts)}" fill="none" stroke="{colour}" '
                 f'stroke-width="2.2" stroke-linejoin="round"{dash_attr}/>']
        drawn = [p for p in pts if p is not None]
        if len(drawn) <= 30:  # markers help in grayscale; on long series they only clutter
            group += [marker(PALETTE.markers[i % 6], x, y, 3.2, colour) for x, y in drawn]
        parts += group + ["</g>"]

    if show_marker and mx is not None:
        x = xsc(mx)
        parts.append(svg_line(x, top, x, bottom, PALETTE.marker_line, 1.4,
                              ' stroke-dasharray="5 4" data-role="marker"'))
        if marker_label:
            text = wrap(as_text(marker_label), WIDTH - 2 * PAD, TEXT_SIZE, True, max_lines=1)
            w = text_width(text[0], TEXT_SIZE, True) if text else 0
            cx = min(max(x, PAD + w / 2), WIDTH - PAD - w / 2)
            parts.append(svg_text(cx, top - 6, text[0] if text else "", TEXT_SIZE, "middle",
                                  bold=True))
    return svg_root(cid, title, desc, bottom + 22 + PAD, parts)


def interval_chart(chart_id: str, title: str, desc: str, rows: list[IntervalRow],
                   fmt: Fmt) -> str:
    """One horizontal whisker per row (P10 to P90) with the median as a dot and P85 as a
    tick, so the spread of a Monte Carlo result reads at a glance."""
    cid = check_id(chart_id)
    title, desc = as_text(title), as_text(desc)
    keys: list[LegendKey] = []
    if rows:
        r0 = rows[0]
        span = "–".join(s for s in (as_text(r0.p10_label), as_text(r0.p90_label)) if s)
        keys = [k for k in (
            LegendKey("whisker", span, PALETTE.interval),
            LegendKey("marker", as_text(r0.p50_label), PALETTE.interval, shape="circle"),
            LegendKey("tick", as_text(r0.p85_label), PALETTE.interval_tick),
        ) if k.label]
    data = [(r, [as_finite(v) for v in (r.p10, r.p50, r.p85, r.p90)]) for r in rows]
    finite = [v for _, vs in data for v in vs if v is not None]
    if not finite:
        return empty_chart(cid, title, desc, keys)

    parts, top = chart_header(title, keys)
    label_w = min(190.0, max(text_width(as_text(r.label), TEXT_SIZE, True) for r in rows) + 4)
    left = PAD + label_w + 14
    ticks, tlabels = fit_value_ticks(min(finite), max(finite), fmt, WIDTH - PAD - left - 30,
                                     True)
    right = WIDTH - PAD - end_room(tlabels)[1]
    xsc = Scale(ticks[0], ticks[-1], left, right)
    wrapped = [wrap(as_text(r.label), label_w, TEXT_SIZE, True, max_lines=3) for r in rows]
    heights = [max(62.0, len(w) * 14 + 24) for w in wrapped]
    bottom = top + sum(heights)
    parts += x_axis(ticks, tlabels, xsc, top, bottom)
    parts += vertical_zero_line(xsc, ticks, top, bottom)
    parts.append(svg_line(left, bottom, right, bottom, PALETTE.axis, 1))

    y = top
    for (row, (p10, p50, p85, p90)), lines, h in zip(data, wrapped, heights, strict=True):
        cy = y + h / 2
        g = ['<g data-role="row">']
        for k, line in enumerate(lines):
            ly = cy + 4 - (len(lines) - 1) * 7 + k * 14
            g.append(svg_text(PAD, ly, line, TEXT_SIZE, bold=True))
        if p10 is not None and p90 is not None:
            x1, x2 = xsc(p10), xsc(p90)
            g += [svg_line(x1, cy, x2, cy, PALETTE.interval, 1.6),
                  svg_line(x1, cy - 5, x1, cy + 5, PALETTE.interval, 1.6),
                  svg_line(x2, cy - 5, x2, cy + 5, PALETTE.interval, 1.6)]
        if p85 is not None:
            x = xsc(p85)
            g.append(svg_line(x, cy - 8, x, cy + 8, PALETTE.interval_tick, 3))
        if p50 is not None:
            g.append(marker("circle", xsc(p50), cy, 5, PALETTE.interval, PALETTE.halo, 1.2))
        # Labels alternate below/above so neighbours (P85, P90) never share a side.
        texts = [(p10, row.p10_label, 1), (p50, row.p50_label, -1), (p85, row.p85_label, 1),
                 (p90, row.p90_label, -1)]
        for side in (1, -1):
            items = []
            for v, name, s in texts:
                if v is None or s != side:
                    continue
                name = as_text(name)
                s_txt = f"{name} {formatted(fmt, v)}" if name else formatted(fmt, v)
                items.append((xsc(v), text_width(s_txt, SMALL_SIZE), s_txt))
            centres = spread_labels([(c, w) for c, w, _ in items], left - 8, WIDTH - PAD, 8)
            ty = cy + 21 if side > 0 else cy - 12
            for (_, _, s_txt), c in zip(items, centres, strict=True):
                g.append(svg_text(c, ty, s_txt, SMALL_SIZE, "middle", fill=PALETTE.muted))
        g.append("</g>")
        parts += g
        y += h
    return svg_root(cid, title, desc, bottom + 22 + PAD, parts)
