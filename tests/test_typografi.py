"""Norwegian typography as the reader sees it: a number keeps its unit on the same line, and a
negative number has a true minus sign, in text, tables and charts."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from grunnlag.render import fmt
from grunnlag.render.typografi import nbsp
from tests.helpers import ROOT, pdf_text
from tests.shared_build import REPORT_SET, shared_build

# Tests that build reports, run build.py or start a browser are marked slow one by one.


STEMS = ("0301-oslo", "4629-modalen", "5436-porsanger")
HYPHEN_MINUS = re.compile(r"(?:^|[\s(\[>:;=/])-\d")  # «-2,5» as a number, not «§ 1-5»
LOOSE_UNIT = re.compile(r"\d (?:%|kr\b|kroner\b|mill\.|mrd\.|MNOK\b)")
LOOSE_DATE = re.compile(r"\b\d{1,2}\. (?:januar|februar|mars|april|mai|juni|juli|august|"
                        r"september|oktober|november|desember)\b")


def test_fmt_joins_numbers_to_units_and_writes_a_true_minus():
    assert fmt.belop(-8_800_000, "nb") == "\u22128,8\u00a0mill.\u00a0kr"
    assert fmt.belop(4.7e9, "nn") == "4,7\u00a0mrd.\u00a0kr"
    assert fmt.kroner(-693_494, "nb") == "\u2212693 494\u00a0kr"
    assert fmt.prosent(0.15, "nb", 0) == "15\u00a0%"
    assert fmt.belop_kort(-2e7, "nb") == "\u221220\u00a0mill."
    assert fmt.tall(-1.5, "nn", 1) == "\u22121,5"
    assert fmt.dato(dt.date(2021, 7, 1), "nb") == "1.\u00a0juli 2021"


@pytest.mark.parametrize("amount, frame", [
    (1.1e9, "1,1 mrd. kr"),  # 1.1e9 / 1e8 is 11.000000000000002 in floating point
    (3_100_000_050, "3,2 mrd. kr"),  # 50 kr above a step: rounding the quotient lost them
    (2_725_500_000, "2,8 mrd. kr"),
    (10_000_000, "10 mill. kr"),
    (10_000_001, "10,1 mill. kr"),
])
def test_a_frame_is_rounded_up_to_the_step_the_saksframlegg_names(amount, frame):
    assert fmt.opp_steg(amount) == (1e8 if amount >= 1e9 else 1e5)
    assert fmt.belop_opp(amount, "nb").replace("\u00a0", " ") == frame


@pytest.mark.parametrize("typed, shown", [
    ("minst 55 % av", "minst 55\u00a0% av"),
    ("93 mill. kr i 2021", "93\u00a0mill.\u00a0kr i 2021"),
    ("innen 1. juli 2021", "innen 1.\u00a0juli 2021"),
    ("Tabell 25–28 og Vedlegg J", "Tabell\u00a025–28 og Vedlegg\u00a0J"),
    ("sameloven § 3-5", "sameloven §\u00a03-5"),
    ("i 1 000 kroner", "i 1 000\u00a0kroner"),
    ("til nærmeste 100 millioner kroner", "til nærmeste 100\u00a0millioner kroner"),
    ("til næraste 100 millionar kroner", "til næraste 100\u00a0millionar kroner"),
    ("291 kommuner, 2021 2022", "291 kommuner, 2021 2022"),  # no unit, nothing joined
])
def test_typed_texts_get_a_no_break_space(typed, shown):
    assert nbsp(typed) == shown


# The rules as a reader states them, from the number forwards; typografi writes them from the
# space so that the engine can skip ahead, and must do exactly the same.
_MONTHS = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
PLAIN_RULES = (
    (r"(\d) (%|kr\b|kroner\b|mill\.|mrd\.|MNOK\b|millioner\b|millionar\b)", "\\1\u00a0\\2"),
    (r"\b(mill|mrd)\. (kr\b)", "\\1.\u00a0\\2"),
    (rf"\b(\d{{1,2}})\. ({_MONTHS})\b", "\\1.\u00a0\\2"),
    (r"\b(Tabell|tabell|Figur|figur|Vedlegg|vedlegg|Kapittel|kapittel) ([0-9]|[A-Z]\b)",
     "\\1\u00a0\\2"),
    (r"§ (\d)", "§\u00a0\\1"),
)
TOKENS = ("1", "12", "123", "x1", " ", ". ", ".", "%", "kr", "kroner", "krone", "mill", "mrd",
          "MNOK", "millioner", "millionar", "mai", "maien", "desember", "Tabell", "tabell",
          "figur", "Vedlegg", "kapittel", "ekapittel", "§", "J", "JA", "3-5", ",", "\u00a0")


def plain_nbsp(text: str) -> str:
    for pattern, repl in PLAIN_RULES:
        text = re.sub(pattern, repl, text)
    return text


def test_the_fast_rules_do_what_the_plain_rules_say():
    """On every sequence of up to three of the tokens the rules look at (a number, a unit, a
    label, the space and full stop between), and on every text the project writes."""
    texts = ["".join(t) for n in range(1, 4) for t in itertools.product(TOKENS, repeat=n)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "content").rglob("*"))
              if p.is_file()]
    assert len(texts) > 30_000
    differ = [t for t in texts if nbsp(t) != plain_nbsp(t)]
    assert differ == [], differ[:5]


class _Visible(HTMLParser):
    """The text a reader sees: everything but style and script, chart labels included."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _visible(path: Path) -> list[str]:
    p = _Visible()
    p.feed(path.read_text(encoding="utf-8"))
    return p.parts


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return shared_build(tmp_path_factory, REPORT_SET)


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_web_page_has_no_hyphen_minus_and_no_loose_units(built, stem):
    parts = _visible(built / "html" / f"{stem}.html")
    text = " ".join(parts)
    assert "\u2212" in text  # every report has a negative figure somewhere
    minus = [m.group() for part in parts for m in HYPHEN_MINUS.finditer(part)]
    assert not minus, f"{stem}: hyphen-minus before a number: {minus[:5]}"
    loose = [part[max(0, m.start() - 20):m.end() + 5] for part in parts
             for m in LOOSE_UNIT.finditer(part)]
    assert not loose, f"{stem}: a normal space between number and unit: {loose[:5]}"
    dates = [m.group() for part in parts for m in LOOSE_DATE.finditer(part)]
    assert not dates, f"{stem}: a normal space inside a date: {dates[:5]}"


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_pdf_prints_negative_numbers_with_a_minus_sign(built, stem):
    text = pdf_text(built / "pdf" / f"{stem}.pdf")
    minus = [text[max(0, m.start() - 20):m.end() + 5] for m in HYPHEN_MINUS.finditer(text)]
    assert not minus, f"{stem}: hyphen-minus before a number in the PDF: {minus[:5]}"
    assert "\u2212" in text


@pytest.mark.parametrize("sheet", ["print.css", "web.css"])
def test_table_headers_are_not_hyphenated(sheet):
    css = (ROOT / "templates" / "css" / sheet).read_text(encoding="utf-8")
    assert re.search(r"(^|\n)th \{ hyphens: manual; \}", css)


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_docx_numbers_never_break(built, stem):
    """The DOCX has no no-wrap spans: a number is held together by no-break spaces, between
    its digit groups and before its unit, and a negative one has a minus sign."""
    from docx import Document

    doc = Document(str(built / "docx" / f"{stem}.docx"))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    text = "\n".join(texts)
    assert re.search(r"\d\u00a0(?:\d{3}\u00a0kr|mill\.\u00a0kr|mrd\.\u00a0kr)", text)
    loose = re.findall(r".{10}(?:\d \d{3}(?!\d)|\d (?:%|kr\b|mill\.|mrd\.)).{0,5}", text)
    assert not loose, f"{stem}: a number may break in the DOCX: {loose[:5]}"
    assert not HYPHEN_MINUS.search(text)


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_pdf_never_splits_akson_or_the_name(built, stem):
    """«Akson» and the municipality's name are never hyphenated at a line end."""
    text = pdf_text(built / "pdf" / f"{stem}.pdf")
    name = {"0301-oslo": "Oslo", "4629-modalen": "Modalen", "5436-porsanger": "Porsanger"}[stem]
    for word in ("Akson", name):
        for cut in range(2, len(word) - 1):
            split = re.compile(re.escape(word[:cut]) + r"[-\u2010\u00ad]\s*\n\s*"
                               + re.escape(word[cut:]))
            assert not split.search(text), (stem, word, cut)


def test_the_appendix_prints_its_values_whole_and_never_breaks_inside_a_number():
    """The appendix table («Forutsetninger og kilder») prints the national figures as typed:
    a list of whole numbers without «,00», fractions with their decimals, and no plain space
    inside a number, where a line could break («4 755 MNOK» read as «4» and «755 MNOK»)."""
    from grunnlag.inputs.assumptions import load_assumptions
    from grunnlag.inputs.texts import load_catalogs
    from grunnlag.render.report import assumption_rows

    a = load_assumptions()
    for lang in ("nb", "nn"):
        rows = {r["key"]: r["verdi"] for r in assumption_rows(a, load_catalogs()[lang])}
        assert rows["tjenester_arsverk"] == "414; 35\u00a0297; 8\u00a0926; 43\u00a0358; " \
            "4\u00a0510; 2\u00a0252; 4\u00a0322"  # data/forutsetninger.yaml, as typed there
        assert rows["lokal_innfasing"] == "0,50; 0,50"
        assert rows["program_p50"] == "4\u00a0755\u00a0MNOK"
        assert not [v for v in rows.values() if re.search(r"\d \d", v)]
