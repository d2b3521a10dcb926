"""Write one YAML file per municipality in scope from the SSB data in data/.

Run once to create municipalities/; existing files are never overwritten, because the
project office adds local knowledge to them by hand. Only facts from the data files are
written: nothing about a municipality's systems or decisions is invented.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grunnlag.inputs.registry import in_scope, load_registry, slug  # noqa: E402

TEMPLATE = """\
# Beslutningsgrunnlag for Akson: {navn} kommune.
# Grunndata fra SSB (kommuneinndeling 2020, folketall 1.1.2020) og målform
# (se data/SOURCES.md). Legg til lokal kunnskap under; alt annet enn grunndata er valgfritt.
kommunenummer: "{kommunenummer}"
navn: "{navn}"
navn_kort: "{navn_kort}"
fylke: "{fylke}"
folketall: {folketall}
folketall_dato: {folketall_dato}
malform: {malform}

# Valgfrie opplysninger (fjern # og fyll ut det som er kjent):
# rapportsprak: nb              # nb eller nn; overstyrer målformen
# kommunestyre_navn: bystyret   # kommunestyret | bystyret (Oslo og Bergen: bystyret)
# administrasjon_navn: rådmannen  # kommunedirektøren | rådmannen | byrådet
# intensjonserklaering: signert  # signert | ikke_signert | ukjent
# vedtak:
#   status: ikke_behandlet      # ikke_behandlet | forpliktelsesavtale | opsjonsavtale | avslatt
#   dato: 2021-06-15
# innforingsar: 2027            # planlagt år for å ta løsningen i bruk
# journalsystemer:
#   - tjenesteomrade: hjemmetjenester
#     system: "Navn på systemet"
#     leverandor: "Leverandør"
#     kontrakt_utloper: 2024
#     arlig_kostnad: 850000      # kroner per år
# kostnader:
#   lokal_innforing: 12000000    # kommunens eget anslag, kroner (2019-kroner)
# merknad: |
#   Fritekst i Markdown fra kommunen, vises under «Dagens situasjon».
"""


def main() -> int:
    """Create missing municipality files; report how many were written."""
    out = ROOT / "municipalities"
    out.mkdir(exist_ok=True)
    written = 0
    for row in load_registry().values():
        if not in_scope(row.kommunenummer):
            continue
        path = out / f"{row.kommunenummer}-{slug(row.navn_kort)}.yaml"
        if path.exists():
            continue
        path.write_text(
            TEMPLATE.format(**row.__dict__).replace('\\"', '"'), encoding="utf-8"
        )
        written += 1
    print(f"{written} files written to {out.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
