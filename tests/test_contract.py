"""The contract between the model and the reports (grunnlag/model/contract.py) and its JSON
Schemas in docs/skjema/: the committed schemas are the ones the contract generates, they
describe every figure, and the JSON files a build writes follow them."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from grunnlag.model.contract import SCHEMAS, Persentiler, RegnSelvStart, schema_text
from tests.helpers import ROOT
from tests.shared_build import REPORT_SET, shared_build

SCHEMA_FOLDER = ROOT / "docs" / "skjema"


def committed(name: str) -> dict:
    return json.loads((SCHEMA_FOLDER / f"{name}.schema.json").read_text(encoding="utf-8"))


def errors(name: str, document: dict) -> list[str]:
    validator = Draft202012Validator(committed(name))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(document)]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_the_committed_schema_is_the_one_the_contract_generates(name):
    """Change the contract and forget scripts/write_schemas.py, and this fails."""
    path = SCHEMA_FOLDER / f"{name}.schema.json"
    assert path.read_text(encoding="utf-8") == schema_text(name), (
        f"{path.relative_to(ROOT)} is stale: run .venv/bin/python scripts/write_schemas.py")


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_the_schema_is_valid_and_describes_every_figure(name):
    schema = committed(name)
    Draft202012Validator.check_schema(schema)
    undescribed = [f"{part}.{field}"
                   for part, body in [("", schema), *schema["$defs"].items()]
                   for field, spec in body.get("properties", {}).items()
                   if not spec.get("description")]
    assert not undescribed


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return shared_build(tmp_path_factory, REPORT_SET)


@pytest.mark.slow
def test_built_json_files_follow_the_committed_schemas(built):
    reports = sorted((built / "data").glob("[0-9]*.json"))
    assert len(reports) == len(REPORT_SET)
    for path in reports:
        assert errors("kommune", json.loads(path.read_text(encoding="utf-8"))) == [], path.name
    national = json.loads((built / "data" / "nasjonal.json").read_text(encoding="utf-8"))
    assert errors("nasjonal", national) == []


@pytest.mark.slow
def test_the_schema_rejects_a_wrong_missing_or_unknown_figure(built):
    """The check can fail: a figure of the wrong type, a missing one and a key the contract
    lacks are each found, in a report and in nasjonal.json."""
    report = json.loads(next((built / "data").glob("0301-*.json")).read_text("utf-8"))
    wrong = copy.deepcopy(report)
    wrong["kommunekassen"]["ar"][3]["netto"] = "12 mill. kr"
    assert any(e.startswith("kommunekassen/ar/3/netto") for e in errors("kommune", wrong))
    missing = copy.deepcopy(report)
    del missing["avtaler"]["ingen_avtale"]["kostnad_2021_2040"]
    assert errors("kommune", missing)
    unknown = {**report, "netto_naverdi_totalt": 1}
    assert errors("kommune", unknown)
    national = json.loads((built / "data" / "nasjonal.json").read_text(encoding="utf-8"))
    assert errors("nasjonal", {**national, "sporing_55": {**national["sporing_55"],
                                                          "krav_oppfylt": "ja"}})


def test_the_contract_keeps_each_figure_as_the_model_gave_it():
    """A share given as a whole number stays a whole number in the JSON (1, not 1.0), and a
    kroner amount that is not a whole number is refused, never silently rounded."""
    start = RegnSelvStart(deltakelse=1, innforingsar=2028, fast_andel=0.2, statens_andel=0.5,
                          dagens_drift=100, prisvekst=0.025, lanerente=0)
    data = start.as_json()
    assert (json.dumps(data["deltakelse"]), json.dumps(data["lanerente"])) == ("1", "0")
    assert json.dumps(data["fast_andel"]) == "0.2"
    with pytest.raises(ValidationError):
        Persentiler(p10=1, p50=2.5, p85=3, p90=4)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="extra"):
        Persentiler.model_validate({"p10": 1, "p50": 2, "p85": 3, "p90": 4, "p95": 5})
