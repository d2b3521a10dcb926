"""Joining two tagged PDFs (grunnlag/render/pdf_join.py) on small documents with what reports
may have.

The reports' own checks cover the appendix as it is; these cover what it could grow into: links
(annotations in the parent tree), tables in both parts, an id in both parts, and a part that
has no bookmarks.
"""

from __future__ import annotations

import re
from io import BytesIO

import pikepdf
import pytest
from pypdf import PdfReader
from weasyprint import HTML

from grunnlag.render.pdf_join import join
from tests.helpers import struct_elements

CSS = "<style>@page { size: A6 } h2 { break-before: page }</style>"
TABLE = ("<table><thead><tr><th scope='col'>Post</th><th scope='col'>Verdi</th></tr></thead>"
         "<tbody><tr><th scope='row'>{r}</th><td>{v}</td></tr></tbody></table>")


def _pdf(body: str, ident: bytes) -> bytes:
    html = f"<html lang='nb'><head><title>T</title>{CSS}</head><body>{body}</body></html>"
    return HTML(string=html).write_pdf(pdf_variant="pdf/a-2a", pdf_tags=True,
                                       pdf_identifier=ident)


OWN = _pdf("<main id='innhold'><h2 id='en'>Første</h2><p>Eget innhold.</p>"
           + TABLE.format(r="Kostnad", v="1") + "<p><a href='https://example.org/a'>lenke A</a></p>"
           + "<h2 id='to'>Andre</h2><p>Mer eget.</p></main>", b"a" * 32)
SHARED = _pdf("<main id='innhold'><h2 id='vedlegg'>Vedlegg</h2>"
              + TABLE.format(r="Gevinst", v="2")
              + "<p><a href='https://example.org/b'>lenke B</a></p></main>", b"b" * 32)


def _numbers(first: int, total: int, count: int) -> bytes:
    """Page numbers as the report's placeholder pages give them: footers on empty pages."""
    css = (f"<style>@page {{ size: A6; @bottom-right {{ content: counter(page) ' / {total}' }} }}"
           f" @page :first {{ counter-reset: page {first} }} div + div {{ break-before: page }}"
           "</style>")
    html = f"<html lang='nb'><head>{css}</head><body>{'<div></div>' * count}</body></html>"
    return HTML(string=html).write_pdf(pdf_variant="pdf/a-2b")


NUMBERS = _numbers(3, 3, 1)  # SHARED is one page, after the two of OWN


def _join(own: bytes = OWN, shared: bytes = SHARED) -> bytes:
    return join(own, shared, _numbers(_count(own) + 1, _count(own) + _count(shared),
                                      _count(shared)))


@pytest.fixture(scope="module")
def joined() -> pikepdf.Pdf:
    return pikepdf.open(BytesIO(join(OWN, SHARED, NUMBERS)))


def _count(data: bytes) -> int:
    return len(PdfReader(BytesIO(data)).pages)


def test_pages_follow_each_other_in_reading_order(joined):
    text = [p.extract_text() for p in PdfReader(BytesIO(join(OWN, SHARED, NUMBERS))).pages]
    assert len(text) == _count(OWN) + _count(SHARED)
    order = [next(i for i, t in enumerate(text) if word in t)
             for word in ("Eget innhold", "Mer eget", "Vedlegg")]
    assert order == sorted(order) and order[2] >= _count(OWN)


def test_bookmarks_and_destinations_of_both_parts_are_there(joined):
    titles = []
    item = joined.Root.Outlines.First
    while True:
        titles.append(str(item.Title))
        assert item.Parent.objgen == joined.Root.Outlines.objgen, "bookmark of another tree"
        if "/Next" not in item:
            break
        assert item.Next.Prev.objgen == item.objgen
        item = item.Next
    assert titles == ["Første", "Andre", "Vedlegg"]
    assert joined.Root.Outlines.Last.objgen == item.objgen
    flat = joined.Root.Names.Dests.Names
    names = [bytes(n) for n in flat[0::2]]
    assert names == sorted(names) and names.count(b"innhold") == 1
    pages = [p.obj.objgen for p in joined.pages]
    dest = dict(zip(names, flat[1::2], strict=True))
    assert pages.index(dest[b"vedlegg"][0].objgen) >= _count(OWN)
    assert pages.index(dest[b"innhold"][0].objgen) == 0  # the own part's <main> wins


def test_every_page_and_link_has_its_own_parent_tree_entry(joined):
    nums = joined.Root.StructTreeRoot.ParentTree.Nums
    tree = dict(zip((int(k) for k in nums[0::2]), nums[1::2], strict=True))
    keys = [int(p.StructParents) for p in joined.pages]
    annots = [a for p in joined.pages for a in p.get("/Annots", [])]
    assert len(annots) == 2
    keys += [int(a.StructParent) for a in annots]
    assert len(keys) == len(set(keys)) and set(keys) == set(tree)
    for annot in annots:  # the link's structure element holds that very annotation
        elem = tree[int(annot.StructParent)]
        kids = elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]
        assert any(isinstance(k, pikepdf.Dictionary) and "/Obj" in k
                   and k.Obj.objgen == annot.objgen for k in kids)


def test_table_headers_stay_unique_and_cells_point_to_them(joined):
    ids, headers = [], []
    for e in struct_elements(joined.Root.StructTreeRoot.K):
        if "/ID" in e:
            ids.append(bytes(e.ID))
        attrs = e.get("/A")
        for a in (attrs if isinstance(attrs, pikepdf.Array) else [attrs]):
            if isinstance(a, pikepdf.Dictionary) and "/Headers" in a:
                headers += [bytes(h) for h in a.Headers]
    assert len(ids) >= 4 and len(ids) == len(set(ids))
    assert headers and set(headers) <= set(ids)
    assert any(i.startswith(b"felles-") for i in ids)


def test_the_result_is_the_same_bytes_every_time_and_keeps_the_own_identity():
    once, again = _join(), _join()
    assert once == again
    with pikepdf.open(BytesIO(once)) as pdf, pikepdf.open(BytesIO(OWN)) as own:
        assert bytes(pdf.trailer.ID[0]) == bytes(own.trailer.ID[0])
        assert pdf.Root.Metadata.read_bytes() == own.Root.Metadata.read_bytes()


def test_a_part_without_bookmarks_adds_none():
    plain = _pdf("<p>Bare tekst uten overskrift.</p>", b"c" * 32)
    with pikepdf.open(BytesIO(_join(OWN, plain))) as pdf:
        assert len(pdf.pages) == _count(OWN) + 1
        assert str(pdf.Root.Outlines.Last.Title) == "Andre"


def test_the_shared_pages_are_stamped_with_their_numbers_as_artifacts(joined):
    """The page number is drawn on the shared page, where the reader sees it, outside the
    structure: no marked content of its own, no structure element, no tag on another page."""
    text = [p.extract_text() for p in PdfReader(BytesIO(join(OWN, SHARED, NUMBERS))).pages]
    assert "3 / 3" in text[2] and not any("/ 3" in t for t in text[:2])
    own_pages, shared_page = joined.pages[:2], joined.pages[2]
    assert all("/Sidetall" not in (p.Resources.get("/XObject") or {}) for p in own_pages)
    stamp = shared_page.Resources.XObject.Sidetall
    assert stamp.Subtype == "/Form" and b"BDC" not in stamp.read_bytes()  # no MCID inside
    drawn = b"".join(c.read_bytes() for c in shared_page.obj.Contents)
    assert drawn.startswith(b"q") and drawn.endswith(
        b"\nQ\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC q /Sidetall Do Q EMC\n")
    fonts = [str(f.BaseFont) for p in joined.pages for f in p.Resources.Font.values()]
    stamp_fonts = [str(f.BaseFont) for f in stamp.Resources.Font.values()]
    assert stamp_fonts and not set(stamp_fonts) & set(fonts), "a subset tag used twice"


def test_each_stamped_page_carries_only_its_own_number():
    """WeasyPrint gives all pages of a part one resource dictionary; a stamp added to it would
    put every page's number on every page."""
    shared = _pdf("<h2>A</h2><p>a</p><h2>B</h2><p>b</p><h2>C</h2><p>c</p>", b"d" * 32)
    data = join(OWN, shared, _numbers(3, 5, 3))
    text = [p.extract_text() for p in PdfReader(BytesIO(data)).pages]
    assert [re.findall(r"\d+ / \d+", t) for t in text[2:]] == [["3 / 5"], ["4 / 5"], ["5 / 5"]]
    with pikepdf.open(BytesIO(data)) as pdf:
        stamps = [p.Resources.XObject.Sidetall.objgen for p in pdf.pages[2:]]
        assert len(set(stamps)) == 3


def test_page_numbers_for_another_length_are_refused():
    with pytest.raises(ValueError, match="2 page numbers for 1 pages"):
        join(OWN, SHARED, _numbers(3, 4, 2))


def test_only_the_placeholder_pages_give_the_appendix_its_numbers(tmp_path):
    """Whatever is on the own part's last pages is drawn over every appendix page, so those
    pages must be exactly the placeholders: one too many, or text after them, is refused."""
    from grunnlag.render.pdf import Renderer
    from grunnlag.render.shared_store import SharedStore

    page = "<html lang='nb'><head><title>T</title></head><body>{}</body></html>"
    shared = page.format("<h2>Vedlegg</h2><p>Felles.</p>")

    def own(extra: int = 0, after: str = ""):
        return lambda n: page.format("<p>Eget.</p>" + "<div class='felles-plass'></div>"
                                     * (n + extra) + after)

    renderer, store = Renderer(), SharedStore(tmp_path, "0" * 16)
    text = [p.extract_text() for p in PdfReader(BytesIO(
        renderer.pdf_with_shared(own(), shared, "x", store))).pages]
    assert len(text) == 2 and "Felles." in text[1] and "2 / 2" in text[1]
    for bad in (own(extra=1), own(after="<p>Etter.</p>")):
        with pytest.raises(RuntimeError, match="not its 1 placeholder pages"):
            renderer.pdf_with_shared(bad, shared, "x", store)
