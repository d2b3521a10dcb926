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
from grunnlag.render import fmt
from grunnlag.render.docx_writer import write as write_docx
from grunnlag.render.report import report_context
from grunnlag.render.saksframlegg import top_risks
from tests.helpers import ROOT
from tests.shared_build import REPORT_SET, shared_build

pytestmark = pytest.mark.slow  # builds reports


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
    expected = [str(cat.t("tornado_" + r["forutsetning"])) for r in top_risks(data)]
    assert len(shown) == 3
    assert all(s.startswith(e) for s, e in zip(shown, expected, strict=True)), shown
    pairs = [(r["netto_naverdi_lav"], r["netto_naverdi_hoy"]) for r in top_risks(data)]
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
    ("0301", "Byrådets vurdering", "Byrådets innstilling", "ommunedirektør"),
    ("4629", "Kommunedirektøren si vurdering", "Kommunedirektøren si innstilling", "Byråd"),
    ("5436", "Kommunedirektørens vurdering", "Kommunedirektørens innstilling", "Byråd"),
])
def test_docx_leaves_the_assessment_to_the_right_body(built, nr, vurdering, innstilling,
                                                       absent):
    paras, tables = _docx_text(built / "docx" / f"{STEMS[nr]}.docx")
    texts = [t for _, t in paras]
    i, j = texts.index(vurdering), texts.index(innstilling)
    assert paras[i][0] == paras[j][0] == "Heading 1"
    assert not any(t.strip() for t in texts[i + 1:j]), "the assessment must be left empty"
    everything = "\n".join(texts) + "\n".join(c for t in tables for r in t for c in r)
    assert absent not in everything and absent.lower() not in everything
    council = "Bystyret" if nr == "0301" else "Kommunestyret"
    assert tables[0][0][1] == council


@pytest.mark.parametrize("nr", SF_SET)
def test_docx_summary_is_at_most_five_lines(built, nr):
    paras, _ = _docx_text(built / "docx" / f"{STEMS[nr]}.docx")
    texts = [t for _, t in paras]
    i = next(n for n, t in enumerate(texts) if t in ("Sammendrag", "Samandrag"))
    summary = texts[i + 1]
    # 11 pt Calibri on A4 with 2.5 cm margins holds about 95 characters a line
    assert 100 < len(summary) <= 5 * 95, len(summary)


def test_docx_is_reproducible_from_the_json(built):
    """Made again from the JSON and nasjonal.json, the DOCX is byte for byte the built one:
    the figures come from the same dict, and no date or zip time of the build gets in."""
    stem = STEMS["4629"]
    figures = json.loads((built / "data" / f"{stem}.json").read_text(encoding="utf-8"))
    national = json.loads((built / "data" / "nasjonal.json").read_text(encoding="utf-8"))
    a = load_assumptions()
    k = _kommune("4629")
    cat = load_catalogs()[k.sprak]
    sf = report_context(k, figures, a, cat, load_content(), national, {})["sf_doc"]
    again = write_docx(sf, a.rapportdato, str(cat.t("utgiver")))
    assert again == (built / "docx" / f"{stem}.docx").read_bytes()
    dates = {i.date_time for i in zipfile.ZipFile(io.BytesIO(again)).infolist()}
    assert dates == {(2020, 12, 1, 0, 0, 0)}
    assert Document(io.BytesIO(again)).core_properties.language == "nn-NO"


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


def test_oslo_report_addresses_bystyret_and_byradet(built):
    text = _html_text(built, "0301-oslo")
    text = text.replace("Kommunedirektøren i Stavanger", "")  # a fact about Stavanger
    assert "Bystyret" in text and "byrådet" in text
    assert not re.search(r"[Kk]ommunestyret|[Kk]ommunedirektøren", text)


def test_web_page_and_index_link_the_docx(built):
    for nr in SF_SET:
        stem = STEMS[nr]
        page = (built / "html" / f"{stem}.html").read_text(encoding="utf-8")
        assert f'href="../docx/{stem}.docx"' in page
        assert "Last ned saksframlegget (Word)" in page
        assert (built / "docx" / f"{stem}.docx").is_file()
    index = (built / "index.html").read_text(encoding="utf-8")
    assert all(f'href="docx/{STEMS[nr]}.docx"' in index for nr in SF_SET)
