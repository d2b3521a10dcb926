"""The same inputs give the same bytes: PDF, HTML, JSON, CSV and the national overview.

Two builds of the same two municipalities into different folders, the second at another
clock time (faketime, ten years on), in another time zone, with another hash seed, another
number of worker processes, and from the caches an earlier build kept instead of a fresh
start, must give byte-identical files. The first is the session's seed build
(tests/helpers.warm_seed: fresh, cold, two workers, UTC, hash seed 1). Dates in a first version
of a report, and of the overview, come from the data (rapportdato in data/forutsetninger.yaml),
never from the clock; a later version has the date of the build that made it
(tests/test_build_history.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pikepdf
import pytest

from grunnlag.inputs.assumptions import load_assumptions
from tests.build_server import base_env
from tests.helpers import ROOT, SEED_ENV, WARM_SEED, warm_seed, warm_start

pytestmark = pytest.mark.slow  # builds reports


ONLY = WARM_SEED  # one bokmål, one nynorsk
RECORD = "bygglogg.json"
FAKETIME = "@2031-07-15 13:37:00"  # starts then, and the clock runs on


def build(out, *, env: dict[str, str], prefix: tuple[str, ...] = (), jobs: str = "1"):
    full = base_env() | env
    r = subprocess.run([*prefix, sys.executable, "build.py", "--only", *ONLY, "--output",
                        str(out), "--force", "--jobs", jobs],
                       cwd=ROOT, env=full, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    faketime = shutil.which("faketime")
    assert faketime, "faketime is missing: `make test` installs it (Debian package faketime)"
    a = warm_seed()
    second = tmp_path_factory.mktemp("second")
    warm_start(second)  # and from what the first kept, against the first's fresh start
    env = {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Auckland"}
    assert all(SEED_ENV[k] != v for k, v in env.items())
    b = build(second, env=env | {"FAKETIME_DONT_FAKE_MONOTONIC": "1"},
              prefix=(faketime, "-f", FAKETIME), jobs="1")
    return a, b


def files(out) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.suffix in (".pdf", ".html", ".json", ".csv", ".xlsx", ".docx")
            and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def test_every_output_is_byte_identical(twice):
    a, b = (files(x) for x in twice)
    expected = {f"{kind}/{stem}.{ext}" for stem in ("1151-utsira", "4629-modalen")
                for kind, ext in (("pdf", "pdf"), ("html", "html"), ("data", "json"),
                                  ("docx", "docx"))}
    expected |= {"nasjonal-oversikt.pdf", "index.html", "nokkeltall.csv", "nokkeltall.xlsx",
                 "data/nasjonal.json"}
    assert expected <= set(a), sorted(set(a))
    assert set(a) == set(b)
    differ = [name for name in sorted(a) if a[name] != b[name] and name != RECORD]
    assert differ == []


def test_build_record_differs_only_in_its_measurements(twice):
    """bygglogg.json also logs time and memory; everything else in it is the same."""
    a, b = (json.loads((x / RECORD).read_text(encoding="utf-8")) for x in twice)
    assert a["nokler"] == b["nokler"] and len(a["nokler"]) == 2
    assert a["nasjonal_nokkel"] == b["nasjonal_nokkel"]
    for key in ("bygget", "feilet", "endrede_nokkeltall"):
        assert a["siste_bygg"][key] == b["siste_bygg"][key]


def test_pdf_dates_and_identifier_come_from_the_data(twice):
    date = load_assumptions().rapportdato
    for out in twice:
        for path in (out / "pdf" / "1151-utsira.pdf", out / "nasjonal-oversikt.pdf"):
            with pikepdf.open(path) as pdf:
                info = {str(k): str(v) for k, v in pdf.docinfo.items()}
                assert info["/CreationDate"].startswith(f"D:{date:%Y%m%d}"), info
                for key in ("/ModDate", "/CreationDate"):
                    assert "2031" not in info.get(key, ""), info  # the faked clock
                xmp = str(pdf.open_metadata())
                assert f"{date:%Y-%m-%d}" in xmp and "2031" not in xmp
                ids = [bytes(x) for x in pdf.trailer.ID]
                assert all(len(x) >= 16 for x in ids)
    with pikepdf.open(twice[0] / "pdf" / "1151-utsira.pdf") as p1, \
            pikepdf.open(twice[0] / "pdf" / "4629-modalen.pdf") as p2:
        assert bytes(p1.trailer.ID[0]) != bytes(p2.trailer.ID[0])  # one per report, not fixed


def test_the_clock_really_was_faked():
    """Guards the test above: under faketime the build's own process sees 2031."""
    r = subprocess.run([shutil.which("faketime") or "faketime", "-f", FAKETIME, sys.executable,
                        "-c", "import datetime; print(datetime.date.today().year)"],
                       env=os.environ | {"FAKETIME_DONT_FAKE_MONOTONIC": "1"},
                       capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "2031", r.stderr


def test_outputs_get_the_usual_file_mode(twice):
    """Written through a temporary file, yet readable as any new file is (0644 under umask
    022), so a web server can serve the reports."""
    umask = os.umask(0)
    os.umask(umask)
    modes = {str(p.relative_to(twice[0])): p.stat().st_mode & 0o777
             for p in twice[0].rglob("*") if p.is_file()}
    assert modes and all(m == 0o666 & ~umask for m in modes.values()), modes
