"""One horizontal bar of shares that add up to the whole (0–100 %), in parts, with a marked
threshold: the national overview's path to 55 % of the inhabitants.

Each part has a colour and a hatch, so the parts stay apart without colour vision and in
grayscale; each part's share is written in the legend and, where it fits, on the part itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from grunnlag.render.charts.svg import (
    PAD,
    PALETTE,
    SMALL_SIZE,
    TEXT_SIZE,
    WIDTH,
    Fmt,
    LegendKey,
    as_finite,
    as_text,
    chart_header,
    check_id,
    hatch_lines,
    luminance,
    plain_colour,
    svg_line,
    svg_rect,
    svg_root,
    svg_text,
    text_width,
    xml_escape,
)

BAR_HEIGHT = 40


@dataclass(frozen=True)
class SharePart:
    """One part of the bar: its name, its share (0–1), its colour and hatch."""

    key: str  # a machine name, kept on the drawn part (data-part)
    label: str
    share: float
    colour: str
    hatch: str = ""


def share_bar_chart(chart_id: str, title: str, desc: str, parts: Sequence[SharePart],
                    threshold: float, threshold_label: str, fmt: Fmt, tick_fmt: Fmt,
                    width: int = WIDTH) -> str:
    """A stacked bar of `parts` from 0 to 100 %, a line at `threshold` (0–1) named by
    `threshold_label`, and an axis at every 25 %; `fmt` writes a part's share, `tick_fmt`
    an axis label."""
    cid = check_id(chart_id)
    title, desc = as_text(title), as_text(desc)
    keys = [LegendKey("rect", f"{as_text(p.label)}: {fmt(max(as_finite(p.share) or 0.0, 0.0))}",
                 plain_colour(p.colour), hatch=p.hatch) for p in parts]
    body, top = chart_header(title, keys, width=width)
    left, right = PAD + 4, width - PAD - 4
    span = right - left
    label_y = top + TEXT_SIZE + 2  # the threshold's name, above the bar
    bar_y = label_y + 8
    x_of = lambda share: left + span * min(max(share, 0.0), 1.0)  # noqa: E731

    drawn = ['<g data-role="parts">']
    start = 0.0
    for p in parts:
        share = max(as_finite(p.share) or 0.0, 0.0)  # a missing share draws nothing
        x0, x1 = x_of(start), x_of(start + share)
        colour = plain_colour(p.colour)
        drawn.append(f'<g data-part="{xml_escape(p.key)}" data-share="{share:.6f}">'
                     + svg_rect(x0, bar_y, x1 - x0, BAR_HEIGHT, colour,
                             f' stroke="{PALETTE.background}" stroke-width="1"')
                     + hatch_lines(x0, bar_y, x1 - x0, BAR_HEIGHT, colour, p.hatch))
        share_text = fmt(share)
        if text_width(share_text, TEXT_SIZE, bold=True) + 8 <= x1 - x0:
            ink = PALETTE.background if luminance(colour) < 0.35 else PALETTE.text
            # a light box behind the figure keeps it legible over a hatch
            tw = text_width(share_text, TEXT_SIZE, bold=True)
            cx, cy = (x0 + x1) / 2, bar_y + BAR_HEIGHT / 2
            if p.hatch:
                drawn.append(svg_rect(cx - tw / 2 - 3, cy - TEXT_SIZE / 2 - 2, tw + 6,
                                      TEXT_SIZE + 4, PALETTE.background))
                ink = PALETTE.text
            drawn.append(svg_text(cx, cy + TEXT_SIZE * 0.36, share_text, TEXT_SIZE, "middle",
                                  bold=True, fill=ink))
        drawn.append("</g>")
        start += share
    drawn.append("</g>")
    body += drawn
    body.append(svg_rect(left, bar_y, span, BAR_HEIGHT, "none",
                      f' stroke="{PALETTE.frame}" stroke-width="1"'))

    # The axis: 0, 25, 50, 75 and 100 %
    axis_y = bar_y + BAR_HEIGHT
    body.append(svg_line(left, axis_y, right, axis_y, PALETTE.axis, 1))
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        x = x_of(tick)
        body.append(svg_line(x, axis_y, x, axis_y + 4, PALETTE.axis, 1))
        anchor = "start" if tick == 0 else "end" if tick == 1 else "middle"
        body.append(svg_text(x, axis_y + 6 + SMALL_SIZE, tick_fmt(tick), SMALL_SIZE, anchor,
                          fill=PALETTE.muted))

    # The threshold: a heavy line with a white halo across the bar, named above it
    threshold = as_finite(threshold) or 0.0
    tx = x_of(threshold)
    body.append(f'<g data-role="threshold" data-share="{threshold:.6f}">')
    body.append(svg_line(tx, label_y + 3, tx, axis_y + 6, PALETTE.halo, 5))
    body.append(svg_line(tx, label_y + 3, tx, axis_y + 6, PALETTE.marker_line, 2.2,
                      ' stroke-dasharray="5 3"'))
    name = as_text(threshold_label)
    anchor = "end" if tx + text_width(name, TEXT_SIZE, bold=True) / 2 > right else "middle"
    body.append(svg_text(tx, label_y, name, TEXT_SIZE, anchor, bold=True))
    body.append("</g>")
    height = axis_y + 6 + SMALL_SIZE + PAD + 4
    return svg_root(cid, title, desc, height, body, (), width)
