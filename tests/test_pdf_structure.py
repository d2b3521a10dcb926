"""Every built PDF is PDF/A-2a in structure: what a screen reader, an archive and a viewer read.

Built once per module: a big and a tiny bokmål municipality, a nynorsk one, and the national
overview that every build writes. The checks read the PDF itself with pikepdf.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

from grunnlag.inputs.texts import load_catalogs
from tests.helpers import struct_elements
from tests.shared_build import A11Y_SET, shared_build

pytestmark = pytest.mark.slow  # builds reports


REPORTS = {"0301-oslo": "nb", "1151-utsira": "nb", "4621-voss": "nn",
           "4629-modalen": "nn", "5436-porsanger": "nb", "5437-karasjok": "nb"}
NATIONAL = "nasjonal-oversikt.pdf"
# The national overview in each form: (language, the index page whose charts it shares).
OVERVIEWS = {"nasjonal": ("nb", "index.html"), "nasjonal-nn": ("nn", "index-nn.html")}
HEADING = re.compile(r"<h([23])\b[^>]*>(.*?)</h\1>", re.S)
CHART = re.compile(r'<title id="[^"]+-title">([^<]*)</title><desc id="[^"]+-desc">([^<]*)</desc>')


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return shared_build(tmp_path_factory, A11Y_SET)


def _pdfs(out: Path) -> dict[str, tuple[Path, str]]:
    """Every PDF of the build with the language it must declare."""
    found = {p.stem: (p, REPORTS[p.stem]) for p in sorted((out / "pdf").glob("*.pdf"))}
    found["nasjonal"] = (out / NATIONAL, "nb")
    found["nasjonal-nn"] = (out / "nasjonal-oversikt-nn.pdf", "nn")
    return found


def _text(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return list(struct_elements(pdf.Root.StructTreeRoot.K))


def _outline(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    """(level, title) of every bookmark, in order."""
    rows: list[tuple[int, str]] = []

    def walk(items, level):
        for it in items:
            rows.append((level, " ".join(str(it.title).split())))
            walk(it.children, level + 1)

    with pdf.open_outline() as o:
        walk(o.root, 2)
    return rows


def _fonts(resources, seen: set) -> Iterator[pikepdf.Dictionary]:
    """Every font used on a page, also inside form XObjects (the charts)."""
    if resources is None or resources.objgen in seen and resources.objgen != (0, 0):
        return
    seen.add(resources.objgen)
    yield from (resources.get("/Font") or {}).values()
    for xobj in (resources.get("/XObject") or {}).values():
        if xobj.get("/Subtype") == "/Form":
            yield from _fonts(xobj.get("/Resources"), seen)


def _expected_headings(out: Path, stem: str) -> list[tuple[int, str]]:
    """The chapter (h2) and section (h3) headings a reader sees, in document order."""
    if stem in OVERVIEWS:
        cat = load_catalogs()[OVERVIEWS[stem][0]]
        return [(2, str(cat.t(key))) for key in
                ("h_sporing", "h_kritisk_masse", "h_negative", "h_tabell_andre_steder")]
    page = (out / "html" / f"{stem}.html").read_text(encoding="utf-8")
    page = re.sub(r'<section id="regn-selv".*?</section>', "", page, flags=re.S)  # web only
    return [(int(level), _text(body)) for level, body in HEADING.findall(page)]


def _expected_alts(out: Path, stem: str) -> list[str]:
    """The chart title and description of the web edition, which the PDF must read out."""
    page = out / (OVERVIEWS[stem][1] if stem in OVERVIEWS else f"html/{stem}.html")
    charts = CHART.findall(page.read_text(encoding="utf-8"))
    return [_text(t).rstrip(".") + ". " + _text(d) for t, d in charts]


def test_the_set_is_complete(built):
    assert set(_pdfs(built)) == {*REPORTS, "nasjonal", "nasjonal-nn"}
    assert all(p.stat().st_size > 10_000 for p, _ in _pdfs(built).values())


@pytest.mark.parametrize("stem", [*REPORTS, "nasjonal", "nasjonal-nn"])
def test_pdfa_2a_identification_and_tagging(built, stem):
    path, lang = _pdfs(built)[stem]
    with pikepdf.open(path) as pdf:
        with pdf.open_metadata() as xmp:
            assert str(xmp.get("pdfaid:part")) == "2"
            assert str(xmp.get("pdfaid:conformance")) == "A"
            xmp_title = str(xmp.get("dc:title") or "")
        assert pdf.Root.MarkInfo.Marked is True or bool(pdf.Root.MarkInfo.Marked)
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == lang
        title = str(pdf.docinfo.get("/Title", ""))
        assert title.strip(), "no /Title in /Info"
        assert xmp_title == title
        if stem not in OVERVIEWS:
            name = _text(re.search(r"<p class=\"muni\">(.*?)</p>",
                                   (built / "html" / f"{stem}.html").read_text("utf-8")).group(1))
            assert name in title
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True


@pytest.mark.parametrize("stem", [*REPORTS, "nasjonal", "nasjonal-nn"])
def test_a_bookmark_for_every_heading_in_reading_order(built, stem):
    path, _ = _pdfs(built)[stem]
    expected = _expected_headings(built, stem)
    assert expected, "no headings found to compare with"
    with pikepdf.open(path) as pdf:
        outline = _outline(pdf)
        tags = [str(e.S)[1:] for e in _elements(pdf) if re.fullmatch(r"/H[1-6]", str(e.S))]
    if stem in OVERVIEWS:
        # No HTML of the overview is written: its fixed chapters must be there, in order.
        wanted = [t for _, t in expected]
        assert [t for _, t in outline if t in wanted] == wanted
        expected = outline
    assert outline == expected
    # The title page's h1 is tagged but not bookmarked; chapters and sections follow in order.
    assert tags[0] == "H1" and tags.count("H1") == 1
    assert tags[1:] == [f"H{level}" for level, _ in expected]


@pytest.mark.parametrize("stem", [*REPORTS, "nasjonal", "nasjonal-nn"])
def test_every_chart_has_alt_text_with_its_key_numbers(built, stem):
    path, _ = _pdfs(built)[stem]
    expected = _expected_alts(built, stem)
    assert expected, "no charts in the web edition to compare with"
    with pikepdf.open(path) as pdf:
        figures = [e for e in _elements(pdf) if e.S == "/Figure"]
        alts = [" ".join(str(e.get("/Alt", "")).split()) for e in figures]
    assert all(alts), "a /Figure without /Alt"
    if stem in OVERVIEWS:  # the overview's charts are the index page's, maybe not all of them,
        # and its own map of net present value per inhabitant
        own = str(load_catalogs()[OVERVIEWS[stem][0]].t("kart_nnv_tittel")) + ". "
        assert alts and {a for a in alts if not a.startswith(own)} <= set(expected)
        assert sum(1 for a in alts if a.startswith(own)) == 1
    else:
        assert alts == expected
    assert all(re.search(r"\d", a) for a in alts), "alt text without a number"


@pytest.mark.parametrize("stem", [*REPORTS, "nasjonal", "nasjonal-nn"])
def test_tables_have_header_cells(built, stem):
    path, _ = _pdfs(built)[stem]
    with pikepdf.open(path) as pdf:
        tables = [e for e in _elements(pdf) if e.S == "/Table"]
        assert tables
        for table in tables:
            kinds = {str(e.S) for e in struct_elements(table.K)}
            assert "/TH" in kinds, "a table without header cells"
            assert "/TR" in kinds


@pytest.mark.parametrize("stem", [*REPORTS, "nasjonal", "nasjonal-nn"])
def test_every_font_is_embedded(built, stem):
    path, _ = _pdfs(built)[stem]
    seen: set = set()
    count = 0
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in _fonts(page.obj.get("/Resources"), seen):
                count += 1
                desc = (font.DescendantFonts[0] if "/DescendantFonts" in font else font)
                fd = desc.get("/FontDescriptor")
                assert fd is not None, f"{font.get('/BaseFont')}: no font descriptor"
                assert "/FontFile2" in fd, f"{font.get('/BaseFont')}: not embedded"
    assert count > 0
