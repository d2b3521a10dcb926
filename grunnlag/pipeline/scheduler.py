"""Parallel, incremental rendering: warm workers, a key per report.

A report is rebuilt only when its key (code, templates, texts, fonts, national data, its own
file and figures) changed or an output is missing; --force ignores the keys.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grunnlag.files import current_stamp
from grunnlag.model.contract import Kommunetall, Nasjonaltall
from grunnlag.pipeline import clock, keys, record, stages
from grunnlag.pipeline.national_outputs import (
    DATA_FILES,
    NATIONAL_PAGES,
    key_figure_status,
    overview_tasks,
    rows_for_index,
    write_national,
)
from grunnlag.pipeline.outputs import clean_temporaries, remove_stale, report_files
from grunnlag.pipeline.pool import WarmPool
from grunnlag.pipeline.tasks import NationalTask, Outcome, Task
from grunnlag.pipeline.versions import (
    next_overview_version,
    next_version,
    overview_content,
    snapshot,
    versioned,
    write_log,
)
from grunnlag.render import shared_store

CHANGE_LOG = "endringslogg.csv"  # every change of the last build (versions.py)
KEY_FIGURES = ("kommunal_kostnad_p50", "kommunal_kostnad_p85", "statlig_kostnad",
               "gevinster_naverdi", "netto_naverdi", "break_even_ar", "folketall")
TASKS_PER_WORKER = 150  # a worker is replaced after this many reports (memory is also capped)


@dataclass
class BuildOutcome:
    built: list[Outcome] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)
    changed: dict[str, list[str]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    stamps: dict[str, str] = field(default_factory=dict)  # by stem: files as last written
    key_parts: dict[str, dict[str, str]] = field(default_factory=dict)  # by stem (keys.py)
    reasons: dict[str, list[str]] = field(default_factory=dict)  # why each was rebuilt
    seconds: float = 0.0
    pool: dict = field(default_factory=dict)  # workers started, recycled, peak RSS (MiB)
    versions_before: dict[str, dict] = field(default_factory=dict)  # by kommunenummer
    versions: dict[str, dict] = field(default_factory=dict)  # after this build
    # nasjonal.json, the same for every report: what the overview, index and tables read
    national_figures: Nasjonaltall | None = None
    overview_key: str | None = None  # the national key the pool's overview PDFs were made for
    overview_ok: bool = False  # both overview PDFs were written by the pool
    date: dt.date = field(default_factory=clock.build_date)  # the build's date (clock.py)
    overview_version: dict = field(default_factory=dict)  # bygglogg.json `nasjonal_versjon`
    plain: dict = field(default_factory=dict)  # the figures as JSON, dumped once per build
    figures_json: dict[tuple[str, ...], str] = field(default_factory=dict)  # _figures_json

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.built)

    @property
    def reused_pages(self) -> int:
        return sum(o.reused_pages for o in self.built)


def _outputs_exist(output: Path, stem: str) -> bool:
    return all(path.exists() for path in report_files(output, stem))


def _as_written(output: Path, stem: str, stamp: str | None) -> bool:
    """The report's four files are exactly those its recorded write produced."""
    return stamp is not None and current_stamp(report_files(output, stem)) == stamp


def _changed(output: Path, stem: str, fig: dict[str, Any]) -> list[str]:
    """Which key figures differ from the previous build's JSON."""
    try:
        old = json.loads((output / "data" / f"{stem}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(old, dict):
        return []
    return [k for k in KEY_FIGURES if old.get(k) != fig.get(k)]


def build_reports(args: Any, nat: stages.National, loaded: stages.Loaded,
                  figs: dict[str, Kommunetall], progress: Any, pool: WarmPool | None
                  ) -> BuildOutcome:
    """Render the selected municipalities that are not up to date, in parallel."""
    output: Path = args.output
    clean_temporaries(output)
    shared_store.prune(output, nat.assets_hash)
    previous = record.read(output)
    old_keys: dict[str, str] = previous.get("nokler", {})
    # nasjonal.json as its contract has it: a key or type it lacks stops the build here
    national_figures = stages.national_figures(nat, loaded, figs)
    old_versions = previous.get("versjoner")
    old_versions = old_versions if isinstance(old_versions, dict) else {}
    old_stamps = record.stamps(previous)
    old_parts = record.key_parts(previous)
    out = BuildOutcome(keys=dict(old_keys), stamps=old_stamps, versions_before=old_versions,
                       versions=dict(old_versions), national_figures=national_figures)
    quotes = stages.report_quotes(national_figures)  # all a report may quote of them
    selected = [nr for nr in sorted(loaded.kommuner) if not args.only or nr in args.only]
    tasks = []
    pending: dict[str, dict] = {}  # version entries, recorded once their report is written
    for nr in selected:
        stem = loaded.paths[nr].stem
        entry = next_version(old_versions.get(nr), snapshot(loaded.kommuner[nr], figs[nr]),
                             out.date, nat.assumptions.rapportdato)
        fig = versioned(figs[nr], entry)
        data = fig.as_json()
        parts = keys.report_key_parts(nat, loaded.kommuner[nr], data, quotes)
        key = keys.report_key(parts)
        out.key_parts[stem] = parts
        why = keys.rebuild_reasons(parts, old_parts.get(stem), old_keys.get(stem),
                                   _as_written(output, stem, old_stamps.get(stem)), args.force)
        if not why:
            out.skipped.append(stem)
            out.versions[nr] = entry
            continue
        out.reasons[stem] = why
        pending[stem] = entry
        out.changed[nr] = _changed(output, stem, data)
        tasks.append(Task(stem, loaded.kommuner[nr], fig, quotes, output, key,
                          nat.assets_hash))
    for stem in loaded.errors:  # even outside --only: index and record name it as failed
        remove_stale(output, stem)
        out.keys.pop(stem, None)
        out.stamps.pop(stem, None)
    overview = _plan_overview(args, nat, loaded, figs, previous, out)
    progress.plan(out.reasons, out.skipped, bool(overview))
    progress.begin(len(tasks), len(out.skipped))
    start = time.perf_counter()
    overview_done = 0
    for outcome in _run([*overview, *tasks], pool, out.pool):  # the two long ones first
        if outcome.stem in {o.stem for o in overview}:
            overview_done += outcome.ok
            out.overview_ok = overview_done == len(overview)
            continue
        task_key = next(t.key for t in tasks if t.stem == outcome.stem)
        if outcome.ok:
            out.built.append(outcome)
            out.keys[outcome.stem] = task_key
            out.stamps[outcome.stem] = outcome.stamp
            out.versions[outcome.stem.split("-")[0]] = pending[outcome.stem]
        else:
            out.failures[outcome.stem] = outcome.message
            if not outcome.kept_old:
                remove_stale(output, outcome.stem)
            out.keys.pop(outcome.stem, None)
            out.stamps.pop(outcome.stem, None)
        progress.advance(outcome.stem, outcome.ok, outcome.message)
        record.save_keys(output, previous, out)  # a killed build resumes here
    out.seconds = time.perf_counter() - start
    progress.end()
    return out


def _overview_inputs(nat: stages.National, loaded: stages.Loaded, figs: dict[str, Kommunetall],
                     out: BuildOutcome, previous: dict[str, Any], failures: dict[str, str],
                     built: set[str] | None = None
                     ) -> tuple[dict[str, Kommunetall], list[dict], dict, str]:
    """What the national overview shows, given the reports that failed, and its key; its
    version and date (`out.overview_version`) follow what it shows, from the previous record.

    `built` (the stems whose report exists) matters only for the index page's links. The
    overview and the key-figure tables read the typed figures; the keys hash their JSON."""
    stems = {nr: p.stem for nr, p in loaded.paths.items()}
    if not out.plain:  # the overview is planned and then written from the same figures
        out.plain = {nr: f.as_json() for nr, f in figs.items()}
    plain = out.plain
    ok_figs = {nr: f for nr, f in figs.items() if stems[nr] not in failures}
    rows = rows_for_index(ok_figs, stems, loaded.kommuner, failures, built)
    ok_plain = {nr: plain[nr] for nr in ok_figs}
    assert out.national_figures is not None  # set by build_reports
    national = out.national_figures.as_json()  # as nasjonal.json holds it, for the hashes
    out.overview_version = next_overview_version(
        previous.get("nasjonal_versjon"),
        overview_content(national, _figures_json(out, ok_plain), rows, failures),
        out.date, nat.assumptions.rapportdato)
    info = {"dato_iso": out.overview_version["dato"], "versjon": out.overview_version["versjon"],
            "feil": failures, "antall_feil": len(failures)}
    return (ok_figs, rows, info, keys.report_key_national(
        nat, national, _figures_json(out, plain), failures, out.overview_version))


def _figures_json(out: BuildOutcome, figs: dict[str, dict]) -> str:
    """keys.figures_json of `figs`, made once per build for each set of reports: the plan and
    the national outputs hash the same figures (all of them, unless a report failed)."""
    which = tuple(figs)
    if which not in out.figures_json:
        out.figures_json[which] = keys.figures_json(figs)
    return out.figures_json[which]


def _overview_current(args: Any, previous: dict[str, Any], key: str) -> bool:
    """The overview PDFs in the output folder were made for `key` (and --force is not given)."""
    return (not args.force and previous.get("nasjonal_nokkel") == key
            and all((args.output / f["pdf"]).exists() for f in NATIONAL_PAGES.values()))


def _input_failures(loaded: stages.Loaded) -> dict[str, str]:
    return {s: str(e[0]) for s, e in loaded.errors.items()}


def _plan_overview(args: Any, nat: stages.National, loaded: stages.Loaded,
                   figs: dict[str, Kommunetall], previous: dict[str, Any],
                   out: BuildOutcome) -> list[NationalTask]:
    """The overview PDFs to make in the pool, assuming every report builds; none when they are
    up to date. Should a report fail, write_national_outputs makes them again afterwards."""
    ok_figs, rows, info, key = _overview_inputs(nat, loaded, figs, out, previous,
                                                _input_failures(loaded))
    if _overview_current(args, previous, key):
        return []
    out.overview_key = key
    assert out.national_figures is not None  # set by build_reports
    return overview_tasks(args.output, out.national_figures, ok_figs, rows, info)


def _init_worker() -> None:
    from grunnlag.pipeline.worker import (
        init_worker,  # in the worker: the parent never imports WeasyPrint
    )

    init_worker()


def _build_one(task: Task | NationalTask) -> Outcome:
    from grunnlag.pipeline.worker import build_national, build_one

    return build_national(task) if isinstance(task, NationalTask) else build_one(task)


def start_workers(jobs: int) -> WarmPool | None:
    """Start one warm worker now, while the parent loads and computes (none for --jobs 1)."""
    if jobs == 1:
        return None
    pool = WarmPool(_build_one, _init_worker, jobs, max_tasks=TASKS_PER_WORKER)
    pool.start()
    return pool


def _run(tasks: list[Task | NationalTask], pool: WarmPool | None,
         stats: dict) -> Iterator[Outcome]:
    """Yield outcomes as reports finish: in this process for --jobs 1, else in the pool."""
    if pool is None:
        if tasks:
            _init_worker()
        for t in tasks:
            yield _build_one(t)
        return
    with pool:
        yield from pool.run(tasks, lambda t, why: Outcome(t.stem, False, why))
    stats.update(pool.stats)


def write_national_outputs(args: Any, nat: stages.National, loaded: stages.Loaded,
                           figs: dict[str, Kommunetall], out: BuildOutcome) -> None:
    """nasjonal.json, nokkeltall.csv, index.html, the build record, and the overview PDFs when
    the pool did not already make them for exactly these results."""
    output: Path = args.output
    failures = {**_input_failures(loaded), **out.failures}
    built = {p.stem for p in loaded.paths.values() if _outputs_exist(output, p.stem)}
    previous = record.read(output)
    ok_figs, rows, info, national_key = _overview_inputs(nat, loaded, figs, out, previous,
                                                         failures, built)
    made = out.overview_ok and out.overview_key == national_key
    need_pdf = not made and not _overview_current(args, previous, national_key)
    changed = made or need_pdf or previous.get("nasjonal_nokkel") != national_key
    # The index also links every report there is: one built now may be new to it.
    index_key = keys.index_key(national_key, built)
    pages = changed or previous.get("indeks_nokkel") != index_key or not all(
        (output / f["index"]).exists() for f in NATIONAL_PAGES.values())
    # the key-figure tables also show each report's version and the decisions
    status = key_figure_status(loaded.kommuner, out.versions)
    tables_key = hashlib.sha256(
        (national_key + json.dumps(status, sort_keys=True)).encode()).hexdigest()
    data = changed or previous.get("nokkeltall_nokkel") != tables_key or not all(
        (output / name).exists() for name in DATA_FILES)
    if need_pdf:
        from grunnlag.render.pdf import (
            Renderer,  # imports WeasyPrint: only when the overview is rendered here
        )
    assert out.national_figures is not None  # set by build_reports
    write_national(output, out.national_figures, ok_figs, rows,
                   Renderer() if need_pdf else None, info, pages=pages, data=data, status=status)
    write_log(output / CHANGE_LOG, out.versions_before, out.versions,
              {nr: k.navn for nr, k in loaded.kommuner.items()}, out.date)
    record.write_final(output, nat.assumptions.versjon, out, national_key, index_key, failures,
                       previous, tables_key)
