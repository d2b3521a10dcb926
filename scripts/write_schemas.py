#!/usr/bin/env python3
"""Write the JSON Schemas of the built JSON files from the model's contract
(grunnlag/model/contract.py) to docs/skjema/:

    .venv/bin/python scripts/write_schemas.py

kommune.schema.json describes output/data/<nr>-<slug>.json, nasjonal.schema.json
output/data/nasjonal.json. Run it after changing the contract and commit the result;
tests/test_contract.py fails while the committed files differ from what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from grunnlag.model.contract import SCHEMAS, schema_text
from grunnlag.paths import ROOT

FOLDER = ROOT / "docs" / "skjema"


def schema_path(name: str) -> Path:
    return FOLDER / f"{name}.schema.json"


def main() -> int:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name in SCHEMAS:
        path = schema_path(name)
        text = schema_text(name)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            print(f"{path.relative_to(ROOT)}: unchanged")
            continue
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
