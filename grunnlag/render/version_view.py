"""What changed since the previous version of a report, in words the reader's form uses."""

from __future__ import annotations

from typing import Any

from grunnlag.inputs.texts import Catalog
from grunnlag.model.contract import Kommunetall, Rapporttall
from grunnlag.render import fmt

KRONER = {"kommunal_kostnad_p50", "kommunal_kostnad_p85", "statlig_kostnad", "gevinster_naverdi",
          "netto_naverdi", "andre_naverdi", "lokal_innforing"}
YEARS = {"innforingsar", "kontrakt_utloper"}
MAX_TEXT = 300  # a long merknad is shown by its beginning; the report itself has all of it


def system_line(area: str, system: str, extra: list[Any]) -> str:
    """One journal system on one line: area: system (vendor, contract end, annual cost)."""
    shown = [str(x) for x in extra if x is not None]
    return f"{area}: {system}" + (f" ({', '.join(shown)})" if shown else "")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1].rstrip() + "…"


def shown(field: str, value: Any, cat: Catalog) -> str:
    """One value of a changed field as the report shows it."""
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


def change_rows(changes: list[dict], cat: Catalog) -> list[dict[str, str]]:
    """The rows of «Endringer siden forrige versjon»: what, from what, to what."""
    return [{"felt": str(cat.t("felt_" + c["felt"])),
             "fra": shown(c["felt"], c["fra"], cat),
             "til": shown(c["felt"], c["til"], cat)} for c in changes]


def version_context(f: Kommunetall, cat: Catalog) -> dict[str, Any]:
    """The report's version and the rows of its change list (none for a first version, nor
    for figures not yet versioned)."""
    if not isinstance(f, Rapporttall):
        return {"versjon": 1, "endringar": []}
    return {"versjon": f.versjon,
            "endringar": change_rows([c.as_json() for c in f.endringar], cat)}
