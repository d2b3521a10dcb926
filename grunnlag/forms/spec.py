"""The columns of the collection form (`build.py --export-form`), read from the municipality
schema so the form and the YAML files cannot disagree on names, choices and ranges.

A column's key is the YAML key; a field inside a group is written with a dot
(`vedtak.status` is `status:` under `vedtak:`), as the build's error messages name it. The
sheets show a Norwegian label above each column and keep the keys in a hidden first row. The few
helpers that export (export.py) and import (importer.py) both need live here too.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from grunnlag.inputs.errors import unwrap_annotation
from grunnlag.inputs.schema import Journalsystem, Kommune
from grunnlag.paths import ROOT
from grunnlag.render import xlsx

KOMMUNER = "kommuner"
SYSTEMER = "journalsystemer"
VEILEDNING = "veiledning"
KEY = "kommunenummer"


@dataclass(frozen=True)
class Column:
    """One column: its YAML path, how cells are read, and whether the form may change it."""

    path: tuple[str, ...]
    kind: Literal["text", "int", "date", "choice"]
    reference: bool = False  # shown for orientation; changed only in the YAML file
    width: int = 16
    number_format: str | None = None  # how a number or date is shown (grunnlag/render/xlsx.py)

    @property
    def header(self) -> str:
        return ".".join(self.path)


KOMMUNE_COLUMNS = (
    Column((KEY,), "text", reference=True, width=15),
    Column(("navn",), "text", reference=True, width=28),
    Column(("malform",), "choice", reference=True, width=11),
    Column(("rapportsprak",), "choice", width=14),
    Column(("intensjonserklaering",), "choice", width=21),
    Column(("vedtak", "status"), "choice", width=22),
    Column(("vedtak", "dato"), "date", width=14, number_format=xlsx.DATO),
    Column(("innforingsar",), "int", width=14, number_format=xlsx.AR),
    Column(("kostnader", "lokal_innforing"), "int", width=26, number_format=xlsx.KRONER),
    Column(("merknad",), "text", width=50),
    Column(("kommunestyre_navn",), "choice", width=18),
    Column(("administrasjon_navn",), "choice", width=20),
    Column(("sammendrag_samisk",), "text", width=50),
)
SYSTEM_COLUMNS = (
    Column((KEY,), "text", width=15),
    Column(("tjenesteomrade",), "choice", width=20),
    Column(("system",), "text", width=28),
    Column(("leverandor",), "text", width=24),
    Column(("kontrakt_utloper",), "int", width=17, number_format=xlsx.AR),
    Column(("arlig_kostnad",), "int", width=16, number_format=xlsx.KRONER),
)

SHEETS = {KOMMUNER: KOMMUNE_COLUMNS, SYSTEMER: SYSTEM_COLUMNS}
# Row 1 of both sheets holds the YAML keys (hidden: the import finds the columns by them), row 2
# the Norwegian labels a person reads; the data starts on row 3.
KEY_ROW, LABEL_ROW, FIRST_ROW = 1, 2, 3


def display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def value_at(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _field(model: Any, path: tuple[str, ...]) -> Any:
    """The pydantic FieldInfo at `path` below `model`."""
    info = None
    for part in path:
        info = model.model_fields[part]
        model = unwrap_annotation(info.annotation)
    return info


def _model(sheet: str) -> Any:
    return Journalsystem if sheet == SYSTEMER else Kommune


def choices(sheet: str, column: Column) -> list[str]:
    """The allowed values of a choice column, as the schema lists them."""
    annotation = unwrap_annotation(_field(_model(sheet), column.path).annotation)
    assert typing.get_origin(annotation) is Literal, column.header
    return [str(a) for a in typing.get_args(annotation)]


def _metadata(annotation: Any) -> typing.Iterator[Any]:
    """Constraints anywhere in an annotation, also inside Optional[Annotated[int, Field()]]."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        for item in extra:
            yield from getattr(item, "metadata", None) or [item]
        yield from _metadata(base)
    elif origin in (typing.Union, types.UnionType):
        for member in typing.get_args(annotation):
            yield from _metadata(member)


def max_length(sheet: str, column: Column) -> int | None:
    """The longest text the schema allows in a text column."""
    info = _field(_model(sheet), column.path)
    items = [*info.metadata, *_metadata(info.annotation)]
    return next((i.max_length for i in items if getattr(i, "max_length", None)), None)


def limits(sheet: str, column: Column) -> tuple[int | None, int | None]:
    """The smallest and largest whole number the schema allows in an int column."""
    info = _field(_model(sheet), column.path)
    items = [*info.metadata, *_metadata(info.annotation)]
    low = next((i.ge for i in items if getattr(i, "ge", None) is not None), None)
    high = next((i.le for i in items if getattr(i, "le", None) is not None), None)
    return low, high
