"""The administrative area for Sami languages: which municipalities are in it, and which
Sami language is the area's there (data/samisk_forvaltningsomrade.yaml)."""

from __future__ import annotations

from functools import cache

from grunnlag.inputs.yamlsafe import load_yaml
from grunnlag.paths import DATA

LANGUAGES = ("nordsamisk", "lulesamisk", "sørsamisk")
FILE = DATA / "samisk_forvaltningsomrade.yaml"


@cache
def area() -> dict[str, str]:
    """kommunenummer -> the Sami language of the area in that municipality."""
    data, _ = load_yaml(FILE, int_keys=False)
    kommuner = data["kommuner"]
    for nr, language in kommuner.items():
        if language not in LANGUAGES:
            raise ValueError(f"{FILE.name}: {nr}: unknown Sami language {language!r}")
    return dict(kommuner)


def sami_language(kommunenummer: str) -> str | None:
    """The area's Sami language in this municipality, or None outside the area."""
    return area().get(kommunenummer)
