"""The rebuild key covers every library that can change a report: after an upgrade, old reports
are no longer up to date."""

from __future__ import annotations

import shutil

import pytest

from grunnlag.pipeline import keys
from tests.helpers import ROOT, compute_shared, shared_model_cache


@pytest.mark.parametrize("lib", ["numpy", "jinja2", "markdown-it-py", "babel", "openpyxl",
                                 "weasyprint", "python-docx"])
def test_an_upgraded_library_changes_the_key(monkeypatch, lib):
    real = keys.metadata.version
    before = keys.assets_hash(ROOT / "templates")
    monkeypatch.setattr(keys.metadata, "version",
                        lambda name: real(name) + ("+neste" if name == lib else ""))
    assert keys.assets_hash(ROOT / "templates") != before


def test_the_same_libraries_give_the_same_key():
    assert keys.assets_hash(ROOT / "templates") == keys.assets_hash(ROOT / "templates")


def _lock_copy(tmp_path, monkeypatch, text: str):
    lock = tmp_path / "requirements.lock"
    lock.write_text(text)
    monkeypatch.setattr(keys, "LOCK_FILE", lock)
    return lock


def test_a_renewed_lock_file_changes_the_key(tmp_path, monkeypatch):
    real = (ROOT / "requirements.lock").read_text()
    assert "weasyprint==" in real  # the real lock is the one the key reads by default
    assert keys.LOCK_FILE == ROOT / "requirements.lock"
    lock = _lock_copy(tmp_path, monkeypatch, real)
    before = keys.assets_hash(ROOT / "templates")
    # a new pin of a package whose version OUTPUT_LIBRARIES does not show (cffi 2.1.1 -> 92.1.1)
    lock.write_text(real.replace("\ncffi==", "\ncffi==9", 1))
    assert lock.read_text() != real
    assert keys.assets_hash(ROOT / "templates") != before


def test_the_same_lock_file_gives_the_same_key(tmp_path, monkeypatch):
    real = (ROOT / "requirements.lock").read_text()
    before = keys.assets_hash(ROOT / "templates")
    _lock_copy(tmp_path, monkeypatch, real)  # another file, the same content
    assert keys.assets_hash(ROOT / "templates") == before


def _national_with(tmp_path, monkeypatch, edit: str | None):
    """load_national() in a copy of the project's code, data, templates, texts and fonts, with
    `edit` (a path below the copy) given one more comment line."""
    from grunnlag.pipeline import stages

    for name in ("grunnlag", "data", "templates", "content", "fonts"):
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    if edit:
        edited = tmp_path / edit
        edited.write_text(edited.read_text(encoding="utf-8") + "\n# endret\n", encoding="utf-8")
    monkeypatch.setattr(keys, "ROOT", tmp_path)
    monkeypatch.setattr(stages, "ROOT", tmp_path)
    for name in ("TEMPLATES", "CONTENT", "FONTS"):
        monkeypatch.setattr(stages, name, tmp_path / name.lower())
    return stages.load_national()


@pytest.mark.parametrize(("edit", "model_changes"), [
    ("content/tekster.yaml", False), ("templates/report.html.j2", False),
    ("data/forutsetninger.yaml", True), ("grunnlag/model/economics.py", True)])
def test_a_text_edit_keeps_the_models_results_and_a_data_edit_does_not(
        tmp_path, monkeypatch, edit, model_changes):
    """The model's cached results (the what-if blocks, some 6 s) are keyed by code and data
    only: a text or template edit rebuilds every report but keeps them; an edit of the data or
    the code computes them again."""
    from grunnlag.pipeline import stages

    real = stages.load_national()
    copy = _national_with(tmp_path / "unchanged", monkeypatch, None)
    copy_edit = _national_with(tmp_path / "edited", monkeypatch, edit)
    assert copy_edit.assets_hash != copy.assets_hash  # every report is rebuilt
    assert (copy_edit.model_hash != copy.model_hash) is model_changes
    assert real.model_hash != real.assets_hash


def test_a_refused_file_with_default_figures_reuses_the_models_results(tmp_path):
    """A municipality whose file fails is modelled with its SSB population and the default
    years, so when its file held nothing else the model's what-if blocks are those already
    kept for the folder: they are read, not computed again (about 3 s of every such build)."""
    from grunnlag.pipeline import computecache, stages

    nat = stages.load_national()
    loaded = stages.load_municipalities()
    assert loaded.kommuner["1151"].innforingsar is None  # Utsira's file holds the defaults
    # the folder keeps the model's results for the real files, as the session computed them
    _, figs = compute_shared(loaded, nat)
    shutil.copytree(shared_model_cache(), tmp_path, dirs_exist_ok=True)
    cache = tmp_path / computecache.FOLDER / "modell-tillegg.json"
    kept = cache.stat().st_mtime_ns, cache.read_bytes()
    # the same inputs with Utsira's file refused: its report is not built, the others' are
    del loaded.kommuner["1151"]
    loaded.errors["1151-utsira"] = []
    _, without = stages.compute(loaded, nat, tmp_path)
    assert (cache.stat().st_mtime_ns, cache.read_bytes()) == kept  # read, not written again
    assert set(without) == set(figs) - {"1151"}
    assert all(without[nr] == figs[nr] for nr in without)  # nobody else's figures moved


def test_a_later_version_shares_the_appendix_laid_out_for_the_others(everything):
    """The appendix is laid out once and shared by every report of a language
    form, so its HTML must be the same for a report's first version and a later one of another
    date, and for another municipality; only the report's own part carries its version."""
    from grunnlag.inputs.content import load_content
    from grunnlag.inputs.texts import load_catalogs
    from grunnlag.model.contract import Nasjonaltall, Rapporttall
    from grunnlag.pipeline import stages, worker
    from grunnlag.render.report import report_context
    from grunnlag.render.report_charts import report_charts

    nat, loaded, figs, national = everything
    quotes = stages.report_quotes(Nasjonaltall.model_validate(national))  # as nasjonal.json
    cat = load_catalogs()["nb"]

    def html(nr: str, versjon: int, dato: str) -> tuple[str, str]:
        f = Rapporttall.model_validate({**figs[nr], "versjon": versjon, "versjonsdato": dato,
                                        "endringar": []})
        k = loaded.kommuner[nr]
        base = report_context(k, f, nat.assumptions, cat, load_content(), quotes, {})
        ctx = {**base, "stem": nr, "felles_sider": 0, "charts": report_charts(
            f, cat, k.navn, base["risiko_kommunen"], base["risiko_staten"])}
        return worker.shared_part_html(ctx, cat, nat.assumptions), base["created"]

    first, made_first = html("1151", 1, nat.assumptions.rapportdato.isoformat())
    later, made_later = html("1151", 2, "2021-03-15")
    assert made_first != made_later  # the versions' own dates differ ...
    assert later == first  # ... the appendix does not
    assert html("0301", 3, "2022-01-10")[0] == first
