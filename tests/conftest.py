"""Shared fixtures: the real national assumptions and the 291 municipalities."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings

from grunnlag.inputs.assumptions import load_assumptions
from grunnlag.inputs.registry import in_scope, load_registry
from grunnlag.model.economics import Unit, params_from
from tests import helpers

# The property tests draw the same examples in every run, so a CI run (which decides whether a
# change lands) never fails on an example no one has seen; HYPOTHESIS_PROFILE=explore draws new
# ones in every run (and 1 000 where a test sets no number) to look for rare inputs on purpose.
settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def assumptions():
    a = load_assumptions()
    assert not isinstance(a, list), a
    return a


@pytest.fixture(scope="session")
def params(assumptions):
    return params_from(assumptions)


@pytest.fixture(scope="session")
def units(params) -> list[Unit]:
    return [Unit(r.kommunenummer, r.folketall, params.golive_default)
            for r in load_registry().values() if in_scope(r.kommunenummer)]


@pytest.fixture(scope="session")
def everything():
    """The figures of all 291 reports and the national figures, computed without rendering
    (shared by every module on a test worker)."""
    from grunnlag.pipeline import stages

    nat = stages.load_national()
    loaded = stages.load_municipalities()
    _, typed = helpers.compute_shared(loaded, nat)
    assert len(typed) == 291
    figs = {nr: f.as_json() for nr, f in typed.items()}  # as each report's JSON holds them
    national = stages.national_figures(nat, loaded, typed).as_json()  # as nasjonal.json holds it
    return nat, loaded, figs, national


@pytest.fixture(scope="session")
def figs(everything):
    """Every report's figures (its JSON), by kommunenummer."""
    return everything[2]


@pytest.fixture(scope="session")
def national(everything):
    """nasjonal.json."""
    return everything[3]


@pytest.fixture(scope="session", autouse=True)
def _warm_dir(tmp_path_factory):
    """The folder all xdist workers of this session share, for helpers.warm_start's seed."""
    base = tmp_path_factory.getbasetemp()
    helpers.WARM_DIR = base.parent if base.name.startswith("popen-gw") else base


# The order the test files are handed out in. pytest-xdist (--dist loadfile
# --no-loadscope-reorder, as `make test` runs it) gives each worker two files at the start
# (1st and 3rd, 2nd and 4th) and then the next one whenever it is free; by default it orders
# them by their number of tests, and the build history, with three tests, ran last and alone
# for a minute while the other worker had finished. Here the longest come first (measured with
# --durations, two workers), so the short ones fill the end and the workers finish together;
# while the first worker makes the session's seed build (tests/helpers.warm_seed), the other
# starts with two files that need none.
LONGEST_FIRST = ("test_build_history.py", "test_validation.py", "test_failures.py",
                 "test_cli.py", "test_browser.py", "test_regn_selv.py", "test_form_io.py",
                 "test_shared_pages.py",
                 "test_hostile_output.py", "test_hostile.py", "test_index_page.py",
                 "test_interrupt.py", "test_consistency.py", "test_reproducible.py",
                 "test_pdf_structure.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


# Debian's headless Chromium (the Makefile's APT_TEST); Playwright never downloads a browser. A
# missing browser fails the module; it is never skipped.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium per test module."""
    from playwright.sync_api import sync_playwright

    assert shutil.which(CHROMIUM), f"{CHROMIUM} missing: `make test` installs Debian's chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Tab:
    """The one browser tab a test module navigates from page to page. Opening a tab starts a
    renderer process, about 0.4 s of CPU (the browser tests opened 38); navigating an open one
    does not. Each visit starts clean: the last visit's routes removed, its own viewport, and a
    new document (navigating drops the last page's scripts, focus and scroll). A test that
    closes the page gets a new one on the next visit."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.page: Any = None

    def open(self, width: int = 1280, height: int = 900) -> Any:
        """The tab, blank, at this viewport."""
        if self.page is None or self.page.is_closed():
            self.page = self.browser.new_page(viewport={"width": width, "height": height})
            return self.page
        self.page.unroute_all(behavior="ignoreErrors")
        self.page.goto("about:blank")
        self.page.set_viewport_size({"width": width, "height": height})
        return self.page


@pytest.fixture(scope="module")
def tab(browser) -> Iterator[Tab]:
    t = Tab(browser)
    yield t
    if t.page is not None and not t.page.is_closed():
        t.page.close()


# Mutation runs (`make mutate`): mutmut runs, for each mutant, only the tests that called the
# mutated function, as recorded in its stats run. A function called while a module- or
# session-scoped fixture was set up is recorded for the first test only, so every later test
# that uses the fixture (the figures of all 291) would never meet the mutant. Here the calls
# made while setting up such a fixture are counted for every test that uses it.
_FIXTURE_CALLS: dict[str, set[str]] = {}


def _mutmut_calls() -> set[str] | None:
    """The set mutmut's stats run records called functions in, or None outside that run."""
    if os.environ.get("MUTANT_UNDER_TEST") != "stats":
        return None
    from mutmut.state import state

    return state()._stats


class _FixtureCalls:
    """A plugin, not a conftest hook: pytest asks a conftest only about its own folder's
    nodes, and a session-scoped fixture is set up on the session's."""

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef: pytest.FixtureDef, request: pytest.FixtureRequest):
        calls = _mutmut_calls()
        if calls is None or fixturedef.scope == "function":
            return (yield)
        before = set(calls)
        result = yield
        _FIXTURE_CALLS[fixturedef.argname] = set(calls) - before
        return result


def pytest_configure(config: pytest.Config) -> None:
    if _mutmut_calls() is not None:
        config.pluginmanager.register(_FixtureCalls(), "mutmut-fixture-calls")


@pytest.fixture(autouse=True)
def _mutmut_fixture_calls(request: pytest.FixtureRequest) -> None:
    calls = _mutmut_calls()
    if calls is not None:
        for name in request.fixturenames:
            calls |= _FIXTURE_CALLS.get(name, set())
