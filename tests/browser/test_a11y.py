"""For older visitors and keyboard users: text size, high contrast, filters by keyboard, focus."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import PAGE_TYPES

ROOT_FONT = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
SCHEME = "document.body.getAttribute('data-md-color-scheme')"


def choose_size(page, name: str) -> None:
    page.locator(".parlour-textsize__toggle").click()  # opens the menu (focus-within)
    page.get_by_role("button", name=name, exact=True).click()


def test_text_size_grows_and_is_remembered(site_page, site_server):
    page = site_page
    page.goto(site_server.url + PAGE_TYPES["timeline"])
    standard = page.evaluate(ROOT_FONT)
    choose_size(page, "特大字号")
    largest = page.evaluate(ROOT_FONT)
    assert largest >= standard * 1.25
    page.reload()
    assert page.evaluate(ROOT_FONT) == largest
    # over Material's instant navigation too, with the control telling which size is on
    # (the closed size menu hangs over the section tabs: it must not take their taps)
    page.locator(".md-tabs__link", has_text="老物件").first.click()
    page.wait_for_url(re.compile(r"/objects/$"))
    expect(page.locator(".parlour-cards--objects")).to_have_count(1)
    assert page.evaluate(ROOT_FONT) == largest
    assert page.locator("[data-parlour-size='2']").get_attribute("aria-pressed") == "true"
    choose_size(page, "标准字号")
    assert page.evaluate(ROOT_FONT) == standard
    page.reload()
    assert page.evaluate(ROOT_FONT) == standard


def test_text_size_labels_follow_the_page_language(page, site_server):
    page.goto(site_server.url + "en/" + PAGE_TYPES["about"])
    toggle = page.locator(".parlour-textsize__toggle")
    assert toggle.get_attribute("aria-label").startswith("Text size")
    choose_size(page, "Large text")
    assert page.locator("html").get_attribute("data-parlour-text") == "1"
    assert page.locator("input#__palette_0").get_attribute("aria-label") == "High contrast"


def test_high_contrast_toggles_and_is_remembered(page, site_server):
    page.goto(site_server.url + PAGE_TYPES["wishes"])
    assert page.evaluate(SCHEME) == "default"
    page.locator("label[for=__palette_1]").click()
    assert page.evaluate(SCHEME) == "parlour-contrast"
    colours = page.evaluate(
        "[getComputedStyle(document.body).backgroundColor,"
        " getComputedStyle(document.querySelector('.md-typeset')).color]"
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    page.reload()
    assert page.evaluate(SCHEME) == "parlour-contrast"
    page.locator("label[for=__palette_0]").click()
    assert page.evaluate(SCHEME) == "default"


def test_a_device_asking_for_more_contrast_gets_it_first(page, site_server):
    page.emulate_media(contrast="more")
    page.goto(site_server.url + PAGE_TYPES["timeline"])
    assert page.evaluate(SCHEME) == "parlour-contrast"
    # and the toggle still offers the standard colours
    page.locator("label[for=__palette_0]").click()
    assert page.evaluate(SCHEME) == "default"


def tab_to(page, test: str, *, limit: int = 80) -> None:
    """Press Tab until the focused element passes `test` (JS, `el` is the focused element)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => !!el && ({test}))(document.activeElement)"):
            return
    raise AssertionError(f"{limit} presses of Tab never reached an element where {test}")


def visible_events(page) -> list[str]:
    return page.evaluate(
        "[...document.querySelectorAll('.parlour-event')]"
        ".filter(li => li.offsetParent !== null).map(li => li.dataset.era)"
    )


def test_timeline_filters_by_keyboard_alone(page, site_server):
    page.goto(site_server.url + PAGE_TYPES["timeline"])
    everything = visible_events(page)
    assert {"past", "present", "future"} <= set(everything)
    tab_to(page, "el.classList.contains('parlour-chip') && el.dataset.value === 'future'")
    page.keyboard.press("Space")
    future = visible_events(page)
    assert future and set(future) == {"future"}
    assert page.locator("[role=status].parlour-filter-status").inner_text().startswith("显示")
    # Enter works as well: the past instead
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.dataset.value") == "past"
    page.keyboard.press("Enter")
    assert set(visible_events(page)) == {"past"}
    # pressed again, a choice lets go: everything is back
    page.keyboard.press("Space")
    assert visible_events(page) == everything


def outline(page) -> dict:
    """The focus ring of the focused element (of its label, for Material's palette radios)."""
    return page.evaluate("""() => {
        let el = document.activeElement;
        if (el.matches('.md-option')) el = el.nextElementSibling;
        const s = getComputedStyle(el);
        return {html: el.outerHTML.slice(0, 120), style: s.outlineStyle,
                width: parseFloat(s.outlineWidth), color: s.outlineColor};
    }""")


def test_every_focus_stop_has_a_thick_ring(page, site_server):
    page.goto(site_server.url + PAGE_TYPES["interview-with-audio"])
    seen = 0
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            continue
        ring = outline(page)
        assert ring["style"] not in ("none", "hidden") and ring["width"] >= 3, ring
        assert ring["color"] not in ("rgba(0, 0, 0, 0)", "transparent"), ring
        seen += 1
    assert seen >= 30


def test_own_controls_are_big_enough_to_tap(page, site_server):
    """44 CSS px both ways for the site's own controls; a card is one target, its title's link."""
    page.set_viewport_size({"width": 390, "height": 844})
    small = []
    filters = ".parlour-filters-toggle, .parlour-chip, .parlour-filters select"
    for path, selector in [
        (PAGE_TYPES["timeline"], filters),
        (PAGE_TYPES["objects"], filters + ", .parlour-textsize__toggle"),
        (PAGE_TYPES["object"], ".parlour-prevnext a"),
        (PAGE_TYPES["interview-with-audio"], ".parlour-play, .md-header__button"),
    ]:
        page.goto(site_server.url + path)
        if page.locator(".parlour-filters-toggle").count():
            page.locator(".parlour-filters-toggle").click()  # on a phone the filters fold
        if path == PAGE_TYPES["timeline"]:
            page.locator(".parlour-chip").first.click()
            page.locator(".parlour-chip").nth(1).click()  # a filter on: the clear button shows
            selector += ", .parlour-filter-clear"
        small += page.evaluate(
            """sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null)
                .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()])
                .filter(([, r]) => r.width < 44 || r.height < 44)
                .map(([html, r]) => `${html} ${r.width}x${r.height}`)""",
            selector,
        )
    page.goto(site_server.url + PAGE_TYPES["objects"])
    card = page.locator(".parlour-card").first
    card.scroll_into_view_if_needed()
    box = card.bounding_box()
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('a')?.getAttribute('href')",
        [box["x"] + box["width"] - 4, box["y"] + box["height"] - 4],
    )
    assert hit == card.locator("strong > a").get_attribute("href")
    assert not small, "\n".join(small)
