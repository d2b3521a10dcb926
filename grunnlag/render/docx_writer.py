"""The saksframlegg as an editable Word document (python-docx on templates/saksframlegg.docx).

Real Word headings (Title, Heading 1, Heading 2) and tables, so the municipality can adapt it
in its case-handling system. The same inputs give the same bytes: fixed document dates and
fixed dates on every part of the zip container.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from grunnlag.files import reproducible_zip
from grunnlag.paths import TEMPLATES
from grunnlag.render.saksframlegg import Block, Saksframlegg

TEMPLATE = TEMPLATES / "saksframlegg.docx"
LANGUAGE = {"nb": "nb-NO", "nn": "nn-NO"}
ZIP_DATE = (2020, 12, 1, 0, 0, 0)
_AMOUNT = re.compile(r"[\u2212]?\d[\d \u00a0]*\u00a0kr$")  # amounts line up on the right


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


def write(sf: Saksframlegg, date: dt.date, author: str) -> bytes:
    """The DOCX bytes of one saksframlegg."""
    doc = Document(io.BytesIO(_template()))
    for blk in sf.blocks:
        if blk.kind == "title":
            doc.add_heading(blk.text, level=0)
        elif blk.kind == "heading":
            doc.add_heading(blk.text, level=blk.level)
        elif blk.kind == "para":
            doc.add_paragraph(blk.text)
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
    cp = doc.core_properties
    when = dt.datetime(date.year, date.month, date.day)
    cp.created = cp.modified = cp.last_printed = when
    cp.title = sf.title
    cp.language = LANGUAGE[sf.lang]
    cp.author = cp.last_modified_by = author
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return reproducible_zip(buf.getvalue(), ZIP_DATE)
