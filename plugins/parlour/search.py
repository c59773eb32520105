"""Search that scales: Material's search box, answered by Pagefind's sharded static index.

Material's own search plugin puts every page's text into one ``search/search_index.json``
that every visitor downloads before the first result (about 96 MB at 10,000 interviews), and
segments Chinese with jieba in Python while building (about half the build time). Instead:

- :func:`mute_material_index` keeps Material's search plugin (it draws the header search box,
  the result list, the keyboard handling) but stops it indexing: its index keeps only its
  config, a few hundred bytes.
- :func:`mark_page` rewrites each built page: ``data-pagefind-body`` and the page title as
  Pagefind meta on Material's content ``<article>``, and the ``search`` worker URL in
  Material's ``#__config`` pointed at our worker (``assets/parlour/search-worker.js``), with
  the page's ``<html lang>`` in its query. That worker speaks Material's worker protocol
  (setup / ready / query / result) and answers queries with ``pagefind.js``, which fetches
  only the index shards and fragments a query needs.
- :func:`build_index` runs Pagefind's extended binary over copies of the built pages'
  bodies (:mod:`parlour.searchcopy`: Chinese indexed character by character, each text
  once), which the plugin makes as it writes each page. A large site is indexed in stable
  shards (:func:`plan_shards`: a page's shard is a hash of its path), each its own bundle,
  several Pagefind runs at a time; with a cache folder a shard's bundle is kept under the
  digest of what it was made from, and a build re-indexes only the shards whose pages
  changed. Pagefind keeps one index per language (the page's ``<html lang>``, a Chinese one
  named so that Pagefind segments it: :func:`index_language`); the worker opens the one of
  the page it was started from (and, for a Han query on a page of another language, the
  site's Chinese ones).

No Python-side segmentation is left (no jieba). Pagefind only reads the built HTML, which
already holds only what the audience may see; a page gone from the site is gone from its
shard's digest, so no cached bundle brings it back.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from .archive.problems import ParlourError
from .searchcopy import (  # noqa: F401 - the copies' API, re-exported: search is its home
    EXCLUDE_SELECTORS,
    CHINESE,
    CJK_PUNCT,
    HAN,
    SEGMENTED,
    IndexedPage,
    han_apart,
    index_copy,
    index_language,
    indexed_language,
    page_copy,
    page_lang,
    save_page_copy,
    written_language,
)

#: where Pagefind writes its bundle, under site_dir (the worker looks for it there)
OUTPUT_SUBDIR = "pagefind"
#: our search worker, relative to site_dir (also its place under plugins/parlour/)
WORKER = "assets/parlour/search-worker.js"
#: Material's content area: the page body Pagefind indexes, without header, nav, footer
ARTICLE = '<article class="md-content__inner md-typeset"'
#: Pagefind's bundle files for its own UIs: Material draws ours, so they are not published
UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
    "pagefind-worker.js",
)
INSTALL_HINT = "pip install 'pagefind[extended]>=1.5,<1.6'"

_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)


class SearchError(ParlourError):
    """The search index could not be built; the message says what to install or fix."""


@dataclass(frozen=True)
class IndexResult:
    seconds: float  # Pagefind's run
    files: int
    bytes: int
    languages: tuple[str, ...]
    copy_seconds: float = 0.0  # making the copies of the page bodies it reads
    shards: int = 1  # bundles, each of at most SHARD_BYTES of copies (see plan_shards)
    reused: int = 0  # of those, taken from the cache (not indexed again)


# --------------------------------------------------------------------------- Material


def mute_material_index(plugin) -> bool:
    """Stop Material's search plugin from indexing pages; its UI stays. True if it did.

    Material builds its index in ``on_page_context`` through ``search_index`` (created
    anew in every ``on_config``); with no entries its ``on_post_build`` writes only the
    search config, which Material's page script still fetches and hands to the worker.
    """
    index = getattr(plugin, "search_index", None)
    if index is None or not getattr(plugin.config, "enabled", True):
        return False
    index.add_entry_from_context = _skip_page
    return True


def _skip_page(page) -> None:
    return None


def worker_url(base: str, lang: str) -> str:
    """The search worker's URL, given the page's ``base`` (Material's config: the relative or
    absolute URL of the site root)."""
    base = base.rstrip("/") or "."
    return f"{base}/{WORKER}?lang={urllib.parse.quote(lang)}"


def mark_page(output: str, *, title: str | None, index: bool = True,
              lang: str | None = None) -> str:
    """The built page, wired for Pagefind: its content area marked as the body to index (with
    ``title`` as meta), and Material's search worker replaced by ours for the page's language.

    ``lang`` is the page's language (a site language's tag), by default its ``<html lang>``,
    which is Material's interface language: English for a language Material has no words
    for (yue), whose pages would otherwise share the English pages' index.
    ``index=False`` leaves the page out of the index (it still searches). A page without
    Material's ``#__config`` or content area is returned with what applies to it.
    """
    lang = index_language(lang or page_lang(output))

    def config(match: re.Match) -> str:
        try:
            data = json.loads(match.group(2))
        except ValueError:
            return match.group(0)
        if not isinstance(data, dict) or "search" not in data:
            return match.group(0)
        data["search"] = worker_url(str(data.get("base") or "."), lang)
        # as Jinja's tojson writes it: safe inside <script>
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return match.group(1) + text + match.group(3)

    output = _CONFIG.sub(config, output, count=1)
    if index and ARTICLE in output:
        attrs = f' data-pagefind-body data-parlour-lang="{html.escape(lang)}"'
        if title:
            attrs += f' data-pagefind-meta="title[data-parlour-title]" data-parlour-title="{html.escape(title)}"'
        output = output.replace(ARTICLE, ARTICLE + attrs, 1)
    return output


# --------------------------------------------------------------------------- Pagefind


def find_pagefind() -> Path:
    """The Pagefind binary with Chinese segmentation (the ``pagefind_bin_extended`` wheel)."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise SearchError(
            "Pagefind (extended) is not installed; it builds the search index. "
            f"Install it with: {INSTALL_HINT}"
        ) from None
    try:
        return Path(get_executable())
    except (FileNotFoundError, OSError) as err:
        raise SearchError(
            f"the Pagefind binary is missing from its package ({err}); "
            f"reinstall it with: {INSTALL_HINT}"
        ) from None


def index_command(source: Path, *, binary: Path, output: Path) -> list[str]:
    cmd = [str(binary), "--site", str(source), "--output-path", str(output), "--silent"]
    for selector in EXCLUDE_SELECTORS:
        cmd += ["--exclude-selectors", selector]
    return cmd


#: Pagefind holds a whole index in memory while it writes it (about 15 times the text it
#: reads), and re-indexes a bundle whole when one of its pages changes. A site whose copies
#: come to more than this is indexed in shards, each its own Pagefind run and bundle: per
#: language, the smallest power of two of them that keeps each under this much, a page's
#: shard chosen by a hash of its path (so it stays there from build to build, and a change
#: re-indexes only its shard). Each shard more costs a query's first search an index chunk
#: per character and shard (tests/test_search_shards.py's docstring has the table): at
#: 10,000 records (148 MB of Chinese copies) 12 MB shards made a first search 3.4 MB, on a
#: phone; 40 MB makes four Chinese shards there, as the 60 MB parts before the cache made
#: three, and one changed page re-indexes a quarter of the Chinese index. The visitor's
#: download wins over the rebuild's seconds.
SHARD_BYTES = 40_000_000
#: which bundles hold each language, when there is more than one (for the worker)
PARTS_FILE = "parlour-parts.json"
#: bumped when what a bundle is made from changes in a way the digest does not see
CACHE_FORMAT = 1
_DIGEST = re.compile(r"[0-9a-f]{32}")


def scan_pages(site_dir: Path, folder: Path) -> list[IndexedPage]:
    """:func:`save_page_copy` of every built page under ``site_dir``, into ``folder``."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir)
        if rel.parts[0] == OUTPUT_SUBDIR:
            continue
        page = path.read_text(encoding="utf-8", errors="replace")
        found = save_page_copy(page, rel=rel.as_posix(), folder=folder)
        if found is not None:
            pages.append(found)
    return pages


@dataclass(frozen=True)
class Shard:
    """Pages indexed together into one bundle: pagefind/ itself (``name`` "", every
    language) or pagefind/<name>/ (``lang``'s pages whose path hashes to it)."""

    name: str
    lang: str
    pages: tuple[IndexedPage, ...]
    digest: str = ""


def _slot(rel: str) -> int:
    return int.from_bytes(hashlib.blake2b(rel.encode("utf-8"), digest_size=8).digest(), "big")


def plan_shards(pages: Sequence[IndexedPage], *, shard_bytes: int = SHARD_BYTES) -> list[Shard]:
    """The shards of ``pages`` (see :data:`SHARD_BYTES`): one of every language when all
    copies come to less than ``shard_bytes``; else, per language, the smallest power of two
    of shards by path hash that keeps each under it (or one page a shard), empty ones left
    out."""
    sizes = {p.rel: p.source.stat().st_size for p in pages}
    ordered = sorted(pages, key=lambda p: p.rel)
    if sum(sizes.values()) < shard_bytes:
        return [Shard("", "", tuple(ordered))]
    by_lang: dict[str, list[IndexedPage]] = {}
    for page in ordered:
        by_lang.setdefault(page.lang, []).append(page)
    shards = []
    for lang, mine in sorted(by_lang.items()):
        slots = {p.rel: _slot(p.rel) for p in mine}
        count = 1
        while True:
            buckets: list[list[IndexedPage]] = [[] for _ in range(count)]
            for page in mine:
                buckets[slots[page.rel] % count].append(page)
            largest = max(sum(sizes[p.rel] for p in b) for b in buckets)
            if largest < shard_bytes or count >= len(mine):
                break
            count *= 2
        shards += [Shard(f"{lang}-{i}", lang, tuple(b)) for i, b in enumerate(buckets) if b]
    return shards


def _tool_key(binary: Path) -> list:
    """What names the Pagefind that indexes: its package's version and the binary's file."""
    try:
        version = importlib.metadata.version("pagefind_bin_extended")
    except importlib.metadata.PackageNotFoundError:
        version = ""
    try:
        stat = binary.stat()
        return [version, str(binary), stat.st_size, stat.st_mtime_ns]
    except OSError:
        return [version, str(binary)]


def shard_digest(shard: Shard, tool: list) -> str:
    """The digest of what a shard's bundle is made from: the cache's key."""
    made_of = [CACHE_FORMAT, tool, list(EXCLUDE_SELECTORS), list(UNUSED), shard.lang,
               sorted((p.rel, p.digest) for p in shard.pages)]
    data = json.dumps(made_of, ensure_ascii=False).encode("utf-8")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _link_tree(source: Path, dest: Path, *, skip=lambda path: False) -> None:
    """``source``'s files at the same paths under ``dest``: hard links, copies where a link
    cannot be made (another file system)."""
    for path in sorted(source.rglob("*")):
        if path.is_dir() or skip(path):
            continue
        target = dest / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)


def _index_shard(shard: Shard, *, work: Path, output: Path, binary: Path, started,
                 site_dir: Path) -> None:
    """Run Pagefind over ``shard``'s copies (linked into a folder of ``work`` at their
    paths, so each page gets its own URL) into ``output``, less the files nobody uses."""
    source = work / f"src-{shard.name or 'all'}"
    for page in shard.pages:
        target = source / page.rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(page.source, target)
        except OSError:
            shutil.copyfile(page.source, target)
    try:
        _run_pagefind(source, output, binary=binary, started=started, site_dir=site_dir)
    finally:
        shutil.rmtree(source, ignore_errors=True)
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)


def _index_shards(todo: list[Shard], *, work: Path, cache_dir: Path | None, jobs: int,
                  binary: Path, started, site_dir: Path) -> dict[str, Path]:
    """Index each shard of ``todo`` (``jobs`` Pagefind runs at a time); where each bundle is
    (in ``cache_dir`` when given, else in ``work``), by shard digest."""
    def one(shard: Shard) -> Path:
        if cache_dir is None:
            output = work / f"out-{shard.name or 'all'}"
            _index_shard(shard, work=work, output=output, binary=binary, started=started,
                         site_dir=site_dir)
            return output
        staging = cache_dir / f".tmp-{shard.digest}-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            _index_shard(shard, work=work, output=staging, binary=binary, started=started,
                         site_dir=site_dir)
            final = cache_dir / shard.digest
            try:
                staging.rename(final)
            except OSError:  # another build stored it first
                if not final.is_dir():
                    raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return final

    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(todo) or 1))) as pool:
        futures = {shard.digest: pool.submit(one, shard) for shard in todo}
        return {digest: future.result() for digest, future in futures.items()}


def _prune_cache(cache_dir: Path, used: set[str]) -> None:
    """Remove the bundles this build did not use from ``cache_dir`` (its own entries only)."""
    if not cache_dir.is_dir():
        return
    for entry in cache_dir.iterdir():
        name = entry.name
        if name not in used and (_DIGEST.fullmatch(name) or name.startswith(".tmp-")):
            shutil.rmtree(entry, ignore_errors=True)


def build_index(
    site_dir: Path, *, pages: Sequence[IndexedPage] | None = None, binary: Path | None = None,
    started=None, cache_dir: Path | None = None, jobs: int | None = None,
    shard_bytes: int = SHARD_BYTES,
) -> IndexResult:
    """Index the built site in ``site_dir`` with Pagefind, into ``site_dir/pagefind/``.

    ``pages`` are the built pages' copies (:func:`save_page_copy`, made by the plugin as it
    writes each page); without them every page under ``site_dir`` is read and copied. The
    copies go to shards (:func:`plan_shards`), each indexed by its own Pagefind run, ``jobs``
    at a time (default: one per CPU). With ``cache_dir``, a shard whose digest
    (:func:`shard_digest`) has a bundle there is taken from it (hard links), the others are
    indexed and stored there, and bundles this build did not use are removed. ``started``
    (optional) is called with each ``subprocess.Popen`` so a caller can stop it. Raises
    :class:`SearchError` with Pagefind's own words if it fails.
    """
    site_dir = Path(site_dir)
    binary = Path(binary or find_pagefind())
    cache_dir = Path(cache_dir) if cache_dir is not None else None
    out = site_dir / OUTPUT_SUBDIR
    if out.exists():
        shutil.rmtree(out)
    begin = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="parlour-pagefind-") as tmp:
        work = Path(tmp)
        if pages is None:
            pages = scan_pages(site_dir, work / "copies")
        if not pages:
            raise SearchError(
                f"no page in {site_dir} has a body to index (data-pagefind-body): "
                "was the site built with the parlour plugin?"
            )
        tool = _tool_key(binary)
        shards = [replace(s, digest=shard_digest(s, tool))
                  for s in plan_shards(pages, shard_bytes=shard_bytes)]
        copied = time.perf_counter()
        cached = {s.digest: cache_dir / s.digest for s in shards
                  if cache_dir is not None and (cache_dir / s.digest).is_dir()}
        todo = list({s.digest: s for s in shards if s.digest not in cached}.values())
        made = _index_shards(todo, work=work, cache_dir=cache_dir,
                             jobs=jobs or os.cpu_count() or 1, binary=binary,
                             started=started, site_dir=site_dir)
        seconds = time.perf_counter() - copied
        bundles = _publish(shards, {**cached, **made}, out, moved=cache_dir is None)
    if cache_dir is not None:
        _prune_cache(cache_dir, {s.digest for s in shards})
    return _result(out, bundles, seconds=seconds, copy_seconds=copied - begin,
                   shards=len(shards), reused=sum(s.digest in cached for s in shards))


def _publish(shards: list[Shard], bundles: dict[str, Path], out: Path, *,
             moved: bool) -> dict[str, list[str]]:
    """Put each shard's bundle at its place under ``out`` (moved from a work folder, or
    linked from the cache); write the parts file; return it (language: bundle folders)."""
    parts: dict[str, list[str]] = {}
    for shard in shards:
        source = bundles[shard.digest]
        dest = out / shard.name if shard.name else out
        mine = parts.setdefault(shard.lang, []) if shard.name else None
        # the first shard's wasm serves the others of its language (Pagefind's mergeIndex)
        first = not mine
        def skip(path: Path, first=first) -> bool:
            return not first and path.name.startswith("wasm.") and path.suffix == ".pagefind"
        if moved:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(source), str(dest))
            for wasm in (dest.glob("wasm.*.pagefind") if not first else ()):
                wasm.unlink()
        else:
            _link_tree(source, dest, skip=skip)
        if mine is not None:
            mine.append(f"{shard.name}/")
    # which bundles hold each language (none: one bundle, pagefind/ itself): the search
    # worker opens the first and merges the others
    (out / PARTS_FILE).write_text(json.dumps(parts, sort_keys=True), encoding="utf-8")
    if parts:
        # each first shard's pagefind-entry.json, on top, for a look at the whole (and for
        # the worker: which Chinese indexes there are)
        entry = {"languages": {}}
        for names in parts.values():
            first = json.loads((out / names[0] / "pagefind-entry.json").read_text("utf-8"))
            entry = {**first, "languages": {**entry["languages"], **first["languages"]}}
        (out / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    return parts


def _result(out: Path, bundles: dict, *, seconds: float, copy_seconds: float, shards: int,
            reused: int) -> IndexResult:
    files = [p for p in out.rglob("*") if p.is_file()]
    try:
        entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages = tuple(sorted(entry.get("languages", {})))
    except (OSError, ValueError):
        raise SearchError(f"Pagefind wrote no readable index to {out}") from None
    return IndexResult(seconds, len(files), sum(p.stat().st_size for p in files), languages,
                       copy_seconds, shards, reused)


def _run_pagefind(source: Path, output: Path, *, binary: Path, started, site_dir: Path) -> None:
    """One Pagefind run over ``source`` into ``output``; SearchError with its own words."""
    try:
        proc = subprocess.Popen(
            index_command(source, binary=binary, output=output),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
        )
    except OSError as err:
        raise SearchError(
            f"could not run Pagefind ({binary}): {err}; reinstall it with: {INSTALL_HINT}"
        ) from None
    if started is not None:
        started(proc)
    output_text, _ = proc.communicate()
    if proc.returncode != 0:
        said = "\n".join(line for line in output_text.splitlines() if line.strip())[-2000:]
        raise SearchError(
            f"Pagefind could not index {site_dir} (exit status {proc.returncode}):\n{said}"
        )


class BackgroundIndexer:
    """For ``mkdocs serve``: index after each build without holding up the page reload.

    One run at a time; a new build stops the run still going (its site folder is about to
    be cleaned), and the last build's run is the one that finishes.
    """

    def __init__(self, log):
        self.log = log
        self._lock = threading.Lock()
        self._procs: list[subprocess.Popen] = []
        self._thread: threading.Thread | None = None
        self._generation = 0

    def stop(self) -> None:
        with self._lock:
            self._generation += 1
            procs, thread = self._procs, self._thread
            self._procs = []
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        if thread is not None:
            thread.join(timeout=10)

    def start(self, site_dir: Path, binary: Path) -> None:
        self.stop()
        with self._lock:
            generation = self._generation

        def started(proc):
            with self._lock:
                self._procs.append(proc)
                if generation != self._generation:
                    proc.terminate()

        def run():
            try:
                result = build_index(site_dir, binary=binary, started=started)
            except SearchError as err:
                if generation == self._generation:
                    self.log.warning("Search index not updated: %s", err)
                return
            except OSError:  # the site folder went away under us: a newer build owns it
                return
            if generation == self._generation:
                self.log.info(
                    "Search index updated in %.1f s (%d files, languages: %s)",
                    result.seconds, result.files, ", ".join(result.languages) or "none",
                )

        thread = threading.Thread(target=run, name="parlour-pagefind", daemon=True)
        with self._lock:
            self._thread = thread
        thread.start()
