"""A round of answers from five municipalities changes the rebuild key of those five reports
and of no other: no report quotes a figure that another municipality's answer changes (issue 23).

Computed without rendering: the keys are what the scheduler compares to decide what to rebuild.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grunnlag.model.contract import Nasjonaltall
from grunnlag.paths import MUNICIPALITIES
from grunnlag.pipeline import keys, stages
from scripts.round_answers import ANSWERS, answer
from tests.helpers import compute_shared


def _keys(directory: Path) -> tuple[dict[str, str], Nasjonaltall]:
    nat = stages.load_national()
    loaded = stages.load_municipalities(directory)
    assert not loaded.errors
    # the real files' model results are the session's (the answers' are computed here)
    _, figs = (compute_shared(loaded, nat) if directory == MUNICIPALITIES
               else stages.compute(loaded, nat))
    national = stages.national_figures(nat, loaded, figs)
    quotes = stages.report_quotes(national)
    return ({loaded.paths[nr].stem: keys.report_key(
                 keys.report_key_parts(nat, k, figs[nr].as_json(), quotes))
             for nr, k in loaded.kommuner.items()}, national)


@pytest.fixture(scope="module")
def round_of_answers(tmp_path_factory) -> tuple[dict, dict, Nasjonaltall, Nasjonaltall]:
    before, national_before = _keys(MUNICIPALITIES)
    answered = tmp_path_factory.mktemp("kommuner")
    for f in MUNICIPALITIES.glob("*.yaml"):
        shutil.copy(f, answered / f.name)
    answer(answered)
    after, national_after = _keys(answered)
    return before, after, national_before, national_after


def test_a_round_changes_only_the_answering_reports(round_of_answers):
    before, after, _, _ = round_of_answers
    assert len(before) == len(after) == 291
    changed = {stem for stem in before if before[stem] != after[stem]}
    assert changed == set(ANSWERS)


def test_the_answers_do_change_the_national_overview(round_of_answers):
    """The overview is where the answers meet: its split and tracker move, the reports' do not."""
    _, _, before, after = round_of_answers
    assert after.sporing_55.opsjon_andel > before.sporing_55.opsjon_andel == 0
    assert after.netto_naverdi_fordeling != before.netto_naverdi_fordeling
    assert stages.report_quotes(after) == stages.report_quotes(before)


def test_the_reports_split_follows_the_national_assumptions(round_of_answers):
    """Without answers the reports' table is the overview's table: the reference is the same
    model with the national assumptions, not another model."""
    _, _, before, _ = round_of_answers
    assert before.netto_naverdi_fordeling_referanse == before.netto_naverdi_fordeling
    by_level = {float(k): v for k, v in before.netto_naverdi_ved_deltakelse.items()}
    for row in before.netto_naverdi_fordeling_referanse:
        assert by_level[row.deltakelse] == row.kommunane + row.staten + row.andre
