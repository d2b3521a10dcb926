"""The output folder and the build's own records in a hostile environment (issue 13, classes 5
and 6): the build deletes only what it made, never a good report before its replacement exists,
refuses folders it must not write in one line with exit 2, lets one build at a time write to a
folder, and rebuilds records and caches of the wrong shape instead of crashing."""

from __future__ import annotations

import errno
import fcntl
import json
import tempfile
from pathlib import Path

import pytest

from grunnlag.pipeline import computecache, record, worker
from grunnlag.pipeline.outputs import clean_temporaries
from grunnlag.pipeline.tasks import Task
from tests.helpers import project_copy, run_build, warm_start

LOCK = ".bygg.lock"  # grunnlag.pipeline.outdir.LOCK


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return project_copy(tmp_path_factory.mktemp("outdir") / "p")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


# ---------------------------------------------------------------- deleting only its own


def test_only_the_builds_own_temporaries_are_removed(tmp_path):
    out = tmp_path / "out"
    (out / "pdf").mkdir(parents=True)
    (out / "eget" / "arbeid").mkdir(parents=True)
    foreign = [out / ".utkast.tmp", out / "eget" / "arbeid" / ".notater.tmp",
               out / "pdf" / ".annet.tmp"]
    for f in foreign:
        f.write_text("someone else's work", encoding="utf-8")
    ours = out / "pdf" / ".0301-oslo.pdf.k2j4h5g6.grunnlag.tmp"
    ours.write_bytes(b"half a report")
    clean_temporaries(out)
    assert not ours.exists()
    assert all(f.read_text(encoding="utf-8") == "someone else's work" for f in foreign)


# ---------------------------------------------------------------- new before old


def test_a_failed_write_keeps_the_previous_report_whole(tmp_path, monkeypatch):
    """A full disk while writing the new HTML once left a new PDF beside an old HTML, and the
    build then deleted the old report."""
    out = tmp_path / "out"
    old = {out / "pdf" / "x.pdf": b"old pdf", out / "html" / "x.html": b"old html",
           out / "data" / "x.json": b'{"old": true}'}
    for path, data in old.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    monkeypatch.setattr(worker, "render_report", lambda task: (b"new pdf", "new html", "{}",
                                                                  b"new docx", b"new xlsx"))
    real_mkstemp = tempfile.mkstemp
    calls = []

    def mkstemp(*args, **kwargs):
        calls.append(kwargs.get("prefix"))
        if len(calls) == 2:  # the disk fills up after the PDF
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    outcome = worker.build_one(Task("x", None, {}, {}, out, "key", "assets"))  # type: ignore[arg-type]
    assert not outcome.ok and "No space left on device" in outcome.message
    assert {p: p.read_bytes() for p in old} == old
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["x.html", "x.json", "x.pdf"]


# ---------------------------------------------------------------- folders it must not use


@pytest.mark.parametrize(("given", "message"), [
    ("build.py", "--output build.py: is a file, not a folder"),
    (".", "--output .: is the project folder itself or contains it"),
    ("data", "--output data: lies inside the project's own data/"),
    ("municipalities/ut", "--output municipalities/ut: lies inside the project's own "
                          "municipalities/"),
])
def test_output_folder_that_cannot_be_used_is_one_line_and_exit_2(project, given, message):
    before = snapshot(project / "data"), snapshot(project / "municipalities")
    r = run_build(project, "--only", "0301", "--jobs", "1", "--output", given, timeout=120)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {message}"), r.stderr
    assert (snapshot(project / "data"), snapshot(project / "municipalities")) == before
    assert (project / "build.py").is_file()


def test_unwritable_output_folder_is_one_line(tmp_path, monkeypatch):
    """(Tests run as root, which may write anywhere, so the refusal is simulated.)"""
    from grunnlag.pipeline import outdir

    def refuse(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(outdir.OutputError) as info:
        outdir.lock(tmp_path / "ut")
    assert str(info.value) == f"--output {tmp_path / 'ut'}: cannot write there (Permission denied)"


def test_a_second_build_into_a_locked_folder_stops_with_exit_2(project, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with open(out / LOCK, "w", encoding="utf-8") as held:
        held.write("12345")
        held.flush()
        fcntl.lockf(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # "the first build"
        r = run_build(project, "--only", "0301", "--jobs", "1", "--output", str(out), timeout=120)
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip() == (f"error: --output {out}: another build is writing to this folder "
                                "(process 12345); wait for it to finish, or use another --output")
    assert sorted(p.name for p in out.iterdir()) == [LOCK]


# ---------------------------------------------------------------- records of the wrong shape


@pytest.mark.parametrize("content", ["null", "[]", '"x"', '{"nokler": []}', '{"nokler": null}'])
def test_build_record_of_the_wrong_shape_is_discarded_with_a_notice(tmp_path, capsys, content):
    (tmp_path / "bygglogg.json").write_text(content, encoding="utf-8")
    assert record.read(tmp_path) == {}
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"notice: {tmp_path / 'bygglogg.json'}: "), err
    assert err[0].endswith("it is ignored and rebuilt")


@pytest.mark.parametrize("content", ["null", "[]", '{"key": "K", "value": []}'])
def test_model_cache_of_the_wrong_shape_is_rebuilt(tmp_path, content, monkeypatch):
    path = tmp_path / computecache.FOLDER / "modell-tillegg.json"
    path.parent.mkdir(parents=True)
    key_parts = ["same inputs"]
    import hashlib
    key = hashlib.sha256(repr(key_parts).encode()).hexdigest()
    path.write_text(content.replace('"K"', json.dumps(key)), encoding="utf-8")
    assert computecache.cached(tmp_path, key_parts, lambda: {"0301": {"x": 1}}) == \
        {"0301": {"x": 1}}


def test_a_model_cache_changed_after_it_was_written_is_computed_again(tmp_path, capsys):
    """One figure changed in the file (by hand, or by a damaged disk), its key intact: the
    reports must not print it as the model's result."""
    key_parts, computed = ["same inputs"], {"0301": {"p50": 1_234_567, "p85": 2_345_678}}
    assert computecache.cached(tmp_path, key_parts, lambda: computed) == computed
    path = tmp_path / computecache.FOLDER / "modell-tillegg.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("1234567", "1234568"), encoding="utf-8")
    again = {"0301": {"p50": 1_234_567, "p85": 2_345_678}}
    assert computecache.cached(tmp_path, key_parts, lambda: again) == computed
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"notice: {path}: does not match its checksum (changed since it was written);"
                   " it is ignored and rebuilt"]
    assert path.read_text(encoding="utf-8") == text  # written again, as it was
    assert computecache.cached(tmp_path, key_parts, lambda: 1 / 0) == computed  # and read


@pytest.mark.slow
def test_build_with_a_null_record_and_caches_rebuilds_them(project, tmp_path):
    out = tmp_path / "out"
    (out / ".cache").mkdir(parents=True)
    for name in ("bygglogg.json", ".cache/modell-tillegg.json", ".cache/referanse.json"):
        (out / name).write_text("null", encoding="utf-8")
    m = project / "municipalities"  # and stray files, which are neither built nor listed
    (m / "notater.yaml").write_text('kommunenummer: "0301"\n', encoding="utf-8")
    trondheim = (m / "4629-modalen.yaml").read_text(encoding="utf-8").replace("4629", "5001")
    (m / "5001-trondheim.yaml").write_text(trondheim, encoding="utf-8")
    try:
        r = run_build(project, "--only", "4629", "--jobs", "1", "--output", str(out),
                      timeout=600)
    finally:
        (m / "notater.yaml").unlink()
        (m / "5001-trondheim.yaml").unlink()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "notater" not in index and 'data-navn="trondheim"' not in index
    assert index.count("<tr data-navn=") == 291
    assert json.loads((out / "data" / "nasjonal.json").read_text())["antall_kommuner"] == 291
    assert len([line for line in r.stderr.splitlines() if line.startswith("warning: ")]) == 2
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    notices = [line for line in r.stderr.splitlines() if line.startswith("notice: ")]
    assert len(notices) == 3, r.stderr  # the record and the two caches, one line each
    record = json.loads((out / "bygglogg.json").read_text(encoding="utf-8"))
    assert "4629-modalen" in record["nokler"]
    assert (out / "pdf" / "4629-modalen.pdf").exists()


def test_a_full_disk_during_the_build_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    """(A full disk cannot be made here, so the first write of the build fails with ENOSPC.)"""
    import build
    from grunnlag.pipeline import stages

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(stages, "compute", full)
    out = tmp_path / "out"
    code = build.main(["--only", "0301", "--jobs", "1", "--output", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err == [f"error: --output {out}: cannot write there (No space left on device); the "
                   "reports written so far are whole"]


@pytest.mark.slow
def test_a_build_that_cannot_write_a_report_keeps_the_previous_one(tmp_path, monkeypatch,
                                                                    capsys):
    """End to end (in this process, --jobs 1): the disk fills up while the rebuilt report is
    written; the previous report stays whole and in place, and the failure is named."""
    import build

    out = tmp_path / "out"
    # the previous report: Modalen as the session's seed built and recorded it, up to date
    # here (a build of it alone would render nothing: test_diagnostics shows it)
    warm_start(out, reports=("4629",))
    args = ["--only", "4629", "--jobs", "1", "--output", str(out)]
    before = {p: p.read_bytes() for sub in ("pdf", "html", "data")
              for p in (out / sub).glob("4629-*")}
    assert len(before) == 3

    def full(*a, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(worker, "write_all", full)
    capsys.readouterr()
    (out / "docx" / "4629-modalen.docx").unlink()  # so it is built again (--force would redo
    assert build.main(args) == 1                    # the overview too)
    err = capsys.readouterr().err
    assert "4629-modalen" in err and "No space left on device" in err, err
    assert {p: p.read_bytes() for p in before} == before
    record = json.loads((out / "bygglogg.json").read_text(encoding="utf-8"))
    assert "4629-modalen" in record["siste_bygg"]["feilet"]
    assert "4629-modalen" not in record["nokler"]  # so the next build tries again
