"""The maps (issue 16) in a browser: the places index's markers are its places with a
location, in list order by Tab, Enter opens one; the old map's opacity follows its slider by
keyboard; a pinned map numbers its pins as its list; the kiosk asks no other host while the
maps load and pan; axe finds nothing serious once the maps are drawn, in both schemes."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from parlour.archive import Archive
from parlour.archive.loader import load_archive

from .conftest import REPO
from .test_axe import FAILING_IMPACTS, SCHEMES, report, settle
from .test_kiosk import outside

GEO = "[data-parlour-map] .parlour-marker"
PINS = "[data-parlour-pins] .parlour-marker"
axe = Axe()


def located(lang: str) -> list[str]:
    """The present names of the places the public site may show with a location, in the
    places index's order (written from the archive, not read from the page)."""
    archive = Archive(load_archive(REPO), audience="public")
    return [archive.title(e, lang) for e in archive.entries("places")
            if e.record.location is not None]


def open_places(page, base: str, lang: str = "en"):
    page.goto(base + ("en/" if lang == "en" else "") + "places/")
    page.locator("[data-parlour-map][data-markers-shown]").wait_for()


def test_markers_are_the_places_with_a_location_in_list_order(page, site_server):
    open_places(page, site_server.url)
    names = located("en")
    assert len(names) >= 8  # positive control: the sample's places all have one
    markers = page.locator(GEO)
    expect(markers).to_have_count(len(names))
    assert [markers.nth(i).get_attribute("aria-label") for i in range(len(names))] == names
    cards = page.locator(".parlour-places-list .parlour-card strong a")
    assert cards.all_inner_texts() == names  # the list beside the map, in the same order


def test_tab_reaches_every_marker_in_list_order_and_enter_opens_it(page, site_server):
    open_places(page, site_server.url)
    names = located("en")
    page.locator("[data-parlour-map]").focus()
    reached = []
    for _ in names:
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
    assert reached == names
    # back to the third, and open it
    for _ in range(len(names) - 3):
        page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == names[2]
    target = page.evaluate("document.activeElement.getAttribute('data-href')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/places/" + target.strip("./").split("/")[-1] + "/")
    expect(page.locator("h1")).to_have_text(names[2])


def test_names_as_of_the_old_maps_year_relabel_the_markers(page, site_server):
    open_places(page, site_server.url)
    mill = page.locator(GEO + "[data-href$='textile-mill/']")
    assert mill.get_attribute("aria-label") == "Wutong Garden estate"
    page.get_by_label("Names as of").select_option("1956")
    assert mill.get_attribute("aria-label") == "Qingtong Textile Mill"


def test_the_old_maps_opacity_follows_its_slider_by_keyboard(page, site_server):
    open_places(page, site_server.url)
    slider = page.get_by_label("The 1956 survey sheet of Qingtong Road: opacity")
    expect(slider).to_have_attribute("type", "range")
    old = page.locator("[data-parlour-map] img.parlour-map-picture[src$='qingtong-survey-1956.svg']")
    before = float(old.evaluate("img => getComputedStyle(img).opacity"))
    slider.focus()
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
    after = float(old.evaluate("img => getComputedStyle(img).opacity"))
    assert slider.input_value() == "50" and after == pytest.approx(0.5)
    assert before == pytest.approx(0.7)
    page.keyboard.press("End")
    assert float(old.evaluate("img => getComputedStyle(img).opacity")) == pytest.approx(1.0)


def test_the_drawn_map_numbers_its_pins_as_its_list(page, site_server):
    open_places(page, site_server.url, "zh")
    pinned = page.locator("#wutong-li-drawn")
    pinned.locator("[data-parlour-pins][data-markers-shown]").wait_for()
    items = pinned.locator(".parlour-pin-list li").all_inner_texts()
    pins = pinned.locator(".parlour-marker")
    expect(pins).to_have_count(len(items))
    assert len(items) == len(located("zh"))
    for i, name in enumerate(items):
        assert pins.nth(i).inner_text() == str(i + 1)
        assert pins.nth(i).get_attribute("aria-label") == f"{i + 1} {name}"


def test_a_place_page_shows_its_place_on_a_small_map(page, site_server):
    page.goto(site_server.url + "en/places/hot-water-shop/")
    page.locator("[data-parlour-map][data-markers-shown='1']").wait_for()
    expect(page.locator(GEO)).to_have_attribute("aria-label", "Wutong Li Community Parlour")
    expect(page.locator("img-comparison-slider, .parlour-compare").first).to_be_attached()


def test_the_kiosk_asks_no_other_host_while_maps_load_and_pan(page, kiosk_server):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.context.route(lambda url: outside(url), lambda route: route.abort())
    for path in ("places/", "en/places/", "places/wutong-lane/"):
        page.goto(kiosk_server.url + path)
        page.locator("[data-parlour-map][data-markers-shown]").wait_for()
        box = page.locator("[data-parlour-map]").bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - 150, y - 100, steps=8)
        page.mouse.up()
        page.locator("[data-parlour-map]").focus()
        for key in ("+", "+", "-", "-", "-", "ArrowLeft", "ArrowUp"):
            page.keyboard.press(key)
        page.wait_for_load_state("networkidle")
    # positive control: the maps were drawn from the parlour's own files
    assert any(url.endswith("/vendor/leaflet/leaflet.js") for url in requests)
    assert any(url.endswith("qingtong-survey-1956.svg") for url in requests)
    leaving = sorted({url for url in requests if outside(url)})
    assert not leaving, "the kiosk's maps asked other hosts for:\n" + "\n".join(leaving)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", ["places/", "en/places/", "places/hot-water-shop/",
                                  "en/places/wutong-lane/"])
def test_axe_is_clean_once_the_maps_are_drawn(page, site_server, path, scheme):
    page.goto(site_server.url + path)
    page.locator("[data-parlour-map][data-markers-shown]").wait_for()
    if scheme != "default":
        page.locator("label[for=__palette_1]").click()
        page.wait_for_function(
            f"() => document.body.getAttribute('data-md-color-scheme') === '{scheme}'"
        )
        # the colours fade over (CSS transitions): axe must read them where they end
        settle(page)
    page.locator(GEO).first.focus()  # a marker's tooltip open too
    settle(page)  # focus scrolls the page, and Material fades the section tabs out
    results = axe.run(page, options={"resultTypes": ["violations"]})
    serious = [v for v in results.response["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not serious, f"/{path} ({scheme}):\n" + report(serious)


def test_a_place_reached_by_instant_navigation_gets_its_map(site_page, site_server):
    """Material swaps the content in without a page load: map.js must run again, and load
    Leaflet once."""
    loads: list[str] = []
    site_page.on("request", lambda r: loads.append(r.url) if r.url.endswith("leaflet.js") else 0)
    open_places(site_page, site_server.url)
    site_page.evaluate("window.parlourMarker = 'same page'")
    site_page.locator(".parlour-places-list .parlour-card a", has_text="Wutong Li").first.click()
    site_page.wait_for_url("**/en/places/wutong-lane/")
    site_page.locator("[data-parlour-map][data-markers-shown='1']").wait_for()
    assert site_page.evaluate("window.parlourMarker") == "same page"  # no full reload
    assert len(loads) == 1
