"""axe-core over one page of every type, in every language built, in both colour schemes.

axe-core comes inside the axe-playwright-python wheel and runs in the page: nothing is fetched.
Violations of impact "serious" or "critical" fail; each is listed with its rule, impact, the
elements it found and axe's help text.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import LANGUAGES, PAGE_TYPES

#: no CSS transition or animation still running (a scheme switch fades colours in)
SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"
FAILING_IMPACTS = ("serious", "critical")
SCHEMES = ("default", "parlour-contrast")
axe = Axe()


def settle(page) -> None:
    """Let what the last action set going end before axe reads colours: wait two frames (a
    scroll's handlers run on the next one, and Material fades its tabs out from there), then
    until no CSS transition or animation is running."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_function(SETTLED)


def report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:8]:
            lines.append(f"    {' '.join(map(str, node['target']))}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_serious_violations(page, site_server, built_site, lang, kind, scheme):
    path = LANGUAGES[lang] + PAGE_TYPES[kind]
    assert (built_site / path / "index.html").is_file(), f"/{path}: no {lang} page of this type"
    page.goto(site_server.url + path)
    if scheme != "default":
        page.locator("label[for=__palette_1]").click()
        page.wait_for_function(
            f"() => document.body.getAttribute('data-md-color-scheme') === '{scheme}'"
        )
        # the colours fade over (CSS transitions): axe must read them where they end
        settle(page)
    results = axe.run(page, options={"resultTypes": ["violations"]})
    serious = [v for v in results.response["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not serious, f"/{path} ({scheme}):\n" + report(serious)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", ["", "en/", PAGE_TYPES["interview-with-audio"], "attract"])
def test_the_kiosk_has_no_serious_violations(page, kiosk_server, path, scheme):
    """The kiosk's own pieces: its start screen (each language), the bar at the bottom of a
    page, and the attract loop (as idling leaves it: over the start screen)."""
    page.set_viewport_size({"width": 1080, "height": 1920})
    attract = path == "attract"
    page.goto(kiosk_server.url + ("" if attract else path))
    if scheme != "default":
        page.locator("label[for=__palette_1]").click()
        page.wait_for_function(
            f"() => document.body.getAttribute('data-md-color-scheme') === '{scheme}'"
        )
        # the colours fade over (CSS transitions): axe must read them where they end
        settle(page)
    if attract:
        page.evaluate("localStorage.setItem('parlour.attract', '1')")
        page.reload()
        page.locator("[data-parlour-attract]").wait_for()
    results = axe.run(page, options={"resultTypes": ["violations"]})
    serious = [v for v in results.response["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not serious, f"kiosk /{path} ({scheme}):\n" + report(serious)
