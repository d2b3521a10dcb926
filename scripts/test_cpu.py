"""Where the test suite's CPU goes: a pytest plugin and its report.

CI's limit is wall time on two cores, and the suite is bound by CPU, so the CPU of each test
(the worker's own and that of the processes it waited for: builds, pdftotext, Chromium) is
what to cut. Record with

    GRUNNLAG_TEST_CPU=/tmp/cpu.jsonl GRUNNLAG_TEST_BUILDLOG=/tmp/builds.jsonl \\
        .venv/bin/python -m pytest -n 2 --dist loadfile -p scripts.test_cpu

and read with `.venv/bin/python scripts/test_cpu.py /tmp/cpu.jsonl [/tmp/builds.jsonl]`.
A session fixture's CPU counts towards the first test that asks for it.
"""

from __future__ import annotations

import collections
import json
import os
import resource
import sys
import time
from collections.abc import Generator
from typing import Any

import pytest


def _cpu() -> float:
    """This worker's CPU seconds and those of the processes it waited for, including the builds
    its build server ran (tests/build_server.py)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    helpers = sys.modules.get("tests.helpers")
    served = helpers.BUILDS.cpu if helpers else 0.0
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime + served


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None
                            ) -> Generator[None, Any, Any]:
    log = os.environ.get("GRUNNLAG_TEST_CPU")
    start, cpu = time.perf_counter(), _cpu()
    result = yield
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"test": item.nodeid, "cpu": round(_cpu() - cpu, 2),
                                "wall": round(time.perf_counter() - start, 2),
                                "worker": os.environ.get("PYTEST_XDIST_WORKER")}) + "\n")
    return result


def _lines(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def report(cpu_log: str, build_log: str | None = None) -> None:
    """CPU by test file and the 25 dearest tests; with the build log, the builds of each."""
    rows = _lines(cpu_log)
    by_file: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0])
    for r in rows:
        f = by_file[r["test"].split("::")[0]]
        f[0] += r["cpu"]
        f[1] += r["wall"]
        f[2] += 1
    print(f"{sum(r['cpu'] for r in rows):.0f} s of CPU in {len(rows)} tests")
    for name, (cpu, wall, n) in sorted(by_file.items(), key=lambda x: -x[1][0])[:25]:
        print(f"{cpu:7.1f} s CPU {wall:7.1f} s wall {n:4d} tests  {name}")
    print()
    for r in sorted(rows, key=lambda r: -r["cpu"])[:25]:
        print(f"{r['cpu']:7.1f} s CPU {r['wall']:7.1f} s wall  {r['test']}")
    if build_log:
        builds = _lines(build_log)
        print(f"\n{len(builds)} builds, {sum(b['cpu'] for b in builds):.0f} s of CPU")
        for b in sorted(builds, key=lambda b: -b["cpu"])[:40]:
            test = (b["test"] or "").split("::")[-1][:60]
            print(f"{b['cpu']:7.1f} s  {test:60s} {' '.join(b['args'])[:80]}")


if __name__ == "__main__":
    report(*sys.argv[1:3])
