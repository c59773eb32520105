"""Browser tests: the built site (and a static fixture) served on 127.0.0.1, driven by Playwright.

Playwright drives Debian's chromium (/usr/bin/chromium, or PARLOUR_CHROMIUM); browsers are never
downloaded. Run alone with `pytest tests/browser`.
"""

from __future__ import annotations

import functools
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import threading
import wave
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ASSETS = REPO / "plugins" / "parlour" / "assets" / "parlour"
CHROMIUM = os.environ.get("PARLOUR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--autoplay-policy=no-user-gesture-required",
    "--mute-audio",
]
#: one page of every type, by its path under a language's root ("" is the home page)
PAGE_TYPES = {
    "home": "",
    "timeline": "timeline/",
    "interviews": "interviews/",
    "interview-with-audio": "interviews/chen-guiying-1/",
    "objects": "objects/",
    "object": "objects/coin-phone/",
    "places": "places/",
    "place": "places/hot-water-shop/",
    "wishes": "wishes/",
    "exhibits": "exhibits/",
    "exhibit": "exhibits/wutong-then-and-now/",
    "themes": "themes/",
    "theme": "themes/trades/",
    "people": "people/",
    "data": "data/",
    "about": "about/",
    "contribute": "contribute/",
}
#: where each language's pages live; a language whose pages are not built yet is skipped
LANGUAGES = {"zh": "", "en": "en/"}
TIMEOUT_MS = 15_000  # every Playwright wait is bounded by this
BUILD_TIMEOUT_S = 300


class _Handler(SimpleHTTPRequestHandler):
    """Static files with byte ranges: media seeking over HTTP needs `206 Partial Content`."""

    def log_message(self, format, *args):  # quiet test output
        pass

    def send_head(self):
        rng = self.headers.get("Range")
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", rng.strip()) if rng else None
        path = Path(self.translate_path(self.path))
        if not match or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first, last = match.groups()
        if first == "":  # a suffix: the last N bytes
            start, end = max(0, size - int(last or 0)), size - 1
        else:
            start, end = int(first), min(int(last) if last else size - 1, size - 1)
        if start >= size or start > end:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.end_headers()
            return None
        f = path.open("rb")
        f.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        self._remaining = end - start + 1
        return f

    def copyfile(self, source, outputfile):
        remaining = getattr(self, "_remaining", None)
        if remaining is None:
            return super().copyfile(source, outputfile)
        while remaining > 0:
            chunk = source.read(min(64 * 1024, remaining))
            if not chunk:
                break
            outputfile.write(chunk)
            remaining -= len(chunk)
        return None

    def end_headers(self):
        if not self.headers.get("Range"):
            self.send_header("Accept-Ranges", "bytes")
        super().end_headers()


class Server:
    """A threaded static server on 127.0.0.1 and a free port, for one directory."""

    def __init__(self, root: Path):
        self.root = root
        handler = functools.partial(_Handler, directory=str(root))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


def write_tone(path: Path, *, seconds: float = 10.0, rate: int = 8000) -> None:
    """A quiet 440 Hz tone: something to play that needs no codec beyond WAV."""
    frames = bytearray()
    for i in range(int(seconds * rate)):
        frames += struct.pack("<h", int(1000 * math.sin(2 * math.pi * 440 * i / rate)))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))


@pytest.fixture(scope="session")
def fixture_server(tmp_path_factory):
    """The static fixture pages with the player script and styles, and a generated tone."""
    root = tmp_path_factory.mktemp("player-fixture")
    for page in (HERE / "fixtures").glob("*.html"):
        shutil.copy(page, root / page.name)
    for asset in ("player.js", "player.css"):
        shutil.copy(ASSETS / asset, root / asset)
    write_tone(root / "tone.wav")
    with Server(root) as server:
        yield server


def build_site(config: str, out: Path, *extra: str) -> Path:
    """``mkdocs build`` of one of the repository's configs into ``out``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *extra, "-f", str(REPO / config), "-d", str(out)],
        check=False, cwd=REPO, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S,
    )
    assert result.returncode == 0, f"{config}: build failed:\n{result.stdout}\n{result.stderr}"
    return out


@pytest.fixture(scope="session")
def kiosk_site(tmp_path_factory) -> Path:
    """The sample archive built as the parlour's kiosk (mkdocs.community.yml)."""
    return build_site(
        "mkdocs.community.yml", tmp_path_factory.mktemp("kiosk-build") / "site", "--strict"
    )


class KioskServer:
    """`parlour serve`, the server the parlour's machine runs (make kiosk), on a free port."""

    def __init__(self, root: Path):
        import socket  # noqa: PLC0415

        import uvicorn  # noqa: PLC0415

        from parlour.serve import site_app  # noqa: PLC0415

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.root = root
        self.url = f"http://127.0.0.1:{port}/"
        config = uvicorn.Config(site_app(root), host="127.0.0.1", port=port, log_level="error")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        for _ in range(200):  # bounded: 10 s at most
            if self.server.started:
                return self
            threading.Event().wait(0.05)
        raise RuntimeError("parlour serve did not start")

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def kiosk_server(kiosk_site):
    with KioskServer(kiosk_site) as server:
        yield server


@pytest.fixture(scope="session")
def site_server(built_site):
    with Server(built_site) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=TIMEOUT_MS * 2
        )
        yield browser
        browser.close()


def _new_page(browser, **context_options):
    context = browser.new_context(**context_options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    return context, page


@pytest.fixture
def page(browser):
    """A page in a fresh context; a script error on it fails the test."""
    context, page = _new_page(browser)
    yield page
    errors = list(page.errors)
    context.close()
    assert not errors, f"script errors on the page: {errors}"


@pytest.fixture
def site_page(page, site_server):
    """A page for the built site, with Material's instant navigation working on our port.

    Material navigates instantly only to URLs in sitemap.xml, whose `loc`s carry site_url;
    it swaps in the browser's protocol and host name but keeps the (default) port, so on
    127.0.0.1:<port> every link would be a full reload. Rewrite the sitemap to this server.
    """
    prefix = None

    def sitemap(route):
        nonlocal prefix
        try:
            response = route.fetch()
            text = response.text()
        except PlaywrightError:  # the page closed while Material was still fetching it
            return
        if prefix is None:
            first = re.search(r"<loc>\s*(.*?)\s*</loc>", text)  # the home page: site_url
            prefix = first.group(1) if first else site_server.url
        route.fulfill(response=response, body=text.replace(prefix, site_server.url))

    page.route(site_server.url + "sitemap.xml", sitemap)
    return page


@pytest.fixture
def page_without_js(browser):
    context, page = _new_page(browser, java_script_enabled=False)
    yield page
    context.close()
