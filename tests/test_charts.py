"""The SVG charts: well-formed, accessible, escaped, deterministic and robust."""

from __future__ import annotations

import logging
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest

from grunnlag.paths import DATA, FONTS
from grunnlag.render import charts
from grunnlag.render.charts import (
    IntervalRow,
    RiskPoint,
    Series,
    SharePart,
    TornadoRow,
    bar_chart,
    cashflow_chart,
    histogram_chart,
    interval_chart,
    line_chart,
    map_chart,
    nice_ticks,
    risk_matrix,
    share_bar_chart,
    tornado_chart,
)
from grunnlag.render.charts import svg as svg_parts
from grunnlag.render.charts.geo import feature_path, fit_projection, load_features

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> & "x"'
NAN = float("nan")
YEARS = list(range(2021, 2041))


def nok(v: float) -> str:
    """Norwegian short amounts as the reports print them: -12_500_000 -> '−12,5 mill.'."""
    a = abs(v)
    if a >= 1e6:
        s = f"{v / 1e6:.1f}".replace(".", ",").removesuffix(",0") + "\u00a0mill."
    else:
        s = f"{v:,.0f}".replace(",", "\u00a0")
    return s.replace("-", "\u2212")


def pct(v: float) -> str:
    return f"{v * 100:.0f}\u00a0%"


def year(v: float) -> str:
    return str(int(v))


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{NS}text")]


def _features():
    return load_features(DATA / "kommuner-2020.geojson")


def _counties():
    return load_features(DATA / "fylker-2020.geojson")


def make_all(label: str = "Kostnader", title: str = "Tittel", desc: str = "Beskrivelse",
             prefix: str = "c") -> dict[str, str]:
    """One of each chart with realistic data; label goes into every labelled slot."""
    n = len(YEARS)
    invest = Series(label, [-12_500_000 if y < 2025 else -2_000_000 for y in YEARS])
    drift = Series("Drift", [-1_500_000] * n)
    gains = Series("Gevinster", [0 if y < 2024 else 1_000_000 * min(y - 2023, 8) for y in YEARS])
    net = [a + b + c for a, b, c in zip(invest.values, drift.values, gains.values, strict=True)]
    cum = [sum(net[: k + 1]) for k in range(n)]
    shares = [0.25 + 0.05 * k for k in range(16)]
    feats = _features()
    fills = {f.nr: ("#1f4e79" if f.fylkesnummer in {"03", "30"} else "#e69f00") for f in feats
             if f.fylkesnummer not in {"15", "50"}}
    return {
        "cashflow": cashflow_chart(f"{prefix}-cash", title, desc, YEARS, [invest, drift, gains],
                                   Series("Kumulativt netto", cum), nok, legend_title=label),
        "line": line_chart(f"{prefix}-line", title, desc, shares,
                           [Series(label, [(s - 0.55) * 80_000_000 for s in shares]),
                            Series("P85", [(s - 0.7) * 60_000_000 for s in shares])],
                           nok, pct, marker_x=0.55, marker_label=label),
        "interval": interval_chart(f"{prefix}-int", title, desc, [
            IntervalRow(label, -30e6, -5e6, 12e6, 15e6, "P10", "P50", "P85", "P90"),
            IntervalRow("Netto nåverdi for kommunen", -8e6, 4e6, 9e6, 11e6, "P10", "P50", "P85",
                        "P90"),
        ], nok),
        "histogram": histogram_chart(
            f"{prefix}-hist", title, desc, [-40e6 + 5e6 * k for k in range(17)],
            [2, 8, 20, 45, 90, 160, 240, 300, 280, 230, 160, 100, 60, 30, 12, 3],
            nok, [(-18e6, "P10"), (1e6, label), (12e6, "P85"), (16e6, "P90")]),
        "tornado": tornado_chart(f"{prefix}-tor", title, desc, 4e6, [
            TornadoRow(label, -9e6, 14e6, "3 %", "5 %"),
            TornadoRow("Gevinstrealisering", 12e6, -2e6, "60 %", "120 %"),
            TornadoRow("Deltakelse", 1e6, 6e6, "40 %", "90 %"),
        ], nok, legend=("Lav verdi", "Høy verdi"), base_label="Basis"),
        "bar": bar_chart(f"{prefix}-bar", title, desc,
                         ["Folketall", "Fast andel og folketall", label],
                         [Series("P50", [12e6, 9.5e6, 14e6]), Series("P85", [15e6, 12e6, 17e6])],
                         nok),
        "hbar": bar_chart(f"{prefix}-hbar", title, desc, ["40 %", "55 %", "70 %", label],
                          [Series(label, [20e6, 14e6, -3e6, 9e6])], nok, horizontal=True),
        "risk": risk_matrix(f"{prefix}-risk", title, desc,
                            [RiskPoint(label, 4, 4), RiskPoint("R2", 2, 3),
                             RiskPoint("R3", 4, 4), RiskPoint("R4", 1, 1)],
                            ["Svært lite sannsynlig", "Lite", "Moderat", "Sannsynlig",
                             "Svært sannsynlig"],
                            ["Ubetydelig", "Liten", "Moderat", "Alvorlig", "Svært alvorlig"],
                            "Sannsynlighet", "Konsekvens", level_labels=("Lav", "Middels", "Høy")),
        "map": map_chart(f"{prefix}-map", title, desc, feats, fills,
                         [("#1f4e79", label), ("#e69f00", "Andre kommuner"),
                          ("#e0e0e0", "Midt-Norge")], highlight="4601",
                         county_features=_counties()),
        "map-symbols": map_chart(f"{prefix}-sym", title, desc, feats, {},
                                 [("#1f4e79", label), ("#e69f00", "Andre kommuner")],
                                 county_features=_counties(),
                                 symbols={f.nr: (1000.0 * (i + 1), "#1f4e79" if i % 2 else
                                                 "#e69f00") for i, f in enumerate(feats)},
                                 sizes=[(5000.0, "5 000 " + label), (500.0, "500")]),
        "sharebar": share_bar_chart(f"{prefix}-share", title, desc, [
            SharePart("a", label, 0.2, "#1f4e79"), SharePart("b", "Opsjon", 0.1, "#00756f", "diag"),
            SharePart("c", "Nei", 0.05, "#b35c00", "cross"), SharePart("d", "Uavklart", 0.65,
                                                                       "#c9c9c9")],
            0.55, "Krav: 55 %", pct, pct),
    }


def empty_all() -> dict[str, Callable[[], str]]:
    """Each chart with no usable data: empty lists, NaN everywhere, all zero, one point."""
    rows_nan = [IntervalRow("a", NAN, NAN, NAN, NAN, "P10", "P50", "P85", "P90")]
    return {
        "cash-empty": lambda: cashflow_chart("e1", "T", "D", [], [], None, nok),
        "cash-nan": lambda: cashflow_chart("e2", "T", "D", [2021, 2022], [Series("a", [NAN, NAN])],
                                           Series("b", [NAN, NAN]), nok),
        "cash-zero": lambda: cashflow_chart("e3", "T", "D", [2021, 2022], [Series("a", [0, 0])],
                                            None, nok),
        "cash-one": lambda: cashflow_chart("e4", "T", "D", [2021], [Series("a", [5.0])], None, nok),
        "cash-short": lambda: cashflow_chart("e5", "T", "D", [2021, 2022, 2023],
                                             [Series("a", [1.0])], Series("b", []), nok),
        "line-empty": lambda: line_chart("e6", "T", "D", [], [], nok, year),
        "line-nan": lambda: line_chart("e7", "T", "D", [1, 2], [Series("a", [NAN, NAN])], nok,
                                       year, marker_x=NAN, marker_label="m"),
        "line-one": lambda: line_chart("e8", "T", "D", [2030], [Series("a", [3.0])], nok, year,
                                       marker_x=2030, marker_label="m"),
        "line-zero": lambda: line_chart("e9", "T", "D", [0.3, 0.6], [Series("a", [0, 0])], nok,
                                        pct, highlight_zero=False),
        "interval-empty": lambda: interval_chart("e10", "T", "D", [], nok),
        "interval-nan": lambda: interval_chart("e11", "T", "D", rows_nan, nok),
        "interval-one": lambda: interval_chart(
            "e12", "T", "D", [IntervalRow("a", 1, 1, 1, 1, "", "", "", "")], nok),
        "hist-empty": lambda: histogram_chart("e13", "T", "D", [], [], nok, []),
        "hist-nan": lambda: histogram_chart("e14", "T", "D", [0, NAN, 2], [1, 2], nok,
                                            [(NAN, "x")]),
        "hist-zero": lambda: histogram_chart("e15", "T", "D", [0, 1, 2], [0, 0], nok, [(1, "x")]),
        "tornado-empty": lambda: tornado_chart("e16", "T", "D", 0, [], nok),
        "tornado-nan": lambda: tornado_chart("e17", "T", "D", NAN,
                                             [TornadoRow("a", NAN, 1, "", "")], nok),
        "tornado-flat": lambda: tornado_chart("e18", "T", "D", 0,
                                              [TornadoRow("a", 0, 0, "l", "h")], nok),
        "bar-empty": lambda: bar_chart("e19", "T", "D", [], [], nok),
        "bar-nan": lambda: bar_chart("e20", "T", "D", ["a"], [Series("s", [NAN])], nok),
        "bar-zero": lambda: bar_chart("e21", "T", "D", ["a", "b"], [Series("s", [0, 0])], nok,
                                      horizontal=True),
        "risk-empty": lambda: risk_matrix("e22", "T", "D", [], [], [], "x", "y"),
        "risk-bad": lambda: risk_matrix("e23", "T", "D", [RiskPoint("R", 9, 0),
                                                          RiskPoint("S", NAN, 2)],  # type: ignore
                                        ["a"] * 5, ["b"] * 5, "x", "y"),
        "map-empty": lambda: map_chart("e24", "T", "D", [], {}, []),
        "sharebar-nan": lambda: share_bar_chart("e25", "T", "D", [
            SharePart("a", "a", NAN, "#1f4e79"), SharePart("b", "b", 0.0, "#c9c9c9")],
            NAN, "Krav", pct, pct),
        "sharebar-empty": lambda: share_bar_chart("e26", "T", "D", [], 0.55, "Krav", pct, pct),
    }


ALL = make_all()


# ------------------------------------------------------------------ structure and accessibility


@pytest.mark.parametrize("name", sorted(ALL))
def test_well_formed_with_title_and_desc_first(name: str) -> None:
    root = parse(ALL[name])
    assert root.tag == f"{NS}svg"
    cid = root[0].get("id").removesuffix("-title")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{cid}-title {cid}-desc"
    assert root.get("width") == "100%"
    assert root.get("font-family") == "DejaVu Sans, sans-serif"
    assert root[0].tag == f"{NS}title" and root[0].text == "Tittel"
    assert root[1].tag == f"{NS}desc" and root[1].text == "Beskrivelse"
    w, h = (float(v) for v in root.get("viewBox").split()[2:])
    assert w == 680
    assert (h == 800) if name.startswith("map") else (150 <= h <= 600)
    assert "Tittel" in texts(root)  # the title is also drawn


@pytest.mark.parametrize("name", sorted(ALL))
def test_no_external_references(name: str) -> None:
    svg = ALL[name]
    assert "href" not in svg
    assert "<image" not in svg and "@font-face" not in svg and "@import" not in svg
    assert re.findall(r"https?://[^\s\"']*", svg) == ["http://www.w3.org/2000/svg"]
    assert all(u.startswith("url(#") for u in re.findall(r"url\([^)]*\)", svg))


@pytest.mark.parametrize("name", sorted(ALL))
def test_coordinates_have_at_most_one_decimal(name: str) -> None:
    root = parse(ALL[name])
    for el in root.iter():
        for attr in ("x", "y", "x1", "y1", "x2", "y2", "width", "height", "cx", "cy", "r", "d",
                     "points"):
            v = el.get(attr)
            if v and not v.endswith("%"):
                assert not re.search(r"\d\.\d\d", v), (attr, v[:80])


@pytest.mark.parametrize("name", sorted(ALL))
def test_hostile_labels_are_escaped(name: str) -> None:
    svg = make_all(label=HOSTILE, title=HOSTILE, desc=HOSTILE)[name]
    root = parse(svg)
    assert not any(el.tag.endswith("script") for el in root.iter())
    assert "<script" not in svg
    assert root[0].text == HOSTILE and root[1].text == HOSTILE
    drawn = " ".join(texts(root))
    assert "<script>" in drawn and "&" in drawn  # shown literally (possibly wrapped)


@pytest.mark.parametrize("name", sorted(ALL))
def test_deterministic(name: str) -> None:
    assert make_all()[name] == ALL[name]


def test_ids_unique_per_chart_and_prefixed() -> None:
    for svg in ALL.values():
        root = parse(svg)
        cid = root[0].get("id").removesuffix("-title")
        ids = [el.get("id") for el in root.iter() if el.get("id")]
        assert len(ids) == len(set(ids))
        assert all(i.startswith(cid + "-") for i in ids)


def test_bad_chart_id_and_colour_rejected() -> None:
    with pytest.raises(ValueError):
        bar_chart('x" onload="y', "T", "D", ["a"], [Series("s", [1])], nok)
    with pytest.raises(ValueError):
        map_chart("m", "T", "D", _features()[:3], {"0301": "url(http://x)"}, [])


def test_text_colours_meet_wcag_aa() -> None:
    def contrast(a: str, b: str) -> float:
        la, lb = svg_parts.luminance(a), svg_parts.luminance(b)
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)

    p = charts.PALETTE
    for c in (p.text, p.muted, p.axis, p.interval_tick):
        assert contrast(c, "#ffffff") >= 4.5
    for cell in (p.risk_low, p.risk_medium, p.risk_high):
        assert contrast(p.text, cell) >= 4.5
    # Neighbouring series differ in grayscale, or carry a hatch.
    lum = [svg_parts.luminance(c) for c in p.series]
    for i in range(len(lum)):
        for j in range(i):
            assert abs(lum[i] - lum[j]) > 0.05 or p.hatches[i] or p.hatches[j]


# ------------------------------------------------------------------ robustness


@pytest.mark.parametrize("name", sorted(empty_all()))
def test_empty_and_nan_data_do_not_crash(name: str) -> None:
    svg = empty_all()[name]()
    root = parse(svg)
    assert root[0].text == "T"
    assert "T" in texts(root)
    assert "nan" not in svg.lower().replace("font", "")
    assert "inf" not in svg.lower()


def test_empty_frame_when_no_data() -> None:
    root = parse(empty_all()["cash-nan"]())
    assert [el for el in root.iter() if el.get("data-role") == "empty"]


# ------------------------------------------------------------------ ticks and numbers


def test_nice_ticks() -> None:
    assert nice_ticks(-12.5e6, 40e6) == [-20e6, -10e6, 0, 10e6, 20e6, 30e6, 40e6]
    assert nice_ticks(0, 7) == [0, 2, 4, 6, 8]
    assert nice_ticks(0, 0)[0] == 0 and nice_ticks(0, 0)[-1] == 1
    assert nice_ticks(0, 0.9, 4) == [0, 0.25, 0.5, 0.75, 1.0]
    assert nice_ticks(3, 3)[0] < 3 < nice_ticks(3, 3)[-1]
    for lo, hi in ((-1, 1), (-3.3e9, 2e7), (0.001, 0.0137), (5, 1234)):
        ticks = nice_ticks(lo, hi)
        step = ticks[1] - ticks[0]
        mant = step / 10 ** math.floor(math.log10(step))
        assert any(abs(mant - m) < 1e-9 for m in (1, 2, 2.5, 5))
        assert ticks[0] <= lo and ticks[-1] >= hi
        if lo < 0 < hi:
            assert 0 in ticks


def test_years_are_plain_and_fmt_is_used() -> None:
    root = parse(ALL["cashflow"])
    drawn = texts(root)
    assert "2021" in drawn and "2 021" not in " ".join(drawn)
    assert "\u221220\u00a0mill." in drawn  # fmt used for the value axis
    line = texts(parse(ALL["line"]))
    assert "25\u00a0%" in line and "100\u00a0%" in line  # x_fmt on the share axis


# ------------------------------------------------------------------ chart specific


def _rects(root: ET.Element, series: int) -> list[ET.Element]:
    g = next(el for el in root.iter(f"{NS}g") if el.get("data-role") == "bars"
             and el.get("data-series") == str(series))
    return list(g.iter(f"{NS}rect"))


def test_stacked_bars_on_both_sides_of_zero() -> None:
    svg = cashflow_chart("s", "T", "D", [2021, 2022], [Series("cost", [-5, -3]),
                                                       Series("gain", [4, 6]),
                                                       Series("more cost", [-1, -1])],
                         Series("net", [-2, 0]), nok)
    root = parse(svg)
    zero = next(el for el in root.iter(f"{NS}line") if el.get("data-role") == "zero")
    y0 = float(zero.get("y1"))
    for r in _rects(root, 0) + _rects(root, 2):  # costs hang below the zero line
        assert float(r.get("y")) >= y0 - 0.05
    for r in _rects(root, 1):  # gains stand on it
        assert float(r.get("y")) + float(r.get("height")) <= y0 + 0.05
    # The second cost stacks below the first, not over it.
    first, second = _rects(root, 0)[0], _rects(root, 2)[0]
    assert float(second.get("y")) == pytest.approx(
        float(first.get("y")) + float(first.get("height")), abs=0.11)
    assert [el.tag for el in root.iter() if el.get("data-role") == "line"]


def test_tornado_order_preserved() -> None:
    rows = [TornadoRow(n, -v, v, "lav", "høy") for n, v in (("Zeta", 1), ("Alfa", 9),
                                                            ("Mu", 4))]
    root = parse(tornado_chart("t", "T", "D", 0, rows, nok))
    groups = [g for g in root.iter(f"{NS}g") if g.get("data-role") == "row"]
    assert ["".join(next(g.iter(f"{NS}text")).itertext()) for g in groups] == ["Zeta", "Alfa",
                                                                              "Mu"]
    ys = [float(next(g.iter(f"{NS}rect")).get("y")) for g in groups]
    assert ys == sorted(ys)
    drawn = texts(root)
    assert "\u22129 (lav)" in drawn and "9 (høy)" in drawn


def test_risk_matrix_places_refs_in_their_cells() -> None:
    risks = [RiskPoint("R1", 4, 2), RiskPoint("R2", 1, 5), RiskPoint("R3", 4, 2)]
    root = parse(risk_matrix("r", "T", "D", risks, list("abcde"), list("fghij"), "S", "K"))
    cells = {g.get("data-cell"): g for g in root.iter(f"{NS}g") if g.get("data-cell")}
    assert len(cells) == 25
    assert " ".join(texts(cells["4-2"])) == "R1, R3"
    assert texts(cells["1-5"]) == ["R2"]
    assert texts(cells["2-4"]) == []
    fill = {k: next(g.iter(f"{NS}rect")).get("fill") for k, g in cells.items()}
    p = charts.PALETTE
    assert fill["2-2"] == p.risk_low and fill["1-4"] == p.risk_low
    assert fill["1-5"] == p.risk_medium and fill["3-3"] == p.risk_medium
    assert fill["2-5"] == p.risk_high and fill["5-5"] == p.risk_high


def test_risk_matrix_many_refs_shrink_and_stay_in_cell() -> None:
    risks = [RiskPoint(f"R{i}", 3, 3) for i in range(1, 41)]
    root = parse(risk_matrix("r", "T", "D", risks, list("abcde"), list("fghij"), "S", "K"))
    cell = next(g for g in root.iter(f"{NS}g") if g.get("data-cell") == "3-3")
    rect = next(cell.iter(f"{NS}rect"))
    top, bottom = float(rect.get("y")), float(rect.get("y")) + float(rect.get("height"))
    for t in cell.iter(f"{NS}text"):
        assert float(t.get("font-size")) < 12
        assert top < float(t.get("y")) < bottom
    assert any("+" in s for s in texts(cell))


def test_interval_labels_do_not_overlap() -> None:
    rows = [IntervalRow("a", 0, 50, 88, 90, "P10", "P50", "P85", "P90")]
    root = parse(interval_chart("i", "T", "D", rows, nok))
    spans: dict[str, list[tuple[float, float]]] = {}
    for t in root.iter(f"{NS}text"):
        s = "".join(t.itertext())
        if s.startswith("P") and t.get("font-size") == "10":
            w = charts.text_width(s, float(t.get("font-size")))
            spans.setdefault(t.get("y"), []).append((float(t.get("x")) - w / 2,
                                                     float(t.get("x")) + w / 2))
    assert sum(len(v) for v in spans.values()) == 4
    for v in spans.values():
        v.sort()
        assert all(a[1] <= b[0] for a, b in zip(v, v[1:], strict=False))


def test_series_styles_stay_distinct() -> None:
    styles = [(svg_parts.series_colour(i), svg_parts.hatch_of(i)) for i in range(12)]
    assert len(set(styles)) == 12


def test_line_marker_at_its_x() -> None:
    root = parse(ALL["line"])
    marker = next(el for el in root.iter(f"{NS}line") if el.get("data-role") == "marker")
    at = {"".join(t.itertext()): float(t.get("x")) for t in root.iter(f"{NS}text")}
    x50, x75 = at["50\u00a0%"], at["75\u00a0%"]
    assert float(marker.get("x1")) == pytest.approx(x50 + (x75 - x50) * 0.2, abs=0.2)


def test_histogram_markers_inside_range_only() -> None:
    svg = histogram_chart("h", "T", "D", [0, 1, 2, 3], [1, 5, 2], nok,
                          [(0.5, "P10"), (2.5, "P90"), (7, "utenfor")])
    root = parse(svg)
    lines = [el for el in root.iter(f"{NS}line") if el.get("data-role") == "marker"]
    assert len(lines) == 2
    assert "utenfor" not in texts(root) and "P90" in texts(root)


def test_map_one_path_per_colour_naming_its_municipalities() -> None:
    feats = _features()
    assert len(feats) == 356
    fills = {"0301": "#1f4e79", "4601": "#E69F00"}
    svg = map_chart("m", "Kart", "D", feats, fills, [("#1f4e79", "Oslo")], highlight="4601",
                    county_features=_counties())
    root = parse(svg)
    g = next(el for el in root.iter(f"{NS}g") if el.get("data-role") == "municipalities")
    paths = list(g.iter(f"{NS}path"))
    assert len(paths) == 3  # Oslo's colour, Bergen's, and the rest
    listed = [nr for p in paths for nr in p.get("data-nr").split()]
    assert sorted(listed) == sorted(f.nr for f in feats)  # each municipality once
    by_nr = {nr: p.get("fill") for p in paths for nr in p.get("data-nr").split()}
    # each municipality's outline is in its colour's path: one subpath or more per municipality
    assert all(p.get("d").count("M") >= len(p.get("data-nr").split()) for p in paths)
    assert by_nr["0301"] == "#1f4e79" and by_nr["4601"] == "#e69f00"
    assert by_nr["5001"] == charts.PALETTE.no_data
    assert all(p.get("d").startswith("M") for p in paths)
    assert len(svg.encode()) < 400_000
    assert [el for el in root.iter() if el.get("data-role") == "highlight"]
    assert [el for el in root.iter() if el.get("data-role") == "counties"]
    assert "Oslo" in texts(root)


def test_map_legend_sits_clear_of_norway() -> None:
    root = parse(ALL["map"])
    legend = next(el for el in root.iter(f"{NS}g") if el.get("data-role") == "legend")
    frame = next(legend.iter(f"{NS}rect"))
    assert float(frame.get("x")) > 340 and float(frame.get("y")) > 400  # lower right: Sweden


def test_geo_loads_polygons_and_multipolygons(tmp_path) -> None:
    counties = _counties()
    assert len(counties) == 11 and counties[0].nr == "03" and counties[0].navn == "Oslo"
    path = tmp_path / "t.geojson"
    path.write_text(
        '{"type":"FeatureCollection","features":['
        '{"type":"Feature","properties":{"kommunenummer":"9999","navn":"X","fylkesnummer":"99"},'
        '"geometry":{"type":"Polygon","coordinates":[[[10,60],[11,60],[11,61],[10,61],[10,60]]]}},'
        '{"type":"Feature","properties":{"kommunenummer":"9998","navn":"Y","fylkesnummer":"99"},'
        '"geometry":null}]}', encoding="utf-8")
    feats = load_features(path)
    assert [f.nr for f in feats] == ["9999", "9998"]
    assert feats[0].fylkesnummer == "99" and len(feats[0].polygons) == 1 and not feats[1].polygons
    proj = fit_projection((feats[0],), 0, 0, 100, 100)
    d = feature_path(feats[0], proj)
    assert d.startswith("M") and d.endswith("z") and d.count("M") == 1
    # x is scaled by cos(60.5°): a 1°×1° cell is about half as wide as tall.
    assert proj.point(11, 61)[0] - proj.point(10, 61)[0] == pytest.approx(
        100 * math.cos(math.radians(60.5)), abs=0.1)
    assert proj.point(10, 61)[1] < proj.point(10, 60)[1]  # north is up
    assert load_features(path)[0] is feats[0]  # cached


def test_geo_path_drops_duplicates_and_near_points() -> None:
    feats = _features()
    proj = fit_projection(tuple(feats), 10, 40, 660, 750)
    d = feature_path(feats[0], proj)
    steps = re.findall(r"-?\d+(?:\.\d)?", d.split("l", 1)[1].split("z")[0])
    pairs = list(zip(steps[::2], steps[1::2], strict=True))
    assert all(math.hypot(float(a), float(b)) >= 0.8 - 1e-9 for a, b in pairs)
    assert all(not re.search(r"\.\d\d", s) for s in steps)


# ------------------------------------------------------------------ WeasyPrint


@pytest.mark.slow
def test_all_charts_render_in_weasyprint(caplog) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    font = (FONTS / "DejaVuSans.ttf").as_uri()
    bold = (FONTS / "DejaVuSans-Bold.ttf").as_uri()
    svgs = "".join(f"<figure>{svg}</figure>" for svg in make_all(label=HOSTILE).values())
    html = (
        '<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Figurer</title>'
        f"<style>@font-face{{font-family:'DejaVu Sans';src:url('{font}')}}"
        f"@font-face{{font-family:'DejaVu Sans';font-weight:bold;src:url('{bold}')}}"
        "@page{size:A4;margin:20mm}body{font-family:'DejaVu Sans'}"
        "figure{margin:0 0 8mm;break-inside:avoid}</style></head>"
        f"<body>{svgs}</body></html>"
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = weasyprint.HTML(string=html, base_url=str(DATA)).write_pdf(pdf_variant="pdf/a-2a")
    assert pdf.startswith(b"%PDF")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
