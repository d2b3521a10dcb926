"""One economic story over all 291 reports: every headline figure equals its source in the
report's own uncertainty analysis, the national split adds up, the model stays within 10 % of
Vedlegg J, and no sentence of the web edition contradicts a figure.

The JSON figures and the web pages are made in-process for all 291 (as the build makes them),
so a rule that holds for Oslo but fails for Utsira is caught.
"""

from __future__ import annotations

import html
import re

import pytest

from grunnlag.inputs.content import load_content
from grunnlag.inputs.texts import load_catalogs
from grunnlag.model.contract import Kommunetall, Nasjonaltall
from grunnlag.pipeline import stages
from grunnlag.render import fmt
from grunnlag.render.html import render_page
from grunnlag.render.report import report_context
from grunnlag.render.report_charts import report_charts

pytestmark = pytest.mark.slow  # builds reports


@pytest.fixture(scope="module")
def pages(everything):
    """The visible text of each web report, whitespace and no-break spaces normalised."""
    nat, loaded, figs, national = everything
    cats, content = load_catalogs(), load_content()
    out = {}
    quotes = stages.report_quotes(Nasjonaltall.model_validate(national))  # as nasjonal.json
    for nr, data in figs.items():
        f = Kommunetall.model_validate(data)  # the report reads the figures its JSON holds
        k = loaded.kommuner[nr]
        cat = cats[k.sprak]
        base = report_context(k, f, nat.assumptions, cat, content, quotes, {})
        charts = report_charts(f, cat, k.navn, base["risiko_kommunen"], base["risiko_staten"])
        page = render_page("report.html.j2", cat, "web", part="hele",
                           **{**base, "charts": charts, "stem": nr, "felles_sider": 0})
        out[nr] = (k.sprak, page)
    return out


def visible(page: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ").replace("\u202f", " "))


def test_headline_p50_p85_are_the_analysis_percentiles(everything):
    _, _, figs, _ = everything
    for nr, f in figs.items():
        unc = f["usikkerhet"]["kommunal_kostnad"]
        assert f["kommunal_kostnad_p50"] == unc["p50"], nr
        assert f["kommunal_kostnad_p85"] == unc["p85"], nr
        assert unc["p10"] <= f["kommunal_kostnad_p50"] <= f["kommunal_kostnad_p85"], nr
        own = f["avtaler"][f["avtale"]]
        assert (own["kommunal_kostnad_p50"], own["kommunal_kostnad_p85"]) == (
            f["kommunal_kostnad_p50"], f["kommunal_kostnad_p85"]), nr
        expected = next(s for s in f["deltakelse_scenarier"] if s["andel"] == f["deltakelse"])
        assert expected["kommunal_kostnad_p50"] == f["kommunal_kostnad_p50"], nr
        assert expected["netto_naverdi"] == f["netto_naverdi"], nr
        key = next(k for k in f["fordelingsnokler"]
                   if k["fordelingsnokkel_andel"] == f["fordelingsnokkel_andel"])
        assert key["kommunal_kostnad_p50"] == f["kommunal_kostnad_p50"], nr
        assert key["netto_naverdi"] == f["netto_naverdi"], nr


def test_the_headline_states_its_participation(everything):
    nat, _, figs, _ = everything
    assert {f["deltakelse"] for f in figs.values()} == {nat.assumptions.v("forventet_deltakelse")}


def test_yearly_tables_add_up_to_the_headline(everything):
    _, _, figs, _ = everything
    for nr, f in figs.items():
        years = f["ar"]
        assert sum(y["budsjett"]["kostnad_p50"] for y in years) == f["kommunal_kostnad_p50"], nr
        assert sum(y["budsjett"]["kostnad_p85"] for y in years) == f["kommunal_kostnad_p85"], nr
        assert sum(f["budsjett_linjer_p50"].values()) == f["kommunal_kostnad_p50"], nr
        assert sum(f["budsjett_linjer_p85"].values()) == f["kommunal_kostnad_p85"], nr
        for line, p50 in f["budsjett_linjer_p50"].items():  # the reserve never lowers a line
            assert f["budsjett_linjer_p85"][line] >= p50, (nr, line)
        assert sum(y["budsjett"]["unngatte_kostnader"] for y in years) == f[
            "budsjett_unngatte_kostnader"]
        assert f["budsjett_netto_p50"] == f["budsjett_unngatte_kostnader"] - f[
            "kommunal_kostnad_p50"]


def test_no_municipal_programme_payments_in_2021_and_2022(everything):
    _, _, figs, _ = everything
    for nr, f in figs.items():
        early = [y for y in f["ar"] if y["ar"] in (2021, 2022)]
        assert [y["budsjett"]["program"] for y in early] == [0, 0], nr


def test_break_even_agrees_with_the_net_present_value(everything):
    _, _, figs, _ = everything
    kinds = set()
    for nr, f in figs.items():
        be, npv = f["break_even_ar"], f["netto_naverdi"]
        kinds.add(be is None)
        assert (be is not None) == (npv > 0), nr
        last = f["ar"][-1]["samfunn"]["kumulativ_naverdi"]
        assert last == pytest.approx(npv, abs=30), nr
        for agr in f["avtaler"].values():
            assert (agr["break_even_ar"] is not None) == (agr["netto_naverdi"] > 0), nr
    assert kinds == {True, False}, "both kinds must occur for the check to mean anything"


def test_national_split_adds_up(everything):
    _, _, figs, plain = everything
    national = Nasjonaltall.model_validate(plain)  # nasjonal.json as its contract reads it
    npv = national.netto_naverdi_ved_deltakelse
    split = national.netto_naverdi_fordeling
    assert [d.deltakelse for d in split] == [0.25, 0.4, 0.55, 0.85, 1.0]
    for d in split:
        assert d.kommunane + d.staten + d.andre == npv[str(d.deltakelse)]
    full = next(d for d in split if d.deltakelse == 1.0)
    assert full.kommunane == sum(
        next(s["netto_naverdi"] for s in f["deltakelse_scenarier"] if s["andel"] == 1.0)
        for f in figs.values())


def test_vedlegg_j_within_ten_percent(everything):
    national = Nasjonaltall.model_validate(everything[3])
    j = national.netto_naverdi_ved_deltakelse_vedlegg_j
    assert set(j) == {"0.25", "0.4", "0.85", "1.0"}
    for level, value in j.items():
        assert national.netto_naverdi_ved_deltakelse[level] == pytest.approx(value, rel=0.10)


def test_key_figures_in_the_page_are_the_json(everything, pages):
    _, _, figs, _ = everything
    for nr, (lang, page) in pages.items():
        f = figs[nr]
        for key in ("kommunal_kostnad_p50", "kommunal_kostnad_p85", "netto_naverdi",
                    "andre_naverdi"):
            cell = re.search(rf'data-key="{key}">(.*?)</td>', page)
            assert cell and visible(cell.group(1)).strip() == norm(
                fmt.kroner(f[key], lang)), (nr, key)



def test_sentences_never_contradict_the_figures(everything, pages):
    nat, _, figs, _ = everything
    cats = load_catalogs()
    for nr, (lang, page) in pages.items():
        f, cat = figs[nr], cats[lang]
        text = visible(page)
        for key in ("kommunal_kostnad_p50", "kommunal_kostnad_p85", "netto_naverdi"):
            assert norm(fmt.belop(f[key], lang)) in text, (nr, key)
        be = f["break_even_ar"]
        said_yes = norm(str(cat.t("be_ja", ar="XXXX"))).split("XXXX")[0]
        said_no = norm(str(cat.t("be_nei")))
        if be is None:
            assert said_yes not in text and said_no in text, nr
        else:
            assert norm(str(cat.t("be_ja", ar=str(be)))) in text and said_no not in text, nr
        # the analysis' own sentence names the same P50 as the headline
        assert norm(fmt.belop(f["usikkerhet"]["kommunal_kostnad"]["p50"], lang)) in text


def test_the_key_sentence_appears_exactly_where_the_key_decides_the_sign(everything, pages):
    _, loaded, figs, _ = everything
    cats = load_catalogs()
    flips = 0
    for nr, (lang, page) in pages.items():
        f = figs[nr]
        pop = next(k for k in f["fordelingsnokler"] if k["fast_andel"] == 0)
        flip = (pop["netto_naverdi"] < 0) != (f["netto_naverdi"] < 0)
        flips += flip
        start = norm(str(cats[lang].t("nokkel_fortegn", navn="N", netto="X",
                                       netto_innbygger="Y"))).split(":")[0]
        assert (start in visible(page)) == flip, nr
    assert 0 < flips < 291
