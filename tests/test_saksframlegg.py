"""The saksframlegg a council can act on: addressed right, the Sami area, the editable DOCX.

Read back from a real build of Oslo (bystyre and byråd), Modalen (small, nynorsk) and
Porsanger (in the administrative area for Sami languages).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document

from grunnlag.inputs.assumptions import load_assumptions
from grunnlag.inputs.content import load_content
from grunnlag.inputs.organ import organ_for
from grunnlag.inputs.registry import in_scope
from grunnlag.inputs.samisk import area
from grunnlag.inputs.schema import load_municipality
from grunnlag.inputs.texts import load_catalogs
from grunnlag.model.contract import Kommunetall, Rapporttall
from grunnlag.render import fmt
from grunnlag.render.docx_writer import write as write_docx
from grunnlag.render.report import prose_values, report_context
from grunnlag.render.saksframlegg import build as build_saksframlegg
from grunnlag.render.saksframlegg import rounding_step, top_risks
from grunnlag.render.vedlegg import VEDLEGG
from tests.helpers import ROOT, pdf_pages
from tests.shared_build import REPORT_SET, shared_build

# Tests that build reports, run build.py or start a browser are marked slow one by one.


SF_SET = ("0301", "4629", "5436")  # city, small nynorsk, Sami area: all in REPORT_SET
STEMS = {"0301": "0301-oslo", "4629": "4629-modalen", "5436": "5436-porsanger"}
SAMI_TEN = {"5412", "5415", "5426", "5430", "5436", "5437", "5441", "5442", "1875", "1826"}


def _kommune(nr: str, extra: str = "", tmp: Path | None = None):
    path = ROOT / "municipalities" / f"{STEMS.get(nr, nr)}.yaml"
    if extra:
        assert tmp is not None
        copy = tmp / path.name
        copy.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
        return load_municipality(copy, root=tmp)
    return load_municipality(path)


# ------------------------------------------------------------------ who decides


@pytest.mark.parametrize("nr, council, admin", [
    ("0301", "bystyret", "byrådet"),
    ("4601", "bystyret", "byrådet"),
    ("4629", "kommunestyret", "kommunedirektøren"),
    ("5436", "kommunestyret", "kommunedirektøren"),
])
def test_who_decides_and_who_proposes(nr, council, admin):
    path = next((ROOT / "municipalities").glob(f"{nr}-*.yaml"))
    o = organ_for(load_municipality(path))
    assert (o.vedtaksorgan, o.administrasjon) == (council, admin)


def test_the_file_may_name_its_council_and_administration(tmp_path):
    k = _kommune("4629", "kommunestyre_navn: bystyret\nadministrasjon_navn: rådmannen\n",
                 tmp_path)
    o = organ_for(k)
    assert (o.vedtaksorgan, o.administrasjon) == ("bystyret", "rådmannen")
    assert o.values()["administrasjon_gen_stor"] == "Rådmannens"


def test_an_unknown_council_name_is_refused_with_its_line(tmp_path):
    errors = _kommune("4629", "kommunestyre_navn: byrådet\n", tmp_path)
    assert isinstance(errors, list)
    assert any(e.field == "kommunestyre_navn" and e.line for e in errors), errors


# ------------------------------------------------------------------ the Sami area


def test_the_sami_area_holds_the_ten_of_the_domain_file():
    assert set(area()) == SAMI_TEN
    assert all(in_scope(nr) for nr in area())


@pytest.mark.parametrize("lang, law", [("nb", "sameloven § 3-5"), ("nn", "samelova § 3-5")])
def test_the_sami_text_exists_in_both_forms(lang, law):
    cat = load_catalogs()[lang]
    text = str(cat.md("samisk", kort="Porsanger", samisk_sprak="nordsamisk",
                      bokstaver=str(cat.t("samisk_bokstaver_nordsamisk"))))
    assert law in text and "Porsanger" in text and "ŋ" in text
    assert "{" not in text


# ------------------------------------------------------------------ built outputs


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return shared_build(tmp_path_factory, REPORT_SET)


def _html_text(built: Path, stem: str) -> str:
    page = (built / "html" / f"{stem}.html").read_text(encoding="utf-8")
    page = re.sub(r"<(style|script|svg)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page).replace("&nbsp;", " ")
                  .replace("\u00a0", " "))


@pytest.mark.slow
def test_sami_section_only_in_the_area_with_full_name_in_title_short_in_text(built):
    text = _html_text(built, "5436-porsanger")
    title = "Porsanger - Porsáŋgu - Porsanki i forvaltningsområdet for samisk språk"
    assert title in text
    start = text.index(title) + len(title)
    section = text[start:text.index("Fordeler", start)]
    assert "Porsanger er med i forvaltningsområdet" in section
    assert "Porsáŋgu" not in section  # running text uses the short name
    assert "åpent spørsmål" in section and "§ 3-5" in section
    for stem in ("0301-oslo", "4629-modalen"):
        assert "forvaltningsområdet for samisk" not in _html_text(built, stem)


def _flat(s: str) -> str:
    """No-break spaces read as spaces: the figures are compared, not the spacing."""
    return s.replace("\u00a0", " ")


def _docx_text(path: Path) -> tuple[list[tuple[str, str]], list[list[list[str]]]]:
    """(style, text) of every paragraph, and the cell texts of every table."""
    doc = Document(str(path))
    paras = [(p.style.name, p.text) for p in doc.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return paras, tables


@pytest.mark.slow
@pytest.mark.parametrize("nr", SF_SET)
def test_docx_has_word_headings_and_the_same_figures_as_the_json(built, nr):
    stem = STEMS[nr]
    data = json.loads((built / "data" / f"{stem}.json").read_text(encoding="utf-8"))
    lang = data["sprak"]
    paras, tables = _docx_text(built / "docx" / f"{stem}.docx")
    styles = {s for s, _ in paras}
    assert {"Title", "Heading 1", "Heading 2"} <= styles
    headings = [t for s, t in paras if s == "Heading 1"]
    assert headings[0] == {"nb": "Forslag til vedtak", "nn": "Framlegg til vedtak"}[lang]
    assert {"nb": "Sammendrag", "nn": "Samandrag"}[lang] in headings
    cells = _flat("\n".join(c for t in tables for row in t for c in row))
    fa, oa = data["avtaler"]["forpliktelsesavtale"], data["avtaler"]["opsjonsavtale"]
    ia = data["avtaler"]["ingen_avtale"]
    for x in (fa, oa, ia):  # every alternative's own cost to the budget, «Ikke nå» included
        for value in (x["kostnad_2021_2040"], x["kostnad_2021_2024"],
                      x["kostnad_2021_2040"] - ia["kostnad_2021_2040"], x["netto_naverdi"],
                      x["kommunal_kostnad_p50"], x["kommunal_kostnad_p85"]):
            assert _flat(fmt.belop(value, lang)) in cells, (stem, value)
    assert ia["kostnad_2021_2040"] > 0  # saying no is not free
    # the sensitivities that move the result most, largest first, each scenario once
    cat = load_catalogs()[lang]
    risk_table = next(t for t in tables if t[0][0] == str(cat.t("sf_tab_risiko")))
    shown = [row[0] for row in risk_table[1:]]
    top = top_risks(Rapporttall.model_validate(data))
    expected = [str(cat.t("tornado_" + r.forutsetning)) for r in top]
    assert len(shown) == 3
    assert all(s.startswith(e) for s, e in zip(shown, expected, strict=True)), shown
    pairs = [(r.netto_naverdi_lav, r.netto_naverdi_hoy) for r in top]
    assert len(set(pairs)) == 3
    spreads = [abs(h - lo) for lo, h in pairs]
    assert spreads == sorted(spreads, reverse=True)
    # the register's decisive risks are on page 3
    register = next(t for t in tables if t[0][0] == str(cat.t("sf_tab_risiko_register")))
    assert len(register) == 4
    # the frame in the first proposal is the JSON's P85 rounded up, never below it
    points = [t for s, t in paras if s == "Vedtakspunkt"]
    frame = fmt.belop_opp(fa["kommunal_kostnad_p85"], lang)
    assert any(_flat(frame) in _flat(p) for p in points)


@pytest.mark.parametrize("nr, vurdering, innstilling, absent", [
    ("0301", "Byrådets vurdering", "Forslag til vedtak", "ommunedirektør"),
    ("4629", "Kommunedirektøren si vurdering", "Framlegg til vedtak", "Byråd"),
    ("5436", "Kommunedirektørens vurdering", "Forslag til vedtak", "Byråd"),
])
@pytest.mark.slow
def test_docx_leaves_the_assessment_to_the_right_body(built, nr, vurdering, innstilling,
                                                       absent):
    paras, tables = _docx_text(built / "docx" / f"{STEMS[nr]}.docx")
    texts = [t for _, t in paras]
    i, j = texts.index(vurdering), texts.index("Vedlegg")
    assert paras[i][0] == paras[j][0] == "Heading 1"
    assert not any(t.strip() for t in texts[i + 1:j]), "the assessment must be left empty"
    # one place for the recommendation: the proposed resolution, first, before the
    # alternatives; no second «innstilling» heading
    assert not [t for t in texts if t.endswith("innstilling")]
    assert [t for s, t in paras if s == "Heading 1"][0] == innstilling
    assert any("som innstilling" in t for t in texts)
    everything = "\n".join(texts) + "\n".join(c for t in tables for r in t for c in r)
    assert absent not in everything and absent.lower() not in everything
    council = "Bystyret" if nr == "0301" else "Kommunestyret"
    assert tables[1][-1][0] == council


@pytest.mark.slow
@pytest.mark.parametrize("nr", SF_SET)
def test_docx_summary_is_at_most_five_lines(built, nr):
    paras, _ = _docx_text(built / "docx" / f"{STEMS[nr]}.docx")
    texts = [t for _, t in paras]
    i = next(n for n, t in enumerate(texts) if t in ("Sammendrag", "Samandrag"))
    summary = texts[i + 1]
    # 11 pt Calibri on A4 with 2.5 cm margins holds about 95 characters a line
    assert 100 < len(summary) <= 5 * 95, len(summary)


@pytest.mark.slow
def test_docx_is_reproducible_from_the_json(built):
    """Made again from the JSON and nasjonal.json, the DOCX is byte for byte the built one:
    the figures read back through their contract are the same, and no date or zip time of
    the build gets in."""
    stem = STEMS["4629"]
    figures = json.loads((built / "data" / f"{stem}.json").read_text(encoding="utf-8"))
    national = json.loads((built / "data" / "nasjonal.json").read_text(encoding="utf-8"))
    a = load_assumptions()
    k = _kommune("4629")
    cat = load_catalogs()[k.sprak]
    sf = report_context(k, Rapporttall.model_validate(figures), a, cat, load_content(), national,
                        {})["sf_doc"]
    again = write_docx(sf, a.rapportdato, cat)
    assert again == (built / "docx" / f"{stem}.docx").read_bytes()
    dates = {i.date_time for i in zipfile.ZipFile(io.BytesIO(again)).infolist()}
    assert dates == {(2020, 12, 1, 0, 0, 0)}
    assert Document(io.BytesIO(again)).core_properties.language == "nn-NO"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_docx_opens_in_libreoffice(built, tmp_path):
    src = built / "docx" / f"{STEMS['0301']}.docx"
    r = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                        "--convert-to", "txt:Text", "--outdir", str(tmp_path), str(src)],
                       capture_output=True, text=True, timeout=180)
    out = tmp_path / f"{STEMS['0301']}.txt"
    assert out.exists(), r.stdout + r.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert "Forslag til vedtak" in text and "Byrådets vurdering" in text


@pytest.mark.slow
def test_oslo_report_addresses_bystyret_and_byradet(built):
    text = _html_text(built, "0301-oslo")
    text = text.replace("Kommunedirektøren i Stavanger", "")  # a fact about Stavanger
    assert "Bystyret" in text and "byrådet" in text
    assert not re.search(r"[Kk]ommunestyret|[Kk]ommunedirektøren", text)


@pytest.mark.slow
def test_web_page_and_index_link_the_docx(built):
    for nr in SF_SET:
        stem = STEMS[nr]
        page = (built / "html" / f"{stem}.html").read_text(encoding="utf-8")
        assert f'href="../docx/{stem}.docx"' in page
        assert "Last ned saksframlegget (Word)" in page
        assert (built / "docx" / f"{stem}.docx").is_file()
    index = (built / "index.html").read_text(encoding="utf-8")
    assert all(f'href="docx/{STEMS[nr]}.docx"' in index for nr in SF_SET)


# ------------------------------------------------------------------ the cost frame

# What the explanation above the proposals says the frames are rounded up to, as a number
STEP_WORDS = {"100 millioner kroner": 1e8, "100 millionar kroner": 1e8,
              "100 000 kroner": 1e5, "1 000 kroner": 1e3}
AMOUNT = re.compile(r"(\d[\d ]*(?:,\d+)?) (?:(mrd\.|mill\.) )?kr")
SCALE = {"mrd.": 1e9, "mill.": 1e6, None: 1.0}


def _amount(shown: str) -> float:
    """'3,2 mrd. kr' -> 3.2e9, as a reader reads it."""
    m = AMOUNT.fullmatch(_flat(shown))
    assert m, shown
    return float(m[1].replace(" ", "").replace(",", ".")) * SCALE[m[2]]


def test_every_frame_holds_the_p85_and_is_less_than_one_stated_step_above(figs):
    """For all 291 and both agreements: the frame in the draft resolution is never below the
    P85 it stands for, and less than one step of the rounding the explanation names above it
    (a frame rounded to whole millions, or a step the text does not name, fails)."""
    cats = load_catalogs()
    for nr, f in figs.items():
        fa, oa = (f["avtaler"][a]["kommunal_kostnad_p85"]
                  for a in ("forpliktelsesavtale", "opsjonsavtale"))
        for lang in ("nb", "nn"):
            step = STEP_WORDS[_flat(rounding_step(fa, oa, cats[lang]))]  # one step for both
            for p85 in (fa, oa):
                frame = _amount(fmt.belop_opp(p85, lang))
                assert p85 <= frame < p85 + step, (nr, lang, p85, frame)


def _read(shown: str) -> tuple[float, float]:
    """An amount as the saksframlegg prints it ('−784,6 mill. kr'), read as a reader reads it,
    and half the unit of its last digit (the most its rounding can have moved it)."""
    flat = _flat(str(shown)).replace("\u2212", "-")
    sign = -1 if flat.startswith("-") else 1
    m = AMOUNT.search(flat)
    assert m, shown
    value = _amount(m[0])
    unit = SCALE[m[2]] / 10 if m[2] else (1e3 if value >= 1e4 else 1.0)
    return sign * value, unit / 2


def test_every_stated_difference_is_the_tables_amounts_apart_but_for_rounding(everything):
    """The alternatives table rounds each amount for itself; the row «Forskjell fra Ikke nå» and
    the option's «… mer/mindre enn forpliktelsesavtalen» under it are worked out before that,
    as the note under the table says. Read from the saksframlegg of all 291: each stated
    difference is that of the amounts it is read against, but for their rounding (a
    difference of other figures, or a sign the wrong way, fails)."""
    nat, loaded, figs, national = everything
    cats, a = load_catalogs(), nat.assumptions
    for nr, data in figs.items():
        k, f = loaded.kommuner[nr], Kommunetall.model_validate(data)
        cat = cats[k.sprak]
        values = prose_values(k, f, a, cat, national)
        sf = build_saksframlegg(k, f, cat, values, "", "")
        table = next(b.rows for b in sf.blocks if b.kind == "table"
                     and any(str(r[0]) == str(cat.t("sf_forskjell_kasse")) for r in b.rows))
        row = {str(r[0]): r[1:] for r in table[2:]}
        cost, diff = ([_read(x) for x in row[str(cat.t(label))]]
                      for label in ("sf_kostnad_kasse", "sf_forskjell_kasse"))
        ia, ia_err = cost[2]  # «Ikke nå»
        for (x, x_err), (d, d_err) in zip(cost, diff, strict=True):
            assert abs(d - (x - ia)) <= d_err + x_err + ia_err + 1, (nr, d, x, ia)
        # the sentence under the table: «Opsjonsavtalen koster kommunekassen {beløp} mer/mindre»
        head = cat.strings["sf_opsjon_forklaring"].split("{opsjon_diff}")[0]
        sentence = _flat(next(str(b.text) for b in sf.blocks if str(b.text).startswith(head)))
        amount = AMOUNT.match(sentence, len(head))
        assert amount, sentence
        said, s_err = _read(amount[0])
        retning = sentence[amount.end():].split()[0]
        said *= {str(cat.t("sf_mer")): 1, str(cat.t("sf_mindre")): -1}[retning]
        (opsjon, o_err), (forpl, f_err) = diff[1], diff[0]
        assert abs(said - (opsjon - forpl)) <= s_err + o_err + f_err + 1, (nr, said)
        # ... and the note under the table says so («før avrundingen», nn «før avrundinga»)
        assert any(b.kind == "note" and "før avrunding" in str(b.text) for b in sf.blocks), nr


def test_frames_of_different_sizes_name_each_its_step(figs):
    """Oslo's commitment (over 1 mrd. kr) beside Utsira's option (about 10 mill. kr): each
    frame's own step, named after its agreement."""
    big = figs["0301"]["avtaler"]["forpliktelsesavtale"]["kommunal_kostnad_p85"]
    small = figs["1151"]["avtaler"]["opsjonsavtale"]["kommunal_kostnad_p85"]
    assert big >= 1e9 > small
    nb, nn = (_flat(rounding_step(big, small, load_catalogs()[lang])) for lang in ("nb", "nn"))
    assert nb == "100 millioner kroner for forpliktelsesavtalen og 100 000 kroner for " \
                 "opsjonsavtalen"
    assert nn == "100 millionar kroner for forpliktingsavtalen og 100 000 kroner for " \
                 "opsjonsavtalen"


# The explanation as a reader finds it beside the proposals: the frames are the table's P85
# rounded up, to the step their size gives, so they are never below the estimate
ROUNDING = {
    "nb": "Hver ramme er P85-anslaget fra tabellen under «Alternativene i kroner», rundet opp "
          "til nærmeste {steg}, slik at rammen aldri er lavere enn anslaget.",
    "nn": "Kvar ramme er P85-anslaget frå tabellen under «Alternativa i kroner», runda opp til "
          "næraste {steg}, slik at ramma aldri er lågare enn anslaget.",
}
SECTION = {"nb": ("Forslag til vedtak", "Sammendrag"), "nn": ("Framlegg til vedtak", "Samandrag")}


def _proposals(text: str, lang: str) -> str:
    """The section of the proposed resolution, from its heading to the summary's."""
    first, after = SECTION[lang]
    start = text.index(first)
    return text[start:text.index(after, start)]


@pytest.mark.slow
@pytest.mark.parametrize("nr, steg", [("0301", "100 millioner kroner"),
                                      ("4629", "100 000 kroner")])
def test_the_rounding_of_the_frame_is_explained_beside_it_in_pdf_web_and_docx(built, nr, steg):
    """Oslo (bokmål, frames over 1 mrd. kr) and Modalen (nynorsk, about 10 mill. kr): the web
    page, the PDF and the DOCX say, in the section with the frames, that they are the table's
    P85 rounded up, and to what."""
    stem = STEMS[nr]
    data = json.loads((built / "data" / f"{stem}.json").read_text(encoding="utf-8"))
    lang = data["sprak"]
    sentence = ROUNDING[lang].format(steg=steg)
    frames = [_flat(fmt.belop_opp(data["avtaler"][a]["kommunal_kostnad_p85"], lang))
              for a in ("forpliktelsesavtale", "opsjonsavtale")]
    paras, _ = _docx_text(built / "docx" / f"{stem}.docx")
    flat = lambda s: re.sub(r"\s+", " ", _flat(s))  # noqa: E731
    docx = flat("\n".join(t for _, t in paras))
    pdf = flat(" ".join(pdf_pages(built / "pdf" / f"{stem}.pdf")[:3]))  # pages 1-3
    web = flat(_html_text(built, stem))
    for name, text in (("docx", docx), ("pdf", pdf), ("web", web)):
        section = _proposals(text, lang)
        assert sentence in section, (name, section[:600])
        assert all(frame in section for frame in frames), (name, frames)


# ------------------------------------------------------------------ a DOCX the municipality sends

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx(built: Path, nr: str) -> Path:
    return built / "docx" / f"{STEMS[nr]}.docx"


def _saksframlegg(built: Path, nr: str, extra: str = "", tmp: Path | None = None,
                  figures_of: str = "5436"):
    """The saksframlegg of any municipality, made with the figures of a built report (the
    texts and names are what these tests read, not the figures)."""
    k = _kommune(nr, extra, tmp)
    assert not isinstance(k, list), k
    figures = Rapporttall.model_validate(
        json.loads((built / "data" / f"{STEMS[figures_of]}.json").read_text("utf-8")))
    national = json.loads((built / "data" / "nasjonal.json").read_text(encoding="utf-8"))
    a = load_assumptions()
    cat = load_catalogs()[k.sprak]
    sf = build_saksframlegg(k, figures, cat, prose_values(k, figures, a, cat, national),
                            fmt.dato(a.rapportdato, cat.lang), "1. januar 2020")
    return sf, cat, a


def _all_text(doc) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.mark.slow
@pytest.mark.parametrize("nr, tag", [("0301", "nb-NO"), ("4629", "nn-NO"), ("5436", "nb-NO")])
def test_docx_is_in_the_municipalitys_language_form(built, nr, tag):
    """Word checks the spelling in the document's language: bokmål or nynorsk, never English."""
    path = _docx(built, nr)
    doc = Document(str(path))
    assert doc.core_properties.language == tag
    styles = doc.styles.element
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert default is not None and default.get(f"{W}val") == tag
    normal = doc.styles["Normal"].element.find(f"{W}rPr/{W}lang")
    assert normal is not None and normal.get(f"{W}val") == tag
    with zipfile.ZipFile(path) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml")).decode()
    langs = set(re.findall(r'<w:(?:lang|themeFontLang) w:val="([^"]+)"', xml))
    assert langs == {tag}, langs
    assert "proofState" not in xml  # Word is not told the spelling was already checked


@pytest.mark.slow
@pytest.mark.parametrize("nr", ["0301", "4629"])
def test_docx_names_no_author_and_no_tool(built, nr):
    path = _docx(built, nr)
    cp = Document(str(path)).core_properties
    for name in ("author", "last_modified_by", "comments", "keywords", "subject", "category",
                 "content_status", "identifier"):
        assert getattr(cp, name) == "", (name, getattr(cp, name))
    assert cp.title and cp.revision == 1
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        props = b"".join(z.read(n) for n in names if n.startswith("docProps/")).decode()
        rels = z.read("_rels/.rels").decode()
    assert "docProps/app.xml" not in names and "extended-properties" not in rels
    assert not any("thumbnail" in n for n in names)
    for word in ("python-docx", "Microsoft", "prosjektkontor", "Akson (staten"):
        assert word not in props, word


@pytest.mark.slow
@pytest.mark.parametrize("nr", ["0301", "4629"])
def test_docx_footer_numbers_the_pages(built, nr):
    doc = Document(str(_docx(built, nr)))
    footer = doc.sections[0].footer
    assert not footer.is_linked_to_previous
    para = footer.paragraphs[0]
    fields = [f.get(f"{W}instr").strip() for f in para._p.iter(f"{W}fldSimple")]
    assert fields == ["PAGE", "NUMPAGES"]
    assert "".join(t.text for t in para._p.iter(f"{W}t")) == "Side 1 av 1"


@pytest.mark.parametrize("nr, lang, saksgang", [
    ("0301", "nb", ["Byrådet", "Bystyret"]),
    ("4629", "nn", ["Formannskapet", "Kommunestyret"]),
])
@pytest.mark.slow
def test_docx_head_fields_and_saksgang_are_empty_for_the_municipality(built, nr, lang, saksgang):
    paras, tables = _docx_text(_docx(built, nr))
    head, gang = tables[0], tables[1]
    labels = {"nb": ["Arkivsak", "Arkivkode", "Avsender", "Saksbehandler", "Dato"],
              "nn": ["Arkivsak", "Arkivkode", "Avsendar", "Sakshandsamar", "Dato"]}[lang]
    assert [row[0] for row in head] == labels
    assert all(row[1] == "" for row in head), "the municipality fills these in"
    assert gang[0] == ["Saksgang", "Møtedato", "Saksnr."]
    assert [row[0] for row in gang[1:]] == saksgang
    assert all(c == "" for row in gang[1:] for c in row[1:])
    # the head comes before the title; the project office is only the source of the draft
    title = next(i for i, (s, _) in enumerate(paras) if s == "Title")
    assert all(s != "Heading 1" for s, _ in paras[:title])
    facts = next(t for t in tables if t[0][0] == "Kommune")
    assert [r[1] for r in facts if r[0] in ("Avsender", "Avsendar", "Kontakt")] == []
    assert [r[1] for r in facts if r[0] in ("Utkast fra", "Utkast frå")] == [
        str(load_catalogs()[lang].t("utgiver"))]


@pytest.mark.slow
@pytest.mark.parametrize("nr", ["0301", "4629"])
def test_docx_vedlegg_are_the_analysis_chapters_not_a_second_saksframlegg(built, nr):
    data = json.loads((built / "data" / f"{STEMS[nr]}.json").read_text(encoding="utf-8"))
    cat = load_catalogs()[data["sprak"]]
    paras, _ = _docx_text(_docx(built, nr))
    texts = [t for _, t in paras]
    start = texts.index("Vedlegg")
    points = [t for s, t in paras[start:] if s == "Vedtakspunkt"]
    expected = [str(cat.t(key)) for _, key in VEDLEGG] + [str(cat.t("sf_vedlegg_brev"))]
    assert points == [f"{i}.\t{t}" for i, t in enumerate(expected, 1)]
    intro = _flat(texts[start + 1])
    assert "«Vedlegg 1» til «Vedlegg 9»" in intro
    # the PDF's chapters carry the same numbers and titles
    pdf = _flat(" ".join(pdf_pages(built / "pdf" / f"{STEMS[nr]}.pdf")))
    for n, title in enumerate(expected[:-1], 1):
        assert f"Vedlegg {n}: {title}" in pdf, title


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_docx_prints_with_page_numbers_in_libreoffice(built, tmp_path):
    src = _docx(built, "4629")
    r = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                       capture_output=True, text=True, timeout=180)
    out = tmp_path / f"{STEMS['4629']}.pdf"
    assert out.exists(), r.stdout + r.stderr
    pages = pdf_pages(out)
    assert len(pages) >= 2
    for n, page in enumerate(pages, 1):
        assert f"Side {n} av {len(pages)}" in page, (n, page[-200:])


# ------------------------------------------------------------------ names

@pytest.mark.slow
def test_kristiansand_is_addressed_as_bystyret(built):
    k = _kommune("4204-kristiansand")
    assert organ_for(k).vedtaksorgan == "bystyret"
    sf, cat, a = _saksframlegg(built, "4204-kristiansand")
    doc = Document(io.BytesIO(write_docx(sf, a.rapportdato, cat)))
    text = _all_text(doc)
    assert text.count("Bystyret") >= 3
    assert "ommunestyret" not in text
    assert [c.text for c in doc.tables[1].rows[-1].cells] == ["Bystyret", "", ""]


@pytest.mark.parametrize("nr, facts, short, absent", [
    ("5436", "Porsanger - Porsáŋgu - Porsanki (5436), Troms og Finnmark", "Porsanger",
     "Porsáŋgu"),
    ("3419-valer", "Våler (3419), Innlandet", "Våler", "(Innlandet)"),
])
@pytest.mark.slow
def test_the_name_the_municipality_uses_and_the_official_one_once(built, nr, facts, short,
                                                                  absent):
    sf, cat, a = _saksframlegg(built, nr)
    doc = Document(io.BytesIO(write_docx(sf, a.rapportdato, cat)))
    fact_table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Kommune")
    assert fact_table.rows[0].cells[1].text == facts
    text = _all_text(doc)
    assert text.count(absent) == (1 if absent in facts else 0)
    points = [p.text for p in doc.paragraphs if p.style.name == "Vedtakspunkt"]
    assert f"1.\t{short} kommune inngår forpliktelsesavtale" in points[0]


# ------------------------------------------------------------------ the Sami area in the decision

def _alternatives(sf) -> dict[str, list[str]]:
    """Alternative heading -> its numbered points."""
    out: dict[str, list[str]] = {}
    current = None
    for b in sf.blocks:
        if b.kind == "heading":
            current = b.text if b.level == 2 and b.text.startswith("Alternativ") else None
            if current:
                out[current] = []
        elif b.kind == "point" and current:
            out[current].append(b.text)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("nr", sorted(SAMI_TEN) + ["0301", "4629", "1151", "5444", "1804"])
def test_a_sami_point_in_commitment_and_option_for_the_ten_only(built, nr):
    path = next((ROOT / "municipalities").glob(f"{nr}-*.yaml"))
    sf, cat, _ = _saksframlegg(built, path.stem)
    alts = _alternatives(sf)
    assert len(alts) == 3, alts
    law = {"nb": "sameloven § 3-5", "nn": "samelova § 3-5"}[cat.lang]
    sami = [[law in _flat(p) for p in points] for points in alts.values()]
    if nr in SAMI_TEN:
        # the last point of alternatives 1 and 2, none in «not now»
        assert [s.count(True) for s in sami] == [1, 1, 0], alts
        assert sami[0][-1] and sami[1][-1]
        assert area()[nr] in " ".join(p for points in alts.values() for p in points)
    else:
        assert not any(any(s) for s in sami)
    assert all(b.text for b in sf.blocks if b.kind == "point")


SUMMARY = "Porsáŋggu gielda mearrida searvat go Aksonii.\n\nNubbi oassi."


@pytest.mark.slow
def test_the_sami_summary_is_shown_only_when_the_municipality_wrote_one(built, tmp_path):
    from grunnlag.render.html import environment
    from grunnlag.render.report import attachments, saksframlegg_items

    extra = f"sammendrag_samisk: {json.dumps(SUMMARY, ensure_ascii=False)}\n"
    with_summary, cat, a = _saksframlegg(built, "5436", extra, tmp_path)
    without, _, _ = _saksframlegg(built, "5436")
    heading = "Sammendrag på nordsamisk"
    assert heading not in [b.text for b in without.blocks]
    doc = Document(io.BytesIO(write_docx(with_summary, a.rapportdato, cat)))
    paras = [(p.style.name, p.text, p) for p in doc.paragraphs]
    i = next(n for n, (_, t, _) in enumerate(paras) if t == heading)
    assert paras[i][0] == "Heading 2"
    assert [t for _, t, _ in paras[i + 1:i + 3]] == SUMMARY.split("\n\n")
    lang = paras[i + 1][2].runs[0]._r.find(f"{W}rPr/{W}lang")
    assert lang is not None and lang.get(f"{W}val") == "se-NO"
    # the web page and the PDF show it too, marked as North Sami
    html = environment().from_string(
        "{% from 'macros.html.j2' import saksframlegg_blocks with context %}"
        "{{ saksframlegg_blocks(items) }}")
    ctx = {"t": cat.t, "vedlegg": attachments(cat), "medium": "web"}
    shown = html.render(items=saksframlegg_items(with_summary), **ctx)
    assert f"<h3>{heading}</h3>" in shown
    assert '<p lang="se-NO">Porsáŋggu gielda' in shown
    assert heading not in html.render(items=saksframlegg_items(without), **ctx)


@pytest.mark.parametrize("value, problem", [
    ("x" * 5001, "5000"),
    ("", None),
])
def test_the_sami_summary_is_checked_like_other_free_text(tmp_path, value, problem):
    k = _kommune("5436", f"sammendrag_samisk: {json.dumps(value)}\n", tmp_path)
    if problem is None:
        assert not isinstance(k, list), k
        return
    assert isinstance(k, list)
    assert any(e.field == "sammendrag_samisk" and problem in e.message for e in k), k


def test_the_summary_says_what_the_table_says_in_five_lines_for_all_291(everything):
    """The summary's «betaler kommunen X mer/mindre … enn med dagens systemer» is
    the table's row «Forskjell fra Ikke nå» for the commitment, as printed there, with the
    direction its sign gives; its årsverk are the table's, per year and said to be time, not
    money; and it fits the five lines the DOCX allows (about 95 characters a line)."""
    nat, loaded, figs, national = everything
    cats, a = load_catalogs(), nat.assumptions
    for nr, data in figs.items():
        k, f = loaded.kommuner[nr], Kommunetall.model_validate(data)
        cat = cats[k.sprak]
        sf = build_saksframlegg(k, f, cat, prose_values(k, f, a, cat, national), "", "")
        blocks = list(sf.blocks)
        at = next(i for i, b in enumerate(blocks)
                  if b.kind == "heading" and str(b.text) == str(cat.t("sf_h_sammendrag")))
        summary = _flat(str(blocks[at + 1].text))
        table = next(b.rows for b in blocks if b.kind == "table"
                     and any(str(r[0]) == str(cat.t("sf_forskjell_kasse")) for r in b.rows))
        row = {str(r[0]): [_flat(str(c)) for c in r[1:]] for r in table}
        shown = row[str(cat.t("sf_forskjell_kasse"))][0]  # the commitment's column
        more = not shown.startswith("\u2212") and _amount(shown) > 0
        said = f"{shown.lstrip(chr(0x2212))} {cat.t('sf_mer' if more else 'sf_mindre')} i 2021–2040"
        assert said in summary, (nr, said, summary)
        years = row[str(cat.t("sf_frigjort_tid"))][0]
        assert f"{years} årsverk i året" in summary, (nr, years, summary)
        assert {"nb": "tid, ikke penger", "nn": "tid, ikkje pengar"}[cat.lang] in summary
        assert len(summary) <= 5 * 95, (nr, len(summary))

