"""Search by Pagefind: the build makes a sharded index per language, not Material's one file;
pages are wired to our worker; what consent hides is not in the index; failures are clear."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from parlour.search import (
    SearchError,
    build_index,
    index_copy,
    index_language,
    mark_page,
    page_lang,
    worker_url,
)

from tests import test_serve

ROOT = Path(__file__).resolve().parent.parent
CONSENT = ROOT / "tests" / "fixtures" / "consent"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

PAGE = """<!doctype html>
<html lang="{lang}" class="no-js">
<head><title>t</title></head>
<body>
<script id="__config" type="application/json">{{"base":"../..","search":"../../assets/javascripts/workers/search.a7633da7.min.js","translations":{{}}}}</script>
<article class="md-content__inner md-typeset"><h1>Title</h1><p>text</p></article>
</body></html>
"""


def build(config: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True, text=True, env=ENV, cwd=config.parent, check=False,
    )


def pagefind_texts(site: Path) -> str:
    """Everything Pagefind published, decompressed (fragments are gzipped JSON, index chunks
    gzipped binary holding the words)."""
    parts = []
    for path in sorted((site / "pagefind").rglob("*")):
        if path.suffix in (".pf_fragment", ".pf_index", ".pf_meta"):
            data = gzip.decompress(path.read_bytes())
            parts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(parts).replace("\u200b", "")  # Han characters are indexed apart


# --------------------------------------------------------------------------- page wiring


def test_the_page_language_picks_the_worker_and_index():
    assert page_lang(PAGE.format(lang="en")) == "en"
    assert page_lang(PAGE.format(lang="zh-Hans")) == "zh-hans"
    assert page_lang("<html><body></body></html>") == "unknown"
    assert worker_url("../..", "en") == "../../assets/parlour/search-worker.js?lang=en"
    assert worker_url(".", "zh") == "./assets/parlour/search-worker.js?lang=zh"


def test_mark_page_wires_worker_body_and_title():
    out = mark_page(PAGE.format(lang="en"), title='Tea & "cake", <b>')
    config = json.loads(out.split('type="application/json">')[1].split("</script>")[0])
    assert config["search"] == "../../assets/parlour/search-worker.js?lang=en"
    assert config["base"] == "../.." and config["translations"] == {}
    assert 'data-pagefind-body data-parlour-lang="en"' in out
    assert 'data-pagefind-meta="title[data-parlour-title]"' in out
    assert 'data-parlour-title="Tea &amp; &quot;cake&quot;, &lt;b&gt;"' in out


def test_index_copy_puts_han_characters_apart_in_text_only():
    page = mark_page(PAGE.format(lang="zh"), title="老虎灶").replace(
        "<p>text</p>", '<p>老虎灶 tea <a title="竹筹">竹筹</a></p>'
    )
    copy = index_copy(page)
    assert '<html lang="zh">' in copy
    assert "老\u200b虎\u200b灶 tea" in copy and ">竹\u200b筹<" in copy
    assert 'title="竹筹"' in copy and 'data-parlour-title="老虎灶"' in copy  # attributes kept
    assert "__config" not in copy  # the body only
    assert index_copy(PAGE.format(lang="zh")) is None  # no body marked: not indexed


def test_chinese_of_any_tag_is_indexed_as_chinese():
    """Pagefind segments only tags starting zh (ja, th): Cantonese or Mandarin by their own
    codes would be cut at white space, where Chinese has none, and found by nothing."""
    assert [index_language(t) for t in ("zh", "zh-Hant", "zh-TW", "en", "ar")] == [
        "zh", "zh-hant", "zh-tw", "en", "ar"]
    assert index_language("yue") == "zh-yue" and index_language("cmn-Hant") == "zh-cmn-hant"
    page = mark_page(PAGE.format(lang="yue"), title="x").replace("<p>text</p>", "<p>老虎灶</p>")
    assert "search-worker.js?lang=zh-yue" in page  # the worker opens that index
    copy = index_copy(page)
    assert '<html lang="zh-yue">' in copy and "老\u200b虎\u200b灶" in copy


def test_the_page_language_given_wins_over_materials_html_lang():
    """Material writes <html lang="en"> on a page in a language it has no words for (yue):
    the plugin gives the page's own language, so it is not indexed with the English pages."""
    page = mark_page(PAGE.format(lang="en"), title="x", lang="yue").replace(
        "<p>text</p>", "<p>老虎灶</p>")
    assert "search-worker.js?lang=zh-yue" in page
    copy = index_copy(page)
    assert '<html lang="zh-yue">' in copy and "老\u200b虎\u200b灶" in copy


def test_han_text_in_a_language_cut_at_white_space_is_cut_around_each_character():
    page = mark_page(PAGE.format(lang="en"), title="x").replace(
        "<p>text</p>", '<p>Wutong Li (梧桐里)，a lane 里弄，一九〇〇年「人人」</p>')
    copy = index_copy(page)
    words = " ".join(copy.split())  # how many spaces is no matter to Pagefind
    assert "Wutong Li ( 梧 桐 里 ) a lane 里 弄 一 九 〇 〇 年 人 人 </p>" in words, copy


def test_mark_page_can_leave_a_page_out_of_the_index():
    out = mark_page(PAGE.format(lang="zh"), title="x", index=False)
    assert "data-pagefind-body" not in out
    assert "search-worker.js?lang=zh" in out  # it still searches


def test_missing_pagefind_is_a_clear_error(tmp_path, monkeypatch):
    from parlour import search

    def missing():
        raise SearchError("Pagefind (extended) is not installed; ... pip install 'pagefind")

    monkeypatch.setattr(search, "find_pagefind", missing)
    with pytest.raises(SearchError, match="pip install"):
        build_index(tmp_path)


def test_a_failing_pagefind_says_what_it_said(tmp_path):
    with pytest.raises(SearchError, match="no page .* has a body to index"):
        build_index(tmp_path)  # no HTML at all
    (tmp_path / "index.html").write_text(
        mark_page(PAGE.format(lang="zh"), title="t"), encoding="utf-8"
    )
    fake = tmp_path / "fake-pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: something Pagefind said' >&2\nexit 3\n")
    fake.chmod(0o755)
    with pytest.raises(SearchError, match="exit status 3(.|\n)*something Pagefind said"):
        build_index(tmp_path, binary=fake)


def test_an_unrunnable_binary_names_what_to_install(tmp_path):
    (tmp_path / "index.html").write_text(
        mark_page(PAGE.format(lang="zh"), title="t"), encoding="utf-8"
    )
    with pytest.raises(SearchError, match="pip install 'pagefind"):
        build_index(tmp_path, binary=tmp_path / "no-such-pagefind")


# --------------------------------------------------------------------------- whole builds


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("search") / "site"
    result = build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


def test_build_makes_a_pagefind_index_and_no_big_search_index(sample_site):
    entry = json.loads((sample_site / "pagefind" / "pagefind-entry.json").read_text())
    assert sorted(entry["languages"]) == ["en", "zh"]  # an index per language
    assert (sample_site / "pagefind" / "pagefind.js").is_file()
    assert list((sample_site / "pagefind" / "index").glob("*.pf_index"))
    assert list((sample_site / "pagefind" / "fragment").glob("*.pf_fragment"))
    # Material's index is left with its config only: no page text, whatever the archive size
    material = json.loads((sample_site / "search" / "search_index.json").read_text())
    assert material["docs"] == []
    assert (sample_site / "search" / "search_index.json").stat().st_size < 2_000
    assert (sample_site / "assets" / "parlour" / "search-worker.js").is_file()
    assert not (sample_site / "pagefind" / "pagefind-ui.js").exists()  # Material draws the UI


def test_index_holds_page_bodies_with_titles_not_furniture(sample_site):
    texts = pagefind_texts(sample_site)
    assert "老虎灶的火：陈阿婆谈开水站六十年" in texts  # the interview's title, as meta
    assert "一分钱一瓶开水" in texts  # a chapter of it
    fragment = next(
        json.loads(gzip.decompress(p.read_bytes())[12:].decode().replace("\u200b", ""))
        for p in (sample_site / "pagefind" / "fragment").glob("*.pf_fragment")
        if '"url":"/interviews/chen-guiying-1/"'
        in gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
    )
    assert fragment["meta"]["title"] == "老虎灶的火：陈阿婆谈开水站六十年"
    assert "编辑此页" not in fragment["content"]  # the edit button
    assert "引用本页" not in fragment["content"]  # the citation
    assert "00:24" not in fragment["content"]  # chapter timestamps


def test_every_page_talks_to_our_worker(sample_site):
    for rel in ("index.html", "interviews/chen-guiying-1/index.html", "404.html"):
        text = (sample_site / rel).read_text(encoding="utf-8")
        assert "assets/parlour/search-worker.js?lang=zh" in text, rel
        assert "workers/search." not in text, rel


def test_consent_hidden_material_is_not_in_the_public_index(tmp_path):
    """Pagefind reads the built pages, which hold only what the audience may see; check the
    published index files themselves, decompressed."""
    archive = tmp_path / "archive"
    import shutil

    shutil.copytree(CONSENT, archive, ignore=shutil.ignore_patterns("site", ".cache"))
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(archive / "mkdocs.yml"), "-d", str(site)],
        capture_output=True, text=True, env=ENV, cwd=archive, check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    texts = pagefind_texts(site).lower()
    assert "mark-public-docs" in texts and "mark-public-ok" in texts  # the scan sees the index
    for marker in ("mark-community", "mark-private", "mark-withdrawn", "mark-embargo"):
        assert marker not in texts, marker


# --------------------------------------------------------------------------- serve


def test_serve_indexes_in_the_background_after_each_rebuild(archive_copy, server):
    """The page is served without waiting for Pagefind; the index follows, and follows edits."""
    _get, _poll = test_serve._get, test_serve._poll
    base, log, proc = server

    def log_text() -> str:
        return log.read_text(encoding="utf-8", errors="replace")

    _poll(lambda: _get(f"{base}/pagefind/pagefind-entry.json")[0] == 200,
          what="the Pagefind index served", proc=proc, log=log)
    _poll(lambda: "Search index updated" in log_text(), what="the indexing log line",
          proc=proc, log=log)
    mark = len(log_text())
    test_serve._set_title(archive_copy, "标记serve")
    _poll(lambda: "Search index updated" in log_text()[mark:],
          what="the index updated after an edit", proc=proc, log=log)
    assert "Traceback" not in log_text(), log_text()
    status, body = _get(f"{base}/objects/coin-phone/")
    assert status == 200 and "search-worker.js?lang=zh" in body


# mkdocs serve of a copy of the sample archive, as tests/test_serve.py runs it
archive_copy = test_serve.archive_copy
server = test_serve.server


def test_search_false_leaves_materials_own_search(tmp_path):
    """`search: false`: no Pagefind, Material's worker and its index of every page."""
    import shutil

    archive = tmp_path / "archive"
    shutil.copytree(CONSENT, archive, ignore=shutil.ignore_patterns("site", ".cache"))
    config = archive / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - parlour\n" in text
    config.write_text(text.replace("  - parlour\n", "  - parlour:\n      search: false\n"))
    site = tmp_path / "site"
    for _ in range(2):  # the second build as the first: nothing kept leaves a page empty
        result = build(config, site)
        assert result.returncode == 0, result.stderr[-4000:]
        assert not (site / "pagefind").exists()
        docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
        # Material indexes the generated pages' text, which it reads before Parlour's hooks
        generated = [d for d in docs if d["location"].startswith("interviews/")
                     and d["location"] != "interviews/" and "#" not in d["location"]]
        assert generated and all(d["text"] for d in generated), generated[:3]
    assert "workers/search." in (site / "index.html").read_text(encoding="utf-8")


def test_a_large_site_is_indexed_in_parts_by_language(sample_site, tmp_path):
    """Pagefind holds a whole index in memory: a large site is indexed in parts, each part
    of one language, named in parlour-parts.json for the worker to merge."""
    site = tmp_path / "site"
    shutil.copytree(sample_site, site, ignore=shutil.ignore_patterns("pagefind"))
    result = build_index(site, shard_bytes=200_000)
    parts = json.loads((site / "pagefind" / "parlour-parts.json").read_text())
    assert sorted(parts) == ["en", "zh"] and len(parts["zh"]) > 1 and result.shards > 2
    for lang, names in parts.items():
        for i, name in enumerate(names):
            entry = json.loads((site / "pagefind" / name / "pagefind-entry.json").read_text())
            assert list(entry["languages"]) == [lang]  # a part holds one language only
            wasm = list((site / "pagefind" / name).glob("wasm.*.pagefind"))
            assert bool(wasm) == (i == 0)  # the first part's wasm serves the others
    # every page is in exactly one part
    urls = []
    for fragment in (site / "pagefind").rglob("*.pf_fragment"):
        urls.append(json.loads(gzip.decompress(fragment.read_bytes())[12:].decode())["url"])
    assert len(urls) == len(set(urls))
    assert "/interviews/chen-guiying-1/" in urls and "/en/interviews/chen-guiying-1/" in urls


def test_a_small_site_is_one_bundle(sample_site):
    assert json.loads((sample_site / "pagefind" / "parlour-parts.json").read_text()) == {}
