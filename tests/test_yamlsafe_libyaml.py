"""YAML read with libyaml (issue "Faster YAML"): every file gives what the pure-Python reference
loader gives, the same data, the same field→line map and, for a file with a problem, the same
one-line message; and the bounds on anchors, aliases and nesting hold before libyaml composes."""

from __future__ import annotations

import glob
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grunnlag.inputs import yamlsafe
from grunnlag.inputs.yamlsafe import YamlError, load_yaml
from grunnlag.paths import ASSUMPTIONS, CONTENT, DATA, MUNICIPALITIES

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def test_the_locked_pyyaml_has_libyaml():
    """The wheel requirements.lock pins is built with libyaml; without it every file would be
    read by the slow reference loader (correct, but the tests below would compare it with
    itself)."""
    assert yamlsafe._CParser is not None


def outcome(path: Path, **kwargs) -> tuple:
    """What load_yaml gives for `path`, comparable: data (with its types), lines, or the error."""
    try:
        data, lines = load_yaml(path, **kwargs)
    except YamlError as e:
        return ("error", str(e), e.line, e.field)
    return ("data", repr(data), lines)


def both(path: Path, monkeypatch: pytest.MonkeyPatch, **kwargs) -> tuple[tuple, tuple]:
    """(with libyaml, with the pure-Python reference loader only)."""
    fast = outcome(path, **kwargs)
    with monkeypatch.context() as m:
        m.setattr(yamlsafe, "_CParser", None)  # as when PyYAML is built without libyaml
        reference = outcome(path, **kwargs)
    return fast, reference


def read_by_libyaml(path: Path, **kwargs) -> bool:
    text = path.read_text(encoding="utf-8")
    return yamlsafe._load_fast(text, 20, 0, kwargs.get("int_keys", True)) is not None


def project_files() -> list[tuple[Path, dict]]:
    """Every YAML file the project reads, with the settings it is read with."""
    files = [(p, {"int_keys": False}) for p in sorted(MUNICIPALITIES.glob("*.yaml"))]
    files += [(ASSUMPTIONS, {}), (DATA / "samisk_forvaltningsomrade.yaml", {"int_keys": False})]
    files += [(Path(p), {"max_bytes": 2_000_000}) for p in sorted(glob.glob(f"{CONTENT}/*.yaml"))]
    return files


def test_every_project_file_reads_the_same_and_with_libyaml(monkeypatch):
    files = project_files()
    assert len(files) > 291
    differ = []
    for path, kwargs in files:
        fast, reference = both(path, monkeypatch, **kwargs)
        if fast != reference:
            differ.append(path.name)
    assert differ == []
    slow = [p.name for p, kw in files if not read_by_libyaml(p, **kw)]
    assert slow == [], "left to the pure-Python loader"


@pytest.mark.parametrize("text", [
    "a: b\tc\n",  # a tab PyYAML refuses
    "a:\n\tb: 1\n",
    "a: 1\n\ufeffb: 2\n",  # a byte order mark after the start
    "a: |#\n  x\n",  # a comment right after '|'
    "a: >-#\n  x\n",
    "a: [b?c]\n",  # '?' in a plain scalar inside [...] or {...}
    "a: {b: c?d}\n",
    "a: [!!str b?c]\n",
    "a: [b\n  ?c]\n",
    "a: !\n",  # an empty node tagged just '!'
    "a: !<!>\n",
    "!\n",
])
def test_where_libyaml_reads_otherwise_the_reference_loader_reads(tmp_path, monkeypatch, text):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    assert not read_by_libyaml(path)
    fast, reference = both(path, monkeypatch)
    assert fast == reference


@pytest.mark.parametrize("text", [
    "a: [\"b?c\"]\n",  # quoted: the same in both
    "a: b?c\n",  # not inside [...]: the same in both
    "\ufeffa: 1\n",  # a byte order mark at the start: skipped by both
    "a: !!str\n",
    "a: ! x\n",
    "a: |\n  tekst # ikke en kommentar\n",
])
def test_near_misses_are_read_by_libyaml(tmp_path, monkeypatch, text):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    assert read_by_libyaml(path)
    fast, reference = both(path, monkeypatch)
    assert fast == reference


YAMLISH = st.sampled_from(
    list(": -[]{},&*!|>'\"#%@`?.~\\\n\t 0123456789abyn")
    + ["kommunenummer", "navn", '"0301"', "'x'", "\n  ", "\n- ", "\n? ", "\n: ", "&a ", "*a",
       "!!str ", "!!int ", "!!python/object:os.system", "! ", "!<!> ", "<<: ", "---", "...",
       "%YAML 1.1\n", "%TAG !e! tag:e,2000:\n", "!e!x ", "|", "|-", ">+", "|2", "\\ud800",
       "\\x07", "\\u00e9", "\x00", "é", "e\u0301", "\u2028", "\x85", "\ufeff", "\u202e", "\r\n",
       "\r", "2021-02-30", "2021-06-15", "0x_", "0750000", "1:30", "1_000", "1e999", ".nan",
       "yes", "no", "null", "~"]
)


@SETTINGS
@given(st.lists(YAMLISH, max_size=40).map("".join),
       st.sampled_from([{}, {"int_keys": False}, {"max_aliases": 2}, {"max_depth": 3}]))
def test_any_yamlish_text_reads_the_same(tmp_path, monkeypatch, text, kwargs):
    """Property: data, lines or the message, the same with libyaml as without."""
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    fast, reference = both(path, monkeypatch, **kwargs)
    assert fast == reference


MUNICIPALITY = (MUNICIPALITIES / "4629-modalen.yaml").read_text(encoding="utf-8")


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, len(MUNICIPALITY)), YAMLISH), min_size=1, max_size=3))
def test_a_municipality_file_with_inserts_reads_the_same(tmp_path, monkeypatch, inserts):
    text = MUNICIPALITY
    for at, piece in sorted(inserts, reverse=True):
        text = text[:at] + piece + text[at:]
    path = tmp_path / "4629-modalen.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    fast, reference = both(path, monkeypatch, int_keys=False)
    assert fast == reference


# ---------------------------------------------------------------- bounds before composing


class _Composer:
    """Stands in for libyaml's composer and counts how often it is started."""

    started = 0

    def __init__(self, text: str) -> None:
        type(self).started += 1
        raise RuntimeError("not for these files")


ALIAS_BOMB = "\n".join(
    ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
) + "\n"


@pytest.mark.parametrize(("text", "kwargs", "message"), [
    (ALIAS_BOMB, {}, "line 1: aliases (*name) and anchors (&name) are not allowed"),
    (ALIAS_BOMB, {"max_aliases": 5}, "line 2: aliases (*name) are not allowed more than 5 times"),
    ("a: " + "[" * 50_000 + "]" * 50_000 + "\n", {},
     "line 1: the data is nested more than 20 levels deep"),
    ("".join("  " * i + f"k{i}:\n" for i in range(30)) + "  " * 30 + "v\n", {},
     "line 21: the data is nested more than 20 levels deep"),
])
def test_bounds_hold_before_libyaml_composes(tmp_path, monkeypatch, text, kwargs, message):
    """The flat pass over libyaml's events stops the file before any node is built, so
    nothing is expanded and the composer never recurses deeper than the bound (a long run of
    '[' may stop at libyaml's own nesting limit first); the message is the reference one."""
    monkeypatch.setattr(yamlsafe, "_CLoader", _Composer)
    _Composer.started = 0
    with pytest.raises((YamlError, yaml.YAMLError)):
        yamlsafe._check_events(text, kwargs.get("max_depth", 20), kwargs.get("max_aliases", 0))
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(YamlError) as info:
        load_yaml(path, **kwargs)
    assert str(info.value) == message
    assert _Composer.started == 0


def test_nesting_up_to_the_bound_is_read_by_libyaml(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("".join("  " * i + f"k{i}:\n" for i in range(20)) + "  " * 20 + "v\n",
                    encoding="utf-8")
    assert read_by_libyaml(path)
    assert load_yaml(path)[1][tuple(f"k{i}" for i in range(20))] == 20


# ---------------------------------------------------------------- text checked at C speed


def test_the_quick_text_check_matches_exactly_the_refused_characters(monkeypatch):
    """_REFUSED_CHARACTER lets text_problem skip its loop; it must match every character the
    loop refuses and no other (all of Unicode, one character at a time)."""
    quick = yamlsafe._REFUSED_CHARACTER
    monkeypatch.setattr(yamlsafe, "_REFUSED_CHARACTER", re.compile(r"[\s\S]"))  # always loop
    wrong = [hex(c) for c in range(0x110000)
             if (yamlsafe.text_problem(chr(c)) is None) != (quick.search(chr(c)) is None)]
    assert wrong == []
