"""`mkdocs serve`: rebuilds when stories/ changes; a broken file is one log line; serve survives.

One real server on 127.0.0.1 against a copy of the sample archive. Every wait is a bounded
poll; the time a rebuild took is printed (run with -s to see it), never asserted.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
BOUND = 60.0  # seconds: generous, for a cold first build on a slow machine
STORY = "stories/objects/coin-phone.md"
EVENT = "stories/events/lane-built.yml"
TITLE_ZH = "zh: 投币电话"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, *, timeout: float = 5.0) -> tuple[int, str]:
    """Status and body of url; 0 when nothing answered within timeout."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (127.0.0.1)
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, ""
    except (urllib.error.URLError, OSError):  # refused, reset, or timed out
        return 0, ""


def _poll(check, *, what: str, bound: float = BOUND, proc=None, log: Path | None = None):
    """Call check() until it returns something truthy; fail with the log after bound seconds."""
    start = time.monotonic()
    while time.monotonic() - start < bound:
        result = check()
        if result:
            return result, time.monotonic() - start
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"mkdocs serve exited ({proc.returncode}) while waiting for {what}\n"
                        + (log.read_text(encoding="utf-8", errors="replace") if log else ""))
        time.sleep(0.25)
    pytest.fail(f"no {what} within {bound:.0f} s\n"
                + (log.read_text(encoding="utf-8", errors="replace") if log else ""))


def _set_title(site: Path, marker: str) -> None:
    path = site / STORY
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    head = re.sub(r"^(title: \{zh: )[^,]*,", lambda m: f"{m.group(1)}{marker},", head, count=1,
                  flags=re.M)
    assert marker in head, "coin-phone.md's front matter no longer has `title: {zh: ..., ...}`"
    path.write_text(head + sep + body, encoding="utf-8")


@pytest.fixture
def archive_copy(tmp_path: Path) -> Path:
    for name in ("mkdocs.yml", "docs", "stories", "exhibits"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    assert TITLE_ZH in (tmp_path / STORY).read_text(encoding="utf-8")
    return tmp_path


@pytest.fixture
def server(archive_copy: Path):
    """A running `mkdocs serve` of the copy: (base url, log file, process)."""
    port = _free_port()
    log = archive_copy / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(archive_copy / "mkdocs.yml"),
             "--dev-addr", f"127.0.0.1:{port}"],
            cwd=archive_copy, env=ENV, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        yield f"http://127.0.0.1:{port}", log, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # serve's own clean shutdown
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


def test_serve_rebuilds_on_story_change_and_survives_a_broken_file(archive_copy, server):
    base, log, proc = server
    page = f"{base}/objects/coin-phone/"

    def log_text() -> str:
        return log.read_text(encoding="utf-8", errors="replace")

    _, took = _poll(lambda: _get(page)[0] == 200, what=f"200 from {page}", proc=proc, log=log)
    print(f"\nfirst build served after {took:.1f} s")

    # 1. an edit under stories/ is seen: stories/ is watched
    marker = f"标记{uuid.uuid4().hex[:8]}"
    _set_title(archive_copy, marker)
    _, took = _poll(lambda: marker in _get(page)[1], what=f"{marker!r} on {page}",
                    proc=proc, log=log)
    print(f"story edit visible after {took:.1f} s")

    # 2. a broken file: one clear line with path, line and code; no traceback; still serving
    event = archive_copy / EVENT
    good = event.read_text(encoding="utf-8")
    mark = len(log_text())
    event.write_text(good + "colour: red\n", encoding="utf-8")
    line = re.compile(re.escape(EVENT) + r":\d+\b.*\[unknown-field\]")
    _, took = _poll(lambda: line.search(log_text()[mark:]), what=f"a `{EVENT}:NN ... "
                    "[unknown-field]` log line", proc=proc, log=log)
    print(f"problem reported after {took:.1f} s")
    time.sleep(1.0)  # let the failed rebuild finish logging
    after = log_text()[mark:]
    assert "Traceback" not in after, after
    assert len(line.findall(after)) == 1, after
    status, _ = _get(f"{base}/", timeout=10)
    assert status == 200, (
        "serve stopped answering after a failed rebuild (MkDocs' livereload holds every "
        f"request until a build succeeds)\n{after}"
    )
    assert proc.poll() is None, after

    # 3. fixed: serve recovers and picks up the next edit
    event.write_text(good, encoding="utf-8")
    marker = f"标记{uuid.uuid4().hex[:8]}"
    _set_title(archive_copy, marker)
    _, took = _poll(lambda: marker in _get(page)[1], what=f"{marker!r} on {page} after the fix",
                    proc=proc, log=log)
    print(f"recovered after {took:.1f} s")


def test_dirty_rebuild_renders_only_the_pages_that_changed(archive_copy, tmp_path):
    """`mkdocs serve --dirty` (what `make serve` runs): a rebuild renders again the pages whose
    generated content or template context changed, and only those. In process, as serve
    does it: a new config per rebuild, the same plugin instances."""
    from mkdocs.commands.build import build  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415

    site = tmp_path / "site"

    def config():
        return load_config(str(archive_copy / "mkdocs.yml"), site_dir=str(site))

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    try:
        build(first, dirty=True)
        plugin = first.plugins["parlour"]
        everything = set(plugin._rendered)
        assert {"objects/coin-phone/", "objects/", "timeline/"} <= everything

        build(config(), dirty=True)
        assert plugin._rendered == set(), "nothing changed, yet pages were rendered again"

        marker = f"标记{uuid.uuid4().hex[:8]}"
        _set_title(archive_copy, marker)
        build(config(), dirty=True)
        rendered = set(plugin._rendered)
        page = (site / "objects" / "coin-phone" / "index.html").read_text(encoding="utf-8")
        assert marker in page
        archive = plugin.archive
        entry = archive.get("objects", "coin-phone")
        # the index lists it; pages listing it as related show its title in their template
        shows_it = {"objects/"} | {
            e.url for e in archive.related(entry) if "#" not in e.url
        } | {e.url for e in archive.neighbours(entry) if e is not None}
        assert shows_it <= rendered, shows_it - rendered
        for url in shows_it - {"objects/"}:
            html = (site / url / "index.html").read_text(encoding="utf-8")
            assert marker in html, url
        untouched = [
            e.url for e in archive.all_entries()
            if "#" not in e.url and e.url not in shows_it and e.key != entry.key
            and entry.key not in {r.key for r in archive.related(e)}
        ]
        assert untouched, "the sample archive has no page unrelated to coin-phone"
        assert not set(untouched) & rendered, set(untouched) & rendered
        assert len(rendered) < len(everything)
        # Chinese first: the English page shows the English title only, which did not change
        assert "en/objects/coin-phone/" not in rendered
        english = (site / "en" / "objects" / "coin-phone" / "index.html").read_text("utf-8")
        assert marker not in english and "Coin-operated telephone" in english
    finally:
        first.plugins.on_shutdown()  # stops the search indexer serve runs in the background
        # MkDocs keeps plugin instances per process: leave them as a plain build wants them
        first.plugins.on_startup(command="build", dirty=False)
