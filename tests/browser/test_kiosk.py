"""The parlour's kiosk (mkdocs.community.yml): nothing from other hosts, large type, a start
screen of picture tiles, Back and Start in reach, home when idle and a silent attract loop.

The idle tests run on Playwright's fake clock: no sleeping, no timed assertions.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import LANGUAGES, PAGE_TYPES

IDLE_MS = 120_000  # kiosk_idle in mkdocs.community.yml
LOCAL_SCHEMES = {"data", "blob", "about"}


def outside(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in LOCAL_SCHEMES and parts.hostname != "127.0.0.1"


def test_no_request_leaves_the_parlour(page, kiosk_server):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    # answer nothing outside at once: a lookup that hangs would only slow the test down
    page.context.route(lambda url: outside(url), lambda route: route.abort())
    for path in PAGE_TYPES.values():
        for lang in ("", "en/"):
            page.goto(kiosk_server.url + lang + path, wait_until="networkidle")
    # search (Pagefind's files, behind Material's box) loads only when asked, in each language
    for home in ("", "en/"):
        page.goto(kiosk_server.url + home)
        box = page.locator("input[data-md-component=search-query]")
        box.click()
        box.fill("老虎灶" if not home else "hot-water")
        box.press("End")  # Material searches on keyup
        page.locator(".md-search-result__item").first.wait_for()
    assert any("/pagefind/" in url for url in requests), "no search was made"
    # and the interview's sound, which loads only when asked
    page.goto(kiosk_server.url + PAGE_TYPES["interview-with-audio"])
    page.evaluate("document.querySelector('audio').play()")
    page.wait_for_function("() => !document.querySelector('audio').paused")
    page.wait_for_load_state("networkidle")
    assert len(requests) > len(PAGE_TYPES)
    leaving = sorted({url for url in requests if outside(url)})
    assert not leaving, "the kiosk asked other hosts for:\n" + "\n".join(leaving)


def test_no_edit_links_and_large_type(page, kiosk_server, site_server):
    page.goto(site_server.url + PAGE_TYPES["object"])
    standard = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    # the public site links its repository (a plain link; no edit pencil for visitors)
    assert page.locator("a.md-source").count() >= 1
    page.goto(kiosk_server.url + PAGE_TYPES["object"])
    large = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert large >= standard * 1.2
    assert page.locator("a.md-content__button, .md-source").count() == 0
    # the footer's link to Material's site reads as text: nothing leads off the kiosk
    offsite = page.evaluate(
        "[...document.querySelectorAll('a[href]')].map(a => a.href)"
        ".filter(h => /^https?:/.test(h) && new URL(h).host !== location.host)"
    )
    assert offsite == []


def test_idle_kiosk_returns_home(page, kiosk_server):
    page.clock.install()
    start = kiosk_server.url + PAGE_TYPES["object"]
    page.goto(start)
    page.clock.fast_forward(IDLE_MS - 20_000)
    page.mouse.click(5, 300)  # a touch: the wait starts again
    page.clock.fast_forward(IDLE_MS - 20_000)
    assert page.url == start
    with page.expect_navigation(url=kiosk_server.url):
        page.clock.fast_forward(25_000)


def test_idle_kiosk_forgets_the_visitors_text_size_and_colours(page, kiosk_server):
    page.clock.install()
    page.goto(kiosk_server.url)
    page.locator(".parlour-textsize__toggle").click()
    page.locator("[data-parlour-size='2']").click()
    page.locator("label[for=__palette_1]").click()
    assert page.evaluate("localStorage.getItem('parlour.text')") == "2"
    with page.expect_navigation(url=kiosk_server.url):
        page.clock.fast_forward(IDLE_MS + 1_000)
    # read through locators: they wait out a navigation still settling, evaluate() would not
    expect(page.locator("html")).not_to_have_attribute("data-parlour-text", re.compile(".*"))
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    assert page.evaluate("localStorage.getItem('parlour.text')") is None


def test_kiosk_stays_while_sound_plays(page, kiosk_server):
    page.clock.install()
    interview = kiosk_server.url + PAGE_TYPES["interview-with-audio"]
    page.goto(interview)
    page.evaluate("document.querySelector('audio').play()")
    page.wait_for_function("() => !document.querySelector('audio').paused")
    page.clock.fast_forward(IDLE_MS * 2)
    assert page.url == interview
    # the wait starts when the sound stops
    page.evaluate("document.querySelector('audio').pause()")
    page.clock.fast_forward(IDLE_MS - 10_000)
    assert page.url == interview
    with page.expect_navigation(url=kiosk_server.url):
        page.clock.fast_forward(15_000)


# ---------------------------------------------------------------------- made for touch (#14)

KIOSK_SIZES = ({"width": 1920, "height": 1080}, {"width": 1080, "height": 1920})
#: the website's pages the kiosk leaves out: contributing and the open data
LEFT_OUT = ("contribute", "data")
TAP = 64  # px: the least height of anything a standing visitor taps
#: counts every attempt to play sound or video, from before the page's own scripts run
COUNT_PLAYS = """
    window.__plays = 0;
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function () { window.__plays += 1; return play.call(this); };
"""


def kiosk_pages():
    return [(lang, name, root + path) for lang, root in LANGUAGES.items()
            for name, path in PAGE_TYPES.items() if name not in LEFT_OUT]


def test_the_start_screen_is_large_picture_tiles(page, kiosk_server):
    for size in KIOSK_SIZES:
        page.set_viewport_size(size)
        for root in LANGUAGES.values():
            page.goto(kiosk_server.url + root)
            eras = page.locator(".parlour-start__eras a.parlour-tile")
            doors = page.locator(".parlour-start__doors a.parlour-tile")
            expect(eras).to_have_count(3)
            assert doors.count() == 4  # voices, objects, wishes, the exhibition
            for tile in eras.all() + doors.all():
                box = tile.bounding_box()
                assert box["height"] >= TAP * 2 and box["width"] >= TAP * 2, box
                # a picture, or a note in words where there is none (the future, a wish)
                assert tile.locator("img, .parlour-tile__note").count() == 1
                assert tile.locator("img").evaluate_all("imgs => imgs.every(i => i.complete)")
            # every door leads to a page the kiosk has
            for href in eras.evaluate_all("as => as.map(a => a.href)"):
                assert page.request.get(href).ok, href
            for href in doors.evaluate_all("as => as.map(a => a.href)"):
                assert page.request.get(href).ok, href
            # the start screen is all doors: no Back or Start bar on it
            expect(page.locator(".parlour-kiosk-bar")).to_have_count(0)


def test_no_page_has_the_drawer_the_tabs_or_a_contents_column(page, kiosk_server):
    chrome = (".md-sidebar--primary", ".md-sidebar--secondary", ".md-tabs",
              "label.md-header__button[for=__drawer]")
    for size in KIOSK_SIZES:
        page.set_viewport_size(size)
        for lang, name, path in kiosk_pages():
            page.goto(kiosk_server.url + path)
            for part in chrome:
                assert not page.locator(part).is_visible(), f"{part} on {lang} {name} at {size}"
            if name != "home":  # Back and Start, big, at the bottom of the screen
                bar = page.locator(".parlour-kiosk-bar")
                expect(bar).to_be_visible()
                start = bar.locator("[data-parlour-start]")
                assert start.bounding_box()["height"] >= TAP
                box = bar.bounding_box()
                assert box["y"] + box["height"] == pytest.approx(size["height"], abs=1)


def test_the_bar_goes_back_and_to_the_start(page, kiosk_server):
    page.goto(kiosk_server.url)
    page.locator(".parlour-start__doors a.parlour-tile").first.click()
    page.wait_for_url(re.compile(r"/interviews/$"))
    page.locator(".parlour-card a").first.click()
    page.wait_for_url(re.compile(r"/interviews/[^/]+/$"))
    back = page.locator("[data-parlour-back]")
    assert back.bounding_box()["height"] >= TAP
    back.click()
    page.wait_for_url(re.compile(r"/interviews/$"))
    page.locator("[data-parlour-start]").click()
    page.wait_for_url(kiosk_server.url)
    expect(page.locator(".parlour-start")).to_be_visible()
    page.goto(kiosk_server.url + "en/" + PAGE_TYPES["object"])
    page.locator("[data-parlour-start]").click()
    page.wait_for_url(kiosk_server.url + "en/")


def test_the_contribute_and_data_pages_are_absent(page, kiosk_server, kiosk_site, built_site):
    for root in LANGUAGES.values():
        for name in LEFT_OUT:
            assert not (kiosk_site / root / PAGE_TYPES[name]).exists(), root + name
            assert page.request.get(kiosk_server.url + root + PAGE_TYPES[name]).status == 404
    assert not list(kiosk_site.glob("data/*")), "the open-data files are the website's"
    assert not (kiosk_site / "iiif").exists() and (built_site / "iiif").is_dir()
    # and nothing links to them (the positive control: the website's pages do)
    pattern = re.compile(r'href="[^"]*/(contribute|data)/"')
    def linking(site):
        return [p for p in site.rglob("*.html") if pattern.search(p.read_text("utf-8"))]

    assert linking(kiosk_site) == []
    assert len(linking(built_site)) > 10
    page.goto(kiosk_server.url + PAGE_TYPES["about"])
    expect(page.locator("article")).to_be_visible()


def test_idle_returns_to_the_start_and_the_attract_loop_is_silent(page, kiosk_server):
    page.add_init_script(COUNT_PLAYS)
    page.clock.install()
    page.goto(kiosk_server.url + PAGE_TYPES["interview-with-audio"])
    with page.expect_navigation(url=kiosk_server.url):
        page.clock.fast_forward(IDLE_MS + 1_000)
    loop = page.locator("[data-parlour-attract]")
    expect(loop).to_be_visible()  # at once: idling brought it home
    slides = loop.locator(".parlour-attract__slide")
    assert slides.count() >= 4
    kinds = set(slides.evaluate_all("s => s.map(e => e.className.match(/--(\\w+)/)[1])"))
    assert kinds == {"pair", "quote"}
    shown = []
    for _ in range(4):
        visible = [i for i, s in enumerate(slides.all()) if s.is_visible()]
        assert len(visible) == 1
        shown.append(visible[0])
        page.clock.fast_forward(8_000)
    assert shown == [0, 1, 2, 3]  # the slides take turns
    # never a sound: no player in the loop, nothing asked to play, everything silent
    assert loop.locator("audio, video").count() == 0
    assert page.evaluate("window.__plays") == 0
    assert page.evaluate("[...document.querySelectorAll('audio, video')].every(m => m.paused)")
    # a touch ends it, and lands on the loop, not on the tile beneath
    loop.click()
    expect(loop).to_be_hidden()
    assert page.url == kiosk_server.url
    # while nobody touches the start screen, it comes back after the idle time
    page.clock.fast_forward(IDLE_MS + 1_000)
    expect(loop).to_be_visible()
    assert page.evaluate("window.__plays") == 0


def test_the_bar_stays_on_top_of_a_map(page, kiosk_server):
    """Leaflet's panes and buttons (z-index up to 1000) must not cover Back and Start."""
    page.set_viewport_size({"width": 1080, "height": 1920})
    page.goto(kiosk_server.url + PAGE_TYPES["places"])
    page.locator("[data-parlour-pins][data-ready], [data-parlour-map][data-ready]").first.wait_for()
    for _ in range(6):  # scroll so that a map lies under the bar
        page.mouse.wheel(0, 600)
        start = page.locator("[data-parlour-start]")
        box = start.bounding_box()
        top = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('[data-parlour-start]') !== null",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        assert top, "something lies over the Start button"
