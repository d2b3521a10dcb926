"""Templates to HTML. Data is only ever passed as values to the project's own templates,
autoescaped; nothing from a municipality file is treated as a template or as markup."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from grunnlag.inputs import bidi
from grunnlag.inputs.texts import Catalog
from grunnlag.paths import TEMPLATES, asset_url
from grunnlag.render import fmt
from grunnlag.render.typografi import finalize


@cache
def environment() -> Environment:
    """One sandbox-free but strictly autoescaped environment over templates/ only."""
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # right-to-left text from files never turns a sentence around (bidi), and a number
        # never parts from its unit (typografi)
        finalize=lambda v: finalize(bidi.isolate(v)),
    )


@cache
def web_css() -> str:
    """The web stylesheet, inlined so a page needs nothing outside itself."""
    return (TEMPLATES / "css" / "web.css").read_text(encoding="utf-8")


def formatters(lang: str) -> dict[str, Any]:
    """Formatting functions for templates, bound to the report's language form."""
    return {
        "tall": lambda x, d=0: fmt.tall(x, lang, d),
        "kr": lambda x: fmt.kroner(x, lang),
        "bel": lambda x: fmt.belop(x, lang),
        "pct": lambda x, d=1: fmt.prosent(x, lang, d),
        "population_share": lambda x: fmt.population_share(x, lang),
        "aar": fmt.aar,
        "tusen": lambda x: fmt.tall(round(x / 1000), lang),
    }


def render_page(template: str, cat: Catalog, medium: str, **context: Any) -> str:
    """Render one page for 'pdf' or 'web' in the catalog's language form."""
    tpl = environment().get_template(template)
    return tpl.render(
        lang=cat.lang,
        medium=medium,
        t=cat.t,
        md=cat.md,
        asset=asset_url,
        inline_css=Markup(web_css()),
        **formatters(cat.lang),
        **context,
    )
