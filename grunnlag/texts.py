"""The report's words in bokmål and nynorsk: short texts, prose blocks and tailored items.

Every text exists in both forms. A text missing in one form is an error that names it; there is
never a silent fallback to the other form (the state writes to each municipality in its own
form, språklova).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from . import mdsafe
from .paths import CONTENT, ROOT
from .yamlsafe import YamlError, load_yaml

LANGS = ("nb", "nn")
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class ContentError(Exception):
    """A problem in the project's own texts; stops the build before anything is rendered."""


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _load(path: Path) -> tuple[Any, dict[tuple, int]]:
    try:
        return load_yaml(path, max_bytes=2_000_000)
    except YamlError as e:
        raise ContentError(f"{_rel(path)}:{e.line or '?'}: {e.message}") from None


def fill(text: str, values: dict[str, Any], where: str) -> str:
    """Put escaped values into {name} placeholders; an unknown name is an error."""

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in values:
            raise ContentError(f"{where}: unknown placeholder {{{name}}}")
        return str(escape(values[name]))

    return _PLACEHOLDER.sub(sub, text)


@dataclass(frozen=True)
class Catalog:
    """All texts of one language form."""

    lang: str
    strings: dict[str, str]
    prose: dict[str, str]

    def t(self, key: str, **values: Any) -> Markup:
        """A short text, with placeholders filled (values are escaped)."""
        if key not in self.strings:
            raise ContentError(f"content/tekster.yaml: {key}: missing text")
        return Markup(fill(str(escape(self.strings[key])), values, f"tekster.yaml: {key}"))

    def md(self, name: str, **values: Any) -> Markup:
        """A prose block from content/prosa, Markdown rendered first, then values filled in."""
        if name not in self.prose:
            raise ContentError(f"content/prosa/{name}.{self.lang}.md: missing text")
        return Markup(fill(str(mdsafe.render(self.prose[name])), values, f"prosa/{name}"))


@cache
def load_catalogs(content: Path = CONTENT) -> dict[str, Catalog]:
    """Load both forms and check that every text exists in both."""
    data, lines = _load(content / "tekster.yaml")
    if not isinstance(data, dict):
        raise ContentError(f"{_rel(content / 'tekster.yaml')}: must be a mapping of text keys")
    strings: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for key, forms in data.items():
        where = f"{_rel(content / 'tekster.yaml')}:{lines.get((key,), '?')}: {key}"
        if not isinstance(forms, dict):
            raise ContentError(f"{where}: must have one text per language form (nb, nn)")
        for lang in LANGS:
            if not isinstance(forms.get(lang), str) or not forms[lang].strip():
                raise ContentError(f"{where}: missing text in {lang}")
            strings[lang][key] = forms[lang].strip()
        extra = set(forms) - set(LANGS)
        if extra:
            raise ContentError(f"{where}: unknown language form {sorted(extra)[0]!r}")
    prose: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    names = sorted({p.name.split(".")[0] for p in (content / "prosa").glob("*.md")})
    for name in names:
        for lang in LANGS:
            path = content / "prosa" / f"{name}.{lang}.md"
            if not path.exists():
                raise ContentError(f"{_rel(path)}: missing text (exists in the other form)")
            prose[lang][name] = path.read_text(encoding="utf-8")
    return {lang: Catalog(lang, strings[lang], prose[lang]) for lang in LANGS}


def item_text(item: dict[str, Any], field: str, lang: str, where: str) -> str:
    """One field of a tailored item ({nb: ..., nn: ...}); missing form is an error."""
    forms = item.get(field)
    if not isinstance(forms, dict) or not isinstance(forms.get(lang), str):
        raise ContentError(f"{where}: {field}: missing text in {lang}")
    return forms[lang]


def render_item(item: dict[str, Any], field: str, lang: str, values: dict[str, Any],
                where: str) -> Markup:
    """Render one field of a tailored item as inline Markdown with values filled in."""
    text = item_text(item, field, lang, where)
    return Markup(fill(str(mdsafe.render_inline(text)), values, where))
