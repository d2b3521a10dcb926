"""The tests' build server runs build.py as its own process would: the same exit status and
messages, and the project copy's own code and data, not those of the checkout."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.build_server import HASH_SEED, Client, base_env
from tests.helpers import ROOT, project_copy


def _own_process(project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "build.py", *args], cwd=project, env=base_env(),
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow  # runs build.py
def test_a_served_build_says_and_exits_as_its_own_process(tmp_path):
    project = project_copy(tmp_path / "p")
    f = project / "municipalities" / "1151-utsira.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("folketall:", "folketall: mange\n#"),
                 encoding="utf-8")
    client = Client()
    for args in (["--jobs", "0"], ["--check", "--only", "1151"]):
        served = client.run(project, args, base_env(), timeout=120)
        own = _own_process(project, *args)
        assert (served.returncode, served.stdout, served.stderr) == (
            own.returncode, own.stdout, own.stderr)
    assert served.returncode == 1
    assert "municipalities/1151-utsira.yaml" in served.stderr and "mange" in served.stderr
    assert client.cpu > 0


@pytest.mark.slow  # runs build.py
def test_a_served_build_imports_the_copys_code_and_reads_its_environment(tmp_path):
    project = project_copy(tmp_path / "p")
    paths = project / "grunnlag" / "paths.py"
    paths.write_text(paths.read_text(encoding="utf-8")
                     + 'print("kopiens kode", ROOT, file=__import__("sys").stderr)\n',
                     encoding="utf-8")
    client = Client()
    r = client.run(project, ["--check", "--only", "1151"],
                   base_env() | {"SOURCE_DATE_EPOCH": "tre"}, timeout=120)
    assert f"kopiens kode {project}" in r.stderr
    assert r.returncode == 2 and "SOURCE_DATE_EPOCH" in r.stderr
    assert str(ROOT) not in r.stderr


def test_what_python_reads_at_start_is_left_to_a_process_of_its_own():
    client = Client()
    assert client.serves(base_env() | {"SOURCE_DATE_EPOCH": "0", "TZ": "UTC"})
    assert client.serves(base_env() | {"PYTHONHASHSEED": HASH_SEED})  # the server's own
    assert not client.serves(base_env() | {"PYTHONHASHSEED": "4242"})
    assert not client.serves(base_env() | {"LD_PRELOAD": "libfaketime.so.1"})
