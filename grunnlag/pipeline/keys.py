"""Rebuild keys: a report is rebuilt exactly when something it is made from changed: the code,
templates, texts, fonts and data, the libraries that shape its bytes, its own file and figures,
and the national figures it quotes."""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from grunnlag import __version__
from grunnlag.inputs.schema import Kommune
from grunnlag.paths import ROOT

if TYPE_CHECKING:
    from grunnlag.pipeline.stages import National


# Libraries whose version can change a report's bytes or figures: the PDF stack, the DOCX and
# the spreadsheet writers, templates and Markdown, number formatting, and numpy's random streams.
OUTPUT_LIBRARIES = ("weasyprint", "pydyf", "pikepdf", "pyphen", "fonttools", "python-docx",
                    "openpyxl", "jinja2", "markdown-it-py", "babel", "numpy")

# The exact versions and hashes `make build` installs (`make lock` renews them): any change to it
# rebuilds every report, also one OUTPUT_LIBRARIES misses (a library those load, a new wheel).
LOCK_FILE = ROOT / "requirements.lock"


def assets_hash(*roots: Path) -> str:
    """Everything the reports are made from; an upgraded PDF library changes their bytes too,
    and so may any package of the lock file, whose hash is therefore part of the key."""
    h = hashlib.sha256(__version__.encode())
    for lib in OUTPUT_LIBRARIES:
        h.update(f"{lib}=={metadata.version(lib)};".encode())
    h.update(hashlib.sha256(LOCK_FILE.read_bytes()).digest())
    for root in roots:
        for p in sorted(x for x in root.rglob("*") if x.is_file() and "__pycache__" not in x.parts):
            h.update(str(p.relative_to(ROOT)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def combined(*hashes: str) -> str:
    """One hash of several (e.g. the model's inputs and the templates, texts and fonts)."""
    return hashlib.sha256("\n".join(hashes).encode()).hexdigest()


# The parts of a report's key, by the names the build record gives them (bygglogg.json
# `nokkeldeler`), so a rebuild can say which part changed.
KEY_PARTS = ("kode_og_data", "kommunefil", "tall", "nasjonale_tall")


def report_key_parts(nat: National, k: Kommune, fig: dict, quotes: dict) -> dict[str, str]:
    """What a report depends on, part by part: code, templates, texts, fonts and data; its
    municipality file; its figures; and the national figures it quotes (stages.report_quotes)."""
    def h(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    return dict(zip(KEY_PARTS, (nat.assets_hash, h(k.model_dump_json()),
                                h(json.dumps(fig, sort_keys=True)),
                                h(json.dumps(quotes, sort_keys=True))), strict=True))


def report_key(parts: dict[str, str]) -> str:
    """The report's rebuild key: one hash of its parts."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def rebuild_reasons(parts: dict[str, str], old_parts: dict[str, str] | None,
                    old_key: str | None, files_as_written: bool, forced: bool) -> list[str]:
    """Why a report is rebuilt, in the build record's words; [] when it is up to date.

    `ny` (never built into this folder), `tvunget` (--force), `filer_endret` (its files are
    missing or not as the build wrote them), or the key parts that changed; `nokkel_endret`
    when the previous record kept no parts to compare."""
    reasons = ["tvunget"] if forced else []
    if old_key is None:
        return [*reasons, "ny"]
    if old_key != report_key(parts):
        changed = [name for name in KEY_PARTS if (old_parts or {}).get(name) != parts[name]]
        reasons += changed if old_parts else ["nokkel_endret"]
    if not files_as_written:
        reasons.append("filer_endret")
    return reasons


def figures_json(figs: dict[str, dict]) -> str:
    """The figures of many reports as one canonical JSON text, which the overview's key and
    its content fingerprint both hash (made once per build: for all 291 it is most of what a
    build that renders nothing costs)."""
    return json.dumps(figs, sort_keys=True)


def report_key_national(nat: National, national: dict, figs_json: str,
                        failures: dict[str, str], version: dict | None = None) -> str:
    """What the national overview depends on: `figs_json` is figures_json() of every report's
    figures; with `version`, the version and date on its cover."""
    h = hashlib.sha256(nat.assets_hash.encode())
    h.update(json.dumps(version, sort_keys=True).encode())
    h.update(json.dumps(national, sort_keys=True).encode())
    h.update(figs_json.encode())
    h.update(json.dumps(failures, sort_keys=True).encode())
    return h.hexdigest()


def index_key(national_key: str, linked: set[str]) -> str:
    """What the index page depends on beyond the national overview: the reports it links."""
    h = hashlib.sha256(national_key.encode())
    h.update("\n".join(sorted(linked)).encode())
    return h.hexdigest()
