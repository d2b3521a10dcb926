"""Free text that must not change the document's structure or layout (issue 13, class 2), and
right-to-left text that must not turn the report's own sentences around (class 1)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from grunnlag.inputs.texts import load_catalogs
from grunnlag.render.html import environment
from tests.helpers import pdf_text, project_copy, run_build

# Tests that build reports, run build.py or start a browser are marked slow one by one.


FSI, PDI = "\u2068", "\u2069"  # FIRST STRONG ISOLATE, POP DIRECTIONAL ISOLATE

LONG_WORD = "helseopplysningsjournalsystem" * 160   # 4 640 letters that hyphenation can split
UNBREAKABLE = "Q" * 200                              # nothing to hyphenate, no break at all
LONG_SYSTEM = "W" * 100                              # the longest system name allowed
NOTE = f"""\
# Kapittel fra kommunen

Et langt ord: {LONG_WORD}

Og et ord uten brudd: {UNBREAKABLE}

## Underoverskrift

- punkt én
- punkt to
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = project_copy(tmp_path_factory.mktemp("layout") / "p")
    f = project / "municipalities" / "1151-utsira.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "merknad: " + json.dumps(NOTE) + "\n"
                 "journalsystemer:\n  - tjenesteomrade: fastlege\n"
                 f"    system: {LONG_SYSTEM}\n    leverandor: {LONG_SYSTEM}\n",
                 encoding="utf-8")
    pdf_html = project / "pdf-html"  # the HTML the build lays out as the PDF (worker.py)
    pdf_html.mkdir()
    r = run_build(project, "--only", "1151", "--jobs", "1", warm=True,
                  env={"GRUNNLAG_DUMP_PDF_HTML": str(pdf_html)})
    assert r.returncode == 0, r.stderr
    out = project / "output"
    return {"pdf_html": (pdf_html / "1151-utsira.html").read_text(encoding="utf-8"),
            "out": out, "pdf": out / "pdf" / "1151-utsira.pdf",
            "html": (out / "html" / "1151-utsira.html").read_text(encoding="utf-8"),
            "record": json.loads((out / "bygglogg.json").read_text(encoding="utf-8"))}


def bookmarks(pdf: Path) -> list[str]:
    with pikepdf.open(pdf) as p:
        titles, stack = [], [p.Root.Outlines.First]
        while stack:
            node = stack.pop()
            while node is not None:
                titles.append(str(node.get("/Title")))
                if "/First" in node:
                    stack.append(node.First)
                node = node.get("/Next")
    return titles


@pytest.mark.slow
def test_heading_in_merknad_is_no_chapter_or_bookmark(built):
    titles = bookmarks(built["pdf"])
    assert any(t.endswith("Dagens situasjon") for t in titles), titles
    assert not any("Kapittel fra kommunen" in t or "Underoverskrift" in t for t in titles), titles
    # the chapters after the note are still chapters (a note heading once swallowed them)
    assert "Fordeler" in titles and any(t.endswith("Risiko for kommunen") for t in titles)
    note = built["html"].split('class="merknad"', 1)[1].split("</div>", 1)[0]
    assert not re.search(r"<h[1-6]", note), note
    assert "<strong>Kapittel fra kommunen</strong>" in note
    assert "Kapittel fra kommunen" in pdf_text(built["pdf"])


def word_boxes(pdf: Path) -> tuple[float, list[tuple[str, float]]]:
    """The page width and each word's text and right edge, as poppler lays them out."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    width = float(re.search(r'<page width="([0-9.]+)"', xml)[1])
    words = [(w, float(x)) for x, w in re.findall(r'xMax="([0-9.]+)"[^>]*>([^<]*)</word>', xml)]
    return width, words


@pytest.mark.slow
def test_long_words_and_names_wrap_inside_the_page(built):
    width, words = word_boxes(built["pdf"])
    right_edge = width - 18 / 25.4 * 72  # 18 mm right margin (print.css)
    ours = [(w, x) for w, x in words if len(w) > 8 and (w.rstrip("-\u2010") in LONG_WORD
                                                       or set(w) in ({"Q"}, {"W"}))]
    assert ours, "the long words are not in the PDF at all"
    assert all(x <= right_edge + 1 for _, x in ours), max(ours, key=lambda wx: wx[1])
    text = pdf_text(built["pdf"])  # nothing cut off: every letter is on some page
    # the system and its vendor: in the systems table and in the saksframlegg's facts
    text = text.replace("Word", "")  # «Word-utgaven», the saksframlegg's editable edition
    assert text.count("Q") == len(UNBREAKABLE) and text.count("W") == 4 * len(LONG_SYSTEM)


# The same letters as LONG_WORD, as ordinary words: the note a municipality usually writes
ORDINARY_WORDS = " ".join(["helseopplysningsjournalsystem"] * 160)
WORK_RATIO = 2  # at most: the long word against the same letters as words (measured: 1.0)


def layout_work(html: str) -> int:
    """The letters WeasyPrint hands Pango while it lays out `html` as the build does (the
    project's print.css and fonts): each try at a line, each try of a hyphenation point,
    counted with its letters. A count, not a time: the same on any machine, loaded or not."""
    from weasyprint.text import line_break

    from grunnlag.render.pdf import Renderer

    letters = 0
    real = line_break.create_layout

    def counted(text: str, *args: Any, **kwargs: Any) -> Any:
        nonlocal letters
        letters += len(text)
        return real(text, *args, **kwargs)

    line_break.create_layout = counted  # split_first_line looks it up here
    try:
        Renderer().pdf(html, "layout-work")
    finally:
        line_break.create_layout = real
    return letters


def note_only(html: str) -> str:
    """The HTML the build laid out as the PDF, with its head (styles, language) but only the
    municipality's note in its body: the note is what is measured, and laying out the whole
    report twice cost 14 s of the test run."""
    body = re.search(r"<body[^>]*>", html)
    note = re.search(r'<div class="merknad">.*?</div>', html, re.S)
    assert body and note, "no body or no note in the HTML the build laid out"
    return html[:body.end()] + note.group(0) + "</body></html>"


@pytest.mark.slow
def test_layout_of_a_long_hyphenatable_word_costs_no_more_than_ordinary_words(built):
    """A 4 640-letter word that hyphenation could split is laid out with no more work than
    the same letters as ordinary words. Hyphenating it tried every hyphenation point of the
    rest of the word on every line: over 30 s of rendering for one report, against about 4 s
    without it. Measured as the letters laid out, against the ordinary note in the same test,
    so a busy machine cannot fail it (it was a limit of 15 s on the build's own time)."""
    html = note_only(built["pdf_html"])
    assert html.count(LONG_WORD) == 1, "the long word is not in the note"
    hostile = layout_work(html)
    ordinary = layout_work(html.replace(LONG_WORD, ORDINARY_WORDS))
    assert ordinary > 0, "nothing counted: WeasyPrint no longer lays out lines in create_layout"
    assert hostile <= WORK_RATIO * ordinary, (hostile, ordinary, hostile / ordinary)


def test_note_markdown_keeps_only_paragraphs_emphasis_and_lists():
    from grunnlag.inputs.mdsafe import render_note

    html = str(render_note("# Tittel\n\nTekst *kursiv* **fet**\n\n- a\n- b\n\n    kode\n\n"
                           "> sitat\n\n---\n\n<h1>rå</h1> `kode`\n"))
    assert set(re.findall(r"<(\w+)", html)) == {"p", "strong", "em", "ul", "li"}, html
    for tag in ("<h1", "<h2", "<pre", "<code", "<blockquote", "<hr", "<script"):
        assert tag not in html, (tag, html)
    assert "&lt;h1&gt;rå&lt;/h1&gt;" in html and "&gt; sitat" in html


# ---------------------------------------------------------------- bidirectional text


def test_right_to_left_text_is_isolated_in_templates_and_attributes():
    tpl = environment().from_string('<p title="{{ x }}">{{ x }} kommune</p>')
    html = tpl.render(x="שלום<b>")
    assert html == (f'<p title="{FSI}שלום&lt;b&gt;{PDI}">{FSI}שלום&lt;b&gt;{PDI} kommune</p>')


def test_right_to_left_names_are_isolated_in_the_report_texts():
    cat = load_catalogs()["nb"]
    assert f"{FSI}عربي{PDI}" in str(cat.t("tittel_mal", navn="عربي"))


def test_left_to_right_text_is_left_exactly_as_it_is():
    tpl = environment().from_string("{{ x }} kommune")
    assert tpl.render(x="Hábmer - Hamarøy") == "Hábmer - Hamarøy kommune"
