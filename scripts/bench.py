#!/usr/bin/env python3
"""Benchmark the build: forced full, no-op, one edit, a round of answers, and the naive way.

Everything runs in a private copy of the project (bench-output/project), so the real
municipalities/ are never edited. Prints a table and writes bench-output/bench.json.

    python scripts/bench.py [--only NR ...] [--sample 6] [--jobs N] [--quick]

The round is what the project office does after a form comes back: five municipalities answer
(a go-live year, a decision, an own cost, today's systems, a merknad; scripts/round_answers.py)
and the office builds. Only those five reports and the national outputs should be rebuilt.
--quick times the forced full build and the round only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.projectcopy import project_copy  # noqa: E402  (the same copy the tests make)
from scripts.round_answers import answer  # noqa: E402  (the same round the tests check)

OUT = ROOT / "bench-output"
GIB = 1024.0
EDIT_MARK = "merknad: Endret av benchmark"


def fresh_copy(dest: Path) -> Path:
    """A fresh copy of the project's code and inputs that the benchmark may edit."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    return project_copy(dest)


def build(project: Path, output: Path, *args: str, env: dict | None = None) -> dict:
    """Run build.py as a user would; wall time and what the build record says."""
    start, cpu = time.perf_counter(), _children_cpu()
    r = subprocess.run([sys.executable, "build.py", "--output", str(output), *args],
                       cwd=project, capture_output=True, text=True,
                       env={**os.environ, **(env or {})})
    wall = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if r.returncode not in (0, 1):
        sys.exit(f"build failed ({r.returncode}):\n{r.stderr[-3000:]}")
    record = json.loads((output / "bygglogg.json").read_text(encoding="utf-8"))["siste_bygg"]
    return {"seconds": round(wall, 2), "cpu_seconds": round(cpu, 1),
            "built": len(record["bygget"]),
            "up_to_date": record["oppdatert_fra_for"], "failed": len(record["feilet"]),
            "pages": record.get("sider", 0),
            "reused_pages": record.get("sider_felles_gjenbrukt", 0),
            "processes": record.get("prosesser", {}),
            "built_stems": record["bygget"], "exit": r.returncode,
            "stderr_tail": r.stderr.strip().splitlines()[-3:]}


def _children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes, workers included."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def edit_one(project: Path, stem: str) -> None:
    """Change one municipality's local text (merknad): its own report only, not the shares.

    A change of folketall would legitimately change every municipality's share through the
    distribution key, so the one-edit case edits something local on purpose.
    """
    f = project / "municipalities" / f"{stem}.yaml"
    text = f.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^merknad:.*\n", "", text)
    f.write_text(text.rstrip("\n") + f"\n{EDIT_MARK} {time.time():.0f}.\n", encoding="utf-8")


def naive(project: Path, html_dir: Path, stems: list[str]) -> dict:
    """One plain `weasyprint` process per report, sequentially, on the PDF-medium HTML."""
    from grunnlag.render.pdf_alt import charts_with_pdf_alt  # what Renderer.pdf does first

    exe = Path(sys.executable).with_name("weasyprint")
    css = project / "templates" / "css" / "print.css"
    base = str(project / "templates") + "/"
    times: list[float] = []
    cpus: list[float] = []
    tmp = OUT / "naive"
    tmp.mkdir(parents=True, exist_ok=True)
    for stem in stems:
        src = tmp / f"{stem}.html"
        src.write_text(charts_with_pdf_alt((html_dir / f"{stem}.html").read_text("utf-8")),
                       encoding="utf-8")
        start, cpu = time.perf_counter(), _children_cpu()
        subprocess.run([str(exe), "-s", str(css), "-u", base, "--pdf-variant", "pdf/a-2a",
                        "--pdf-tags", str(src), str(tmp / f"{stem}.pdf")],
                       check=True, capture_output=True)
        times.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu)
    per = sum(times) / len(times)
    return {"sample": stems, "seconds_each": [round(t, 2) for t in times],
            "seconds_per_report": round(per, 2),
            "cpu_seconds_per_report": round(sum(cpus) / len(cpus), 2)}


def answer_round(project: Path, output: Path, only: list[str], jobs: list[str]) -> dict:
    """Five municipalities answer; the office builds."""
    print("A round of five answers …", file=sys.stderr, flush=True)
    answered = answer(project / "municipalities")
    result = build(project, output, *only, *jobs)
    return {**result, "answered": answered}


def round_targets(rnd: dict, jobs: int) -> dict[str, bool]:
    return {f"round of five answers <= 20 s on {jobs} cores": rnd["seconds"] <= 20,
            "round rebuilds exactly the five answering reports":
                sorted(rnd["built_stems"]) == rnd["answered"]}


def report_round(full: dict, rnd: dict, jobs: int) -> int:
    """--quick: the full build and the round, printed and written to bench-round.json."""
    res = {"nproc": os.cpu_count(), "jobs": jobs, "full_forced_s": full["seconds"],
           "reports": full["built"], "round_s": rnd["seconds"],
           "round_cpu_s": rnd["cpu_seconds"], "round_rebuilt": rnd["built_stems"],
           "load_average": os.getloadavg(), "targets": round_targets(rnd, jobs)}
    (OUT / "bench-round.json").write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    print(f"forced full build       {full['seconds']:.1f} s ({full['built']} reports)")
    print(f"round of five answers   {rnd['seconds']:.2f} s, CPU {rnd['cpu_seconds']:.1f} s "
          f"({', '.join(rnd['built_stems'])})")
    for k, ok in res["targets"].items():
        print(f"{'ok ' if ok else 'MISS'} {k}")
    print(f"written: {OUT / 'bench-round.json'}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="+", help="benchmark only these municipalities")
    ap.add_argument("--sample", type=int, default=6, help="reports for the naive baseline")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--quick", action="store_true", help="the full build and the round only")
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    project = fresh_copy(OUT / "project")
    output = OUT / "output"
    if output.exists():
        shutil.rmtree(output)
    only = ["--only", *args.only] if args.only else []
    jobs = ["--jobs", str(args.jobs)]
    html_dir = OUT / "pdf-html"
    shutil.rmtree(html_dir, ignore_errors=True)

    print(f"Forced full build ({args.jobs} jobs) …", file=sys.stderr, flush=True)
    full = build(project, output, "--force", *only, *jobs)
    print(f"  {full['seconds']} s", file=sys.stderr)
    if args.quick:
        return report_round(full, answer_round(project, output, only, jobs), args.jobs)
    noop = build(project, output, *only, *jobs)
    stems = sorted(full["built_stems"])
    n = full["built"]
    # One edit, three times on three municipalities: a single timing on this machine can be
    # 20 % off, so the median is the figure and the slowest is shown beside it.
    edits = []
    for target in (stems[len(stems) // 2], stems[len(stems) // 4], stems[3 * len(stems) // 4]):
        edit_one(project, target)
        edits.append({"municipality": target, **build(project, output, *only, *jobs)})
    one = sorted(edits, key=lambda e: e["seconds"])[len(edits) // 2]
    rnd = answer_round(project, output, only, jobs)
    slowest = max(e["seconds"] for e in edits)
    step = max(1, len(stems) // args.sample)
    sample = stems[::step][:args.sample]
    # The naive baseline renders the same HTML the workers lay out. It is written by a separate
    # build of the sample only, so the timed full build above does no extra work for it.
    print(f"Naive baseline on {len(sample)} reports …", file=sys.stderr, flush=True)
    build(project, OUT / "naive-src", "--force", "--only", *(s.split("-")[0] for s in sample),
          *jobs, env={"GRUNNLAG_DUMP_PDF_HTML": str(html_dir)})
    base = naive(project, html_dir, sample)
    naive_total = base["seconds_per_report"] * n
    peak = full["processes"].get("peak_rss_mb_per_worker", 0.0)
    res = {
        "nproc": os.cpu_count(),
        "jobs": args.jobs,
        "reports": n,
        "pages": full["pages"],
        "shared_pages_reused": full["reused_pages"],
        "full_forced_s": full["seconds"],
        "pages_per_second": round(full["pages"] / full["seconds"], 2) if full["seconds"] else 0,
        "full_cpu_s": full["cpu_seconds"],
        "full_cpu_s_per_report": round(full["cpu_seconds"] / n, 2) if n else 0,
        "full_cores_busy": round(full["cpu_seconds"] / (full["seconds"] * args.jobs), 2),
        "noop_s": noop["seconds"],
        "noop_rebuilt": noop["built"],
        "one_edit_s": one["seconds"],
        "one_edit_s_slowest": slowest,
        "one_edit": [{k: e[k] for k in ("municipality", "seconds", "built_stems")}
                     for e in edits],
        "round_s": rnd["seconds"],
        "round_rebuilt": rnd["built_stems"],
        "peak_rss_mb_per_worker": peak,
        "workers": full["processes"],
        "naive_s_per_report": base["seconds_per_report"],
        "naive_total_s_scaled": round(naive_total, 1),
        "naive": base,
        "load_average": os.getloadavg(),
        "targets": {
            "full <= naive/4": full["seconds"] <= naive_total / 4,
            "noop <= full/20": noop["seconds"] <= full["seconds"] / 20,
            "noop < 2 s": noop["seconds"] < 2,
            "one_edit < 5 s (median of 3)": one["seconds"] < 5,
            "one_edit < 5 s (slowest of 3)": slowest < 5,
            "peak RSS < 1 GiB per worker": 0 < peak < GIB,
            **round_targets(rnd, args.jobs),
        },
    }
    (OUT / "bench.json").write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n",
                                    encoding="utf-8")
    rows = [
        ("cores (nproc) / jobs", f"{res['nproc']} / {args.jobs}"),
        ("reports / pages", f"{n} / {res['pages']}"),
        ("appendix pages reused", f"{full['reused_pages']} (laid out once, not per report)"),
        ("forced full build", f"{full['seconds']:.1f} s"),
        ("pages per second", f"{res['pages_per_second']:.2f}"),
        ("full build CPU per report", f"{res['full_cpu_s_per_report']:.2f} s "
         f"(cores busy {res['full_cores_busy']:.0%})"),
        ("no-op rebuild", f"{noop['seconds']:.2f} s ({noop['built']} rebuilt)"),
        ("one edit (merknad), median of 3",
         f"{one['seconds']:.2f} s, slowest {slowest:.2f} s "
         f"({'; '.join(', '.join(e['built_stems']) for e in edits)})"),
        ("round of five answers", f"{rnd['seconds']:.2f} s ({', '.join(rnd['built_stems'])})"),
        ("peak RSS per worker", f"{peak:.0f} MiB"),
        ("naive, per report", f"{base['seconds_per_report']:.2f} s, CPU "
         f"{base['cpu_seconds_per_report']:.2f} s (sample {len(sample)})"),
        ("naive, scaled to all", f"{naive_total:.0f} s"),
        ("full / naive", f"{full['seconds'] / naive_total:.3f}" if naive_total else "-"),
        ("no-op / full", f"{noop['seconds'] / full['seconds']:.3f}" if full["seconds"] else "-"),
    ]
    w = max(len(r[0]) for r in rows)
    for k, v in rows:
        print(f"{k:<{w}}  {v}")
    for k, ok in res["targets"].items():
        print(f"{'ok ' if ok else 'MISS'} {k}")
    print(f"written: {OUT / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
