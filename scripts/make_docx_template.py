#!/usr/bin/env python3
"""Make templates/saksframlegg.docx: the page and the styles of the editable saksframlegg.

The build opens this file with python-docx and fills in one municipality's text, so the look
of every DOCX (A4, margins, fonts, heading and table styles) is set here, once. Run it again
after changing it and commit the new template:

    .venv/bin/python scripts/make_docx_template.py
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grunnlag.files import reproducible_zip  # noqa: E402
from grunnlag.render.docx_writer import ZIP_DATE  # noqa: E402

TEMPLATE = ROOT / "templates" / "saksframlegg.docx"
BLUE = RGBColor(0x0B, 0x3D, 0x60)
FIXED = dt.datetime(2020, 12, 1)
KEEP = {"Normal", "Default Paragraph Font", "Normal Table", "No List", "Table Grid", "Title",
        "Title Char", "Heading 1", "Heading 1 Char", "Heading 2", "Heading 2 Char",
        "Vedtakspunkt", "Merknad"}


def make() -> bytes:
    doc = Document()
    for section in doc.sections:  # A4 with the margins a case-handling system expects
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.2)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 20), ("Heading 1", 14), ("Heading 2", 12)):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = BLUE
    table = styles["Table Grid"]
    table.font.size = Pt(10)
    styles["Heading 1"].paragraph_format.space_before = Pt(14)
    styles["Heading 2"].paragraph_format.space_before = Pt(10)
    point = styles.add_style("Vedtakspunkt", WD_STYLE_TYPE.PARAGRAPH)
    point.base_style = normal
    point.paragraph_format.left_indent = Cm(0.8)
    point.paragraph_format.first_line_indent = Cm(-0.8)
    point.paragraph_format.tab_stops.add_tab_stop(Cm(0.8))  # "1.<tab>text" hangs neatly
    small = styles.add_style("Merknad", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = normal
    small.font.size = Pt(9.5)
    small.font.italic = True
    # Only the styles the saksframlegg uses: a short list keeps the document small and fast
    # to fill in (python-docx looks styles up by walking the list).
    for style in list(styles):
        if style.name not in KEEP:
            style.delete()
    cp = doc.core_properties
    cp.created = cp.modified = cp.last_printed = FIXED
    cp.author = cp.last_modified_by = "Felles prosjektkontor for Akson"
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return reproducible_zip(buf.getvalue(), ZIP_DATE)


if __name__ == "__main__":
    TEMPLATE.write_bytes(make())
    print(f"wrote {TEMPLATE.relative_to(ROOT)}")
