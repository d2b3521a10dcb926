"""Shared fixtures: the real national assumptions and the 291 municipalities."""

from __future__ import annotations

import pytest

from grunnlag.inputs.assumptions import load_assumptions
from grunnlag.inputs.registry import in_scope, load_registry
from grunnlag.model.economics import Unit, params_from


@pytest.fixture(scope="session")
def assumptions():
    a = load_assumptions()
    assert not isinstance(a, list), a
    return a


@pytest.fixture(scope="session")
def population() -> int:
    return sum(r.folketall for r in load_registry().values() if in_scope(r.kommunenummer))


@pytest.fixture(scope="session")
def params(assumptions, population):
    return params_from(assumptions, population)


@pytest.fixture(scope="session")
def units(params) -> list[Unit]:
    return [Unit(r.kommunenummer, r.folketall, params.golive_default)
            for r in load_registry().values() if in_scope(r.kommunenummer)]
