"""Search in a real browser: Material's search box, answered by Pagefind through our worker."""

from __future__ import annotations

import re
import shutil

import pytest
from parlour.search import build_index

from tests.browser.conftest import Server

#: chen-guiying-1 mentions 老虎灶 (the hot-water shop) most often of the sample interviews
QUERY = "老虎灶"
INTERVIEW = "interviews/chen-guiying-1/"


def search(page, query: str):
    """Type ``query`` into Material's header search box; return the result links' hrefs."""
    box = page.locator("input[data-md-component=search-query]")
    box.click()  # the header's search field (on narrow screens, behind the magnifier)
    box.fill(query)
    # as an input method commits Chinese: text without key events, then a key's keyup,
    # which is what Material's search box listens to
    box.press("End")
    links = page.locator(".md-search-result__list > li > a.md-search-result__link")
    links.first.wait_for(state="visible")
    return links


def type_query(page, query: str) -> None:
    box = page.locator("input[data-md-component=search-query]")
    box.fill(query)
    box.press("End")


def wait_for_no_results(page) -> None:
    """Material says "no matching documents" (in the page's #__config translation)."""
    page.wait_for_function(
        """() => {
            const none = JSON.parse(document.getElementById('__config').textContent)
                .translations['search.result.none'];
            const meta = document.querySelector('.md-search-result__meta');
            return meta.textContent.trim() === none
                && !document.querySelector('.md-search-result__list a');
        }"""
    )


def test_search_box_finds_the_interview_and_opens_it(site_page, site_server):
    requests = []
    site_page.on("request", lambda r: requests.append(r.url))
    site_page.goto(site_server.url)
    links = search(site_page, QUERY)
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert any(INTERVIEW in href for href in hrefs), hrefs
    meta = site_page.locator(".md-search-result__meta").inner_text()
    assert re.search(r"\d", meta), meta  # Material's own "N matching results" line
    assert any("/pagefind/" in url for url in requests), "Pagefind's index was not used"
    searching = [u for u in requests if re.search(r"/pagefind/|/search/|search-worker", u)]
    assert all(u.startswith(site_server.url) for u in searching), searching  # same origin

    link = site_page.locator(f".md-search-result__list a[href*='{INTERVIEW}']").first
    assert "<mark>" in link.inner_html()  # the excerpt highlights the match
    link.click()
    # Material's instant navigation: the address changes first, then the content
    site_page.wait_for_function(
        """() => location.pathname.endsWith('/chen-guiying-1/')
            && document.querySelector('article.md-content__inner h1')
                .textContent.includes('老虎灶的火')"""
    )


def test_enter_opens_the_best_result(site_page, site_server):
    site_page.goto(site_server.url + "about/")
    search(site_page, QUERY)
    site_page.keyboard.press("Enter")
    site_page.wait_for_function("() => !location.pathname.startsWith('/about/')")


def test_english_page_searches_the_english_index(page, site_server):
    page.goto(site_server.url + "en/interviews/wang-jianguo-1/")
    links = search(page, "conductor")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert any("/en/interviews/wang-jianguo-1/" in h for h in hrefs), hrefs
    assert all("/en/" in h for h in hrefs), hrefs
    # a word of no page's is found nowhere (and a Latin query opens no Chinese index)
    type_query(page, "zxqvjw")
    wait_for_no_results(page)


def test_a_han_query_on_an_english_page_finds_the_chinese_pages(page, site_server):
    """An English page showing a Chinese transcript leaves it out of its index copy (the
    Chinese page holds it): a Han query on an English page also searches the Chinese
    index, so the interview is found there."""
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_server.url + "en/")
    links = search(page, QUERY)
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert any(h.endswith(INTERVIEW) and "/en/" not in h for h in hrefs), hrefs
    opened = {m.group(1) for u in requests if (m := re.search(r"/pagefind\.([a-z-]+)_", u))}
    assert opened == {"en", "zh"}, opened
    # the English index has Han characters apart; its excerpts read as written
    english = [links.nth(i).inner_text() for i in range(links.count())
               if "/en/" in (links.nth(i).get_attribute("href") or "")]
    han = "\u3400-\u9fff"
    assert any(re.search(f"[{han}]", t) for t in english), english  # positive control
    assert not [t for t in english if re.search(f"[{han}] +[{han}]", t)], english


def test_chinese_page_searches_the_chinese_index(page, site_server):
    page.goto(site_server.url + "interviews/")
    links = search(page, "讲述者")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs and not any("/en/" in h for h in hrefs), hrefs
    type_query(page, "Chapters")
    wait_for_no_results(page)


def test_every_place_name_finds_its_place(page, site_server):
    """Pagefind segments Chinese with its own dictionary, which does not know the archive's
    names (jieba cut 虹镇老街 into 虹/镇/老街): each place's names still find its page."""
    from parlour.archive import Archive, tr
    from parlour.archive.loader import load_archive

    from .conftest import REPO

    sample = Archive(load_archive(REPO), audience="public")
    names = {
        tr(n.name, "zh"): entry.id for entry in sample.entries("places") for n in entry.record.names
    }
    page.goto(site_server.url)
    # through our worker itself, in Material's message protocol
    found = page.evaluate(
        """async names => {
            const worker = new Worker('assets/parlour/search-worker.js?lang=zh');
            const next = () => new Promise(ok => worker.addEventListener(
                'message', ev => ok(ev.data), {once: true}));
            worker.postMessage({type: 0, data: {config: {}, docs: []}});
            await next();  // READY
            const out = {};
            for (const name of names) {
                worker.postMessage({type: 2, data: name});
                const result = await next();
                out[name] = result.data.items.map(group => new URL(group[0].location).pathname);
            }
            return out;
        }""",
        sorted(names),
    )
    missing = {n: urls for n, urls in found.items() if f"/places/{names[n]}/" not in urls}
    assert not missing, missing


@pytest.fixture(scope="module")
def split_site(built_site, tmp_path_factory):
    """The sample site indexed as a large one is: in parts, one language each."""
    root = tmp_path_factory.mktemp("split") / "site"
    shutil.copytree(built_site, root, ignore=shutil.ignore_patterns("pagefind"))
    assert build_index(root, shard_bytes=200_000).shards > 2
    with Server(root) as server:
        yield server


@pytest.mark.parametrize(("home", "query", "found"), [
    ("", QUERY, "/interviews/chen-guiying-1/"),
    ("en/", "conductor", "/en/interviews/wang-jianguo-1/"),
])
def test_a_split_index_is_searched_whole(page, split_site, home, query, found):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(split_site.url + home)
    links = search(page, query)
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert any(found in h for h in hrefs), hrefs
    assert all(("/en/" in h) == bool(home) for h in hrefs), hrefs
    # the page's language's parts were merged, the other language's never opened
    other = "en" if not home else "zh"
    assert not any(f"/pagefind/{other}-" in url for url in requests)
    assert sum("pagefind-entry.json" in url for url in requests) > 1
