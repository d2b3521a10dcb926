"""A private copy of the project whose inputs a test or the benchmark may edit without touching
the real ones."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ("build.py", "requirements.lock", "grunnlag", "templates", "content", "data", "fonts",
        "municipalities")


def project_copy(dest: Path) -> Path:
    """A copy of the project whose inputs a test may edit without touching the real ones."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


