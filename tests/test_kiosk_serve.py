"""`parlour serve` (make kiosk): a static server the kiosk's player can seek in (issue 14)."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request

import pytest
import uvicorn
from click.testing import CliRunner

from parlour.cli import main
from parlour.serve import site_app

BODY = bytes(range(256)) * 8  # 2 KiB a recording could be


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    (site / "index.html").write_text("<h1>home</h1>", encoding="utf-8")
    (site / "404.html").write_text("<h1>not here</h1>", encoding="utf-8")
    (site / "interviews/one").mkdir(parents=True)
    (site / "interviews/one/index.html").write_text("<h1>one</h1>", encoding="utf-8")
    media = site / "media"
    media.mkdir()
    for name in ("talk.ogg", "talk.opus", "talk.m4a", "talk.webm", "talk.vtt"):
        (media / name).write_bytes(BODY)
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    (media / "link.txt").symlink_to(outside)
    port = free_port()
    config = uvicorn.Config(site_app(site), host="127.0.0.1", port=port, log_level="error")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):  # bounded: at most 10 s for the server to start
        if srv.started:
            break
        time.sleep(0.1)
    assert srv.started
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_range_request_gets_206_and_those_bytes(server):
    status, headers, body = get(f"{server}/media/talk.ogg", {"Range": "bytes=100-199"})
    assert status == 206
    assert body == BODY[100:200]
    assert headers["Content-Range"] == f"bytes 100-199/{len(BODY)}"
    status, headers, body = get(f"{server}/media/talk.ogg")
    assert status == 200 and body == BODY and headers.get("Accept-Ranges") == "bytes"


@pytest.mark.parametrize(("name", "media_type"), [
    ("talk.vtt", "text/vtt"), ("talk.ogg", "audio/ogg"), ("talk.opus", "audio/ogg"),
    ("talk.m4a", "audio/mp4"), ("talk.webm", "video/webm"),
])
def test_media_types(server, name, media_type):
    _, headers, _ = get(f"{server}/media/{name}")
    assert headers["Content-Type"].split(";")[0] == media_type


def test_folders_serve_their_index_and_missing_pages_the_404(server):
    assert get(f"{server}/interviews/one/")[2] == b"<h1>one</h1>"
    status, _, body = get(f"{server}/no/such/page/")
    assert status == 404 and b"not here" in body


def test_no_link_is_followed_out_of_the_site(server):
    status, _, body = get(f"{server}/media/link.txt")
    assert status == 404 and b"secret" not in body


def test_serving_a_folder_that_is_not_a_site_is_a_plain_error(tmp_path):
    result = CliRunner().invoke(main, ["serve", str(tmp_path)])
    assert result.exit_code == 1 and "not a built site" in result.output
    assert "Traceback" not in result.output
