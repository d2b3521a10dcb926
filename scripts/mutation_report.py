"""The score of the last `mutmut run` and its surviving mutants (for `make mutate`).

Reads mutants/mutmut-cicd-stats.json (written by `mutmut export-cicd-stats`) and the list of
mutants that were not killed (`mutmut results`); exits 1 if there is no run to report.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    stats_file = ROOT / "mutants" / "mutmut-cicd-stats.json"
    if not stats_file.exists():
        print("no mutation run to report: mutants/mutmut-cicd-stats.json is missing")
        return 1
    s = json.loads(stats_file.read_text(encoding="utf-8"))
    run = s["killed"] + s["survived"] + s.get("timeout", 0) + s.get("suspicious", 0) \
        + s.get("segfault", 0)
    print(f"mutation score: {s['killed']} of {run} mutants run killed "
          f"({100 * s['killed'] / max(1, run):.1f} %; {s['total']} made); "
          f"survived {s['survived']}, "
          f"timed out {s.get('timeout', 0)}, reached by no test {s.get('no_tests', 0)}, "
          f"suspicious {s.get('suspicious', 0)}, skipped {s.get('skipped', 0)}")
    mutmut = Path(sys.executable).parent / "mutmut"
    listed = subprocess.run([str(mutmut), "results"], cwd=ROOT, capture_output=True, text=True)
    lines = [line.strip() for line in listed.stdout.splitlines() if ":" in line]
    unchecked = [line for line in lines if line.endswith(": not checked")]
    left = [line for line in lines if not line.endswith(": not checked")]
    if unchecked:
        print(f"not run: {len(unchecked)} (`make mutate MUTANTS=…` chose the others)")
    print(f"run and not killed: {len(left)} (`.venv/bin/mutmut show NAME` shows one)")
    for line in left:
        print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
