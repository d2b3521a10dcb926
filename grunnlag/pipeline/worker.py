"""Rendering one municipality's outputs, in a warm worker process.

Each worker loads templates, texts, stylesheet and fonts once (init_worker) and then renders
report after report. Everything a task needs travels in the Task; nothing is shared by memory.
"""

from __future__ import annotations

import os
import time
import traceback
from functools import cache
from pathlib import Path

from grunnlag.files import stamp, to_json, write_all, write_bytes, write_text
from grunnlag.inputs.assumptions import Forutsetninger, load_assumptions
from grunnlag.inputs.content import load_content
from grunnlag.inputs.texts import Catalog, load_catalogs
from grunnlag.pipeline.outputs import LOGS, log_file, report_files
from grunnlag.pipeline.pool import parent_alive, rss_mb
from grunnlag.pipeline.tasks import NationalTask, Outcome, Task
from grunnlag.render import finance_workbook
from grunnlag.render.docx_writer import write as write_docx
from grunnlag.render.html import render_page
from grunnlag.render.pdf import Renderer
from grunnlag.render.report import report_context
from grunnlag.render.report_charts import report_charts
from grunnlag.render.shared_store import FOLDER, SharedStore
from grunnlag.render.version_view import version_date

_renderer: Renderer | None = None


def init_worker() -> None:
    """Warm up a worker: parse CSS, load fonts, templates and texts once."""
    global _renderer
    _renderer = Renderer()
    load_catalogs()
    load_content()
    _assumptions()


@cache
def _store(output: Path, assets: str) -> SharedStore:
    """The shared pages of this output folder, kept across reports and builds."""
    return SharedStore(output / FOLDER, assets)


@cache
def _assumptions() -> Forutsetninger:
    """The national file, loaded once per worker (it was validated before any task ran)."""
    a = load_assumptions()
    assert not isinstance(a, list), a
    return a


def render_report(task: Task) -> tuple[bytes, str, str, bytes, bytes]:
    """The PDF, the web page, the JSON, the saksframlegg (DOCX) and the finance workbook of one
    municipality."""
    if _renderer is None:
        init_worker()
    assert _renderer is not None
    k, f = task.kommune, task.figures
    cat = load_catalogs()[k.sprak]
    content = load_content()
    a = _assumptions()
    base = report_context(k, f, a, cat, content, task.national, {})
    charts = report_charts(f, cat, k.navn, base["risiko_kommunen"], base["risiko_staten"])
    ctx = {**base, "charts": charts, "stem": task.stem, "felles_sider": 0}
    html_web = render_page("report.html.j2", cat, "web", part="hele", **ctx)
    shared = shared_part_html(ctx, cat, a)
    if os.environ.get("GRUNNLAG_DUMP_PDF_HTML"):  # debug hook: the benchmark's naive baseline
        dump = Path(os.environ["GRUNNLAG_DUMP_PDF_HTML"]) / f"{task.stem}.html"
        write_text(dump, render_page("report.html.j2", cat, "pdf", part="hele", **ctx))
    pdf = _renderer.pdf_with_shared(
        lambda n: render_page("report.html.j2", cat, "pdf", part="egen",
                              **{**ctx, "felles_sider": n}),
        shared, identity=task.key, store=_store(task.output, task.assets))
    made = version_date(f, a.rapportdato)  # the date of this version of the report
    docx = write_docx(base["sf_doc"], made, cat)
    workbook = finance_workbook.workbook_bytes(f, a, cat, task.national["folketall_total"], made)
    return pdf, html_web, to_json(f.as_json()), docx, workbook


def shared_part_html(ctx: dict, cat: Catalog, a: Forutsetninger) -> str:
    """The appendix every report of a language form shares, laid out once. It
    must not name the municipality, not even in its <head>, nor carry the date of the report's
    version, or it is shared only by the reports of one day; the joined PDF takes its title,
    language and dates from the report's own part."""
    return render_page("report.html.j2", cat, "pdf", part="felles",
                       **{**ctx, "title": cat.t("h_forutsetninger"), "description": "",
                          "created": a.rapportdato.isoformat()})


def build_one(task: Task) -> Outcome:
    """Render and write one municipality's outputs; never raises."""
    start = time.perf_counter()
    try:
        pdf, html, data, docx, workbook = render_report(task)
        pages = _renderer.last_pages if _renderer else 0
        reused = _renderer.last_reused if _renderer else 0
    except Exception as e:  # one report's failure must not stop the others
        return Outcome(task.stem, False, _failure(task, e))
    if not parent_alive():  # the build was stopped: whatever it asked for is no longer wanted
        os._exit(1)
    paths = report_files(task.output, task.stem)
    try:  # all five written in full before any replaces the previous build's
        written = write_all(dict(zip(paths, (pdf, html.encode("utf-8"), data.encode("utf-8"),
                                             docx, workbook), strict=True)))
    except OSError as e:  # e.g. a full disk: the previous report is kept, whole
        why = e.strerror or type(e).__name__
        return Outcome(task.stem, False, f"could not write the report ({why}); the previous "
                       "version is kept", kept_old=True)
    log_file(task.output, task.stem).unlink(missing_ok=True)  # an earlier failure's, now stale
    rss = rss_mb()[1]  # this process's peak resident memory
    return Outcome(task.stem, True, "", pages, time.perf_counter() - start, rss, reused,
                   stamp=stamp([written[p] for p in paths]))


def _failure(task: Task, e: Exception) -> str:
    """The one-line message of a failed report; its full traceback goes to logs/<stem>.txt."""
    line = f"{type(e).__name__}: {e}".splitlines()[0][:300]
    try:
        write_text(log_file(task.output, task.stem),
                   "".join(traceback.format_exception(e)))
    except OSError:  # the message still says what failed
        return line
    return f"{line} (full trace: {LOGS}/{task.stem}.txt)"


def build_national(task: NationalTask) -> Outcome:
    """Lay out and write one national overview PDF; never raises."""
    if _renderer is None:
        init_worker()
    assert _renderer is not None
    start = time.perf_counter()
    try:
        pdf = _renderer.pdf(task.html, identity=task.stem)
        if not parent_alive():
            os._exit(1)
        write_bytes(task.path, pdf)
    except Exception as e:  # the parent renders it again after the reports
        return Outcome(task.stem, False, f"{type(e).__name__}: {e}".splitlines()[0][:300])
    return Outcome(task.stem, True, "", _renderer.last_pages, time.perf_counter() - start,
                   rss_mb()[1])
