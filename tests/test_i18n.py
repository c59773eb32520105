"""The site in Chinese and English: every page in both, the switch between them, and the
interface words, navigation and "Chinese only" notes of each language."""

from __future__ import annotations

import datetime
import posixpath
import re
from pathlib import Path

import pytest

from parlour.archive import Archive
from parlour.i18n import split
from parlour.archive.loader import load_archive
from parlour.pages import generate_pages
from tests.test_build import ROOT, mkdocs_build

TODAY = datetime.date(2026, 11, 23)
#: One page of each type, as in the default language.
PAGE_TYPES = [
    "index.html", "about/index.html", "contribute/index.html", "timeline/index.html",
    "interviews/index.html", "interviews/wang-jianguo-1/index.html", "objects/index.html",
    "objects/coin-phone/index.html", "places/index.html", "wishes/index.html",
    "exhibits/index.html", "exhibits/wutong-then-and-now/index.html", "themes/index.html",
    "people/index.html", "data/index.html",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("i18n") / "site"
    result = mkdocs_build(ROOT / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    return out


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def visible(html: str) -> str:
    """The text of a page's main content, roughly as a reader sees it."""
    main = html[html.index('data-md-component="content"'):]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_every_page_of_the_default_language_exists_in_english(site):
    pages = [
        p.relative_to(site).as_posix() for p in site.rglob("index.html")
        if not p.relative_to(site).as_posix().startswith(("en/", "assets/", "media/", "search/"))
    ]
    assert len(pages) > 40
    missing = [p for p in pages if not (site / "en" / p).is_file()]
    assert missing == []
    for path in PAGE_TYPES:
        assert (site / "en" / path).is_file(), path


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_each_language_has_its_interface_and_a_link_to_the_other(site, path):
    zh, en = read(site, path), read(site, f"en/{path}")
    assert re.search(r'<html lang="zh"', zh) and re.search(r'<html lang="en"', en)
    # Material's own words follow the page's language
    assert 'placeholder="搜索"' in zh and 'placeholder="Search"' in en
    assert "<title>" in en and "Wutong Li · Past and Present</title>" in en
    assert "梧桐里 · 过去与现在</title>" in zh
    # a plain link to the same page in the other language, and the header's menu
    depth = path.count("/")
    back = "../" * (depth + 1) + path.removesuffix("index.html")
    assert f'<a href="{back or "./"}" hreflang="zh" lang="zh" class="parlour-lang-link">中文</a>' \
        in en.replace('href="../"', 'href="../"')
    assert re.search(r'<a href="[^"]*en/' + re.escape(path.removesuffix("index.html"))
                     + r'" hreflang="en" lang="en" class="parlour-lang-link">English</a>', zh)
    assert 'class="md-select__link"' in zh and 'class="md-select__link"' in en


def test_english_navigation_leads_to_english_pages(site):
    html = read(site, "en/interviews/wang-jianguo-1/index.html")
    nav = html[html.index('md-nav--primary'):html.index('md-nav--secondary')]
    titles = [re.sub(r"\s+", " ", t).strip() for t in re.findall(
        r'<span class="md-ellipsis">(.*?)</span>', nav, flags=re.S)]
    for word in ("Home", "Timeline", "Interviews", "Objects", "Wish wall", "Contribute"):
        assert word in titles, titles
    assert not any(re.search(r"[\u4e00-\u9fff]", t) for t in titles if t != "梧桐里 · 过去与现在")
    # links inside the English nav stay in English
    hrefs = [h for h in re.findall(r'href="([^"#]+)"', nav) if "://" not in h]
    assert hrefs
    targets = {posixpath.normpath(posixpath.join("en/interviews/wang-jianguo-1/", h)) for h in hrefs}
    assert all(t == "en" or t.startswith("en/") for t in targets), targets
    zh = read(site, "interviews/wang-jianguo-1/index.html")
    assert "时间线" in zh[zh.index('md-nav--primary'):]


def test_english_record_pages_say_their_facts_in_english(site):
    en = visible(read(site, "en/interviews/wang-jianguo-1/index.html"))
    for word in ("Narrator", "Interviewed by", "Summary", "Chapters", "Transcript", "Related",
                 "Cite this", "Interview"):
        assert word in en, word
    for word in ("讲述者", "内容提要", "章节", "引用本页"):  # "文字稿" is in the notes
        assert word not in en, word
    zh = visible(read(site, "interviews/wang-jianguo-1/index.html"))
    for word in ("讲述者", "内容提要", "章节", "文字稿", "引用本页"):
        assert word in zh, word
    assert "Narrator" not in zh and "Interviewed by" not in zh
    # the recording's language, named as the catalog names a spoken language
    assert "Mandarin" in en and "普通话" in zh and "lang.zh" not in en + zh


def test_untranslated_text_is_marked_chinese_only(site):
    # the transcript and the object's story are written in Chinese only
    interview = read(site, "en/interviews/wang-jianguo-1/index.html")
    obj = read(site, "en/objects/coin-phone/index.html")
    for html in (interview, obj):
        # in the page's language, naming the text's (CLDR's name for it)
        assert re.search(r'<p class="parlour-only" lang="en" data-pagefind-ignore(="")?>'
                         r"Only in Chinese</p>", html)
    story = obj[obj.index("parlour-only"):]
    assert '<div lang="zh">' in story
    # a page in Chinese never says so
    assert "parlour-only" not in read(site, "objects/coin-phone/index.html")


def test_switching_keeps_the_record_for_every_generated_record_page(site):
    for page in (site / "en" / "interviews").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        record = page.parent.name
        assert f'href="../../../interviews/{record}/" hreflang="zh"' in html, record


def test_generated_pages_in_english_mirror_the_chinese_ones():
    archive = Archive(load_archive(ROOT), audience="public", today=TODAY)
    zh = {p.src_uri for p in generate_pages(archive, lang="zh")}
    en = {p.src_uri for p in generate_pages(archive, lang="en")}
    assert en == {f"en/{uri}" for uri in zh}
    assert {split(uri) for uri in en} == {("en", uri) for uri in zh}


def test_sitemap_names_each_page_in_both_languages(site):
    sitemap = read(site, "sitemap.xml")
    entry = re.search(
        r"<loc>https://wutong-li.example.org/en/objects/coin-phone/</loc>(.*?)</url>", sitemap,
        flags=re.S,
    )
    assert entry, "the English page is in the sitemap"
    assert ('hreflang="zh" href="https://wutong-li.example.org/objects/coin-phone/"'
            in entry.group(1))
    assert sitemap.count("<loc>") == sitemap.count('hreflang="en"')


def test_html_lang_is_the_configured_tag_not_materials_interface_language(tmp_path):
    """Material has no Cantonese interface: yue pages borrow its English buttons, and said
    lang="en"; zh-HK pages borrow zh-Hant's. The page's own tag goes on <html lang>."""
    from tests.sample import build, copy_sample  # noqa: PLC0415

    root = copy_sample(tmp_path / "archive")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    # zh and en stay among its languages: the sample's texts are written in them
    config.write_text(text.replace("  - parlour:\n",
                                   "  - parlour:\n      languages: [zh-HK, yue, zh, en]\n"),
                      encoding="utf-8")
    site = tmp_path / "site"
    build(root, site)
    assert '<html lang="zh-HK"' in (site / "timeline" / "index.html").read_text(encoding="utf-8")
    yue = (site / "yue" / "timeline" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="yue"' in yue
    assert "時間線" in (site / "timeline" / "index.html").read_text(encoding="utf-8")
