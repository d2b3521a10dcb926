"""The web edition in a real browser: headless Chromium (Debian's), axe-core, and a reader's clicks.

Built once per module: two bokmål municipalities in different counties and one nynorsk one.
Chromium is the system one (/usr/bin/chromium, from the Makefile's APT_TEST); Playwright never
downloads a browser. A missing browser fails the module; it is never skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.shared_build import A11Y_SET, shared_build

pytestmark = pytest.mark.slow  # builds reports

MUNIS = {"0301-oslo": ("Oslo", "nb"), "1151-utsira": ("Utsira", "nb"), "4621-voss": ("Voss", "nn")}
PAGES = {"index": "index.html", "index-nn": "index-nn.html", "bokmål": "html/0301-oslo.html",
         "nynorsk": "html/4621-voss.html"}
BLOCKING = {"serious", "critical"}
# A reference that would leave the output folder: a scheme other than a fragment or a relative
# path, or an absolute path. xmlns="http://www.w3.org/2000/svg" is a name, not a reference.
REFERENCE = re.compile(r"""(?:\b(?:href|src|action|poster|data)\s*=\s*["']?|url\(\s*["']?)"""
                       r"""([^"')\s>]*)""", re.I)


def _axe_source() -> str:
    """axe.min.js as shipped inside the axe-playwright-python wheel (nothing fetched)."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return shared_build(tmp_path_factory, A11Y_SET)


class Visit:
    """One page opened from disk, with every request that tried to leave the output folder."""

    def __init__(self, page: Page, out: Path, rel: str) -> None:
        self.out = out.resolve()
        self.outside: list[str] = []
        self.page = page
        self.page.route("**/*", self._guard)
        self.page.goto((out / rel).resolve().as_uri())

    def _guard(self, route) -> None:
        url = route.request.url
        if url.startswith("file:"):
            path = Path(re.sub(r"^file://", "", url.split("#")[0].split("?")[0]))
            if path.resolve().is_relative_to(self.out):
                route.continue_()
                return
        self.outside.append(url)
        route.abort()

    def axe(self) -> dict:
        """Every axe rule; passes and incomplete results with one node each, which halves the
        time on the 291-row index (violations keep every node)."""
        self.page.add_script_tag(content=_axe_source())
        return self.page.evaluate("axe.run(document, {resultTypes: ['violations']})")


@pytest.fixture()
def visit(tab, built):
    """A page of the build in the module's tab (one at a time: a second visit navigates away
    from the first)."""
    def open_(rel: str, width: int = 1280) -> Visit:
        return Visit(tab.open(width), built, rel)

    return open_


def _summary(violations: list[dict]) -> str:
    return "\n".join(f"{v['impact']}: {v['id']} ({v['help']}) at "
                     f"{[n['target'] for n in v['nodes'][:3]]}" for v in violations)


# axe on both reports' language forms and on the index; the nynorsk index is the same
# template with the same rows (its words are checked below and in test_index_page).
AXE_PAGES = [name for name in PAGES if name != "index-nn"]


@pytest.mark.browser
@pytest.mark.parametrize("name", AXE_PAGES)
def test_no_serious_or_critical_axe_violation(visit, name):
    v = visit(PAGES[name])
    result = v.axe()
    assert result["testEngine"]["name"] == "axe-core"
    assert len(result["passes"]) > 20, "axe ran almost no rule"
    bad = [x for x in result["violations"] if x["impact"] in BLOCKING]
    assert not bad, _summary(bad)
    assert v.outside == []


@pytest.mark.browser
def test_axe_as_run_here_finds_a_violation(tab, tmp_path):
    """Guards the test above: run the same way, axe reports a picture and a field that a screen
    reader cannot name, with every offending node."""
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="nb"><head><title>x</title></head><body><main>'
        '<img src="a.png"><img src="b.png"><input type="text"></main></body></html>',
        encoding="utf-8")
    v = Visit(tab.open(), tmp_path, "bad.html")
    bad = {x["id"]: len(x["nodes"]) for x in v.axe()["violations"] if x["impact"] in BLOCKING}
    assert bad.get("image-alt") == 2 and "label" in bad, bad


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_page_is_in_its_language_with_landmarks(visit, name):
    v = visit(PAGES[name])
    lang = "nn" if name in ("nynorsk", "index-nn") else "nb"
    assert v.page.get_attribute("html", "lang") == lang
    assert v.page.title().strip()
    assert v.page.locator("main").count() == 1
    assert v.page.locator("h1").count() == 1
    # The skip link reaches the main content from the keyboard.
    v.page.keyboard.press("Tab")
    assert v.page.evaluate("document.activeElement.getAttribute('href')") == "#innhold"


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_charts_render_as_described_inline_svg(visit, name):
    v = visit(PAGES[name])
    charts = v.page.locator("figure.chart svg[role=img]")
    expected = v.page.locator("svg").count()
    assert expected >= (1 if name.startswith("index") else 5)
    assert charts.count() == expected, "an SVG outside a described figure"
    for i in range(expected):
        svg = charts.nth(i)
        svg.scroll_into_view_if_needed()
        box = svg.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50, f"chart {i} not drawn: {box}"
        drawn = svg.evaluate("s => s.querySelectorAll('rect, path, line, circle, text').length")
        assert drawn > 5
        title = svg.evaluate("s => s.querySelector('title').textContent.trim()")
        desc = svg.evaluate("s => s.querySelector('desc').textContent.trim()")
        assert title and re.search(r"\d", desc), (title, desc)
        # aria-labelledby points at the title and the description, so both are read out.
        ids = svg.get_attribute("aria-labelledby").split()
        assert [v.page.locator(f"[id='{x}']").count() for x in ids] == [1, 1]


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_reflows_on_a_phone(visit, name):
    """WCAG 1.4.10: at 320 CSS px the page does not scroll sideways (wide tables scroll alone)."""
    v = visit(PAGES[name], width=320)
    overflow = v.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1


def _visible(page: Page, attr: str = "navn") -> list[str]:
    """The data-<attr> of every row the reader can see."""
    return page.locator("#kommuner tbody tr:visible").evaluate_all(
        f"rows => rows.map(r => r.dataset.{attr})")


def _all(page: Page, attr: str) -> list[str]:
    return page.locator("#kommuner tbody tr").evaluate_all(
        f"rows => rows.map(r => r.dataset.{attr})")


@pytest.mark.browser
def test_index_search_and_filters_change_the_rows(visit):
    v = visit(PAGES["index"])
    page = v.page
    total = len(_all(page, "navn"))
    assert total >= 280, "the index lists every municipality, built or not"
    assert len(_visible(page)) == total
    assert page.locator("#antall-vist").inner_text() == f"{total} / {total}"

    search = page.get_by_label(re.compile("^Søk"))
    search.fill("Utsira")
    assert _visible(page) == ["utsira"]
    assert page.locator("#antall-vist").inner_text() == f"1 / {total}"
    search.fill("vo")
    shown = _visible(page)
    assert "voss" in shown and len(shown) < total
    assert all("vo" in s for s in _visible(page, "sok"))  # Skjervøy too: ø is typed as o
    search.fill("")
    assert len(_visible(page)) == total

    county = page.locator("#kommuner tbody tr[data-navn='oslo']").get_attribute("data-fylke")
    page.select_option("#f-fylke", label=county)
    assert _visible(page) == ["oslo"]
    page.select_option("#f-fylke", value="")

    nynorsk = _all(page, "malform").count("nynorsk")
    page.select_option("#f-malform", value="nynorsk")
    assert "voss" in _visible(page) and "oslo" not in _visible(page)
    assert set(_visible(page, "malform")) == {"nynorsk"} and len(_visible(page)) == nynorsk
    # Filters combine: nynorsk and a search together.
    search.fill("voss")
    assert _visible(page) == ["voss"]
    search.fill("")
    page.select_option("#f-malform", value="")

    statuses = _all(page, "status")
    options = page.locator("#f-status option").evaluate_all("os => os.map(o => o.value)")
    assert set(statuses) <= set(options)
    for status in (s for s in options if s):
        page.select_option("#f-status", value=status)
        assert len(_visible(page)) == statuses.count(status)
        assert page.locator("#antall-vist").inner_text() == f"{statuses.count(status)} / {total}"
    assert v.outside == []


@pytest.mark.browser
def test_index_links_reach_every_report_and_pdf(visit, built):
    v = visit(PAGES["index"])
    for stem, (name, _) in MUNIS.items():
        row = v.page.locator(f"#kommuner tbody tr[data-navn='{name.lower()}']")
        link = row.get_by_role("link", name=name, exact=True)
        assert link.get_attribute("href") == f"html/{stem}.html"
        pdf = row.locator("a[href$='.pdf']")
        assert pdf.get_attribute("href") == f"pdf/{stem}.pdf"
        assert name in pdf.get_attribute("aria-label")
        assert (built / "pdf" / f"{stem}.pdf").is_file()
    v.page.get_by_role("link", name="Voss", exact=True).click()
    v.page.wait_for_load_state()
    assert v.page.url.endswith("html/4621-voss.html")
    assert v.page.locator("a[href='../pdf/4621-voss.pdf']").count() == 1
    assert v.outside == []


@pytest.mark.parametrize("rel", ["index.html", *[f"html/{s}.html" for s in MUNIS]])
def test_html_refers_to_nothing_outside_the_output_folder(built, rel):
    text = (built / rel).read_text(encoding="utf-8")
    refs = REFERENCE.findall(text)
    assert refs, "no references found: the pattern is wrong"
    for ref in refs:
        assert not re.match(r"^[a-z][a-z0-9+.-]*:", ref, re.I), f"{rel}: {ref}"
        assert not ref.startswith(("/", "\\")), f"{rel}: absolute path {ref}"
        unbuilt = re.fullmatch(r"(?:html|pdf)/(\d{4}-[^/]+)\.(?:html|pdf)", ref)
        if unbuilt and unbuilt.group(1) not in MUNIS:
            continue  # a partial build lists every municipality; these were not built here
        if ref and not ref.startswith("#"):
            target = (built / rel).parent / ref.split("#")[0]
            assert target.resolve().is_relative_to(built.resolve()), f"{rel}: {ref}"
            assert target.exists(), f"{rel}: broken link {ref}"
    assert "@import" not in text
