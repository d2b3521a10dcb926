"""HTML to PDF/A-2a with WeasyPrint, reading nothing but the project's own assets.

One Renderer per worker process keeps the parsed stylesheet and the font configuration warm.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .paths import FONTS, TEMPLATES, asset_url  # noqa: F401 (re-exported)
from .pdf_alt import charts_with_pdf_alt

ALLOWED_ROOTS = (TEMPLATES.resolve(), FONTS.resolve())
PDF_VARIANT = "pdf/a-2a"


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
    """Warm PDF renderer: stylesheet parsed once, fonts configured once."""

    def __init__(self) -> None:
        self.fetcher = AssetFetcher(allowed_protocols=("file",))
        self.fonts = FontConfiguration()
        self.css = CSS(filename=str(TEMPLATES / "css" / "print.css"), url_fetcher=self.fetcher,
                       font_config=self.fonts)
        self.cache: dict = {}
        self.last_pages = 0

    def pdf(self, html: str, identity: str) -> bytes:
        """Render a page to PDF/A-2a bytes; `identity` makes the file identifier stable."""
        doc = HTML(string=charts_with_pdf_alt(html), base_url=str(TEMPLATES) + "/",
                   url_fetcher=self.fetcher)
        ident = hashlib.sha256(identity.encode()).hexdigest()[:32].encode()
        # Lay out first (to count pages), then write; both steps need the PDF/A-2a options.
        rendered = doc.render(stylesheets=[self.css], font_config=self.fonts,
                              pdf_variant=PDF_VARIANT, pdf_tags=True, cache=self.cache)
        self.last_pages = len(rendered.pages)
        return rendered.write_pdf(
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
            pdf_identifier=ident,
            custom_metadata=True,
        )
