"""Units are part of a national figure's meaning (issue 24, class 2): a figure the model reads
as a share, an amount or a calendar year is refused with its line when the file gives it in
another unit or as another kind of year, and no value the checks accept ends in a traceback.
"""

from __future__ import annotations

import copy
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grunnlag.inputs import figure_units as fu
from grunnlag.inputs.assumption_checks import figure_kind
from grunnlag.inputs.assumptions import Forutsetninger, validate
from grunnlag.inputs.registry import load_registry
from grunnlag.model.economics import params_from
from grunnlag.pipeline import stages
from tests.helpers import project_copy, run_build
from tests.test_hostile_assumptions import DATA, LINES, NAME, errors_for, with_value


def test_every_figure_the_model_reads_is_declared_with_the_unit_of_the_file():
    """The table and the real file agree (a figure the model reads has a declared kind)."""
    for key, figure in DATA["tall"].items():
        assert key in fu.EXPECTED, key
        kind = figure_kind(key, figure["enhet"])
        assert kind is not None and kind.name == fu.EXPECTED[key].kind, (key, figure["enhet"])


@pytest.mark.parametrize(("key", "enhet"), [
    ("kalkulasjonsrente", "MNOK"), ("deltakelseskrav", "kommuner"),
    ("program_p50", "andel"), ("usikkerhet_trekk", "år"), ("drift_start", "MNOK"),
])
def test_a_figure_in_another_unit_is_refused_with_the_line_of_its_unit(tmp_path, key, enhet):
    errors = errors_for(tmp_path, with_value(key, enhet, field="enhet"))
    line = LINES[("tall", key, "enhet")]
    assert any(e.startswith(f"{NAME}:{line}: tall.{key}.enhet: the unit '{enhet}' makes this "
                            "figure") and f"the model reads {key} as" in e
               for e in errors), errors


@pytest.mark.parametrize(("key", "value", "message"), [
    ("innforingsar_standard", "28", "must be a calendar year from 2019 to 2060, got 28"),
    ("drift_start", "25", "must be a calendar year from 2019 to 2060, got 25"),
    ("anskaffelse_intervall", "2030", "must be a number of years from 1 to 50, got 2030"),
    ("drift_start", "2060", "must be a year from 2021 to 2040 (inside the analysis period)"),
    ("innforingsar_standard", "2040", "must be a year from 2021 to 2039"),
    ("staten_alene_til", "2033", "must be a year from 2021 to 2029"),
    ("forventet_deltakelse", "0", "must be above 0 here"),
    ("sma_kommuner_gruppe", "0", "must be above 0 here"),
    ("program_p50", "9000", "cannot exceed program_p85 (5915), got 9000"),
    ("lokal_innfasing", "[0, 0]", "the shares must add up to 1, they add up to 0"),
    ("kalkulasjonsrente", "[0.03, 0.05]", "must be one number, not a list of numbers"),
    ("folsomhet_kalkulasjonsrente", "[0.03]", "must be a list of 2 numbers, not 1"),
    ("fastlege_oppslutning", "[0.3, 0]", "must be above 0 here"),
    # a low … high pair the wrong way round, and delay probabilities that do not add up to 1
    # (the analysis would draw from a distribution the file does not state)
    ("usikkerhet_gevinst", "[1.5, 0.75]", "the values must go from low to high"),
    ("folsomhet_kalkulasjonsrente", "[0.05, 0.03]", "the values must go from low to high"),
    ("usikkerhet_forsinkelse", "{-1: 0.10, 0: 0.50, 1: 0.25, 2: 0.25}",
     "the probabilities must add up to 1, they add up to 1.1"),
])
def test_a_value_the_model_cannot_read_is_refused_with_its_line(tmp_path, key, value, message):
    errors = errors_for(tmp_path, with_value(key, value))
    line = LINES[("tall", key, "verdi")]
    mine = [e for e in errors if re.match(rf"{NAME}:{line}: tall\.{key}\.verdi(\[\d+\])?: ", e)]
    assert mine and message in mine[0], errors


def test_build_with_a_rate_in_mnok_stops_with_exit_2_and_the_line(tmp_path):
    project = project_copy(tmp_path / "p")
    (project / "data" / "forutsetninger.yaml").write_text(
        with_value("kalkulasjonsrente", "4").replace(
            with_value("kalkulasjonsrente", "4").splitlines(keepends=True)[
                LINES[("tall", "kalkulasjonsrente", "enhet")] - 1],
            "    enhet: MNOK\n", 1), encoding="utf-8")
    r = run_build(project, "--only", "1151", "--jobs", "1", timeout=120)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    line = LINES[("tall", "kalkulasjonsrente", "enhet")]
    assert f"error: data/forutsetninger.yaml:{line}: tall.kalkulasjonsrente.enhet: " \
           "the unit 'MNOK'" in r.stderr, r.stderr
    assert not (project / "output" / "pdf").exists()


# ------------------------------------------------------------ the whole accepted range
# A few municipalities stand in for the 291 (the apportionment is the same arithmetic), and
# 100 draws for the 10 000, so each example runs the model in a tenth of a second.
SAMPLE = ("0301", "1151", "4629", "1144", "3024", "5001", "4601", "1103", "5436")
RANGES = {fu.AMOUNT: (0, 1e6), fu.NET_VALUE: (-1e6, 1e6), fu.SHARE: (0, 1),
          fu.PROBABILITY: (0, 1), fu.MULTIPLE: (1e-9, 10), fu.FACTOR: (1e-9, 10),
          fu.CALENDAR_YEAR: (2019, 2060), fu.NUMBER_OF_YEARS: (1, 50),
          fu.MUNICIPALITIES: (0, 356), fu.INHABITANTS: (0, 10_000_000),
          fu.DRAWS: (100, 100), fu.STAFF: (0, 1e6), fu.MINUTES: (0, 480),
          fu.HOURS: (1, 8784), fu.DAYS: (1, 366)}


@st.composite
def accepted_values(draw: st.DrawFn, key: str) -> object:
    """A value from the whole range the checks of figure `key` accept, edges included."""
    e = fu.EXPECTED[key]
    kind = figure_kind(key, DATA["tall"][key]["enhet"])
    assert kind is not None
    lo, hi = RANGES[e.kind]
    number = (st.integers(int(lo), int(hi)) if kind.whole
              else st.one_of(st.sampled_from([lo, hi]), st.floats(lo, hi)))
    if e.shape == fu.ONE:
        return draw(number)
    if e.shape == fu.LIST:
        xs = draw(st.lists(number, min_size=e.length or 1, max_size=e.length or 8))
        return sorted(xs) if kind.ordered else xs
    table = {k: draw(number) for k in DATA["tall"][key]["verdi"]}
    if kind.sums_to_one and sum(table.values()) > 0:
        table = {k: v / sum(table.values()) for k, v in table.items()}
    return table


@pytest.fixture(scope="module")
def model_inputs():
    registry = {nr: r for nr, r in load_registry().items() if nr in SAMPLE}
    loaded = stages.load_municipalities()
    loaded.kommuner = {nr: k for nr, k in loaded.kommuner.items() if nr in SAMPLE}
    return registry, loaded, stages.load_national()


CHANGES = st.lists(st.sampled_from(sorted(fu.EXPECTED)), min_size=1, max_size=3, unique=True
                   ).flatmap(lambda keys: st.tuples(*(st.tuples(st.just(k), accepted_values(k))
                                                      for k in keys)))


@given(changes=CHANGES)
@settings(max_examples=120, deadline=None, derandomize=True,  # the same examples in every run
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_no_accepted_value_ends_in_a_traceback(monkeypatch, model_inputs, changes):
    """Property: figures set anywhere in their accepted ranges are either refused, each
    problem with its line, or the model computes every municipality's figures."""
    registry, loaded, nat = model_inputs
    data = copy.deepcopy(DATA)
    for key, value in changes:
        data["tall"][key]["verdi"] = value
    data["tall"]["usikkerhet_trekk"]["verdi"] = 100
    result = validate(data, NAME, LINES)
    if isinstance(result, list):
        assert result and all(e.line is not None for e in result), [str(e) for e in result]
        return
    assert isinstance(result, Forutsetninger)
    monkeypatch.setattr(stages, "load_registry", lambda: registry)
    population = sum(r.folketall for r in registry.values())
    here = copy.copy(nat)
    here.assumptions, here.population = result, population
    here.params = params_from(result)
    _, figs = stages.compute(loaded, here, None)
    stages.national_figures(here, loaded, figs)
    assert set(figs) == set(loaded.kommuner)
