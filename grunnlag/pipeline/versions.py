"""Report versions: a report's version goes up when one of its headline figures or its own
texts changed, and the report lists what changed, from what to what.

The previous figures and version of every municipality are kept in the build record
(bygglogg.json, key `versjoner`), never taken from the clock, so the same history gives the
same versions and the same bytes. A first build is version 1.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from grunnlag.inputs.schema import Kommune
from grunnlag.model.contract import Endring, Kommunetall, Rapporttall
from grunnlag.pipeline import changelog
from grunnlag.render.version_view import system_line

# What a report's version follows, in the order the change list shows them.
HEADLINE_FIGURES = ("folketall", "kommunal_kostnad_p50", "kommunal_kostnad_p85",
                    "statlig_kostnad", "gevinster_naverdi", "netto_naverdi", "andre_naverdi",
                    "break_even_ar", "innforingsar", "avtale", "forutsetninger_versjon")
OWN_TEXTS = ("navn", "sprak", "intensjonserklaering", "vedtak", "lokal_innforing",
             "journalsystemer", "merknad")
FIELDS = HEADLINE_FIGURES + OWN_TEXTS
LOG_COLUMNS = ("kommunenummer", "navn", "versjon", "felt", "fra", "til")


def snapshot(k: Kommune, fig: Kommunetall) -> dict[str, Any]:
    """The values a version follows, as plain JSON values (so a read-back record compares)."""
    own = {
        "navn": k.navn,
        "sprak": k.sprak,
        "intensjonserklaering": k.intensjonserklaering,
        "vedtak": k.vedtak.status if k.vedtak else None,
        "lokal_innforing": k.kostnader.lokal_innforing if k.kostnader else None,
        "journalsystemer": [[s.tjenesteomrade, s.system, s.leverandor, s.kontrakt_utloper,
                             s.arlig_kostnad] for s in k.journalsystemer or []] or None,
        "merknad": k.merknad,
    }
    snap = {**{key: getattr(fig, key) for key in HEADLINE_FIGURES}, **own}
    return json.loads(json.dumps(snap))


def _valid(entry: Any) -> bool:
    """A recorded entry of the shape next_version writes."""
    return (isinstance(entry, dict) and isinstance(entry.get("tall"), dict)
            and isinstance(entry.get("versjon"), int) and entry["versjon"] >= 1
            and isinstance(entry.get("endringar"), list))


def next_version(previous: dict | None, snap: dict[str, Any]) -> dict[str, Any]:
    """This build's version entry: kept when nothing changed, else one up with the changes.

    The entry holds the version, the figures it was made from (`tall`) and what changed
    since the version before (`endringar`: field, from, to).
    """
    if not _valid(previous):  # none yet, or a record of the wrong shape: start again
        return {"versjon": 1, "tall": snap, "endringar": []}
    assert previous is not None
    old = previous["tall"]
    changes = [{"felt": key, "fra": old.get(key), "til": snap[key]}
               for key in FIELDS if old.get(key) != snap[key]]
    if not changes:
        return {**previous, "tall": snap}
    return {"versjon": previous["versjon"] + 1, "tall": snap, "endringar": changes}


def versioned(fig: Kommunetall, entry: dict) -> Rapporttall:
    """A municipality's figures with its `versjon` and `endringar` (its JSON and report)."""
    return Rapporttall(**dict(fig), versjon=entry["versjon"],
                       endringar=[Endring(**c) for c in entry["endringar"]])


def _cell(value: Any) -> Any:
    """A CSV cell: empty when unknown; the journal systems one per line-part, '; ' apart."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(system_line(area, system, rest) for area, system, *rest in value)
    return value


def raised(before: dict[str, dict], after: dict[str, dict]) -> dict[str, dict]:
    """The entries of the reports whose version went up in this build, by kommunenummer."""
    def old(nr: str) -> Any:
        return before[nr].get("versjon") if isinstance(before.get(nr), dict) else None

    return {nr: e for nr, e in sorted(after.items()) if e["endringar"] and old(nr) != e["versjon"]}


def log_rows(before: dict[str, dict], after: dict[str, dict],
             names: dict[str, str]) -> list[dict[str, Any]]:
    """endringslogg.csv: one row per changed field of every report whose version went up."""
    return [{"kommunenummer": nr, "navn": names.get(nr, ""), "versjon": e["versjon"],
             "felt": c["felt"], "fra": _cell(c["fra"]), "til": _cell(c["til"])}
            for nr, e in raised(before, after).items() for c in e["endringar"]]


def write_log(path: Path, before: dict[str, dict], after: dict[str, dict],
              names: dict[str, str], date: dt.date | None = None) -> None:
    """Append this build's changes to endringslogg.csv and .xlsx (grunnlag/pipeline/changelog.py);
    a build in which no version went up leaves them as they were."""
    changelog.append(path, log_rows(before, after, names), date or dt.date.today())


def summary_line(before: dict[str, dict], after: dict[str, dict], output: Path) -> str:
    """The build's last line: how many reports got a new version, and where they are listed."""
    n = len(raised(before, after))
    if not n:
        return "No report got a new version."
    which = "report got a new version" if n == 1 else "reports got a new version"
    return (f"{n} {which}; the changes are listed in "
            f"{output / 'endringslogg.csv'} and endringslogg.xlsx.")
