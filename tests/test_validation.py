"""Validation of municipality files: safe YAML, friendly one-line errors, never a traceback."""

from __future__ import annotations

import datetime as dt
import string
import time
import unicodedata
from pathlib import Path
from typing import Any, Literal

import pydantic
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from grunnlag.inputs.errors import InputError, errors_from_pydantic, show_value
from grunnlag.inputs.schema import Kommune, check_duplicates, load_municipality
from grunnlag.inputs.yamlsafe import YamlError, load_yaml
from grunnlag.paths import MUNICIPALITIES, ROOT

NAME = "0301-oslo.yaml"

# Line numbers matter in these tests: kommunenummer is line 1, folketall line 4, ...
BASE = """\
kommunenummer: "0301"
navn: "Oslo"
fylke: "Oslo"
folketall: 693494
malform: nøytral
"""

FULL = """\
# A comment line
kommunenummer: "0301"
navn: "Oslo"
navn_kort: "Oslo"
fylke: "Oslo"
folketall: 693494
folketall_dato: 2020-01-01
malform: nynorsk
rapportsprak: nb
intensjonserklaering: signert
vedtak:
  status: opsjonsavtale
  dato: 2021-06-15
innforingsar: 2027
journalsystemer:
  - tjenesteomrade: hjemmetjenester
    system: "Gerica"
    leverandor: "Tieto"
    kontrakt_utloper: 2024
    arlig_kostnad: 850000
  - tjenesteomrade: fastlege
    system: "Infodoc"
kostnader:
  lokal_innforing: 12000000
merknad: |
  Fritekst i **Markdown**.
malform_kilde: "Kommunestyrets vedtak om målform"
"""

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def write(tmp_path: Path, text: str | bytes, name: str = NAME) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def errors(tmp_path: Path, text: str | bytes, name: str = NAME) -> list[str]:
    """Load a file that must fail, as the printed lines."""
    result = load_municipality(write(tmp_path, text, name), root=tmp_path)
    assert isinstance(result, list), f"expected errors, got {result!r}"
    assert result, "an invalid file must give at least one error"
    return [str(e) for e in result]


def one_error(tmp_path: Path, text: str | bytes, name: str = NAME) -> str:
    lines = errors(tmp_path, text, name)
    assert len(lines) == 1, lines
    return lines[0]


def valid(tmp_path: Path, text: str, name: str = NAME) -> Kommune:
    result = load_municipality(write(tmp_path, text, name), root=tmp_path)
    assert isinstance(result, Kommune), [str(e) for e in result]
    return result


# ---------------------------------------------------------------- InputError


def test_input_error_str_shapes() -> None:
    assert str(InputError("a.yaml", 7, "folketall", "bad")) == "a.yaml:7: folketall: bad"
    assert str(InputError("a.yaml", None, "folketall", "bad")) == "a.yaml: folketall: bad"
    assert str(InputError("a.yaml", 3, "", "bad")) == "a.yaml:3: bad"
    assert str(InputError("a.yaml", None, "", "bad")) == "a.yaml: bad"


def test_input_error_str_is_always_one_line() -> None:
    e = InputError("a\nb.yaml", 1, "x\u2028y", "line\rbreak\x85here")
    assert len(str(e).splitlines()) == 1


def test_show_value_quotes_and_shortens() -> None:
    assert show_value("mange") == '"mange"'
    assert show_value(12) == "12"
    assert show_value(12.0) == "12.0"
    assert show_value(True) == "true"
    assert show_value(None) == "nothing"
    assert show_value(dt.date(2020, 1, 1)) == "2020-01-01"
    long = show_value("x" * 500)
    assert long.startswith('"x') and long.endswith('…"') and len(long) == 42
    assert len(show_value(list(range(1000)))) <= 40
    assert len(show_value({"a" * 100: ["b" * 100] * 100})) <= 40
    assert "\n" not in show_value("a\nb") and show_value('say "hi"') == '"say \\"hi\\""'


# ---------------------------------------------------------------- valid files


def test_minimal_file_is_valid_with_defaults(tmp_path: Path) -> None:
    k = valid(tmp_path, BASE)
    assert k.kommunenummer == "0301" and k.folketall == 693494
    assert k.intensjonserklaering == "ukjent"
    assert k.vedtak.status == "ukjent" and k.vedtak.dato is None
    assert k.journalsystemer == [] and k.kostnader.lokal_innforing is None
    assert k.sprak == "nb" and k.visningsnavn == "Oslo"


def test_full_file_is_valid(tmp_path: Path) -> None:
    k = valid(tmp_path, FULL)
    assert k.folketall_dato == dt.date(2020, 1, 1)
    assert k.vedtak.status == "opsjonsavtale" and k.vedtak.dato == dt.date(2021, 6, 15)
    assert k.journalsystemer[0].arlig_kostnad == 850000
    assert k.journalsystemer[1].leverandor is None
    assert k.kostnader.lokal_innforing == 12_000_000
    assert k.merknad == "Fritekst i **Markdown**.\n"
    assert k.sprak == "nb"  # rapportsprak overrides nynorsk målform


@pytest.mark.parametrize(
    ("malform", "rapportsprak", "sprak"),
    [
        ("nynorsk", None, "nn"),
        ("bokmål", None, "nb"),
        ("nøytral", None, "nb"),
        ("bokmål", "nn", "nn"),
    ],
)
def test_sprak(tmp_path: Path, malform: str, rapportsprak: str | None, sprak: str) -> None:
    text = BASE.replace("nøytral", malform) + 'malform_kilde: "vedtak"\n'
    if rapportsprak:
        text += f"rapportsprak: {rapportsprak}\n"
    assert valid(tmp_path, text).sprak == sprak


def test_empty_optional_value_means_not_given(tmp_path: Path) -> None:
    k = valid(tmp_path, BASE + "innforingsar:\nvedtak:\njournalsystemer:\nmerknad:\n")
    assert k.innforingsar is None and k.vedtak.status == "ukjent" and k.journalsystemer == []


def test_quoted_date_is_accepted(tmp_path: Path) -> None:
    assert valid(tmp_path, BASE + 'folketall_dato: "2020-01-01"\n').folketall_dato == dt.date(
        2020, 1, 1
    )


def test_all_real_municipality_files_are_valid() -> None:
    paths = sorted(MUNICIPALITIES.glob("*.yaml"))
    assert len(paths) == 291
    loaded: dict[Path, Kommune] = {}
    problems: list[str] = []
    for path in paths:
        result = load_municipality(path)
        if isinstance(result, list):
            problems.extend(str(e) for e in result)
        else:
            loaded[path] = result
    assert problems == []
    assert check_duplicates(loaded) == []
    assert len({k.kommunenummer for k in loaded.values()}) == 291


def test_real_file_errors_are_named_relative_to_root(tmp_path: Path) -> None:
    text = (MUNICIPALITIES / NAME).read_text(encoding="utf-8").replace("693494", "mange")
    path = write(tmp_path, text)
    [err] = load_municipality(path, root=tmp_path)  # type: ignore[misc]
    assert str(err).startswith(f"{NAME}:")
    [err] = load_municipality(path, root=ROOT)  # type: ignore[misc]
    assert str(err).startswith(str(path))  # outside root: the full path


# ---------------------------------------------------------------- field errors


def test_folketall_mange_exact_message(tmp_path: Path) -> None:
    assert one_error(tmp_path, BASE.replace("693494", "mange")) == (
        f'{NAME}:4: folketall: must be a whole number ≥ 0, got "mange"'
    )


@pytest.mark.parametrize(
    ("value", "got"), [("12.0", "12.0"), ("12.5", "12.5"), ("-5", "-5"), ("true", "true")]
)
def test_folketall_not_a_whole_number(tmp_path: Path, value: str, got: str) -> None:
    assert one_error(tmp_path, BASE.replace("693494", value)) == (
        f"{NAME}:4: folketall: must be a whole number ≥ 0, got {got}"
    )


def test_misspelt_key_suggests_the_right_one(tmp_path: Path) -> None:
    lines = errors(tmp_path, BASE.replace("folketall", "folketal"))
    assert lines[0] == f"{NAME}: folketall: required field is missing"
    assert lines[1].startswith(
        f"{NAME}:4: folketal: unknown field (did you mean 'folketall'?); allowed fields here: "
        "kommunenummer, navn, navn_kort, fylke, folketall,"
    )


def test_unknown_nested_key_lists_the_allowed_fields(tmp_path: Path) -> None:
    text = BASE + "vedtak:\n  status: ukjent\n  datum: 2021-01-01\n"
    assert one_error(tmp_path, text) == (
        f"{NAME}:8: vedtak.datum: unknown field (did you mean 'dato'?); "
        "allowed fields here: status, dato"
    )


def test_missing_required_field_has_no_line(tmp_path: Path) -> None:
    assert one_error(tmp_path, BASE.replace('navn: "Oslo"\n', "")) == (
        f"{NAME}: navn: required field is missing"
    )


def test_literal_lists_choices_and_suggests(tmp_path: Path) -> None:
    assert one_error(tmp_path, BASE.replace("nøytral", "bokmal")) == (
        f"{NAME}:5: malform: must be one of: bokmål, nynorsk, nøytral "
        f"(did you mean 'bokmål'?), got \"bokmal\""
    )


def test_unquoted_kommunenummer(tmp_path: Path) -> None:
    # YAML 1.1 reads 0301 as the octal number 193: refused as such, with the way out.
    assert one_error(tmp_path, BASE.replace('"0301"', "0301")).startswith(
        f"{NAME}:1: kommunenummer: '0301' would be read as an octal number (it starts with 0)"
    )


def test_kommunenummer_shape(tmp_path: Path) -> None:
    assert one_error(tmp_path, BASE.replace('"0301"', '"301"')) == (
        f'{NAME}:1: kommunenummer: must be four digits, like "0301", got "301"'
    )


def test_text_field_given_a_boolean(tmp_path: Path) -> None:
    assert one_error(tmp_path, BASE.replace('navn: "Oslo"', "navn: no")) == (
        f"{NAME}:2: navn: 'no' would be read as true/false; put it in quotes if it is text, "
        "or write true or false"
    )
    assert one_error(tmp_path, BASE.replace('navn: "Oslo"', "navn: false")) == (
        f"{NAME}:2: navn: must be text (put the value in quotes to make it text), got false"
    )


def test_nested_list_errors_have_dotted_names_and_lines(tmp_path: Path) -> None:
    text = BASE + (
        "journalsystemer:\n"  # line 6
        "  - tjenesteomrade: fastlegen\n"  # 7
        "    systm: X\n"  # 8
        "  - tjenesteomrade: annet\n"  # 9
        f"    system: {'x' * 120}\n"  # 10
        "    kontrakt_utloper: 1999\n"  # 11
        "    arlig_kostnad: 1.5\n"  # 12
    )
    lines = errors(tmp_path, text)
    assert lines[0].startswith(
        f"{NAME}:7: journalsystemer[0].tjenesteomrade: must be one of: fastlege, legevakt,"
    )
    assert lines[0].endswith("(did you mean 'fastlege'?), got \"fastlegen\"")
    assert lines[1] == f"{NAME}:7: journalsystemer[0].system: required field is missing"
    assert lines[2].startswith(f"{NAME}:8: journalsystemer[0].systm: unknown field")
    assert lines[3] == (
        f"{NAME}:10: journalsystemer[1].system: must be at most 100 characters long, got 120"
    )
    assert lines[4] == (
        f"{NAME}:11: journalsystemer[1].kontrakt_utloper: "
        "must be a whole number from 2000 to 2060, got 1999"
    )
    assert lines[5] == (
        f"{NAME}:12: journalsystemer[1].arlig_kostnad: must be a whole number ≥ 0, got 1.5"
    )
    assert len(lines) == 6


def test_errors_are_reported_all_at_once_in_file_order(tmp_path: Path) -> None:
    text = BASE + (
        "innforingsar: 2040\n"  # 6
        "vedtak:\n"  # 7
        "  status: ja\n"  # 8
        '  dato: "2021-02-30"\n'  # 9
        "kostnader: 5\n"  # 10
        "rapportsprak: en\n"  # 11
    )
    assert errors(tmp_path, text) == [
        f"{NAME}:6: innforingsar: must be a whole number from 2024 to 2035, got 2040",
        f"{NAME}:8: vedtak.status: must be one of: ikke_behandlet, forpliktelsesavtale, "
        'opsjonsavtale, avslatt, ukjent, got "ja"',
        f"{NAME}:9: vedtak.dato: must be a date written as YYYY-MM-DD (for example "
        '2021-06-15), got "2021-02-30"',
        f"{NAME}:10: kostnader: must be a group of 'name: value' fields (lokal_innforing), got 5",
        f'{NAME}:11: rapportsprak: must be one of: nb, nn, got "en"',
    ]


def test_list_and_mapping_types(tmp_path: Path) -> None:
    assert one_error(tmp_path, BASE + "journalsystemer: fastlege\n") == (
        f"{NAME}:6: journalsystemer: must be a list (one '- ' line per item), got \"fastlege\""
    )
    assert one_error(tmp_path, BASE + "vedtak: [1, 2]\n") == (
        f"{NAME}:6: vedtak: must be a group of 'name: value' fields (status, dato), got [1, 2]"
    )


def test_too_many_systems(tmp_path: Path) -> None:
    item = "  - {tjenesteomrade: annet, system: x}\n"
    assert one_error(tmp_path, BASE + "journalsystemer:\n" + item * 51) == (
        f"{NAME}:6: journalsystemer: may have at most 50 items, got 51"
    )
    valid(tmp_path, BASE + "journalsystemer:\n" + item * 50)


def test_merknad_length(tmp_path: Path) -> None:
    assert one_error(tmp_path, BASE + f"merknad: {'x' * 5001}\n") == (
        f"{NAME}:6: merknad: must be at most 5000 characters long, got 5001"
    )


def test_date_with_time_is_refused(tmp_path: Path) -> None:
    assert one_error(tmp_path, BASE + "folketall_dato: 2020-01-01 10:00:00\n").startswith(
        f"{NAME}:6: folketall_dato: must be a date written as YYYY-MM-DD"
    )


def test_impossible_unquoted_date_is_a_line_error(tmp_path: Path) -> None:
    assert one_error(tmp_path, BASE + "folketall_dato: 2021-02-30\n") == (
        f"{NAME}:6: folketall_dato: '2021-02-30' is not a real date; write dates as YYYY-MM-DD"
    )


# ---------------------------------------------------------------- cross-checks


def test_number_must_match_file_name(tmp_path: Path) -> None:
    assert one_error(tmp_path, BASE, name="0302-oslo.yaml") == (
        '0302-oslo.yaml:1: kommunenummer: "0301" does not match the file name "0302-oslo.yaml"; '
        'rename the file to "0301-oslo.yaml" or correct the number'
    )


def test_file_name_shape(tmp_path: Path) -> None:
    assert one_error(tmp_path, BASE, name="Oslo.yaml").startswith(
        'Oslo.yaml: the file name must look like "0301-oslo.yaml"'
    )


def test_unknown_municipality(tmp_path: Path) -> None:
    text = BASE.replace("0301", "9999")
    assert one_error(tmp_path, text, name="9999-oslo.yaml") == (
        "9999-oslo.yaml:1: kommunenummer: no municipality 9999 in SSB's 2020 register"
    )


@pytest.mark.parametrize(("nr", "navn"), [("5001", "Trondheim"), ("1811", "Bindal")])
def test_out_of_scope_municipality(tmp_path: Path, nr: str, navn: str) -> None:
    text = BASE.replace("0301", nr)
    assert one_error(tmp_path, text, name=f"{nr}-x.yaml") == (
        f"{nr}-x.yaml:1: kommunenummer: {nr} ({navn}) is not one of the 291 municipalities "
        "outside Midt-Norge"
    )


def test_cross_checks_are_reported_together_with_field_errors(tmp_path: Path) -> None:
    lines = errors(tmp_path, BASE.replace("693494", "mange"), name="0302-oslo.yaml")
    assert [line.split(": ")[1] for line in lines] == ["kommunenummer", "folketall"]


def test_check_duplicates(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write(tmp_path / "a", BASE)
    second = write(tmp_path / "b", "# comment\n" + BASE)
    eigersund = (BASE.replace("0301", "1101").replace('"Oslo"', '"Eigersund"', 1)
                 .replace('"Oslo"', '"Rogaland"').replace("693494", "14811")
                 .replace("nøytral", "bokmål"))
    other = write(tmp_path, eigersund, name="1101-eigersund.yaml")
    loaded = {p: load_municipality(p, root=tmp_path) for p in (second, other, first)}
    assert all(isinstance(k, Kommune) for k in loaded.values())
    result = check_duplicates(loaded, root=tmp_path)  # type: ignore[arg-type]
    assert [str(e) for e in result] == [
        f"b/{NAME}:2: kommunenummer: 0301 is also used by a/{NAME}; "
        "each municipality must have one file only"
    ]


# ---------------------------------------------------------------- YAML safety


def test_line_map(tmp_path: Path) -> None:
    data, lines = load_yaml(write(tmp_path, FULL))
    assert data["vedtak"]["dato"] == dt.date(2021, 6, 15)
    assert lines[("kommunenummer",)] == 2
    assert lines[("folketall",)] == 6
    assert lines[("vedtak", "status")] == 12
    assert lines[("journalsystemer",)] == 15
    assert lines[("journalsystemer", 0)] == 16
    assert lines[("journalsystemer", 0, "system")] == 17
    assert lines[("journalsystemer", 1)] == 21
    assert lines[("journalsystemer", 1, "system")] == 22
    assert lines[("merknad",)] == 25


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    rows = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    rows += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = write(tmp_path, "\n".join(rows) + "\n")
    start = time.perf_counter()
    with pytest.raises(YamlError) as info:
        load_yaml(path)
    assert time.perf_counter() - start < 2
    assert info.value.line == 1 and "aliases (*name)" in info.value.message
    start = time.perf_counter()
    with pytest.raises(YamlError, match="aliases"):
        load_yaml(path, max_aliases=5)  # anchors allowed, but the alias count is bounded
    assert time.perf_counter() - start < 2
    assert one_error(tmp_path, "\n".join(rows) + "\n") == (
        f"{NAME}:1: aliases (*name) and anchors (&name) are not allowed"
    )


def test_a_few_aliases_when_allowed(tmp_path: Path) -> None:
    data, _ = load_yaml(write(tmp_path, "a: &x [1]\nb: *x\n"), max_aliases=1)
    assert data == {"a": [1], "b": [1]}


def test_large_file_is_refused_quickly(tmp_path: Path) -> None:
    path = write(tmp_path, b"a: " + b"x" * 10_000_000 + b"\n")
    start = time.perf_counter()
    assert one_error(tmp_path, path.read_bytes()) == f"{NAME}: the file is larger than 256 kB"
    with pytest.raises(YamlError, match="larger than 256 kB"):
        load_yaml(path)
    assert time.perf_counter() - start < 2


def test_size_limit_is_exact(tmp_path: Path) -> None:
    path = write(tmp_path, b"a: 123456\n")  # 10 bytes
    assert load_yaml(path, max_bytes=10)[0] == {"a": 123456}
    with pytest.raises(YamlError, match="larger than 9 bytes"):
        load_yaml(path, max_bytes=9)


def test_deep_block_nesting_is_refused(tmp_path: Path) -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(30)) + "  " * 30 + "v\n"
    assert one_error(tmp_path, text) == f"{NAME}:21: the data is nested more than 20 levels deep"
    ok = "".join("  " * i + f"k{i}:\n" for i in range(20)) + "  " * 20 + "v\n"
    assert load_yaml(write(tmp_path, ok))[0] is not None


def test_deep_flow_nesting_is_refused_without_recursion_error(tmp_path: Path) -> None:
    start = time.perf_counter()
    assert one_error(tmp_path, "a: " + "[" * 50_000 + "]" * 50_000 + "\n") == (
        f"{NAME}:1: the data is nested more than 20 levels deep"
    )
    assert time.perf_counter() - start < 5


def test_duplicate_key(tmp_path: Path) -> None:
    text = BASE + "folketall: 5\n"
    assert one_error(tmp_path, text) == f"{NAME}:6: duplicate key 'folketall' (first on line 4)"
    nested = BASE + "vedtak:\n  status: ukjent\n  'status': ukjent\n"
    assert one_error(tmp_path, nested) == f"{NAME}:8: duplicate key 'status' (first on line 7)"


def test_non_utf8_bytes(tmp_path: Path) -> None:
    text = BASE.encode() + b"merknad: caf\xe9\n"
    assert one_error(tmp_path, text) == (
        f"{NAME}:6: the file is not valid UTF-8 text (byte 0xe9); save it as UTF-8"
    )


def test_control_character(tmp_path: Path) -> None:
    assert one_error(tmp_path, BASE + 'merknad: "a\x00b"\n') == (
        f"{NAME}:6: the file contains a control character (#x0000) that is not allowed"
    )


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object:os.system x",
        '!!python/object/apply:os.system ["echo hacked"]',
        "!!python/name:os.system ''",
        "!custom x",
    ],
)
def test_unsafe_tags_are_refused(tmp_path: Path, value: str) -> None:
    line = one_error(tmp_path, BASE + f"merknad: {value}\n")
    tag = value.split()[0]
    assert line == (
        f"{NAME}:6: merknad: the tag '{tag}' is not allowed; "
        "use plain values, lists and 'name: value' fields only"
    )


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("yes", "the key 'yes' is read as true/false, not as text; put it in quotes"),
        ("1", "the key '1' is read as a whole number, not as text; put it in quotes"),
        ("1.5", "the key '1.5' is read as a number, not as text; put it in quotes"),
        ("~", "the key '~' is read as an empty value, not as text; put it in quotes"),
        ("2020-01-01", "the key '2020-01-01' is read as a date, not as text; put it in quotes"),
        ("[a, b]", "a key must be plain text, not a list or a group of fields"),
        ("<<", "merge keys (<<) are not allowed"),
    ],
)
def test_non_string_keys_are_refused(tmp_path: Path, key: str, message: str) -> None:
    text = BASE + f"{key}: x\n" if key != "<<" else BASE + "<<: {navn_kort: x}\n"
    assert one_error(tmp_path, text) == f"{NAME}:6: {message}"


def test_whole_number_keys_only_where_allowed(tmp_path: Path) -> None:
    path = write(tmp_path, "verdi: {2025: 0.1, 2026: 0.2}\n", name="x.yaml")
    assert load_yaml(path)[0] == {"verdi": {2025: 0.1, 2026: 0.2}}
    with pytest.raises(YamlError, match="duplicate key 2025"):
        load_yaml(write(tmp_path, "{2025: 1, +2025: 2}\n", name="x.yaml"))
    with pytest.raises(YamlError, match="read as a whole number"):
        load_yaml(path, int_keys=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", f'{NAME}: the file is empty; start with kommunenummer: "0301"'),
        ("- a\n- b\n", f"{NAME}: the file must hold 'name: value' fields, not a list"),
        ("just text\n", f"{NAME}: the file must hold 'name: value' fields, not a single value"),
        (
            "a: [1\nb: 2\n",
            f"{NAME}:2: not valid YAML: expected ',' or ']', but got ':' "
            "(while parsing a flow sequence started on line 1)",
        ),
        ("a: b: c\n", f"{NAME}:1: not valid YAML: mapping values are not allowed here"),
        (
            "a:\n\tb: 1\n",
            f"{NAME}:2: not valid YAML: a tab character is used; indent with spaces only",
        ),
        (
            "a: 1\n---\nb: 2\n",
            f"{NAME}:2: not valid YAML: the file holds more than one "
            "document ('---'); keep only one",
        ),
        (
            "a: 0b_\n",
            f"{NAME}:1: a: '0b_' would be read as a hexadecimal or binary number, not as "
            "written; write the number with digits only (no leading 0, ':', '_' or letters), or "
            "put it in quotes if it is text",
        ),
    ],
)
def test_broken_files(tmp_path: Path, text: str, expected: str) -> None:
    assert one_error(tmp_path, text) == expected


def test_unreadable_path(tmp_path: Path) -> None:
    result = load_municipality(tmp_path / "nope" / NAME, root=tmp_path)
    assert [str(e) for e in result] == [  # type: ignore[union-attr]
        f"nope/{NAME}: cannot read the file (No such file or directory)"
    ]


def test_huge_integer_does_not_crash(tmp_path: Path) -> None:
    line = one_error(tmp_path, BASE.replace("693494", "9" * 5000))
    assert line.startswith(f"{NAME}:4: ") and "not a number that can be read" in line


# ---------------------------------------------------------------- errors_from_pydantic


class _Inner(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", strict=True)
    flag: bool
    tekst: str


class _OuterForErrorsTest(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", strict=True)
    items: list[_Inner]
    mode: Literal["a", "b"] = "a"
    rate: float = pydantic.Field(default=0.5, ge=0, le=1)


def _pydantic_errors(data: Any, lines: dict[tuple, int], **kw: Any) -> list[str]:
    with pytest.raises(pydantic.ValidationError) as info:
        _OuterForErrorsTest.model_validate(data)
    return [str(e) for e in errors_from_pydantic(info.value, "f.yaml", lines, **kw)]


def test_errors_from_pydantic_is_generic() -> None:
    data = {"items": [{"flag": "yes", "tekst": 5, "extra": 1}], "rate": 2, "mode": "c"}
    lines = {
        ("items",): 1,
        ("items", 0): 2,
        ("items", 0, "flag"): 2,
        ("items", 0, "extra"): 4,
        ("rate",): 5,
        ("mode",): 6,
    }
    # The model is found by its title when not given.
    assert _pydantic_errors(data, lines) == [
        'f.yaml:2: items[0].flag: must be true or false, got "yes"',
        "f.yaml:2: items[0].tekst: must be text (put the value in quotes to make it text), got 5",
        "f.yaml:4: items[0].extra: unknown field; allowed fields here: flag, tekst",
        'f.yaml:6: mode: must be one of: a, b, got "c"',
        "f.yaml:5: rate: must be a number from 0 to 1, got 2",
    ]


def test_errors_from_pydantic_missing_and_type_errors() -> None:
    assert _pydantic_errors({"items": "x"}, {}, model=_OuterForErrorsTest) == [
        "f.yaml: items: must be a list (one '- ' line per item), got \"x\""
    ]
    assert _pydantic_errors({"items": [5]}, {("items", 0): 3}) == [
        "f.yaml:3: items[0]: must be a group of 'name: value' fields (flag, tekst), got 5"
    ]
    assert _pydantic_errors({"items": [{}]}, {("items",): 1}) == [
        "f.yaml:1: items[0].flag: required field is missing",
        "f.yaml:1: items[0].tekst: required field is missing",
    ]


def test_errors_from_pydantic_value_error_and_odd_keys() -> None:
    class WithCheck(pydantic.BaseModel):
        n: int

        @pydantic.field_validator("n")
        @classmethod
        def _even(cls, v: int) -> int:
            if v % 2:
                raise ValueError("must be even")
            return v

    with pytest.raises(pydantic.ValidationError) as info:
        WithCheck.model_validate({"n": 3})
    [err] = errors_from_pydantic(info.value, "g.yaml", {("n",): 9})
    assert str(err) == "g.yaml:9: n: must be even, got 3"

    with pytest.raises(pydantic.ValidationError) as info:
        _Inner.model_validate({"flag": True, "tekst": "t", "a b\nc": 1})
    [err] = errors_from_pydantic(info.value, "h.yaml", {})
    assert str(err) == 'h.yaml: "a b\\nc": unknown field; allowed fields here: flag, tekst'


# ---------------------------------------------------------------- properties


@pytest.fixture(scope="module")
def prop_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("prop")


def check_outcome(directory: Path, content: str | bytes) -> Kommune | list[InputError]:
    """The contract: a Kommune, or a non-empty list of one-line errors naming the file."""
    result = load_municipality(write(directory, content), root=directory)
    if isinstance(result, Kommune):
        return result
    assert isinstance(result, list) and result
    for err in result:
        assert isinstance(err, InputError)
        text = str(err)
        assert len(text.splitlines()) == 1, text
        assert text.startswith(NAME), text
        text_lines = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        assert err.line is None or 1 <= err.line <= len(text_lines.splitlines()) + 1
    return result


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(prop_dir: Path, content: bytes) -> None:
    check_outcome(prop_dir, content)


@SETTINGS
@given(st.binary(max_size=80))
def test_valid_file_with_garbage_appended_never_raises(prop_dir: Path, tail: bytes) -> None:
    check_outcome(prop_dir, FULL.encode() + tail)


YAMLISH = st.sampled_from(
    list(": -[]{},&*!|>'\"#%@`?.~\\\n\t 0123456789abyn")
    + [
        "kommunenummer",
        "folketall",
        "navn",
        "journalsystemer",
        '"0301"',
        "\n  ",
        "\n- ",
        "!!python/object:os.system",
        "!!binary",
        "!!set",
        "!!omap",
        "&a ",
        "*a",
        "<<: ",
        "---",
        "...",
        "%YAML 1.1",
        "%TAG ! tag:yaml.org,2002:python/",
        "\x00",
        "é",
        "\u2028",
        "\x85",
        "\ufeff",
        "2020-13-45",
        "0x_",
        "1e999",
        ".nan",
        "yes",
        "null",
        "0301",
        "1:30",
        "\r\n",
    ]
)


@SETTINGS
@given(st.lists(YAMLISH, max_size=60).map("".join))
def test_arbitrary_yamlish_text_never_raises(prop_dir: Path, text: str) -> None:
    check_outcome(prop_dir, text)


@SETTINGS
@given(st.lists(YAMLISH, max_size=20).map("".join), st.integers(0, len(FULL)))
def test_valid_file_with_yamlish_insert_never_raises(prop_dir: Path, text: str, at: int) -> None:
    check_outcome(prop_dir, FULL[:at] + text + FULL[at:])


JSONISH = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats()
    | st.text(max_size=30)
    | st.dates(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(string.ascii_lowercase + "_", max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _mapping_paths(data: Any, path: tuple = ()) -> list[tuple]:
    """Every path to a mapping or list inside data (where a value can be replaced or added)."""
    out = [path]
    if isinstance(data, dict):
        for k, v in data.items():
            if isinstance(v, dict | list):
                out += _mapping_paths(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            if isinstance(v, dict | list):
                out += _mapping_paths(v, path + (i,))
    return out


def _base_data() -> dict[str, Any]:
    return yaml.safe_load(FULL)


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


@SETTINGS
@given(st.data())
def test_structured_mutations_never_raise(prop_dir: Path, data: st.DataObject) -> None:
    doc = _base_data()
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        target = _at(doc, data.draw(st.sampled_from(_mapping_paths(doc)), label="path"))
        if isinstance(target, dict) and target and data.draw(st.booleans(), label="replace"):
            key = data.draw(st.sampled_from(sorted(target)), label="key")
            target[key] = data.draw(JSONISH, label="value")
        elif isinstance(target, dict):
            key = data.draw(st.text(max_size=15), label="new key")
            target[key] = data.draw(JSONISH, label="value")
        elif target:
            i = data.draw(st.integers(0, len(target) - 1), label="index")
            target[i] = data.draw(JSONISH, label="value")
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    check_outcome(prop_dir, text)


@SETTINGS
@given(st.text(max_size=15), JSONISH)
def test_unknown_top_level_key_is_always_an_error(prop_dir: Path, key: str, value: Any) -> None:
    doc = _base_data()
    if key in doc or key in Kommune.model_fields:
        return
    doc[key] = value
    result = check_outcome(prop_dir, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    assert isinstance(result, list)
    assert any("unknown field" in e.message or "the text contains" in e.message
               for e in result)


def _nfc(value: Any) -> Any:
    """A value as the loader gives it: every text in it NFC-normalised (U+F900 is read as
    U+8C48, the same character), so a message quotes the text the reports would carry."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    return value


@SETTINGS
@given(JSONISH)
@example(value="\uf900")  # found by a random run: quoted as the loader reads it, U+8C48
def test_folketall_accepts_only_non_negative_ints(prop_dir: Path, value: Any) -> None:
    doc = _base_data()
    doc["folketall"] = value
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    value = _nfc(yaml.safe_load(text)["folketall"])  # YAML folds some characters, e.g. '\x85'
    result = check_outcome(prop_dir, text)
    ok = type(value) is int and value == 693494  # SSB's figure; any other needs its source
    assert isinstance(result, Kommune) == ok
    if ok:
        return
    errors = [str(e) for e in result]  # type: ignore[union-attr]
    if type(value) is int and 0 <= value <= 10_000_000:
        expected = (f"{NAME}:5: folketall: {value} differs from SSB's register (693 494 on "
                    "2020-01-01); correct it, or say where your value comes from in "
                    "folketall_kilde")
    elif type(value) is int and value > 0:
        expected = (f"{NAME}:5: folketall: must be a whole number from 0 to 10000000, "
                    f"got {show_value(value)}")
    elif "the text contains" in errors[0]:
        expected = errors[0]  # a character no report can carry, refused before the type
    else:
        expected = f"{NAME}:5: folketall: must be a whole number ≥ 0, got {show_value(value)}"
    assert errors == [expected]


class _UnionForErrorsTest(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")
    verdi: float | list[float] | dict[int, float]


@pytest.mark.parametrize(
    ("value", "lines", "expected"),
    [
        (
            "mange",
            {("verdi",): 3},
            "u.yaml:3: verdi: must be a number or a list (one '- ' line "
            "per item) or a group of 'name: value' fields, got \"mange\"",
        ),
        (
            [0.5, "x"],
            {("verdi",): 3, ("verdi", 1): 4},
            'u.yaml:4: verdi[1]: must be a number, got "x"',
        ),
        (
            {2025: "x"},
            {("verdi",): 3, ("verdi", 2025): 5},
            'u.yaml:5: verdi[2025]: must be a number, got "x"',
        ),
    ],
)
def test_union_errors_are_merged_into_one_line(
    value: Any, lines: dict[tuple, int], expected: str
) -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        _UnionForErrorsTest.model_validate({"verdi": value})
    assert [str(e) for e in errors_from_pydantic(info.value, "u.yaml", lines)] == [expected]


def test_error_count_is_capped(tmp_path: Path) -> None:
    lines = errors(tmp_path, BASE + "".join(f"extra{i}: 1\n" for i in range(150)))
    assert len(lines) == 101
    assert lines[-1] == f"{NAME}: 50 more problems not shown"
