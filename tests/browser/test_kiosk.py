"""The parlour's kiosk (mkdocs.community.yml): nothing from other hosts, large type, home when idle.

The idle tests run on Playwright's fake clock: no sleeping, no timed assertions.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from .conftest import PAGE_TYPES

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
    page.wait_for_function("!document.querySelector('audio').paused")
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
    page.wait_for_function("!document.querySelector('audio').paused")
    page.clock.fast_forward(IDLE_MS * 2)
    assert page.url == interview
    # the wait starts when the sound stops
    page.evaluate("document.querySelector('audio').pause()")
    page.clock.fast_forward(IDLE_MS - 10_000)
    assert page.url == interview
    with page.expect_navigation(url=kiosk_server.url):
        page.clock.fast_forward(15_000)
