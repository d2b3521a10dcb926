"""The tornado chart of the sensitivity analysis."""

from __future__ import annotations

from grunnlag.render.charts.axes import Scale, end_room, fit_margins, fit_value_ticks, x_axis
from grunnlag.render.charts.svg import (
    PAD,
    PALETTE,
    SMALL_SIZE,
    TEXT_SIZE,
    WIDTH,
    Fmt,
    LegendKey,
    TornadoRow,
    as_finite,
    as_text,
    chart_header,
    check_id,
    empty_chart,
    formatted,
    svg_line,
    svg_rect,
    svg_root,
    svg_text,
    text_width,
    wrap,
)


def tornado_chart(chart_id: str, title: str, desc: str, base: float, rows: list[TornadoRow],
                  fmt: Fmt, legend: tuple[str, str] | None = None,
                  base_label: str | None = None) -> str:
    """Sensitivity: for each input, bars from the base result to the result with the input
    at its low and high value; rows are drawn in the order given."""
    cid = check_id(chart_id)
    title, desc = as_text(title), as_text(desc)
    keys = []
    if legend:
        keys = [LegendKey("rect", as_text(legend[0]), PALETTE.tornado_low),
                LegendKey("rect", as_text(legend[1]), PALETTE.tornado_high)]
    b = as_finite(base)
    data = [(r, as_finite(r.low_value), as_finite(r.high_value)) for r in rows]
    finite = [v for _, lo, hi in data for v in (lo, hi) if v is not None]
    if b is None or not rows:
        return empty_chart(cid, title, desc, keys)
    parts, top = chart_header(title, keys)
    top += 18  # room for the base label
    label_w = min(180.0, max(text_width(as_text(r.label), TEXT_SIZE, True) for r in rows) + 4)
    plot_l0, plot_r0 = PAD + label_w + 12, WIDTH - PAD
    lo, hi = min([b, *finite]), max([b, *finite])
    ticks, tlabels = fit_value_ticks(lo, hi, fmt, plot_r0 - plot_l0 - 120, True)

    def end_text(v: float, input_label: str) -> str:
        s = formatted(fmt, v)
        return f"{s} ({input_label})" if input_label else s

    ends = []
    for r, lv, hv in data:
        for v, lab in ((lv, r.low_label), (hv, r.high_label)):
            if v is not None:
                w = text_width(end_text(v, as_text(lab)), SMALL_SIZE) + 5
                ends.append((v, -w if v < b else w))
    left, right = fit_margins(ends, ticks[0], ticks[-1], plot_l0, plot_r0)
    right = min(right, WIDTH - PAD - end_room(tlabels)[1])
    xsc = Scale(ticks[0], ticks[-1], left, right)
    wrapped = [wrap(as_text(r.label), label_w, TEXT_SIZE, True, max_lines=3) for r in rows]
    heights = [max(44.0, len(w) * 14 + 10) for w in wrapped]
    bottom = top + sum(heights)
    parts += x_axis(ticks, tlabels, xsc, top, bottom)
    parts.append(svg_line(left, bottom, right, bottom, PALETTE.axis, 1))
    bar_h = 14
    y = top
    for i, ((r, lv, hv), lines, h) in enumerate(zip(data, wrapped, heights, strict=True)):
        cy = y + h / 2
        g = [f'<g data-role="row" data-row="{i}">']
        for k, line in enumerate(lines):
            g.append(svg_text(PAD, cy + 4 - (len(lines) - 1) * 7 + k * 14, line, TEXT_SIZE,
                              bold=True))
        for v, lab, colour, by in ((lv, r.low_label, PALETTE.tornado_low, cy - bar_h - 1),
                                   (hv, r.high_label, PALETTE.tornado_high, cy + 1)):
            if v is None:
                continue
            x0, x1 = xsc(b), xsc(v)
            g.append(svg_rect(min(x0, x1), by, abs(x1 - x0), bar_h, colour))
            s = end_text(v, as_text(lab))
            if v < b:
                g.append(svg_text(x1 - 4, by + bar_h - 3, s, SMALL_SIZE, "end"))
            else:
                g.append(svg_text(x1 + 4, by + bar_h - 3, s, SMALL_SIZE))
        g.append("</g>")
        parts += g
        y += h
    xb = xsc(b)
    parts.append(svg_line(xb, top - 4, xb, bottom, PALETTE.zero, 1.4, ' data-role="base"'))
    bl = formatted(fmt, b)
    btxt = f"{as_text(base_label)} {bl}" if base_label else bl
    w = text_width(btxt, SMALL_SIZE, True)
    parts.append(svg_text(min(max(xb, PAD + w / 2), WIDTH - PAD - w / 2), top - 8, btxt,
                          SMALL_SIZE, "middle", bold=True))
    return svg_root(cid, title, desc, bottom + 22 + PAD, parts)
