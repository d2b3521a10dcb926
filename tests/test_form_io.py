"""The collection form as the project office uses it, through build.py in a private copy of the
project: export → fill in → import → build, and imports that must be refused without a trace."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from grunnlag.forms.spec import KOMMUNE_COLUMNS
from tests.helpers import project_copy, run_build

pytestmark = pytest.mark.slow  # builds reports

OSLO = "municipalities/0301-oslo.yaml"
UTSIRA = "municipalities/1151-utsira.yaml"


@pytest.fixture()
def project(tmp_path) -> Path:
    return project_copy(tmp_path / "p")


_EXPORTED: dict[str, bytes] = {}  # forms build.py exported, by the inputs they were made from


def _inputs(project: Path) -> str:
    """A fingerprint of everything an export reads: code, texts, data and the files."""
    h = hashlib.sha256()
    for folder in ("grunnlag", "content", "data", "municipalities"):
        for p in sorted((project / folder).rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(project)).encode() + p.read_bytes())
    return h.hexdigest()


def _export(project: Path, name: str = "skjema.xlsx") -> Path:
    """The form, as `build.py --export-form` writes it. The same inputs give the same form
    (it records what it was made from, no clock), so it is exported once per test worker for
    each set of inputs and copied after that: a second less for each test that only needs a
    form to fill in."""
    inputs = _inputs(project)
    if inputs not in _EXPORTED:
        r = run_build(project, "--export-form", name)
        assert r.returncode == 0, r.stderr
        assert "291 municipalities" in r.stdout
        _EXPORTED[inputs] = (project / name).read_bytes()
    else:
        (project / name).write_bytes(_EXPORTED[inputs])
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
    while start > 3 and all(c.value is None for c in sys_ws[start - 1]):
        start -= 1
    for i, row in enumerate(systems):
        for j, value in enumerate(row, start=1):
            sys_ws.cell(start + i, j).value = value
    out = form.with_name("utfylt-" + form.name)
    wb.save(out)
    return out


def test_export_has_labels_over_hidden_keys_the_files_values_and_drop_downs_in_words(project):
    oslo = project / OSLO
    oslo.write_text(oslo.read_text(encoding="utf-8") + (
        "intensjonserklaering: signert\nvedtak:\n  status: avslatt\n  dato: 2021-06-15\n"
        "journalsystemer:\n  - tjenesteomrade: psykisk_helse_rus\n    system: \"Profil\"\n"
        "    arlig_kostnad: 400000\n"), encoding="utf-8")
    wb = load_workbook(_export(project))
    assert wb.sheetnames[:3] == ["kommuner", "journalsystemer", "veiledning"]
    assert {wb[n].sheet_state for n in wb.sheetnames[3:]} == {"hidden"}
    ws, sys_ws = wb["kommuner"], wb["journalsystemer"]
    # Row 1: the YAML keys, hidden; row 2: what a person reads.
    assert [c.value for c in ws[1]] == [c.header for c in KOMMUNE_COLUMNS]
    assert ws.row_dimensions[1].hidden and not ws.row_dimensions[2].hidden
    assert [c.value for c in ws[2]] == [
        "Kommunenummer", "Kommune", "Målform", "Språk i rapporten", "Intensjonserklæring",
        "Vedtak", "Dato for vedtaket", "Planlagt innføringsår",
        "Eget anslag lokal innføring (kr)", "Merknad", "Kommunestyret heter",
        "Administrasjonen ledes av", "Sammendrag på samisk"]
    assert [c.value for c in sys_ws[2]] == ["Kommunenummer", "Tjenesteområde", "Journalsystem",
                                            "Leverandør", "Avtalen løper ut (år)",
                                            "Kostnad per år (kr)"]
    assert ws.max_row == 293 and ws.freeze_panes == "A3"
    col = _columns(ws)
    row = _row_of(ws, "0301")
    assert ws.cell(row, col["navn"]).value == "Oslo"
    assert ws.cell(row, col["malform"]).value == "Nøytral"
    assert ws.cell(row, col["intensjonserklaering"]).value == "Signert"
    assert ws.cell(row, col["vedtak.status"]).value == "Takket nei"
    assert ws.cell(row, col["vedtak.dato"]).value == dt.datetime(2021, 6, 15)
    assert ws.cell(row, col["innforingsar"]).value is None
    assert [c.value for c in sys_ws[3]] == ["0301", "Psykisk helse og rus", "Profil", None,
                                            None, 400000]
    # Drop-down lists of words, kept in a hidden sheet (a word may hold a comma).
    lists = {}
    for sheet in (ws, sys_ws):
        for rule in sheet.data_validations.dataValidation:
            if rule.type == "list":
                first = str(rule.sqref).split(":")[0]
                ref = rule.formula1.lstrip("=")
                if ref.startswith("'lister'!"):
                    cells = wb["lister"][ref.split("!")[1].replace("$", "")]
                    lists[(sheet.title, sheet[first].column)] = [c.value for (c,) in cells]
                else:
                    lists[(sheet.title, sheet[first].column)] = ref
    assert lists[("kommuner", col["vedtak.status"])] == [
        "Ikke behandlet", "Forpliktelsesavtale", "Opsjonsavtale", "Takket nei", "Ikke registrert"]
    assert lists[("kommuner", col["rapportsprak"])] == ["Bokmål", "Nynorsk"]
    assert "Fysioterapi, habilitering og rehabilitering" in lists[("journalsystemer", 2)]
    assert "psykisk_helse_rus" not in str(lists)
    # The numbers come from the first sheet, all 291 of them.
    assert lists[("journalsystemer", 1)] == "'kommuner'!$A$3:$A$293"
    # The guide speaks to the municipality and lists what each column takes; every row has a
    # height of its own, so no text runs over the next row or is cut.
    guide = wb["veiledning"]
    text = " ".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    for wanted in ("Heltall fra 2024 til 2035", "Takket nei", "Dato, for eksempel 2021-06-15",
                   "Planlagt innføringsår", "send det tilbake til prosjektkontoret"):
        assert wanted in text, wanted
    for unwanted in ("python", "build.py", "municipalities/", "yaml"):
        assert unwanted not in text.lower(), unwanted
    assert all(guide.row_dimensions[r].height for r in range(1, guide.max_row + 1))
    assert guide.row_dimensions[2].height >= 3 * 15  # the first step runs over three lines


def test_export_reads_exactly_the_files_the_build_reads(project):
    """A backup beside the real file is skipped by the build, and so by the export."""
    backup = project / "municipalities" / "1151-utsira.old.yaml"
    backup.write_text((project / UTSIRA).read_text(encoding="utf-8")
                      + "merknad: \"GAMMEL KOPI\"\n", encoding="utf-8")
    check = run_build(project, "--check", "--only", "1151")
    assert "1151-utsira.old.yaml" in check.stderr and "skipped" in check.stderr
    ws = load_workbook(_export(project))["kommuner"]
    assert ws.cell(_row_of(ws, "1151"), _columns(ws)["merknad"]).value is None


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


def test_import_of_an_untouched_export_changes_no_byte(project):
    """Whatever the files look like: block style, trailing spaces, quoting, comments."""
    oslo = project / OSLO
    oslo.write_text(oslo.read_text(encoding="utf-8") + (
        "innforingsar: 2027   # planlagt\njournalsystemer:\n"
        "  - tjenesteomrade: sykehjem  # sjekket mai\n    system: 'Profil'\n"
        "merknad: >\n  Kommunestyret møtes\n  i mars.  \n"), encoding="utf-8")
    utsira = project / UTSIRA
    utsira.write_text(utsira.read_text(encoding="utf-8")
                      + 'merknad: "Svar kommer.  "\n', encoding="utf-8")
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
    ws.cell(4, 3).value = "On"  # YAML 1.1 would read an unquoted On as true
    ws.cell(3, 6).value = 400000
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
        f"{name}: Oslo (0301), sheet kommuner, row {kommuner['0301']}, column H: innforingsar: "
        'must be a whole number from 2024 to 2035, got "snart"',
        f"{name}: Eigersund (1101), sheet kommuner, row {kommuner['1101']}, column I: "
        "kostnader.lokal_innforing: must be a whole number ≥ 0, got -5",
        f"{name}: Utsira (1151), sheet kommuner, row {kommuner['1151']}, column B: navn: is "
        f'SSB\'s data and can only be changed in {UTSIRA}, got "Utsira kommune"',
        f"{name}: Utsira (1151), sheet kommuner, row {kommuner['1151']}, column G: vedtak.dato: "
        'must be a date written as YYYY-MM-DD (for example 2021-06-15), got "15.06.2021"',
        f"{name}: Oslo (0301), sheet journalsystemer, row 3, column B: tjenesteomrade: must be "
        "one of: fastlege,",
        f"{name}: Oslo (0301), sheet journalsystemer, row 4, column C: system: required field "
        "is missing",
        f"{name}: Oslo (0301), sheet journalsystemer, row 4, column E: kontrakt_utloper: must "
        "be a whole number from 2000 to 2060, got 1999",
        f"{name}: sheet journalsystemer, row 5, column A: kommunenummer: 9999 has no row in the "
        "sheet kommuner",
    ]
    for want in expected:
        assert any(line.removeprefix("error: ").startswith(want) for line in lines), \
            (want, lines)
    assert "Nothing was changed" in lines[-1]


@pytest.mark.parametrize("spoil, message", [
    ("missing", "no such file"),
    ("not-xlsx", "not an Excel workbook"),
    ("no-sheet", "the sheet «journalsystemer» is missing"),
    ("no-record", "the hidden sheet «eksport» is missing"),
    ("bad-header", "sheet kommuner, row 1: unknown column(s) aar"),
])
def test_an_unusable_workbook_exits_2_and_changes_nothing(project, spoil, message):
    form = project / "skjema.xlsx"
    if spoil == "not-xlsx":
        form.write_text("kommunenummer;navn\n0301;Oslo\n", encoding="utf-8")
    elif spoil == "no-sheet":
        wb = load_workbook(_export(project))
        del wb["journalsystemer"]
        wb.save(form)
    elif spoil == "no-record":
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
    ("--export-form", "a.xlsx", "--only", "1601"),  # Trondheim: in Midt-Norge, not one of ours
    ("--import-form", "b.xlsx", "--only", "0301"),
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
    assert ws.max_row == 293
    assert ws.cell(_row_of(ws, "1151"), _columns(ws)["navn"]).value == "Utsira"  # SSB's name
    before = _fingerprint(project)
    r = _import(project, project / "skjema.xlsx")
    assert r.returncode == 1
    assert "error: municipalities/1101-eigersund.yaml:8: folketall: must be a whole number ≥ 0, " \
           'got "mange"' in r.stderr
    assert re.search(r"error: municipalities/1151-utsira\.yaml:\d+: .*fix the file first",
                     r.stderr)
    assert _fingerprint(project) == before


def _rewrite(form: Path, out: Path, change) -> Path:
    """A copy of the workbook with its parts passed through change(name, data) -> data."""
    with zipfile.ZipFile(form) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, change(info.filename, src.read(info)))
    return out


def _set_value(form: Path, nr: str, values: dict[str, object], name: str) -> Path:
    wb = load_workbook(form)
    ws = wb["kommuner"]
    for header, value in values.items():
        ws.cell(_row_of(ws, nr), _columns(ws)[header]).value = value
    wb.save(form.with_name(name))
    return form.with_name(name)


def test_a_late_reply_keeps_the_answers_imported_since_and_the_files_edited_since(project):
    """One form out to all, answers back at different times, a file edited by hand meanwhile, and
    a one-municipality form: no answer is lost, and a real conflict is refused by name."""
    utsira = project / UTSIRA
    utsira.write_text(utsira.read_text(encoding="utf-8") + "innforingsar: 2027\n",
                      encoding="utf-8")
    form = _export(project)  # sent to everyone
    one = project / "oslo.xlsx"
    r = run_build(project, "--export-form", one.name, "--only", "0301")
    assert r.returncode == 0 and "1 municipality" in r.stdout, r.stderr
    assert load_workbook(one)["kommuner"].max_row == 3
    # Oslo answers first, on its own form.
    r = _import(project, _set_value(one, "0301", {"innforingsar": 2028}, "oslo-svar.xlsx"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[:2] == [f"Oslo (0301), {OSLO}:",
                                         "  adds innforingsar: 2028"]
    # The office edits Bergen's file by hand.
    bergen = project / "municipalities/4601-bergen.yaml"
    bergen.write_text(bergen.read_text(encoding="utf-8") + "merknad: \"Ringt 3. mai.\"\n",
                      encoding="utf-8")
    # Utsira answers late, on the copy exported before both: removals are listed first.
    late = _set_value(form, "1151", {"merknad": "Vedtak i juni.", "innforingsar": None},
                      "utsira-svar.xlsx")
    before = _fingerprint(project)
    r = _import(project, late)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        f"Utsira (1151), {UTSIRA}:", "  removes innforingsar (was 2027)",
        '  adds merknad: "Vedtak i juni."',
        "Imported utsira-svar.xlsx: 1 municipality files changed, 290 unchanged."]
    after = _fingerprint(project)
    assert {n for n in after if after[n] != before[n]} == {"1151-utsira.yaml"}
    assert "innforingsar: 2028" in (project / OSLO).read_text(encoding="utf-8")
    assert 'merknad: "Ringt 3. mai."' in bergen.read_text(encoding="utf-8")
    # The same late copy, now with Oslo's year changed too: the file changed since the export,
    # so that cell is refused, by name, and nothing is written.
    clash = _set_value(late, "0301", {"innforingsar": 2030}, "oslo-igjen.xlsx")
    before = _fingerprint(project)
    r = _import(project, clash)
    assert r.returncode == 1
    assert _fingerprint(project) == before
    ws = load_workbook(clash)["kommuner"]
    assert (f"error: oslo-igjen.xlsx: Oslo (0301), sheet kommuner, row {_row_of(ws, '0301')}, "
            f"column H: innforingsar: was changed in {OSLO} after this form was exported (the "
            "file now says 2028, the form 2030)") in r.stderr, r.stderr


def _formula(form: Path) -> Path:
    wb = load_workbook(form)
    ws = wb["kommuner"]
    ws.cell(_row_of(ws, "0301"), _columns(ws)["innforingsar"]).value = "=2000+28"
    out = form.with_name("formel.xlsx")
    wb.save(out)  # openpyxl stores the formula without a result, as a script would
    return out


def _duplicate(form: Path) -> Path:
    wb = load_workbook(form)
    ws = wb["kommuner"]
    ws.cell(1, 11).value = "innforingsar"
    ws.cell(_row_of(ws, "0301"), 11).value = 2029
    out = form.with_name("dobbel.xlsx")
    wb.save(out)
    return out


def _dimension(form: Path) -> Path:
    def shrink(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:M10"', data)
        return data
    return _rewrite(form, form.with_name("dimensjon.xlsx"), shrink)


@pytest.mark.parametrize("spoil, status, message", [
    (_formula, 1, "Oslo (0301), sheet kommuner, row {oslo}, column H: innforingsar: is a "
                  "formula (=2000+28) without a stored result"),
    (_duplicate, 2, "sheet kommuner, row 1, columns H and K: both are «innforingsar»"),
    (_dimension, 2, "sheet kommuner, row 11, column A: holds data outside the sheet's stored "
                    "size"),
], ids=["formula", "duplicate", "dimension"])
def test_a_cell_that_cannot_be_read_as_written_is_refused(project, spoil, status, message):
    oslo = project / OSLO
    oslo.write_text(oslo.read_text(encoding="utf-8") + "innforingsar: 2027\n", encoding="utf-8")
    form = spoil(_export(project))
    before = _fingerprint(project)
    r = _import(project, form)
    assert r.returncode == status, r.stderr
    row = _row_of(load_workbook(form)["kommuner"], "0301")
    assert message.format(oslo=row) in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert _fingerprint(project) == before


_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "hahahahahahahahahahaha">'
           + b"".join(b'<!ENTITY %s "%s">' % (bytes([ord("b") + i]), bytes([ord("a") + i]) * 0
                                              + (b"&" + bytes([ord("a") + i]) + b";") * 10)
                      for i in range(8))
           + b"]>")  # &i; is 10^8 times «haha…»: the billion laughs, smaller


def _hostile(kind: str, form: Path) -> Path:
    out = form.with_name(f"{kind}.xlsx")
    if kind == "too-big":
        out.write_bytes(b"PK" + bytes(11 * 2**20))
        return out
    if kind == "zip-bomb":
        def bomb(name: str, data: bytes) -> bytes:
            return bytes(200 * 2**20) if name == "docProps/app.xml" else data
        return _rewrite(form, out, bomb)

    def spoil(name: str, data: bytes) -> bytes:
        if name != "xl/workbook.xml":
            return data
        body = data.split(b"?>", 1)[-1]
        if kind == "truncated":
            return data[: len(data) // 2]
        if kind == "entities":
            return _LAUGHS + body.replace(b"<sheets>", b"<sheets>&i;", 1)
        return (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY p SYSTEM "file:///etc/passwd">]>'
                + body.replace(b"<sheets>", b"<sheets>&p;", 1))
    return _rewrite(form, out, spoil)


@pytest.mark.parametrize("kind, message", [
    ("truncated", "is not well-formed XML"),
    ("entities", "declares a DTD or entities"),
    ("external", "declares a DTD or entities"),
    ("zip-bomb", "the workbook unpacks to 201 MB"),
    ("too-big", "the file is 11.0 MB"),
])
def test_a_hostile_workbook_is_refused_in_one_line_quickly(project, kind, message):
    form = _hostile(kind, _export(project))
    before = _fingerprint(project)
    start = time.monotonic()
    r = _import(project, form)
    assert r.returncode == 2, r.stderr
    assert time.monotonic() - start < 20
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert message in r.stderr and "Traceback" not in r.stderr
    assert _fingerprint(project) == before


def _through_libreoffice(tmp: Path, *forms: Path) -> list[Path]:
    """The forms opened and saved again by LibreOffice Calc, as a municipality without Excel
    would send them back (LibreOffice writes its own XML, styles and validations); all in one
    run of LibreOffice, which costs seconds to start."""
    out = tmp / "lo-out"
    r = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo",
                        "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
                        *map(str, forms)], capture_output=True, text=True, timeout=180)
    saved = [out / form.name for form in forms]
    assert r.returncode == 0 and all(p.exists() for p in saved), r.stderr
    for p in saved:
        assert b"LibreOffice" in zipfile.ZipFile(p).read("docProps/app.xml")
    return saved


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_two_partial_forms_one_saved_by_libreoffice_lose_no_answer(project, tmp_path):
    """The office's round as scripted in issue 23: form A (Oslo, Modalen) goes out, then form B
    (Modalen, Utsira); B comes back first, A last and saved by LibreOffice. Every answer
    stays, and a form LibreOffice saved untouched changes nothing."""
    form_a = project / "a.xlsx"
    assert run_build(project, "--export-form", form_a.name, "--only", "0301", "4629"
                     ).returncode == 0
    form_b = project / "b.xlsx"
    assert run_build(project, "--export-form", form_b.name, "--only", "4629", "1151"
                     ).returncode == 0
    answered_b = _set_value(form_b, "4629", {"merknad": "Heradsstyret møtest i juni."},
                            "b-svar.xlsx")
    answered_b = _set_value(answered_b, "1151", {"innforingsar": 2029}, "b-svar.xlsx")
    # LibreOffice saves B untouched and A with Oslo's answer (in one run; A is imported last)
    untouched, answered_a = _through_libreoffice(
        tmp_path, form_b, _set_value(form_a, "0301", {"innforingsar": 2028}, "a-svar.xlsx"))
    r = _import(project, answered_b)
    assert r.returncode == 0, r.stderr
    assert "2 municipality files changed" in r.stdout

    before = _fingerprint(project)
    r = _import(project, untouched)  # exported before B's answers, saved by LibreOffice
    assert r.returncode == 0, r.stderr
    assert "0 municipality files changed" in r.stdout
    assert _fingerprint(project) == before

    r = _import(project, answered_a)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[:2] == [f"Oslo (0301), {OSLO}:", "  adds innforingsar: 2028"]
    after = _fingerprint(project)
    assert {n for n in after if after[n] != before[n]} == {"0301-oslo.yaml"}
    assert "innforingsar: 2028" in (project / OSLO).read_text(encoding="utf-8")
    assert "innforingsar: 2029" in (project / UTSIRA).read_text(encoding="utf-8")
    assert "Heradsstyret møtest i juni." in \
        (project / "municipalities/4629-modalen.yaml").read_text(encoding="utf-8")
