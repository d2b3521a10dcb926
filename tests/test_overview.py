"""The national overview as the steering group reads it: the 55 % path, the map of net present
value per inhabitant beside the decisions map, who comes out negative and why, a histogram
whose axis is not one outlier's, and no pages of raw table; in bokmål and nynorsk."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

from grunnlag.inputs.registry import in_scope, load_registry
from grunnlag.model.contract import Fordelingsnokkel, Kommunetall, Nasjonaltall, Sporing55
from grunnlag.model.national_facts import critical_mass, negative_results
from grunnlag.model.scenarios import national_spread
from grunnlag.render import fmt, overview
from tests.helpers import pdf_pages, pdf_text
from tests.shared_build import REPORT_SET, shared_build

# Tests that build reports, run build.py or start a browser are marked slow one by one.



def _flat(s: str) -> str:
    return "".join(s.replace("\u2212", "-").replace("\u00ad", "").replace("\u2010", "").split())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return shared_build(tmp_path_factory, REPORT_SET)


@pytest.fixture(scope="module")
def national(built) -> dict:
    return json.loads((built / "data" / "nasjonal.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the facts


def test_critical_mass_is_the_fewest_largest_first():
    pops = {"a": 50, "b": 30, "c": 10, "d": 10}
    got = critical_mass(pops, 100, 0.55, committed={"b"})
    assert got["kommunenummer"] == ["a", "b"] and got["antall"] == 2
    assert got["andel"] == 0.8 and got["forpliktet_antall"] == 1
    # exactly at the requirement is enough; ties go by kommunenummer
    assert critical_mass({"x": 55, "z": 45}, 100, 0.55, set())["antall"] == 1
    assert critical_mass({"d": 10, "c": 10}, 20, 0.5, set())["kommunenummer"] == ["c"]


@pytest.mark.slow
def test_critical_mass_of_the_291(national):
    scope = {nr: r.folketall for nr, r in load_registry().items() if in_scope(nr)}
    km = national["kritisk_masse_55"]
    nrs = km["kommunenummer"]
    assert km["antall"] == len(nrs) == 25  # issue 15: the 25 largest reach it
    assert nrs[0] == "0301" and nrs[1] == "4601"
    total = sum(scope.values())
    assert sum(scope[n] for n in nrs) >= 0.55 * total > sum(scope[n] for n in nrs[:-1])
    smallest = min(scope[n] for n in nrs)
    assert all(scope[n] <= smallest for n in scope if n not in nrs)


def test_negative_results_count_sizes_and_the_population_key():
    def fig(pop, npv, pop_key_npv):  # only the figures negative_results reads
        keys = [Fordelingsnokkel.model_construct(fast_andel=0.0, netto_naverdi=pop_key_npv),
                Fordelingsnokkel.model_construct(fast_andel=0.2, netto_naverdi=npv)]
        return Kommunetall.model_construct(folketall=pop, netto_naverdi=npv, fordelingsnokler=keys,
                                           break_even_ar=None if npv <= 0 else 2035)
    figs = {"1": fig(500, -100, 50), "2": fig(300_000, -9, -5), "3": fig(20_000, 10, 5),
            "4": fig(800, 0, 1)}
    d = negative_results(figs, 0.2)
    assert d["antall"] == 2 and d["uten_break_even"] == 3
    assert d["storrelse"] == {"storby": 1, "stor": 0, "mellomstor": 0, "liten": 1}
    assert d["storrelse_alle"] == {"storby": 1, "stor": 0, "mellomstor": 1, "liten": 2}
    assert d["positive_med_folketallsnokkel"] == 1 and d["fordeling_fast_andel"] == 0.2


def test_histogram_axis_is_not_one_outliers():
    fig = Kommunetall.model_construct  # only the figures national_spread reads
    figs = {str(i): fig(folketall=1000, netto_naverdi=(i - 50) * 10_000) for i in range(100)}
    figs["x"] = fig(folketall=100, netto_naverdi=-50_000_000)  # −500 000 kr per inhabitant
    d = national_spread(figs)
    assert sum(d["antall"]) == d["antall_kommuner"] == 101
    assert d["min"] == -500_000
    assert d["kanter"][0] > -1000 and d["kanter"][-1] < 1000  # the bulk fills the axis
    assert d["under"] >= 1 and d["antall"][0] >= d["under"]
    assert len(d["antall"]) <= 13 and max(d["antall"]) < 50


def test_npv_map_diverges_around_zero_and_says_how_many():
    figs = {nr: Kommunetall.model_construct(folketall=1000, netto_naverdi=v * 1000) for nr, v in
            {"0301": -1500, "4601": -700, "1103": -100, "3024": 100, "4204": 900}.items()}
    svg = str(overview.npv_map(figs, "nb"))
    fills = {nr: fill for nrs, fill in re.findall(r'data-nr="([\d ]+)" fill="(#[0-9a-f]{6})"', svg)
             for nr in nrs.split()}
    assert len({fills[nr] for nr in figs}) == 5  # five classes, five colours
    assert fills["0301"] in overview.NEGATIVE_COLOURS and fills["4204"] in overview.POSITIVE_COLOURS
    assert "3 kommuner har negativ og 2 positiv netto nåverdi" in svg
    assert 'data-role="legend"' in svg and "og mer (1)" in svg
    # drawn for half a column, so it sits beside the decisions map with text of full size
    assert f'viewBox="0 0 {overview.HALF_WIDTH} {overview.HALF_HEIGHT}"' in svg


SHARES = {"forpliktet_andel": 0.1234, "opsjon_andel": 0.0821, "avslatt_andel": 0.031,
          "uavklart_andel": 1 - 0.1234 - 0.0821 - 0.031}
# only the figures the bar reads
TRACKED = Nasjonaltall.model_construct(deltakelseskrav=0.55,
                                       sporing_55=Sporing55.model_construct(**SHARES))


def _parts(svg: str) -> dict[str, float]:
    return {k: float(v) for k, v in re.findall(r'data-part="(\w+)" data-share="([\d.]+)"', svg)}


def _widths(svg: str) -> dict[str, float]:
    """The drawn width of each part of the bar (its first rectangle)."""
    return {k: float(w) for k, w in re.findall(
        r'data-part="(\w+)"[^>]*><rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)}


def test_the_55_percent_bar_has_four_parts_by_share_of_inhabitants():
    svg = str(overview.tracker_bar(TRACKED, "nb"))
    assert _parts(svg) == pytest.approx(SHARES)  # committed, option, declined, not decided
    assert list(_parts(svg)) == list(SHARES)  # in that order, from the left
    w = _widths(svg)
    total = sum(w.values())
    for key, share in SHARES.items():  # each part as wide as its share of the bar
        assert w[key] / total == pytest.approx(share, abs=0.003)
    # the requirement is marked where 55 % of the bar ends, and named
    x0 = float(re.search(r'data-part="forpliktet_andel"[^>]*><rect x="([\d.]+)"', svg)[1])
    line = re.search(r'data-role="threshold"[^>]*><line x1="([\d.]+)"', svg)
    assert float(line[1]) == pytest.approx(x0 + 0.55 * total, abs=0.2)
    assert "Krav: 55\u00a0%" in svg
    # every share written in words too (legend and description), not only by colour
    for label, share in (("Forpliktelsesavtale", "12,3"), ("Opsjonsavtale", "8,2"),
                         ("Takket nei", "3,1"), ("Ikke avgjort", "76,4")):
        assert f"{label}: {share}\u00a0%" in svg, label
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg)[1]
    assert all(x in desc for x in ("12,3", "8,2", "3,1", "76,4", "55"))
    assert len(set(re.findall(r'<path d="[^"]+" fill="none" stroke="(#[0-9a-f]{6})"', svg))) >= 1
    nn = str(overview.tracker_bar(TRACKED, "nn"))
    assert "Forpliktingsavtale: 12,3\u00a0%" in nn and "Ikkje avgjort: 76,4\u00a0%" in nn


def _circles(svg: str) -> dict[str, float]:
    return {nr: float(r) for nr, r in re.findall(
        r'<circle data-nr="(\d{4})" data-value="[\d.]+" cx="[\d.-]+" cy="[\d.-]+" r="([\d.]+)"',
        svg)}


def test_the_decisions_map_sizes_municipalities_by_population_not_area():
    """Oslo (693 494 inhabitants on 450 km²) is a large circle, Kautokeino (2 910 on 9 637 km²,
    the largest area) a small one; a circle's area follows the population."""
    reg = load_registry()
    rows = [{"nr": nr, "status": "ukjent"} for nr in reg if in_scope(nr)]
    rows[0]["status"] = "forpliktelsesavtale"
    svg = str(overview.status_map_of(rows, {nr: r.folketall for nr, r in reg.items()}, "nb",
                                     overview.HALF_WIDTH, overview.HALF_HEIGHT))
    r = _circles(svg)
    assert len(r) == 291
    oslo, baerum, tromso, kautokeino = r["0301"], r["3024"], r["5401"], r["5430"]
    assert oslo ** 2 > 100 * kautokeino ** 2  # by area: Oslo's circle over 100 times larger
    assert oslo > baerum > tromso > kautokeino
    for nr, rad in (("3024", baerum), ("5401", tromso)):  # area proportional to population
        assert (rad / oslo) ** 2 == pytest.approx(reg[nr].folketall / reg["0301"].folketall,
                                                  rel=0.02)
    # coloured by decision; the size legend names inhabitants
    assert re.search(rf'<circle data-nr="{rows[0]["nr"]}"[^>]*fill="#1f4e79"', svg)
    assert 'data-role="size-legend"' in svg and "500 000 innbyggere" in svg
    assert "sirkel for hver kommune" in re.search(r"<desc[^>]*>(.*?)</desc>", svg)[1]


# --------------------------------------------------------------------------- the overview PDF


@pytest.mark.slow
@pytest.mark.parametrize("lang,name", [("nb", "nasjonal-oversikt.pdf"),
                                       ("nn", "nasjonal-oversikt-nn.pdf")])
def test_overview_shows_what_the_steering_group_needs(built, national, lang, name):
    text = _flat(pdf_text(built / name))
    km = national["kritisk_masse_55"]
    neg = national["negativt_resultat"]
    reg = load_registry()
    words = {
        "nb": ["Kommunene som avgjør 55 prosent", "Kommunene etter vedtak",
               "Netto nåverdi per innbygger", "Kommuner med negativt resultat",
               f"De {km['antall']} største kommunene har til sammen",
               f"{neg['antall']} av de {neg['antall_kommuner']} kommunene får negativ",
               f"{neg['uten_break_even']} av de {neg['antall_kommuner']} kommunene får ikke "
               "positiv samlet nåverdi innen 2040",
               f"ville {neg['positive_med_folketallsnokkel']} av de {neg['antall']} fått positiv",
               "2. til 98. persentil", "index.html", "nokkeltall.xlsx"],
        "nn": ["Kommunane som avgjer 55 prosent", "Kommunane etter vedtak",
               "Netto noverdi per innbyggjar", "Kommunar med negativt resultat",
               f"Dei {km['antall']} største kommunane har til saman",
               f"{neg['antall']} av dei {neg['antall_kommuner']} kommunane får negativ",
               f"ville {neg['positive_med_folketallsnokkel']} av dei {neg['antall']} fått positiv",
               "2. til 98. persentil", "index-nn.html", "nokkeltall.xlsx"],
    }[lang]
    for w in words:
        assert _flat(w) in text, w
    for i, nr in enumerate(km["kommunenummer"], 1):  # named, in order, with the running share
        assert _flat(f"{i}{reg[nr].navn} ({nr})") in text
    assert _flat(fmt.prosent(km["andel"], lang)) in text
    assert _flat(fmt.prosent(national["sporing_55"]["forpliktet_andel"], lang)) in text
    d = national["netto_naverdi_per_innbygger_fordeling"]
    assert _flat(fmt.belop(d["kanter"][0], lang)) in text
    # the 55 % bar, its four parts written with the shares of nasjonal.json
    labels = {"nb": ("Forpliktelsesavtale", "Opsjonsavtale", "Takket nei", "Ikke avgjort"),
              "nn": ("Forpliktingsavtale", "Opsjonsavtale", "Takka nei", "Ikkje avgjort")}[lang]
    for label, key in zip(labels, ("forpliktet_andel", "opsjon_andel", "avslatt_andel",
                                   "uavklart_andel"), strict=True):
        assert _flat(f"{label}: {fmt.prosent(national['sporing_55'][key], lang)}") in text, label
    assert _flat(f"Krav: {fmt.prosent(national['deltakelseskrav'], lang, 0)}") in text
    # amounts in mill. or mrd. kr, never to the krone (e.g. «19 580 623 351 kr»)
    plain = pdf_text(built / name).replace("\u00a0", " ").replace("\u2212", "-")
    assert re.findall(r"\d{1,3}(?: \d{3}){2,} kr", plain) == []
    assert _flat(fmt.belop(national["kommunal_kostnad_p50_total"], lang)) in text


@pytest.mark.slow
def test_overview_has_no_pages_of_raw_table(built, national):
    reader = PdfReader(built / "nasjonal-oversikt.pdf")
    assert len(reader.pages) <= 5
    # The chapters follow one another: no page between the cover and the last is left with a
    # few lines (the chapters each began a page, and one page held two paragraphs).
    for name in ("nasjonal-oversikt.pdf", "nasjonal-oversikt-nn.pdf"):
        pages = pdf_pages(built / name, layout=True)
        lines = [sum(1 for line in page.splitlines() if line.strip()) for page in pages]
        assert min(lines[1:-1]) >= 15, (name, lines)
    text = _flat(pdf_text(built / "nasjonal-oversikt.pdf"))
    small = [r.navn for nr, r in load_registry().items() if in_scope(nr)
             and nr not in national["kritisk_masse_55"]["kommunenummer"]]
    # Only the 55 % path names municipalities; the other 266 are in index.html and the sheet.
    assert sum(1 for n in small if _flat(n) + "(" in text) == 0
    assert "Utsira" not in text
