"""A private copy of the project whose inputs a test or the benchmark may edit without touching
the real ones."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ("build.py", "requirements.lock", "grunnlag", "templates", "content", "data", "fonts",
        "municipalities")


def project_copy(dest: Path) -> Path:
    """A copy of the project whose inputs a test may edit without touching the real ones.

    The bytecode comes along (`make test` compiles it): a copy's every build process would
    otherwise compile the package again where PYTHONDONTWRITEBYTECODE is set. copy2 keeps the
    sources' times, so the bytecode stays valid, and a test's edit of a module invalidates it."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
            shutil.copy2(src, dest / name)
    return dest


