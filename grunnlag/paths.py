"""Where the project's own files live; the renderer may read nothing outside these."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CONTENT = ROOT / "content"
TEMPLATES = ROOT / "templates"
FONTS = ROOT / "fonts"
MUNICIPALITIES = ROOT / "municipalities"
ASSUMPTIONS = DATA / "forutsetninger.yaml"
DEFAULT_OUTPUT = ROOT / "output"


def asset_url(relative: str) -> str:
    """file: URL of an asset below templates/ (here, so templates need not import WeasyPrint)."""
    return (TEMPLATES / relative).resolve().as_uri()
