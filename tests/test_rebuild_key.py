"""The rebuild key covers every library that can change a report: after an upgrade, old reports
are no longer up to date."""

from __future__ import annotations

import pytest

from grunnlag.pipeline import keys
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


def _lock_copy(tmp_path, monkeypatch, text: str):
    lock = tmp_path / "requirements.lock"
    lock.write_text(text)
    monkeypatch.setattr(keys, "LOCK_FILE", lock)
    return lock


def test_a_renewed_lock_file_changes_the_key(tmp_path, monkeypatch):
    real = (ROOT / "requirements.lock").read_text()
    assert "weasyprint==" in real  # the real lock is the one the key reads by default
    assert keys.LOCK_FILE == ROOT / "requirements.lock"
    lock = _lock_copy(tmp_path, monkeypatch, real)
    before = keys.assets_hash(ROOT / "templates")
    # a new pin of a package whose version OUTPUT_LIBRARIES does not show (cffi 2.1.1 -> 92.1.1)
    lock.write_text(real.replace("\ncffi==", "\ncffi==9", 1))
    assert lock.read_text() != real
    assert keys.assets_hash(ROOT / "templates") != before


def test_the_same_lock_file_gives_the_same_key(tmp_path, monkeypatch):
    real = (ROOT / "requirements.lock").read_text()
    before = keys.assets_hash(ROOT / "templates")
    _lock_copy(tmp_path, monkeypatch, real)  # another file, the same content
    assert keys.assets_hash(ROOT / "templates") == before
