"""An interrupted build (Ctrl-C, or a killed process) never leaves a truncated report, says
so in one line, and the next build carries on and completes.

Outputs are written to a temporary file in the same folder and renamed into place, so a
reader sees either the old file or the whole new one.
"""

from __future__ import annotations

import json
import os
import re
import signal
import time
from pathlib import Path

import pikepdf
import pytest

from grunnlag.files import write_bytes
from tests.build_server import Served, base_env
from tests.helpers import BUILDS, ROOT, run_build, warm_start

# Tests that build reports, run build.py or start a browser are marked slow one by one.

ONLY = ["1151", "4629", "1144"]  # three small ones: one before Ctrl-C, one before the kill
# (built in kommunenummer order: Kvitsøy, 1144, is the one the Ctrl-C step keeps)


def start_build(out: Path, *args: str) -> Served:
    """build.py in a session of its own, as a terminal runs it (Ctrl-C goes to the group, and
    is heard although a test worker may run with it ignored), in the worker's build server
    (tests/build_server.py); its output goes to files beside `out`."""
    logs = out.parent / f"{out.name}-{len(list(out.parent.glob(out.name + '-*.out')))}"
    return BUILDS.start(ROOT, ["--only", *ONLY, "--output", str(out), *args], base_env(),
                        session=True, stdout=logs.with_suffix(".out"),
                        stderr=logs.with_suffix(".err"))


def wait_for_pdfs(out: Path, proc: Served, count: int, timeout: float = 240) -> None:
    """Wait until `count` report PDFs exist (the build is then part-way)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if len(list((out / "pdf").glob("*.pdf"))) >= count:
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError("no PDF appeared in time")


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (the build's workers), from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pids: list[int]) -> list[int]:
    """Those of `pids` still running (a zombie has ended; it only waits to be reaped)."""
    running = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state not in ("Z", "X"):
            running.append(pid)
    return running


def stop_parent_while_workers_render(out: Path, sig: signal.Signals) -> tuple:
    """A two-worker build of the two reports whose PDFs are removed first (the first report,
    recorded by the Ctrl-C step, stays up to date), stopped with `sig` sent to build.py alone
    (not its group) once its workers are rendering: (exit status, stderr, workers still alive
    two seconds later). Not --force, which would lay the overview out again first."""
    for nr in ONLY[:2]:
        for pdf in (out / "pdf").glob(f"{nr}-*.pdf"):
            pdf.unlink()
    started = time.time()
    proc = start_build(out, "--jobs", "2")
    end = time.monotonic() + 240
    while not any(p.stat().st_mtime > started for p in (out / "pdf").glob("*.pdf")):
        assert proc.poll() is None and time.monotonic() < end, proc.stderr.read_text()
        time.sleep(0.05)
    workers = children(proc.pid)
    os.kill(proc.pid, sig)
    _, stderr = proc.communicate(timeout=60)
    deadline = time.monotonic() + 2
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = alive(workers)
    for pid in left:  # not to leave them behind for the other tests
        os.kill(pid, signal.SIGKILL)
    return proc.returncode, stderr, workers, left


def assert_whole_pdfs(out: Path) -> list[str]:
    """Every PDF present opens and has pages: none is truncated."""
    names = []
    for p in sorted(out.rglob("*.pdf")):
        with pikepdf.open(p) as pdf:
            assert len(pdf.pages) > 0, p
        names.append(p.name)
    return names


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory):
    """Ctrl-C after the first report, SIGKILL after the next, then a build that finishes."""
    out = tmp_path_factory.mktemp("out")
    warm_start(out)  # the model's results and the overview ready: the reports start at once
    steps: dict = {}

    proc = start_build(out, "--jobs", "1")
    wait_for_pdfs(out, proc, 1)
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    steps["sigint"] = (proc.returncode, stderr, assert_whole_pdfs(out))

    before = len(list((out / "pdf").glob("*.pdf")))
    proc = start_build(out, "--jobs", "1")
    wait_for_pdfs(out, proc, before + 1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    steps["sigkill"] = (proc.returncode, assert_whole_pdfs(out))

    steps["sigterm_parent"] = stop_parent_while_workers_render(out, signal.SIGTERM)
    steps["sigkill_parent"] = stop_parent_while_workers_render(out, signal.SIGKILL)

    r = run_build(ROOT, "--only", *ONLY, "--output", str(out), "--jobs", "1")
    steps["resume"] = r
    return out, steps


@pytest.mark.slow
def test_ctrl_c_prints_one_line_and_exits_130(interrupted):
    _, steps = interrupted
    code, stderr, _ = steps["sigint"]
    assert code == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1] == (
        "Interrupted: the reports finished so far are kept; run the same command again to "

        "carry on.")


@pytest.mark.slow
def test_no_truncated_pdf_after_ctrl_c_or_kill(interrupted):
    _, steps = interrupted
    assert steps["sigint"][2], "the first report should have been kept"
    assert steps["sigkill"][0] == -signal.SIGKILL
    assert len(steps["sigkill"][1]) > len(steps["sigint"][2])


@pytest.mark.slow
def test_next_build_carries_on_and_completes(interrupted):
    out, steps = interrupted
    r = steps["resume"]
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    pdfs = assert_whole_pdfs(out / "pdf")
    assert len(pdfs) == len(ONLY)
    assert (out / "nasjonal-oversikt.pdf").exists()
    assert [p for p in out.rglob("*") if p.name.endswith(".tmp")] == []
    # Reports finished before the kill were recorded, so the next build did not redo them.
    assert re.search(r"^[1-9]\d* reports are up to date", r.stderr, re.M), r.stderr
    for nr in ONLY:
        stem = next(p.stem for p in (out / "pdf").glob(f"{nr}-*.pdf"))
        assert (out / "html" / f"{stem}.html").exists()
        assert (out / "data" / f"{stem}.json").exists()


@pytest.mark.slow
@pytest.mark.parametrize("step", ["sigterm_parent", "sigkill_parent"])
def test_workers_die_with_their_build(interrupted, step):
    """SIGTERM or kill -9 of build.py alone: within two seconds none of its workers is left
    to write into a folder the next build owns."""
    _, steps = interrupted
    code, stderr, workers, left = steps[step]
    assert workers, "the build had no workers when it was stopped"
    assert left == [], f"{len(left)} of {len(workers)} workers outlived the build"
    if step == "sigterm_parent":
        assert code == 128 + signal.SIGTERM, stderr
        assert "Traceback" not in stderr
        assert stderr.strip().splitlines()[-1].startswith("Stopped: the reports finished so far")
    else:
        assert code == -signal.SIGKILL


def test_write_is_a_rename_of_a_finished_temporary_file(tmp_path, monkeypatch):
    """The report file is never opened for writing: a temporary is written, then renamed."""
    target = tmp_path / "pdf" / "x.pdf"
    target.parent.mkdir()
    target.write_bytes(b"old report")
    seen: list[tuple[str, str]] = []
    real_replace = os.replace

    def replace(src, dst):
        seen.append((Path(src).name, Path(dst).name))
        assert Path(src).read_bytes() == b"new report"   # complete before it is renamed
        assert target.read_bytes() == b"old report"       # the old one untouched until then
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    write_bytes(target, b"new report")
    assert target.read_bytes() == b"new report"
    assert len(seen) == 1 and seen[0][0].startswith(".x.pdf.") and seen[0][0].endswith(".tmp")
    assert [p.name for p in target.parent.iterdir()] == ["x.pdf"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "x.pdf"
    target.write_bytes(b"old report")

    def interrupted_replace(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted_replace)
    with pytest.raises(KeyboardInterrupt):
        write_bytes(target, b"new report")
    assert target.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"]



@pytest.mark.slow
def test_a_report_overwritten_after_its_build_is_not_taken_as_up_to_date(tmp_path):
    """A stopped build's worker (or anyone) replacing a report after it was recorded: the
    record's stamp no longer matches, so the next build makes the report again instead of
    calling the stranger's file up to date."""
    out = tmp_path / "out"
    warm_start(out, reports=("1151",))  # Utsira built and recorded, as the seed made it
    pdf = out / "pdf" / "1151-utsira.pdf"
    stale = (out / "data" / "1151-utsira.json")
    stale.write_text(stale.read_text(encoding="utf-8").replace("Utsira", "Utsyra"),
                     encoding="utf-8")  # another build's text, written after the record
    r = run_build(ROOT, "--only", "1151", "--output", str(out), "--jobs", "1")
    assert r.returncode == 0, r.stderr
    assert "; 0 up to date;" in r.stderr, r.stderr
    record = json.loads((out / "bygglogg.json").read_text(encoding="utf-8"))
    assert record["siste_bygg"]["bygget"] == ["1151-utsira"]
    assert "Utsyra" not in stale.read_text(encoding="utf-8")
    assert_whole_pdfs(pdf.parent)
