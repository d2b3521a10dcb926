"""Test helpers: a private copy of the project to break things in, and PDF text extraction."""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from grunnlag.files import write_text
from grunnlag.pipeline.outputs import report_files
from scripts.projectcopy import project_copy  # noqa: F401 (the tests' and the benchmark's copy)
from tests.build_server import HASH_SEED, Client, base_env

ROOT = Path(__file__).resolve().parent.parent
BUILDS = Client()  # this test worker's build server (tests/build_server.py)


def run_build(project: Path, *args: str, timeout: int = 600, warm: bool = False,
              env: dict[str, str] | None = None, reports: tuple[str, ...] = ()
              ) -> subprocess.CompletedProcess:
    """Run build.py as a user would, in `project`, and capture what it prints.

    With `warm`, a new output folder is first given what an earlier build of the same code and
    data keeps (warm_start, with the seed's `reports` among those named): a test pays for the
    reports it is about, not for the model's what-if blocks and the two national overview PDFs
    every fresh folder would redo.
    """
    if warm and not {"--check", "--export-form", "--import-form"} & set(args):
        output = Path(args[args.index("--output") + 1]) if "--output" in args else Path("output")
        output = output if output.is_absolute() else project / output
        if not output.exists() or (output.is_dir() and not any(output.iterdir())):
            warm_start(output, reports=reports)
    env = base_env() | (env or {})
    before = _children_cpu()
    if BUILDS.serves(env):
        done = BUILDS.run(project, list(args), env, timeout)
    else:
        done = subprocess.run([sys.executable, "build.py", *args], cwd=project, env=env,
                              capture_output=True, text=True, timeout=timeout)
    if os.environ.get("GRUNNLAG_TEST_BUILDLOG"):  # where the suite's CPU goes (docs/arkitektur.md)
        _log_build(Path(os.environ["GRUNNLAG_TEST_BUILDLOG"]), args, _children_cpu() - before,
                   done)
    return done


def _children_cpu() -> float:
    """CPU seconds of the processes this one waited for, and of the builds its server ran."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime + BUILDS.cpu


def _log_build(log: Path, args: tuple[str, ...], cpu: float,
               done: subprocess.CompletedProcess) -> None:
    """One JSON line per build.py a test runs: the test, the arguments, the CPU seconds of the
    build and its workers, and what the build said last."""
    with open(log, "a", encoding="utf-8") as f:
        f.write(json.dumps({"test": os.environ.get("PYTEST_CURRENT_TEST"), "args": args,
                            "cpu": round(cpu, 2),
                            "said": done.stderr.strip().splitlines()[-2:]}) + "\n")


WARM_DIR: Path | None = None  # the session's folder shared by the xdist workers (conftest)
WARM_SEED = ("1151", "4629")  # one bokmål and one nynorsk report: both shared parts are made


def warm_start(output: Path, shared_pages: bool = True, reports: tuple[str, ...] = ()) -> None:
    """Seed a new output folder with the caches (.cache/: model results and, unless
    `shared_pages` is False, the laid-out shared pages) and the national overview PDFs of one
    session-wide build, and a record holding only the overview's key. Every one of them is
    keyed by what it was made from, so a project whose code, data or figures differ simply
    makes its own (the build's own checks decide). With `reports` (kommunenummer), the seed's
    reports among them come along with their keys, and are up to date if nothing differs."""
    seed = warm_seed()
    output.mkdir(parents=True, exist_ok=True)
    ignore = None if shared_pages else shutil.ignore_patterns("felles")
    shutil.copytree(seed / ".cache", output / ".cache", ignore=ignore)
    for pdf in seed.glob("nasjonal-oversikt*.pdf"):
        shutil.copy2(pdf, output / pdf.name)
    record = json.loads((seed / "bygglogg.json").read_text(encoding="utf-8"))
    stems = [s for s in record["nokler"] if s.split("-")[0] in reports]
    for stem in stems:
        for path in report_files(seed, stem):
            target = output / path.relative_to(seed)
            target.parent.mkdir(exist_ok=True)
            shutil.copy2(path, target)
    (output / "bygglogg.json").write_text(json.dumps({
        "nasjonal_nokkel": record["nasjonal_nokkel"],
        "nokler": {s: record["nokler"][s] for s in stems},
        "filer": {s: record.get("filer", {}).get(s, "") for s in stems},  # copy2 keeps it
        "versjoner": {nr: v for nr, v in record["versjoner"].items() if nr in reports}}),
        encoding="utf-8")


SEED_ENV = {"PYTHONHASHSEED": HASH_SEED, "TZ": "UTC"}  # test_reproducible builds again in others


def warm_seed() -> Path:
    """One build of WARM_SEED for the session, made by whichever xdist worker asks first: a
    fresh, cold build with two workers, which test_reproducible also compares."""
    if WARM_DIR is None:
        raise RuntimeError("no session folder for the warm seed (tests/conftest.py sets it)")
    seed = WARM_DIR / "warm-seed"
    with open(WARM_DIR / "warm-seed.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (seed / "bygglogg.json").exists():
            r = run_build(ROOT, "--only", *WARM_SEED, "--output", str(seed), "--jobs", "2",
                          warm=False, env=SEED_ENV)
            assert r.returncode == 0, r.stdout + r.stderr
    return seed


def compute_shared(loaded: Any, nat: Any) -> tuple[dict, dict]:
    """stages.compute with a model cache shared by the session's xdist workers: the what-if
    blocks (about 6 s) are computed once per session for the same inputs, by whichever worker
    asks first, and read by the others (the cache is keyed by the model's inputs)."""
    from grunnlag.pipeline import stages

    with open(shared_model_cache().with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return stages.compute(loaded, nat, shared_model_cache())


def shared_model_cache() -> Path:
    """The output folder whose .cache/ holds compute_shared's model results."""
    if WARM_DIR is None:
        raise RuntimeError("no session folder for the model cache (tests/conftest.py sets it)")
    return WARM_DIR / "model-cache"


def pdf_text(path: Path) -> str:
    """All text of a PDF, as a reader's copy-paste would give it."""
    return "\n".join(pdf_pages(path))


def pdf_pages(path: Path, layout: bool = False) -> tuple[str, ...]:
    """The text of each page, in reading order or (`layout`) line by line as printed, e.g. a
    footer's left and right part on one line. Extracted once per file version: many tests read
    the same few reports."""
    st = path.stat()
    return _pdf_pages(path.resolve(), st.st_mtime_ns, st.st_size, layout)


@functools.lru_cache(maxsize=64)
def _pdf_pages(path: Path, mtime_ns: int, size: int, layout: bool) -> tuple[str, ...]:
    """Poppler's pdftotext, as a PDF viewer's copy gives it (five times faster than pypdf,
    whose extraction cost as much as rendering the report); it ends every page with a form
    feed. Kept by the PDF's bytes in the session's folder, so the test workers, which read the
    same shared reports, extract each once (about 0.6 s of CPU per report)."""
    data = path.read_bytes()
    kept = None
    if WARM_DIR is not None:
        kept = WARM_DIR / "pdftotext" / (hashlib.sha256(data).hexdigest() + ("-l" if layout
                                                                              else "") + ".txt")
        if kept.is_file():
            return _split_pages(kept.read_text(encoding="utf-8"))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []),
                           "-", "-"], input=data, capture_output=True, check=True,
                          timeout=120).stdout.decode("utf-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as text=True reads it
    if kept is not None:
        write_text(kept, text)  # whole or not at all, for the other worker
    return _split_pages(text)


def _split_pages(text: str) -> tuple[str, ...]:
    pages = text.split("\f")
    return tuple(pages[:-1] if pages and pages[-1] == "" else pages)


def struct_elements(node: Any) -> Iterator[Any]:
    """Structure elements of a tagged PDF below `node` (e.g. pdf.Root.StructTreeRoot.K),
    depth first, i.e. in the logical reading order."""
    import pikepdf

    kids = node if isinstance(node, pikepdf.Array) else [node]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            if "/K" in kid:
                yield from struct_elements(kid.K)
