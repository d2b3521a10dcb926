"""The saksframlegg as an editable Word document (python-docx on templates/saksframlegg.docx).

Real Word headings (Title, Heading 1, Heading 2) and tables, so the municipality can adapt it
in its case-handling system and send it: the head fields and the saksgang are empty cells to
fill in, the footer numbers the pages («Side 1 av 4»), and the document says it is in bokmål or
nynorsk (so Word checks the spelling of that form), with no author and no application named in
its properties: the municipality is the author. The same inputs give the same bytes: fixed
document dates and fixed dates on every part of the zip container.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from grunnlag.files import reproducible_zip
from grunnlag.inputs.texts import Catalog
from grunnlag.paths import TEMPLATES
from grunnlag.render.saksframlegg import Block, Saksframlegg

TEMPLATE = TEMPLATES / "saksframlegg.docx"
LANGUAGE = {"nb": "nb-NO", "nn": "nn-NO"}
ZIP_DATE = (2020, 12, 1, 0, 0, 0)
_AMOUNT = re.compile(r"[\u2212]?\d[\d \u00a0]*\u00a0kr$")  # amounts line up on the right
_FIELDS = {"\ue000": "PAGE", "\ue001": "NUMPAGES"}  # stand-ins for the page fields in a text
# After w:lang in a run's properties (python-docx has no property for the language).
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _lang(rpr: BaseOxmlElement, tag: str) -> None:
    """Set the language of run properties (w:rPr) to `tag`, e.g. nb-NO."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, *_AFTER_LANG)
    lang.set(qn("w:val"), tag)


def set_language(doc: DocxDocument, tag: str) -> None:
    """The document's language: the default run properties, the Normal style every other
    style builds on, Word's theme fonts setting, and the core properties."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _lang(rpr, tag)
    _lang(doc.styles["Normal"].element.get_or_add_rPr(), tag)
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), tag)
    doc.core_properties.language = tag


def _field(para: Paragraph, instr: str) -> None:
    """A simple field (PAGE, NUMPAGES) at the end of a paragraph; Word and LibreOffice fill it
    in, "1" until they do."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f" {instr} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    para._p.append(fld)


def _footer(doc: DocxDocument, cat: Catalog) -> None:
    """«Side X av Y» centred in the footer of every page."""
    label = str(cat.t("sf_side", side="\ue000", sider="\ue001").unescape())
    para = doc.sections[0].footer.paragraphs[0]
    para.style = doc.styles["Footer"]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in re.split("([\ue000\ue001])", label):
        if piece in _FIELDS:
            _field(para, _FIELDS[piece])
        elif piece:
            para.add_run(piece)


def _template() -> bytes:
    return TEMPLATE.read_bytes()


def _table(doc: DocxDocument, blk: Block) -> None:
    ncols = max(len(r) for r in blk.rows)
    table = doc.add_table(rows=len(blk.rows), cols=ncols)
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    header = ncols > 2  # key-value tables have no header row
    for j, width in enumerate(blk.widths):
        table.columns[j].width = Cm(width)  # the grid LibreOffice reads
        for cell in table.columns[j].cells:
            cell.width = Cm(width)  # and the cell widths Word reads
    for i, (row, cells) in enumerate(zip(blk.rows, (r.cells for r in table.rows),
                                         strict=True)):
        for j, (text, cell) in enumerate(zip(row, cells, strict=True)):
            lines = text.split("\n")
            para = cell.paragraphs[0]
            if header and i > 0 and j > 0 and _AMOUNT.match(text):
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for n, line in enumerate(lines):
                run = para.add_run(line)
                run.bold = (header and i == 0) or j == 0
                if n < len(lines) - 1:
                    run.add_break()
    if blk.merge:
        col, first, last = blk.merge
        table.cell(first, col).merge(table.cell(last, col))  # one text over the rows
    doc.add_paragraph()


def write(sf: Saksframlegg, date: dt.date, cat: Catalog) -> bytes:
    """The DOCX bytes of one saksframlegg; `cat` holds the texts of its language form."""
    doc = Document(io.BytesIO(_template()))
    for blk in sf.blocks:
        if blk.kind == "title":
            doc.add_heading(blk.text, level=0)
        elif blk.kind == "heading":
            doc.add_heading(blk.text, level=blk.level)
        elif blk.kind == "para":
            para = doc.add_paragraph(blk.text)
            if blk.lang:  # a Sami summary is checked as Sami, not as Norwegian
                for run in para.runs:
                    _lang(run._r.get_or_add_rPr(), blk.lang)
        elif blk.kind == "note":
            doc.add_paragraph(blk.text, style="Merknad")
        elif blk.kind == "point":
            doc.add_paragraph(f"{blk.level}.\t{blk.text}", style="Vedtakspunkt")
        elif blk.kind == "empty":
            doc.add_paragraph()
        elif blk.kind == "table":
            _table(doc, blk)
        else:
            raise ValueError(f"unknown block kind {blk.kind!r}")
    _footer(doc, cat)
    set_language(doc, LANGUAGE[sf.lang])
    cp = doc.core_properties
    when = dt.datetime(date.year, date.month, date.day)
    cp.created = cp.modified = cp.last_printed = when
    cp.title = sf.title
    # The municipality is the author; no tool or office is named (python-docx writes its own
    # name into the comments of a new document).
    cp.author = cp.last_modified_by = cp.comments = cp.keywords = cp.subject = ""
    cp.category = cp.content_status = cp.identifier = ""
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return reproducible_zip(buf.getvalue(), ZIP_DATE)
