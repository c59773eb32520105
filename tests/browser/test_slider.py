"""The then-and-now comparison slider (vendored img-comparison-slider, made a slider by
parlour.js): it runs under the site's Content-Security-Policy and moves by keyboard.

The fixture page (fixtures/slider.html) carries the markup the place pages' template writes and
a policy allowing no inline script (nor eval: the waits below are Playwright's locators, which
need neither); it is served with the vendored component, parlour.js and
parlour.css and the sample's then-and-now pictures of the hot-water shop.
"""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from .conftest import ASSETS, HERE, REPO, Server

PICTURES = REPO / "stories" / "media" / "places"
VENDOR = ASSETS / "vendor" / "img-comparison-slider"


@pytest.fixture(scope="module")
def slider_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("slider-fixture")
    shutil.copy(HERE / "fixtures" / "slider.html", root / "index.html")
    for name in ("parlour.js", "parlour.css"):
        shutil.copy(ASSETS / name, root / name)
    shutil.copytree(VENDOR, root / "vendor" / "img-comparison-slider")
    shutil.copy(PICTURES / "hot-water-shop-then.svg", root / "then.svg")
    shutil.copy(PICTURES / "hot-water-shop-now.svg", root / "now.svg")
    with Server(root) as server:
        yield server


@pytest.fixture
def slider(page, slider_server):
    """The fixture page with its slider defined and made a slider; console errors collected."""
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.goto(slider_server.url)
    page.locator("img-comparison-slider[role=slider]").wait_for(state="attached")
    return page


def value(page) -> float:
    return page.evaluate("document.querySelector('img-comparison-slider').value")


def test_runs_under_the_policy_and_is_a_labelled_slider(slider):
    state = slider.evaluate("""() => {
        const s = document.querySelector('img-comparison-slider');
        return {defined: !!customElements.get('img-comparison-slider'),
                rendered: s.classList.contains('rendered'),
                tabindex: s.tabIndex, now: s.getAttribute('aria-valuenow'),
                text: s.getAttribute('aria-valuetext'), min: s.getAttribute('aria-valuemin'),
                max: s.getAttribute('aria-valuemax')};
    }""")
    assert state == {
        "defined": True, "rendered": True, "tabindex": 0, "now": "50",
        "text": "从前 50%，现在 50%", "min": "0", "max": "100",
    }
    # what assistive technology is told: a slider with the page's name for it
    assert slider.get_by_role("slider", name="老虎灶和会客厅，从前和现在").count() == 1
    # the policy refused nothing the component needs (a refusal is logged as a console error)
    assert not [e for e in slider.console_errors if "Content Security Policy" in e], slider.console_errors


def test_arrow_keys_move_it_one_step_a_press(slider):
    slider.keyboard.press("Tab")
    assert slider.evaluate("document.activeElement.localName") == "img-comparison-slider"
    start, scrolled = value(slider), slider.evaluate("window.scrollY")
    slider.keyboard.press("ArrowRight")
    assert value(slider) == start + 5
    slider.keyboard.press("ArrowLeft")
    slider.keyboard.press("ArrowLeft")
    assert value(slider) == start - 5
    assert slider.locator("img-comparison-slider").get_attribute("aria-valuenow") == str(
        round(start - 5)
    )
    slider.keyboard.press("End")
    assert value(slider) == 100
    slider.keyboard.press("Home")
    assert value(slider) == 0
    assert slider.locator("img-comparison-slider").get_attribute("aria-valuetext") == (
        "从前 0%，现在 100%"
    )
    # the page did not scroll under the slider in use
    assert slider.evaluate("window.scrollY") == scrolled


def test_a_held_arrow_slides_on(slider):
    element = slider.locator("img-comparison-slider")
    element.focus()
    slider.keyboard.down("ArrowLeft")
    slider.keyboard.down("ArrowLeft")  # held: the keyboard repeats it (KeyboardEvent.repeat)
    # the component slides while the key is down, beyond the press's one step to 45: below 40
    expect(element).to_have_attribute("aria-valuenow", re.compile(r"^[1-3]?[0-9]$"))
    slider.keyboard.up("ArrowLeft")
    assert value(slider) < 40
