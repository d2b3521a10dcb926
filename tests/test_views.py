"""The three views over all 291 municipalities, computed without rendering.

Kommunekassen is recomputed here by a deliberately plain calculation from the national file
(read as plain YAML) and the yearly budget lines of each report's JSON figures, importing
nothing from grunnlag.model; the rest are invariants that must hold for every municipality:
parts add up to wholes, a frame is never below the P85 it stands for, «ingen avtale» is not
free, and no figure jumps at 10 000 inhabitants.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest

from grunnlag.render import fmt
from tests import plain_model

YEARS = range(2021, 2041)


@pytest.fixture(scope="module")
def national_file() -> dict[str, float]:
    return plain_model.national()


def plain_cash(f: dict, n: dict) -> dict[int, tuple[float, float]]:
    """Driftsdel and investeringsdel per year, by hand: VAT back on purchases (not on own
    staff's share of local implementation), the programme share borrowed in the year it is
    paid (serial loan, interest and instalments from the next year, in current kroner)."""
    vat = 1 - 1 / n["mva_faktor"]
    growth, rate, term = n["prisvekst"], n["lanerente"], n["lan_lopetid"]
    staff, share = n["lokal_egne_ansatte_andel"], n["lan_andel"]
    index = {y: (1 + growth) ** (y - 2019) for y in YEARS}
    lines = {row["ar"]: row["budsjett"] for row in f["ar"]}
    kasse = {row["ar"]: row for row in f["kommunekassen"]["ar"]}
    borrowed = {y: share * lines[y]["program"] * (1 - vat) * index[y] for y in YEARS}
    interest = dict.fromkeys(YEARS, 0.0)
    instalment = dict.fromkeys(YEARS, 0.0)
    for drawn_in, amount in borrowed.items():
        left = amount
        for y in range(drawn_in + 1, drawn_in + term + 1):
            if y in interest:
                interest[y] += rate * left / index[y]
                instalment[y] += amount / term / index[y]
            left -= amount / term
    out = {}
    for y in YEARS:
        prog, local, run = lines[y]["program"], lines[y]["lokal"], lines[y]["drift"]
        bought, old = kasse[y]["unngatte_anskaffelser"], kasse[y]["unngatt_drift"]
        drift = (-local - run + old + vat * (local * (1 - staff) + run - old)
                 - interest[y] - instalment[y])
        inv = -prog + bought + vat * (prog - bought) + borrowed[y] / index[y]
        out[y] = (drift, inv)
    return out


def test_a_loan_that_runs_past_2040_leaves_its_debt_by_hand(params, national_file):
    """No report borrows after 2030 today (restgjeld_2040 is 0 in all 291), so the debt left
    after 2040 is checked on a loan of 1 mill. kr drawn at the end of 2035 and one of nothing:
    serial over the loan term, instalments after 2040 taken back with 2040's index."""
    from grunnlag.model.views import loan_payments

    growth, rate, term = (national_file[k] for k in ("prisvekst", "lanerente", "lan_lopetid"))
    index = {y: (1 + growth) ** (y - 2019) for y in range(2019, 2060)}
    nominal = 1_000_000 * index[2035]
    interest, instalments, left = loan_payments(params, {2035: 1_000_000, 2030: 0.0})
    years = range(2036, 2036 + int(term))
    assert left == pytest.approx(sum(nominal / term / index[2040] for y in years if y > 2040))
    for k, y in enumerate(years):
        if y <= 2040:
            assert instalments[y] == pytest.approx(nominal / term / index[y])
            assert interest[y] == pytest.approx(rate * nominal * (1 - k / term) / index[y])
    assert sum(instalments.values()) + left > 0 and interest[2035] == instalments[2035] == 0


@pytest.mark.parametrize("nr", ["0301", "4629", "5444", "1841"])  # Oslo, Modalen,
def test_kommunekassen_by_a_plain_calculation(figs, national_file, nr):  # Sør-Varanger, Fauske
    f = figs[nr]
    for y, (drift, inv) in plain_cash(f, national_file).items():
        row = next(r for r in f["kommunekassen"]["ar"] if r["ar"] == y)
        assert row["driftsdel"] == pytest.approx(drift, abs=6), (nr, y)  # six rounded lines
        assert row["investeringsdel"] == pytest.approx(inv, abs=4), (nr, y)


def test_avoided_procurements_follow_the_size_rule_by_hand(figs, national_file):
    """J Boks 1: 20 MNOK a procurement every tenth year; 134 procurements in all, one alone for
    each municipality over 10 000 inhabitants and one per five smaller; shared as a fifth each
    plus the rest per inhabitant. With 25 % VAT, per year."""
    scope = plain_model.inhabitants()
    assert len(scope) == 291
    pop = sum(scope.values())
    total = sum(1 if p >= 10_000 else 0.2 for p in scope.values())
    for nr in ("0301", "4629", "1151", "3007"):
        f = figs[nr]
        units = 0.2 + (total - 0.2 * 291) * scope[nr] / pop
        yearly = 20e6 / 10 * units * 1.25
        last = f["kommunekassen"]["ar"][-1]
        assert last["unngatte_anskaffelser"] == pytest.approx(yearly, abs=1), nr
        assert -last["dagens_systemer"] == pytest.approx(
            (yearly + last["unngatt_drift"]) * 0.8, abs=2), nr


def test_the_views_add_up_in_every_report(figs):
    for nr, f in figs.items():
        kasse = f["kommunekassen"]
        for row in kasse["ar"]:
            assert row["driftsdel"] + row["investeringsdel"] == row["netto"], (nr, row["ar"])
            assert row["netto_lopende"] == pytest.approx(
                row["netto"] * 1.025 ** (row["ar"] - 2019), abs=1), nr
        assert sum(r["netto"] for r in kasse["ar"]) == kasse["netto_2021_2040"], nr
        assert sum(f["netto_naverdi_deler"].values()) == f["netto_naverdi"], nr
        tid = f["frigjort_tid"]
        assert sum(tid["tjenester"].values()) == pytest.approx(tid["arsverk"], abs=0.05), nr
        assert all(0 <= r["arsverk"] <= tid["arsverk"] + 0.01 for r in tid["ar"]), nr
        own = f["avtaler"][f["avtale"]]
        assert own["budsjett_netto_2021_2040"] == kasse["netto_2021_2040"], nr


def test_saying_no_is_not_free_and_the_difference_is_the_budget_effect(figs):
    for nr, f in figs.items():
        none = f["avtaler"]["ingen_avtale"]
        assert none["kostnad_2021_2040"] > 0, nr
        for name in ("forpliktelsesavtale", "opsjonsavtale"):
            a = f["avtaler"][name]
            assert a["kostnad_2021_2040"] - none["kostnad_2021_2040"] == \
                -a["budsjett_netto_2021_2040"], (nr, name)
            assert set(a) == set(none), (nr, name)  # the same fields for all three


def test_running_costs_are_uncertain_and_frames_are_not_below_p85(figs):
    number = re.compile(r"([−\d][\d ,]*)\s(mrd\.|mill\.)?\s?kr")
    scale = {"mrd.": 1e9, "mill.": 1e6, None: 1}
    for nr, f in figs.items():
        for line, p50 in f["budsjett_linjer_p50"].items():
            assert f["budsjett_linjer_p85"][line] >= p50, (nr, line)
        assert f["budsjett_linjer_p85"]["drift"] > f["budsjett_linjer_p50"]["drift"], nr
        for lang in ("nb", "nn"):
            shown = fmt.belop_opp(f["kommunal_kostnad_p85"], lang).replace("\u00a0", " ")
            m = number.match(shown)
            assert m, shown
            value = float(m[1].replace(" ", "").replace(",", ".").replace("−", "-"))
            assert value * scale[m[2]] >= f["kommunal_kostnad_p85"], (nr, shown)


def test_no_jump_at_ten_thousand_inhabitants(figs):
    """Municipalities on the model's own estimates, going live in the default year: net
    present value per inhabitant changes smoothly across 10 000 inhabitants (it jumped by
    about 1 000 kr when the 20 MNOK procurement was J's per-municipality rule)."""
    plain = [f for f in figs.values() if f["innforingsar_kilde"] == "antakelse"
             and f["lokal_kostnad_kilde"] == "estimat" and f["dagens_drift_kilde"] == "estimat"]
    below = max((f for f in plain if f["folketall"] < 10_000), key=lambda f: f["folketall"])
    above = min((f for f in plain if f["folketall"] >= 10_000), key=lambda f: f["folketall"])
    per = lambda f: f["netto_naverdi"] / f["folketall"]  # noqa: E731
    assert abs(per(above) - per(below)) < 60, (below["navn"], per(below), above["navn"],
                                               per(above))
    kasse = lambda f: f["kommunekassen"]["netto_2021_2040"] / f["folketall"]  # noqa: E731
    assert abs(kasse(above) - kasse(below)) < 60


def test_national_totals_are_the_split_and_the_assumption(everything):
    nat, _, figs, national = everything
    split = next(d for d in national["netto_naverdi_fordeling"]
                 if d["deltakelse"] == nat.params.expected)
    # both are the expected participation times the sum of the 291, each rounded once
    assert national["netto_naverdi_total"] == pytest.approx(split["kommunane"], abs=1)
    state = nat.assumptions.v("statens_andel_program") * nat.assumptions.v("program_p50") * 1e6
    assert national["statlig_kostnad_total"] == round(state)  # to the krone
    assert national["andre_naverdi_total"] == pytest.approx(split["andre"], abs=1)
    parts = national["netto_naverdi_deler_total"]
    assert sum(parts.values()) == pytest.approx(national["netto_naverdi_total"], abs=5)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_recomputes_the_finance_workbook_to_the_report(everything, tmp_path):
    """The workbook's formulas, recomputed by LibreOffice Calc, give the report's kommunekassen
    to the krone, year by year, and its freed time and net present value; a changed loan rate
    changes the interest."""
    from openpyxl import load_workbook

    from grunnlag.inputs.texts import load_catalogs
    from grunnlag.model.contract import Kommunetall
    from grunnlag.render import finance_workbook

    nat, loaded, figs, national = everything
    cats = load_catalogs()
    chosen = ("0301", "4629", "5444", "1841")
    for nr in chosen:
        cat = cats[loaded.kommuner[nr].sprak]
        data = finance_workbook.workbook_bytes(Kommunetall.model_validate(figs[nr]),
                                               nat.assumptions, cat,
                                               national["folketall_total"], dt.date(2020, 12, 1))
        (tmp_path / f"{nr}.xlsx").write_bytes(data)
    changed = load_workbook(tmp_path / "0301.xlsx")
    rate = next(r for r in changed["Forutsetninger"].iter_rows() if r[1].value == 0.02)
    rate[1].value = 0.04
    changed.save(tmp_path / "rente.xlsx")
    out = tmp_path / "out"
    r = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                        "--convert-to", "xlsx", "--outdir", str(out),
                        *(str(tmp_path / f"{nr}.xlsx") for nr in chosen),
                        str(tmp_path / "rente.xlsx")],
                       capture_output=True, text=True, timeout=180)
    columns = [key for key, _ in finance_workbook.COLUMNS]
    for nr in chosen:
        f = figs[nr]
        wb = load_workbook(out / f"{nr}.xlsx", data_only=True)
        cash, time, society = wb.worksheets[0], wb.worksheets[2], wb.worksheets[3]
        years = {row[0]: dict(zip(columns, row, strict=False))
                 for row in cash.iter_rows(min_row=3, max_row=22, values_only=True)}
        for row in f["kommunekassen"]["ar"]:
            for key in ("driftsdel", "investeringsdel", "netto", "netto_lopende", "renter",
                        "avdrag", "lan", "mva_kompensasjon_drift", "dagens_systemer"):
                assert years[row["ar"]][key] == row[key], (nr, row["ar"], key)
        total = dict(zip(columns, next(cash.iter_rows(min_row=23, max_row=23,
                                                       values_only=True)), strict=False))
        assert total["netto"] == f["kommunekassen"]["netto_2021_2040"], r.stderr
        fte = [row[6] for row in time.iter_rows(min_row=3, values_only=True)
               if isinstance(row[6], float)]
        assert fte[len(finance_workbook.SERVICES)] == pytest.approx(
            f["frigjort_tid"]["arsverk"], abs=0.01)
        npv = next(row[1] for row in society.iter_rows(values_only=True)
                   if row[0] == str(cats[f["sprak"]].t("nt_netto_nv")))
        assert npv == f["netto_naverdi"]
    higher = load_workbook(out / "rente.xlsx", data_only=True).worksheets[0]
    interest = sum(row[columns.index("renter")] for row in
                   higher.iter_rows(min_row=3, max_row=22, values_only=True))
    base = sum(row["renter"] for row in figs["0301"]["kommunekassen"]["ar"])
    assert interest == pytest.approx(2 * base, rel=0.001)  # twice the rate, twice the interest


def _lix(text: str) -> float:
    """Läsbarhetsindex: words per sentence + the percentage of words over six letters."""
    words = re.findall(r"[^\W\d_]+", text)
    sentences = max(1, len(re.findall(r"[.:!?](?:\s|$)", text)))
    return len(words) / sentences + 100 * sum(len(w) > 6 for w in words) / len(words)


@pytest.mark.parametrize("nr", ["0301", "4629", "5436"])  # Oslo, Modalen, Porsanger
def test_the_saksframlegg_reads_plainly(everything, nr):
    """LIX of the saksframlegg's prose (paragraphs and proposed resolutions; not tables, lists
    of attachments or headings) is at most 40, and the summary fits five lines."""
    from grunnlag.inputs.content import load_content
    from grunnlag.inputs.texts import load_catalogs
    from grunnlag.model.contract import Kommunetall, Nasjonaltall
    from grunnlag.pipeline import stages
    from grunnlag.render.report import report_context

    nat, loaded, figs, national = everything
    k = loaded.kommuner[nr]
    cat = load_catalogs()[k.sprak]
    f = Kommunetall.model_validate(figs[nr])
    sf = report_context(k, f, nat.assumptions, cat, load_content(),
                        stages.report_quotes(Nasjonaltall.model_validate(national)),
                        {})["sf_doc"]
    prose = " ".join(b.text for b in sf.blocks if b.kind in ("para", "point") and not b.role)
    assert _lix(prose) <= 40, _lix(prose)


def test_every_p85_is_at_least_its_p50_in_every_report(figs):
    """P85 is the cost frame with the reserves: never below P50, for every line and year, for
    both agreements and every distribution key, and the net budget effect at P85 no better."""
    for nr, f in figs.items():
        assert f["kommunal_kostnad_p85"] > f["kommunal_kostnad_p50"] > 0, nr
        for line, p50 in f["budsjett_linjer_p50"].items():
            assert f["budsjett_linjer_p85"][line] >= p50, (nr, line)
        for row in f["ar"]:
            assert row["budsjett"]["kostnad_p85"] >= row["budsjett"]["kostnad_p50"], (nr, row)
        assert f["budsjett_netto_p85"] < f["budsjett_netto_p50"], nr
        for name in ("forpliktelsesavtale", "opsjonsavtale"):
            a = f["avtaler"][name]
            assert a["kommunal_kostnad_p85"] > a["kommunal_kostnad_p50"] > 0, (nr, name)
        for row in f["fordelingsnokler"]:
            assert row["kommunal_kostnad_p85"] > row["kommunal_kostnad_p50"], (nr, row)
        q = f["usikkerhet"]["kommunal_kostnad"]
        assert q["p10"] < q["p50"] < q["p85"] < q["p90"], nr


def test_a_net_present_value_s_p85_and_p10_mean_what_they_say(figs):
    """With the P85 cost frames the net present value is lower than with P50 (also in the
    tornado's overrun row); its P10 is the poor outcome and P90 the good one, the basis
    value between them."""
    for nr, f in figs.items():
        assert f["netto_naverdi_hoye_kostnader"] < f["netto_naverdi"], nr
        row = next(r for r in f["tornado"] if r["forutsetning"] == "overskridelse")
        assert (row["netto_naverdi_lav"], row["netto_naverdi_hoy"]) == (
            f["netto_naverdi"], f["netto_naverdi_hoye_kostnader"]), nr
        q = f["usikkerhet"]["netto_naverdi"]
        assert q["p10"] < q["p50"] < q["p85"] < q["p90"], nr
        assert q["p10"] < f["netto_naverdi"] < q["p90"], nr


def test_the_parts_add_up_to_the_wholes_in_every_report(figs):
    for nr, f in figs.items():
        for q in ("p50", "p85"):
            assert sum(f[f"budsjett_linjer_{q}"].values()) == f[f"kommunal_kostnad_{q}"], nr
            assert sum(r["budsjett"][f"kostnad_{q}"] for r in f["ar"]) == \
                f[f"kommunal_kostnad_{q}"], nr
        cum = 0
        for row in f["ar"]:
            b = row["budsjett"]
            assert b["program"] + b["lokal"] + b["drift"] == b["kostnad_p50"], (nr, row["ar"])
            assert b["netto"] == b["unngatte_kostnader"] - b["kostnad_p50"], (nr, row["ar"])
            cum += b["netto"]
            assert b["kumulativ_netto"] == cum, (nr, row["ar"])
            s = row["samfunn"]
            assert abs(s["netto"] - (s["gevinster"] - s["kostnader"])) <= 1, (nr, row["ar"])
        for line in ("program", "lokal", "drift"):
            assert sum(r["budsjett"][line] for r in f["ar"]) == \
                f["budsjett_linjer_p50"][line], (nr, line)
        assert sum(r["budsjett"]["unngatte_kostnader"] for r in f["ar"]) == \
            f["budsjett_unngatte_kostnader"], nr
        assert f["budsjett_netto_p50"] == f["budsjett_unngatte_kostnader"] - \
            f["kommunal_kostnad_p50"], nr
        assert sum(r["statlig"] for r in f["ar"]) == f["statlig_kostnad"], nr
        assert f["gevinster_naverdi"] - f["kostnader_naverdi"] == f["netto_naverdi"], nr
        lines = f["naverdi_linjer"]
        assert abs(sum(lines.values()) - f["netto_naverdi"]) <= len(lines) / 2, nr
        assert abs(sum(v for v in lines.values() if v > 0) - f["gevinster_naverdi"]) <= 2, nr
        assert abs(f["ar"][-1]["samfunn"]["kumulativ_naverdi"] - f["netto_naverdi"]) <= 1, nr


def test_option_and_commitment_cover_the_same_years(figs):
    """The alternatives are set side by side over 2021–2040 alike: the plan years and the
    later years make up each one's total, and «ingen avtale» is today's systems for 20 years."""
    for nr, f in figs.items():
        yearly = f["kommunekassen"]["dagens_systemer_2021_2040"] / 20
        none = f["avtaler"]["ingen_avtale"]
        assert none["kostnad_2021_2040"] == f["kommunekassen"]["dagens_systemer_2021_2040"], nr
        assert abs(none["kostnad_2021_2024"] - 4 * yearly) <= 4, nr
        for name in ("forpliktelsesavtale", "opsjonsavtale"):
            a = f["avtaler"][name]
            assert abs(a["budsjett_netto_2021_2024"] + 16 * a["budsjett_netto_per_ar_senere"]
                       - a["budsjett_netto_2021_2040"]) <= 8, (nr, name)
            assert a["kostnad_2021_2040"] - none["kostnad_2021_2040"] == \
                -a["budsjett_netto_2021_2040"], (nr, name)
            assert a["kostnad_2021_2024"] - none["kostnad_2021_2024"] == \
                -a["budsjett_netto_2021_2024"], (nr, name)
            assert 2021 <= a["innforingsar"] <= 2040, (nr, name)
        commit, option = f["avtaler"]["forpliktelsesavtale"], f["avtaler"]["opsjonsavtale"]
        assert commit["innforingsar"] <= option["innforingsar"], nr
        # the same inhabitants and services: at full realisation the same freed time
        assert commit["frigjort_arsverk"] == option["frigjort_arsverk"], nr
        assert (commit["kommunal_kostnad_p50"], commit["netto_naverdi"]) == (
            f["kommunal_kostnad_p50"], f["netto_naverdi"]), nr
