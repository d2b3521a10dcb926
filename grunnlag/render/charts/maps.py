"""Choropleth maps of municipalities and counties."""

from __future__ import annotations

from collections.abc import Sequence

from grunnlag.render.charts.geo import (
    Feature,
    Projection,
    feature_bounds,
    feature_path,
    fit_projection,
    svg_num,
)
from grunnlag.render.charts.svg import (
    LEGEND_ROW,
    MAP_HEIGHT,
    PAD,
    PALETTE,
    TEXT_SIZE,
    WIDTH,
    LegendKey,
    as_text,
    chart_header,
    check_id,
    empty_chart,
    plain_colour,
    svg_rect,
    svg_root,
    svg_text,
    swatch,
    text_width,
    wrap,
    xml_escape,
)


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
    cid = check_id(chart_id)
    title, desc = as_text(title), as_text(desc)
    keys = [LegendKey("rect", as_text(lab), plain_colour(col)) for col, lab in legend]
    fills = {str(k): plain_colour(v) for k, v in sorted(fill_by_nr.items())}
    feats = tuple(f for f in features if f.polygons)
    if not feats:
        return empty_chart(cid, title, desc, keys, height=400)
    parts, top = chart_header(title, width=width)
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
        paths.append(f'<path data-nr="{xml_escape(f.nr)}" fill="{fill}" '
                     f'd="{feature_path(f, proj)}"/>')
    parts.append(f'<g data-role="municipalities" stroke="{PALETTE.map_border}" '
                 f'stroke-width="0.4" stroke-linejoin="round">{"".join(paths)}</g>')
    defs = []
    if county_features:
        counties = [f for f in county_features if f.polygons]
        defs.append(f'<clipPath id="{cid}-clip">{svg_rect(*box, "#000")}</clipPath>')
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
                hl.append(f'<circle cx="{svg_num(cx)}" cy="{svg_num(cy)}" r="11" '
                          f'stroke="{PALETTE.halo}" stroke-width="4"/>')
                hl.append(f'<circle cx="{svg_num(cx)}" cy="{svg_num(cy)}" r="11" '
                          f'stroke="{PALETTE.highlight}" stroke-width="1.8"/>')
            parts += hl + ["</g>"]
    if keys and legend_at is not None:
        lx, ly = legend_at
        lg = ['<g data-role="legend">',
              svg_rect(lx, ly, lw, lh, PALETTE.background,
                       f' stroke="{PALETTE.frame}" stroke-width="0.8"')]
        for i, k in enumerate(keys):
            cy = ly + 6 + i * LEGEND_ROW + LEGEND_ROW / 2
            sp, sw = swatch(k, lx + 8, cy)
            lg += sp
            text = wrap(k.label, label_w, TEXT_SIZE, max_lines=1)
            lg.append(svg_text(lx + 8 + sw + 6, cy + 4, text[0] if text else "", TEXT_SIZE))
        parts += lg + ["</g>"]
    return svg_root(cid, title, desc, height, parts, defs, width)
