"""One round of answers from five municipalities, one of each kind the form collects: a go-live
year, a decision, an own cost, today's systems and a merknad. The benchmark times the build
after it; the tests check that it rebuilds those five reports and no other."""

from __future__ import annotations

from pathlib import Path

ANSWERS = {
    "1151-utsira": "innforingsar: 2029\n",
    "0301-oslo": "vedtak:\n  status: opsjonsavtale\n  dato: 2021-06-15\n",
    "4629-modalen": "kostnader:\n  lokal_innforing: 900000\n",
    "1101-eigersund": ("journalsystemer:\n  - tjenesteomrade: hjemmetjenester\n"
                       "    system: \"Et journalsystem\"\n    leverandor: \"En leverandør\"\n"
                       "    kontrakt_utloper: 2024\n    arlig_kostnad: 850000\n"),
    "1103-stavanger": "merknad: |\n  Kommunestyret behandler saken i juni.\n",
}


def answer(municipalities: Path) -> list[str]:
    """Append the round's answers to the municipality files in `municipalities`; the stems."""
    for stem, text in ANSWERS.items():
        path = municipalities / f"{stem}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return sorted(ANSWERS)
