"""The build record (bygglogg.json): each report's rebuild key and version, what the last build
did, and the national overview's key. Saved after every report, so a killed build resumes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from grunnlag.build import records
from grunnlag.files import write_json

if TYPE_CHECKING:
    from grunnlag.build.scheduler import BuildOutcome

RECORD = "bygglogg.json"


def read(output: Path) -> dict[str, Any]:
    """The previous build's record, or {} when it is missing or not of the record's shape."""
    return records.read_object(output / RECORD, "a build record",
                               lambda d: records.str_map(d.get("nokler", {})))


def save_keys(output: Path, previous: dict[str, Any], keys: dict[str, str],
              versions: dict[str, dict]) -> None:
    """Record the keys (and versions) of the reports finished so far, so a killed build need
    not redo them."""
    write_json(output / RECORD, {**previous, "nokler": dict(sorted(keys.items())),
                                 "versjoner": dict(sorted(versions.items()))})


def write_final(output: Path, assumptions_version: str, out: BuildOutcome, national_key: str,
                index_key: str, failures: dict[str, str]) -> None:
    """The record of a finished build: keys, versions, and what this build did."""
    write_json(output / RECORD, {
        "forutsetninger_versjon": assumptions_version,
        "nokler": dict(sorted(out.keys.items())),
        "versjoner": dict(sorted(out.versions.items())),
        "nasjonal_nokkel": national_key,
        "indeks_nokkel": index_key,  # the national key and the reports the index links
        "siste_bygg": {
            "bygget": sorted(o.stem for o in out.built),
            "oppdatert_fra_for": len(out.skipped),
            "sider": out.pages,
            "sider_felles_gjenbrukt": out.reused_pages,
            "sekunder_rendering": round(out.seconds, 2),  # with the overview PDFs, if made
            "sekunder_lengste_rapport": round(max((o.seconds for o in out.built), default=0), 2),
            "prosesser": {**out.pool, "peak_rss_mb_per_worker": round(max(
                [o.peak_rss_mb for o in out.built] + [out.pool.get("peak_rss_mb", 0.0)]), 1)},
            "feilet": dict(sorted(failures.items())),
            "endrede_nokkeltall": {nr: c for nr, c in sorted(out.changed.items()) if c},
        },
    })
