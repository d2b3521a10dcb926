"""Report versions: a report's version goes up when one of its headline figures or its own
texts changed, and the report lists what changed, from what to what.

The previous figures and version of every municipality are kept in the build record
(bygglogg.json, key `versjoner`), never taken from the clock, so the same history gives the
same versions and the same bytes. A first build is version 1.

Each version keeps the date it was made (`dato`), the date the report shows: version 1 has the
date of the first issue, `rapportdato` in the national assumptions (so a first build gives the
same bytes on any day); a later version the date of the build that made it (clock.build_date),
never before the version it replaces. A report whose version stays keeps its date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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


def _date(entry: dict) -> dt.date | None:
    """The recorded date of a version, or None (a record from before dates were kept)."""
    try:
        return dt.date.fromisoformat(entry["dato"])
    except (KeyError, TypeError, ValueError):
        return None


def next_version(previous: dict | None, snap: dict[str, Any], today: dt.date,
                 first: dt.date) -> dict[str, Any]:
    """This build's version entry: kept when nothing changed, else one up with the changes.

    The entry holds the version, the date it was made (`dato`: `first` for version 1, else
    `today`, never before the previous version's), the figures it was made from (`tall`) and
    what changed since the version before (`endringar`: field, from, to).
    """
    if not _valid(previous):  # none yet, or a record of the wrong shape: start again
        return {"versjon": 1, "dato": first.isoformat(), "tall": snap, "endringar": []}
    assert previous is not None
    before = _date(previous)
    old = previous["tall"]
    changes = [{"felt": key, "fra": old.get(key), "til": snap[key]}
               for key in FIELDS if old.get(key) != snap[key]]
    if not changes:
        # a version recorded without its date was made no later than this build
        kept = before or (first if previous["versjon"] == 1 else today)
        return {**previous, "dato": kept.isoformat(), "tall": snap}
    made = max(today, before or first)
    return {"versjon": previous["versjon"] + 1, "dato": made.isoformat(), "tall": snap,
            "endringar": changes}


def versioned(fig: Kommunetall, entry: dict) -> Rapporttall:
    """A municipality's figures with its `versjon`, the date it was made (`versjonsdato`) and
    `endringar` (its JSON and report)."""
    return Rapporttall(**dict(fig), versjon=entry["versjon"], versjonsdato=entry["dato"],
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
              names: dict[str, str], date: dt.date) -> None:
    """Append this build's changes to endringslogg.csv and .xlsx (grunnlag/pipeline/changelog.py),
    with the build's date; a build in which no version went up leaves them as they were."""
    changelog.append(path, log_rows(before, after, names), date)


def summary_line(before: dict[str, dict], after: dict[str, dict], output: Path) -> str:
    """The build's last line: how many reports got a new version, and where they are listed."""
    n = len(raised(before, after))
    if not n:
        return "No report got a new version."
    which = "report got a new version" if n == 1 else "reports got a new version"
    return (f"{n} {which}; the changes are listed in "
            f"{output / 'endringslogg.csv'} and endringslogg.xlsx.")


def overview_content(national: dict, figs_json: str, rows: list[dict],
                     failures: dict[str, str]) -> str:
    """A fingerprint of what the national overview shows: the national figures, each
    municipality's figures (`figs_json`, keys.figures_json of those it shows), name and
    decision, and which reports failed (not the code that lays it out: a new layout of the
    same content keeps its version, as a report's does)."""
    h = hashlib.sha256(json.dumps(national, sort_keys=True).encode())
    h.update(figs_json.encode())
    h.update(json.dumps([(r["nr"], r["navn"], r["status"]) for r in rows]).encode())
    h.update(json.dumps(failures, sort_keys=True).encode())
    return h.hexdigest()


def next_overview_version(previous: Any, content: str, today: dt.date,
                          first: dt.date) -> dict[str, Any]:
    """The national overview's version entry (bygglogg.json `nasjonal_versjon`): kept while its
    content is the same, else one up and dated by this build; version 1 has the date of the
    first issue, as a report's has."""
    valid = (isinstance(previous, dict) and isinstance(previous.get("versjon"), int)
             and previous["versjon"] >= 1 and isinstance(previous.get("innhold"), str))
    if not valid:
        return {"versjon": 1, "dato": first.isoformat(), "innhold": content}
    before = _date(previous) or first
    if previous["innhold"] == content:
        return {"versjon": previous["versjon"], "dato": before.isoformat(), "innhold": content}
    return {"versjon": previous["versjon"] + 1, "dato": max(today, before).isoformat(),
            "innhold": content}
