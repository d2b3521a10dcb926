"""Append one tagged PDF's pages to another, keeping tags, bookmarks and destinations whole,
and stamp the appended pages with their page numbers.

Why: the appendix that every report of a language form shares is written to PDF once and kept
on disk, so a report needs only its own pages laid out and written. Both parts come from
WeasyPrint with PDF/A-2a tagging; the result must read as one document: one structure tree, one
parent tree, one bookmark list, one set of named destinations, and table-header IDs that stay
unique. The appendix has no page numbers of its own (it is the same wherever a report puts it):
a third, untagged PDF (PDF/A-2b) holds the report's placeholder pages, whose footers carry those
numbers, and each is drawn over its appendix page as a pagination artifact. All inputs and the
output are bytes; nothing else is read or written.
"""

from __future__ import annotations

import hashlib
from io import BytesIO

import pikepdf
from pikepdf import Array, Dictionary, Name, Object, Page, Pdf, String

ID_PREFIX = "felles-"  # marks the appended part's table-header IDs, which would otherwise clash
STAMP_PREFIX = "sidetall-"  # derives the font-subset tags of the stamped page numbers
STAMP = "/Sidetall"  # the stamp's name in a shared page's resources


def join(own: bytes, shared: bytes, numbers: bytes) -> bytes:
    """The document `own` followed by the pages of `shared`, as one tagged PDF, each shared
    page stamped with the matching page of `numbers` (its page number, at its place).

    The catalog, metadata, language, output intent and file identifier come from `own`.
    """
    out = BytesIO()
    # `extra` and `stamps` stay open until the save: qpdf copies streams only when writing.
    with Pdf.open(BytesIO(own)) as doc, Pdf.open(BytesIO(shared)) as extra, \
            Pdf.open(BytesIO(numbers)) as stamps:
        if len(stamps.pages) != len(extra.pages):
            raise ValueError(f"{len(stamps.pages)} page numbers for {len(extra.pages)} pages")
        _prefix_ids(extra.Root.StructTreeRoot, ID_PREFIX)
        _retag_fonts(extra, ID_PREFIX)
        _retag_fonts(stamps, STAMP_PREFIX)
        first = len(doc.pages)
        for page in extra.pages:
            doc.pages.append(page)
        offset = _append_structure(doc, extra)
        for page, stamp in zip(doc.pages[first:], stamps.pages, strict=True):
            _shift_struct_parents(page.obj, offset)
            _stamp(doc, page, stamp)
        _append_outlines(doc, extra)
        _append_destinations(doc, extra)
        doc.save(out, deterministic_id=True, fix_metadata_version=False,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def _copy(doc: Pdf, extra: Pdf, obj: Object) -> Object:
    """`obj` of `extra` copied into `doc`; references to pages land on the pages appended."""
    return doc.copy_foreign(obj if obj.is_indirect else extra.make_indirect(obj))


def _stamp(doc: Pdf, page: Page, stamp: Page) -> None:
    """Draw `stamp` (a page of another PDF) over `page` as a pagination artifact (a footer, as
    PDF/UA names it): page numbers are no part of the text's structure. The page's own content
    is closed in q/Q first, so nothing it leaves set (a transformation, a colour) moves or tints
    the stamp. WeasyPrint gives all pages one resource dictionary; the stamped page gets a copy
    of its own, with the stamp added."""
    resources = Dictionary({key: value for key, value in page.Resources.items()})
    xobjects = resources.get("/XObject", Dictionary())
    resources.XObject = Dictionary({key: value for key, value in xobjects.items()})
    resources.XObject[STAMP] = doc.copy_foreign(stamp.as_form_xobject())
    page.obj.Resources = doc.make_indirect(resources)
    page.contents_add(doc.make_stream(b"q\n"), prepend=True)
    page.contents_add(doc.make_stream(
        b"\nQ\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC q "
        + Name(STAMP).unparse() + b" Do Q EMC\n"))


def _retag_fonts(extra: Pdf, prefix: str) -> None:
    """Give an appended part's font subsets tags of their own.

    WeasyPrint tags a subset by its font, not by its glyphs, so both parts carry, say,
    XKQQSR+DejaVu-Sans with different glyphs; ISO 32000 requires different subsets in one file
    to have different tags. The new tag is derived from the old one, so it is reproducible.
    """
    for obj in extra.objects:
        if not isinstance(obj, Dictionary):
            continue
        for key in ("/BaseFont", "/FontName"):
            name = str(obj.get(key, ""))
            if obj.get("/Type") in ("/Font", "/FontDescriptor") and name[7:8] == "+":
                digest = hashlib.sha256(f"{prefix}{name[1:7]}".encode()).digest()
                tag = "".join(chr(65 + b % 26) for b in digest[:6])
                obj[key] = Name(f"/{tag}{name[7:]}")


def _prefix_ids(node: Object, prefix: str) -> None:
    """Give every /ID and /Headers entry under `node` the prefix (IDs of table headers)."""
    stack = [node]
    seen: set[tuple[int, int]] = set()
    while stack:
        elem = stack.pop()
        if not isinstance(elem, Dictionary):
            continue
        if elem.is_indirect:
            if elem.objgen in seen:
                continue
            seen.add(elem.objgen)
        if "/ID" in elem:
            elem.ID = String(prefix + str(elem.ID))
        for attrs in _attribute_dicts(elem):
            if "/Headers" in attrs:
                attrs.Headers = Array([String(prefix + str(h)) for h in attrs.Headers])
        kids = elem.get("/K")
        if isinstance(kids, Array):
            stack.extend(kids)
        elif isinstance(kids, Dictionary):
            stack.append(kids)


def _attribute_dicts(elem: Dictionary) -> list[Dictionary]:
    attrs = elem.get("/A")
    if isinstance(attrs, Dictionary):
        return [attrs]
    if isinstance(attrs, Array):
        return [a for a in attrs if isinstance(a, Dictionary)]
    return []


def _nums(tree: Object) -> list[Object]:
    """The flat /Nums of a number tree as WeasyPrint writes it (no /Kids)."""
    if "/Kids" in tree:
        raise ValueError("parent tree with /Kids: not written by WeasyPrint, cannot join")
    return list(tree.get("/Nums", Array()))


def _append_structure(doc: Pdf, extra: Pdf) -> int:
    """Hang the extra part's structure under the document's, renumbering its parent-tree keys.

    Returns the offset added to the extra part's keys (its pages' /StructParents).
    """
    root = doc.Root.StructTreeRoot
    top = root.K[0]
    nums = _nums(root.ParentTree)
    keys = [int(k) for k in nums[0::2]]
    offset = max(keys) + 1 if keys else 0
    theirs = _copy(doc, extra, extra.Root.StructTreeRoot)
    for kid in theirs.K[0].K:
        kid.P = top
        top.K.append(kid)
    their_nums = _nums(theirs.ParentTree)
    pairs = list(zip(keys, nums[1::2], strict=True))
    pairs += [(int(k) + offset, v) for k, v in zip(their_nums[0::2], their_nums[1::2],
                                                     strict=True)]
    root.ParentTree = doc.make_indirect(Dictionary(
        Nums=Array([x for k, v in sorted(pairs, key=lambda p: p[0]) for x in (k, v)])))
    return offset


def _shift_struct_parents(page: Dictionary, offset: int) -> None:
    if "/StructParents" in page:
        page.StructParents = int(page.StructParents) + offset
    for annot in page.get("/Annots", Array()):
        if "/StructParent" in annot:
            annot.StructParent = int(annot.StructParent) + offset


def _append_outlines(doc: Pdf, extra: Pdf) -> None:
    """Put the extra part's top-level bookmarks after the document's, in order."""
    if "/Outlines" not in extra.Root or "/First" not in extra.Root.Outlines:
        return
    theirs = _copy(doc, extra, extra.Root.Outlines)
    if "/Outlines" not in doc.Root or "/First" not in doc.Root.Outlines:
        doc.Root.Outlines = theirs
        return
    mine = doc.Root.Outlines
    item = theirs.First
    while True:
        item.Parent = mine
        if "/Next" not in item:
            break
        item = item.Next
    mine.Last.Next = theirs.First
    theirs.First.Prev = mine.Last
    mine.Last = theirs.Last
    mine.Count = int(mine.get("/Count", 0)) + int(theirs.get("/Count", 0))


def _append_destinations(doc: Pdf, extra: Pdf) -> None:
    """Merge the named destinations (element ids), sorted as a name tree must be."""
    if "/Names" not in extra.Root or "/Dests" not in extra.Root.Names:
        return
    theirs = _copy(doc, extra, extra.Root.Names.Dests)
    if "/Names" not in doc.Root:
        doc.Root.Names = Dictionary()
    if "/Dests" not in doc.Root.Names:
        doc.Root.Names.Dests = doc.make_indirect(Dictionary(Names=Array()))
    mine = doc.Root.Names.Dests
    for tree in (mine, theirs):
        if "/Kids" in tree:
            raise ValueError("name tree with /Kids: not written by WeasyPrint, cannot join")
    pairs: dict[bytes, object] = {}
    for tree in (theirs, mine):  # a name in both (the <main> both parts open) keeps its first
        flat = list(tree.get("/Names", Array()))
        pairs.update(zip((bytes(n) for n in flat[0::2]), flat[1::2], strict=True))
    mine.Names = Array([x for name in sorted(pairs) for x in (String(name), pairs[name])])

