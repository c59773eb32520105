"""The transcript follows the sound: player.js in a real browser.

The main tests run on the built site's interview page (Material, instant navigation on) and on
a static fixture page with the same markup, so the script is also checked without Material.
"""

from __future__ import annotations

import re
import shutil
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from parlour.cli import main
from tests.sample import build, copy_sample
from tests.test_align import typed

from .conftest import Server

INTERVIEW = "interviews/wang-jianguo-1/"
INDEX = "interviews/"
TOLERANCE = 0.5  # seconds


@pytest.fixture(scope="session")
def aligned_site(tmp_path_factory) -> Path:
    """The sample built with wang-jianguo-1's transcript made by `parlour align` from the text
    a volunteer would type (labels and time marks, no cue times): the player must work on
    what the aligner writes as it does on a transcript timed by hand."""
    for tool in ("espeak-ng", "ffmpeg"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is not installed (make test installs it)")
    root = copy_sample(tmp_path_factory.mktemp("aligned"), ("stories", "exhibits", "docs",
                                                             "mkdocs.yml"))
    text = root / "typed.txt"
    text.write_text(typed("wang-jianguo-1"), encoding="utf-8")
    vtt = root / "stories" / "interviews" / "wang-jianguo-1.vtt"
    result = CliRunner().invoke(main, ["align", "wang-jianguo-1", "--text", str(text),
                                       "--force", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "-->" in vtt.read_text(encoding="utf-8")
    result = build(root, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(params=["site", "fixture", "aligned"])
def interview_url(request) -> str:
    """The page under test: the real interview page, the static fixture, and the interview
    page with a transcript `parlour align` made."""
    if request.param == "fixture":
        return request.getfixturevalue("fixture_server").url + "interview.html"
    if request.param == "aligned":
        server = Server(request.getfixturevalue("aligned_site")).__enter__()
        request.addfinalizer(lambda: server.__exit__(None, None, None))
        request.getfixturevalue("page")
        return server.url + INTERVIEW
    site = request.getfixturevalue("built_site")
    html = (site / INTERVIEW / "index.html").read_text(encoding="utf-8")
    assert "data-parlour-transcript" in html and "<audio" in html, (
        f"{INTERVIEW} has no player and transcript yet: the interview page must render "
        "[data-parlour-player] <audio> and the [data-parlour-transcript] cues"
    )
    assert "player.js" in html, f"{INTERVIEW} does not load player.js"
    request.getfixturevalue("site_page")  # Material's instant navigation live, as deployed
    return request.getfixturevalue("site_server").url + INTERVIEW


def cues(page) -> list[dict]:
    return page.eval_on_selector_all(
        "[data-parlour-transcript] .parlour-cue",
        """els => els.map(li => ({
            start: parseFloat(li.dataset.start),
            hash: li.querySelector('a.parlour-cue-time').hash,
        }))""",
    )


def state(page) -> dict:
    """The player's time and which cues are marked, read in one go."""
    return page.evaluate(
        """() => {
            const media = document.querySelector(
                '[data-parlour-player] audio, [data-parlour-player] video');
            const all = [...document.querySelectorAll('[data-parlour-transcript] .parlour-cue')];
            return {
                time: media ? media.currentTime : null,
                paused: media ? media.paused : null,
                active: all.flatMap((li, i) =>
                    li.classList.contains('parlour-cue--active') ? [i] : []),
                current: all.flatMap((li, i) =>
                    li.getAttribute('aria-current') === 'true' ? [i] : []),
                hash: location.hash,
            };
        }"""
    )


def wait_for_metadata(page) -> None:
    page.wait_for_function(
        "() => document.querySelector('[data-parlour-player] audio, [data-parlour-player] video')"
        ".readyState >= 1"
    )


def wait_for_cue(page, index: int, start: float) -> dict:
    """Wait until the player stands at cue `index` and that cue alone is marked."""
    page.wait_for_function(
        """([index, start, tolerance]) => {
            const media = document.querySelector(
                '[data-parlour-player] audio, [data-parlour-player] video');
            const li = document.querySelectorAll('[data-parlour-transcript] .parlour-cue')[index];
            return Math.abs(media.currentTime - start) <= tolerance
                && li.classList.contains('parlour-cue--active');
        }""",
        arg=[index, start, TOLERANCE],
    )
    return state(page)


def assert_at_cue(s: dict, index: int, start: float) -> None:
    assert abs(s["time"] - start) <= TOLERANCE, s
    assert s["active"] == [index], s
    assert s["current"] == [index], s


def test_play_then_click_the_third_line_seeks_and_highlights_it(page, interview_url):
    page.goto(interview_url)
    wait_for_metadata(page)
    page.evaluate("() => document.querySelector('[data-parlour-player] audio').play()")
    page.wait_for_function(
        "() => document.querySelector('[data-parlour-player] audio').currentTime > 0.2"
    )
    third = cues(page)[2]
    # on the line's text, not its time link: the whole line is a target
    page.locator("[data-parlour-transcript] .parlour-cue").nth(2).locator(
        ".parlour-cue-text"
    ).click()
    s = wait_for_cue(page, 2, third["start"])
    assert_at_cue(s, 2, third["start"])
    assert s["paused"] is False
    # the address names the moment, without a scroll jump or a new history entry
    assert s["hash"] == third["hash"]


def test_a_link_to_a_moment_starts_there(page, interview_url):
    page.goto(interview_url)
    fifth = cues(page)[4]
    # a fresh load of the page at that moment
    page.goto("about:blank")
    page.goto(interview_url + fifth["hash"])
    wait_for_metadata(page)
    s = wait_for_cue(page, 4, fifth["start"])
    assert_at_cue(s, 4, fifth["start"])


def test_keyboard_tab_to_a_time_and_enter_seeks_there(page, interview_url):
    page.goto(interview_url)
    wait_for_metadata(page)
    fourth = cues(page)[3]
    links = page.locator("[data-parlour-transcript] .parlour-cue a.parlour-cue-time")
    links.nth(2).focus()
    page.keyboard.press("Tab")
    # the line itself is not a tab stop: Tab goes from one time link to the next
    assert page.evaluate(
        "() => document.activeElement === "
        "document.querySelectorAll('[data-parlour-transcript] a.parlour-cue-time')[3]"
    )
    page.keyboard.press("Enter")
    s = wait_for_cue(page, 3, fourth["start"])
    assert_at_cue(s, 3, fourth["start"])
    # focus stays on the link the visitor pressed
    assert page.evaluate("() => document.activeElement.classList.contains('parlour-cue-time')")


class _CueCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "li" and "parlour-cue" in classes:
            self.count += 1


def test_without_javascript_the_whole_transcript_is_there(page_without_js, interview_url):
    with urllib.request.urlopen(interview_url, timeout=10) as response:
        counter = _CueCounter()
        counter.feed(response.read().decode("utf-8"))
    assert counter.count >= 5
    page = page_without_js
    page.goto(interview_url)
    assert page.locator(".parlour-cue").count() == counter.count
    hidden = page.eval_on_selector_all(
        ".parlour-cue",
        """els => els.flatMap((li, i) => {
            const style = getComputedStyle(li);
            const shown = li.getClientRects().length > 0 && style.visibility !== 'hidden'
                && li.innerText.trim() !== '';
            return shown ? [] : [i];
        })""",
    )
    assert hidden == []
    # the browser's own player is there to use without the script
    assert page.locator("[data-parlour-player] audio[controls]").count() == 1


def test_instant_navigation_binds_once(site_page, site_server, built_site):
    page = site_page
    html = (built_site / INTERVIEW / "index.html").read_text(encoding="utf-8")
    assert "data-parlour-transcript" in html and "<audio" in html, (
        f"{INTERVIEW} has no player and transcript yet"
    )
    # Material navigates instantly only once it has read sitemap.xml: a click before that is
    # an ordinary page load (on a busy machine the test could get there first)
    page.goto(site_server.url + INDEX, wait_until="networkidle")
    page.evaluate("() => { window.parlourNoReload = true; }")
    # Material's instant navigation: the page is swapped in, the script stays alive
    page.locator(f'article a[href$="{INTERVIEW}"]').first.click()
    page.wait_for_url(re.compile(re.escape(INTERVIEW) + "$"))
    page.wait_for_selector("[data-parlour-transcript] .parlour-cue")
    assert page.evaluate("() => window.parlourNoReload === true"), "a full reload, not instant"
    # away and back again: the old page's listeners must be gone, the new page bound once
    page.go_back()
    page.wait_for_url(re.compile(re.escape(INDEX) + "$"))
    page.locator(f'article a[href$="{INTERVIEW}"]').first.click()
    page.wait_for_url(re.compile(re.escape(INTERVIEW) + "$"))
    page.wait_for_selector("[data-parlour-transcript] .parlour-cue")
    assert page.evaluate("() => window.parlourNoReload === true"), "a full reload, not instant"
    wait_for_metadata(page)
    page.evaluate(
        """() => {
            window.parlourSeeks = 0;
            document.querySelector('[data-parlour-player] audio')
                .addEventListener('seeking', () => { window.parlourSeeks += 1; });
        }"""
    )
    third = cues(page)[2]
    # the time link: Material handles same-page links itself, this one must stay ours
    page.locator("[data-parlour-transcript] .parlour-cue a.parlour-cue-time").nth(2).click()
    s = wait_for_cue(page, 2, third["start"])
    assert_at_cue(s, 2, third["start"])
    page.wait_for_timeout(500)  # let a second, doubled handler show itself
    assert page.evaluate("() => window.parlourSeeks") == 1
    # a moment link is ours, not Material's: same page, no navigation, hash replaced
    assert page.evaluate("() => window.parlourNoReload === true")
    assert page.url.endswith(INTERVIEW + third["hash"])


def test_a_time_link_outside_the_transcript_seeks(page, fixture_server):
    page.goto(fixture_server.url + "interview.html")
    wait_for_metadata(page)
    # the quote's 00:07 link: inside cue 5 (6.5 to 7.8)
    page.locator("blockquote.parlour-quote a.parlour-seek").click()
    s = wait_for_cue(page, 4, 7)
    assert s["active"] == [4]
    assert s["hash"] == "#t=00:07"
    # an ordinary anchor is left to the browser
    page.locator("#elsewhere").click()
    page.wait_for_function("() => location.hash === '#segment-1'")


def test_without_a_player_a_time_highlights_its_line(page, fixture_server):
    page.goto(fixture_server.url + "transcript-only.html")
    page.locator("p a.parlour-seek").click()
    page.wait_for_function(
        "() => document.querySelector('#t-6-5').classList.contains('parlour-cue--active')"
    )
    assert page.evaluate("() => location.hash") == "#t=00:06"
    # scrolled to the line, which was below the fold (smoothly, unless reduced motion)
    page.wait_for_function(
        """() => {
            const r = document.querySelector('#t-6-5').getBoundingClientRect();
            return r.top >= 0 && r.bottom <= innerHeight;
        }"""
    )


def test_the_highlight_follows_the_sound(page, fixture_server):
    page.goto(fixture_server.url + "interview.html")
    wait_for_metadata(page)
    page.evaluate(
        """() => {
            const audio = document.querySelector('[data-parlour-player] audio');
            audio.currentTime = 1.0;
            return audio.play();
        }"""
    )
    page.wait_for_function(
        "() => document.querySelector('#t-0').classList.contains('parlour-cue--active')"
    )
    # cue 1 ends at 1.5 s: the mark moves on by itself, and only one line carries it
    page.wait_for_function(
        "() => document.querySelector('#t-1-5').getAttribute('aria-current') === 'true'"
    )
    s = state(page)
    assert s["active"] == [1] and s["current"] == [1], s
