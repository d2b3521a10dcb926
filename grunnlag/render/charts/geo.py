"""Municipality and county boundaries, and their projection to compact SVG path data.

The maps are drawn inline in every report, so the path data must be small (well below
400 kB for all 356 municipalities), deterministic and cheap to reuse: boundaries are
loaded once per file and each projected path is cached.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

Ring = tuple[tuple[float, float], ...]
Polygon = tuple[Ring, ...]
Bounds = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat

DEFAULT_MIN_STEP = 0.8  # px; points closer than this to the last kept point add nothing visible
TOLERANCE = 0.5  # px; a point this close to the line through its kept neighbours adds nothing


@dataclass(frozen=True, eq=False)
class Feature:
    """One municipality or county boundary in WGS84 (lon, lat).

    ``eq=False`` keeps hashing by identity: features are immutable and loaded once, so the
    projection caches can key on them without hashing tens of thousands of coordinates.
    """

    nr: str  # kommunenummer for municipalities, fylkesnummer for counties
    navn: str
    fylkesnummer: str
    polygons: tuple[Polygon, ...]


def svg_num(value: float) -> str:
    """Format a coordinate with at most one decimal, without '-0' or a trailing '.0'."""
    r = round(float(value), 1)
    if r == 0:
        return "0"
    s = f"{r:.1f}"
    return s[:-2] if s.endswith(".0") else s


def load_features(path: Path) -> list[Feature]:
    """Features of a GeoJSON FeatureCollection (Polygon and MultiPolygon), in file order."""
    p = Path(path).resolve()
    return list(_load(p, p.stat().st_mtime_ns))


@lru_cache(maxsize=8)
def _load(path: Path, _mtime_ns: int) -> tuple[Feature, ...]:
    """Parse once per file version; the same Feature objects keep the path cache warm."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out: list[Feature] = []
    for item in data.get("features", []):
        props = item.get("properties") or {}
        polygons = _polygons(item.get("geometry") or {})
        fylke = str(props.get("fylkesnummer") or "")
        nr = str(props.get("kommunenummer") or fylke)
        out.append(Feature(nr=nr, navn=str(props.get("navn") or ""), fylkesnummer=fylke,
                           polygons=polygons))
    return tuple(out)


def _polygons(geometry: dict) -> tuple[Polygon, ...]:
    """Normalise Polygon and MultiPolygon to a tuple of polygons; other types yield none."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        raw = [coords]
    elif kind == "MultiPolygon":
        raw = coords
    else:
        return ()
    polygons = []
    for poly in raw:
        rings = []
        for ring in poly:
            pts = tuple(
                (float(pt[0]), float(pt[1]))
                for pt in ring
                if len(pt) >= 2 and math.isfinite(pt[0]) and math.isfinite(pt[1])
            )
            if len(pts) >= 3:
                rings.append(pts)
        if rings:
            polygons.append(tuple(rings))
    return tuple(polygons)


@lru_cache(maxsize=4096)
def feature_bounds(feature: Feature) -> Bounds | None:
    """Lon/lat bounding box of a feature, or None when it has no coordinates."""
    lons = [p[0] for poly in feature.polygons for ring in poly for p in ring]
    lats = [p[1] for poly in feature.polygons for ring in poly for p in ring]
    if not lons:
        return None
    return (min(lons), min(lats), max(lons), max(lats))


def union_bounds(features: Iterable[Feature]) -> Bounds | None:
    """Bounding box of several features, or None when none has coordinates."""
    boxes = [b for b in (feature_bounds(f) for f in features) if b is not None]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection: x scaled by cos(mean latitude), y flipped (north up)."""

    lon0: float
    lat0: float  # the northern edge, mapped to y0
    kx: float
    scale: float
    x0: float
    y0: float

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        """SVG user coordinates of a lon/lat point, rounded to one decimal."""
        return (
            round(self.x0 + (lon - self.lon0) * self.kx * self.scale, 1),
            round(self.y0 + (self.lat0 - lat) * self.scale, 1),
        )


@lru_cache(maxsize=64)
def fit_projection(
    features: tuple[Feature, ...], x: float, y: float, width: float, height: float
) -> Projection | None:
    """Projection that fits and centres the features in the box; None if they are empty."""
    b = union_bounds(features)
    if b is None:
        return None
    min_lon, min_lat, max_lon, max_lat = b
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    w_units = (max_lon - min_lon) * kx
    h_units = max_lat - min_lat
    scales = [s for s in (width / w_units if w_units > 0 else 0,
                          height / h_units if h_units > 0 else 0) if s > 0]
    scale = min(scales) if scales else 1.0
    return Projection(
        lon0=min_lon,
        lat0=max_lat,
        kx=kx,
        scale=scale,
        x0=x + (width - w_units * scale) / 2,
        y0=y + (height - h_units * scale) / 2,
    )


def _thin(points: Sequence[tuple[float, float]], min_step: float) -> list[tuple[float, float]]:
    """Drop repeated points and points closer than min_step to the last kept one."""
    kept: list[tuple[float, float]] = []
    for p in points:
        if kept:
            q = kept[-1]
            if p == q or math.hypot(p[0] - q[0], p[1] - q[1]) < min_step:
                continue
        kept.append(p)
    while len(kept) > 1 and kept[-1] == kept[0]:
        kept.pop()  # the closing point is implied by 'Z'
    return kept


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker: keep only the points that lie farther than `tolerance` from the line
    between the points kept around them. Half a pixel of a map drawn about 16 cm wide is
    less than a tenth of a millimetre on paper, yet the outlines lose about 40 % of their
    points, and every point costs time in each PDF and page that draws the map."""
    if len(points) < 4 or tolerance <= 0:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    spans = [(0, len(points) - 1)]
    while spans:
        first, last = spans.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        far, at = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            d = (abs(dy * (px - x1) - dx * (py - y1)) / length if length
                 else math.hypot(px - x1, py - y1))
            if d > far:
                far, at = d, i
        if far > tolerance:
            keep[at] = True
            spans += [(first, at), (at, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring_d(points: Sequence[tuple[float, float]]) -> str:
    """'M x y l dx dy ... z' for one ring.

    Relative steps are about a third shorter than absolute pairs. They are differences of
    already rounded points, so they are exact tenths and the outline does not drift.
    """
    x0, y0 = points[0]
    steps = []
    for x, y in points[1:]:
        dx, dy = svg_num(x - x0), svg_num(y - y0)
        steps.append(dx + ("" if dy.startswith("-") else " ") + dy)
        x0, y0 = x, y
    return f"M{svg_num(points[0][0])} {svg_num(points[0][1])}l" + " ".join(steps) + "z"


@lru_cache(maxsize=4096)
def feature_path(
    feature: Feature, projection: Projection, min_step: float = DEFAULT_MIN_STEP
) -> str:
    """SVG path data for a feature; tiny rings vanish, but the feature itself never does."""
    rings: list[list[tuple[float, float]]] = []
    largest: list[tuple[float, float]] = []
    for poly in feature.polygons:
        for ring in poly:
            projected = [projection.point(lon, lat) for lon, lat in ring]
            thinned = _simplify(_thin(projected, min_step), TOLERANCE)
            if len(thinned) >= 3:
                rings.append(thinned)
            exact = _thin(projected, 0.0)
            if len(exact) > len(largest):
                largest = exact
    if not rings and largest:
        # Keep a small island municipality visible rather than dropping it.
        if len(largest) >= 3:
            rings.append(largest)
        else:
            x, y = largest[0]
            rings.append([(x - 0.5, y - 0.5), (x + 0.5, y - 0.5), (x + 0.5, y + 0.5),
                          (x - 0.5, y + 0.5)])
    return "".join(_ring_d(r) for r in rings)
