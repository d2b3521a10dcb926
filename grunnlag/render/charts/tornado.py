"""The tornado chart of the sensitivity analysis."""

from __future__ import annotations

from grunnlag.render.charts.axes import _end_room, _fit_margins, _fit_value_ticks, _Scale, _x_axis
from grunnlag.render.charts.svg import (
    PAD,
    PALETTE,
    SMALL_SIZE,
    TEXT_SIZE,
    WIDTH,
    Fmt,
    TornadoRow,
    _check_id,
    _empty,
    _fmt,
    _header,
    _Key,
    _label,
    _line,
    _num,
    _rect,
    _svg,
    _text,
    _wrap,
    text_width,
)


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
