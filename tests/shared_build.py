"""One small real build shared by test modules and by pytest-xdist workers.

Why: a module-scoped fixture is built again in every worker that runs a test of the module.
The PDF-structure and browser tests read the same few reports, so the first worker builds them
under a file lock in the session's common temporary folder and the others reuse the result.
"""

from __future__ import annotations

import fcntl
import json
from pathlib import Path

import pytest

from tests.helpers import ROOT, run_build

# The reports that tests read back, built once per session: Oslo (city, the largest), Utsira
# (tiny), Voss and Modalen (nynorsk), Porsanger and Karasjok (Sami language area, Sami names);
# plus the national overview. One build for every test that only reads reports.
REPORT_SET = ("0301", "1151", "4621", "4629", "5436", "5437")
A11Y_SET = REPORT_SET


def shared_build(tmp_path_factory: pytest.TempPathFactory, numbers: tuple[str, ...]) -> Path:
    """Build `numbers` once per test session, whichever worker asks first; fail loudly."""
    base = tmp_path_factory.getbasetemp()
    common = base.parent if base.name.startswith("popen-gw") else base
    out = common / ("build-" + "-".join(numbers))
    with open(common / (out.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        record = out.with_suffix(".result.json")
        if not record.exists():
            r = run_build(ROOT, "--only", *numbers, "--output", str(out), "--jobs", "2",
                          warm=True, reports=numbers)  # the seed's two come ready
            record.write_text(json.dumps({"rc": r.returncode, "log": r.stdout + r.stderr}))
        result = json.loads(record.read_text())
    assert result["rc"] == 0, result["log"]
    return out
