"""Shared fixtures: the real national assumptions and the 291 municipalities."""

from __future__ import annotations

import pytest

from grunnlag.inputs.assumptions import load_assumptions
from grunnlag.inputs.registry import in_scope, load_registry
from grunnlag.model.economics import Unit, params_from
from tests import helpers


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


@pytest.fixture(scope="session", autouse=True)
def _warm_dir(tmp_path_factory):
    """The folder all xdist workers of this session share, for helpers.warm_start's seed."""
    base = tmp_path_factory.getbasetemp()
    helpers.WARM_DIR = base.parent if base.name.startswith("popen-gw") else base
