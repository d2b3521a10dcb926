"""Which files in municipalities/ are municipality files: the one rule the build and the
collection form both follow, so the form never reads a file the build skips (a backup such as
`1151-utsira.old.yaml`, an editor's lock file, a municipality outside the 291)."""

from __future__ import annotations

from pathlib import Path

from grunnlag.inputs.registry import in_scope, load_registry
from grunnlag.inputs.schema import FILE_NAME


def kommunenummer_of(path: Path) -> str | None:
    """The kommunenummer of a municipality file; None for any other file name."""
    match = FILE_NAME.fullmatch(path.name)
    if match is not None and in_scope(match[1]) and match[1] in load_registry():
        return match[1]
    return None


def municipality_files(directory: Path) -> dict[str, list[Path]]:
    """The files the build reads, by kommunenummer (two files for one number are both listed,
    so the caller can name them)."""
    out: dict[str, list[Path]] = {}
    for path in sorted(directory.glob("*.yaml")):
        nr = kommunenummer_of(path)
        if nr is not None:
            out.setdefault(nr, []).append(path)
    return out
