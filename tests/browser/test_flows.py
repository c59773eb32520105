"""What a visitor does from start to end, in the browser, over Material's instant navigation.

The contribute forms' output is checked by `parlour check` in test_contribute.py; here the wish
form is reached from the wish wall and filled by keyboard alone.
"""

from __future__ import annotations

import re

import yaml
from playwright.sync_api import expect

from .conftest import PAGE_TYPES


def shown(page, selector: str) -> list:
    return page.evaluate(
        f"[...document.querySelectorAll({selector!r})].filter(e => e.offsetParent !== null)"
        ".map(e => e.dataset.era || e.id)"
    )


def test_timeline_filtered_to_the_future(site_page, site_server, built_site):
    page = site_page
    page.goto(site_server.url)
    # the home page has no side navigation (hide: navigation): its own links lead on
    page.locator("article a", has_text="时间线").first.click()
    page.wait_for_url(re.compile(r"/timeline/$"))
    html = (built_site / "timeline" / "index.html").read_text(encoding="utf-8")
    future_count = len(re.findall(r'<li [^>]*\bdata-era="future"', html))
    assert future_count > 0
    page.get_by_role("group", name=re.compile("时代")).get_by_role(
        "button", name=re.compile("未来")
    ).click()
    eras = shown(page, ".parlour-event")
    assert eras == ["future"] * future_count
    assert shown(page, ".parlour-era-heading") == ["future"]
    status = page.locator(".parlour-filter-status").inner_text()
    assert str(future_count) in status
    # one button clears every filter
    page.get_by_role("button", name="清除筛选").click()
    assert {"past", "present", "future"} <= set(shown(page, ".parlour-event"))


def test_open_an_object_from_an_interviews_related_list(site_page, site_server):
    page = site_page
    page.goto(site_server.url + PAGE_TYPES["interviews"])
    page.locator(".parlour-card a[href*='chen-guiying-1']").first.click()
    page.wait_for_url(re.compile(r"/interviews/chen-guiying-1/$"))
    expect(page.locator("[data-parlour-player]")).to_have_count(1)
    link = page.locator("ul.parlour-related a[href*='/objects/']").first
    title = link.inner_text().strip()
    link.click()
    page.wait_for_url(re.compile(r"/objects/[a-z0-9-]+/$"))
    # instant navigation changes the address first, the page a moment later: wait for it
    expect(page.locator("h1")).to_have_text(title)
    # and the object leads back to the interview it came from
    back = page.locator("ul.parlour-related a[href*='/interviews/chen-guiying-1/']")
    expect(back).to_have_count(1)


def test_wish_from_the_wall_by_keyboard(site_page, site_server):
    page = site_page
    page.goto(site_server.url + PAGE_TYPES["wishes"])
    page.locator(".md-tabs__link", has_text="参与").first.click()  # the sections are tabs
    page.wait_for_url(re.compile(r"/contribute/$"))
    page.locator("#tab-story").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "tab-wish"
    page.keyboard.press("Enter")
    assert page.locator("#form-wish").is_visible()
    for _ in range(5):  # past the other tab, into the form
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#form-wish') !== null"):
            break
    assert page.evaluate("document.activeElement.name") == "text"
    page.keyboard.type("希望会客厅门口装一个扶手")
    page.keyboard.press("Tab")
    page.keyboard.type("五楼的老周")
    page.keyboard.press("Tab")  # the theme: the first stays chosen
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # make the file
    area = page.locator("[data-output] textarea[data-file]").first
    assert area.get_attribute("data-file").startswith("stories/wishes/")
    record = yaml.safe_load(area.input_value())
    assert "希望会客厅门口装一个扶手" in str(record)
    assert "五楼的老周" in str(record)
