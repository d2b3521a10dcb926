"""What the project office can find out after a build: a failed report's full traceback, and
why each report was rebuilt (bygglogg.json `grunner`, and `--verbose`)."""

from __future__ import annotations

import json

import pytest

from grunnlag.pipeline import keys
from tests.helpers import warm_start

PARTS = dict.fromkeys(keys.KEY_PARTS, "a")


@pytest.mark.parametrize(("old_parts", "old_key", "as_written", "forced", "why"), [
    (PARTS, keys.report_key(PARTS), True, False, []),
    (PARTS, keys.report_key(PARTS), True, True, ["tvunget"]),
    (PARTS, keys.report_key(PARTS), False, False, ["filer_endret"]),
    (None, None, False, False, ["ny"]),
    ({**PARTS, "kommunefil": "b", "nasjonale_tall": "b"}, "other", True, False,
     ["kommunefil", "nasjonale_tall"]),
    (None, "other", False, True, ["tvunget", "nokkel_endret", "filer_endret"]),
])
def test_why_a_report_is_rebuilt(old_parts, old_key, as_written, forced, why):
    assert keys.rebuild_reasons(PARTS, old_parts, old_key, as_written, forced) == why


def _record(out) -> dict:
    return json.loads((out / "bygglogg.json").read_text(encoding="utf-8"))


@pytest.mark.slow  # builds reports
def test_a_failed_report_keeps_its_traceback_and_a_rebuild_says_why(tmp_path, monkeypatch,
                                                                     capsys):
    import build
    from grunnlag.pipeline import worker

    out = tmp_path / "out"
    warm_start(out, reports=("4629",))  # Modalen as the session's seed built it: up to date
    render = worker.render_report

    def broken(task):
        if task.stem == "1151-utsira":
            raise ValueError("tabellen mangler en rad\nandre linje")
        return render(task)

    monkeypatch.setattr(worker, "render_report", broken)
    args = ["--jobs", "1", "--output", str(out), "--only", "1151", "4629"]
    assert build.main(args) == 1
    err = capsys.readouterr().err
    message = ("ValueError: tabellen mangler en rad (full trace: logs/1151-utsira.txt)")
    assert f"FAILED 1151-utsira: {message}" in err.splitlines()
    assert "Traceback" not in err
    trace = (out / "logs" / "1151-utsira.txt").read_text(encoding="utf-8")
    assert trace.startswith("Traceback (most recent call last):")
    assert "in broken" in trace and "andre linje" in trace
    record = _record(out)
    assert record["siste_bygg"]["feilet"]["1151-utsira"] == message
    assert record["siste_bygg"]["grunner"] == {"1151-utsira": ["ny"]}  # Modalen: up to date
    assert set(record["nokkeldeler"]) == {"4629-modalen"}  # only reports whose key is kept

    # Mended: Utsira is built, its stale trace goes; Modalen is up to date, and --verbose says so.
    monkeypatch.setattr(worker, "render_report", render)
    assert build.main([*args, "--verbose"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert "1151-utsira: rebuild (ny)" in err
    assert "4629-modalen: up to date" in err
    assert not (out / "logs" / "1151-utsira.txt").exists()
    assert _record(out)["siste_bygg"]["grunner"] == {"1151-utsira": ["ny"]}
