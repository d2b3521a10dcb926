"""The figures the reports print, against a second and deliberately plain calculation
(tests/plain_model.py, which imports nothing from grunnlag), computed without rendering.

Compared to the krone: exactly where both sides round the same quantity (the percentiles, the
net present values, the national totals); within 1 kr where the report rounds each line and the
plain calculation only the whole, or both round a float sum added in another order. For Oslo,
Modalen, Sør-Varanger and Fauske line by line; for all 291 where the check is cheap (every file
gives no figures of its own today); and the national totals.
"""

from __future__ import annotations

import pytest

from tests import plain_model

FOUR = ("0301", "4629", "5444", "1841")  # Oslo, Modalen, Sør-Varanger, Fauske
YEARS = plain_model.YEARS


@pytest.fixture(scope="module")
def plain():
    return plain_model.default()


@pytest.fixture(scope="module")
def n():
    return plain_model.national()


def test_every_municipality_is_on_the_national_estimates(figs):
    """The plain calculation covers the case of every report today: the standard go-live year,
    a commitment, the national estimates (a file with its own figures would need its own)."""
    assert len(figs) == 291
    for nr, f in figs.items():
        assert (f["innforingsar_kilde"], f["lokal_kostnad_kilde"], f["dagens_drift_kilde"],
                f["avtale"]) == ("antakelse", "estimat", "estimat", "forpliktelsesavtale"), nr


@pytest.mark.parametrize("nr", FOUR)
def test_the_budget_lines_by_hand(figs, plain, nr):
    """The basis path's cost (programme share after the state's part, local implementation,
    running costs incl. VAT), what today's systems cost, and the state's part."""
    f, mine = figs[nr], plain[nr]
    p50 = mine.budget["p50"]
    assert f["fordelingsnokkel_andel"] == pytest.approx(mine.key, rel=1e-12)
    assert f["kommunal_kostnad_basis"] == pytest.approx(
        sum(sum(line.values()) for line in p50.values()), abs=1)
    assert f["budsjett_unngatte_kostnader"] == pytest.approx(
        sum(sum(line.values()) for line in mine.avoided.values()), abs=1)
    assert f["kommunekassen"]["dagens_systemer_per_ar"] == {
        k: round(v) for k, v in mine.avoided_levels.items()}
    assert f["statlig_kostnad"] == mine.state_nok
    # the yearly table shows P50 spread over years and lines as the basis path is
    basis = sum(sum(line.values()) for line in p50.values())
    for row in f["ar"]:
        for line in ("program", "lokal", "drift"):
            assert row["budsjett"][line] == pytest.approx(
                p50[line][row["ar"]] * f["kommunal_kostnad_p50"] / basis, abs=1), (nr, row["ar"])
    # P85 by year and line: P50 plus the way up to P85, placed where the P85 frames exceed
    # the P50 ones (programme, local implementation and running costs, each by its reserve)
    p85 = mine.budget["p85"]
    reserve = {(line, y): p85[line][y] - p50[line][y] for line in p50 for y in YEARS}
    extra = f["kommunal_kostnad_p85"] - f["kommunal_kostnad_p50"]
    for line in p50:
        share = sum(v for (c, _), v in reserve.items() if c == line) / sum(reserve.values())
        assert f["budsjett_linjer_p85"][line] == pytest.approx(
            f["budsjett_linjer_p50"][line] + extra * share, abs=20), (nr, line)  # 20 years
    for row in f["ar"]:
        y = row["ar"]
        share = sum(reserve[line, y] for line in p50) / sum(reserve.values())
        assert row["budsjett"]["kostnad_p85"] == pytest.approx(
            row["budsjett"]["kostnad_p50"] + extra * share, abs=3), (nr, y)  # three lines
    # no programme payments while the state alone pays; running costs from 2025; local costs
    # the two years up to go-live
    assert all(row["budsjett"]["program"] == 0 for row in f["ar"] if row["ar"] <= 2022)
    assert [row["ar"] for row in f["ar"] if row["budsjett"]["lokal"]] == [2027, 2028]
    assert [row["ar"] for row in f["ar"] if row["budsjett"]["drift"]] == list(range(2025, 2041))


def test_headline_p50_and_p85_by_a_plain_monte_carlo(figs, plain):
    """The cost called P50 and P85 everywhere is the percentile of the analysis: drawn again
    here from the national file (same seed and draws), for all 291."""
    for nr, f in figs.items():
        mine = plain[nr].cost_p
        assert (f["kommunal_kostnad_p50"], f["kommunal_kostnad_p85"]) == (mine["p50"],
                                                                          mine["p85"]), nr
        assert f["usikkerhet"]["kommunal_kostnad"] == mine, nr
        assert f["usikkerhet"]["netto_naverdi"] == plain[nr].npv_p, nr


@pytest.mark.parametrize("nr", FOUR)
def test_the_own_net_present_value_by_hand(figs, plain, n, nr):
    f, mine = figs[nr], plain[nr]
    costs = plain_model.OWN_COSTS
    pv = lambda flows: plain_model.present_value(n, flows)  # noqa: E731
    lines = {k: -round(pv(mine.own[k])) for k in costs} | {
        k: round(pv(mine.own[k])) for k in plain_model.OWN_GAINS}
    assert f["naverdi_linjer"] == pytest.approx(lines, abs=1)
    assert f["gevinster_naverdi"] == pytest.approx(
        sum(pv(mine.own[k]) for k in plain_model.OWN_GAINS), abs=1)
    assert f["kostnader_naverdi"] == pytest.approx(sum(pv(mine.own[k]) for k in costs), abs=1)
    assert f["netto_naverdi"] == plain_model.net_present_value(n, mine.own, costs)
    # with the cost frames' P85 (programme and local implementation): lower, by hand
    assert f["netto_naverdi_hoye_kostnader"] == pytest.approx(
        sum(pv(mine.own_p85[k]) for k in plain_model.OWN_GAINS)
        - sum(pv(mine.own_p85[k]) for k in costs), abs=1)
    for part, keys in plain_model.PARTS.items():
        value = sum(pv(mine.own[k]) * (-1 if k in costs else 1) for k in keys)
        assert f["netto_naverdi_deler"][part] == pytest.approx(value, abs=2), (nr, part)
    assert f["andre_naverdi"] == pytest.approx(
        sum(pv(x) * (-1 if k in plain_model.OTHERS_COSTS else 1)
            for k, x in mine.others.items()), abs=1)
    assert f["staten_naverdi"] == pytest.approx(pv(mine.state["hendelser_spesialist"]), abs=1)
    # the cumulative present value by year ends in the net present value
    cum = 0.0
    for row in f["ar"]:
        y = row["ar"]
        gains = sum(mine.own[k][y] for k in plain_model.OWN_GAINS)
        spent = sum(mine.own[k][y] for k in costs)
        cum += (gains - spent) * (1 + n["kalkulasjonsrente"]) ** -(y - 2019)
        assert row["samfunn"]["kumulativ_naverdi"] == pytest.approx(cum, abs=1), (nr, y)


def test_the_own_net_present_value_of_all_291(figs, plain, n):
    costs = plain_model.OWN_COSTS
    for nr, f in figs.items():
        mine = plain[nr]
        assert f["netto_naverdi"] == plain_model.net_present_value(n, mine.own, costs), nr
        assert f["netto_naverdi_hoye_kostnader"] == plain_model.net_present_value(
            n, mine.own_p85, costs, round_sides=False), nr


@pytest.mark.parametrize("nr", FOUR)
def test_freed_time_by_hand(figs, plain, nr):
    f, mine = figs[nr]["frigjort_tid"], plain[nr]
    assert f["tjenester"] == pytest.approx({k: round(v, 2) for k, v in mine.freed.items()},
                                           abs=0.006)
    assert f["arsverk"] == pytest.approx(sum(mine.freed.values()), abs=0.006)
    assert f["timer"] == pytest.approx(sum(mine.freed.values()) * 1650, abs=1)
    for row in f["ar"]:
        assert row["arsverk"] == pytest.approx(mine.freed_years[row["ar"]], abs=0.006)


def test_the_national_totals_by_hand(national, plain, n):
    """nasjonal.json's totals: every municipality's figure weighted by the expected
    participation; the state's part is its 50 % of the programme's P50, to the krone."""
    share = n["forventet_deltakelse"]
    total = lambda get: round(share * sum(get(m) for m in plain.values()))  # noqa: E731
    costs = plain_model.OWN_COSTS
    assert national["statlig_kostnad_total"] == round(
        n["statens_andel_program"] * n["program_p50"] * 1e6) == total(lambda m: m.state_nok)
    assert national["kommunal_kostnad_p50_total"] == total(lambda m: m.cost_p["p50"])
    assert national["kommunal_kostnad_p85_total"] == total(lambda m: m.cost_p["p85"])
    assert national["netto_naverdi_total"] == total(
        lambda m: plain_model.net_present_value(n, m.own, costs))
    assert national["gevinster_naverdi_total"] == total(
        lambda m: round(sum(plain_model.present_value(n, m.own[k])
                            for k in plain_model.OWN_GAINS)))
    assert national["frigjort_arsverk_total"] == pytest.approx(
        share * sum(sum(m.freed.values()) for m in plain.values()), abs=0.1 + 291 * 0.005)
    split = next(d for d in national["netto_naverdi_fordeling"] if d["deltakelse"] == share)
    assert split["kommunane"] == pytest.approx(national["netto_naverdi_total"], abs=1)


def test_the_cost_under_the_other_distribution_keys_by_hand(figs, n):
    """The distribution-key table: P50 and P85 with the share split evenly or 30/70, drawn
    again with that key; the fixed running cost follows the key, the variable one does not."""
    rows = {row["fast_andel"]: row for row in figs["0301"]["fordelingsnokler"]}
    for fixed in n["alternative_fordelingsnokler"]:
        other = plain_model.compute({**n, "fordeling_fast_andel": fixed})
        for nr in FOUR:
            row = next(r for r in figs[nr]["fordelingsnokler"] if r["fast_andel"] == fixed)
            assert row["fordelingsnokkel_andel"] == pytest.approx(other[nr].key, rel=1e-12)
            assert (row["kommunal_kostnad_p50"], row["kommunal_kostnad_p85"]) == (
                other[nr].cost_p["p50"], other[nr].cost_p["p85"]), (nr, fixed)
    assert set(rows) == {*n["alternative_fordelingsnokler"], n["fordeling_fast_andel"]}
