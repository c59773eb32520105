"""The citation's date is the reader's (issue 19): parlour.js fills it in the page's language;
without script the citation has no date and no dangling "accessed"."""

from __future__ import annotations

import pytest

PAGE = "interviews/chen-guiying-1/"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_citation_says_the_day_the_reader_reads_it(page, site_server, prefix):
    page.goto(site_server.url + prefix + PAGE)
    time = page.locator(".parlour-cite time[data-parlour-today]")
    expected = page.evaluate("""() => new Intl.DateTimeFormat(document.documentElement.lang,
        {dateStyle: "long"}).format(new Date())""")
    assert time.text_content() == expected
    assert page.locator(".parlour-cite .parlour-accessed").get_attribute("hidden") is None
    text = page.locator(".parlour-cite p").text_content()
    assert text.endswith(("(accessed " + expected + ")", "（" + expected + "访问）"))


def test_without_script_the_citation_ends_at_its_address(page_without_js, site_server):
    page_without_js.goto(site_server.url + "en/" + PAGE)
    page_without_js.locator(".parlour-cite summary").click()
    shown = page_without_js.locator(".parlour-cite p").inner_text()
    assert shown.endswith("/en/interviews/chen-guiying-1/"), shown
    assert "accessed" not in shown
