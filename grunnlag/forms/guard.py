"""A returned workbook is untrusted: it is checked before any spreadsheet library reads it.

The form goes out to 291 municipalities and comes back by e-mail, so its size, its
uncompressed size and the number of its parts are bounded before anything is unpacked, and
every XML part is parsed once with defusedxml (no DTD, no entity expansion, no external
entities; truncated XML is refused). Only then is the workbook handed to openpyxl, from memory,
so the file cannot change between the check and the read. Each refusal is one line.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from grunnlag.forms.errors import FormError

# The exported form is about 100 kB (about 1 MB unpacked); a form saved by Excel or LibreOffice
# grows, but stays far below these.
MAX_FILE = 10 * 1024 * 1024
MAX_UNPACKED = 40 * 1024 * 1024
MAX_PART = 25 * 1024 * 1024
MAX_PARTS = 500
_XML = (".xml", ".rels", ".vml")


def _refuse(source: Path, why: str) -> FormError:
    return FormError(f"{source.name}: {why}; export a new form with --export-form and fill "
                     "that in")


def read_checked(source: Path) -> bytes:
    """The workbook's bytes, once every check passed; FormError (one line) otherwise."""
    try:
        size = source.stat().st_size
        if not source.is_file():
            raise _refuse(source, "not a plain file")
        if size > MAX_FILE:
            raise _refuse(source, f"the file is {size / 2**20:.1f} MB, more than the "
                                  f"{MAX_FILE // 2**20} MB a form can be")
        with source.open("rb") as f:
            data = f.read(MAX_FILE + 1)
    except FileNotFoundError:
        raise FormError(f"--import-form: {source}: no such file") from None
    except OSError as e:
        raise FormError(f"--import-form: {source}: cannot be read ({e.strerror})") from None
    if len(data) > MAX_FILE:
        raise _refuse(source, "the file grew while it was read")
    _check_parts(source, data)
    return data


def _check_parts(source: Path, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(source, "not an Excel workbook (.xlsx)") from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise _refuse(source, f"the workbook has {len(parts)} parts, more than "
                                  f"{MAX_PARTS}")
        total = sum(p.file_size for p in parts)
        if total > MAX_UNPACKED:
            raise _refuse(source, f"the workbook unpacks to {total / 2**20:.0f} MB, more than "
                                  f"the {MAX_UNPACKED // 2**20} MB a form can be")
        names = {p.filename for p in parts}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise _refuse(source, "not an Excel workbook (.xlsx)")
        for part in parts:
            if part.file_size > MAX_PART:
                raise _refuse(source, f"the part {part.filename} unpacks to "
                                      f"{part.file_size / 2**20:.0f} MB, more than a form can be")
            if not part.filename.lower().endswith(_XML):
                continue
            try:
                # zipfile stops at the declared size, so a lying header cannot unpack more.
                text = archive.read(part)
                fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
            except DefusedXmlException:
                raise _refuse(source, f"the part {part.filename} declares a DTD or entities, "
                                      "which a workbook never needs") from None
            except ParseError as e:
                raise _refuse(source, f"the part {part.filename} is not well-formed XML "
                                      f"({e})") from None
            except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError,
                    NotImplementedError, RuntimeError, ValueError):
                raise _refuse(source, f"the part {part.filename} cannot be unpacked") from None
