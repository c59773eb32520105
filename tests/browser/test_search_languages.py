"""Search in Simplified and Traditional Chinese (issue 15): a site in [zh, zh-Hant] finds, for
30 words drawn from its pages, every page of the page's language that holds the word as
written (substring ground truth from the built pages' indexed text), typed into the search
box in chromium."""

from __future__ import annotations

import random
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from parlour.search import EXCLUDE_SELECTORS, HAN

from tests.sample import build, write_files

from .conftest import Server
from .test_search import type_query

#: results our worker draws per query (assets/parlour/search-worker.js, MAX_RESULTS)
MAX_RESULTS = 10
WORDS = 30
CONFIG = """\
site_name: 青桐里 · 过去与现在
site_url: https://qingtong-li.example.org/
docs_dir: docs
theme:
  name: material
  language: zh
  font: false
plugins:
  - search
  - parlour:
      languages: [zh, zh-Hant]
      site_name_translations:
        zh-Hant: 青桐里 · 過去與現在
markdown_extensions: [admonition, attr_list, md_in_html, tables, {toc: {permalink: true}}]
nav:
  - 首页: index.md
  - 关于: about.md
  - 参与: contribute.md
"""
#: hand-written pages, each language in its own script and wording
PAGES = {
    "docs/index.md": """\
        # 青桐里

        青桐里是一条石库门弄堂。弄口有一家老虎灶，清早排队打开水的人一直排到过街楼下。

        会客厅收集邻居们的录音、照片和旧物件，欢迎来坐坐。
        """,
    "docs/about.md": """\
        # 关于

        这个档案由居委会和志愿者一起整理。每一段录音都经过讲述者本人同意才公开。

        弄堂里的老邻居说，亭子间冬冷夏热，晒台上晾满了被单。
        """,
    "docs/contribute.md": """\
        # 参与

        您可以带来老照片、票证、信件，也可以坐下来讲一段故事。志愿者会帮您录音和扫描。

        每周六下午会客厅开门，门口的黑板上写着当天的活动。
        """,
    "docs/zh-Hant/index.md": """\
        # 青桐里

        青桐里是一條石庫門弄堂。弄口有一家老虎灶，清早排隊打開水的人一直排到過街樓下。

        會客廳蒐集鄰居們的錄音、相片和舊物件，歡迎來坐坐。
        """,
    "docs/zh-Hant/about.md": """\
        # 關於

        這個檔案由居委會和志工一起整理。每一段錄音都經過講述者本人同意才公開。

        弄堂裡的老鄰居說，亭子間冬冷夏熱，曬臺上晾滿了被單。
        """,
    "docs/zh-Hant/contribute.md": """\
        # 參與

        您可以帶來老相片、票證、信件，也可以坐下來講一段故事。志工會幫您錄音和掃描資料。

        每週六下午會客廳開門，門口的黑板上寫著當天的活動。
        """,
}
#: records in plain strings: the default language's (zh), shown on both languages' pages (no
#: themes: a theme's names must have an en: today)
RECORDS = {
    "stories/places/tiger-stove.yml": """\
        names:
          - name: 陈记老虎灶
            from: 1932~
        description: >-
          弄口过街楼下的一间门面，一口大灶，灶膛朝外像老虎张嘴，烟囱像老虎尾巴。
        location: {lat: 31.271, lon: 121.502}
        """,
    "stories/places/qingtong-lane.yml": """\
        names:
          - name: 青桐里
            from: 1926~
        description: >-
          一条总弄、五条支弄，弄口两棵梧桐树。最早的住户多是小商人和纺织厂的工人。
        location: {lat: 31.272, lon: 121.503}
        """,
    "stories/events/lane-built.yml": """\
        date: 1926~
        title: 青桐里落成
        place: qingtong-lane
        summary: >-
          营造商在青桐路北侧的空地上建起石库门弄堂，弄口种下两棵梧桐树。
        """,
    "stories/events/stove-closes.yml": """\
        date: 1994
        title: 老虎灶停火
        place: tiger-stove
        summary: >-
          家家户户装了煤气热水器，老虎灶的最后一炉火在冬至那天熄灭。
        """,
}
#: what a page's body holds that is not searched: what search.py has Pagefind exclude, what
#: the pages mark data-pagefind-ignore (the "only in Chinese" notes, the language links),
#: forms (the list pages' filters: Pagefind leaves forms out, their words are the interface's)
#: and what is not shown
NOT_INDEXED = ", ".join((*EXCLUDE_SELECTORS, "[data-pagefind-ignore]", "form", "[hidden]"))
#: the indexed text of a page: its marked body, less what is not indexed
INDEXED_TEXT = """sel => {
    const body = document.querySelector('[data-pagefind-body]');
    if (!body) return null;
    const copy = body.cloneNode(true);
    copy.querySelectorAll(sel).forEach(el => el.remove());
    return copy.textContent;
}"""
LINKS = "'.md-search-result__list > li > a.md-search-result__link'"
WAIT_FOR_RESULTS = f"n => document.querySelectorAll({LINKS}).length >= n"
#: the pages the search results link to, as paths from the site root
RESULT_PATHS = f"""() => [...document.querySelectorAll({LINKS})]
    .map(a => new URL(a.href).pathname)"""
_HAN_RUN = re.compile(f"[{HAN}]+")


@pytest.fixture(scope="module")
def chinese_site(tmp_path_factory):
    """The small archive built once, with its Pagefind index, and served."""
    root = write_files(tmp_path_factory.mktemp("zh-zh-Hant"), {
        "mkdocs.yml": CONFIG, **PAGES, **RECORDS,
    })
    site = root / "site"
    result = build(root, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "zh-Hant" / "index.html").is_file()
    with Server(site) as server:
        yield site, server


@pytest.fixture(scope="module")
def indexed(chinese_site, browser):
    """Each built page's indexed text, by language (the page's <html lang>) and path."""
    site, server = chinese_site
    context = browser.new_context()
    page = context.new_page()
    texts: dict[str, dict[str, str]] = {}
    try:
        for path in sorted(site.rglob("index.html")):
            rel = path.parent.relative_to(site).as_posix()
            if rel.split("/")[0] in ("pagefind", "assets", "search"):
                continue
            url = "/" + (rel + "/" if rel != "." else "")
            page.goto(server.url + url.lstrip("/"))
            text = page.evaluate(INDEXED_TEXT, NOT_INDEXED)
            if text is not None:
                lang = page.evaluate("() => document.documentElement.lang")
                texts.setdefault(lang, {})[url] = text
    finally:
        context.close()
    assert set(texts) == {"zh", "zh-Hant"}, sorted(texts)
    return texts


def draw_words(texts: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    """30 (language, word) pairs: 2-4 Han characters from a run of Han text on a page, half
    from each language's pages, chosen by a seeded generator (the same words every run).
    A word must be on at most MAX_RESULTS pages of its language: the worker lists no more."""
    rng = random.Random(15)
    words: list[tuple[str, str]] = []
    for lang in ("zh", "zh-Hant"):
        pages = texts[lang]
        runs = sorted({r for text in pages.values() for r in _HAN_RUN.findall(text) if len(r) > 1})
        chosen: set[str] = set()
        while len(chosen) < WORDS // 2:
            run = rng.choice(runs)
            size = rng.randint(2, min(4, len(run)))
            start = rng.randint(0, len(run) - size)
            word = run[start:start + size]
            if sum(word in text for text in pages.values()) <= MAX_RESULTS:
                chosen.add(word)
        words += [(lang, w) for w in sorted(chosen)]
    return words


def test_the_words_are_drawn_from_both_scripts(indexed):
    words = draw_words(indexed)
    assert len(words) == WORDS
    traditional = {w for lang, w in words if lang == "zh-Hant"}
    # a positive control that the Traditional pages are Traditional: some drawn word is
    # written in characters the Simplified pages do not use
    simplified_text = "".join(indexed["zh"].values())
    assert any(ch not in simplified_text for w in traditional for ch in w), traditional


def test_the_search_box_finds_every_page_holding_each_word(site_page_for, indexed):
    page, server = site_page_for
    words = draw_words(indexed)
    homes = {"zh": "", "zh-Hant": "zh-Hant/"}
    missed = {}
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    for lang, word in words:
        page.goto(server.url + homes[lang])
        assert page.evaluate("() => document.documentElement.lang") == lang
        expected = {url for url, text in indexed[lang].items() if word in text}
        assert expected, word  # drawn from a page: at least that one holds it
        page.locator("input[data-md-component=search-query]").click()
        type_query(page, word)
        try:  # until the list holds as many results as there are pages to find
            page.wait_for_function(WAIT_FOR_RESULTS, arg=min(len(expected), MAX_RESULTS),
                                   timeout=5_000)
        except PlaywrightTimeout:
            pass  # fewer: the pages not listed are reported below
        found = set(page.evaluate(RESULT_PATHS))
        if not expected <= found:
            missed[(lang, word)] = sorted(expected - found)
        # the page's own language's index answered: no page of the other language
        other = set(indexed["zh" if lang == "zh-Hant" else "zh-Hant"])
        assert not found & other, (lang, word, sorted(found & other))
    assert not missed, missed
    # each language's own index was opened (Pagefind names it by the lower-cased tag)
    opened = {m.group(1) for u in requests if (m := re.search(r"/pagefind\.([a-z-]+)_", u))}
    assert opened == {"zh", "zh-hant"}, opened


@pytest.fixture
def site_page_for(page, chinese_site):
    return page, chinese_site[1]
