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


def report_key(nat: National, k: Kommune, fig: dict, national: dict) -> str:
    """What a report depends on: code, templates, texts, fonts, data, its file and figures."""
    h = hashlib.sha256(nat.assets_hash.encode())
    h.update(k.model_dump_json().encode())
    h.update(json.dumps(fig, sort_keys=True).encode())
    h.update(json.dumps(national["netto_naverdi_ved_deltakelse"], sort_keys=True).encode())
    h.update(str(national["folketall_total"]).encode())
    return h.hexdigest()


def report_key_national(nat: National, national: dict, figs: dict[str, dict],
                        failures: dict[str, str], version: dict | None = None) -> str:
    """What the national overview depends on (with `version`, the version and date on its
    cover)."""
    h = hashlib.sha256(nat.assets_hash.encode())
    h.update(json.dumps(version, sort_keys=True).encode())
    h.update(json.dumps(national, sort_keys=True).encode())
    h.update(json.dumps(figs, sort_keys=True).encode())
    h.update(json.dumps(failures, sort_keys=True).encode())
    return h.hexdigest()


def index_key(national_key: str, linked: set[str]) -> str:
    """What the index page depends on beyond the national overview: the reports it links."""
    h = hashlib.sha256(national_key.encode())
    h.update("\n".join(sorted(linked)).encode())
    return h.hexdigest()
