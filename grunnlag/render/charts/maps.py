"""Maps of municipalities and counties: filled by a colour each (choropleth), or with a circle
at each municipality sized by a value such as its population (proportional symbols), so a
city of many people and few square kilometres is seen and a vast, thinly populated one does
not dominate."""

from __future__ import annotations

import math
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


MIN_RADIUS = 1.2  # px: the smallest municipality's circle stays visible
# Under circles the land is pale with light gray borders, so even a light gray circle (no
# decision registered) stands out; each circle has a dark edge.
SYMBOL_GROUND, SYMBOL_BORDER, SYMBOL_EDGE = "#f5f5f5", "#cfcfcf", "#404040"


def centroid(f: Feature) -> tuple[float, float] | None:
    """Lon/lat centre of a feature's largest ring (its mainland, not an island)."""
    rings = [ring for poly in f.polygons for ring in poly[:1]]  # outer rings only
    best, best_area = None, -1.0
    for ring in rings:
        a = cx = cy = 0.0
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = x1 * y2 - x2 * y1
            a += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
        if abs(a) > best_area and a != 0:
            best_area, best = abs(a), (cx / (3 * a), cy / (3 * a))
    return best


def radius(value: float, largest: float, max_radius: float) -> float:
    """A circle's radius, its area proportional to `value` (the largest gets `max_radius`)."""
    if largest <= 0 or value <= 0:
        return MIN_RADIUS
    return max(MIN_RADIUS, max_radius * math.sqrt(value / largest))


def _symbols(feats: Sequence[Feature], proj: Projection,
             symbols: dict[str, tuple[float, str]], max_radius: float) -> list[str]:
    """A circle per municipality at its centre, the largest drawn first so none is hidden."""
    largest = max((v for v, _ in symbols.values()), default=0.0)
    drawn = []
    for f in feats:
        if f.nr not in symbols:
            continue
        c = centroid(f)
        if c is None:
            continue
        value, colour = symbols[f.nr]
        x, y = proj.point(*c)
        drawn.append((-value, f.nr, x, y, radius(value, largest, max_radius),
                      plain_colour(colour)))
    circles = [f'<circle data-nr="{xml_escape(nr)}" data-value="{svg_num(-neg)}" '
               f'cx="{svg_num(x)}" cy="{svg_num(y)}" r="{svg_num(r)}" fill="{colour}"/>'
               for neg, nr, x, y, r, colour in sorted(drawn)]
    return [f'<g data-role="symbols" stroke="{SYMBOL_EDGE}" stroke-width="0.5">'
            + "".join(circles) + "</g>"]


def _size_key(sizes: Sequence[tuple[float, str]], largest: float, max_radius: float,
              x: float, y: float) -> list[str]:
    """Nested circles for a few values, each named to its right, in a box of _size_box."""
    if not sizes:
        return []
    r_big = radius(max(v for v, _ in sizes), largest, max_radius)
    cx, base = x + 8 + r_big, y + 6 + 2 * r_big
    out = ['<g data-role="size-legend" fill="none" stroke="#595959" stroke-width="0.8">']
    label_y = -math.inf
    for value, label in sorted(sizes, reverse=True):
        r = radius(value, largest, max_radius)
        top = base - 2 * r
        label_y = max(top, label_y + TEXT_SIZE + 1)  # labels never on top of each other
        out.append(f'<circle cx="{svg_num(cx)}" cy="{svg_num(base - r)}" r="{svg_num(r)}"/>')
        out.append(f'<path d="M{svg_num(cx)} {svg_num(top)}H{svg_num(cx + r_big + 3)}'
                   f'L{svg_num(cx + r_big + 6)} {svg_num(label_y)}" stroke-width="0.6"/>')
        out.append(svg_text(cx + r_big + 8, label_y + 3.5, label, TEXT_SIZE - 1,
                         extra=' stroke="none"'))
    return out + ["</g>"]


def _size_box(sizes: Sequence[tuple[float, str]], largest: float,
              max_radius: float) -> tuple[float, float]:
    """Width and height of the size legend."""
    if not sizes:
        return 0.0, 0.0
    r_big = radius(max(v for v, _ in sizes), largest, max_radius)
    label_w = max(text_width(label, TEXT_SIZE - 1) for _, label in sizes)
    return 8 + 2 * r_big + 8 + label_w + 8, max(2 * r_big, len(sizes) * (TEXT_SIZE + 1)) + 14


def map_chart(chart_id: str, title: str, desc: str, features: Sequence[Feature],
              fill_by_nr: dict[str, str], legend: list[tuple[str, str]],
              highlight: str | None = None,
              county_features: Sequence[Feature] | None = None,
              width: int = WIDTH, height: int = MAP_HEIGHT,
              symbols: dict[str, tuple[float, str]] | None = None,
              sizes: Sequence[tuple[float, str]] = (), max_radius: float = 18.0) -> str:
    """Municipalities filled by the colour given for their number (others light gray; one
    path per colour, `data-nr` listing its municipalities),
    county borders on top, an optional highlighted municipality and a legend.

    With `symbols` (number -> (value, colour)), a circle at each of those municipalities
    with its area proportional to the value (the largest has `max_radius`), and `sizes`
    ((value, label)) as nested circles in the legend.

    A smaller `width` and `height` draw a map for half a column (two maps side by side) with
    text of the same size."""
    cid = check_id(chart_id)
    title, desc = as_text(title), as_text(desc)
    keys = [LegendKey("rect", as_text(lab), plain_colour(col)) for col, lab in legend]
    largest = max((v for v, _ in (symbols or {}).values()), default=0.0)
    size_w, size_h = _size_box(sizes, largest, max_radius) if symbols else (0.0, 0.0)
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
    lw, lh = max(label_w + 14 + 6 + 16, size_w), len(keys) * LEGEND_ROW + 12 + size_h
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

    # One path per colour, its municipalities' numbers in data-nr: a PDF renderer parses and
    # styles each element on its own, and 356 of them were a third of the overview's layout.
    by_fill: dict[str, tuple[list[str], list[str]]] = {}
    for f in feats:
        fill = fills.get(f.nr, SYMBOL_GROUND if symbols else PALETTE.no_data)
        nrs, ds = by_fill.setdefault(fill, ([], []))
        nrs.append(xml_escape(f.nr))
        ds.append(feature_path(f, proj))
    paths = [f'<path data-nr="{" ".join(nrs)}" fill="{fill}" d="{"".join(ds)}"/>'
             for fill, (nrs, ds) in by_fill.items()]
    border = SYMBOL_BORDER if symbols else PALETTE.map_border
    parts.append(f'<g data-role="municipalities" stroke="{border}" '
                 f'stroke-width="0.4" stroke-linejoin="round">{"".join(paths)}</g>')
    defs = []
    if county_features:
        counties = [f for f in county_features if f.polygons]
        defs.append(f'<clipPath id="{cid}-clip">{svg_rect(*box, "#000")}</clipPath>')
        cpaths = f'<path d="{"".join(feature_path(f, proj) for f in counties)}"/>'
        parts.append(f'<g data-role="counties" fill="none" stroke="{PALETTE.county_border}" '
                     f'stroke-width="0.9" stroke-linejoin="round" clip-path="url(#{cid}-clip)">'
                     f"{cpaths}</g>")
    if symbols:
        parts += _symbols(feats, proj, symbols, max_radius)
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
        if symbols:
            lg += _size_key(sizes, largest, max_radius, lx, ly + 6 + len(keys) * LEGEND_ROW)
        parts += lg + ["</g>"]
    return svg_root(cid, title, desc, height, parts, defs, width)
