"""The collection form as the project office uses it, through build.py in a private copy of the
project: export → fill in → import → build, and imports that must be refused without a trace."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from grunnlag.forms.spec import KOMMUNE_COLUMNS, SYSTEM_COLUMNS, choices
from tests.helpers import project_copy, run_build

pytestmark = pytest.mark.slow  # builds reports

OSLO = "municipalities/0301-oslo.yaml"
UTSIRA = "municipalities/1151-utsira.yaml"


@pytest.fixture()
def project(tmp_path) -> Path:
    return project_copy(tmp_path / "p")


def _export(project: Path, name: str = "skjema.xlsx") -> Path:
    r = run_build(project, "--export-form", name)
    assert r.returncode == 0, r.stderr
    assert "291 municipalities" in r.stdout
    return project / name


def _import(project: Path, form: Path):
    return run_build(project, "--import-form", str(form))


def _fingerprint(project: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((project / "municipalities").glob("*.yaml"))}


def _columns(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[1]}


def _row_of(ws, nr: str) -> int:
    return next(c.row for c in ws["A"] if c.value == nr)


def _fill(form: Path, kommune: dict[str, dict], systems: list[list]) -> Path:
    """Set cells of «kommuner» by kommunenummer and add rows to «journalsystemer»."""
    wb = load_workbook(form)
    ws = wb["kommuner"]
    col = _columns(ws)
    for nr, values in kommune.items():
        for header, value in values.items():
            ws.cell(_row_of(ws, nr), col[header]).value = value
    sys_ws = wb["journalsystemer"]
    start = sys_ws.max_row + 1
    while start > 2 and all(c.value is None for c in sys_ws[start - 1]):
        start -= 1
    for i, row in enumerate(systems):
        for j, value in enumerate(row, start=1):
            sys_ws.cell(start + i, j).value = value
    out = form.with_name("utfylt-" + form.name)
    wb.save(out)
    return out


def test_export_has_the_yaml_keys_the_files_values_and_drop_down_lists(project):
    oslo = project / OSLO
    oslo.write_text(oslo.read_text(encoding="utf-8") + (
        "intensjonserklaering: signert\nvedtak:\n  status: opsjonsavtale\n  dato: 2021-06-15\n"
        "journalsystemer:\n  - tjenesteomrade: sykehjem\n    system: \"Profil\"\n"
        "    arlig_kostnad: 400000\n"), encoding="utf-8")
    wb = load_workbook(_export(project))
    assert wb.sheetnames == ["kommuner", "journalsystemer", "veiledning"]
    ws, sys_ws = wb["kommuner"], wb["journalsystemer"]
    assert [c.value for c in ws[1]] == [c.header for c in KOMMUNE_COLUMNS]
    assert [c.value for c in ws[1]][3:] == ["rapportsprak", "intensjonserklaering",
                                           "vedtak.status", "vedtak.dato", "innforingsar",
                                           "kostnader.lokal_innforing", "merknad"]
    assert [c.value for c in sys_ws[1]] == ["kommunenummer", "tjenesteomrade", "system",
                                            "leverandor", "kontrakt_utloper", "arlig_kostnad"]
    assert ws.max_row == 292 and ws.freeze_panes == "A2"
    col = _columns(ws)
    row = _row_of(ws, "0301")
    assert ws.cell(row, col["navn"]).value == "Oslo"
    assert ws.cell(row, col["malform"]).value == "nøytral"
    assert ws.cell(row, col["intensjonserklaering"]).value == "signert"
    assert ws.cell(row, col["vedtak.status"]).value == "opsjonsavtale"
    assert ws.cell(row, col["vedtak.dato"]).value == dt.datetime(2021, 6, 15)
    assert ws.cell(row, col["innforingsar"]).value is None
    assert [c.value for c in sys_ws[2]] == ["0301", "sykehjem", "Profil", None, None, 400000]
    assert ws.cell(_row_of(ws, "1151"), col["navn"]).value == "Utsira"
    # Drop-down lists with the schema's values, on the columns with a fixed set of values.
    lists = {}
    for sheet in (ws, sys_ws):
        for rule in sheet.data_validations.dataValidation:
            if rule.type == "list":
                first = str(rule.sqref).split(":")[0]
                lists[(sheet.title, sheet[first].column)] = rule.formula1
    status = next(c for c in KOMMUNE_COLUMNS if c.header == "vedtak.status")
    assert lists[("kommuner", col["vedtak.status"])] == \
        '"' + ",".join(choices("kommuner", status)) + '"'
    assert "forpliktelsesavtale" in lists[("kommuner", col["vedtak.status"])]
    assert lists[("kommuner", col["rapportsprak"])] == '"nb,nn"'
    omrade = next(c for c in SYSTEM_COLUMNS if c.header == "tjenesteomrade")
    assert lists[("journalsystemer", 2)] == '"' + ",".join(choices("journalsystemer", omrade)) + '"'
    # The numbers come from the first sheet, all 291 of them.
    assert lists[("journalsystemer", 1)] == "='kommuner'!$A$2:$A$292"
    guide = [c.value for c in wb["veiledning"]["A"]]
    assert "vedtak.status" in guide and "arlig_kostnad" in guide


def test_export_fill_import_build_shows_the_collected_facts(project):
    form = _export(project)
    before = _fingerprint(project)
    filled = _fill(form, {"0301": {
        "intensjonserklaering": "signert",
        "vedtak.status": "opsjonsavtale",
        "vedtak.dato": dt.datetime(2021, 6, 15),
        "innforingsar": 2028,
        "kostnader.lokal_innforing": "12 000 000",  # typed with spaces, as Norwegians do
        "rapportsprak": "nn",
    }}, [["0301", "hjemmetjenester", "Gerica", "Tieto Evry", 2024, 850000],
         [301, "fastlege", "Infodoc Plenario", None, 2026, 120000]])  # Excel made 0301 into 301
    r = _import(project, filled)
    assert r.returncode == 0, r.stderr
    assert "1 municipality files changed" in r.stdout
    after = _fingerprint(project)
    assert {n for n in after if after[n] != before[n]} == {"0301-oslo.yaml"}

    text = (project / OSLO).read_text(encoding="utf-8")
    assert text.startswith("# Beslutningsgrunnlag for Akson: Oslo kommune.\n")  # comments kept
    assert "# Valgfrie opplysninger (fjern # og fyll ut det som er kjent):" in text
    keys = re.findall(r"^([a-z_]+):", text, re.M)
    assert keys[:7] == ["kommunenummer", "navn", "navn_kort", "fylke", "folketall",
                        "folketall_dato", "malform"]  # the order is kept, new keys follow
    assert "  dato: 2021-06-15\n" in text and "lokal_innforing: 12000000\n" in text

    out = project / "out"
    b = run_build(project, "--only", "0301", "--output", str(out), "--jobs", "1", warm=True)
    assert b.returncode == 0, b.stderr
    fig = json.loads((out / "data" / "0301-oslo.json").read_text(encoding="utf-8"))
    assert fig["innforingsar"] == 2028 and fig["innforingsar_kilde"] == "kommunens_fil"
    assert fig["lokal_kostnad_kilde"] == "kommunens_fil"
    assert fig["dagens_drift_kilde"] == "kommunens_fil"
    assert fig["sprak"] == "nn"
    html = (out / "html" / "0301-oslo.html").read_text(encoding="utf-8")
    assert 'lang="nn"' in html
    for seen in ("Gerica", "Tieto Evry", "Infodoc Plenario", "850 000"):
        assert seen in html, seen


def test_import_of_an_untouched_export_changes_no_file(project):
    oslo = project / OSLO
    oslo.write_text(oslo.read_text(encoding="utf-8") + (
        "innforingsar: 2027   # planlagt\njournalsystemer:\n"
        "  - tjenesteomrade: sykehjem  # sjekket mai\n    system: 'Profil'\n"), encoding="utf-8")
    before = _fingerprint(project)
    r = _import(project, _export(project))
    assert r.returncode == 0, r.stderr
    assert "0 municipality files changed, 291 unchanged" in r.stdout
    assert _fingerprint(project) == before


def test_change_keeps_comments_and_quoting_of_the_rest(project):
    oslo = project / OSLO
    oslo.write_text(oslo.read_text(encoding="utf-8") + (
        "innforingsar: 2027   # planlagt\njournalsystemer:\n"
        "  - tjenesteomrade: sykehjem  # sjekket mai\n    system: 'Profil'\n"
        "  - tjenesteomrade: legevakt\n    system: \"Old\"\n"), encoding="utf-8")
    form = _export(project)
    wb = load_workbook(form)
    ws = wb["journalsystemer"]
    ws.cell(3, 3).value = "On"  # YAML 1.1 would read an unquoted On as true
    ws.cell(2, 6).value = 400000
    wb["kommuner"].cell(_row_of(wb["kommuner"], "0301"), 10).value = "Linje én\nLinje to"
    wb.save(form)
    r = _import(project, form)
    assert r.returncode == 0, r.stderr
    text = oslo.read_text(encoding="utf-8")
    assert "innforingsar: 2027   # planlagt\n" in text
    assert "  - tjenesteomrade: sykehjem  # sjekket mai\n    system: 'Profil'\n" in text
    assert '    system: "On"\n' in text and "    arlig_kostnad: 400000\n" in text
    assert "merknad: |-\n  Linje én\n  Linje to\n" in text
    b = run_build(project, "--check", "--only", "0301")
    assert b.returncode == 0, b.stderr


def test_a_refused_import_names_sheet_row_and_field_and_changes_nothing(project):
    form = _export(project)
    before = _fingerprint(project)
    filled = _fill(form, {
        "0301": {"innforingsar": "snart", "intensjonserklaering": "signert"},
        "1151": {"vedtak.dato": "15.06.2021", "navn": "Utsira kommune"},
        "1101": {"kostnader.lokal_innforing": -5},
    }, [["0301", "fastlegen", "X", None, None, None],
        ["0301", "legevakt", None, None, 1999, None],
        ["9999", "sykehjem", "Y", None, None, None]])
    r = _import(project, filled)
    assert r.returncode == 1
    assert _fingerprint(project) == before, "a refused import must change no file"
    lines = r.stderr.strip().splitlines()
    kommuner = {n: _row_of(load_workbook(filled)["kommuner"], n) for n in ("0301", "1101", "1151")}
    name = filled.name
    expected = [
        f"{name}: sheet kommuner, row {kommuner['0301']}: innforingsar: must be a whole number "
        'from 2024 to 2035, got "snart"',
        f"{name}: sheet kommuner, row {kommuner['1101']}: kostnader.lokal_innforing: must be a "
        "whole number ≥ 0, got -5",
        f"{name}: sheet kommuner, row {kommuner['1151']}: navn: is SSB's data and can only be "
        f'changed in {UTSIRA}, got "Utsira kommune"',
        f"{name}: sheet kommuner, row {kommuner['1151']}: vedtak.dato: must be a date written "
        'as YYYY-MM-DD (for example 2021-06-15), got "15.06.2021"',
        f"{name}: sheet journalsystemer, row 2: tjenesteomrade: must be one of: fastlege,",
        f"{name}: sheet journalsystemer, row 3: system: required field is missing",
        f"{name}: sheet journalsystemer, row 3: kontrakt_utloper: must be a whole number from "
        "2000 to 2060, got 1999",
        f"{name}: sheet journalsystemer, row 4: kommunenummer: 9999 has no row in the sheet "
        "kommuner",
    ]
    for want in expected:
        assert any(line.removeprefix("error: ").startswith(want) for line in lines), \
            (want, lines)
    assert "Nothing was changed" in lines[-1]


@pytest.mark.parametrize("spoil, message", [
    ("missing", "no such file"),
    ("not-xlsx", "not an Excel workbook"),
    ("no-sheet", "the sheet «journalsystemer» is missing"),
    ("bad-header", "sheet kommuner, row 1: unknown column(s) aar"),
])
def test_an_unusable_workbook_exits_2_and_changes_nothing(project, spoil, message):
    form = project / "skjema.xlsx"
    if spoil == "not-xlsx":
        form.write_text("kommunenummer;navn\n0301;Oslo\n", encoding="utf-8")
    elif spoil == "no-sheet":
        wb = Workbook()
        wb.active.title = "kommuner"
        wb.active.append([c.header for c in KOMMUNE_COLUMNS])
        wb.save(form)
    elif spoil == "bad-header":
        _export(project)
        wb = load_workbook(form)
        wb["kommuner"].cell(1, 8).value = "aar"
        wb.save(form)
    before = _fingerprint(project)
    r = _import(project, form)
    assert r.returncode == 2, r.stderr
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert _fingerprint(project) == before


@pytest.mark.parametrize("args", [
    ("--export-form", "a.xlsx", "--import-form", "b.xlsx"),
    ("--export-form", "a.xlsx", "--only", "0301"),
    ("--import-form", "b.xlsx", "--check"),
    ("--export-form", "skjema.csv"),
])
def test_form_options_that_do_not_go_together_exit_2(tmp_path, args):
    project = project_copy(tmp_path / "p")
    r = run_build(project, *args)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1].startswith(("build.py: error: --", "error: --"))
    assert not (project / "a.xlsx").exists() and not (project / "skjema.csv").exists()


def test_a_broken_file_is_named_on_export_and_blocks_the_import(project):
    eigersund = project / "municipalities/1101-eigersund.yaml"
    eigersund.write_text(eigersund.read_text(encoding="utf-8").replace(
        "folketall: 14811", "folketall: mange"), encoding="utf-8")

    utsira = project / UTSIRA
    utsira.write_text(utsira.read_text(encoding="utf-8") + "vedtak: [\n", encoding="utf-8")
    r = run_build(project, "--export-form", "skjema.xlsx")
    assert r.returncode == 1  # written, but one file could not be read
    assert re.search(r"error: municipalities/1151-utsira\.yaml:\d+: ", r.stderr), r.stderr
    ws = load_workbook(project / "skjema.xlsx")["kommuner"]
    assert ws.max_row == 292
    assert ws.cell(_row_of(ws, "1151"), _columns(ws)["navn"]).value == "Utsira"  # SSB's name
    before = _fingerprint(project)
    r = _import(project, project / "skjema.xlsx")
    assert r.returncode == 1
    assert "error: municipalities/1101-eigersund.yaml:8: folketall: must be a whole number ≥ 0, " \
           'got "mange"' in r.stderr
    assert re.search(r"error: municipalities/1151-utsira\.yaml:\d+: .*fix the file first",
                     r.stderr)
    assert _fingerprint(project) == before
