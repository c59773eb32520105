"""The site as an exhibition for its visitors (issue 13, the visual part): eras you can see,
no documentation chrome and no third party, a big play button, filters folded on phones,
consent never given in advance, a 404 with a way home, upright Han.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.test_templates import build_with_override

from .conftest import LANGUAGES, PAGE_TYPES, Server

PHONE = {"width": 390, "height": 844}
CONTRAST = "label[for=__palette_1]"  # Material's toggle to the high-contrast scheme


def contrast_ratio(page, fg: str, bg: str) -> float:
    """WCAG contrast of two computed CSS colours (rgb/rgba strings, opaque enough here)."""
    return page.evaluate(
        """([fg, bg]) => {
            const lum = c => {
                const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
                    v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
            return (a + 0.05) / (b + 0.05);
        }""",
        [fg, bg],
    )


def era_bands(page) -> dict:
    return page.evaluate("""() => Object.fromEntries(['past', 'present', 'future'].map(era => {
        const h = document.getElementById(era), ol = document.querySelector(`ol[data-era=${era}]`);
        const hs = getComputedStyle(h), os = getComputedStyle(ol);
        return [era, {word: h.textContent.replace('¶', '').trim(), bar: hs.borderLeftColor,
                      ground: hs.backgroundColor, ink: hs.color, line: os.borderLeftColor,
                      style: os.borderLeftStyle}];
    }))""")


def test_timeline_eras_are_coloured_bands_with_their_word_and_a_now_line(page, site_server):
    page.goto(site_server.url + PAGE_TYPES["timeline"])
    for scheme in ("default", "parlour-contrast"):
        if scheme != "default":
            page.locator(CONTRAST).click()
        bands = era_bands(page)
        assert [b["word"] for b in bands.values()] == ["过去", "现在", "未来"]
        # three colours, not one: the band's bar and the list's line follow the era
        assert len({b["bar"] for b in bands.values()}) == 3, bands
        assert all(b["bar"] == b["line"] for b in bands.values()), bands
        assert bands["future"]["style"] == "dashed" and bands["past"]["style"] == "solid"
        for era, band in bands.items():
            assert contrast_ratio(page, band["ink"], band["ground"]) >= 4.5, (scheme, era, band)
        # the "now" line the template writes, between the present and the future
        now = page.locator("p.parlour-now[role=separator]")
        expect(now).to_have_text("今天")
        assert page.evaluate("""() => {
            const now = document.querySelector('.parlour-now');
            const follows = (a, b) => a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING;
            return !!(follows(document.querySelector('ol[data-era=present]'), now)
                      && follows(now, document.getElementById('future')));
        }""")
    page.goto(site_server.url + "en/" + PAGE_TYPES["timeline"])
    expect(page.locator("p.parlour-now")).to_have_text("Today")


def test_the_public_site_asks_no_other_host_and_shows_no_docs_chrome(page, site_server):
    requests: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.context.route(
        lambda url: urlsplit(url).hostname not in ("127.0.0.1", None), lambda r: r.abort()
    )
    for path in ("", PAGE_TYPES["interview-with-audio"], PAGE_TYPES["place"], "en/timeline/"):
        page.goto(site_server.url + path, wait_until="networkidle")
        assert page.locator("a.md-content__button, [data-md-component=source]").count() == 0
        # the repository stays a plain link; the footer credits the residents
        assert page.locator("a.md-source").count() >= 1
        footer = page.locator(".md-footer").inner_text()
        credit = "collected by the residents" if path.startswith("en/") else "社区居民共同收集"
        assert credit in footer and "Material" not in footer
    assert len(requests) > 10  # the pages and their files were seen
    leaving = sorted({u for u in requests if urlsplit(u).hostname not in ("127.0.0.1", None)
                      and not u.startswith(("data:", "blob:"))})
    assert not leaving, leaving
    # nor anything of its own that is not there (Material looked for a sitemap.xml beside each
    # <link rel="alternate">: /en/sitemap.xml, /en/timeline/sitemap.xml...)
    assert not failed, failed


def test_no_page_has_the_manual_s_side_columns(page, site_server):
    """A visitor's page is a room of the exhibition: no side navigation or contents column on a
    desktop; the sections are tabs under the header (and the menu on a phone)."""
    page.set_viewport_size({"width": 1400, "height": 900})
    for lang, root in LANGUAGES.items():
        for name, path in PAGE_TYPES.items():
            page.goto(site_server.url + root + path)
            for column in (".md-sidebar--primary", ".md-sidebar--secondary"):
                assert not page.locator(column).is_visible(), f"{column} on {lang} {name}"
        tabs = page.locator(".md-tabs a.md-tabs__link")
        expect(tabs.first).to_be_visible()
        timeline = "时间线" if lang == "zh" else "Timeline"
        expect(tabs.filter(has_text=timeline)).to_have_count(1)


def test_a_big_play_button_under_the_title_plays_and_pauses(page, site_server):
    page.set_viewport_size(PHONE)
    page.goto(site_server.url + PAGE_TYPES["interview-with-audio"])
    button = page.get_by_role("button", name=re.compile("^听陈桂英讲"))
    box = button.bounding_box()
    assert box["height"] >= 56 and box["width"] >= 56, box
    # right under the title (and its subtitle), above the facts and the player
    order = page.evaluate("""() => [...document.querySelectorAll(
        'article h1, article .parlour-play, article .parlour-facts, [data-parlour-player]')]
        .map(e => e.className || e.localName)""")
    assert order[:2] == ["h1", "parlour-play"], order
    assert box["y"] + box["height"] <= PHONE["height"], "below the first screen"
    button.click()
    page.wait_for_function("() => !document.querySelector('[data-parlour-player] audio').paused")
    expect(page.locator(".parlour-play")).to_have_text(re.compile("^暂停"))
    page.keyboard.press("Enter")  # the button kept the focus: the keyboard pauses
    page.wait_for_function("() => document.querySelector('[data-parlour-player] audio').paused")
    expect(page.locator(".parlour-play")).to_have_text(re.compile(r"^听陈桂英讲\s*2:01$"))
    page.goto(site_server.url + "en/" + PAGE_TYPES["interview-with-audio"])
    expect(page.get_by_role("button", name=re.compile("^Listen to "))).to_have_count(1)


def test_the_line_now_playing_is_the_strongest_in_both_schemes(page, site_server):
    page.goto(site_server.url + PAGE_TYPES["interview-with-audio"] + "#t=00:24")
    active = page.locator(".parlour-cue--active")
    active.wait_for()
    for scheme in ("default", "parlour-contrast"):
        if scheme != "default":
            page.locator(CONTRAST).click()
        other = page.locator(".parlour-cue:not(.parlour-cue--active)").first
        other.hover()
        look = page.evaluate("""() => {
            const s = e => getComputedStyle(e);
            const a = s(document.querySelector('.parlour-cue--active'));
            const h = s(document.querySelector('.parlour-cue:hover'));
            return {abg: a.backgroundColor, hbg: h.backgroundColor, fg: a.color,
                    bar: parseFloat(a.borderLeftWidth), weight: a.fontWeight,
                    hweight: h.fontWeight};
        }""")
        assert look["abg"] != look["hbg"] and look["bar"] >= 6, (scheme, look)
        assert look["weight"] == "700" and look["hweight"] != "700", (scheme, look)
        assert contrast_ratio(page, look["fg"], look["abg"]) >= 7, (scheme, look)


def test_filters_fold_behind_one_button_on_a_phone(page, site_server):
    page.set_viewport_size(PHONE)
    page.goto(site_server.url + PAGE_TYPES["objects"])
    fold = page.locator(".parlour-filters-toggle")
    expect(fold).to_be_visible()
    expect(fold).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".parlour-chip").first).to_be_hidden()
    # the first record is in the first screen
    assert page.locator(".parlour-card").first.bounding_box()["y"] < PHONE["height"]
    fold.click()
    expect(fold).to_have_attribute("aria-expanded", "true")
    page.locator(".parlour-chip").nth(1).click()
    expect(fold).to_have_text(re.compile("已选 1 项"))
    page.set_viewport_size({"width": 1280, "height": 800})  # wider: no fold, choices shown
    expect(fold).to_be_hidden()
    expect(page.locator(".parlour-chip").first).to_be_visible()


def test_contribute_forms_tick_nothing_and_speak_the_page_language(page, site_server):
    page.goto(site_server.url + "contribute/")
    assert page.locator(".parlour-contribute input:checked[type=checkbox]").count() == 0
    assert page.locator("input[name=level]:checked").count() == 0
    story = page.locator("#form-story")
    assert "Your name" not in story.inner_text() and "你的名字" in story.inner_text()
    page.goto(site_server.url + "en/contribute/")
    story = page.locator("#form-story")
    assert "你的名字" not in story.inner_text() and "Your name" in story.inner_text()
    expect(story.get_by_label("What the neighbours call you")).to_have_attribute(
        "placeholder", "Master Wang"
    )
    assert page.locator(".parlour-contribute input:checked[type=checkbox]").count() == 0


def test_a_missing_page_says_so_in_its_language_with_a_way_home(page, site_server, built_site):
    body = (built_site / "404.html").read_text(encoding="utf-8")

    def missing(route):
        route.fulfill(status=404, body=body, content_type="text/html; charset=utf-8")

    page.route(re.compile(r".*/(en/)?nowhere/$"), missing)
    page.goto(site_server.url + "nowhere/")
    expect(page.locator("h1")).to_have_text("找不到这一页")
    home = page.locator(".parlour-404__home").first
    expect(home).to_have_text("回到首页")
    assert urlsplit(home.evaluate("a => a.href")).path == "/"
    page.get_by_role("button", name="搜索").first.click()
    expect(page.locator(".md-search__input")).to_be_focused()
    page.goto(site_server.url + "en/nowhere/")
    expect(page.locator("h1")).to_have_text("Page not found")
    home = page.locator(".parlour-404__home").first
    expect(home).to_have_text("Back to the home page")
    assert urlsplit(home.evaluate("a => a.href")).path == "/en/"
    # the header and the footer speak English too, and the Chinese section tabs are gone
    expect(page.locator(".md-header__topic").first).to_have_text("Wutong Li · Past and Present")
    expect(page.locator(".parlour-credit")).to_contain_text("collected by the residents")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".md-tabs")).to_be_hidden()


def test_han_is_never_slanted(page, site_server):
    page.goto(site_server.url + PAGE_TYPES["place"])
    styles = page.evaluate("""() => [...document.querySelectorAll(
        'article figcaption, article em, article blockquote')]
        .filter(e => /[\\u4e00-\\u9fff]/.test(e.textContent))
        .map(e => getComputedStyle(e).fontStyle)""")
    assert styles and set(styles) == {"normal"}, styles


def test_a_site_overrides_one_page_type_through_custom_dir(page, tmp_path):
    """A site's custom_dir holds its own parlour/interview.html: every interview page, in both
    languages, shows it inside Parlour's and Material's page, and nothing else changes."""
    result, site = build_with_override(tmp_path, "interview.html", (
        '<p class="site-own-interview">SITE-INTERVIEW-MARKER</p>\n'
        "<p>{{ view.facts[0].text }}</p>\n{{ view.summary.html }}\n"
    ))
    assert result.returncode == 0, result.stderr
    interviews = {p.parent.name for p in (site / "interviews").glob("*/index.html")}
    assert len(interviews) >= 5
    marked = {
        p.relative_to(site).as_posix() for p in site.rglob("*.html")
        if "SITE-INTERVIEW-MARKER" in p.read_text(encoding="utf-8")
    }
    assert marked == {f"{lang}interviews/{i}/index.html" for i in interviews for lang in LANGUAGES.values()}
    with Server(site) as server:
        page.goto(server.url + PAGE_TYPES["interview-with-audio"])
        expect(page.locator(".site-own-interview")).to_have_text("SITE-INTERVIEW-MARKER")
        expect(page.locator("article")).to_contain_text("一分钱一瓶开水")  # the view's summary
        # the site's template left out the transcript; the rest of the page is as before
        expect(page.locator(".parlour-cues")).to_have_count(0)
        expect(page.locator(".parlour-related")).to_have_count(1)
        page.goto(server.url + PAGE_TYPES["object"])  # other page types are Parlour's own
        expect(page.locator(".site-own-interview")).to_have_count(0)
        expect(page.locator("article h1")).to_be_visible()


def test_the_timeline_filtered_to_a_place_shows_its_then_and_now(page, site_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_server.url + PAGE_TYPES["timeline"])
    pairs = page.locator("[data-place-pair]")
    assert pairs.count() >= 2
    expect(pairs.first).to_be_hidden()  # until a place is chosen
    page.locator("select[data-parlour-filter=place]").select_option("hot-water-shop")
    pair = page.locator("[data-place-pair=hot-water-shop]")
    expect(pair).to_be_visible()
    expect(page.locator("[data-place-pair]:visible")).to_have_count(1)
    images = pair.locator("img")
    expect(images).to_have_count(2)
    page.wait_for_function("""() => [...document.querySelectorAll(
        '[data-place-pair=hot-water-shop] img')].every(i => i.complete && i.naturalWidth > 0)""")
    # above the events it belongs to, all of which happened there
    events = page.locator(".parlour-event:visible")
    assert events.count() >= 1
    assert pair.bounding_box()["y"] < events.first.bounding_box()["y"]
    page.locator("select[data-parlour-filter=place]").select_option("")
    expect(pair).to_be_hidden()
