"""Participation scenarios, sensitivity, key alternatives and the agreement comparison, as the
reader sees them in built reports and the national overview."""

from __future__ import annotations

import json
import re

import pytest

from grunnlag.model.economics import compute_all, national_npv
from grunnlag.model.scenarios import participation_scenarios
from grunnlag.model.uncertainty import analysis, uncertainty_from
from grunnlag.render import fmt
from tests.helpers import pdf_text
from tests.shared_build import REPORT_SET, shared_build

# Tests that build reports, run build.py or start a browser are marked slow one by one.


CASES = {"0301-oslo": "nb", "4621-voss": "nn"}
TEXT = {
    "nb": ["Hvor sikre er tallene?", "Hvis færre kommuner blir med", "Hva betyr mest for tallene?",
           "Andre fordelingsnøkler", "Hva avtalene betyr for"],
    "nn": ["Kor sikre er tala?", "Om færre kommunar blir med", "Kva betyr mest for tala?",
           "Andre fordelingsnøklar", "Kva avtalane betyr for"],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    assert {s[:4] for s in CASES} <= set(REPORT_SET)
    return shared_build(tmp_path_factory, REPORT_SET)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ").replace("\u2010", "-"))


def _flat(s: str) -> str:
    """Text without spaces or soft hyphens, so numbers and words broken over lines still match."""
    return re.sub(r"[\s\u00ad\u2010-]", "", s)


def test_fewer_participants_never_lower_a_participants_cost(params, assumptions, units):
    res = compute_all(units, params)
    local = {nr: round(sum(r.budget_p50.costs["lokal"].values())) for nr, r in res.items()}
    mc = analysis(params, uncertainty_from(assumptions), units, local)
    scen, national = participation_scenarios(params, units, mc)
    headline = mc.run()
    for nr, rows in scen.items():
        costs = [r["kommunal_kostnad_p50"] for r in rows]  # levels ascending
        assert costs == sorted(costs, reverse=True), nr
        at_expected = next(r for r in rows if r["andel"] == params.expected)
        assert at_expected["kommunal_kostnad_p50"] == headline[nr]["kommunal_kostnad"]["p50"]
        assert at_expected["netto_naverdi"] == res[nr].netto_naverdi
    assert [d["deltakelse"] for d in national] == [r["andel"] for r in scen["0301"]]


@pytest.mark.slow
def test_national_calibration_against_vedlegg_j(built, params):
    n = json.loads((built / "data" / "nasjonal.json").read_text(encoding="utf-8"))
    npv = n["netto_naverdi_ved_deltakelse"]
    assert set(npv) == {"0.25", "0.4", "0.55", "0.85", "1.0"}
    for level, j in n["netto_naverdi_ved_deltakelse_vedlegg_j"].items():
        assert npv[level] == pytest.approx(j, rel=0.10), level
    assert npv["0.25"] < 0 and npv["0.4"] < 0 and npv["0.55"] < npv["0.85"]
    assert npv["0.4"] == pytest.approx(national_npv(params, 0.4), abs=1000)
    assert n["netto_naverdi_ved_deltakelse_vedlegg_j"]["0.25"] == -2_580_000_000
    assert "Vedlegg J" in n["netto_naverdi_ved_deltakelse_metode"]
    for d in n["netto_naverdi_fordeling"]:
        level = str(d["deltakelse"])
        assert d["kommunane"] + d["staten"] + d["andre"] == npv[level]


@pytest.mark.slow
@pytest.mark.parametrize("stem", CASES)
def test_json_has_the_exact_names(built, stem):
    f = json.loads((built / "data" / f"{stem}.json").read_text(encoding="utf-8"))
    for block in ("kommunal_kostnad", "netto_naverdi"):
        q = f["usikkerhet"][block]
        assert set(q) == {"p10", "p50", "p85", "p90"}
        assert all(isinstance(v, int) for v in q.values())
    assert [s["andel"] for s in f["deltakelse_scenarier"]] == [0.25, 0.4, 0.55, 0.85, 1.0]
    assert set(f["deltakelse_scenarier"][0]) == {"andel", "kommunal_kostnad_p50", "netto_naverdi"}
    assert 6 <= len(f["tornado"]) <= 8
    assert [k["fast_andel"] for k in f["fordelingsnokler"]] == [0.0, 0.2, 0.3]
    assert f["avtaler"]["opsjonsavtale"]["innforingsar"] == params_option()


def params_option() -> int:
    from grunnlag.inputs.assumptions import load_assumptions

    return int(load_assumptions().v("innforingsar_opsjon"))


@pytest.mark.slow
@pytest.mark.parametrize("stem", CASES)
def test_report_shows_uncertainty_scenarios_tornado_keys_and_agreements(built, stem):
    lang = CASES[stem]
    f = json.loads((built / "data" / f"{stem}.json").read_text(encoding="utf-8"))
    text = _norm(pdf_text(built / "pdf" / f"{stem}.pdf"))
    flat = _flat(text)
    for heading in TEXT[lang]:
        assert _flat(heading) in flat, f"{stem}: missing {heading!r}"
    kr = lambda x: _flat(fmt.kroner(x, lang))  # noqa: E731
    for block in ("kommunal_kostnad", "netto_naverdi"):
        for q in ("p10", "p50", "p85", "p90"):
            assert kr(f["usikkerhet"][block][q]) in flat, (block, q)
    for s in f["deltakelse_scenarier"]:
        assert kr(s["kommunal_kostnad_p50"]) in flat
        assert kr(s["netto_naverdi"]) in flat
    for r in f["tornado"]:
        assert kr(r["netto_naverdi_lav"]) in flat and kr(r["netto_naverdi_hoy"]) in flat
    for k in f["fordelingsnokler"]:
        assert kr(k["kommunal_kostnad_p50"]) in flat
    assert _flat("20/80") in flat and _flat("30/70") in flat and _flat("0/100") in flat
    opt = f["avtaler"]["opsjonsavtale"]
    assert kr(opt["kommunal_kostnad_p50"]) in flat and kr(opt["netto_naverdi"]) in flat
    krav = "Krav: 55 %"
    assert _flat(krav) in flat, "the 55 % marker of the participation chart"


@pytest.mark.slow
def test_national_overview_shows_tracker_map_spread_and_totals(built):
    n = json.loads((built / "data" / "nasjonal.json").read_text(encoding="utf-8"))
    text = _norm(pdf_text(built / "nasjonal-oversikt.pdf"))
    flat = _flat(text)
    assert "Veien mot 55 prosent" in text
    assert "Kommunene etter vedtak" in text
    assert "Netto nåverdi per innbygger i de 291 kommunene" in text
    # national amounts in mill. or mrd. kr, as a reader takes them in, never to the krone
    assert _flat(fmt.belop(n["statlig_kostnad_total"], "nb")) in flat
    assert _flat(fmt.belop(n["kommunal_kostnad_p50_total"], "nb")) in flat
    assert _flat(fmt.belop(n["netto_naverdi_ved_deltakelse_vedlegg_j"]["0.25"], "nb")) in flat
    assert _flat(fmt.kroner(n["statlig_kostnad_total"], "nb")) not in flat
    d = n["netto_naverdi_per_innbygger_fordeling"]
    assert sum(d["antall"]) == d["antall_kommuner"] == 291
