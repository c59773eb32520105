"""What a visitor downloads for their first search: bytes of every search request from page load
to the first results, in Debian's chromium.

    python tests/benchmarks/firstsearch.py SITE_DIR [--query 老虎灶] [--page interviews/]
    python tests/benchmarks/firstsearch.py --synthetic 10000 [--chars 10000] [--keep DIR]

The first form measures a built site. The second builds the sample site, then makes a
synthetic one from it: N interview pages in the sample interview page's own HTML (Material's
header, search box and scripts), each with ``--chars`` characters of Chinese drawn from
jieba's word list by frequency (a realistic spread of words, which is what sizes an index),
indexed by Pagefind as the build does; it prints Pagefind's indexing time and index size too.

Search requests are those of the worker (``assets/parlour/search-worker.js``), of Pagefind
(``pagefind/``) and of Material's ``search/``; bytes are response headers plus bodies as the
browser received them (the static server here does not compress, so this is an upper bound).
"""

from __future__ import annotations

import argparse
import bisect
import functools
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "plugins"))

from parlour.search import build_index  # noqa: E402 - after the path insert

CHROMIUM = os.environ.get("PARLOUR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
SEARCH = re.compile(r"/pagefind/|/search/|/assets/parlour/search-worker\.js")
SAMPLE_INTERVIEW = "interviews/chen-guiying-1/index.html"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def first_search_bytes(
    site_dir: Path | str, query: str, *, page: str = "", timeout_ms: int = 60_000
) -> dict:
    """Open ``page`` of the site in ``site_dir`` (served on 127.0.0.1), type ``query`` into
    Material's search box, wait for the first results; return the search requests' bytes.

    Returns ``{"bytes": total, "requests": [(url path, bytes), ...], "results": n,
    "seconds": from typing to results}``.
    """
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site_dir))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    finished: list = []
    pending: set = set()
    try:
        with tempfile.TemporaryDirectory(prefix="firstsearch-") as profile, \
                sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                service_workers="block",
            )
            context.set_default_timeout(timeout_ms)
            tab = context.pages[0] if context.pages else context.new_page()

            def on_request(request):
                if SEARCH.search(request.url):
                    pending.add(request)

            def on_done(request):
                if request in pending:
                    pending.discard(request)
                    finished.append(request)

            context.on("request", on_request)
            context.on("requestfinished", on_done)
            context.on("requestfailed", on_done)
            tab.goto(base + page, wait_until="load")
            box = tab.locator("input[data-md-component=search-query]")
            box.click()
            start = time.perf_counter()
            box.fill(query)
            box.press("End")  # an input method's commit: Material listens to keyup
            links = tab.locator(".md-search-result__list > li > a")
            links.first.wait_for(state="visible")
            seconds = time.perf_counter() - start
            results = links.count()
            deadline = time.monotonic() + 5
            while pending and time.monotonic() < deadline:
                tab.wait_for_timeout(50)
            rows = []
            for request in finished:
                path = request.url.removeprefix(base.rstrip("/"))
                try:
                    sizes = request.sizes()
                except Exception:  # noqa: BLE001 - a failed request transferred nothing
                    rows.append((path, 0))
                    continue
                body = sizes["responseBodySize"]
                if body <= 0:  # chromium reports no body size for a worker's own script
                    local = Path(site_dir) / path.split("?")[0].lstrip("/")
                    body = local.stat().st_size if local.is_file() else 0
                rows.append((path, body + max(0, sizes["responseHeadersSize"])))
            context.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return {
        "bytes": sum(size for _, size in rows),
        "requests": sorted(rows),
        "results": results,
        "seconds": seconds,
    }


# --------------------------------------------------------------------------- synthetic site


def build_sample(out: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO / "plugins")}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(REPO / "mkdocs.yml"),
         "-d", str(out)],
        check=True, cwd=REPO, env=env,
    )
    return out


def word_sampler(seed: int):
    """Chinese words by their frequency in jieba's dictionary (or a small fallback)."""
    rng = random.Random(seed)
    try:
        import jieba

        path = Path(jieba.__file__).parent / "dict.txt"
        words, weights = [], []
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split(" ")
            if len(parts) >= 2 and parts[1].isdigit():
                words.append(parts[0])
                weights.append(int(parts[1]))
    except (ImportError, OSError):
        words = list("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动")
        weights = [1] * len(words)
    total, cumulative = 0, []
    for w in weights:
        total += w
        cumulative.append(total)

    def sample(chars: int) -> str:
        out, n = [], 0
        while n < chars:
            word = words[bisect.bisect(cumulative, rng.random() * total)]
            out.append(word)
            n += len(word)
            if rng.random() < 0.08:
                out.append(rng.choice("，。；"))
        return "".join(out)

    return sample


def synthetic_site(sample: Path, out: Path, *, pages: int, chars: int, seed: int = 1) -> Path:
    """``pages`` interview pages built from the sample interview's HTML, with new text."""
    template = (sample / SAMPLE_INTERVIEW).read_text(encoding="utf-8")
    body = re.search(r"(<article [^>]*data-pagefind-body[^>]*>)(.*?)(</article>)", template, re.DOTALL)
    if not body:
        raise SystemExit(f"{SAMPLE_INTERVIEW} has no data-pagefind-body: build with Parlour")
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(sample, out, ignore=shutil.ignore_patterns("pagefind", "interviews"))
    sample_text = word_sampler(seed)
    head, tail = template[: body.start(2)], template[body.end(2):]
    head = re.sub(r'data-parlour-title="[^"]*"', 'data-parlour-title="{title}"', head)
    for i in range(pages):
        title = f"访谈{i}：" + sample_text(12)
        paragraphs = "".join(f"<p>{sample_text(300)}</p>" for _ in range(max(1, chars // 300)))
        html = (
            head.replace("{title}", title)
            + f"<h1>{title}</h1><h2 id='transcript'>文字稿</h2>{paragraphs}"
            + tail
        )
        page_dir = out / "interviews" / f"interview-{i}"
        page_dir.mkdir(parents=True)
        (page_dir / "index.html").write_text(html, encoding="utf-8")
    # the sample's own interview stays, so its query still finds something
    (out / "interviews" / "chen-guiying-1").mkdir(parents=True)
    shutil.copy(sample / SAMPLE_INTERVIEW, out / SAMPLE_INTERVIEW)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?")
    parser.add_argument("--query", default="老虎灶")
    parser.add_argument("--page", default="", help="the page to search from (default: home)")
    parser.add_argument("--synthetic", type=int, metavar="N", help="N synthetic interviews")
    parser.add_argument("--chars", type=int, default=10_000, help="characters per interview")
    parser.add_argument("--keep", type=Path, help="build the synthetic site here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="firstsearch-site-") as tmp:
        site = args.site
        if args.synthetic:
            sample = build_sample(Path(tmp) / "sample")
            site = args.keep or Path(tmp) / "synthetic"
            t = time.perf_counter()
            synthetic_site(sample, site, pages=args.synthetic, chars=args.chars)
            print(f"wrote {args.synthetic} pages of ~{args.chars} characters "
                  f"in {time.perf_counter() - t:.1f} s")
            result = build_index(site)
            print(f"Pagefind indexed them in {result.seconds:.1f} s (after {result.copy_seconds:.1f}"
                  f" s copying the bodies for it): {result.files} files, "
                  f"{result.bytes / 1e6:.1f} MB")
        elif site is None:
            parser.error("give a built SITE directory or --synthetic N")
        measured = first_search_bytes(site, args.query, page=args.page)
    for url, size in measured["requests"]:
        print(f"{size:>10,}  {url}")
    print(f"{measured['bytes']:>10,}  bytes for the first search of {args.query!r} "
          f"({len(measured['requests'])} requests, {measured['results']} results shown, "
          f"{measured['seconds']:.2f} s from typing to results)")


if __name__ == "__main__":
    main()
