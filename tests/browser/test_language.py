"""Switching language in a real browser: the visitor stays on the same record."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_switch_language_on_an_interview_stays_on_it(site_page, site_server):
    page = site_page
    page.goto(site_server.url + "interviews/wang-jianguo-1/")
    expect(page.locator("html")).to_have_attribute("lang", "zh")
    expect(page.locator("h1")).to_contain_text("六楼的王师傅")

    page.locator(".parlour-lang-link[hreflang=en]").click()
    page.wait_for_url(re.compile(r"/en/interviews/wang-jianguo-1/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Master Wang of the sixth floor")
    expect(page.locator(".parlour-facts")).to_contain_text("Narrator")
    # Material's interface is in English too, the search box included
    expect(page.locator("input.md-search__input")).to_have_attribute("placeholder", "Search")

    # and back, through the header's language menu
    page.locator(".md-header .md-select", has=page.locator(".md-select__link[hreflang]")).hover()
    page.locator('.md-select__link[hreflang="zh"]').click()
    page.wait_for_url(re.compile(r"/interviews/wang-jianguo-1/$"))
    assert "/en/" not in page.url
    expect(page.locator("html")).to_have_attribute("lang", "zh")


def test_header_menu_follows_instant_navigation(site_page, site_server):
    """Material swaps only the content when moving inside a language; the header's menu must
    then point at the page now shown, not the first one."""
    page = site_page
    page.goto(site_server.url + "interviews/")
    page.locator(".parlour-card a", has_text="六楼的王师傅").first.click()
    page.wait_for_url(re.compile(r"/interviews/wang-jianguo-1/$"))
    expect(page.locator('.md-select__link[hreflang="en"]')).to_have_attribute(
        "href", re.compile(r"en/interviews/wang-jianguo-1/$")
    )


def test_an_anchor_survives_the_switch(site_page, site_server):
    page = site_page
    page.goto(site_server.url + "timeline/#lift-hearing")
    page.locator(".parlour-lang-link[hreflang=en]").click()
    page.wait_for_url(re.compile(r"/en/timeline/#lift-hearing$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
