"""The risk matrix: likelihood against consequence, each risk by its reference."""

from __future__ import annotations

from collections.abc import Sequence

from grunnlag.render.charts.geo import svg_num
from grunnlag.render.charts.svg import (
    PAD,
    PALETTE,
    TEXT_SIZE,
    WIDTH,
    LegendKey,
    RiskPoint,
    as_finite,
    as_text,
    chart_header,
    check_id,
    svg_rect,
    svg_root,
    svg_text,
    text_width,
    wrap,
)


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
        lines = wrap(", ".join(refs), w, size, bold=True)
        if len(lines) * size * 1.25 <= h:
            return size, lines
    size = 8
    max_lines = max(1, int(h // (size * 1.25)))
    for shown in range(len(refs) - 1, 0, -1):
        lines = wrap(", ".join(refs[:shown]) + f" +{len(refs) - shown}", w, size, True)
        if len(lines) <= max_lines:
            return size, lines
    return size, [f"+{len(refs)}"]


def risk_matrix(chart_id: str, title: str, desc: str, risks: list[RiskPoint],
                likelihood_labels: list[str], consequence_labels: list[str], x_title: str,
                y_title: str, level_labels: Sequence[str] | None = None) -> str:
    """A 5 x 5 likelihood/consequence grid, cells shaded low/medium/high by the product
    (<= 4, 5-9, >= 10), with each risk reference written in its cell."""
    cid = check_id(chart_id)
    title, desc = as_text(title), as_text(desc)
    keys = []
    if level_labels:
        keys = [LegendKey("rect", as_text(lab), fill) for lab, fill in zip(
            level_labels, (PALETTE.risk_low, PALETTE.risk_medium, PALETTE.risk_high),
            strict=False)]
    parts, top = chart_header(title, keys)
    lik = [as_text(s) for s in list(likelihood_labels)[:5]] + [""] * 5
    con = [as_text(s) for s in list(consequence_labels)[:5]] + [""] * 5
    label_w = min(130.0, max([text_width(s, TEXT_SIZE) for s in con[:5]] + [20]) + 4)
    left = PAD + 22 + label_w + 8
    right = WIDTH - PAD
    cw, ch = (right - left) / 5, 56.0
    bottom = top + 5 * ch
    cells: dict[tuple[int, int], list[str]] = {}
    for r in risks:
        li, co = as_finite(r.likelihood), as_finite(r.consequence)
        if li is None or co is None or li != int(li) or co != int(co):
            continue
        if 1 <= li <= 5 and 1 <= co <= 5:
            cells.setdefault((int(li), int(co)), []).append(as_text(r.ref))
    for co in range(5, 0, -1):
        for li in range(1, 6):
            x, y = left + (li - 1) * cw, top + (5 - co) * ch
            g = [f'<g data-role="cell" data-cell="{li}-{co}">',
                 svg_rect(x, y, cw, ch, _risk_fill(li, co),
                          f' stroke="{PALETTE.halo}" stroke-width="2"')]
            refs = cells.get((li, co), [])
            if refs:
                size, lines = _cell_text(refs, cw - 10, ch - 8)
                lh = size * 1.25
                y0 = y + ch / 2 - (len(lines) - 1) * lh / 2 + size * 0.35
                g += [svg_text(x + cw / 2, y0 + k * lh, line, size, "middle", bold=True)
                      for k, line in enumerate(lines)]
            parts += g + ["</g>"]
    for co in range(1, 6):
        lines = wrap(con[co - 1], label_w, TEXT_SIZE, max_lines=3)
        cy = top + (5 - co) * ch + ch / 2
        for k, line in enumerate(lines):
            parts.append(svg_text(left - 8, cy + 4 - (len(lines) - 1) * 7 + k * 14, line,
                                  TEXT_SIZE, "end"))
    max_lines = 1
    for li in range(1, 6):
        lines = wrap(lik[li - 1], cw - 6, TEXT_SIZE, max_lines=3)
        max_lines = max(max_lines, len(lines))
        for k, line in enumerate(lines):
            parts.append(svg_text(left + (li - 0.5) * cw, bottom + 16 + k * 14, line, TEXT_SIZE,
                                  "middle"))
    x_title_y = bottom + 16 + max_lines * 14 + 6
    parts.append(svg_text((left + right) / 2, x_title_y, as_text(x_title), TEXT_SIZE, "middle",
                          bold=True))
    ty = top + 2.5 * ch
    parts.append(svg_text(PAD + 12, ty, as_text(y_title), TEXT_SIZE, "middle", bold=True,
                          extra=f' transform="rotate(-90 {svg_num(PAD + 12)} {svg_num(ty)})"'))
    return svg_root(cid, title, desc, x_title_y + 8 + PAD, parts)
