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
- :func:`build_index` runs Pagefind's extended binary over a copy of the built pages' bodies
  after the build, with Chinese indexed character by character (see :func:`index_copy`).
  Pagefind keeps one index per language (the page's ``<html lang>``, a Chinese one named so
  that Pagefind segments it: :func:`index_language`); the worker opens the one of the page
  it was started from.

No Python-side segmentation is left (no jieba), so there is nothing to cache between builds.
Pagefind only reads the built HTML, which already holds only what the audience may see.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from .archive.problems import ParlourError

#: where Pagefind writes its bundle, under site_dir (the worker looks for it there)
OUTPUT_SUBDIR = "pagefind"
#: our search worker, relative to site_dir (also its place under plugins/parlour/)
WORKER = "assets/parlour/search-worker.js"
#: Material's content area: the page body Pagefind indexes, without header, nav, footer
ARTICLE = '<article class="md-content__inner md-typeset"'
#: inside the body, what is not worth finding: permalink signs, the edit button, the
#: player, transcript and quote timestamps, and the record page's furniture (related
#: records are found on their own pages; the citation repeats the title)
EXCLUDE_SELECTORS = (
    ".headerlink",
    ".md-content__button",
    ".md-source-file",
    ".parlour-player",
    ".parlour-time",
    ".parlour-cue-time",
    ".parlour-related",
    ".parlour-cite",
    ".parlour-prevnext",
)
#: Pagefind's bundle files for its own UIs: Material draws ours, so they are not published
UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
    "pagefind-worker.js",
)
INSTALL_HINT = "pip install 'pagefind[extended]>=1.5,<1.6'"

_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang=\"([^\"]*)\"", re.IGNORECASE)


class SearchError(ParlourError):
    """The search index could not be built; the message says what to install or fix."""


@dataclass(frozen=True)
class IndexResult:
    seconds: float  # Pagefind's run
    files: int
    bytes: int
    languages: tuple[str, ...]
    copy_seconds: float = 0.0  # making the copy of the page bodies it reads
    parts: int = 1  # Pagefind runs (bundles), each of at most PART_BYTES of pages


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


def page_lang(output: str) -> str:
    """The page's ``<html lang>``, lower case, or ``unknown``."""
    match = _HTML_LANG.search(output[:2000])
    return match.group(1).strip().lower() if match and match.group(1).strip() else "unknown"


#: Pagefind segments the words of a page only when its language's first subtag is one of
#: these (Chinese with jieba, Japanese, Thai); every other language is cut at white space
SEGMENTED = ("zh", "ja", "th")
#: Chinese languages with their own ISO 639-3 code (the members of the macrolanguage
#: ``zh``, and Literary Chinese): written in Han characters like ``zh``, but to Pagefind
#: a language it does not segment
CHINESE = frozenset({
    "cdo", "cjy", "cmn", "cnp", "cpx", "csp", "czh", "czo", "gan", "hak", "hsn", "lzh",
    "mnp", "nan", "wuu", "yue",
})


def index_language(tag: str) -> str:
    """The language Pagefind files a page of ``tag`` (its ``<html lang>``) under, lower
    case: the tag itself (``zh``, ``zh-hant``, ``zh-tw``, ``en``...), but a Chinese language
    Pagefind would not segment (``yue``, ``cmn-hant``) as the extended form ``zh-yue``,
    which it does, so its Han text is found the same way as any Chinese page's. The worker
    opens the index of this name (see :func:`mark_page`)."""
    tag = tag.strip().lower() or "unknown"
    if tag.split("-")[0] in CHINESE:
        return f"zh-{tag}"
    return tag


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


#: Han characters (CJK ideographs, extensions A-F, compatibility ideographs, and the
#: ideographic iteration mark, zero and Hangzhou numerals: Han to the worker's \p{Script=Han})
HAN = ("\u3005\u3007\u3021-\u3029\u3038-\u303b"
       "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f")
_HAN_PAIR = re.compile(f"(?<=[{HAN}])(?=[{HAN}])")
#: CJK punctuation (the ideographic comma and stop, corner brackets...) and full-width forms
CJK_PUNCT = ("\u3000-\u3004\u3006\u3008-\u3020\u302a-\u3037\u303c-\u303f"
             "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65")
#: a Han character's edge, or a run of CJK punctuation, in text cut at white space only
_HAN_EDGE = re.compile(f"[{CJK_PUNCT}]+|(?<=[{HAN}])(?=[^{HAN}\\s])|(?<=[^{HAN}\\s])(?=[{HAN}])"
                       f"|(?<=[{HAN}])(?=[{HAN}])")
_TAG = re.compile(r"(<[^>]*>)")
_BODY = re.compile(r"<article\b[^>]*\bdata-pagefind-body\b[^>]*>.*?</article>", re.DOTALL)


def han_apart(fragment: str, *, segmented: bool = True) -> str:
    """HTML with its text's Han characters apart (not in tags or attributes), so that
    Pagefind indexes Chinese character by character.

    In a language Pagefind segments (``segmented``), a zero-width space between adjacent
    Han characters is enough (its segmenter cuts there, and the excerpts read as written).
    Any other language's text Pagefind cuts at white space only: each Han character gets
    spaces on its sides, and CJK punctuation becomes a space (``亮，大`` would be one word).
    """
    parts = _TAG.split(fragment)
    if segmented:
        return "".join(p if i % 2 else _HAN_PAIR.sub("\u200b", p) for i, p in enumerate(parts))
    return "".join(p if i % 2 else _HAN_EDGE.sub(" ", p) for i, p in enumerate(parts))


_MARKED_LANG = re.compile(r'\bdata-parlour-lang="([^"]*)"')


def indexed_language(page: str, body: str | None = None) -> str:
    """The index a built page goes to: the language :func:`mark_page` gave its body, else
    its ``<html lang>``'s. ``body`` is its marked body, when already found."""
    if body is None:
        found = _BODY.search(page)
        body = found.group(0) if found else ""
    marked = _MARKED_LANG.search(body[:4000])
    return index_language(html.unescape(marked.group(1)) if marked else page_lang(page))


def index_copy(page: str) -> str | None:
    """What Pagefind reads for a built page: its language and its marked body, with Han
    characters apart; None for a page without a body to index.

    Why characters: Pagefind 1.5 segments Chinese pages with jieba when indexing but queries
    with the browser's Intl.Segmenter, and where they cut differently a query finds nothing
    (向阳里: jieba 向阳/里, the browser 向/阳/里; Pagefind issue #1237). Indexed character by
    character, and queried as the phrase of its characters (our worker does that), a
    Chinese query finds every page holding it as written, the substring match Chinese
    readers expect, whatever either segmenter knows. The published pages stay untouched.
    """
    body = _BODY.search(page)
    if body is None:
        return None
    lang = indexed_language(page, body.group(0))
    text = han_apart(body.group(0), segmented=lang.split("-")[0] in SEGMENTED)
    return (
        f'<!doctype html><html lang="{html.escape(lang)}"><head><meta charset="utf-8"></head>'
        f"<body>{text}</body></html>"
    )


#: Pagefind holds a whole index in memory while it writes it, about 15 times the text it
#: reads (4.6 GB for the 7,766 pages of a 10,000-record archive of long transcripts). Pages
#: are indexed in parts of at most this much copied HTML, each part its own Pagefind run and
#: bundle (pagefind/, pagefind/part-1/, ...), which the search worker merges when it loads.
PART_BYTES = 60_000_000
#: which bundles hold each language, when there is more than one (for the worker)
PARTS_FILE = "parlour-parts.json"


def write_index_copy(
    site_dir: Path, dest: Path, *, part_bytes: int = PART_BYTES
) -> list[tuple[str, Path]]:
    """Write :func:`index_copy` of every page under ``site_dir`` to the same path under a
    part folder of ``dest`` (so Pagefind gives each the same URL); return the parts as
    (language, folder). A site of at most ``part_bytes`` is one part of every language
    (language ""); a larger one is cut by language, then into parts of at most
    ``part_bytes`` (a page is never split), so that a page's search merges its own
    language's parts only."""
    parts: dict[str, list[tuple[Path, int]]] = {}
    total = 0
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir)
        if rel.parts[0] == OUTPUT_SUBDIR:
            continue
        page = path.read_text(encoding="utf-8", errors="replace")
        copy = index_copy(page)
        if copy is None:
            continue
        data = copy.encode("utf-8")
        lang = indexed_language(page)
        mine = parts.setdefault(lang, [])
        if not mine or (mine[-1][1] and mine[-1][1] + len(data) > part_bytes):
            mine.append((dest / f"{lang}-{len(mine)}", 0))
        folder, size = mine[-1]
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        mine[-1] = (folder, size + len(data))
        total += len(data)
    if not parts:
        return []
    if total <= part_bytes:
        everything = dest / "all"
        for mine in parts.values():
            for folder, _ in mine:
                shutil.copytree(folder, everything, dirs_exist_ok=True)
                shutil.rmtree(folder)
        return [("", everything)]
    return [(lang, folder) for lang, mine in sorted(parts.items()) for folder, _ in mine]


def build_index(
    site_dir: Path, *, binary: Path | None = None, started=None, part_bytes: int = PART_BYTES
) -> IndexResult:
    """Index the built site in ``site_dir`` with Pagefind, into ``site_dir/pagefind/``.

    Pagefind reads a copy of the pages' bodies with Han characters apart (see
    :func:`index_copy`), made in a temporary folder. ``started`` (optional) is called with
    the ``subprocess.Popen`` so a caller can stop it. Raises :class:`SearchError` with
    Pagefind's own words if it fails.
    """
    site_dir = Path(site_dir)
    binary = binary or find_pagefind()
    out = site_dir / OUTPUT_SUBDIR
    if out.exists():
        shutil.rmtree(out)
    begin = time.perf_counter()
    seconds = 0.0
    with tempfile.TemporaryDirectory(prefix="parlour-pagefind-") as tmp:
        parts = write_index_copy(site_dir, Path(tmp) / "site", part_bytes=part_bytes)
        copied = time.perf_counter()
        if not parts:
            raise SearchError(
                f"no page in {site_dir} has a body to index (data-pagefind-body): "
                "was the site built with the parlour plugin?"
            )
        bundles: dict[str, list[str]] = {}
        for lang, source in parts:
            staging = Path(tmp) / f"out-{source.name}"
            _run_pagefind(source, staging, binary=binary, started=started, site_dir=site_dir)
            for name in UNUSED:
                (staging / name).unlink(missing_ok=True)
            shutil.rmtree(source)
            if not lang:  # the whole site in one bundle
                shutil.move(str(staging), str(out))
                break
            mine = bundles.setdefault(lang, [])
            if mine:
                # the first part's wasm serves the others (Pagefind's mergeIndex)
                for wasm in staging.glob("wasm.*.pagefind"):
                    wasm.unlink()
            mine.append(f"{source.name}/")
            out.mkdir(parents=True, exist_ok=True)
            shutil.move(str(staging), str(out / source.name))
        seconds = time.perf_counter() - copied
    # which bundles hold each language (none: one bundle, pagefind/ itself): the search
    # worker opens the first and merges the others
    (out / PARTS_FILE).write_text(json.dumps(bundles, sort_keys=True), encoding="utf-8")
    if bundles:
        # each first part's pagefind-entry.json, on top, for a look at the whole
        entry = {"languages": {}}
        for names in bundles.values():
            first = json.loads((out / names[0] / "pagefind-entry.json").read_text("utf-8"))
            entry = {**first, "languages": {**entry["languages"], **first["languages"]}}
        (out / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    files = [p for p in out.rglob("*") if p.is_file()]
    try:
        entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages = tuple(sorted(entry.get("languages", {})))
    except (OSError, ValueError):
        raise SearchError(f"Pagefind wrote no readable index to {out}") from None
    return IndexResult(
        seconds, len(files), sum(p.stat().st_size for p in files), languages, copied - begin,
        len(parts) if bundles else 1,
    )


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
        self._proc: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None
        self._generation = 0

    def stop(self) -> None:
        with self._lock:
            self._generation += 1
            proc, thread = self._proc, self._thread
        if proc is not None and proc.poll() is None:
            proc.terminate()
        if thread is not None:
            thread.join(timeout=10)

    def start(self, site_dir: Path, binary: Path) -> None:
        self.stop()
        with self._lock:
            generation = self._generation

        def started(proc):
            with self._lock:
                self._proc = proc
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
