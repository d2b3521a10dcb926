"""output/nokkeltall.xlsx read back with openpyxl: the CSV's columns, numbers as numbers with
Norwegian-looking formats, a frozen header, the same figures as the JSON files, same bytes."""

from __future__ import annotations

import csv
import io
import json
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from grunnlag.render import nokkeltall
from tests.shared_build import A11Y_SET, shared_build

# Tests that build reports, run build.py or start a browser are marked slow one by one.


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
    head = [c.value for c in ws[1]]
    return {r[0].value: dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=2)}


@pytest.mark.slow
def test_header_is_the_csv_columns_and_stays_in_view(sheet):
    assert [c.value for c in sheet[1]] == list(nokkeltall.CSV_COLUMNS)
    assert sheet.freeze_panes == "C2"  # header row and number + name stay while scrolling
    assert sheet.auto_filter.ref.startswith("A1:")


@pytest.mark.slow
def test_one_row_per_municipality_like_the_csv(sheet, built):
    with open(built / "nokkeltall.csv", encoding="utf-8", newline="") as f:
        csv_rows = {r["kommunenummer"]: r for r in csv.DictReader(f)}
    rows = _rows(sheet)
    assert len(rows) == 291 and list(rows) == sorted(csv_rows)
    for nr, row in rows.items():
        for col in nokkeltall.CSV_COLUMNS:
            value = row[col].value
            expected = csv_rows[nr][col]
            if col in ("befolkningsandel", "frigjort_arsverk"):
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
            expected = nokkeltall.value(fig, col)
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


def _figs() -> dict[str, dict]:
    base = {c: 1 for c in nokkeltall.CSV_COLUMNS if c not in nokkeltall.NESTED}
    for outer, inner in nokkeltall.NESTED.values():
        base.setdefault(outer, {})[inner] = 1
    return {
        "0301": {**base, "kommunenummer": "0301", "navn": "Oslo", "fylke": "Oslo",
                 "malform": "nøytral", "sprak": "nb", "befolkningsandel": 0.15,
                 "break_even_ar": None, "netto_naverdi": -2_500_000},
        "1151": {**base, "kommunenummer": "1151", "navn": "=HYPERLINK(\"x\")", "fylke": "+1",
                 "malform": "nøytral", "sprak": "nb", "befolkningsandel": 0.0001},
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
