"""The national overview as the steering group reads it: the 55 % path, the map of net present
value per inhabitant beside the decisions map, who comes out negative and why, a histogram
whose axis is not one outlier's, and no pages of raw table; in bokmål and nynorsk."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

from grunnlag.inputs.registry import in_scope, load_registry
from grunnlag.model.national_facts import critical_mass, negative_results
from grunnlag.model.scenarios import national_spread
from grunnlag.render import fmt, overview
from tests.helpers import pdf_text
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
    def fig(pop, npv, pop_key_npv):
        return {"folketall": pop, "netto_naverdi": npv, "break_even_ar": None if npv <= 0
                else 2035, "fordelingsnokler": [{"fast_andel": 0.0, "netto_naverdi": pop_key_npv},
                                                {"fast_andel": 0.2, "netto_naverdi": npv}]}
    figs = {"1": fig(500, -100, 50), "2": fig(300_000, -9, -5), "3": fig(20_000, 10, 5),
            "4": fig(800, 0, 1)}
    d = negative_results(figs, 0.2)
    assert d["antall"] == 2 and d["uten_break_even"] == 3
    assert d["storrelse"] == {"storby": 1, "stor": 0, "mellomstor": 0, "liten": 1}
    assert d["storrelse_alle"] == {"storby": 1, "stor": 0, "mellomstor": 1, "liten": 2}
    assert d["positive_med_folketallsnokkel"] == 1 and d["fordeling_fast_andel"] == 0.2


def test_histogram_axis_is_not_one_outliers():
    figs = {str(i): {"folketall": 1000, "netto_naverdi": (i - 50) * 10_000} for i in range(100)}
    figs["x"] = {"folketall": 100, "netto_naverdi": -50_000_000}  # −500 000 kr per inhabitant
    d = national_spread(figs)
    assert sum(d["antall"]) == d["antall_kommuner"] == 101
    assert d["min"] == -500_000
    assert d["kanter"][0] > -1000 and d["kanter"][-1] < 1000  # the bulk fills the axis
    assert d["under"] >= 1 and d["antall"][0] >= d["under"]
    assert len(d["antall"]) <= 13 and max(d["antall"]) < 50


def test_npv_map_diverges_around_zero_and_says_how_many():
    figs = {nr: {"folketall": 1000, "netto_naverdi": v * 1000} for nr, v in
            {"0301": -1500, "4601": -700, "1103": -100, "3024": 100, "4204": 900}.items()}
    svg = str(overview.npv_map(figs, "nb"))
    fills = dict(re.findall(r'data-nr="(\d{4})" fill="(#[0-9a-f]{6})"', svg))
    assert len({fills[nr] for nr in figs}) == 5  # five classes, five colours
    assert fills["0301"] in overview.NEGATIVE_COLOURS and fills["4204"] in overview.POSITIVE_COLOURS
    assert "3 kommuner har negativ og 2 positiv netto nåverdi" in svg
    assert 'data-role="legend"' in svg and "og mer (1)" in svg
    # drawn for half a column, so it sits beside the decisions map with text of full size
    assert f'viewBox="0 0 {overview.HALF_WIDTH} {overview.HALF_HEIGHT}"' in svg


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
    assert _flat(fmt.kroner(d["kanter"][0], lang)) in text


@pytest.mark.slow
def test_overview_has_no_pages_of_raw_table(built, national):
    reader = PdfReader(built / "nasjonal-oversikt.pdf")
    assert len(reader.pages) <= 7
    text = _flat(pdf_text(built / "nasjonal-oversikt.pdf"))
    small = [r.navn for nr, r in load_registry().items() if in_scope(nr)
             and nr not in national["kritisk_masse_55"]["kommunenummer"]]
    # Only the 55 % path names municipalities; the other 266 are in index.html and the sheet.
    assert sum(1 for n in small if _flat(n) + "(" in text) == 0
    assert "Utsira" not in text
