"""What changed since the previous version of a report, in words the reader's form uses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup, escape

from grunnlag.inputs import bidi, mdsafe
from grunnlag.inputs.texts import Catalog, numbers_whole
from grunnlag.model.contract import Kommunetall, Rapporttall
from grunnlag.render import fmt

KRONER = {"kommunal_kostnad_p50", "kommunal_kostnad_p85", "statlig_kostnad", "gevinster_naverdi",
          "netto_naverdi", "andre_naverdi", "lokal_innforing"}
YEARS = {"innforingsar", "kontrakt_utloper"}
MAX_TEXT = 300  # a note that cannot be rendered is shown by its beginning, as plain text


def system_line(area: str, system: str, extra: list[Any]) -> str:
    """One journal system on one line: area: system (vendor, contract end, annual cost)."""
    shown = [str(x) for x in extra if x is not None]
    return f"{area}: {system}" + (f" ({', '.join(shown)})" if shown else "")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1].rstrip() + "…"


def shown(field: str, value: Any, cat: Catalog) -> Markup:
    """One value of a changed field as the report shows it: a note rendered from its Markdown
    as under «Dagens situasjon» (lists stay lists), every number with digit groups on one
    line."""
    if field == "merknad" and isinstance(value, str) and value.strip():
        try:
            return mdsafe.render_note(value)
        except ValueError:  # a note from an earlier version the rules now refuse
            pass
    return Markup(numbers_whole(str(escape(bidi.isolate(_plain(field, value, cat))))))


def _plain(field: str, value: Any, cat: Catalog) -> str:
    """One value of a changed field as text."""
    lang = cat.lang
    if field == "break_even_ar":
        return fmt.aar(value) if value is not None else str(cat.t("ikke_innen_2040"))
    if value is None or value == "":
        return str(cat.t("endring_ingen"))
    if field in KRONER:
        return fmt.kroner(value, lang)
    if field == "folketall":
        return fmt.tall(value, lang)
    if field in YEARS:
        return fmt.aar(value)
    if field in ("avtale", "vedtak"):
        return str(cat.t("status_" + value))
    if field == "sprak":
        return str(cat.t("sprak_" + value))
    if field == "intensjonserklaering":
        return str(cat.t("intensjon_" + value))
    if field == "journalsystemer":
        return "; ".join(
            system_line(str(cat.t("omrade_" + area)), system,
                        [leverandor, fmt.aar(end) if end is not None else None,
                         fmt.kroner(cost, lang) if cost is not None else None])
            for area, system, leverandor, end, cost in value)
    return _short(str(value))


def change_rows(changes: list[dict], cat: Catalog) -> list[dict[str, Markup]]:
    """The rows of «Endringer siden forrige versjon»: what, from what, to what."""
    return [{"felt": Markup(cat.t("felt_" + c["felt"])),
             "fra": shown(c["felt"], c["fra"], cat),
             "til": shown(c["felt"], c["til"], cat)} for c in changes]


def version_date(f: Kommunetall, first: dt.date) -> dt.date:
    """The date of the report's current version (`versjonsdato`, pipeline/versions.py), or
    `first`, the date of the first issue, for figures given no version."""
    if isinstance(f, Rapporttall):
        return dt.date.fromisoformat(f.versjonsdato)
    return first


def version_context(f: Kommunetall, cat: Catalog) -> dict[str, Any]:
    """The report's version and the rows of its change list (none for a first version, nor
    for figures not yet versioned)."""
    if not isinstance(f, Rapporttall):
        return {"versjon": 1, "endringar": []}
    return {"versjon": f.versjon,
            "endringar": change_rows([c.as_json() for c in f.endringar], cat)}
