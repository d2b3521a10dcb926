"""Test helpers: a private copy of the project to break things in, and PDF text extraction."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COPY = ("build.py", "grunnlag", "templates", "content", "data", "fonts", "municipalities",
        "requirements.lock")  # the lock is part of every rebuild key


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


def run_build(project: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run build.py as a user would, in `project`, and capture what it prints."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "build.py", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=timeout)


def pdf_text(path: Path) -> str:
    """All text of a PDF, as a reader's copy-paste would give it."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def struct_elements(node: Any) -> Iterator[Any]:
    """Structure elements of a tagged PDF below `node` (e.g. pdf.Root.StructTreeRoot.K),
    depth first, i.e. in the logical reading order."""
    import pikepdf

    kids = node if isinstance(node, pikepdf.Array) else [node]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            if "/K" in kid:
                yield from struct_elements(kid.K)
