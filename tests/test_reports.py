"""Real reports built end to end and read back as a reader sees them."""

from __future__ import annotations

import csv
import json
import re

import pytest

from grunnlag.render import fmt
from tests.helpers import pdf_pages, pdf_text
from tests.shared_build import REPORT_SET, shared_build

pytestmark = pytest.mark.slow  # builds reports


HEADINGS = {
    "nb": ["Sammendrag", "Forslag til vedtak", "Bakgrunn", "Dagens situasjon", "Fordeler",
           "Ulemper", "Økonomiske konsekvenser", "Fordeling av kostnader og gevinster",
           "Risiko for kommunen", "Risiko for staten", "Forpliktelsesavtale eller opsjonsavtale",
           "Forutsetninger og kilder"],
    "nn": ["Samandrag", "Framlegg til vedtak", "Bakgrunn", "Dagens situasjon", "Fordelar",
           "Ulemper", "Økonomiske konsekvensar", "Fordeling av kostnader og gevinstar",
           "Risiko for kommunen", "Risiko for staten", "Forpliktingsavtale eller opsjonsavtale",
           "Føresetnader og kjelder"],
}
CASES = {
    "0301-oslo": ("Oslo", "nb", "693 494"),
    "1151-utsira": ("Utsira", "nb", "198"),
    "4621-voss": ("Voss", "nn", "15 740"),
    "4629-modalen": ("Modalen", "nn", "388"),
    "5437-karasjok": ("Kárášjohka - Karasjok", "nb", "2 628"),
}
KEY_FIGURES = ("kommunal_kostnad_p50", "kommunal_kostnad_p85", "statlig_kostnad",
               "gevinster_naverdi", "netto_naverdi")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    assert {s[:4] for s in CASES} <= set(REPORT_SET)
    return shared_build(tmp_path_factory, REPORT_SET)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " "))


@pytest.mark.parametrize("stem", CASES)
def test_every_part_in_the_right_language_form(built, stem):
    name, lang, population = CASES[stem]
    text = _norm(pdf_text(built / "pdf" / f"{stem}.pdf"))
    for heading in HEADINGS[lang]:
        assert heading in text, f"{stem}: missing heading {heading!r}"
    other = "nn" if lang == "nb" else "nb"
    for own, foreign in zip(HEADINGS[lang], HEADINGS[other], strict=True):
        if own != foreign:
            assert foreign not in text, f"{stem}: heading {foreign!r} from the other form"
    assert name in text
    assert population in text


@pytest.mark.parametrize("stem", CASES)
def test_key_figures_equal_json_and_csv(built, stem):
    lang = CASES[stem][1]
    data = json.loads((built / "data" / f"{stem}.json").read_text(encoding="utf-8"))
    text = _norm(pdf_text(built / "pdf" / f"{stem}.pdf"))
    html = _norm((built / "html" / f"{stem}.html").read_text(encoding="utf-8"))
    with open(built / "nokkeltall.csv", encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["kommunenummer"] == stem[:4])
    for key in KEY_FIGURES:
        shown = _norm(fmt.kroner(data[key], lang))
        assert shown in text, f"{stem}: {key} {shown!r} not in the PDF"
        assert shown in html, f"{stem}: {key} {shown!r} not in the web page"
        assert int(row[key]) == data[key]
    assert row["sprak"] == lang == data["sprak"]
    be = data["break_even_ar"]
    assert row["break_even_ar"] == ("" if be is None else str(be))


def test_sizes_read_differently(built):
    """A city and a tiny island municipality get different tailored text, with reasons."""
    oslo = _norm(pdf_text(built / "pdf" / "0301-oslo.pdf"))
    utsira = _norm(pdf_text(built / "pdf" / "1151-utsira.pdf"))
    assert "storby" in oslo and "liten kommune" in utsira
    oslo_json = json.loads((built / "data" / "0301-oslo.json").read_text(encoding="utf-8"))
    utsira_json = json.loads((built / "data" / "1151-utsira.json").read_text(encoding="utf-8"))
    assert utsira_json["kostnad_per_innbygger_per_ar"] > oslo_json["kostnad_per_innbygger_per_ar"]


def test_national_outputs(built):
    n = json.loads((built / "data" / "nasjonal.json").read_text(encoding="utf-8"))
    assert n["folketall_total"] == 4_632_214
    for key in ("kommunal_kostnad_p50_total", "statlig_kostnad_total", "sporing_55"):
        assert key in n
    assert set(n["netto_naverdi_ved_deltakelse"]) == {"0.25", "0.4", "0.55", "0.85", "1.0"}
    with open(built / "nokkeltall.csv", encoding="utf-8") as f:
        header = next(csv.reader(f))
    for col in ("kommunenummer navn fylke folketall malform sprak befolkningsandel "
                "kommunal_kostnad_p50 kommunal_kostnad_p85 statlig_kostnad gevinster_naverdi "
                "netto_naverdi break_even_ar").split():
        assert col in header
    assert (built / "nasjonal-oversikt.pdf").stat().st_size > 10_000
    index = (built / "index.html").read_text(encoding="utf-8")
    assert 'href="pdf/0301-oslo.pdf"' in index and 'href="html/4621-voss.html"' in index


def test_sami_letters_survive(built):
    """Names with Sami letters come out of the PDF as written, in the project's own font."""
    import pikepdf

    text = pdf_text(built / "pdf" / "5437-karasjok.pdf")
    assert "Kárášjohka" in text
    pdf = pikepdf.open(built / "pdf" / "5437-karasjok.pdf")
    fonts = {str(f.get("/BaseFont")) for p in pdf.pages for f in p.Resources.Font.values()}
    assert fonts and all("DejaVu" in f for f in fonts), fonts


@pytest.mark.parametrize("stem", CASES)
def test_the_saksframlegg_comes_first_and_the_analysis_follows_as_vedlegg(built, stem):
    """At most six pages of saksframlegg; «Vedlegg 1» starts by page 7, numbered in order."""
    lang = CASES[stem][1]
    pages = [_norm(p) for p in pdf_pages(built / "pdf" / f"{stem}.pdf")]
    intro = {"nb": "Analysen bak saksframlegget følger som vedlegg",
             "nn": "Analysen bak saksframlegget følgjer som vedlegg"}[lang]
    assert "Saksframlegg".upper() in pages[0].upper()
    assert {"nb": "Forslag til vedtak", "nn": "Framlegg til vedtak"}[lang] in pages[0]
    list_page = next(i for i, p in enumerate(pages) if intro in p)
    starts = {n: next(i for i, p in enumerate(pages) if i > list_page and f"Vedlegg {n}:" in p)
              for n in range(1, 10)}
    assert starts[1] <= 6, f"{stem}: Vedlegg 1 starts on page {starts[1] + 1}"
    assert list(starts.values()) == sorted(starts.values())
