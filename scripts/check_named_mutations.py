"""The mutations of the model named in issue 25, each applied to a copy of the project: the fast
tests (`-m "not slow"`) must fail on every one of them. Prints which tests kill each mutation;
exits 1 if one survives or no longer applies (the code it changes has moved: update it here).

    .venv/bin/python scripts/check_named_mutations.py [pytest args, default: -m "not slow" -n 2]

Run by `make mutate` after the mutation tool's run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (what it stands for, file, the code, the mutated code)
MUTATIONS = (
    ("headline P50 and P85 swapped", "grunnlag/model/figures.py",
     'p50, p85 = unc["p50"], unc["p85"]', 'p50, p85 = unc["p85"], unc["p50"]'),
    ("the programme factor in the P85 net present value inverted", "grunnlag/model/economics.py",
     "program_factor=p.program_p85 / p.program_p50",
     "program_factor=p.program_p50 / p.program_p85"),
    ("the variable running cost dropped from the budget", "grunnlag/model/economics.py",
     "drift = {y: fixed_flows[y] + (var if y >= u.golive else 0.0) for y in p.years}",
     "drift = {y: fixed_flows[y] for y in p.years}"),
    ("VAT dropped on the fixed running cost", "grunnlag/model/economics.py",
     "fixed = fixed_drift_yearly(p) * key * p.mva * drift_factor",
     "fixed = fixed_drift_yearly(p) * key * drift_factor"),
    ("the delay drawn uniformly instead of by its probabilities", "grunnlag/model/uncertainty.py",
     "rng.choice(len(u.delay), size=n, p=probs / probs.sum())", "rng.choice(len(u.delay), size=n)"),
    ("the check that low … high lists are ordered removed", "grunnlag/inputs/assumption_checks.py",
     "if kind.ordered and any(", "if False and any("),
    ("the check that probabilities add up to 1 removed", "grunnlag/inputs/assumption_checks.py",
     "elif kind.sums_to_one and abs(", "elif False and abs("),
)

SKIP = shutil.ignore_patterns(".git", ".venv", ".venv-lock", "output", "bench-output",
                              "mutants", "__pycache__", ".pytest_cache", ".mypy_cache",
                              ".ruff_cache", "*.egg-info")


def run(copy: Path, args: list[str]) -> tuple[int, list[str], str]:
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        "-o", "addopts=", "-rf", *args], cwd=copy, capture_output=True,
                       text=True, env={**os.environ, "PYTHONPATH": str(copy)})
    failed = sorted(set(re.findall(r"^(?:FAILED|ERROR) (\S+?::[\w.]+(?:\[.*?\])?)(?: - |$)",
                                   r.stdout, re.M)))
    return r.returncode, failed, r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""


def main(argv: list[str]) -> int:
    args = argv or ["-m", "not slow", "-n", "2", "--dist", "loadfile"]
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        copy = Path(tmp) / "p"
        shutil.copytree(ROOT, copy, ignore=SKIP, symlinks=True)
        shared = ROOT.parent / "shared"
        if shared.exists() and not (Path(tmp) / "shared").exists():
            (Path(tmp) / "shared").symlink_to(shared)
        where = subprocess.run([sys.executable, "-c", "import grunnlag; print(grunnlag.__file__)"],
                               cwd=copy, capture_output=True, text=True,
                               env={**os.environ, "PYTHONPATH": str(copy)}).stdout.strip()
        assert where.startswith(str(copy)), f"the copy's package is not the one imported: {where}"
        code, failed, last = run(copy, args)
        if code != 0:
            print(f"the fast tests fail without any mutation: {last}\n  " + "\n  ".join(failed))
            return 1
        survived = 0
        for name, rel, old, new in MUTATIONS:
            path = copy / rel
            text = path.read_text(encoding="utf-8")
            if text.count(old) != 1:
                print(f"NO LONGER APPLIES  {name}: {rel} has {text.count(old)} × {old!r}")
                survived += 1
                continue
            path.write_text(text.replace(old, new), encoding="utf-8")
            try:
                code, failed, last = run(copy, args)
            finally:
                path.write_text(text, encoding="utf-8")
            if code == 0:
                survived += 1
                print(f"SURVIVED  {name} ({rel}): {last}")
            else:
                print(f"killed    {name} ({rel}) by {len(failed)} tests:")
                for test in failed:
                    print(f"            {test}")
        print(f"{len(MUTATIONS) - survived} of {len(MUTATIONS)} named mutations killed")
        return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
