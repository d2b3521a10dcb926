"""The report's words in bokmål and nynorsk: short texts, prose blocks and tailored items.

Every text exists in both forms. A text missing in one form is an error that names it; there is
never a silent fallback to the other form (the state writes to each municipality in its own
form, språklova).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from grunnlag.inputs import bidi, mdsafe
from grunnlag.inputs.yamlsafe import YamlError, load_yaml
from grunnlag.paths import CONTENT, ROOT

LANGS = ("nb", "nn")
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class ContentError(Exception):
    """A problem in the project's own texts; stops the build before anything is rendered."""


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def load_content_yaml(path: Path) -> tuple[Any, dict[tuple, int]]:
    """A YAML file of content/ with its line numbers; an unreadable one is a ContentError."""
    try:
        return load_yaml(path, max_bytes=2_000_000)
    except YamlError as e:
        field = f"{e.field}: " if e.field else ""
        raise ContentError(f"{_rel(path)}:{e.line or '?'}: {field}{e.message}") from None


# A number with digit groups in a filled-in value («608 000 kr», «−2,5»): kept on one line
_GROUPED = re.compile(r"([−-]?\d{1,3}(?: \d{3})+(?:,\d+)?)")


def numbers_whole(escaped: str) -> str:
    """Already escaped text with each number with digit groups kept on one line."""
    return _GROUPED.sub(r'<span class="num">\1</span>', escaped)


def fill(text: str, values: dict[str, Any], where: str, whole: bool = False) -> str:
    """Put escaped values into {name} placeholders; an unknown name is an error. With
    `whole` (running text, never an attribute), a number with digit groups is kept on one
    line as the tables keep theirs («119 000 kr» never breaks after «119»)."""

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in values:
            raise ContentError(f"{where}: unknown placeholder {{{name}}}")
        value = str(escape(bidi.isolate(values[name])))
        return numbers_whole(value) if whole else value

    return _PLACEHOLDER.sub(sub, text)


@dataclass(frozen=True)
class Catalog:
    """All texts of one language form."""

    lang: str
    strings: dict[str, str]
    prose: dict[str, str]
    figures: dict[str, str] = field(default_factory=dict)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)

    def t(self, key: str, **values: Any) -> Markup:
        """A short text, with placeholders filled (values are escaped)."""
        if key not in self.strings:
            raise ContentError(f"content/tekster.yaml: {key}: missing text")
        return Markup(fill(str(escape(self.strings[key])), values, f"tekster.yaml: {key}"))

    def md(self, name: str, **values: Any) -> Markup:
        """A prose block from content/prosa, Markdown rendered first, then values filled in."""
        if name not in self.prose:
            raise ContentError(f"content/prosa/{name}.{self.lang}.md: missing text")
        return Markup(fill(str(mdsafe.render(self.prose[name])), values, f"prosa/{name}",
                           whole=True))

    def figure(self, key: str) -> str:
        """What a national figure is, as the appendix says it (content/forutsetninger.yaml)."""
        if key not in self.figures:
            raise ContentError(f"content/forutsetninger.yaml: tall: {key}: missing text")
        return self.figures[key]

    def unit(self, name: str) -> str:
        """A unit shown after a national figure ('MNOK nåverdi' / 'MNOK noverdi')."""
        if name not in self.units:
            raise ContentError(f"content/forutsetninger.yaml: enheter: {name}: missing text")
        return self.units[name]

    def source(self, key: str) -> dict[str, str]:
        """Title, publisher and date of a cited source, in this language form."""
        if key not in self.sources:
            raise ContentError(f"content/forutsetninger.yaml: kilder: {key}: missing text")
        return self.sources[key]


@cache
def load_catalogs(content: Path = CONTENT) -> dict[str, Catalog]:
    """Load both forms and check that every text exists in both."""
    data, lines = load_content_yaml(content / "tekster.yaml")
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
    figures, sources, units = _load_figure_texts(content / "forutsetninger.yaml")
    return {lang: Catalog(lang, strings[lang], prose[lang], figures[lang], sources[lang],
                          units[lang])
            for lang in LANGS}


def _forms(value: Any, where: str) -> dict[str, str]:
    """One text in both forms ({nb: ..., nn: ...}); a missing or empty form is an error."""
    if not isinstance(value, dict):
        raise ContentError(f"{where}: must have one text per language form (nb, nn)")
    for lang in LANGS:
        if not isinstance(value.get(lang), str | int) or not str(value[lang]).strip():
            raise ContentError(f"{where}: missing text in {lang}")
    extra = set(value) - set(LANGS)
    if extra:
        raise ContentError(f"{where}: unknown language form {sorted(extra)[0]!r}")
    return {lang: " ".join(str(value[lang]).split()) for lang in LANGS}


def _load_figure_texts(path: Path) -> tuple[dict[str, dict[str, str]],
                                             dict[str, dict[str, dict[str, str]]],
                                             dict[str, dict[str, str]]]:
    """The appendix texts of the national figures, sources and units, per language form."""
    data, lines = load_content_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("tall"), dict) \
            or not isinstance(data.get("kilder"), dict):
        raise ContentError(f"{_rel(path)}: must have the mappings 'tall' and 'kilder'")
    figures: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for key, forms in data["tall"].items():
        where = f"{_rel(path)}:{lines.get(('tall', key), '?')}: tall: {key}"
        for lang, text in _forms(forms, where).items():
            figures[lang][key] = text
    sources: dict[str, dict[str, dict[str, str]]] = {lang: {} for lang in LANGS}
    for key, fields in data["kilder"].items():
        where = f"{_rel(path)}:{lines.get(('kilder', key), '?')}: kilder: {key}"
        if not isinstance(fields, dict):
            raise ContentError(f"{where}: must have tittel, utgiver and dato")
        for name in ("tittel", "utgiver", "dato"):
            for lang, text in _forms(fields.get(name), f"{where}: {name}").items():
                sources[lang].setdefault(key, {})[name] = text
    units: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for name, forms in (data.get("enheter") or {}).items():
        where = f"{_rel(path)}:{lines.get(('enheter', name), '?')}: enheter: {name}"
        for lang, text in _forms(forms, where).items():
            units[lang][str(name)] = text
    return figures, sources, units


def check_figure_texts(catalogs: dict[str, Catalog], figures: list[str],
                       sources: list[str], units: Sequence[str] = ()) -> None:
    """Every national figure, source and unit has its appendix text; no text is orphaned."""
    rel = "content/forutsetninger.yaml"
    for cat in catalogs.values():
        for name in units:
            cat.unit(name)
        for key in figures:
            cat.figure(key)
        for key in sources:
            cat.source(key)
        for key in sorted(set(cat.figures) - set(figures)):
            raise ContentError(f"{rel}: tall: {key}: no such figure in data/forutsetninger.yaml")
        for key in sorted(set(cat.sources) - set(sources)):
            raise ContentError(f"{rel}: kilder: {key}: no such source in data/forutsetninger.yaml")


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
    return Markup(fill(str(mdsafe.render_inline(text)), values, where, whole=True))
