"""Incremental builds as the project office sees them: only what changed is rendered again.

One project copy and one output folder for the module; the steps run in order (each test
depends on the state the previous one left), building just two small municipalities.
"""

from __future__ import annotations

import json

import pytest

from tests.helpers import project_copy, run_build

ONLY = ("--only", "1151", "4629", "--jobs", "2")
A, B = "1151-utsira", "4629-modalen"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    p = project_copy(tmp_path_factory.mktemp("inc") / "p")
    r = run_build(p, *ONLY, "--force")
    assert r.returncode == 0, r.stderr
    return p


def record(project) -> dict:
    return json.loads((project / "output" / "bygglogg.json").read_text(encoding="utf-8"))


def test_first_build_renders_both(project):
    rec = record(project)
    assert rec["siste_bygg"]["bygget"] == [A, B]
    assert rec["siste_bygg"]["sider"] > 2
    assert (project / "output" / "pdf" / f"{A}.pdf").stat().st_size > 10_000


def test_rebuild_without_changes_renders_nothing(project):
    pdf = project / "output" / "pdf" / f"{A}.pdf"
    before = pdf.stat().st_mtime_ns
    r = run_build(project, *ONLY)
    assert r.returncode == 0, r.stderr
    assert "2 reports are up to date and were not rebuilt." in r.stderr
    assert "Built 0 reports" in r.stderr
    assert record(project)["siste_bygg"]["bygget"] == []
    assert pdf.stat().st_mtime_ns == before


def test_editing_one_merknad_rebuilds_only_that_one(project):
    keys_before = record(project)["nokler"]
    f = project / "municipalities" / f"{A}.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "merknad: Kommunestyret møtes i mars.\n",
                 encoding="utf-8")
    r = run_build(project, *ONLY)
    assert r.returncode == 0, r.stderr
    rec = record(project)
    assert rec["siste_bygg"]["bygget"] == [A]
    assert "1 reports are up to date" in r.stderr
    assert rec["nokler"][A] != keys_before[A]
    assert rec["nokler"][B] == keys_before[B]
    page = (project / "output" / "html" / f"{A}.html").read_text(encoding="utf-8")
    assert "Kommunestyret møtes i mars." in page


def test_force_rebuilds_both(project):
    r = run_build(project, *ONLY, "--force")
    assert r.returncode == 0, r.stderr
    assert record(project)["siste_bygg"]["bygget"] == [A, B]


def test_changed_national_assumptions_rebuild_both(project):
    keys_before = record(project)["nokler"]
    f = project / "data" / "forutsetninger.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "# endret av prosjektkontoret\n",
                 encoding="utf-8")
    r = run_build(project, *ONLY)
    assert r.returncode == 0, r.stderr
    rec = record(project)
    assert rec["siste_bygg"]["bygget"] == [A, B]
    assert rec["nokler"][A] != keys_before[A] and rec["nokler"][B] != keys_before[B]
