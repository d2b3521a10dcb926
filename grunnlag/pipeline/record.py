"""The build record (bygglogg.json): each report's rebuild key, version and file stamp, what the
last build did, and the national overview's key. Saved after every report, so a killed build
resumes.

A report's key is recorded only with the stamp of the files its own finished write produced
(`filer`, files.stamp), and only after they are in place; a report is up to date only while its
files still match that stamp. Files changed since, by anyone, or half-replaced by a build that
was stopped, are never taken for the recorded report.

Whatever is read back (this record, the model cache) is trusted only when it has the expected
shape; anything else is discarded with a one-line notice and rebuilt."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grunnlag.files import write_json

if TYPE_CHECKING:
    from grunnlag.pipeline.scheduler import BuildOutcome

RECORD = "bygglogg.json"

_noticed: set[str] = set()


def _kind(value: Any) -> str:
    return {type(None): "null", list: "a list", str: "a text", bool: "true/false"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__)


def read_object(path: Path, what: str,
                valid: Callable[[dict[str, Any]], bool] = lambda d: True) -> dict[str, Any]:
    """The JSON object stored in `path`, or {} when there is none.

    A file that is not JSON, not an object, or fails `valid` is reported once per run in one
    line on stderr (naming `what` it should have been) and treated as absent.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as e:
        return discard(path, what, f"cannot be read ({getattr(e, 'strerror', None) or e})")
    try:
        data = json.loads(text)
    except ValueError:
        return discard(path, what, "is not valid JSON")
    if not isinstance(data, dict):
        return discard(path, what, f"holds {_kind(data)}, not {what}")
    try:
        ok = valid(data)
    except (AttributeError, TypeError, ValueError, KeyError):
        ok = False
    if not ok:
        return discard(path, what, f"is not {what} of the expected shape")
    return data


def discard(path: Path, what: str, why: str) -> dict[str, Any]:
    """Say once per run, in one line, why a stored file is not used; {} stands for it."""
    if str(path) not in _noticed:
        _noticed.add(str(path))
        print(f"notice: {path}: {why}; it is ignored and rebuilt", file=sys.stderr)
    return {}


def str_map(value: Any) -> bool:
    """True for a JSON object of text to text (the build record's report keys)."""
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def read(output: Path) -> dict[str, Any]:
    """The previous build's record, or {} when it is missing or not of the record's shape."""
    return read_object(output / RECORD, "a build record",
                               lambda d: str_map(d.get("nokler", {})))


def stamps(previous: dict[str, Any]) -> dict[str, str]:
    """The file stamp of each report in a record ({} when missing or of another shape)."""
    value = previous.get("filer", {})
    return dict(value) if str_map(value) else {}


def key_parts(previous: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The parts of each report's recorded key (keys.KEY_PARTS); {} when missing or of another
    shape, and then a rebuild cannot say which part changed."""
    value = previous.get("nokkeldeler", {})
    if isinstance(value, dict) and all(str_map(v) for v in value.values()):
        return value
    return {}


def recorded_parts(out: BuildOutcome, previous: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The key parts of every report whose key is recorded: this build's where it made or
    confirmed the key, the previous record's for reports outside --only."""
    parts = {**key_parts(previous), **out.key_parts}
    return {stem: parts[stem] for stem in sorted(out.keys) if stem in parts}


def save_keys(output: Path, previous: dict[str, Any], out: BuildOutcome) -> None:
    """Record the keys, versions and file stamps of the reports finished so far, so a killed
    build need not redo them."""
    write_json(output / RECORD, {**previous, "nokler": dict(sorted(out.keys.items())),
                                 "nokkeldeler": recorded_parts(out, previous),
                                 "versjoner": dict(sorted(out.versions.items())),
                                 "filer": dict(sorted(out.stamps.items()))})


def write_final(output: Path, assumptions_version: str, out: BuildOutcome, national_key: str,
                index_key: str, failures: dict[str, str], previous: dict[str, Any],
                tables_key: str = "") -> None:
    """The record of a finished build: keys, versions, and what this build did and why."""
    write_json(output / RECORD, {
        "forutsetninger_versjon": assumptions_version,
        "nokler": dict(sorted(out.keys.items())),
        "nokkeldeler": recorded_parts(out, previous),
        "versjoner": dict(sorted(out.versions.items())),
        "filer": dict(sorted(out.stamps.items())),
        "nasjonal_nokkel": national_key,
        "nasjonal_versjon": out.overview_version,  # the overview's version, date and content
        "indeks_nokkel": index_key,  # the national key and the reports the index links
        "nokkeltall_nokkel": tables_key,  # the national key and the tables' status columns
        "siste_bygg": {
            "bygget": sorted(o.stem for o in out.built),
            # why each report was rebuilt (keys.rebuild_reasons), also those that then failed
            "grunner": dict(sorted(out.reasons.items())),
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
