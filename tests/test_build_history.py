"""A history of builds as the project office and a municipality see it.

Incremental: only what changed is rendered again (a build without changes renders nothing, an
edit of one file rebuilds that report, a change of the national assumptions rebuilds all,
--force rebuilds all). Versions: a first
build is version 1; an edit of one municipality's file gives that report version 2 with
«Endringer siden forrige versjon» listing what changed from what to what, a row per change in
endringslogg.csv, and every other report keeps its version; a nynorsk report says it in
nynorsk. The same history gives the same bytes.

One project copy and one output folder for the module; the steps run in order, in one test.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import re
import shutil

import pytest
from openpyxl import load_workbook

from grunnlag.pipeline import versions
from grunnlag.render import fmt
from tests.helpers import WARM_SEED, pdf_pages, pdf_text, project_copy, run_build, warm_seed

# Tests that build reports, run build.py or start a browser are marked slow one by one.

ONLY = ("--only", "1151", "4629", "--jobs", "1")
A, B = "1151-utsira", "4629-modalen"  # bokmål, nynorsk
EDIT = """kostnader:
  lokal_innforing: 3000000
journalsystemer:
  - tjenesteomrade: hjemmetjenester
    system: "Profil"
    leverandor: "Visma"
    kontrakt_utloper: 2024
merknad: |
  **Avtalen med Tietoevry** går ut i 2024.

  - Kommunestyret møtes i mars.
  - Formannskapet møtes i februar.
"""
EDIT_NOTE = ("**Avtalen med Tietoevry** går ut i 2024.\n\n- Kommunestyret møtes i mars.\n"
             "- Formannskapet møtes i februar.\n")
# The edit's builds run on 15 March 2021 (clock.build_date), the others on today's date.
EDIT_DAY = {"SOURCE_DATE_EPOCH": str(int(dt.datetime(2021, 3, 15, 12, tzinfo=dt.UTC).timestamp()))}


def _flat(s: str) -> str:
    return "".join(s.replace("\u2212", "-").split())


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project whose first build is the session's seed: a cold build of exactly
    these two reports from the same code and data (helpers.warm_seed), so its record, versions
    and files are what a first build here would make, and the build's own keys say so."""
    assert tuple(ONLY[1:3]) == WARM_SEED
    p = project_copy(tmp_path_factory.mktemp("ver") / "p")
    shutil.copytree(warm_seed(), p / "output")
    shutil.copytree(p / "output", p.parent / "first-build")  # for the same-history step
    return p


def data(project, stem: str) -> dict:
    return json.loads((project / "output" / "data" / f"{stem}.json").read_text(encoding="utf-8"))


def changelog(project) -> list[dict]:
    """Every row of the change log; the kommunenummer is plain text with its leading zero."""
    with open(project / "output" / "endringslogg.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    for row in rows:
        assert re.fullmatch(r"\d{4}", row["kommunenummer"]), row  # never a formula
    return rows


def log_bytes(project) -> bytes:
    return (project / "output" / "endringslogg.csv").read_bytes()


def record(project) -> dict:
    return json.loads((project / "output" / "bygglogg.json").read_text(encoding="utf-8"))


def append_and_build(project, rel: str, text: str) -> tuple[dict[str, str], str]:
    """Append `text` to a project file and build: the keys before, and what the build said."""
    keys_before = record(project)["nokler"]
    f = project / rel
    f.write_text(f.read_text(encoding="utf-8") + text, encoding="utf-8")
    r = run_build(project, *ONLY)
    assert r.returncode == 0, r.stderr
    return keys_before, r.stderr


def step_first_build_is_version_1_with_no_changes(project):
    rec = record(project)
    assert rec["siste_bygg"]["bygget"] == [A, B] and rec["siste_bygg"]["sider"] > 2
    assert (project / "output" / "pdf" / f"{A}.pdf").stat().st_size > 10_000
    for stem in (A, B):
        d = data(project, stem)
        assert d["versjon"] == 1 and d["endringar"] == []
    assert changelog(project) == []
    assert log_bytes(project) == "\ufeffdato;kommunenummer;navn;versjon;felt;fra;til\r\n".encode()
    # A first version has nothing to list: the title page says «Versjon 1», no change chapter.
    page = (project / "output" / "html" / f"{A}.html").read_text(encoding="utf-8")
    assert "<dt>Versjon</dt><dd>1</dd>" in page and 'id="endringar"' not in page
    # ... and the date of the first issue (rapportdato in the national assumptions)
    assert "<dt>Dato</dt><dd>1.\u00a0desember 2020</dd>" in page
    assert data(project, A)["versjonsdato"] == "2020-12-01"
    assert {k: v for k, v in rec["nasjonal_versjon"].items() if k != "innhold"} == {
        "versjon": 1, "dato": "2020-12-01"}
    assert _flat("Endringer siden forrige versjon") not in _flat(
        pdf_text(project / "output" / "pdf" / f"{A}.pdf"))



def step_edit_of_one_file_raises_its_version_and_lists_the_changes(project):
    """A new local cost moves the national totals, but no report quotes those (only the
    overview does), so only the edited report is rebuilt, and the record says why."""
    old = data(project, A)
    overview_before = record(project)["nasjonal_versjon"]
    f = project / "municipalities" / f"{A}.yaml"
    f.write_text(f.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    r = run_build(project, *ONLY, env=EDIT_DAY)
    assert r.returncode == 0, r.stderr
    new = data(project, A)
    assert (new["versjon"], new["versjonsdato"]) == (2, "2021-03-15")  # made by this build
    assert record(project)["siste_bygg"]["bygget"] == [A]
    assert record(project)["siste_bygg"]["grunner"] == {A: ["kommunefil", "tall"]}
    changed = {c["felt"]: (c["fra"], c["til"]) for c in new["endringar"]}
    assert changed["merknad"] == (None, EDIT_NOTE)
    assert changed["lokal_innforing"] == (None, 3_000_000)
    assert changed["kommunal_kostnad_p50"] == (old["kommunal_kostnad_p50"],
                                               new["kommunal_kostnad_p50"])
    assert old["kommunal_kostnad_p50"] != new["kommunal_kostnad_p50"]
    assert "journalsystemer" in changed and "folketall" not in changed

    # The report says it, in the reader's words, from → to.
    text = _flat(pdf_text(project / "output" / "pdf" / f"{A}.pdf"))
    assert _flat("Endringer siden forrige versjon") in text
    assert _flat("Versjon 2 erstatter versjon 1.") in text
    row = ("Kommunens kostnad 2021–2040 (P50)" + fmt.kroner(old["kommunal_kostnad_p50"], "nb")
           + fmt.kroner(new["kommunal_kostnad_p50"], "nb"))
    assert _flat(row) in text
    # the note as the reader sees it: Markdown rendered, its list a list, nothing raw
    assert _flat("Merknadikke oppgittAvtalen med Tietoevry går ut i 2024.") in text
    assert "**" not in text
    assert _flat("Hjemmetjenester: Profil (Visma, 2024)") in text
    page = (project / "output" / "html" / f"{A}.html").read_text(encoding="utf-8")
    assert "<dt>Versjon</dt><dd>2</dd>" in page
    assert "<dt>Dato</dt><dd>15.\u00a0mars 2021</dd>" in page  # the title page's date
    chapter = page[page.index('id="endringar"'):page.index("</section>", page.index(
        'id="endringar"'))]
    assert "**" not in chapter and "<strong>Avtalen med Tietoevry</strong>" in chapter
    assert re.findall(r"<li>([^<]*)</li>", chapter) == ["Kommunestyret møtes i mars.",
                                                       "Formannskapet møtes i februar."]
    assert _flat("15. mars 2021") in _flat(pdf_text(project / "output" / "pdf" / f"{A}.pdf")
                                           .replace("\u00a0", " "))
    # The untouched report keeps version 1 and its date; the overview, whose figures changed,
    # is version 2 of this build's date, on its cover too.
    assert (data(project, B)["versjon"], data(project, B)["versjonsdato"]) == (1, "2020-12-01")
    overview = record(project)["nasjonal_versjon"]
    assert (overview["versjon"], overview["dato"]) == (overview_before["versjon"] + 1,
                                                       "2021-03-15")
    cover = _flat(pdf_pages(project / "output" / "nasjonal-oversikt.pdf")[0])
    assert _flat("Dato15. mars 2021Versjon2") in cover.replace("\u00a0", ""), cover
    # before the analysis, where the reader of a corrected report looks first
    assert page.index('id="endringar"') < page.index('id="okonomi"')

    # The change log lists every change of this build, with the build's date.
    rows = changelog(project)
    assert {r["dato"] for r in rows} == {"2021-03-15"}
    assert {r["kommunenummer"] for r in rows} == {"1151"}
    assert {r["felt"] for r in rows} == set(changed)
    p50 = next(r for r in rows if r["felt"] == "kommunal_kostnad_p50")
    assert (p50["navn"], p50["versjon"]) == ("Utsira", "2")
    assert (int(p50["fra"]), int(p50["til"])) == changed["kommunal_kostnad_p50"]

    # The build record says which key figures changed.
    rec = json.loads((project / "output" / "bygglogg.json").read_text(encoding="utf-8"))
    assert "kommunal_kostnad_p50" in rec["siste_bygg"]["endrede_nokkeltall"]["1151"]
    assert set(rec["siste_bygg"]["endrede_nokkeltall"]) == {"1151"}

    # The untouched municipality keeps version 1.
    assert data(project, B)["versjon"] == 1 and data(project, B)["endringar"] == []
    assert "Endringar sidan førre versjon" not in pdf_text(project / "output" / "pdf" / f"{B}.pdf")


def step_rebuild_without_changes_renders_nothing_keeps_versions_and_keeps_the_log(project):
    """The build after the edit: nothing to render, both reports and versions kept, and the
    change log, which keeps every build's changes, is left as it was (byte for byte)."""
    out = project / "output"
    log = log_bytes(project), (out / "endringslogg.xlsx").read_bytes()
    before = {p: p.read_bytes() for p in (out / "data" / f"{A}.json", out / "data" / f"{B}.json")}
    versions_before = record(project)["versjoner"]
    overview_before = record(project)["nasjonal_versjon"]
    pdf_time = (out / "pdf" / f"{A}.pdf").stat().st_mtime_ns
    r = run_build(project, *ONLY)
    assert r.returncode == 0, r.stderr
    assert "2 reports are up to date and were not rebuilt." in r.stderr
    assert "Built 0 reports" in r.stderr and record(project)["siste_bygg"]["bygget"] == []
    assert (out / "pdf" / f"{A}.pdf").stat().st_mtime_ns == pdf_time
    assert {p: p.read_bytes() for p in before} == before
    assert record(project)["versjoner"] == versions_before
    assert data(project, A)["versjonsdato"] == "2021-03-15"  # built again today: still its date
    assert record(project)["nasjonal_versjon"] == overview_before
    assert data(project, A)["versjon"] == 2
    assert data(project, A)["endringar"]  # still what changed since version 1
    assert (log_bytes(project), (out / "endringslogg.xlsx").read_bytes()) == log
    assert r.stderr.strip().splitlines()[-1] == "No report got a new version."


def step_a_note_rebuilds_only_its_report_and_nynorsk_says_it_in_nynorsk(project):
    logged = changelog(project)
    keys_before, said = append_and_build(project, f"municipalities/{B}.yaml",
                                         "merknad: Heradsstyret møtest i mars.\n")
    assert record(project)["siste_bygg"]["bygget"] == [B] and "1 reports are up to date" in said
    assert record(project)["nokler"][B] != keys_before[B]
    assert record(project)["nokler"][A] == keys_before[A]
    assert data(project, B)["versjon"] == 2 and data(project, A)["versjon"] == 2
    assert data(project, B)["versjonsdato"] == dt.date.today().isoformat()  # the clock's day
    text = _flat(pdf_text(project / "output" / "pdf" / f"{B}.pdf"))
    assert _flat("Endringar sidan førre versjon") in text
    assert _flat("Versjon 2 erstattar versjon 1. Desse tala og opplysningane er endra:") in text
    assert _flat("Merknadikkje oppgittHeradsstyret møtest i mars.") in text
    rows = changelog(project)
    assert rows[:len(logged)] == logged  # the earlier builds' changes are kept
    assert [(r["kommunenummer"], r["felt"]) for r in rows[len(logged):]] == [("4629", "merknad")]
    last = said.strip().splitlines()[-1]
    assert last.startswith("1 report got a new version; the changes are listed in ") and \
        last.endswith("output/endringslogg.csv and endringslogg.xlsx."), last
    sheet = load_workbook(project / "output" / "endringslogg.xlsx")["endringslogg"]
    assert [c.value for c in sheet[1]] == ["Dato", "Kommunenummer", "Kommune", "Ny versjon",
                                          "Endret opplysning", "Fra", "Til"]
    assert [c.value for c in sheet[sheet.max_row]][1:5] == ["4629", "Modalen", 2, "merknad"]


def step_same_history_gives_the_same_bytes_and_force_keeps_what_was_up_to_date(
        tmp_path_factory, project):
    """A second copy, from the same first build (test_reproducible shows first builds are the
    same) and with the same edit, ends in the same bytes, though here Modalen is built with
    Utsira and there it was not: a report does not depend on which others were built with it.
    Modalen is up to date here and built only because of --force: it keeps its key and its
    version, and adds nothing to the change log. (--force in this copy, not in a build of its
    own: the overview is made again here anyway, the edit moved its figures.)"""
    q = project_copy(tmp_path_factory.mktemp("ver2") / "p")
    shutil.copytree(project.parent / "first-build", q / "output")
    f = q / "municipalities" / f"{A}.yaml"
    f.write_text(f.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    model = ".cache/modell-tillegg.json"  # the model's results for these inputs, as kept
    shutil.copy2(project / "output" / model, q / "output" / model)
    before = record(q)
    r = run_build(q, "--only", "1151", "4629", "--jobs", "1", "--force", env=EDIT_DAY)
    assert r.returncode == 0, r.stderr
    for rel in (f"data/{A}.json", f"pdf/{A}.pdf", f"html/{A}.html"):
        assert (q / "output" / rel).read_bytes() == (project / "output" / rel).read_bytes(), rel
    assert [r["felt"] for r in changelog(q)] == [c["felt"] for c in data(q, A)["endringar"]]
    rec = record(q)
    assert rec["siste_bygg"]["bygget"] == [A, B]
    assert rec["siste_bygg"]["grunner"][B] == ["tvunget"]  # nothing of it changed: forced
    assert rec["nokler"][B] == before["nokler"][B]
    assert rec["nokler"][A] == record(project)["nokler"][A]  # the same inputs, the same key
    assert (data(q, A)["versjon"], data(q, B)["versjon"]) == (2, 1)
    assert data(q, B) == json.loads((project.parent / "first-build" / "data" / f"{B}.json")
                                    .read_text(encoding="utf-8"))
    assert {r["kommunenummer"] for r in changelog(q)} == {"1151"}


def step_a_field_that_is_no_figure_still_rebuilds_its_report(project):
    """Who proposes is not a figure and not versioned, yet the report says it. (Built with
    Kvitsøy, new here, and without Modalen: the next step reads the index this build wrote.)"""
    keys_before = record(project)["nokler"]
    national_before = record(project)["nasjonal_nokkel"], record(project)["nasjonal_versjon"]
    f = project / "municipalities" / f"{A}.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "administrasjon_navn: rådmannen\n",
                 encoding="utf-8")
    r = run_build(project, "--only", "1144", "1151", "--jobs", "1")
    assert r.returncode == 0, r.stderr
    assert record(project)["siste_bygg"]["bygget"] == ["1144-kvitsoy", A]
    assert record(project)["nokler"][A] != keys_before[A]
    page = (project / "output" / "html" / f"{A}.html").read_text(encoding="utf-8")
    assert "Rådmannens vurdering" in page and "Kommunedirektørens vurdering" not in page
    # nothing national changed in this build: the overview was neither changed nor made again
    assert (record(project)["nasjonal_nokkel"], record(project)["nasjonal_versjon"]) == \
        national_before


def step_a_report_built_later_is_linked_from_the_index(project):
    """Kvitsøy, built after the others (by the step before, with nothing national changed, and
    without Modalen): the index links all three, also Modalen, which that build did not select
    (it used to be written again only when national figures changed)."""
    for lang_page in ("index.html", "index-nn.html"):
        page = (project / "output" / lang_page).read_text(encoding="utf-8")
        for stem in (A, B, "1144-kvitsoy"):
            assert f'href="pdf/{stem}.pdf"' in page, (lang_page, stem)


def step_changed_national_assumptions_rebuild_both(project):
    keys_before, _ = append_and_build(project, "data/forutsetninger.yaml",
                                      "# endret av prosjektkontoret\n")
    rec = record(project)
    assert rec["siste_bygg"]["bygget"] == [A, B]
    assert rec["nokler"][A] != keys_before[A] and rec["nokler"][B] != keys_before[B]


@pytest.mark.slow
def test_a_history_of_builds(tmp_path_factory, project):
    """The steps of one build history, in order (one test, so no scheduler can reorder them)."""
    step_first_build_is_version_1_with_no_changes(project)
    step_edit_of_one_file_raises_its_version_and_lists_the_changes(project)
    step_same_history_gives_the_same_bytes_and_force_keeps_what_was_up_to_date(
        tmp_path_factory, project)
    step_rebuild_without_changes_renders_nothing_keeps_versions_and_keeps_the_log(project)
    step_a_note_rebuilds_only_its_report_and_nynorsk_says_it_in_nynorsk(project)
    step_a_field_that_is_no_figure_still_rebuilds_its_report(project)
    step_a_report_built_later_is_linked_from_the_index(project)
    step_changed_national_assumptions_rebuild_both(project)


FIRST, LATER = dt.date(2020, 12, 1), dt.date(2021, 3, 15)  # the first issue; a later build


def test_next_version_rules():
    snap = {key: None for key in versions.FIELDS} | {"folketall": 198, "merknad": "a"}
    first = versions.next_version(None, snap, LATER, FIRST)
    assert (first["versjon"], first["endringar"], first["dato"]) == (1, [], "2020-12-01")
    # nothing changed: same entry, and the same date however much later the build
    assert versions.next_version(first, dict(snap), LATER, FIRST) == first
    second = versions.next_version(first, snap | {"merknad": "b"}, LATER, FIRST)
    assert (second["versjon"], second["dato"]) == (2, "2021-03-15")  # made by this build
    assert second["endringar"] == [{"felt": "merknad", "fra": "a", "til": "b"}]
    third = versions.next_version(second, snap | {"merknad": "b"}, dt.date(2022, 1, 1), FIRST)
    assert third == second  # still version 2 of 15 March, still what changed since version 1
    # a clock behind the last version never dates a new one before it
    fourth = versions.next_version(second, snap | {"merknad": "c"}, dt.date(2021, 1, 1), FIRST)
    assert (fourth["versjon"], fourth["dato"]) == (3, "2021-03-15")
    # (versioned() puts `dato` into the JSON as `versjonsdato`: the build steps above read it)
    rows = versions.log_rows({"1151": first}, {"1151": second, "4629": first}, {"1151": "Utsira"})
    assert rows == [{"kommunenummer": "1151", "navn": "Utsira", "versjon": 2, "felt": "merknad",
                     "fra": "a", "til": "b"}]
    assert versions.log_rows({"1151": second}, {"1151": third}, {}) == []


def test_the_overview_version_follows_its_content():
    first = versions.next_overview_version(None, "abc", LATER, FIRST)
    assert first == {"versjon": 1, "dato": "2020-12-01", "innhold": "abc"}
    assert versions.next_overview_version(first, "abc", dt.date(2022, 1, 1), FIRST) == first
    second = versions.next_overview_version(first, "def", LATER, FIRST)
    assert (second["versjon"], second["dato"]) == (2, "2021-03-15")


def _seen(markup: str) -> str:
    """What a reader sees of a piece of HTML: its text, without tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", str(markup)))


def test_changes_read_in_the_reports_form():
    from grunnlag.inputs.texts import load_catalogs
    from grunnlag.render.version_view import change_rows

    changes = [{"felt": "break_even_ar", "fra": None, "til": 2034},
               {"felt": "netto_naverdi", "fra": -741_293, "til": 12_000},
               {"felt": "journalsystemer", "fra": None,
                "til": [["sykehjem", "Gerica", "Tieto", 2025, 450_000]]}]
    nn = [{k: _seen(v) for k, v in r.items()} for r in change_rows(changes, load_catalogs()["nn"])]
    assert [r["felt"] for r in nn] == ["År då noverdien blir positiv", "Netto noverdi for kommunen",
                                      "Journalsystem"]
    assert (nn[0]["fra"], nn[0]["til"]) == ("ikkje innan 2040", "2034")
    assert nn[1]["til"] == fmt.kroner(12_000, "nn")
    assert nn[2] == {"felt": "Journalsystem", "fra": "ikkje oppgitt",
                     "til": f"Sjukeheim: Gerica (Tieto, 2025, {fmt.kroner(450_000, 'nn')})"}
    assert str(load_catalogs()["nn"].t("h_endringar")) == "Endringar sidan førre versjon"
    nb = change_rows(changes, load_catalogs()["nb"])
    assert _seen(nb[0]["fra"]) == "ikke innen 2040" and _seen(nb[2]["til"]).startswith(
        "Sykehjem: Gerica")


NOTE = """**Avtalen med Tietoevry** går ut i 2024.

- Kommunestyret møtes i mars.
- Formannskapet møtes i februar.
"""


def test_the_change_chapter_renders_a_note_and_keeps_amounts_whole():
    """The chapter as the page shows it: a note's Markdown rendered (no «**», its list a list),
    and every amount with digit groups in one no-break span."""
    from grunnlag.inputs.texts import load_catalogs
    from grunnlag.render.html import environment
    from grunnlag.render.version_view import change_rows

    cat = load_catalogs()["nb"]
    changes = [{"felt": "merknad", "fra": "Gammel merknad med <b>tegn</b>.", "til": NOTE},
               {"felt": "kommunal_kostnad_p50", "fra": -19_580_623_351, "til": -19_600_000_000},
               {"felt": "journalsystemer", "fra": None,
                "til": [["sykehjem", "Gerica", "Tieto", 2025, 450_000]]}]
    page = environment().get_template("endringar.html.j2").render(
        t=cat.t, versjon=3, endringar=change_rows(changes, cat))
    assert "**" not in page and "Avtalen med Tietoevry" in page
    assert "<strong>Avtalen med Tietoevry</strong>" in page
    assert re.findall(r"<li>([^<]*)</li>", page) == ["Kommunestyret møtes i mars.",
                                                    "Formannskapet møtes i februar."]
    assert "&lt;b&gt;tegn&lt;/b&gt;" in page  # the old note's text shown as typed, not as markup
    cells = re.findall(r"<td>(.*?)</td>", page, re.S)
    amounts = [c for c in cells if "kr" in _seen(c)]
    assert len(amounts) == 3
    for cell in amounts:  # each number with digit groups inside one no-break span
        for number in re.findall(r"[−\d][\d ]*\d", _seen(cell)):
            if " " in number:
                assert f'<span class="num">{number}</span>' in cell, cell
