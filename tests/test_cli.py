"""The command line as the project office uses it: exit statuses, --only, --check, messages."""

from __future__ import annotations

import pytest

from tests.helpers import project_copy, run_build

pytestmark = pytest.mark.slow  # builds reports



@pytest.fixture()
def project(tmp_path):
    return project_copy(tmp_path / "p")


def test_check_accepts_the_real_files(project):
    r = run_build(project, "--check")
    assert r.returncode == 0, r.stderr
    assert "Checked 291 municipality files: 0 with errors." in r.stdout
    assert not (project / "output").exists()


def test_check_names_file_line_and_field_and_renders_nothing(project):
    f = project / "municipalities" / "0301-oslo.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("folketall: 693494", "folketall: mange"),
                 encoding="utf-8")
    g = project / "municipalities" / "1151-utsira.yaml"
    g.write_text(g.read_text(encoding="utf-8") + "folketal: 12\n", encoding="utf-8")
    r = run_build(project, "--check")
    assert r.returncode == 1
    assert 'municipalities/0301-oslo.yaml:8: folketall: must be a whole number ≥ 0, got "mange"' \
        in r.stderr
    assert "municipalities/1151-utsira.yaml:" in r.stderr and "folketall" in r.stderr
    assert "Traceback" not in r.stderr
    assert not (project / "output").exists()


def test_invalid_national_assumptions_build_nothing(project):
    f = project / "data" / "forutsetninger.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("verdi: 0.04", "verdi: fire"),
                 encoding="utf-8")
    r = run_build(project, "--only", "1151")
    assert r.returncode == 2
    assert "data/forutsetninger.yaml:" in r.stderr and "kalkulasjonsrente" in r.stderr
    assert not (project / "output").exists()


@pytest.mark.parametrize("args", [["--jobs", "0"], ["--only", "oslo"], ["--bogus"],
                                  ["--only", "9999"]])
def test_bad_invocation_exits_2(project, args):
    r = run_build(project, *args)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
