"""The national assumptions (issue 13, class 7): every figure is range-checked by its unit,
with its line; a unit the model does not know is refused; the build stops with exit 2 and one
line per problem, never a traceback and never reports built on a wrong figure.

The figures are taken from data/forutsetninger.yaml itself, so figures added later are covered.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grunnlag.inputs.assumption_checks import figure_kind, unit_kind
from grunnlag.inputs.assumptions import Forutsetninger, load_assumptions
from grunnlag.inputs.yamlsafe import load_yaml
from grunnlag.paths import ASSUMPTIONS
from tests.helpers import project_copy, run_build

TEXT = ASSUMPTIONS.read_text(encoding="utf-8")
DATA, LINES = load_yaml(ASSUMPTIONS)
NAME = "forutsetninger.yaml"


def scalar_figures(enhet: str | None = None) -> list[str]:
    """Figures with one number as value (optionally of one unit), in file order."""
    return [k for k, f in DATA["tall"].items() if isinstance(f["verdi"], int | float)
            and (enhet is None or f["enhet"] == enhet)]


def with_value(key: str, value: str, field: str = "verdi") -> str:
    """The national file with one field of one figure rewritten on its own line."""
    lines = TEXT.splitlines(keepends=True)
    n = LINES[("tall", key, field)]
    indent = re.match(r"\s*", lines[n - 1])[0]
    lines[n - 1] = f"{indent}{field}: {value}\n"
    return "".join(lines)


def errors_for(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / NAME
    path.write_text(text, encoding="utf-8")
    result = load_assumptions(path)
    assert isinstance(result, list), "accepted"
    return [str(e).replace(str(tmp_path) + "/", "") for e in result]


def test_the_real_file_passes():
    assert isinstance(load_assumptions(), Forutsetninger)


def test_every_unit_in_the_file_is_known_to_the_model():
    unknown = {f["enhet"] for f in DATA["tall"].values() if unit_kind(f["enhet"]) is None}
    assert not unknown


@pytest.mark.parametrize(("enhet", "value", "message"), [
    ("MNOK", "-4755", "must be an amount from 0 to 1000000 MNOK, got -4755"),
    ("MNOK", ".nan", "must be an amount from 0 to 1000000 MNOK, not nan, got nan"),
    ("MNOK", ".inf", "must be an amount from 0 to 1000000 MNOK, not inf, got inf"),
    ("MNOK", "1e300", None),  # a string in YAML 1.1 ('1e300'): refused as not a number
    ("MNOK nåverdi", "-.inf", "not -inf"),
    ("andel", "1.5", "must be a share from 0 to 1 (0.25 is 25 %), got 1.5"),
    ("andel", "-0.1", "must be a share from 0 to 1 (0.25 is 25 %), got -0.1"),
    ("faktor", "-1.25", "must be a factor above 0 and at most 10, got -1.25"),
    ("faktor", "0", "must be a factor above 0 and at most 10, got 0"),
    ("år", "1900", "got 1900"),  # a calendar year or a number of years: figure_units says
    ("år", "0", "got 0"),
    ("år", "2027.5", "got 2027.5"),
    ("kommuner", "1000", "must be a whole number from 0 to 356, got 1000"),
    ("innbyggere", "-1", "must be a whole number from 0 to 10000000, got -1"),
    ("MNOK", "true", "written as a number, got True"),
    ("MNOK", '"4755"', "written as a number, got '4755'"),
])
def test_each_figure_is_range_checked_by_its_unit_with_its_line(tmp_path, enhet, value, message):
    for key in scalar_figures(enhet)[:3]:  # the first few figures of each unit
        errors = errors_for(tmp_path, with_value(key, value))
        line = LINES[("tall", key, "verdi")]
        prefix = f"{NAME}:{line}: tall.{key}.verdi: "
        mine = [e for e in errors if e.startswith(prefix)]
        assert mine, (key, errors)
        if message is not None:
            assert message in mine[0], mine


def test_values_inside_lists_and_maps_are_checked_with_their_own_line(tmp_path):
    key = next(k for k, f in DATA["tall"].items() if isinstance(f["verdi"], list)
               and unit_kind(f["enhet"]).name == "share")
    shares = DATA["tall"][key]["verdi"]
    text = with_value(key, "[" + ", ".join(["1.7"] + [str(v) for v in shares[1:]]) + "]")
    errors = errors_for(tmp_path, text)
    assert any(e.startswith(f"{NAME}:{LINES[('tall', key, 'verdi')]}: tall.{key}.verdi[0]: "
                            "must be a share from 0 to 1") for e in errors), errors


def test_a_changed_unit_the_model_does_not_know_is_refused(tmp_path):
    key = scalar_figures("MNOK")[0]
    errors = errors_for(tmp_path, with_value(key, "mrd. kr", field="enhet"))
    line = LINES[("tall", key, "enhet")]
    assert errors[0].startswith(f"{NAME}:{line}: tall.{key}.enhet: the unit 'mrd. kr' is not "
                                "one the model knows"), errors


def test_a_unit_changed_to_a_known_one_of_another_kind_is_refused(tmp_path):
    key = scalar_figures("MNOK")[0]  # the model reads it in MNOK, not as a share
    errors = errors_for(tmp_path, with_value(key, "andel", field="enhet"))
    line = LINES[("tall", key, "enhet")]
    assert errors == [f"{NAME}:{line}: tall.{key}.enhet: the unit 'andel' makes this figure a "
                      f"share, but the model reads {key} as an amount (unit «MNOK»); write the "
                      "value in that unit"], errors


NEW_FIGURE = """  ny_figur:
    verdi: {verdi}
    enhet: {enhet}
    type: antakelse
    kilde: J
    beskrivelse: Et tall som kommer til senere.
"""


def test_a_figure_added_later_is_checked_by_its_own_unit_only(tmp_path):
    """A figure the model does not read yet is not refused for being new; its unit decides."""
    text = TEXT.replace("\ntall:\n", "\ntall:\n" + NEW_FIGURE.format(verdi=0.3, enhet="andel"))
    path = tmp_path / NAME
    path.write_text(text, encoding="utf-8")
    assert load_assumptions(path).v("ny_figur") == 0.3
    text = TEXT.replace("\ntall:\n", "\ntall:\n" + NEW_FIGURE.format(verdi=3, enhet="andel"))
    assert any("tall.ny_figur.verdi: must be a share from 0 to 1" in e
               for e in errors_for(tmp_path, text))


def test_cross_field_messages_have_a_line(tmp_path):
    text = with_value("statens_andel_program", "0.9")
    errors = errors_for(tmp_path, text)
    line = LINES[("tall", "statens_andel_program", "verdi")]
    assert f"{NAME}:{line}: tall.statens_andel_program.verdi: the state's share cannot exceed" \
        in errors[0], errors
    shares = "[0.5, 0.12, 0.15, 0.15, 0.14, 0.13, 0.11, 0.09, 0.07]"
    errors = errors_for(tmp_path, with_value("program_innfasing", shares))
    line = LINES[("tall", "program_innfasing", "verdi")]
    assert errors == [f"{NAME}:{line}: tall.program_innfasing.verdi: the yearly shares must add "
                      "up to 1"]


@given(key=st.sampled_from(scalar_figures()),
       value=st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                       st.integers(-10**40, 10**40)))
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_number_for_any_figure_is_in_range_or_refused_with_its_line(tmp_path, key, value):
    """Property: whatever number a figure gets, the file is either accepted with the figure
    inside its unit's range, or refused with that figure's line and field; never a crash."""
    written = {math.inf: ".inf", -math.inf: "-.inf"}.get(value, repr(value)) \
        if not (isinstance(value, float) and math.isnan(value)) else ".nan"
    path = tmp_path / NAME
    path.write_text(with_value(key, written), encoding="utf-8")
    result = load_assumptions(path)
    kind = figure_kind(key, DATA["tall"][key]["enhet"])
    in_range = math.isfinite(value) and kind.check(value) and (
        not kind.whole or float(value).is_integer())
    if not in_range:
        assert isinstance(result, list), f"{key}: {written} accepted"
        line = LINES[("tall", key, "verdi")]
        assert any(e.line == line and e.field == f"tall.{key}.verdi" for e in result), \
            [str(e) for e in result]
    elif isinstance(result, list):  # in range, but not with another figure: still a line
        assert all(e.line is not None and "\n" not in str(e) for e in result), \
            [str(e) for e in result]
    else:
        assert result.v(key) == value


def test_build_stops_with_exit_2_and_one_line_per_problem(tmp_path):
    project = project_copy(tmp_path / "p")
    text = with_value(scalar_figures("MNOK")[0], ".nan")
    text = with_value("mva_faktor", "-1.25").replace(
        TEXT.splitlines(keepends=True)[LINES[("tall", scalar_figures("MNOK")[0], "verdi")] - 1],
        text.splitlines(keepends=True)[LINES[("tall", scalar_figures("MNOK")[0], "verdi")] - 1])
    (project / "data" / "forutsetninger.yaml").write_text(text, encoding="utf-8")
    r = run_build(project, "--only", "0301", "--jobs", "1", timeout=120)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2, r.stderr
    assert all(re.match(r"error: data/forutsetninger\.yaml:\d+: tall\.\w+\.verdi: ", e)
               for e in errors), errors
    assert not (project / "output" / "pdf").exists()
