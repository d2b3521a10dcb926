"""Hostile values and files (issue 13): numbers that are not what they seem, text the reports
cannot carry, files that are not plain files. One bad thing stops only its own file, with one
line naming file, line and field."""

from __future__ import annotations

import json
import os
import threading
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grunnlag.inputs.schema import Kommune, load_municipality
from grunnlag.inputs.yamlsafe import YamlError, load_yaml
from tests.helpers import project_copy, run_build

NAME = "0301-oslo.yaml"
BASE = """\
kommunenummer: "0301"
navn: "Oslo"
fylke: "Oslo"
folketall: 693494
malform: nøytral
"""


def check(tmp_path: Path, text: str, name: str = NAME) -> Kommune | list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = load_municipality(path, root=tmp_path)
    return result if isinstance(result, Kommune) else [str(e) for e in result]


def one_error(tmp_path: Path, text: str) -> str:
    result = check(tmp_path, text)
    assert isinstance(result, list) and len(result) == 1, result
    return result[0]


# ---------------------------------------------------------------- numbers (class 3)


@pytest.mark.parametrize(("written", "why"), [
    ("0750000", "an octal number"),
    ("1:30:00", "a time-like number in base 60"),
    ("0x10", "a hexadecimal or binary number"),
    ("0b101", "a hexadecimal or binary number"),
    ("693_494", "a number with the '_' left out"),
])
def test_yaml_1_1_number_forms_are_refused_naming_line_and_field(tmp_path, written, why):
    text = BASE.replace("folketall: 693494", f"folketall: {written}")
    error = one_error(tmp_path, text)
    assert error.startswith(f"{NAME}:4: folketall: '{written}' would be read as {why}"), error


def test_yaml_1_1_true_false_words_are_refused(tmp_path):
    error = one_error(tmp_path, BASE + "rapportsprak: no\n")
    assert error.startswith(f"{NAME}:6: rapportsprak: 'no' would be read as true/false"), error


def test_quoted_forms_stay_text(tmp_path):
    result = check(tmp_path, BASE + 'merknad: "0750000 og 1:30:00 og 0x10"\n')
    assert isinstance(result, Kommune) and result.merknad == "0750000 og 1:30:00 og 0x10"


@given(st.from_regex(r"[-+]?[0-9][0-9_:.xob]{0,8}", fullmatch=True))
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_plain_number_is_read_as_written_or_refused_with_its_field(tmp_path, written):
    """Property: a plain scalar that becomes a number has the value a person reads in it."""
    path = tmp_path / "n.yaml"
    path.write_text(f"tall: {written}\n", encoding="utf-8")
    try:
        data, _ = load_yaml(path)
    except YamlError as e:
        assert e.line == 1
        assert e.field == "tall" or "not valid YAML" in e.message or "cannot be read" in e.message
        return
    value = data["tall"]
    if isinstance(value, bool):
        raise AssertionError(f"{written!r} read as {value!r}")
    if isinstance(value, int):
        assert value == int(written.lstrip("+"), 10) and "_" not in written
    elif isinstance(value, float):
        assert value == float(written) and "_" not in written and ":" not in written
    else:
        assert value == written


def test_population_must_match_the_register(tmp_path):
    error = one_error(tmp_path, BASE.replace("693494", "6934940"))
    assert error == (f"{NAME}:4: folketall: 6934940 differs from SSB's register (693 494 on "
                     "2020-01-01); correct it, or say where your value comes from in "
                     "folketall_kilde")


def test_population_with_its_source_is_accepted_near_the_register(tmp_path):
    text = BASE.replace("693494", "697010") + 'folketall_kilde: "SSB, 1.1.2021"\n'
    result = check(tmp_path, text)
    assert isinstance(result, Kommune) and result.folketall == 697010


def test_population_far_from_the_register_is_refused_even_with_a_source(tmp_path):
    text = BASE.replace("693494", "6934940") + 'folketall_kilde: "eget anslag"\n'
    error = one_error(tmp_path, text)
    assert error.startswith(f"{NAME}:4: folketall: 6934940 is more than 20% away"), error


def test_huge_population_is_a_line_error_not_a_traceback(tmp_path):
    error = one_error(tmp_path, BASE.replace("693494", "1" + "0" * 39))
    assert error.startswith(f"{NAME}:4: folketall: must be a whole number from 0 to 10000000"), \
        error


@pytest.mark.parametrize(("field", "line", "wrong", "right"), [
    ("navn", 2, '"Olso"', "Oslo"),
    ("fylke", 3, '"Viken"', "Oslo"),
    ("malform", 5, "nynorsk", "nøytral"),
])
def test_name_county_and_language_form_must_match_the_register(tmp_path, field, line, wrong,
                                                               right):
    lines = BASE.splitlines(keepends=True)
    lines[line - 1] = f"{field}: {wrong}\n"
    error = one_error(tmp_path, "".join(lines))
    assert error.startswith(f"{NAME}:{line}: {field}: ") and f'("{right}")' in error, error
    assert error.endswith(f"say where your value comes from in {field}_kilde"), error
    sourced = check(tmp_path, "".join(lines) + f'{field}_kilde: "kommunestyret 2020"\n')
    assert isinstance(sourced, Kommune), sourced


@pytest.mark.parametrize("field", ["arlig_kostnad", "kontrakt_utloper"])
def test_every_amount_and_year_has_an_upper_bound(tmp_path, field):
    text = (BASE + "journalsystemer:\n  - tjenesteomrade: fastlege\n    system: X\n"
            f"    {field}: 100000000000000\n")
    error = one_error(tmp_path, text)
    assert error.startswith(f"{NAME}:9: journalsystemer[0].{field}: must be a whole number "
                            "from"), error


def test_local_cost_has_an_upper_bound(tmp_path):
    error = one_error(tmp_path, BASE + "kostnader:\n  lokal_innforing: 100000000000000\n")
    assert error.startswith(f"{NAME}:7: kostnader.lokal_innforing: must be a whole number"), error


def test_far_away_date_is_refused(tmp_path):
    error = one_error(tmp_path, BASE + "vedtak:\n  dato: 1900-02-03\n")
    assert error == (f"{NAME}:7: vedtak.dato: must be a date between 2000-01-01 and 2060-12-31, "
                     "got 1900-02-03")


def test_impossible_unquoted_date_names_its_field(tmp_path):
    error = one_error(tmp_path, BASE + "vedtak:\n  dato: 2021-02-30\n")
    assert error == f"{NAME}:7: vedtak.dato: '2021-02-30' is not a real date; write dates as " \
                    "YYYY-MM-DD"


# ---------------------------------------------------------------- text (class 1)


@pytest.mark.parametrize(("escaped", "kind"), [
    ("\\ud800", "a lone surrogate"),
    ("\\x07", "a control character (U+0007)"),
    ("\\x85", "a control character (U+0085)"),
    ("\\u2028", "a line or paragraph separator"),
    ("\\u202e", "a hidden control that changes the direction of the text (U+202E)"),
])
def test_text_the_reports_cannot_carry_is_refused_per_file(tmp_path, escaped, kind):
    error = one_error(tmp_path, BASE + f'merknad: "Tekst {escaped} her"\n')
    assert error.startswith(f"{NAME}:6: merknad: the text contains {kind}"), error


def test_characters_no_bundled_font_has_are_refused_by_name(tmp_path):
    error = one_error(tmp_path, BASE + 'merknad: "Vi bruker 中文 🦄"\n')
    assert error.startswith(f"{NAME}:6: merknad: has characters the report's fonts cannot "
                            'show: "中" (U+4E2D CJK UNIFIED IDEOGRAPH-4E2D), "文"'), error
    assert "U+1F984 UNICORN FACE" in error


def test_text_is_normalised_to_nfc(tmp_path):
    decomposed = "Cafe\u0301 og A\u030ar"
    result = check(tmp_path, BASE + f'merknad: "{decomposed}"\n')
    assert isinstance(result, Kommune)
    assert result.merknad == "Café og År" and result.merknad != decomposed


def _as_yaml_string(text: str) -> str:
    """A double-quoted YAML scalar holding exactly `text` (JSON escapes are YAML escapes)."""
    return json.dumps(text, ensure_ascii=True)


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_in_merknad_is_carried_or_refused_in_one_line(tmp_path, text):
    """Property: a text field is either accepted as NFC text the fonts and every output can
    carry, or refused with one line naming file, line and field; never a traceback."""
    result = check(tmp_path, BASE + f"merknad: {_as_yaml_string(text)}\n")
    if isinstance(result, list):
        assert len(result) == 1 and result[0].startswith(f"{NAME}:6: merknad: "), result
        assert "\n" not in result[0]
        return
    from grunnlag.inputs import fontcover

    got = result.merknad
    if got is None:  # an empty text is "not given"
        assert text == ""
        return
    assert got == unicodedata.normalize("NFC", text)
    got.encode("utf-8")  # every output is UTF-8
    assert not fontcover.missing(got)
    assert all(unicodedata.category(c) not in ("Cc", "Cs", "Zl", "Zp") or c in "\n\t"
               for c in got)


# ---------------------------------------------------------------- files (class 4)


def test_symlink_to_dev_zero_is_refused_without_reading(tmp_path):
    path = tmp_path / NAME
    os.symlink("/dev/zero", path)
    result = load_municipality(path, root=tmp_path)
    assert [str(e) for e in result] == [  # type: ignore[union-attr]
        f"{NAME}: this is a device, not a plain file; only plain files are read"]


def test_fifo_is_refused_without_waiting(tmp_path):
    path = tmp_path / NAME
    os.mkfifo(path)
    result: list = []
    reader = threading.Thread(target=lambda: result.append(load_municipality(path, root=tmp_path)),
                              daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # opened to read, it waits for a writer forever: give it one
        with open(path, "wb"):
            pass
        reader.join()
        pytest.fail("reading the FIFO blocked")
    assert [str(e) for e in result[0]] == [
        f"{NAME}: this is a named pipe (FIFO), not a plain file; only plain files are read"]


@pytest.fixture(scope="module")
def stray_project(tmp_path_factory):
    project = project_copy(tmp_path_factory.mktemp("stray") / "p")
    m = project / "municipalities"
    (m / "notes.yaml").write_text("notater: ja\n", encoding="utf-8")
    (m / ".#0301-oslo.yaml").write_text("lock\n", encoding="utf-8")
    trondheim = (m / "0301-oslo.yaml").read_text(encoding="utf-8").replace("0301", "5001")
    (m / "5001-trondheim.yaml").write_text(trondheim, encoding="utf-8")
    os.mkfifo(m / "1151-utsira.yaml.fifo.yaml")
    zero = m / "4629-modalen.yaml"
    zero.unlink()
    os.symlink("/dev/zero", zero)
    return project


def test_check_skips_stray_files_with_one_warning_and_does_not_hang(stray_project):
    r = run_build(stray_project, "--check", timeout=120)
    assert r.returncode == 1, r.stderr
    for name in ("notes.yaml", ".#0301-oslo.yaml", "5001-trondheim.yaml",
                 "1151-utsira.yaml.fifo.yaml"):
        warnings = [line for line in r.stderr.splitlines()
                    if line.startswith(f"warning: municipalities/{name}: skipped")]
        assert len(warnings) == 1, r.stderr
    assert ("municipalities/4629-modalen.yaml: this is a device, not a plain file; only plain "
            "files are read") in r.stderr
    # the 290 good files and the refused one are counted; stray files are not
    assert "Checked 291 municipality files: 1 with errors." in r.stdout
    assert "Traceback" not in r.stderr
