"""output/nokkeltall.xlsx read back with openpyxl: the CSV's columns (their keys in a hidden
first row), Norwegian headings with units, numbers as numbers with Norwegian-looking formats, a
frozen header, the same figures as the JSON files, the decision, declaration of intent and
report version of the municipality files and reports, same bytes."""

from __future__ import annotations

import csv
import io
import json
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from grunnlag.inputs.schema import load_municipality
from grunnlag.inputs.texts import load_catalogs
from grunnlag.model.contract import (
    FrigjortTid,
    Kommunekassen,
    Kommunetall,
    NaverdiDeler,
)
from grunnlag.render import nokkeltall
from tests.helpers import ROOT
from tests.shared_build import A11Y_SET, shared_build

# Tests that build reports, run build.py or start a browser are marked slow one by one.


# The columns read from inside a report's JSON: (outer key, inner key)
NESTED = {
    "kommunekassen_netto_2021_2040": ("kommunekassen", "netto_2021_2040"),
    "kommunekassen_netto_2021_2024": ("kommunekassen", "netto_2021_2024"),
    "frigjort_arsverk": ("frigjort_tid", "arsverk"),
    "netto_naverdi_kontant": ("netto_naverdi_deler", "kontant"),
    "netto_naverdi_tid": ("netto_naverdi_deler", "tid"),
    "netto_naverdi_hendelser": ("netto_naverdi_deler", "hendelser"),
}
AMOUNTS = ("kommunal_kostnad_p50", "kommunal_kostnad_p85", "statlig_kostnad",
           "gevinster_naverdi", "netto_naverdi", "kommunekassen_netto_2021_2040",
           "netto_naverdi_kontant", "netto_naverdi_tid")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return shared_build(tmp_path_factory, A11Y_SET)


@pytest.fixture(scope="module")
def sheet(built):
    wb = load_workbook(built / "nokkeltall.xlsx")
    assert wb.sheetnames == ["nokkeltall"]
    return wb["nokkeltall"]


def _rows(ws) -> dict[str, dict]:
    head = [c.value for c in ws[1]]  # the keys, in the hidden first row
    return {r[0].value: dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=3)}


@pytest.mark.slow
def test_header_is_norwegian_with_units_over_the_csv_keys(sheet):
    # a program reads the keys of the CSV in the first row, hidden from the person reading
    assert [c.value for c in sheet[1]] == list(nokkeltall.CSV_COLUMNS)
    assert sheet.row_dimensions[1].hidden
    heading = {key.value: h.value for key, h in zip(sheet[1], sheet[2], strict=True)}
    assert heading["netto_naverdi"] == "Netto nåverdi for kommunen (kr, 2019-kroner)"
    assert heading["kommunal_kostnad_p50"] == "Kommunens kostnad 2021–2040, P50 (kr, 2019-kroner)"
    assert heading["frigjort_arsverk"] == "Frigjort tid ved full effekt (årsverk)"
    assert heading["befolkningsandel"].endswith("(%)")
    for key in (*AMOUNTS, "statlig_kostnad", "kostnad_per_innbygger_per_ar"):
        assert heading[key].endswith("(kr, 2019-kroner)"), key
    for key, h in heading.items():  # words, never the key; no two alike
        assert h != key and "_" not in h, key
    assert len(set(heading.values())) == len(heading)
    assert (heading["vedtak"], heading["intensjonserklaering"]) == ("Vedtak (registrert)",
                                                                   "Intensjonserklæring")
    assert heading["versjon"] == "Rapportens versjon (nr.)"
    assert sheet.freeze_panes == "C3"  # header rows and number + name stay while scrolling
    assert sheet.auto_filter.ref.startswith("A2:")  # sorting and filtering under the headings


@pytest.mark.slow
def test_one_row_per_municipality_like_the_csv(sheet, built):
    with open(built / "nokkeltall.csv", encoding="utf-8", newline="") as f:
        csv_rows = {r["kommunenummer"]: r for r in csv.DictReader(f)}
    rows = _rows(sheet)
    assert len(rows) == 291 and list(rows) == sorted(csv_rows)
    words = {"vedtak": "status_", "intensjonserklaering": "intensjon_"}
    cat = load_catalogs()["nb"]
    for nr, row in rows.items():
        for col in nokkeltall.CSV_COLUMNS:
            value = row[col].value
            expected = csv_rows[nr][col]
            if col in words:  # a key in the CSV, in words in the workbook
                assert value == str(cat.t(words[col] + expected)), (nr, col)
            elif col == "versjonsdato":  # empty for a report not built in this folder
                assert (value.date().isoformat() if value else "") == expected, nr
            elif col in ("befolkningsandel", "frigjort_arsverk"):
                assert value == pytest.approx(float(expected), abs=1e-8), (nr, col)
            else:
                assert ("" if value is None else str(value)) == expected, (nr, col)


@pytest.mark.slow
def test_figures_equal_the_json_files_and_are_numbers(sheet, built):
    rows = _rows(sheet)
    for path in sorted((built / "data").glob("[0-9]*.json")):
        fig = json.loads(path.read_text(encoding="utf-8"))
        row = rows[fig["kommunenummer"]]
        for col in nokkeltall.CSV_COLUMNS:
            if col in nokkeltall.STATUS_COLUMNS:
                continue  # the test below
            outer, inner = NESTED.get(col, (col, None))  # as the report's JSON holds it
            expected = fig[outer] if inner is None else fig[outer][inner]
            if isinstance(expected, float):  # Excel keeps 15 significant digits
                assert row[col].value == pytest.approx(expected, rel=1e-13), (path.name, col)
            else:
                assert row[col].value == expected, (path.name, col)
        assert row["kommunenummer"].data_type == "s"  # "0301" keeps its leading zero
        for col in (*AMOUNTS, "folketall"):
            assert isinstance(row[col].value, int) and row[col].data_type == "n"
            assert row[col].number_format == "#,##0"  # 693 494 in Norwegian Excel
        assert isinstance(row["befolkningsandel"].value, float)
        assert row["befolkningsandel"].number_format.endswith("%")
        assert row["innforingsar"].number_format == "0"  # years as years: 2027, not 2 027
    assert len(list((built / "data").glob("[0-9]*.json"))) == len(A11Y_SET)


def test_decision_intent_and_version_are_those_of_the_files_and_reports(sheet, built):
    """The new columns hold what the municipality's file says (its decision and declaration
    of intent, in words) and its report's version and date, as the report's JSON has them."""
    rows = _rows(sheet)
    cat = load_catalogs()["nb"]
    for path in sorted((built / "data").glob("[0-9]*.json")):
        fig = json.loads(path.read_text(encoding="utf-8"))
        k = load_municipality(ROOT / "municipalities" / f"{path.stem}.yaml")
        row = rows[fig["kommunenummer"]]
        decision = k.vedtak.status if k.vedtak else "ukjent"
        assert row["vedtak"].value == str(cat.t("status_" + decision)), path.name
        assert row["intensjonserklaering"].value == str(
            cat.t("intensjon_" + k.intensjonserklaering)), path.name
        assert row["versjon"].value == fig["versjon"] and row["versjon"].data_type == "n"
        assert row["versjonsdato"].value.date().isoformat() == fig["versjonsdato"]
        assert row["versjonsdato"].number_format == "yyyy-mm-dd"


def test_words_and_dates_from_the_status_columns():
    import datetime as dt

    status = {"0301": {"vedtak": "forpliktelsesavtale", "intensjonserklaering": "signert",
                       "versjon": 3, "versjonsdato": "2021-03-15"}}
    ws = load_workbook(io.BytesIO(nokkeltall.workbook_bytes(_figs(), dt.date(2020, 12, 1),
                                                            status)))["nokkeltall"]
    rows = _rows(ws)
    oslo = rows["0301"]
    assert (oslo["vedtak"].value, oslo["intensjonserklaering"].value) == (
        "Forpliktelsesavtale", "Signert")
    assert oslo["versjon"].value == 3 and oslo["versjonsdato"].value == dt.datetime(2021, 3, 15)
    assert all(rows["1151"][c].value is None for c in nokkeltall.STATUS_COLUMNS)
    row = nokkeltall.csv_row(_figs()["0301"], status["0301"])
    assert (row["vedtak"], row["versjon"], row["versjonsdato"]) == (
        "forpliktelsesavtale", 3, "2021-03-15")


def _figs() -> dict[str, Kommunetall]:
    """Two municipalities' figures, only those the tables read (the rest 1)."""
    base = {c: 1 for c in nokkeltall.CSV_COLUMNS
            if c not in NESTED and c not in nokkeltall.STATUS_COLUMNS}
    nested = {"kommunekassen": Kommunekassen.model_construct(netto_2021_2040=1,
                                                             netto_2021_2024=1),
              "frigjort_tid": FrigjortTid.model_construct(arsverk=1),
              "netto_naverdi_deler": NaverdiDeler.model_construct(kontant=1, tid=1, hendelser=1)}
    return {
        "0301": Kommunetall.model_construct(**{
            **base, **nested, "kommunenummer": "0301", "navn": "Oslo", "fylke": "Oslo",
            "malform": "nøytral", "sprak": "nb", "befolkningsandel": 0.15,
            "break_even_ar": None, "netto_naverdi": -2_500_000}),
        "1151": Kommunetall.model_construct(**{
            **base, **nested, "kommunenummer": "1151", "navn": "=HYPERLINK(\"x\")",
            "fylke": "+1", "malform": "nøytral", "sprak": "nb", "befolkningsandel": 0.0001}),
    }


def test_text_is_never_a_formula_and_unknown_is_empty():
    import datetime as dt

    data = nokkeltall.workbook_bytes(_figs(), dt.date(2020, 12, 1))
    ws = load_workbook(io.BytesIO(data))["nokkeltall"]
    rows = _rows(ws)
    assert rows["1151"]["navn"].data_type == "s"
    assert rows["1151"]["navn"].value == "=HYPERLINK(\"x\")"
    assert rows["0301"]["break_even_ar"].value is None
    assert rows["0301"]["netto_naverdi"].value == -2_500_000


def test_same_figures_give_the_same_bytes(monkeypatch):
    import datetime as dt

    first = nokkeltall.workbook_bytes(_figs(), dt.date(2020, 12, 1))
    later = time.time() + 3 * 86400
    monkeypatch.setattr(time, "time", lambda: later)  # zip entries would carry this
    second = nokkeltall.workbook_bytes(_figs(), dt.date(2020, 12, 1))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        core = z.read("docProps/core.xml").decode()
        assert "2020-12-01T00:00:00Z" in core
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
