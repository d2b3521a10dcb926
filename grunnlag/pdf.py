"""HTML to PDF/A-2a with WeasyPrint, reading nothing but the project's own assets.

One Renderer per worker process keeps the parsed stylesheet and the font configuration warm.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .paths import FONTS, TEMPLATES, asset_url  # noqa: F401 (re-exported)
from .pdf_alt import charts_with_pdf_alt

ALLOWED_ROOTS = (TEMPLATES.resolve(), FONTS.resolve())
PDF_VARIANT = "pdf/a-2a"
SHARED_LAYOUTS = 6  # laid-out shared parts kept per worker: two language forms × a few positions


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
    assumptions) is laid out once per position and reused: its pages are joined to each
    report's own pages before the PDF is written, so the tags, bookmarks and fonts of the
    whole file are made in one pass as usual.
    """

    def __init__(self) -> None:
        self.fetcher = AssetFetcher(allowed_protocols=("file",))
        self.fonts = FontConfiguration()
        self.css = CSS(filename=str(TEMPLATES / "css" / "print.css"), url_fetcher=self.fetcher,
                       font_config=self.fonts)
        self.cache: dict = {}
        self.last_pages = 0
        self.last_reused = 0  # pages of the last report that came laid out already
        self._shared: OrderedDict[tuple[str, int, int], Document] = OrderedDict()
        self.page_counts: dict[str, int] = {}  # pages of each shared part, by its digest

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
        self.last_pages = len(doc.pages)
        return doc.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, pdf_identifier=ident,
                             custom_metadata=True)

    def pdf(self, html: str, identity: str) -> bytes:
        """Render a page to PDF/A-2a bytes; `identity` makes the file identifier stable."""
        return self._write(self._layout(html), identity)

    def _shared_part(self, shared_html: str, digest: str, first: int, total: int) -> Document:
        """The shared part laid out as pages `first`… of a report of `total` pages."""
        key = (digest, first, total)
        if key in self._shared:
            self._shared.move_to_end(key)
            self.last_reused = len(self._shared[key].pages)
            return self._shared[key]
        doc = self._layout(shared_html, _numbering_css(first, total))
        self._shared[key] = doc
        if len(self._shared) > SHARED_LAYOUTS:
            self._shared.popitem(last=False)
        return doc

    def pdf_with_shared(self, own_html: Callable[[int], str], shared_html: str,
                        identity: str) -> bytes:
        """A report made of its own part and the shared part that follows it.

        `own_html(n)` is the report's own HTML ending in n placeholder pages. Laying those out
        gives the report its true page count, so the own pages number themselves "i / total";
        the shared pages, laid out for that position, then take the placeholders' place.
        `page_counts` remembers n for each shared part; a wrong or missing count costs one
        more layout, never a wrong report.
        """
        self.last_reused = 0
        digest = _digest(shared_html)
        n = self.page_counts.get(digest)
        if n is None:
            n = len(self._shared_part(shared_html, digest, 1, 1).pages)
        for _ in range(3):  # a shared part's length does not depend on its position
            own = self._layout(own_html(n))
            total = len(own.pages)
            shared = self._shared_part(shared_html, digest, total - n + 1, total)
            if len(shared.pages) == n:
                break
            n = len(shared.pages)
        else:
            raise RuntimeError("the shared pages do not keep their number")
        self.page_counts[digest] = n
        return self._write(own.copy(own.pages[:total - n] + shared.pages), identity)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _numbering_css(first: int, total: int) -> str:
    """Page numbers of a part laid out on its own: it starts at `first` of `total` pages."""
    footer = f'counter(page) " / {int(total)}"'
    margins = f"@bottom-right {{ content: {footer}; }}"
    return (f"@page {{ {margins} }}\n"
            f"@page :first {{ counter-reset: page {int(first)}; {margins}"
            f" @bottom-left {{ content: string(muni); }} }}\n")
