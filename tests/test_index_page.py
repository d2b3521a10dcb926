"""The index page as the project office uses it, in headless Chromium: find a municipality,
sort the list by any column (mouse and keyboard), and read it at 1 280 px and at 320 px.

The shared build and the page opener are test_browser.py's fixtures; the browser is
conftest's.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests import test_browser

# test_browser's fixtures, used here under the same names.
built, visit = test_browser.built, test_browser.visit

pytestmark = [pytest.mark.slow, pytest.mark.browser]  # each builds reports


def _visible(page: Page, attr: str = "navn") -> list[str]:
    return page.locator("#kommuner tbody tr:visible").evaluate_all(
        f"rows => rows.map(r => r.getAttribute('data-{attr}'))")


def _search(page: Page, text: str) -> list[str]:
    page.fill("#sok", text)
    return _visible(page)


@pytest.fixture(scope="module")
def index_page(browser, built) -> Iterator[Page]:
    """One open index for the searches: each replaces what the box held, so none sees
    another's, and the 291-row page is loaded once instead of fourteen times."""
    v = test_browser.Visit(browser.new_page(viewport={"width": 1280, "height": 900}), built,
                           "index.html")  # a tab of its own, beside the module's
    yield v.page
    v.page.close()


@pytest.mark.parametrize("typed, expected", [
    ("4629", ["modalen"]),
    ("0301", ["oslo"]),
    ("baerum", ["bærum"]),
    ("barum", ["bærum"]),
    ("Bærum", ["bærum"]),
    ("tromso", ["tromsø"]),
    ("TROMSØ", ["tromsø"]),
    ("tromsoe", ["tromsø"]),
    ("porsangu", ["porsanger - porsáŋgu - porsanki"]),
    ("Porsáŋgu", ["porsanger - porsáŋgu - porsanki"]),
    ("porsanki", ["porsanger - porsáŋgu - porsanki"]),
    ("karasjohka", ["kárášjohka - karasjok"]),
    ("kautokeino", ["guovdageaidnu - kautokeino"]),
    ("omasvuono", ["storfjord - omasvuotna - omasvuono"]),
])
def test_search_by_number_folded_name_and_parallel_name(index_page, typed, expected):
    page = index_page
    assert _search(page, typed) == expected
    assert page.locator("#antall-vist").inner_text().startswith(f"{len(expected)} / ")


def test_search_that_matches_nothing_says_so_and_clearing_restores_all(visit):
    page = visit("index.html").page
    total = page.locator("#kommuner tbody tr").count()
    assert _search(page, "xyzzy") == []
    assert page.locator("#antall-vist").inner_text() == f"0 / {total}"
    assert len(_search(page, "")) == total


@pytest.mark.parametrize("rel, label", [("index.html", "Nøytral"), ("index-nn.html", "Nøytral")])
def test_malform_filter_offers_noytral(visit, rel, label):
    page = visit(rel).page
    options = page.locator("#f-malform option").evaluate_all(
        "os => os.map(o => [o.value, o.textContent])")
    assert [v for v, _ in options] == ["", "bokmål", "nynorsk", "nøytral"]
    page.select_option("#f-malform", label=label)
    shown = _visible(page, "malform")
    all_rows = page.locator("#kommuner tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.malform)")
    assert shown and set(shown) == {"nøytral"} and len(shown) == all_rows.count("nøytral")
    assert "oslo" in _visible(page)  # Oslo's målform is nøytral
    # The row shows the målform in words too.
    assert page.locator("#kommuner tbody tr[data-navn='oslo'] td").nth(2).inner_text() == label


def _headers(page: Page) -> list[dict]:
    return page.locator("#kommuner thead th").evaluate_all(
        "hs => hs.map(h => ({key: h.dataset.key, type: h.dataset.type, "
        "sort: h.getAttribute('aria-sort'), buttons: h.querySelectorAll('button').length}))")


def _column(page: Page, key: str) -> list[str]:
    return page.locator("#kommuner tbody tr").evaluate_all(
        f"rows => rows.map(r => r.getAttribute('data-v-{key}'))")


def _assert_sorted(values: list[str], kind: str, descending: bool) -> None:
    known = [v for v in values if v != ""]
    assert values[:len(known)] == known, "unknown values must come last"
    if kind == "num":
        nums = [float(v) for v in known]
        assert nums == sorted(nums, reverse=descending)
    else:
        # Norwegian order: names starting with Æ, Ø, Å come after Z.
        late = [i for i, v in enumerate(known) if v[:1].lower() in "æøå"]
        early = [i for i, v in enumerate(known) if v[:1].lower() in "bcdefghijklmnopqrstuvwxyz"]
        if late and early:
            assert (min(late) > max(early)) if not descending else (max(late) < min(early))


def test_every_column_sorts_both_ways_by_clicking_its_header(visit):
    page = visit("index.html").page
    heads = _headers(page)
    assert len(heads) == 8 and all(h["buttons"] == 1 for h in heads)
    assert [h["sort"] for h in heads] == ["ascending"] + [None] * 7  # by number at first
    for i, h in enumerate(heads):
        button = page.locator("#kommuner thead th").nth(i).get_by_role("button")
        order = ["ascending", "descending"]
        for expected in order[::-1] if h["sort"] == "ascending" else order:
            button.click()
            now = _headers(page)
            assert now[i]["sort"] == expected
            assert [x["sort"] for j, x in enumerate(now) if j != i] == [None] * 7
            _assert_sorted(_column(page, h["key"]), h["type"], expected == "descending")
    # Largest first: Oslo heads the list by population.
    page.locator("#kommuner thead th[data-key='folketall'] button").click()
    page.locator("#kommuner thead th[data-key='folketall'] button").click()
    assert _visible(page)[:2] == ["oslo", "bergen"]


def test_sorting_works_from_the_keyboard_and_keeps_the_filter(visit):
    page = visit("index.html").page
    page.fill("#sok", "sand")  # Sandnes, Sandefjord, Sande, ...
    shown = len(_visible(page))
    assert shown >= 3
    button = page.locator("#kommuner thead th[data-key='navn'] button")
    button.focus()
    page.keyboard.press("Enter")
    assert button.evaluate("b => b.parentElement.getAttribute('aria-sort')") == "ascending"
    names = _visible(page)
    assert len(names) == shown and names == sorted(names)
    page.keyboard.press("Space")
    assert button.evaluate("b => b.parentElement.getAttribute('aria-sort')") == "descending"
    assert _visible(page) == sorted(names, reverse=True)
    # Tab from the search box reaches the sort buttons.
    page.focus("#sok")
    tags = []
    for _ in range(8):
        page.keyboard.press("Tab")
        tags.append(page.evaluate("document.activeElement.tagName"))
    assert "BUTTON" in tags


def _inside(box: dict | None, width: int) -> bool:
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5


@pytest.mark.parametrize("rel", ["index.html", "index-nn.html"])
def test_table_fits_1280_px_without_sideways_scrolling(visit, rel):
    page = visit(rel, width=1280).page
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    table = page.locator("#kommuner")
    assert table.evaluate("t => t.scrollWidth - t.clientWidth") <= 0
    for i in range(page.locator("#kommuner thead th").count()):
        assert _inside(page.locator("#kommuner thead th").nth(i).bounding_box(), 1280)
    pdfs = page.locator("#kommuner tbody a.pdf")
    assert pdfs.count() >= 3
    for i in range(pdfs.count()):
        pdfs.nth(i).scroll_into_view_if_needed()
        assert _inside(pdfs.nth(i).bounding_box(), 1280)


@pytest.mark.parametrize("rel", ["index.html", "index-nn.html"])
def test_list_is_usable_at_320_px(visit, rel):
    page = visit(rel, width=320).page
    assert page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 1
    for sel in ("#sok", "#f-fylke", "#f-malform", "#f-status"):
        assert _inside(page.locator(sel).bounding_box(), 320), sel
    buttons = page.locator("#kommuner thead button")
    for i in range(buttons.count()):
        assert _inside(buttons.nth(i).bounding_box(), 320)
    assert _search(page, "oslo") == ["oslo"]
    row = page.locator("#kommuner tbody tr[data-navn='oslo']")
    for link in (row.get_by_role("link", name="Oslo", exact=True), row.locator("a.pdf")):
        assert _inside(link.bounding_box(), 320)
    # On a phone each cell says what it is.
    labels = row.locator("td").evaluate_all(
        "tds => tds.map(td => getComputedStyle(td, '::before').content)")
    assert ('"Folketal: "' if rel == "index-nn.html" else '"Folketall: "') in labels
