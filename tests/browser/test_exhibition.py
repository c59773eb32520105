"""The redesign's markup in the built sites (issue 13): a then-and-now pair in the home page's
first screen on a phone, the place page's slider by keyboard, era badges with their word on
cards and record pages, the exhibition's withheld panel saying so, and no section heading left
empty on any page type, in the public site and the kiosk, in both languages."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import LANGUAGES, PAGE_TYPES

PHONE = {"width": 390, "height": 844}


def test_the_home_page_opens_with_then_and_now_on_a_phone(page, site_server):
    page.set_viewport_size(PHONE)
    page.goto(site_server.url)
    pair = page.locator(".parlour-then-now img").first
    expect(pair).to_be_visible()
    box = pair.bounding_box()
    assert box is not None and box["y"] < PHONE["height"], box


def test_the_place_page_s_slider_moves_by_keyboard(page, site_server):
    page.goto(site_server.url + PAGE_TYPES["place"])
    slider = page.locator("img-comparison-slider.parlour-compare").first
    expect(slider).to_have_attribute("data-ready", "1")  # defined, and made a slider
    expect(slider).to_have_attribute("role", "slider")
    assert "从前和现在" in slider.get_attribute("aria-label")
    slider.focus()
    page.keyboard.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuenow", "55")
    page.keyboard.press("Home")
    expect(slider).to_have_attribute("aria-valuenow", "0")


@pytest.mark.parametrize(("lang", "past", "present"), [("zh", "过去", "现在"),
                                                       ("en", "Past", "Present")])
def test_cards_and_record_pages_wear_their_era(page, site_server, lang, past, present):
    root = site_server.url + LANGUAGES[lang]
    page.goto(root + PAGE_TYPES["interviews"])
    chen = page.locator(".parlour-card", has=page.locator('a[href*="chen-guiying-1"]'))
    expect(chen.locator(".parlour-era")).to_have_text(past)
    expect(chen.locator(".parlour-era")).to_have_attribute("data-era", "past")
    wang = page.locator(".parlour-card", has=page.locator('a[href*="wang-jianguo-1"]'))
    expect(wang.locator(".parlour-era")).to_have_text(present)
    # recorded in 2025, it tells of 1950-1999: the past
    page.goto(root + PAGE_TYPES["interview-with-audio"])
    expect(page.locator("p.parlour-kind .parlour-era")).to_have_text(past)
    page.goto(root + PAGE_TYPES["object"])
    expect(page.locator("p.parlour-kind .parlour-era")).to_have_count(1)


def test_a_panel_shown_only_in_the_parlour_says_so(page, site_server, kiosk_server):
    page.goto(site_server.url + PAGE_TYPES["exhibit"])
    expect(page.locator("#lonely-tree .parlour-withheld")).to_have_text("这一段只在会客厅展出")
    page.goto(site_server.url + "en/" + PAGE_TYPES["exhibit"])
    expect(page.locator("#lonely-tree .parlour-withheld")).to_have_text(
        "Shown only in the parlour")
    # the parlour's own kiosk shows the quote itself
    page.goto(kiosk_server.url + PAGE_TYPES["exhibit"])
    expect(page.locator("#lonely-tree .parlour-quote")).to_have_count(1)
    expect(page.locator("#lonely-tree .parlour-withheld")).to_have_count(0)


# ---------------------------------------------------------------------- headings


class _Outline(HTMLParser):
    """The article's headings and whether anything stands between each and the next."""

    def __init__(self):
        super().__init__()
        self.items: list[tuple[int, str] | None] = []  # (level, text) or None: content
        self.heading: list | None = None

    def handle_starttag(self, tag, attrs):
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.heading = [int(tag[1]), ""]
        elif self.heading is None and tag not in ("br", "wbr"):
            self.items.append(None)

    def handle_endtag(self, tag):
        if self.heading is not None and len(tag) == 2 and tag[0] == "h":
            self.items.append((self.heading[0], self.heading[1].replace("¶", "").strip()))
            self.heading = None

    def handle_data(self, data):
        if self.heading is not None:
            self.heading[1] += data
        elif data.strip():
            self.items.append(None)


def empty_sections(html: str) -> list[str]:
    """Headings followed directly by a heading of the same or a higher level."""
    start = html.find('<article class="md-content__inner')
    if start < 0:
        return []
    outline = _Outline()
    outline.feed(html[start:html.index("</article>", start)])
    out = []
    for here, after in zip(outline.items, outline.items[1:], strict=False):
        if here is not None and after is not None and after[0] <= here[0]:
            out.append(f"h{here[0]} {here[1]!r} then h{after[0]} {after[1]!r}")
    return out


@pytest.mark.parametrize("audience", ["built_site", "kiosk_site"])
def test_no_section_heading_is_left_empty(request, audience):
    site: Path = request.getfixturevalue(audience)
    checked, found = 0, []
    for prefix in LANGUAGES.values():
        for name, path in PAGE_TYPES.items():
            file = site / prefix / path / "index.html"
            if not file.is_file():
                continue
            checked += 1
            found += [f"{prefix}{path or '/'} ({name}): {e}"
                      for e in empty_sections(file.read_text(encoding="utf-8"))]
    assert checked >= len(PAGE_TYPES), checked
    assert not found, "\n".join(found)


def test_the_heading_check_sees_an_empty_section():
    # positive control: the check finds what it is for, and passes what is fine
    page = ('<article class="md-content__inner md-typeset"><h1>T</h1><h2 id="a">A'
            '<a class="headerlink">¶</a></h2><h2>B</h2><p>x</p><h2>C</h2><h3>D</h3>'
            '<p>y</p></article>')
    assert empty_sections(page) == ["h2 'A' then h2 'B'"]
