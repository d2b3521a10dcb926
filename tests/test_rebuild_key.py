"""The rebuild key covers every library that can change a report: after an upgrade, old reports
are no longer up to date."""

from __future__ import annotations

import pytest

from grunnlag.build import keys
from tests.helpers import ROOT


@pytest.mark.parametrize("lib", ["numpy", "jinja2", "markdown-it-py", "babel", "openpyxl",
                                 "weasyprint", "python-docx"])
def test_an_upgraded_library_changes_the_key(monkeypatch, lib):
    real = keys.metadata.version
    before = keys.assets_hash(ROOT / "templates")
    monkeypatch.setattr(keys.metadata, "version",
                        lambda name: real(name) + ("+neste" if name == lib else ""))
    assert keys.assets_hash(ROOT / "templates") != before


def test_the_same_libraries_give_the_same_key():
    assert keys.assets_hash(ROOT / "templates") == keys.assets_hash(ROOT / "templates")
