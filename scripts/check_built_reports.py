#!/usr/bin/env python3
"""Checks over every built report in an output folder (issues 21 and 22), after `make build`.

    .venv/bin/python scripts/check_built_reports.py output

For each municipality: the three views add up (driftsdel + investeringsdel = netto per year, the
net present value's parts add up to it), running costs are uncertain (P85 > P50), «ingen avtale»
is not free, the finance workbook exists; in the PDF, no amount of more than four significant
digits on pages 1–3, no hyphenated «Akson» or name, no number broken across lines; every DOCX
in Norwegian with page numbers and no generator in its metadata. Every data/*.json and
nasjonal.json follows its committed JSON Schema (docs/skjema/, issue 25; needs the test
packages: `make setup-test`). Prints what it finds; exit 1 when anything is wrong.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

SCHEMAS = Path(__file__).resolve().parent.parent / "docs" / "skjema"
LONG_AMOUNT = re.compile(r"\d{1,3}(?:[ \u00a0]\d{3}){2,}[ \u00a0]kr")
SPLIT_NUMBER = re.compile(r"\d\n\d{3}[ \u00a0](?:kr|%|mill|mrd)")


def pdf_text(path: Path, last_page: int | None = None) -> str:
    pages = ["-l", str(last_page)] if last_page else []
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def schema_problems(out: Path) -> tuple[int, list[str]]:
    """How many JSON files were checked against docs/skjema/, and where they differ from it
    (the first three places of each file)."""
    from jsonschema import Draft202012Validator

    def validator(name: str) -> Draft202012Validator:
        path = SCHEMAS / f"{name}.schema.json"
        return Draft202012Validator(json.loads(path.read_text(encoding="utf-8")))

    files = [(path, "kommune") for path in sorted((out / "data").glob("[0-9]*.json"))]
    files.append((out / "data" / "nasjonal.json", "nasjonal"))
    checkers = {name: validator(name) for name in ("kommune", "nasjonal")}
    problems = []
    for path, name in files:
        if not path.is_file():
            problems.append(f"{path.name}: missing")
            continue
        found = sorted(checkers[name].iter_errors(json.loads(path.read_text(encoding="utf-8"))),
                       key=lambda e: list(map(str, e.absolute_path)))
        problems += [f"{path.stem}: schema: {'/'.join(map(str, e.absolute_path)) or '(top)'}: "
                     f"{e.message[:200]}" for e in found[:3]]
    return len(files), problems


def check(out: Path) -> list[str]:
    problems = []
    for path in sorted((out / "data").glob("[0-9]*.json")):
        f = json.loads(path.read_text(encoding="utf-8"))
        name = path.stem
        for row in f["kommunekassen"]["ar"]:
            if row["driftsdel"] + row["investeringsdel"] != row["netto"]:
                problems.append(f"{name} {row['ar']}: driftsdel + investeringsdel != netto")
        if sum(f["netto_naverdi_deler"].values()) != f["netto_naverdi"]:
            problems.append(f"{name}: the parts of the net present value do not add up")
        if f["budsjett_linjer_p85"]["drift"] <= f["budsjett_linjer_p50"]["drift"]:
            problems.append(f"{name}: running costs without uncertainty")
        if f["avtaler"]["ingen_avtale"]["kostnad_2021_2040"] <= 0:
            problems.append(f"{name}: «ingen avtale» costs nothing")
        if not (out / "xlsx" / f"{name}.xlsx").is_file():
            problems.append(f"{name}: no finance workbook")
        pdf = out / "pdf" / f"{name}.pdf"
        first = LONG_AMOUNT.search(pdf_text(pdf, 3))
        if first:
            problems.append(f"{name}: pages 1–3 show {first.group()!r}")
        text = pdf_text(pdf)
        for word in {"Akson", f["navn"].split(" ")[0].split("(")[0]}:
            for cut in range(2, len(word) - 1):
                if len(word) >= 4 and re.search(re.escape(word[:cut]) + r"[-\u2010\u00ad]\s*\n\s*"
                                                + re.escape(word[cut:]), text):
                    problems.append(f"{name}: «{word}» hyphenated")
        broken = SPLIT_NUMBER.search(text)
        if broken:
            problems.append(f"{name}: a number broken across lines: {broken.group()!r}")
        with zipfile.ZipFile(out / "docx" / f"{name}.docx") as z:
            core = z.read("docProps/core.xml").decode()
            footer = "".join(z.read(n).decode() for n in z.namelist() if "footer" in n)
        if not re.search(r"<dc:language>n[bn]-NO<", core):
            problems.append(f"{name}: the DOCX is not in Norwegian")
        if "PAGE" not in footer or "python-docx" in core:
            problems.append(f"{name}: the DOCX lacks page numbers or names its generator")
    return problems


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "output")
    reports = len(list((out / "data").glob("[0-9]*.json")))
    checked, problems = schema_problems(out)
    problems += check(out)
    for line in problems:
        print(line)
    print(f"Checked {reports} reports and {checked} JSON files against docs/skjema/: "
          f"{len(problems)} problems.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
