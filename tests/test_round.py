"""A round of answers from five municipalities changes the rebuild key of those five reports
and of no other: no report quotes a figure that another municipality's answer changes (issue 23).

Computed without rendering: the keys are what the scheduler compares to decide what to rebuild.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from grunnlag.inputs.texts import load_catalogs
from grunnlag.model.contract import Nasjonaltall
from grunnlag.paths import MUNICIPALITIES
from grunnlag.pipeline import keys, stages
from grunnlag.render import fmt
from grunnlag.render.report import prose_values
from grunnlag.render.saksframlegg import build as build_saksframlegg
from scripts.round_answers import ANSWERS, answer
from tests.helpers import compute_shared

ANSWERED: dict = {}  # the answered files' municipalities and figures, for the reading tests


def _keys(directory: Path) -> tuple[dict[str, str], Nasjonaltall]:
    nat = stages.load_national()
    loaded = stages.load_municipalities(directory)
    assert not loaded.errors
    # the real files' model results are the session's (the answers' are computed here)
    _, figs = (compute_shared(loaded, nat) if directory == MUNICIPALITIES
               else stages.compute(loaded, nat))
    national = stages.national_figures(nat, loaded, figs)
    quotes = stages.report_quotes(national)
    if directory != MUNICIPALITIES:
        ANSWERED.update(nat=nat, loaded=loaded, figs=figs, national=national.as_json())
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


def _flat(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", str(text))).split())


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_a_municipality_that_chose_the_option_reads_each_alternative_with_its_figures(
        round_of_answers, lang):
    """Oslo answers «opsjonsavtale»: its own case is now the option. The paragraph on the
    commitment (Vedlegg 4) must still give the commitment's figures and year, and the
    sensitivities on page 3, which are the own case, must say they are the option's."""
    k, f = ANSWERED["loaded"].kommuner["0301"], ANSWERED["figs"]["0301"]
    a = ANSWERED["nat"].assumptions
    forpl, opsjon = f.avtaler.forpliktelsesavtale, f.avtaler.opsjonsavtale
    assert f.avtale == "opsjonsavtale" and f.netto_naverdi == opsjon.netto_naverdi
    assert forpl.netto_naverdi != opsjon.netto_naverdi and forpl.innforingsar != f.innforingsar
    cat = load_catalogs()[lang]
    values = prose_values(k, f, a, cat, ANSWERED["national"])
    page = str(cat.md("avtaler", **values))
    text = _flat(page)
    commitment = _flat("<h3" + page.split("<h3")[1])  # the commitment, to the next heading
    assert commitment.startswith(("Forpliktelsesavtale", "Forpliktingsavtale")), commitment
    bel = lambda x: _flat(fmt.belop(x, lang))  # noqa: E731
    for amount in (forpl.kommunal_kostnad_p50, forpl.kommunal_kostnad_p85, forpl.netto_naverdi):
        assert bel(amount) in commitment, (bel(amount), commitment)
    assert bel(f.netto_naverdi) not in commitment
    assert f"({'i denne rapporten'} {forpl.innforingsar})" in text
    sf = build_saksframlegg(k, f, cat, values, "", "")
    said = [_flat(b.text) for b in sf.blocks if b.kind == "para"]
    sentence = _flat(cat.t("sf_risiko_tekst_opsjon", basis=fmt.belop(f.netto_naverdi, lang)))
    assert sentence in said and "opsjonsavtale" in sentence
    assert not any(s.startswith(_flat(cat.t("sf_risiko_tekst", basis="")).split(" er ")[0]
                                + " er ") for s in said)
