"""A full site build of a synthetic archive, against plain MkDocs + Material in the same run.

    python tests/benchmarks/bench_build.py --records 1000 10000

For each N:

1. generates the archive (generate.py; cached under --cache by N and seed);
2. builds it with Parlour: ``mkdocs build`` in a subprocess (through timed_mkdocs.py, which
   times Parlour's own hooks). Parlour renders each photo once and keeps the renditions in
   .cache/parlour/ by the photo's content (as CI keeps that folder between builds); the
   benchmark fills that cache first, timed and reported on its own line, so the build
   measured is any build but the very first (``--cold``: empty it and measure the first);
3. builds the baseline: the very content Parlour generates for each page (same text, same
   transcripts, the HTML its templates render, images pointing at the original files),
   written out as plain Markdown files (the HTML as raw HTML blocks) with the same
   hand-written pages and the originals in docs/media/, built by plain MkDocs + Material
   with Material's search plugin
   (``lang: zh``, jieba installed) and no Parlour; the nav holds the sections only, as
   Parlour's does;
4. measures, for both: wall time and peak memory (max RSS of the build process, from
   ``wait4``), output size (bytes under site/) and what a visitor downloads for a first
   search: tests/benchmarks/firstsearch.py's ``first_search_bytes(site_dir, query)`` if
   that module exists, otherwise search/search_index.json plus Material's search worker.

Parlour's build is one without its page cache or search index parts (.cache/parlour/pages and
search: emptied first, so every page is rendered and every part indexed; the build fills them,
as a first build does). Then, unless ``--no-change``, the rebuild a one-record change costs: one
interview's Chinese title is changed and the archive built again with the cache (into a fresh
folder, as CI does), timed, with the pages the build says it rendered and reused, checked
against the pages that show the new title; for N <= 1,000 the title goes back and a build with
the cache must write the very site the full build wrote.

Prints one table with the ratios to the baseline, and Parlour's own share of its build.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
from generate import generate_archive  # noqa: E402
from same_site import different_files, page_file  # noqa: E402

#: a place name, a word of middling frequency, one of the commonest
QUERIES = ("老虎灶", "电梯", "邻居")


def archive(cache: Path, records: int, seed: int) -> Path:
    """The synthetic archive for (records, seed), generated once, with a Parlour site config."""
    root = cache / f"archive-{records}-seed{seed}"
    done = root / ".complete"
    if not done.exists():
        if root.exists():
            shutil.rmtree(root)
        start = time.perf_counter()
        generate_archive(root, records=records, seed=seed)
        shutil.copytree(REPO / "docs", root / "docs")
        config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
        config.pop("nav", None)
        config["nav"] = [{"首页": "index.md"}, {"关于": "about.md"}]
        (root / "mkdocs.yml").write_text(
            yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        done.write_text("")
        print(f"  generated {records} records in {time.perf_counter() - start:.1f} s: {root}",
              flush=True)
    return root


def baseline_project(root: Path) -> Path:
    """Plain Markdown with Parlour's generated text, configured for plain MkDocs + Material."""
    base = root.parent / (root.name + "-baseline")
    done = base / ".complete"
    if done.exists():
        return base
    if base.exists():
        shutil.rmtree(base)
    from parlour.archive import Archive  # noqa: PLC0415
    from parlour.context import image_sources  # noqa: PLC0415
    from parlour.archive.media import Published  # noqa: PLC0415
    from parlour.archive.loader import load_archive  # noqa: PLC0415
    from parlour.i18n import configure, label  # noqa: PLC0415
    from parlour.pages import SECTIONS, generate_pages  # noqa: PLC0415
    from parlour.templating import Renderer, permalink_options  # noqa: PLC0415
    from PIL import Image  # noqa: PLC0415

    configure(["zh", "en"], catalogs=[root / "locale"])
    docs = base / "docs"
    shutil.copytree(root / "docs", docs)
    arch = Archive(load_archive(root), audience="public")
    media = root / "stories" / "media"
    images = {}
    for rel in sorted(image_sources(arch)):
        # the original file, as is: a plain site has no renditions
        with Image.open(media / rel) as im:
            width, height = im.size
        images[rel] = Published(url=rel, width=width, height=height, srcset=[], thumb=rel)
        target = docs / "media" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(media / rel, target)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    toc = next((e["toc"] for e in config["markdown_extensions"] if isinstance(e, dict)
                and "toc" in e), {})
    renderer = Renderer(permalink=permalink_options({"toc": toc}))
    # every page in both languages, as Parlour renders them (English under en/)
    for lang in ("zh", "en"):
        for page in generate_pages(arch, images=images, lang=lang):
            page.meta.pop("template", None)
            front = yaml.safe_dump(page.meta, allow_unicode=True, sort_keys=False)
            path = docs / page.src_uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\n{front}---\n\n{page.render(renderer)}", encoding="utf-8")
        data = docs / ("en/data" if lang == "en" else "data")
        data.mkdir(parents=True, exist_ok=True)
        (data / "index.md").write_text("# 开放数据 · Open data\n", encoding="utf-8")
    config["plugins"] = [{"search": {"lang": "zh"}}]
    config["extra_css"] = []
    config["extra_javascript"] = []
    config["nav"] = config["nav"] + [
        {f"{label(key, 'zh')} {label(key, 'en')}": uri} for uri, key in SECTIONS
    ]
    (base / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    done.write_text("")
    return base


def run(cmd: list[str], *, cwd: Path, log: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (bytes) of a command and the
    processes it waited for. CPU time is what to compare on a busy machine."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}); see {log}:\n"
                 + log.read_text(encoding="utf-8", errors="replace")[-3000:])
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def first_search(site: Path) -> tuple[int, str, dict[str, int]]:
    """Bytes a visitor downloads for a first search, how that was measured, and the bytes of
    each query of QUERIES.

    A Pagefind site is measured in chromium (firstsearch.py): every search request from
    typing the query to the first results, for a rare, a middling and a common word; the
    table shows the largest. Material's own search loads one index whatever the query: its
    size and the worker's are counted from the files (loading hundreds of MB in a browser
    measures nothing more).
    """
    if (site / "pagefind").is_dir():
        from firstsearch import first_search_bytes  # noqa: PLC0415

        per = {q: first_search_bytes(site, q)["bytes"] for q in QUERIES}
        return max(per.values()), "browser (firstsearch.py), largest of " + "/".join(QUERIES), per
    index = site / "search" / "search_index.json"
    workers = list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    size = (index.stat().st_size if index.exists() else 0) + sum(
        w.stat().st_size for w in workers
    )
    return size, "search_index.json + worker", {}


def warm_images(root: Path) -> float:
    """Render every photo into the archive's image cache, as Parlour's first build does;
    returns the CPU seconds it took (nothing, when the cache is already full)."""
    from parlour.archive import Archive  # noqa: PLC0415
    from parlour.context import image_sources  # noqa: PLC0415
    from parlour.archive.media import publish_image  # noqa: PLC0415
    from parlour.archive.loader import load_archive  # noqa: PLC0415

    cache = root / ".cache" / "parlour"
    media = root / "stories" / "media"
    start = time.process_time()
    for rel in sorted(image_sources(Archive(load_archive(root), audience="public"))):
        publish_image(media / rel, rel, cache / "media-public", cache_dir=cache / "images")
    return time.process_time() - start


#: what Parlour keeps between builds besides rendered photos: pages and search index parts
PAGE_CACHES = (".cache/parlour/pages", ".cache/parlour/search")
#: the new title of the interview changed for the rebuild with the cache (unique in the archive)
NEW_TITLE = "梧桐里一千零一夜的新标题"
_COUNTS = re.compile(r"Generated pages: (\d+) rendered, (\d+) reused")


def change_one_title(root: Path, site: Path, args, records: int, *, check: bool) -> dict:
    """Change one interview's Chinese title and build again with the cache the full build
    left: wall, CPU, peak memory, the pages rendered and reused (the build's own count), and
    whether exactly the pages that show the new title were rendered. Then the title goes
    back, and (``check``) a build with the cache must write the very site the full build did."""
    # the first interview the public site shows (a withdrawn narrator's is not there)
    path = next(
        p for p in sorted(root.glob("stories/interviews/interview-*.md"),
                          key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if (site / "interviews" / p.stem / "index.html").is_file()
    )
    original = path.read_text(encoding="utf-8")
    title = next(line for line in original.splitlines() if line.startswith("  zh: "))
    path.write_text(original.replace(title, f"  zh: {NEW_TITLE}", 1), encoding="utf-8")
    changed = args.cache / f"site-{records}-changed"
    shutil.rmtree(changed, ignore_errors=True)  # a fresh site/, as in CI (emptying one is slow)
    log = args.cache / f"build-{records}-changed.log"
    try:
        wall, cpu, rss = run([sys.executable, "-m", "mkdocs", "build", "-f",
                              str(root / "mkdocs.yml"), "-d", str(changed)], cwd=root, log=log)
    finally:
        path.write_text(original, encoding="utf-8")
    rendered, reused = map(int, _COUNTS.search(log.read_text(encoding="utf-8")).groups())
    last = json.loads((root / PAGE_CACHES[0] / "mkdocs" / "last-build.json").read_text("utf-8"))
    showing = sorted(
        p.relative_to(changed).as_posix() for p in changed.rglob("index.html")
        if NEW_TITLE in p.read_text(encoding="utf-8")
    )
    out = {"wall": wall, "cpu": cpu, "rss": rss, "rendered": rendered, "reused": reused,
           "showing": len(showing),
           "exact": sorted(page_file(uri) for uri in last["rendered"]) == showing}
    print(f"  one title changed: {wall:.1f} s, {rendered} pages rendered, {reused} reused; "
          f"{len(showing)} pages show the title; rendered exactly those: {out['exact']}",
          flush=True)
    if check:
        again = args.cache / f"site-{records}-again"
        run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"),
             "-d", str(again)], cwd=root, log=args.cache / f"build-{records}-again.log")
        differ = different_files(site, again, search=True)
        out["same"] = not differ
        print(f"  title back, built with the cache: same site as the full build: "
              f"{not differ}" + (f" (differ: {differ[:5]})" if differ else ""), flush=True)
    return out


def measure(records: int, args) -> dict:
    print(f"N = {records}", flush=True)
    root = archive(args.cache, records, args.seed)
    base = baseline_project(root)
    out: dict = {"records": records}
    py = sys.executable

    if args.cold:
        shutil.rmtree(root / ".cache", ignore_errors=True)
    else:
        out["images"] = warm_images(root)
        print(f"  image cache: {out['images']:.1f} CPU s", flush=True)
    # a build without a cache of pages or search index parts: every page rendered, every
    # part indexed (it fills them, as a first build does)
    for kept in PAGE_CACHES:
        shutil.rmtree(root / kept, ignore_errors=True)
    site = args.cache / f"site-{records}-parlour"
    timings = args.cache / f"timings-{records}.json"
    wall, cpu, rss = run(
        [py, str(HERE / "timed_mkdocs.py"), str(timings), "build", "-f",
         str(root / "mkdocs.yml"), "-d", str(site)],
        cwd=root, log=args.cache / f"build-{records}-parlour.log",
    )
    t = json.loads(timings.read_text())
    fs, how, per = first_search(site)
    out["parlour"] = {"wall": wall, "cpu": cpu, "rss": rss, "size": tree_size(site),
                      "search": fs, "search_how": how, "search_queries": per,
                      "own": t["parlour"],
                      "own_cpu": t["parlour_cpu"], "process_cpu": t["total_cpu"],
                      "timings": t["cpu"]}
    print(f"  parlour:  {wall:.1f} s", flush=True)
    if not args.no_change:
        out["change"] = change_one_title(root, site, args, records, check=records <= 1000)

    bsite = args.cache / f"site-{records}-baseline"
    wall, cpu, rss = run(
        [py, "-m", "mkdocs", "build", "-q", "-f", str(base / "mkdocs.yml"), "-d", str(bsite)],
        cwd=base, log=args.cache / f"build-{records}-baseline.log",
    )
    fs, how, _ = first_search(bsite)
    out["baseline"] = {"wall": wall, "cpu": cpu, "rss": rss, "size": tree_size(bsite), "search": fs,
                       "search_how": how}
    print(f"  baseline: {wall:.1f} s", flush=True)
    out["pages"] = sum(1 for _ in bsite.rglob("index.html"))
    return out


def table(results: list[dict]) -> str:
    mb = 1024 * 1024
    lines = [
        (f"{'N':>6} {'':9} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'site MB':>8} "
         f"{'search KB':>10}"),
    ]
    for r in results:
        p, b = r["parlour"], r["baseline"]
        for name, x in (("parlour", p), ("baseline", b)):
            lines.append(
                f"{r['records'] if name == 'parlour' else '':>6} {name:9} {x['wall']:8.1f} "
                f"{x['cpu']:8.1f} {x['rss'] / mb:8.0f} {x['size'] / mb:8.1f} "
                f"{x['search'] / 1024:10.0f}"
            )
        lines.append(
            f"{'':>6} {'ratio':9} {p['wall'] / b['wall']:8.2f} {p['cpu'] / b['cpu']:8.2f} "
            f"{p['rss'] / b['rss']:8.2f} {p['size'] / b['size']:8.2f} "
            f"{p['search'] / b['search']:10.2f}"
        )
    lines.append("")
    for r in results:
        c = r.get("change")
        if c:
            lines.append(
                f"N={r['records']}, one interview's title changed, rebuilt with the cache: "
                f"{c['wall']:.1f} s wall, {c['cpu']:.1f} CPU s, {c['rss'] / mb:.0f} MB peak; "
                f"{c['rendered']} pages rendered, {c['reused']} reused; {c['showing']} pages "
                f"show the new title, rendered exactly those: {c['exact']}"
                + (f"; title back, same site as the full build: {c['same']}"
                   if "same" in c else ""))
    lines.append("")
    for r in results:
        p = r["parlour"]
        # the search index is the search engine's work (Material's search plugin does it in
        # the baseline): Pagefind in its own process, and our copy of the pages for it
        search = p["timings"].get("  build_index", 0.0)
        own = p["own_cpu"] - search
        lines.append(
            f"N={r['records']} ({r['pages']} pages): Parlour's own work (its hooks, less the "
            f"search index: {search:.1f} CPU s here, plus Pagefind's own process) took "
            f"{own:.1f} CPU s of the build's {p['cpu']:.1f} (Pagefind included) = "
            f"{100 * own / p['cpu']:.1f}%; CPU s by step:"
        )
        for name, secs in sorted(p["timings"].items(), key=lambda kv: -kv[1]):
            lines.append(f"    {name:28} {secs:7.2f}")
    for r in results:
        per = r["parlour"].get("search_queries") or {}
        if per:
            lines.append(f"N={r['records']} first search, KB by query: " + ", ".join(
                f"{q} {b / 1024:.0f}" for q, b in per.items()))
    how = {r["parlour"]["search_how"] for r in results} | {r["baseline"]["search_how"] for r in results}
    lines.append(f"first search measured as: {', '.join(sorted(how))}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/parlour-bench"),
                        help="where archives, sites and logs go (default /tmp/parlour-bench)")
    parser.add_argument("--cold", action="store_true",
                        help="empty Parlour's image cache first: measure the very first build")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--no-change", action="store_true",
                        help="skip the rebuild after one title's change")
    args = parser.parse_args()
    import importlib.util  # noqa: PLC0415

    jieba = importlib.util.find_spec("jieba") is not None
    if not jieba:
        print("WARNING: jieba is not installed: Material's search will not segment Chinese, "
              "and both builds are much faster than they would be with it", flush=True)
    args.cache.mkdir(parents=True, exist_ok=True)
    results = [measure(n, args) for n in args.records]
    print()
    print("Baseline: the same pages' content (Parlour's rendered HTML as raw HTML in Markdown")
    print("pages: transcripts, cards; images as the original files), the same hand-written")
    print("pages and markdown_extensions, built by plain MkDocs + Material with its search plugin")
    print(f"(lang zh, jieba {'installed' if jieba else 'MISSING'}) and no Parlour; nav: sections "
          "only, as Parlour's.")
    if args.cold:
        print("Parlour's build: the very first (empty image cache: every photo is rendered).")
    else:
        print("Parlour's build: photos already rendered in its cache (any build but the first);")
        print("the first build renders them once: " + ", ".join(
            f"N={r['records']}: {r.get('images', 0):.1f} CPU s" for r in results) + ".")
    print()
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
