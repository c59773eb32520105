"""The search index in stable shards kept between builds (issue 19): a page stays in its shard,
a change re-indexes only its shard, the others come from the cache; what leaves the site
leaves the index even with a warm cache; an English page's copy leaves out the Chinese
transcript that the Chinese page holds.

SHARD_BYTES (plugins/parlour/search.py) was chosen at N=1,000 (tests/benchmarks, seed 1: 688
pages; their copies 30.1 MB before, 19.1 MB now that English pages leave the Chinese
transcripts to the Chinese pages). Pagefind CPU is RUSAGE_CHILDREN over build_index; the first
search is tests/benchmarks/firstsearch.py's bytes from the Chinese home page, in KB:

    bundles                     shards  Pagefind CPU s  老虎灶  电梯  邻居
    before (one, 60 MB parts)   1       10.2            236     192   200
    one bundle (100 MB)         1        8.1            237     193   202
    16 MB (one per language)    2        7.8            237     193   202
    12 MB (chosen)              3        8.4            329     264   272   (1.39x)
     8 MB                       5        8.1            499     397   402   (2.1x)
     4 MB                       9        9.2            842     675   676   (3.6x)

Each further shard of a language costs a query one more index chunk per character (~30 KB
each, Pagefind's chunk size, whatever the shard's). 12 MB looked right at N=1,000, but at
N=10,000 (148 MB of Chinese copies) it made 16 Chinese shards and a first search of 3,416 KB
for 老虎灶 (511 KB before the shards); SHARD_BYTES is 40 MB: four Chinese shards there, a
first search of 592 KB, and one changed interview re-indexes one shard (11.6 s of Pagefind,
against 3.8 s with 12 MB shards). At N=1,000 (19 MB) the index is one bundle again.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest
from parlour import search
from parlour.search import (
    IndexedPage,
    build_index,
    mark_page,
    page_copy,
    plan_shards,
    save_page_copy,
)

from tests.test_search import PAGE

#: a shard size that cuts the small sites below into several shards per language
SMALL = 6_000


def page(lang: str, text: str, *, transcript: str = "") -> str:
    """A built page in ``lang`` whose body says ``text`` (and holds ``transcript``)."""
    return mark_page(PAGE.format(lang=lang), title=text[:20]).replace(
        "<p>text</p>", f"<p>{text}</p>{transcript}")


def site_pages(count: int = 24) -> dict[str, str]:
    """Built pages by path: ``count`` Chinese ones at the root, half as many English ones."""
    pages = {}
    for i in range(count):
        pages[f"p{i}/index.html"] = page("zh", f"第{i}页 老虎灶 marker{i}x " + "弄堂" * 100)
    for i in range(count // 2):
        pages[f"en/p{i}/index.html"] = page("en", f"page {i} english{i}y " + "lane " * 150)
    return pages


def copies(pages: dict[str, str], folder: Path) -> list[IndexedPage]:
    """What the plugin hands over: each page's copy, saved as it is built."""
    return [found for rel, html in sorted(pages.items())
            if (found := save_page_copy(html, rel=rel, folder=folder)) is not None]


@pytest.fixture
def runs(monkeypatch) -> list[set[str]]:
    """Pagefind's runs in this test: the pages each read (paths under the site)."""
    seen: list[set[str]] = []
    real = search._run_pagefind

    def counted(source, output, **kwargs):
        seen.append({p.relative_to(source).as_posix() for p in source.rglob("*.html")})
        return real(source, output, **kwargs)

    monkeypatch.setattr(search, "_run_pagefind", counted)
    return seen


def indexed_text(site: Path) -> str:
    """Everything Pagefind published, decompressed."""
    parts = []
    for path in sorted((site / "pagefind").rglob("*")):
        if path.suffix in (".pf_fragment", ".pf_index", ".pf_meta"):
            parts.append(gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace"))
    return "\n".join(parts).replace("\u200b", "")


def bundle_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted((site / "pagefind").rglob("*")) if p.is_file()}


def index(tmp_path: Path, pages: dict[str, str], name: str, **kwargs):
    """The site ``name`` of ``pages`` (written to site_dir too), indexed from their copies."""
    site = tmp_path / name
    for rel, html in pages.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(html, encoding="utf-8")
    found = copies(pages, tmp_path / f"{name}-copies")
    return site, build_index(site, pages=found, shard_bytes=SMALL, **kwargs)


# --------------------------------------------------------------------------- shards


def test_the_same_pages_go_to_the_same_shards(tmp_path):
    pages = copies(site_pages(), tmp_path / "copies")

    def assignment(shards):
        return {p.rel: shard.name for shard in shards for p in shard.pages}

    first = plan_shards(pages, shard_bytes=SMALL)
    again = plan_shards(list(reversed(pages)), shard_bytes=SMALL)
    assert assignment(first) == assignment(again)
    names = {s.name.rsplit("-", 1)[0] for s in first}
    assert names == {"zh", "en"} and len(first) > 3  # several shards, one language each
    for shard in first:
        assert {p.lang for p in shard.pages} == {shard.lang}
        assert sum(p.source.stat().st_size for p in shard.pages) < SMALL
    # a page more moves no other page while the number of shards stays the same
    more = copies({"p99/index.html": page("zh", "一")}, tmp_path / "copies")
    grown = assignment(plan_shards(pages + more, shard_bytes=SMALL))
    assert {rel: grown[rel] for rel in assignment(first)} == assignment(first)


def test_a_small_site_is_one_bundle_of_every_language(tmp_path):
    pages = copies(site_pages(4), tmp_path / "copies")
    [shard] = plan_shards(pages, shard_bytes=10_000_000)
    assert shard.name == "" and len(shard.pages) == len(pages)


# --------------------------------------------------------------------------- the cache


def test_a_changed_page_reindexes_only_its_shard(tmp_path, runs):
    cache = tmp_path / "cache"
    pages = site_pages()
    site, cold = index(tmp_path, pages, "cold", cache_dir=cache)
    assert cold.shards > 3 and cold.reused == 0 and len(runs) == cold.shards
    runs.clear()
    site, warm = index(tmp_path, pages, "warm", cache_dir=cache)
    assert warm.reused == warm.shards and runs == []  # nothing changed: nothing indexed
    assert "marker3x" in indexed_text(site)

    pages["p3/index.html"] = pages["p3/index.html"].replace("marker3x", "changed3x")
    site, changed = index(tmp_path, pages, "changed", cache_dir=cache)
    assert len(runs) == 1 and changed.reused == changed.shards - 1
    assert "p3/index.html" in runs[0]  # the run was the page's shard's
    text = indexed_text(site)
    assert "changed3x" in text and "marker3x" not in text and "marker4x" in text
    # the cache keeps what this build used, no more
    assert len([p for p in cache.iterdir() if not p.name.startswith(".")]) == changed.shards


def test_a_removed_page_leaves_the_index_even_with_a_warm_cache(tmp_path):
    """A page gone from the site (its consent withdrawn) is gone from the search too, though
    every other shard comes from the cache."""
    cache = tmp_path / "cache"
    pages = site_pages()
    site, _ = index(tmp_path, pages, "before", cache_dir=cache)
    text = indexed_text(site)
    assert "marker5x" in text and "\"/p5/\"" in text  # the positive control
    del pages["p5/index.html"]
    site, after = index(tmp_path, pages, "after", cache_dir=cache)
    assert 0 < after.reused < after.shards
    text = indexed_text(site)
    assert "marker5x" not in text and "\"/p5/\"" not in text
    assert "marker6x" in text


def test_the_cache_changes_nothing_in_the_bundles(tmp_path):
    pages = site_pages()
    cache = tmp_path / "cache"
    plain, _ = index(tmp_path, pages, "plain")
    cold, _ = index(tmp_path, pages, "cold", cache_dir=cache)
    warm, result = index(tmp_path, pages, "warm", cache_dir=cache)
    assert result.reused == result.shards
    assert bundle_files(plain) == bundle_files(cold) == bundle_files(warm)
    parts = json.loads((warm / "pagefind" / search.PARTS_FILE).read_text())
    assert sorted(parts) == ["en", "zh"] and len(parts["zh"]) > 1
    # the first shard's wasm serves the others of its language
    for names in parts.values():
        assert [bool(list((warm / "pagefind" / n).glob("wasm.*"))) for n in names] == [
            True] + [False] * (len(names) - 1)


def test_a_cache_on_another_file_system_is_copied_from(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    pages = site_pages(8)
    index(tmp_path, pages, "cold", cache_dir=cache)

    def no_link(source, target):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_link)
    site, result = index(tmp_path, pages, "warm", cache_dir=cache)
    assert result.reused == result.shards and "marker1x" in indexed_text(site)
    entry = site / "pagefind" / "pagefind-entry.json"
    assert os.stat(entry).st_nlink == 1  # a copy: the cache's file is not shared


def test_a_scanned_site_is_indexed_as_the_handed_over_copies_are(tmp_path):
    """Without pages (serve, tools), build_index reads site_dir: the same index."""
    pages = site_pages()
    handed, _ = index(tmp_path, pages, "handed")
    scanned = tmp_path / "scanned"
    shutil.copytree(handed, scanned, ignore=shutil.ignore_patterns("pagefind"))
    build_index(scanned, shard_bytes=SMALL)
    assert bundle_files(scanned) == bundle_files(handed)


# --------------------------------------------------------------------------- each text once

CUES = '<ol class="parlour-cues" data-parlour-transcript lang="{lang}"><li>{text}</li></ol>'


def test_the_fallback_transcript_is_in_the_chinese_copy_only():
    transcript = CUES.format(lang="zh", text="开水一分钱一瓶")
    zh = page_copy(page("zh", "老虎灶", transcript=transcript))
    en = page_copy(page("en", "Tiger stove", transcript=transcript))
    assert zh[0] == "zh" and "开\u200b水\u200b一" in zh[1].decode()
    assert en[0] == "en" and "开" not in en[1].decode()
    assert "Tiger stove" in en[1].decode() and "parlour-cues" not in en[1].decode()
    # a Shanghainese transcript is written in the site's Chinese: the Chinese page holds it
    wuu = CUES.format(lang="wuu", text="阿拉弄堂")
    assert "阿" not in page_copy(page("en", "x", transcript=wuu))[1].decode()
    # a transcript in no site language is the only copy: every page keeps it
    spanish = CUES.format(lang="es", text="agua caliente")
    assert "agua caliente" in page_copy(page("en", "x", transcript=spanish))[1].decode()
    assert "agua caliente" in page_copy(page("zh", "x", transcript=spanish))[1].decode()
    # in a site of English and Spanish, a Chinese transcript has no page of its own
    kept = page_copy(page("en", "x", transcript=transcript), languages=["en", "es"])
    assert "开" in kept[1].decode()
    # what follows the transcript stays
    after = page_copy(page("en", "x", transcript=transcript + "<p>Notes here</p>"))
    assert "Notes here" in after[1].decode()


def test_the_sample_english_page_leaves_the_chinese_transcript_to_the_chinese_page(built_site):
    rel = "interviews/wang-jianguo-1/index.html"
    zh_page = (built_site / rel).read_text(encoding="utf-8")
    en_page = (built_site / "en" / rel).read_text(encoding="utf-8")
    assert 'data-parlour-transcript lang="zh"' in en_page  # it shows the Chinese transcript
    zh_copy = page_copy(zh_page)[1].decode().replace("\u200b", "")
    en_copy = page_copy(en_page)[1].decode().replace("\u200b", "")
    assert "parlour-cues" in zh_copy and "parlour-cues" not in en_copy
    assert len(en_copy) < len(en_page) / 2
    assert "conductor" in en_copy.lower()  # its English text stays


def test_a_copy_leaves_out_what_the_index_ignores():
    """Lists that repeat other records' titles (data-pagefind-ignore) and the furniture
    (EXCLUDE_SELECTORS) are not in a page's copy: a title changed in such a list leaves the
    copy, and so its index part, as it was."""
    page = (
        '<html lang="zh"><body><article class="md-content__inner md-typeset" '
        'data-pagefind-body data-parlour-lang="zh"><h1>标题</h1>'
        '<div class="grid parlour-cards" data-pagefind-ignore><div><div>'
        '<a href="x/">旧名字</a></div></div></div>'
        '<p>正文<a class="headerlink" href="#a">¶</a></p>'
        '<img src="a.png" data-pagefind-ignore alt="图"><p>后记</p></article></body></html>'
    )
    lang, copy = page_copy(page, languages=["zh", "en"])
    text = copy.decode("utf-8").replace("\u200b", "")
    assert "正文" in text and "后记" in text and "标题" in text  # what is indexed stays
    assert "旧名字" not in text and "¶" not in text and "a.png" not in text
    assert page_copy(page.replace("旧名字", "新名字"), languages=["zh", "en"]) == (lang, copy)
    # positive control: the same change in indexed text changes the copy
    assert page_copy(page.replace("后记", "新后记"), languages=["zh", "en"]) != (lang, copy)
