"""No page asks for something that is not there, in either language.

Material's language integration fetches a sitemap.xml beside every <link rel="alternate"> of
a page; per-page alternates made that two 404s a page. Every request of every page type,
at the root (Chinese) and under /en/, is listened to here, including what the page's
scripts ask for after it has loaded and after an instant navigation.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from .conftest import LANGUAGES, PAGE_TYPES


def _listen(page, server_url: str) -> list[str]:
    """Collect every failed request or error response, and any request to another host."""
    bad: list[str] = []
    host = urlsplit(server_url).netloc

    def on_response(response):
        if response.status >= 400:
            bad.append(f"{response.status} {response.url}")

    def on_failed(request):
        # a player that read enough of a recording's head cancels the rest: not a failure
        if request.failure != "net::ERR_ABORTED" or request.resource_type != "media":
            bad.append(f"failed ({request.failure}) {request.url}")

    def on_request(request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https") and parts.netloc != host:
            bad.append(f"another host: {request.url}")

    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    page.on("request", on_request)
    return bad


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_request_of_a_page_fails(site_page, site_server, built_site, lang, kind):
    path = LANGUAGES[lang] + PAGE_TYPES[kind]
    if not (built_site / path / "index.html").is_file():
        pytest.skip(f"/{path} is not built")
    bad = _listen(site_page, site_server.url)
    seen: list[str] = []
    site_page.on("request", lambda request: seen.append(request.url))
    site_page.goto(site_server.url + path, wait_until="networkidle")
    # the listener hears the page itself and its scripts' requests (a positive control)
    assert site_server.url + path in seen
    assert any(url.endswith(".js") for url in seen)
    assert bad == [], f"/{path}: {bad}"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_no_request_fails_after_an_instant_navigation(site_page, site_server, lang):
    bad = _listen(site_page, site_server.url)
    base = site_server.url + LANGUAGES[lang]
    site_page.goto(base + "interviews/", wait_until="networkidle")
    site_page.locator(".parlour-card a").first.click()
    site_page.wait_for_url(re.compile(r"/interviews/[a-z0-9-]+/$"))
    site_page.wait_for_load_state("networkidle")
    assert bad == [], bad


def test_the_listener_hears_a_404(site_page, site_server):
    # positive control: a page that is not there is heard
    bad = _listen(site_page, site_server.url)
    site_page.goto(site_server.url + "no-such-page/", wait_until="networkidle")
    assert any(line.startswith("404 ") for line in bad), bad
