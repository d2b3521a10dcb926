"""The appendix of national assumptions is laid out once and shared by every report.

What a reader must not notice: the joined report numbers its pages "n / total" without a gap,
its own pages carry the municipality's name, the shared pages carry the appendix title and
are word for word the same in every report of a language form. What the archive must not
notice: a report that reused a written appendix, from memory or from an earlier build, is
byte-identical to one laid out fresh, and the joined file is one tagged document.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from grunnlag.inputs.texts import load_catalogs
from grunnlag.render.report import attachments
from grunnlag.render.shared_store import FOLDER
from tests.helpers import ROOT, pdf_pages, run_build, struct_elements, warm_start
from tests.shared_build import REPORT_SET, shared_build

pytestmark = pytest.mark.slow  # builds reports


# What a stamped page number may draw: text and graphics state, nothing that paints over the
# appendix (no rectangle, fill or image) and no marked content of its own.
STAMP_OPERATORS = {"q", "Q", "cm", "gs", "rg", "RG", "g", "G", "BT", "ET", "Tf", "Tm", "Td",
                   "TD", "Tj", "TJ", "Tc", "Tw", "Tz", "TL", "Tr", "Ts", "w"}
FOOTER = re.compile(r"(?P<left>[^\n]*?) ?(?P<page>\d+) / (?P<total>\d+)\s*$")
NAMES = {"0301-oslo": ("Oslo", "nb"), "1151-utsira": ("Utsira", "nb"), "4621-voss": ("Voss", "nn"),
         "4629-modalen": ("Modalen", "nn"), "5437-karasjok": ("Karasjok", "nb")}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return shared_build(tmp_path_factory, REPORT_SET)


def _pages(pdf: Path) -> list[str]:
    return list(pdf_pages(pdf, layout=True))  # a footer's name and number on one line


def _shared_titles(lang: str) -> list[str]:
    """The shared vedlegg (background, risk for the state, assumptions), as headed."""
    titles = attachments(load_catalogs()[lang])
    return [titles[s] for s in ("bakgrunn", "risiko-staten", "forutsetninger")]


def _appendix_title(lang: str) -> str:
    return _shared_titles(lang)[0]


@pytest.mark.parametrize("stem", sorted(NAMES))
def test_pages_are_numbered_without_gaps_and_carry_the_right_name(built, stem):
    name, lang = NAMES[stem]
    pages = _pages(built / "pdf" / f"{stem}.pdf")
    shared = _shared_titles(lang)
    current = None  # the shared vedlegg a page belongs to; its title replaces the name
    for number, text in enumerate(pages[1:], start=2):  # the first page has no footer
        m = FOOTER.search(text)
        assert m, f"{stem} page {number}: no 'n / total' footer in {text[-120:]!r}"
        assert (int(m["page"]), int(m["total"])) == (number, len(pages)), f"{stem} p. {number}"
        current = next((t for t in shared if " ".join(text.split()).startswith(t)), current)
        expected = current or name
        assert " ".join(m["left"].split()).endswith(expected), f"{stem} p. {number}: {m['left']!r}"
    assert current == shared[-1], f"{stem}: the shared vedlegg are not all there"


def _appendix_pages(pdf: Path, lang: str) -> list[str]:
    pages = _pages(pdf)
    title = _appendix_title(lang)
    first = next(i for i, t in enumerate(pages) if " ".join(t.split()).startswith(title))
    return [FOOTER.sub("", t) for t in pages[first:]]  # page numbers differ with the length


def test_the_appendix_is_the_same_in_every_report_of_a_language_form(built):
    by_lang: dict[str, list[list[str]]] = {}
    for stem, (_, lang) in NAMES.items():
        by_lang.setdefault(lang, []).append(_appendix_pages(built / "pdf" / f"{stem}.pdf", lang))
    for lang, appendices in by_lang.items():
        assert len(appendices) >= 2
        assert all(a == appendices[0] for a in appendices), f"{lang}: appendices differ"
        assert len(appendices[0]) >= 3 and "J, Tabell" in "".join(appendices[0])
    assert by_lang["nb"][0] != by_lang["nn"][0]


def _stored_length(path: Path) -> int:
    """The length a stored shared part claims in its name (prefix-digest-pages-check.pdf)."""
    return int(path.stem.split("-")[2])


def test_the_appendix_is_reused_in_memory_and_from_disk_and_never_trusted_blindly(tmp_path):
    """The written appendix is kept (in memory, and in output/.cache/felles/ for later builds),
    once for a language form, wherever a report puts it.
    A report that takes it from memory or from disk is byte-identical to one laid out fresh; a
    damaged copy (even one changed byte, which still reads as a PDF of that length) and a copy
    whose name claims a wrong length are removed and made again, and a stale one removed."""
    out = tmp_path / "out"
    warm_start(out, shared_pages=False)  # the model's results, but no appendix kept yet
    pdf = out / "pdf" / "1151-utsira.pdf"

    def build(*only: str, folder: Path = out) -> dict:
        """(Without --force, which would redo the overview too: a report whose PDF is missing is
        built again.)"""
        r = run_build(ROOT, "--only", *only, "--jobs", "1", "--output", str(folder))
        assert r.returncode == 0, r.stderr
        return json.loads((folder / "bygglogg.json").read_text(encoding="utf-8"))["siste_bygg"]

    # 1151 then 5437 in one process: Karasjok reuses Utsira's appendix, laid out in this build,
    # though its own part is a page longer: the appendix is laid out once, wherever it lands.
    assert build("1151", "5437")["sider_felles_gjenbrukt"] >= 3, "not reused in memory"
    first = pdf.read_bytes()
    lengths = [len(PdfReader(out / "pdf" / f"{s}.pdf").pages) for s in (
        "1151-utsira", "5437-karasjok")]
    assert lengths[0] < lengths[1]
    kept = sorted((out / FOLDER).glob("*.pdf"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"%PDF-")

    # Built alone in a folder whose stored appendix claims a wrong length: the same bytes, and
    # the misleading copies are gone afterwards.
    alone = tmp_path / "alone"
    warm_start(alone, shared_pages=False)
    (alone / FOLDER).mkdir(parents=True)
    for p in kept:  # the same files, each named as if the appendix were two pages longer
        prefix, digest, pages, check = p.stem.split("-")
        (alone / FOLDER / f"{prefix}-{digest}-{int(pages) + 2}-{check}.pdf").write_bytes(
            p.read_bytes())
    build("1151", folder=alone)
    assert (alone / "pdf" / "1151-utsira.pdf").read_bytes() == first
    left = sorted((alone / FOLDER).glob("*.pdf"))
    assert left and all(_stored_length(p) == len(PdfReader(p).pages) for p in left)

    # A later build takes it from disk: the same bytes.
    pdf.unlink()
    assert build("1151")["sider_felles_gjenbrukt"] >= 3, "the kept appendix was not used"
    assert pdf.read_bytes() == first

    # Damaged copies are not trusted, however slight the damage; a copy made with other code
    # or data is removed.
    for p in sorted((out / FOLDER).glob("*.pdf")):
        data = bytearray(p.read_bytes())
        data[len(data) // 2] ^= 0x01  # one bit, inside a page's compressed content
        p.write_bytes(bytes(data))
        assert len(PdfReader(p).pages) == _stored_length(p)  # still a PDF of that length
    stale = out / FOLDER / "0000000000000000-0123456789abcdef01234567-5-0123456789abcdef.pdf"
    stale.write_bytes(first)
    pdf.unlink()
    assert build("1151")["sider_felles_gjenbrukt"] == 0
    assert pdf.read_bytes() == first
    assert not stale.exists(), "a copy made with other code or data was kept"
    used = sorted((out / FOLDER).glob("*.pdf"))  # one language form: one copy, made again
    assert len(used) == 1 and used[0].read_bytes().startswith(b"%PDF-1.7\n"), "not made again"


@pytest.mark.parametrize("stem", ["0301-oslo", "4621-voss"])
def test_the_joined_report_is_one_tagged_document(built, stem):
    """Own pages and shared pages make one structure tree, parent tree, set of fonts."""
    with pikepdf.open(built / "pdf" / f"{stem}.pdf") as pdf:
        pages = [p.obj.objgen for p in pdf.pages]
        elems = list(struct_elements(pdf.Root.StructTreeRoot.K))
        assert all(e.Pg.objgen in pages for e in elems if "/Pg" in e), "tag on a foreign page"
        ids = [str(e.ID) for e in elems if "/ID" in e]
        assert ids and len(ids) == len(set(ids)), "table-header IDs repeat"
        keys = [int(k) for k in pdf.Root.StructTreeRoot.ParentTree.Nums[0::2]]
        parents = [int(p.StructParents) for p in pdf.pages]
        assert parents == list(range(len(pages))) and set(parents) <= set(keys)
        top = pdf.Root.StructTreeRoot.K[0]
        assert all(k.P.objgen == top.objgen for k in top.K)
        subsets: dict[str, set] = {}
        stamp_fonts: set[str] = set()
        for page in pdf.pages:  # the text's fonts and the stamped page numbers' (pdf_join)
            stamp = (page.Resources.get("/XObject") or {}).get("/Sidetall")
            fonts = [*page.Resources.Font.values()]
            if stamp is not None:  # text and graphics state only, no tags of its own
                operators = {str(op) for _, op in pikepdf.parse_content_stream(stamp)}
                assert operators <= STAMP_OPERATORS, operators - STAMP_OPERATORS
                assert "/StructParents" not in stamp
                fonts += stamp.Resources.Font.values()
                stamp_fonts |= {str(f.BaseFont) for f in stamp.Resources.Font.values()}
            for font in fonts:
                descriptor = font.DescendantFonts[0].FontDescriptor
                subsets.setdefault(str(font.BaseFont), set()).add(descriptor.FontFile2.objgen)
        assert len(subsets) - len(stamp_fonts) >= 4, "the shared pages bring subsets of their own"
        assert stamp_fonts, "the page numbers of the shared pages have no font"
        assert all(len(files) == 1 for files in subsets.values()), "two subsets, one tag"
        names = [bytes(n) for n in pdf.Root.Names.Dests.Names[0::2]]
        assert names == sorted(names) and len(names) == len(set(names))
        assert b"forutsetninger" in names and b"saksframlegg" in names
