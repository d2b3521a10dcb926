"""Markdown to HTML for text from the project and from municipalities, with nothing active.

Raw HTML is escaped, images are dropped to their alt text, and links show the text of their
address instead of becoming links, so a file can never make the report fetch or point anywhere.
A municipality's note (`merknad`, render_note) may moreover only hold what a note needs:
paragraphs, emphasis and lists. Its headings become bold paragraphs, so a note can never add a
chapter or a PDF bookmark to the report; code, quotes and rules show as the text typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape


def _link_open(self: object, tokens: Sequence[Token], idx: int, options: OptionsDict,
               env: EnvType) -> str:
    return ""


def _link_close(self: object, tokens: Sequence[Token], idx: int, options: OptionsDict,
                env: EnvType) -> str:
    # Show where the link pointed, as plain text, never as a link.
    for t in reversed(tokens[:idx]):
        if t.type == "link_open":
            href = t.attrGet("href") or ""
            if t.markup == "autolink":  # <http://…>: its text already is the address
                return ""
            return f" ({escape(href)})" if href else ""
    return ""


@cache
def _md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("link_close", _link_close)
    return md


# Block and inline rules a note does without (what they match stays plain text).
_NOTE_OFF = ["code", "fence", "blockquote", "hr", "reference", "backticks"]


@cache
def _note_md() -> MarkdownIt:
    md = _md().__class__("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline", *_NOTE_OFF])
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("link_close", _link_close)

    def heading_open(self: object, tokens: Sequence[Token], idx: int, options: OptionsDict,
                     env: EnvType) -> str:
        return '<p class="merknad-overskrift"><strong>'

    def heading_close(self: object, tokens: Sequence[Token], idx: int, options: OptionsDict,
                      env: EnvType) -> str:
        return "</strong></p>\n"

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    return md


def render_note(text: str) -> Markup:
    """Render a municipality's note: paragraphs, emphasis and lists; headings shown as bold."""
    return Markup(_note_md().render(text))


@lru_cache(maxsize=1024)
def render(text: str) -> Markup:
    """Render untrusted Markdown to inert HTML (kept: every report renders the same prose
    before its values are filled in)."""
    return Markup(_md().render(text))


def render_inline(text: str) -> Markup:
    """Render one line of Markdown without a surrounding paragraph."""
    return Markup(_md().renderInline(text))
