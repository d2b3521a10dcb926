"""Language form: nynorsk municipalities get nynorsk, bokmål get bokmål, and the words are real.

Built reports are read back as text and run through hunspell with Debian's Norwegian
dictionaries (hunspell-no): the share of words the dictionary of the report's own form does not
know must stay at or below 1 %. Names and abbreviations are allowed only through the short list in
tests/spelling-allow.txt (and the municipality's own name and county, read from its JSON).
"""

from __future__ import annotations

import collections
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT, pdf_pages, project_copy, run_build
from tests.shared_build import REPORT_SET, shared_build

# Tests that build reports, run build.py or start a browser are marked slow one by one.

CASES = {
    "4621-voss": "nn",
    "4629-modalen": "nn",
    "0301-oslo": "nb",
    "1151-utsira": "nb",
}
DICTS = {"nb": "nb_NO", "nn": "nn_NO"}
MAX_UNKNOWN = 0.01
ALLOW = Path(__file__).with_name("spelling-allow.txt")
TOKEN = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*")
WORD = re.compile(r"[^\W\d_]+")
# WeasyPrint's automatic hyphenation (hyphens: auto) breaks a word with U+2010 HYPHEN at the end of
# a line; those breaks are joined again. A real hyphen in the text is U+002D and is kept.
# Before "og"/"eller" the hyphen is a real one ("helse- og omsorg") and the words stay apart.
BROKEN = re.compile(r"(\w)[\u2010\u00ad][ \t]*\n\s*(?!(?:og|eller)\b)(\w)")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The four reports, built once per session even when several xdist workers need them."""
    assert {s[:4] for s in CASES} <= set(REPORT_SET)
    return shared_build(tmp_path_factory, REPORT_SET)


def pdf_words(pdf: Path) -> list[str]:
    """The words of a PDF as pdftotext reads them, hyphenated line breaks joined again."""
    assert shutil.which("pdftotext"), "pdftotext missing: install poppler-utils (make setup-test)"
    text = "\f".join(pdf_pages(pdf)) + "\f"  # as pdftotext prints it (read once per session)
    return TOKEN.findall(BROKEN.sub(r"\1\2", text))


def checked_words(tokens: list[str], allow: set[str]) -> list[str]:
    """The words to spell-check: numbers and codes with digits (P50, E.F1, 2019-kroner), single
    capital letters (Vedlegg J, risk refs) and allow-listed tokens are left out; hyphenated
    compounds are checked part by part, as hunspell does."""
    words = []
    for tok in tokens:
        if tok in allow or any(c.isdigit() for c in tok) or (len(tok) == 1 and tok.isupper()):
            continue
        words += [w for w in re.split(r"[-\u2010\u2011]", tok) if w and w not in allow]
    return words


def allowed(stem: str, built: Path) -> set[str]:
    """The allow-list plus this municipality's own name and county (names, not words)."""
    words = {w.strip() for w in ALLOW.read_text(encoding="utf-8").splitlines()
             if w.strip() and not w.startswith("#")}
    data = json.loads((built / "data" / f"{stem}.json").read_text(encoding="utf-8"))
    for key in ("navn", "fylke"):
        words |= set(WORD.findall(str(data.get(key) or "")))
    return words


def unknown_words(words: list[str], lang: str) -> set[str]:
    """The distinct words hunspell's dictionary for `lang` does not know."""
    assert shutil.which("hunspell"), "hunspell missing: install hunspell hunspell-no"
    r = subprocess.run(["hunspell", "-d", DICTS[lang], "-i", "UTF-8", "-l"],
                       input="\n".join(sorted(set(words))), capture_output=True, text=True,
                       check=True)
    return set(r.stdout.split())


def unknown_rate(pdf: Path, lang: str, allow: set[str]) -> tuple[float, collections.Counter]:
    words = checked_words(pdf_words(pdf), allow)
    bad = unknown_words(words, lang)
    counts = collections.Counter(w for w in words if w in bad)
    return sum(counts.values()) / max(1, len(words)), counts


@pytest.mark.slow
@pytest.mark.parametrize("stem", CASES)
def test_spelling_in_the_reports_own_form(built, stem):
    lang = CASES[stem]
    rate, counts = unknown_rate(built / "pdf" / f"{stem}.pdf", lang, allowed(stem, built))
    print(f"{stem} ({lang}): {rate:.2%} unknown: {counts.most_common(40)}")
    assert rate <= MAX_UNKNOWN, (
        f"{stem}: {rate:.2%} of the words are unknown to hunspell {DICTS[lang]}: "

        f"{counts.most_common(40)}")


@pytest.mark.slow
@pytest.mark.parametrize("stem", ["4621-voss", "0301-oslo"])
def test_the_checker_tells_the_forms_apart(built, stem):
    """Checked against the other form's dictionary, the same report fails: the check has teeth."""
    other = "nb" if CASES[stem] == "nn" else "nn"
    rate, _ = unknown_rate(built / "pdf" / f"{stem}.pdf", other, allowed(stem, built))
    assert rate > 3 * MAX_UNKNOWN, f"{stem}: only {rate:.2%} unknown in {other}"


@pytest.mark.slow
@pytest.mark.parametrize("stem", CASES)
def test_language_is_declared_everywhere(built, stem):
    import pikepdf

    lang = CASES[stem]
    data = json.loads((built / "data" / f"{stem}.json").read_text(encoding="utf-8"))
    assert data["sprak"] == lang
    html = (built / "html" / f"{stem}.html").read_text(encoding="utf-8")
    assert re.search(rf'<html lang="{lang}"', html), f"{stem}: <html lang> is not {lang}"
    with pikepdf.open(built / "pdf" / f"{stem}.pdf") as pdf:
        assert str(pdf.Root.Lang) == lang, f"{stem}: /Lang is {pdf.Root.get('/Lang')}"


@pytest.mark.slow
def test_dates_and_numbers_use_the_forms_own_locale(built):
    import datetime as dt

    from babel.dates import format_date

    from grunnlag.render import fmt

    # Babel really has a separate nn locale: weekdays differ from nb (tysdag / tirsdag).
    day = dt.date(2020, 12, 1)
    assert format_date(day, "EEEE", locale="nn") == "tysdag"
    assert format_date(day, "EEEE", locale="nb") == "tirsdag"
    assert fmt.dato(day, "nn") == fmt.dato(day, "nb") == "1.\u00a0desember 2020"
    words = " ".join(pdf_words(built / "pdf" / "4621-voss.pdf"))
    assert "1 desember 2020" in words


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_hyphenation_dictionary_exists_for_the_form(lang):
    """WeasyPrint hyphenates with pyphen by the lang attribute; nn must not fall back to nb."""
    import pyphen

    assert pyphen.language_fallback(lang) == lang
    assert "-" in pyphen.Pyphen(lang=lang).inserted("journalløysinga")


# ------------------------------------------------------- a missing form stops the build (exit 2)


def _drop_nn_in_yaml(path: Path, key: str) -> None:
    """Remove the nynorsk text of one entry in a flat {key: {nb, nn}} YAML file, by line edit."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            lines[i] = re.sub(r",\s*nn:.*\}$", "}", line)
            break
    else:
        raise AssertionError(f"{key} not found in {path}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _break(tmp_path: Path, how: str) -> tuple[Path, str]:
    """A project copy with one nynorsk text removed; returns it and the name to expect."""
    project = project_copy(tmp_path / "p")
    content = project / "content"
    if how == "tekster":
        _drop_nn_in_yaml(content / "tekster.yaml", "h_fordeler")
        return project, "h_fordeler"
    if how == "prosa":
        (content / "prosa" / "bakgrunn.nn.md").unlink()
        return project, "bakgrunn.nn.md"
    if how == "forutsetninger":
        data = yaml.safe_load((content / "forutsetninger.yaml").read_text(encoding="utf-8"))
        del data["tall"]["kalkulasjonsrente"]["nn"]
        (content / "forutsetninger.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                                     encoding="utf-8")
        return project, "kalkulasjonsrente"
    path = content / f"{how}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    field = "risiko" if how == "risiko" else "tekst"
    del data[0][field]["nn"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return project, str(data[0]["id"])


@pytest.mark.slow
@pytest.mark.parametrize("how", ["tekster", "prosa", "forutsetninger", "fordeler", "ulemper",
                                 "risiko"])
def test_a_text_missing_in_one_form_stops_the_build(tmp_path, how):
    project, name = _break(tmp_path, how)
    r = run_build(project, "--only", "4621", "--output", str(tmp_path / "out"), "--force",
                  timeout=120)
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    message = r.stdout + r.stderr
    assert name in message, message
    assert "nn" in message, message
    assert not (tmp_path / "out" / "pdf").exists() or not any((tmp_path / "out" / "pdf").iterdir())


@pytest.mark.slow
@pytest.mark.parametrize("stem", ["4621-voss", "0301-oslo"])
def test_appendix_and_sources_in_the_reports_form(built, stem):
    """The appendix shows each figure's text, unit and source in the report's own form."""
    lang = CASES[stem]
    texts = yaml.safe_load((ROOT / "content" / "forutsetninger.yaml").read_text(encoding="utf-8"))
    words = " ".join(pdf_words(built / "pdf" / f"{stem}.pdf"))
    flat = lambda s: " ".join(TOKEN.findall(s))  # noqa: E731
    for key in ("kalkulasjonsrente", "anskaffelse_intervall"):
        assert flat(texts["tall"][key][lang]) in words, f"{stem}: appendix text of {key}"
    assert flat(texts["enheter"]["MNOK nåverdi"][lang]) in words
    assert flat(texts["kilder"]["BREV"]["dato"][lang]) in words
