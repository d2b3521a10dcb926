"""HTML to PDF/A-2a with WeasyPrint, reading nothing but the project's own assets.

One Renderer per worker process keeps the parsed stylesheet and the font configuration warm.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from grunnlag.paths import FONTS, TEMPLATES, asset_url  # noqa: F401 (re-exported)
from grunnlag.render.pdf_alt import charts_with_pdf_alt
from grunnlag.render.pdf_join import join
from grunnlag.render.shared_store import SharedPart, SharedStore

ALLOWED_ROOTS = (TEMPLATES.resolve(), FONTS.resolve())
PDF_VARIANT = "pdf/a-2a"
# The placeholder pages are written only for their page numbers, which pdf_join stamps onto the
# shared pages as artifacts: PDF/A fonts, no tags of their own.
STAMP_VARIANT = "pdf/a-2b"
PLACEHOLDER = "felles-plass"  # the placeholder pages' named page (print.css, report.html.j2)
# The shared part's footers: its heading on every page (print.css hides footers on a document's
# first page, which is not the report's); the page numbers are stamped on when it is joined.
SHARED_FOOTERS = ("@page { @bottom-right { content: none; } }\n"
                  "@page :first { @bottom-left { content: string(muni); } }\n")


class BlockedResource(ValueError):
    """A reference to anything outside the project's assets (logged, never fetched)."""


class AssetFetcher(URLFetcher):
    """Serves only files below templates/ and fonts/: no network, no other file."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        if parsed.scheme != "file":
            raise BlockedResource(f"blocked non-file URL: {url[:80]}")
        path = Path(unquote(parsed.path)).resolve()
        if not any(path.is_relative_to(root) for root in ALLOWED_ROOTS) or not path.is_file():
            raise BlockedResource(f"blocked file outside the project's assets: {path}")
        return URLFetcherResponse(url, body=path.read_bytes())




class Renderer:
    """Warm PDF renderer: stylesheet parsed once, fonts configured once.

    The part that is the same in every report of a language form (the appendix of national
    assumptions) is laid out and written once and kept as PDF pages (SharedStore, in memory and
    on disk); each report lays out and writes only its own pages, and the two are joined into
    one tagged PDF (pdf_join), the shared pages stamped with their page numbers.
    """

    def __init__(self) -> None:
        self.fetcher = AssetFetcher(allowed_protocols=("file",))
        self.fonts = FontConfiguration()
        self.css = CSS(filename=str(TEMPLATES / "css" / "print.css"), url_fetcher=self.fetcher,
                       font_config=self.fonts)
        self.cache: dict = {}
        self.last_pages = 0
        self.last_reused = 0  # pages of the last report that came laid out already

    def _layout(self, html: str, extra_css: str = "") -> Document:
        doc = HTML(string=charts_with_pdf_alt(html), base_url=str(TEMPLATES) + "/",
                   url_fetcher=self.fetcher)
        sheets = [self.css]
        if extra_css:
            sheets.append(CSS(string=extra_css, font_config=self.fonts))
        return doc.render(stylesheets=sheets, font_config=self.fonts,
                          pdf_variant=PDF_VARIANT, pdf_tags=True, cache=self.cache)

    def _write(self, doc: Document, identity: str) -> bytes:
        ident = hashlib.sha256(identity.encode()).hexdigest()[:32].encode()
        return doc.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, pdf_identifier=ident,
                             custom_metadata=True)

    def pdf(self, html: str, identity: str) -> bytes:
        """Render a page to PDF/A-2a bytes; `identity` makes the file identifier stable."""
        doc = self._layout(html)
        self.last_pages = len(doc.pages)
        return self._write(doc, identity)

    def _shared_part(self, shared_html: str, store: SharedStore) -> SharedPart:
        """The shared part's pages, without page numbers: the same wherever a report puts them."""
        digest = _digest(shared_html)
        part = store.get(digest)
        if part is not None:
            self.last_reused = part.pages
            return part
        doc = self._layout(shared_html, SHARED_FOOTERS)
        return store.put(digest, self._write(doc, f"felles-{digest}"), len(doc.pages))

    def pdf_with_shared(self, own_html: Callable[[int], str], shared_html: str,
                        identity: str, store: SharedStore) -> bytes:
        """A report made of its own part and the shared part that follows it.

        `own_html(n)` is the report's own HTML ending in n placeholder pages. Laying those out
        gives the report its true page count, so every page numbers itself "i / total"; the
        shared pages take the placeholders' place, and the placeholders' page numbers (all
        they show) are stamped onto them.
        """
        self.last_reused = 0
        shared = self._shared_part(shared_html, store)
        n = shared.pages
        own = self._layout(own_html(n))
        total = len(own.pages)
        _check_placeholders(own, n)
        self.last_pages = total
        numbers = own.copy(own.pages[total - n:]).write_pdf(pdf_variant=STAMP_VARIANT)
        return join(self._write(own.copy(own.pages[:total - n]), identity), shared.data,
                    numbers)


def _check_placeholders(own: Document, n: int) -> None:
    """The last n pages must be the placeholders, empty but for their footers: whatever is on
    them is drawn over every appendix page. (Page names and boxes are WeasyPrint's internals;
    the lock file pins the version that has them.)"""
    pages = [page._page_box for page in own.pages]
    names = [box.page_type.name for box in pages]
    if (names[len(names) - n:] != [PLACEHOLDER] * n or PLACEHOLDER in names[:len(names) - n]
            or any(_has_content(box) for box in pages[len(pages) - n:])):
        raise RuntimeError(f"the report's last {n} pages are not its {n} placeholder pages")


def _has_content(page: boxes.PageBox) -> bool:
    """Anything but the footers on a page: text, an image, a chart."""
    stack = [box for box in page.children if not isinstance(box, boxes.MarginBox)]
    while stack:
        box = stack.pop()
        if isinstance(box, boxes.TextBox | boxes.ReplacedBox):
            return True
        if isinstance(box, boxes.ParentBox):
            stack.extend(box.children)
    return False


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
