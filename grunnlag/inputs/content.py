"""Tailored content: benefits, drawbacks and risks chosen by rules on a municipality's facts.

Rules are data, not code: each item has `nar`, a mapping of named conditions that must all hold.
The conditions are the fixed set in PREDICATES; an unknown one is an error in the content file.
Nothing in a content file is ever evaluated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from grunnlag.inputs.texts import LANGS, ContentError, load_content_yaml
from grunnlag.paths import CONTENT, ROOT

Facts = dict[str, Any]
PREDICATES: dict[str, Callable[[Facts, Any], bool]] = {
    "alltid": lambda f, v: bool(v),
    "folketall_under": lambda f, v: f["folketall"] < v,
    "folketall_minst": lambda f, v: f["folketall"] >= v,
    "liten_kommune": lambda f, v: f["liten_kommune"] == v,
    "har_journalsystemer": lambda f, v: f["har_journalsystemer"] == v,
    "kontrakt_utloper_for_innforing": lambda f, v: f["kontrakt_for_innforing"] == v,
    "tall_estimert": lambda f, v: f["tall_estimert"] == v,
    "netto_naverdi_negativ": lambda f, v: (f["netto_naverdi"] < 0) == v,
    "kasse_netto_negativ": lambda f, v: (f["kasse_netto"] < 0) == v,
    "break_even_innen_perioden": lambda f, v: (f["break_even_ar"] is not None) == v,
    "befolkningsandel_minst": lambda f, v: f["befolkningsandel"] >= v,
    "intensjonserklaering": lambda f, v: f["intensjonserklaering"] == v,
    "vedtak": lambda f, v: f["vedtak"] == v,
    "kostnad_per_innbygger_over": lambda f, v: (f["kostnad_per_innbygger_per_ar"] or 0) > v,
}
BEARERS = {"kommunen", "staten", "begge"}
SCALE = range(1, 6)


@dataclass(frozen=True)
class Item:
    """One benefit, drawback or risk."""

    id: str
    nar: dict[str, Any]
    data: dict[str, Any]
    where: str

    def applies(self, facts: Facts) -> bool:
        return all(PREDICATES[name](facts, arg) for name, arg in self.nar.items())


def _items(path: Path, kind: str) -> list[Item]:
    data, lines = load_content_yaml(path)
    rel = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    if not isinstance(data, list):
        raise ContentError(f"{rel}: must be a list of items")
    out, seen = [], set()
    for i, raw in enumerate(data):
        where = f"{rel}:{lines.get((i,), '?')}"
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise ContentError(f"{where}: each item needs an id")
        where = f"{where}: {raw['id']}"
        if raw["id"] in seen:
            raise ContentError(f"{where}: duplicate id")
        seen.add(raw["id"])
        nar = raw.get("nar", {"alltid": True})
        if not isinstance(nar, dict):
            raise ContentError(f"{where}: nar: must be a mapping of conditions")
        for name in nar:
            if name not in PREDICATES:
                raise ContentError(
                    f"{where}: nar: unknown condition '{name}'; known: {', '.join(PREDICATES)}")
        fields = ("tittel", "tekst") if kind != "risiko" else ("risiko", "tiltak")
        for field in fields:
            forms = raw.get(field)
            for lang in LANGS:
                if not isinstance(forms, dict) or not isinstance(forms.get(lang), str):
                    raise ContentError(f"{where}: {field}: missing text in {lang}")
        if isinstance(raw.get("kilde"), dict):
            for lang in LANGS:
                if not isinstance(raw["kilde"].get(lang), str):
                    raise ContentError(f"{where}: kilde: missing text in {lang}")
        if kind == "risiko":
            for field in ("sannsynlighet", "konsekvens"):
                if raw.get(field) not in SCALE:
                    raise ContentError(f"{where}: {field}: must be a whole number 1–5")
            if raw.get("baerer") not in BEARERS:
                raise ContentError(f"{where}: baerer: must be one of {', '.join(sorted(BEARERS))}")
        out.append(Item(raw["id"], nar, raw, where))
    return out


@cache
def load_content(content: Path = CONTENT) -> dict[str, list[Item]]:
    """Benefits, drawbacks and risks, validated once per build."""
    return {
        "fordeler": _items(content / "fordeler.yaml", "fordel"),
        "ulemper": _items(content / "ulemper.yaml", "ulempe"),
        "risiko": _items(content / "risiko.yaml", "risiko"),
    }


def select(items: list[Item], facts: Facts) -> list[Item]:
    """The items whose rules hold for this municipality, in file order."""
    return [it for it in items if it.applies(facts)]
