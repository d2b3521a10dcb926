"""Issue 24, classes 3–6: a note is shown whole or refused, no CSV cell can be read as a
formula under any separator, every folder the build writes into is checked, and invisible
characters are named in words."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from grunnlag.forms.cells import read as _read
from grunnlag.forms.spec import Column
from grunnlag.inputs.mdsafe import render_note
from grunnlag.inputs.schema import load_municipality
from grunnlag.pipeline import outdir
from grunnlag.pipeline.outputs import write_csv
from grunnlag.pipeline.versions import write_log
from tests.helpers import ROOT, run_build

UTSIRA = ROOT / "municipalities" / "1151-utsira.yaml"
DIVIDER = "- - - - - - - - - - - -"


def with_lines(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / UTSIRA.name
    path.write_text(UTSIRA.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


# ---------------------------------------------------------------- a note, whole or refused


def test_a_divider_line_shows_as_typed_and_the_rest_of_the_note_follows():
    html = render_note(f"Før linjen.\n\n{DIVIDER}\n\nEtter linjen.\n")
    assert "Etter linjen." in html
    assert DIVIDER in html and "<ul>" not in html


def test_a_note_with_a_divider_line_is_accepted(tmp_path):
    note = f'merknad: "Før linjen.\\n\\n{DIVIDER}\\n\\nEtter linjen."\n'
    assert load_municipality(with_lines(tmp_path, note), root=tmp_path).merknad.endswith(
        "Etter linjen.")


def test_lists_nested_too_deep_are_refused_with_the_line_of_the_note(tmp_path):
    note = "merknad: |\n  Første linje.\n\n  - - - - - - - - x\n\n  Etter.\n"
    path = with_lines(tmp_path, note)
    errors = load_municipality(path, root=tmp_path)
    assert isinstance(errors, list), "accepted"
    assert [str(e) for e in errors] == [
        f"{UTSIRA.name}:{len(UTSIRA.read_text(encoding='utf-8').splitlines()) + 1}: merknad: "
        "line 3 of the note has lists nested more than 6 deep, which the report cannot show; "
        "use fewer levels"]


# ---------------------------------------------------------------- no formula in a CSV

HOSTILE = ("Kvitsøy;=cmd|' /C calc'!A0", "A,+SUM(1)", "B\t@x", 'C; "=1+1"', "=HYPERLINK()")


def formula_cells(text: str) -> list[str]:
    """Every cell a spreadsheet splitting at , or ; or tab (quotes ignored) takes as formula."""
    cells = [c.strip(' "') for line in text.splitlines() for c in re.split(r"[,;\t]", line)]
    return [c for c in cells if c[:1] in ("=", "+", "-", "@") and not re.fullmatch(r"-?[\d.]+", c)]


def test_no_csv_cell_is_a_formula_under_any_separator(tmp_path):
    path = tmp_path / "t.csv"
    write_csv(path, ["navn", "tall"], [{"navn": h, "tall": -5} for h in HOSTILE])
    text = path.read_text(encoding="utf-8")
    assert formula_cells(text) == [], text
    assert "\n-5\n" not in text and ",-5\n" in text  # numbers stay numbers
    assert '"Kvitsøy;\'=cmd|\' /C calc\'!A0"' in text  # quoted: one cell under ; as well


def test_the_change_log_neutralises_a_system_name_with_a_formula(tmp_path):
    path = tmp_path / "endringslogg.csv"
    entry = {"versjon": 2, "tall": {}, "endringar": [
        {"felt": "journalsystemer", "fra": None,
         "til": [["helse", "Kvitsøy;=cmd|' /C calc'!A0", "Leverandør", None, None]]}]}
    write_log(path, {"1144": {"versjon": 1}}, {"1144": entry}, {"1144": "Kvitsøy"},
              dt.date(2021, 3, 1))
    assert formula_cells(path.read_text(encoding="utf-8")) == []


# ---------------------------------------------------------------- every folder written


def test_a_subfolder_linking_into_the_project_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "data").symlink_to(ROOT / "data")
    with pytest.raises(outdir.OutputError, match=r"data/ leads into the project's own data/"):
        outdir.check(out)


@pytest.mark.parametrize("sub", ["pdf", "data", ".cache"])
def test_a_build_into_a_folder_with_a_subfolder_linked_outside_writes_nothing(tmp_path, sub):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / sub).symlink_to(elsewhere)
    r = run_build(ROOT, "--only", "1151", "--output", str(out), "--jobs", "1", timeout=120)
    assert r.returncode == 2, r.stderr
    assert r.stderr.splitlines() == [
        f"error: --output {out}: {sub}/ leads outside the output folder, to {elsewhere}; the "
        "build writes only inside its output folder: remove the link"]
    assert list(elsewhere.iterdir()) == []


def test_a_lock_file_that_is_a_link_is_not_written_through(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    (out / ".bygg.lock").symlink_to(victim)
    with pytest.raises(outdir.OutputError, match=r"\.bygg\.lock is a link"):
        outdir.lock(out)
    assert victim.read_text(encoding="utf-8") == "keep"


# ---------------------------------------------------------------- named characters


@pytest.mark.parametrize(("written", "name"), [("\\r", "carriage return"),
                                               ("\\x0b", "vertical tab")])
def test_a_control_character_is_named_in_words(tmp_path, written, name):
    path = with_lines(tmp_path, f'merknad: "før{written}etter"\n')
    errors = load_municipality(path, root=tmp_path)
    assert isinstance(errors, list) and len(errors) == 1, errors
    assert name in str(errors[0]) and '""' not in str(errors[0]), str(errors[0])


def test_a_huge_number_in_a_text_cell_stays_short():
    assert _read("kommuner", Column(("merknad",), "text"), 1e300) == "1e+300"
    assert _read("kommuner", Column(("merknad",), "text"), 2024.0) == "2024"
