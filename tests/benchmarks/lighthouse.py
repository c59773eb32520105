"""Lighthouse 13 on the built site, served locally with compression as static hosts do.

    python tests/benchmarks/lighthouse.py                 # builds mkdocs.yml into a scratch folder
    python tests/benchmarks/lighthouse.py --site site     # a site already built
    python tests/benchmarks/lighthouse.py --install       # first time: npm installs the tools

Runs Lighthouse (mobile preset, the default; categories performance, accessibility, best
practices and SEO) on the home page, the timeline, an interview, a place and the exhibition, in
Chinese and in English, one page after the other, and prints a table of the four scores, the
main timings and every audit below full marks outside performance.

The tools are npm packages installed once into a scratch folder (.cache/lighthouse, git-ignored)
with ``--install`` (``npm install lighthouse@13 serve@14``: the npm registry is the only host
asked, and only then); a run never fetches anything. The site is served on 127.0.0.1 by npm's
``serve`` (gzip, as GitHub Pages or Netlify do; a missing page gets 404.html), or, with
``--server python`` or when ``serve`` is not installed, by a small gzip-capable server here.
Chromium is Debian's (CHROME_PATH, /usr/bin/chromium by default), headless, without sandbox
and GPU. Lighthouse 13 asks for Node 22; it runs on Debian's Node 20 as well.

Scores move from run to run (performance most, on a shared machine): ``--runs 3`` keeps the
median of three. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TOOLS = REPO / ".cache" / "lighthouse"
PACKAGES = ("lighthouse@13", "serve@14")
PAGES = {
    "home": "",
    "timeline": "timeline/",
    "interview": "interviews/chen-guiying-1/",
    "place": "places/hot-water-shop/",
    "exhibition": "exhibits/wutong-then-and-now/",
}
LANGUAGES = {"zh": "", "en": "en/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "bp", "seo": "seo"}
TIMINGS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP",
           "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS"}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
#: what a static host compresses
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".vtt", ".map")


def install(*, tools: Path) -> None:
    """npm-install Lighthouse and serve into ``tools`` (the only time the registry is asked)."""
    tools.mkdir(parents=True, exist_ok=True)
    if not (tools / "package.json").exists():
        (tools / "package.json").write_text('{"private": true}\n', encoding="utf-8")
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", *PACKAGES], cwd=tools,
                   check=True)


def build(*, out: Path) -> Path:
    """``mkdocs build`` of the repository's mkdocs.yml into ``out``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(REPO / "mkdocs.yml"),
                    "-d", str(out)], cwd=REPO, env=env, check=True)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it; 404.html for a missing page."""

    def log_message(self, format, *args):  # quiet
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not wants or path.suffix not in COMPRESSIBLE:
            return super().send_head()
        body = _gzipped(str(path), path.stat().st_mtime)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


class _Body:
    """A bytes body that SimpleHTTPRequestHandler can copy and close like a file."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime: float) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6)


class Served:
    """The site on 127.0.0.1 for the length of a ``with``: npm's serve, or GzipHandler."""

    def __init__(self, site: Path, *, tools: Path, server: str):
        self.site, self.port = site, free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        binary = tools / "node_modules" / ".bin" / "serve"
        self.kind = "serve" if server == "serve" and binary.exists() else "python"
        self.binary, self.proc, self.httpd = binary, None, None

    def __enter__(self):
        if self.kind == "serve":
            self.proc = subprocess.Popen(
                [str(self.binary), "-l", f"tcp://127.0.0.1:{self.port}", "-L", "-n",
                 str(self.site)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        else:
            handler = functools.partial(GzipHandler, directory=str(self.site))
            self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
            threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url, timeout=2).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"the site did not come up on {self.url}")

    def __exit__(self, *exc):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()


def lighthouse(url: str, *, tools: Path, chrome: str) -> dict:
    """One Lighthouse run of ``url``: its JSON report."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(
            [str(tools / "node_modules" / ".bin" / "lighthouse"), url, "--quiet",
             f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES),
             "--output=json", f"--output-path={out}"],
            env={**os.environ, "CHROME_PATH": chrome}, check=True, timeout=600,
        )
        return json.loads(out.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    """Scores (0-100), timings and the audits below full marks outside performance."""
    audits = report["audits"]
    row = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    row["timings"] = {name: audits[key]["displayValue"] for key, name in TIMINGS.items()}
    missed = set()
    for category in CATEGORIES[1:]:
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                missed.add(ref["id"])
    row["missed"] = sorted(missed)
    return row


def median(rows: list[dict]) -> dict:
    """The run with the median performance score (its timings and audits with it)."""
    ranked = sorted(rows, key=lambda r: r["performance"])
    middle = ranked[len(ranked) // 2]
    return {**middle, **{c: round(statistics.median(r[c] for r in rows)) for c in CATEGORIES}}


def table(results: dict) -> str:
    head = ["page", "lang", *[SHORT[c] for c in CATEGORIES], *TIMINGS.values(), "below 100"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for (page, lang), row in results.items():
        cells = [page, lang, *[str(row[c]) for c in CATEGORIES],
                 *[row["timings"][t] for t in TIMINGS.values()], ", ".join(row["missed"]) or "-"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build mkdocs.yml)")
    parser.add_argument("--tools", type=Path, default=TOOLS, help="where npm put the tools")
    parser.add_argument("--install", action="store_true", help="npm-install the tools first")
    parser.add_argument("--server", choices=("serve", "python"), default="serve")
    parser.add_argument("--runs", type=int, default=1, help="runs a page; the median is kept")
    parser.add_argument("--pages", nargs="*", choices=list(PAGES), default=list(PAGES))
    parser.add_argument("--langs", nargs="*", choices=list(LANGUAGES), default=list(LANGUAGES))
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args(argv)
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if args.install:
        install(tools=args.tools)
    if not (args.tools / "node_modules" / ".bin" / "lighthouse").exists():
        print(f"Lighthouse is not installed in {args.tools}: run with --install once.")
        return 2
    scratch = None
    site = args.site
    if site is None:
        scratch = Path(tempfile.mkdtemp(prefix="parlour-lighthouse-"))
        site = build(out=scratch / "site")
    results = {}
    try:
        with Served(site, tools=args.tools, server=args.server) as served:
            print(f"{served.kind} on {served.url}, Lighthouse mobile preset, {args.runs} run(s)")
            for lang in args.langs:
                for page in args.pages:
                    url = served.url + LANGUAGES[lang] + PAGES[page]
                    rows = [summary(lighthouse(url, tools=args.tools, chrome=chrome))
                            for _ in range(args.runs)]
                    results[page, lang] = median(rows)
                    print(f"  {lang} {page}: " + " ".join(
                        f"{SHORT[c]} {results[page, lang][c]}" for c in CATEGORIES), flush=True)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    print()
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps({f"{p} {lang}": r for (p, lang), r in results.items()},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
