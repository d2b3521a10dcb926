"""Markdown to HTML for text from the project and from municipalities, with nothing active.

Raw HTML is escaped, images are dropped to their alt text, and links show the text of their
address instead of becoming links, so a file can never make the report fetch or point anywhere.
A municipality's note (`merknad`, render_note) may moreover only hold what a note needs:
paragraphs, emphasis and lists. Its headings become bold paragraphs, so a note can never add a
chapter or a PDF bookmark to the report; code, quotes and rules show as the text typed.

A note is shown whole or refused, never cut: markdown-it stops a document silently where its
blocks nest deeper than its limit (a divider typed as `- - - - - - - - -` is a list in a list
in a list …). A divider line is therefore kept as the text typed, and a note whose lists nest
deeper than MAX_LIST_DEPTH is refused with its line (note_problem, checked with the file).
"""

from __future__ import annotations

import re
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


MAX_LIST_DEPTH = 6  # lists in lists; far below markdown-it's nesting limit, where it cuts
# A line of three or more -, * or _ with only spaces between (a thematic break).
_DIVIDER = re.compile(r"^( {0,3})([-*_])([ \t]*\2){2,}[ \t]*$", re.M)


def _dividers_as_text(text: str) -> str:
    """Each divider line escaped, so it shows as typed instead of as lists or emphasis."""
    return _DIVIDER.sub(lambda m: f"{m.group(1)}\\{m.group(0)[len(m.group(1)):]}", text)


def note_problem(text: str) -> tuple[int, str] | None:
    """(line of the note, why) when the note cannot be shown whole, else None."""
    depth = 0
    for token in _note_md().parse(_dividers_as_text(text)):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            if depth > MAX_LIST_DEPTH:
                line = token.map[0] + 1 if token.map else 1
                return line, (f"line {line} of the note has lists nested more than "
                              f"{MAX_LIST_DEPTH} deep, which the report cannot show; "
                              "use fewer levels")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
    return None


def render_note(text: str) -> Markup:
    """Render a municipality's note: paragraphs, emphasis and lists; headings shown as bold.

    Raises ValueError for a note that would not be shown whole (note_problem)."""
    problem = note_problem(text)
    if problem is not None:
        raise ValueError(f"merknad: {problem[1]}")
    return Markup(_note_md().render(_dividers_as_text(text)))


@lru_cache(maxsize=1024)
def render(text: str) -> Markup:
    """Render untrusted Markdown to inert HTML (kept: every report renders the same prose
    before its values are filled in)."""
    return Markup(_md().render(text))


def render_inline(text: str) -> Markup:
    """Render one line of Markdown without a surrounding paragraph."""
    return Markup(_md().renderInline(text))
