#!/usr/bin/env python3
"""Benchmark the YAML loader: libyaml against the pure-Python reference loader.

Loads every municipalities/*.yaml and the national assumptions (data/forutsetninger.yaml) with
both loaders, checks that each file gives the same data and the same field→line map, and prints
the time each loader takes for all of them (best and median of --repeat runs; the machine's
speed drifts, so the best run is the fairest).

    python scripts/bench_yaml.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from grunnlag.inputs import yamlsafe  # noqa: E402
from grunnlag.paths import ASSUMPTIONS, MUNICIPALITIES  # noqa: E402


@contextlib.contextmanager
def reference_loader() -> Iterator[None]:
    """Load as if PyYAML had no libyaml: the pure-Python loader reads every file."""
    saved = yamlsafe._CParser
    yamlsafe._CParser = None
    try:
        yield
    finally:
        yamlsafe._CParser = saved


def files() -> list[tuple[Path, dict]]:
    """Each file with the settings the build loads it with (municipality files: text keys)."""
    municipalities = sorted(p for p in MUNICIPALITIES.glob("*.yaml") if p.is_file())
    return [(p, {"int_keys": False}) for p in municipalities] + [(ASSUMPTIONS, {})]


def load_all(paths: list[tuple[Path, dict]]) -> list[tuple[object, dict]]:
    return [yamlsafe.load_yaml(p, **kw) for p, kw in paths]


def timed(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best and median seconds of `repeat` runs of `run`, after one warm-up run."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7, help="timed runs per loader (default 7)")
    args = ap.parse_args()
    if yamlsafe._CParser is None:
        sys.exit("PyYAML has no libyaml here (yaml.__with_libyaml__ is False): nothing to compare")

    paths = files()
    n_muni = len(paths) - 1

    # the same data and lines for every file
    new = load_all(paths)
    with reference_loader():
        old = load_all(paths)
    differ = [p.name for (p, _), a, b in zip(paths, old, new, strict=True)
              if repr(a[0]) != repr(b[0]) or a[1] != b[1]]
    fast = sum(yamlsafe._load_fast(p.read_text(encoding="utf-8"), 20, 0, kw.get("int_keys", True))
               is not None for p, kw in paths)
    print(f"{len(paths)} files ({n_muni} municipalities + {ASSUMPTIONS.name}): "
          f"{len(paths) - len(differ)} identical (data and lines), {len(differ)} differ; "
          f"{fast} read by libyaml, {len(paths) - fast} left to the reference loader")
    if differ:
        print("differ: " + ", ".join(differ))

    # the old loader against the new
    with reference_loader():
        old_best, old_median = timed(lambda: load_all(paths), args.repeat)
    new_best, new_median = timed(lambda: load_all(paths), args.repeat)
    print(f"\nall {len(paths)} files, best (median) of {args.repeat}:")
    print(f"  pure-Python loader (old)   {ms(old_best)} ({ms(old_median).strip()})")
    print(f"  libyaml loader (new)       {ms(new_best)} ({ms(new_median).strip()})"
          f"   {old_best / new_best:5.1f}x faster")
    with reference_loader():
        one_old, _ = timed(lambda: yamlsafe.load_yaml(ASSUMPTIONS), args.repeat)
    one_new, _ = timed(lambda: yamlsafe.load_yaml(ASSUMPTIONS), args.repeat)
    print(f"  of which {ASSUMPTIONS.name}: old {ms(one_old).strip()}, new {ms(one_new).strip()}")

    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
