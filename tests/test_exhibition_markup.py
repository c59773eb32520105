"""The markup the redesign's styles and scripts read, written by the page templates (issue 13):
era badges, the timeline's "today" line, the exhibition's withheld sections, the interview's
play button, interview cards with sound, the then-and-now slider, people as portrait cards.
Without a build: pages rendered from the sample archive as test_pages.py does."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from markupsafe import escape

from parlour.archive import Archive
from parlour.archive.eras import era_of
from parlour.archive.media import Published
from parlour.pages import generate_pages
from parlour.templating import Renderer

ROOT = Path(__file__).resolve().parent.parent
TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(scope="module")
def loaded(sample_loaded):
    return sample_loaded


@pytest.fixture(scope="module")
def archive(loaded):
    return Archive(loaded, audience="public", today=TODAY)


@pytest.fixture(scope="module")
def pages_by_uri(archive):
    return {p.src_uri: p for p in generate_pages(archive)}


@pytest.fixture(scope="module")
def html(archive):
    renderer = Renderer()
    out = {}
    for lang in ("zh", "en"):
        for page in generate_pages(archive, lang=lang):
            out[page.src_uri] = page.render(renderer)
    return out


def card(page: str, href: str) -> str:
    """The card whose title links to ``href`` (its opening tag to its end)."""
    for block in page.split('<div class="card parlour-card')[1:]:
        if f'href="{href}"' in block.split("</div>")[0]:
            return block.split("</div>")[0]
    raise AssertionError(f"no card links to {href}")


# ---------------------------------------------------------------------- 1. eras


def test_an_interview_is_of_the_time_it_tells_of_not_when_it_was_recorded(archive):
    # recorded in 2025 (the present); covers: 195X/199X (the past)
    chen = archive.get("interviews", "chen-guiying-1")
    assert chen.record.date.startswith("2025") and chen.record.covers == "195X/199X"
    assert era_of(archive, chen) == "past"


def test_without_covers_the_linked_events_decide(archive):
    # wang-jianguo-1 has no covers: its events run from 1958 to the lift (the present)
    wang = archive.get("interviews", "wang-jianguo-1")
    assert wang.record.covers is None
    assert era_of(archive, wang) == "present"
    # the postman's events (the lane renamed, 1966/1979; coin phones, 1992) are the past
    assert era_of(archive, archive.get("interviews", "retired-postman-1")) == "past"


def test_panels_and_pages_agree_on_an_interview_s_era(archive):
    from parlour.panels.content import Builder  # noqa: PLC0415 - WeasyPrint-free, but large

    content = Builder(archive, langs=["zh", "en"], site_url="https://example.org/")
    chen = archive.get("interviews", "chen-guiying-1")
    assert content.era_of(chen) == era_of(archive, chen) == "past"


def test_cards_wear_their_era_badge_in_the_page_language(html):
    zh = card(html["interviews/index.md"], "chen-guiying-1/")
    assert 'data-era="past"' in zh
    assert '<span class="parlour-era" data-era="past">过去</span>' in zh
    en = card(html["en/interviews/index.md"], "chen-guiying-1/")
    assert '<span class="parlour-era" data-era="past">Past</span>' in en
    present = card(html["interviews/index.md"], "wang-jianguo-1/")
    assert '<span class="parlour-era" data-era="present">现在</span>' in present


# ---------------------------------------------------------------------- 2. the timeline's now


@pytest.mark.parametrize(("uri", "word"), [("timeline/index.md", "今天"),
                                           ("en/timeline/index.md", "Today")])
def test_the_timeline_draws_today_between_the_present_and_the_future(html, uri, word):
    page = html[uri]
    now = page.index(f'<p class="parlour-now" role="separator">{word}</p>')
    present = page.index('<ol class="parlour-timeline" data-era="present">')
    future = page.index('<h2 id="future"')
    assert present < now < future
    assert page.count('class="parlour-now"') == 1


# ---------------------------------------------------------------------- 3. the exhibition


def panel(page: str, panel_id: str) -> str:
    start = page.index(f'<section id="{panel_id}"')
    return page[start:page.index("</section>", start)]


def test_exhibition_panels_carry_their_section_s_era(html):
    page = html["exhibits/wutong-then-and-now.md"]
    assert 'data-era="past"' in panel(page, "lane-gate")
    assert 'data-era="present"' in panel(page, "lift-hero")
    assert 'data-era="future"' in panel(page, "wish-wall")


@pytest.mark.parametrize("uri", ["exhibits/wutong-then-and-now.md",
                                 "en/exhibits/wutong-then-and-now.md"])
def test_the_exhibition_opens_with_its_sections_to_jump_to(html, uri):
    """No contents column: a row of the sections, each in its era, links to each heading."""
    page = html[uri]
    index = re.search(r'<nav class="parlour-exhibit-index"[^>]*>(.*?)</nav>', page, re.S)
    assert index, "no section index"
    links = re.findall(r'<li data-era="(\w+)"><a href="#(section-\d+)">', index.group(1))
    headings = re.findall(r'<h2 id="(section-\d+)"', page)
    assert [target for _, target in links] == headings and len(headings) >= 3
    assert [era for era, _ in links][:3] == ["past", "present", "future"]


@pytest.mark.parametrize(("uri", "note", "other"), [
    ("exhibits/wutong-then-and-now.md", "这一段只在会客厅展出", "Shown only in the parlour"),
    ("en/exhibits/wutong-then-and-now.md", "Shown only in the parlour", "这一段只在会客厅展出"),
])
def test_a_panel_whose_only_quote_is_community_only_says_so(html, archive, uri, note, other):
    # the lonely tree's one quote is community-only: the public page has nothing else there
    exhibit = archive.get("exhibits", "wutong-then-and-now")
    assert exhibit.is_withheld("sections", 2, "panels", 0, "items")
    assert not exhibit.record.sections[2].panels[0].items
    lonely = panel(html[uri], "lonely-tree")
    assert f'<p class="parlour-withheld">{note}</p>' in lonely
    assert other not in lonely
    # a panel that lost nothing says nothing
    assert "parlour-withheld" not in panel(html[uri], "lane-gate")


def test_the_community_sees_the_quote_and_no_note(loaded):
    archive = Archive(loaded, audience="community", today=TODAY)
    renderer = Renderer()
    page = next(p for p in generate_pages(archive) if p.src_uri == "exhibits/wutong-then-and-now.md")
    lonely = panel(page.render(renderer), "lonely-tree")
    assert "parlour-quote" in lonely and "parlour-withheld" not in lonely


def test_exhibition_quotes_name_their_narrator(html):
    voice = panel(html["exhibits/wutong-then-and-now.md"], "tiger-stove-voice")
    assert "— 陈桂英" in voice or "— 陈阿婆" in voice


# ---------------------------------------------------------------------- 4. the play button


@pytest.mark.parametrize(("uri", "label"), [
    ("interviews/chen-guiying-1.md", "听陈桂英讲"),
    ("en/interviews/chen-guiying-1.md", "Listen to "),
])
def test_an_interview_with_sound_has_a_large_play_link_to_its_player(html, uri, label):
    page = html[uri]
    play = page.index('<a class="parlour-play" href="#parlour-player">')
    assert page.index('id="parlour-player" data-parlour-player>') > play
    # right under the title: before the facts
    assert play < page.index("parlour-facts")
    link = page[play:page.index("</a>", play)]
    assert '<span class="parlour-play__icon" aria-hidden="true"></span>' in link
    assert f'<span class="parlour-play__label">{label}' in link
    assert '<span class="parlour-play__time">2:01</span>' in link


def test_an_interview_without_sound_has_no_play_link(html):
    page = html["interviews/shen-liqun-1.md"]
    assert "parlour-play" not in page and "data-parlour-player" not in page


# ---------------------------------------------------------------------- 5. cards with sound


@pytest.mark.parametrize(("uri", "word"), [("interviews/index.md", "有录音"),
                                           ("en/interviews/index.md", "With sound")])
def test_interview_cards_say_which_have_sound(html, uri, word):
    chen = card(html[uri], "chen-guiying-1/")
    assert chen.startswith(' parlour-has-sound"')
    assert f'<span class="parlour-sound">{word}\u00a0· 2:01</span>' in chen
    # no recording for this audience: no note
    shen = card(html[uri], "shen-liqun-1/")
    assert "parlour-sound" not in shen and "parlour-has-sound" not in shen


# ---------------------------------------------------------------------- 6. typesetting


def test_numbers_keep_their_units_and_text_stays_escaped():
    from parlour.templating import units  # noqa: PLC0415

    assert str(units("约1985年3月至1994年")) == (
        '<span class="parlour-nowrap">约1985年3月</span>至'
        '<span class="parlour-nowrap">1994年</span>'
    )
    assert str(units("5 June 1992")) == '<span class="parlour-nowrap">5 June 1992</span>'
    assert str(units("<b>1994年</b>")).startswith("&lt;b&gt;<span")


def test_dates_on_the_timeline_and_cards_do_not_split(html):
    timeline = html["timeline/index.md"]
    assert re.search(r'<span class="parlour-date">[^<]*<span class="parlour-nowrap">\d{4}年',
                     timeline)
    interviews = html["interviews/index.md"]
    assert '<span class="parlour-nowrap">2025年' in interviews
    assert "&nbsp;· " in interviews


def test_chinese_labels_take_a_full_width_colon(html):
    places = html["places/index.md"]
    assert "曾名：" in places and "曾名:" not in places
    assert "Formerly: " in html["en/places/index.md"]
    assert '地点：<a href="../places/hot-water-shop/">' in html["timeline/index.md"]


# ---------------------------------------------------------------------- 7. then and now


def published(archive) -> dict[str, Published]:
    """Every picture of the places' pairs, as if published (a build publishes them)."""
    out = {}
    for entry in archive.entries("places"):
        for pair in entry.record.then_now:
            for src in (pair.then, pair.now):
                out[str(src)] = Published(f"places/{src}", 480, 320, [], f"places/{src}")
    return out


def test_a_place_shows_its_pairs_as_a_labelled_comparison_slider(archive, pages_by_uri):
    renderer = Renderer()
    html = {p.src_uri: p.render(renderer)
            for lang in ("zh", "en")
            for p in generate_pages(archive, lang=lang, images=published(archive))
            if p.src_uri.endswith("places/hot-water-shop.md")}
    page = html["places/hot-water-shop.md"]
    slider = re.search(r'<img-comparison-slider class="parlour-compare" value="50" '
                       r'aria-label="([^"]+)：从前和现在">\s*<img slot="first" src="[^"]*then'
                       r'[^>]*>\s*<img slot="second" src="[^"]*now', page)
    assert slider, page
    assert '<figcaption class="parlour-compare-caption">' in page
    assert ": then and now" in html["en/places/hot-water-shop.md"]
    # Material's page around it is the one that loads the slider
    assert pages_by_uri["places/hot-water-shop.md"].meta["template"] == "parlour/place-page.html"
    assert pages_by_uri["interviews/chen-guiying-1.md"].meta["template"] == "parlour/record.html"


def test_a_pair_whose_pictures_are_not_published_shows_no_empty_figure(html):
    # without published pictures (no build), no slider and no caption left alone
    assert "parlour-compare" not in html["places/hot-water-shop.md"]


def test_the_slider_s_files_are_published_but_linked_from_place_pages_only():
    from parlour.plugin import ASSETS, PAGE_ASSETS  # noqa: PLC0415

    assert "assets/parlour/vendor/img-comparison-slider/index.js" in PAGE_ASSETS
    assert "assets/parlour/compare.js" in PAGE_ASSETS
    assert not set(PAGE_ASSETS) & set(ASSETS)  # not on every page
    here = ROOT / "plugins" / "parlour"
    assert all((here / asset).is_file() for asset in PAGE_ASSETS)


# ---------------------------------------------------------------------- 8. contribute forms


@pytest.mark.parametrize(("lang", "own", "other"), [("zh", "生成文件", "Make the file"),
                                                     ("en", "Make the file", "生成文件")])
def test_the_contribute_form_writes_the_page_s_language_only(archive, lang, own, other):
    from parlour.context import expand_blocks  # noqa: PLC0415

    html = expand_blocks("<!-- parlour:contribute-forms -->\n", archive=archive, images={},
                         page_uri="contribute.md", lang=lang)
    assert own in html and other not in html
    assert "data-l=" not in html and "data-parlour-en-" not in html


# ---------------------------------------------------------------------- 9. Chinese first


def test_chinese_pages_carry_no_english_second_titles(html, archive):
    chen = archive.get("interviews", "chen-guiying-1").record
    page = html["interviews/chen-guiying-1.md"]
    assert chen.title["zh"] in html["interviews/index.md"]
    assert chen.title["en"] not in page  # no English subtitle
    assert " ".join(chen.summary["en"].split()[:6]) not in page  # no English summary
    assert chen.segments[0].title["en"] not in page
    timeline = html["timeline/index.md"]
    event = archive.get("events", "hot-water-shop-opens").record
    assert event.title["zh"] in timeline and escape(event.title["en"]) not in timeline


def test_english_pages_show_chinese_only_as_a_marked_fallback(html, archive):
    event = archive.get("events", "hot-water-shop-opens").record
    timeline = html["en/timeline/index.md"]
    assert escape(event.title["en"]) in timeline and event.title["zh"] not in timeline
    page = html["en/interviews/chen-guiying-1.md"]
    assert archive.get("interviews", "chen-guiying-1").record.title["zh"] not in page
    # Chinese left on the page is a text with no English, marked with its language (or the
    # note that says a text is only in Chinese); the transcript, marked on its list, is left out
    page = re.sub(r'<p class="parlour-only"[^>]*>[^<]*', "", page.split('id="transcript"')[0])
    for found in re.finditer(r"[\u4e00-\u9fff]+", re.sub(r'lang="zh"[^>]*>[^<]*', "", page)):
        pytest.fail(f"unmarked Chinese on an English page: {found.group()}")


# ---------------------------------------------------------------------- 10. people


def person_card(page: str, person_id: str) -> str:
    start = page.index(f'<div id="{person_id}" class="parlour-person">')
    return page[start:page.index("</div>", start)]


def test_people_are_portrait_cards_with_a_line_per_interview(archive):
    portrait = archive.portrait("chen-guiying")
    images = {str(portrait.src): Published("p.jpg", 64, 64, [], "p.jpg")}
    page = next(p for p in generate_pages(archive, images=images)
                if p.src_uri == "people/index.md").render(Renderer())
    chen = person_card(page, "chen-guiying")
    assert '<img src="' in chen and "parlour-portrait" in chen
    assert '<p class="parlour-person-name"><strong>' in chen
    assert re.search(r'<li>讲述 <a href="../interviews/chen-guiying-1/">', chen)
    # someone shown without name or portrait: their display label and a drawn silhouette,
    # no initials, no picture
    postman = person_card(page, "retired-postman")
    assert "一位老邮递员" in postman
    assert '<svg class="parlour-portrait parlour-portrait--drawn"' in postman
    assert "<img" not in postman and "<text" not in postman
    # a list, one line each: no "；" left at the start of a wrapped line
    assert "；" not in page


def test_an_exhibition_lists_below_its_panels_only_what_they_do_not_show(archive):
    from parlour.context import _related  # noqa: PLC0415 - the record page's related list

    exhibit = archive.get("exhibits", "wutong-then-and-now")
    assert len(archive.related(exhibit)) > 40  # everything its panels name, and more
    listed = _related(archive, exhibit)
    assert 0 < len(listed) < 8
    assert not {e.key for e in listed} & set(archive.references(exhibit))
    # other records keep their whole list
    chen = archive.get("interviews", "chen-guiying-1")
    assert _related(archive, chen) == archive.related(chen)


def render_record_page(parlour: dict) -> str:
    """parlour/record.html around a stand-in for Material's main.html."""
    import jinja2  # noqa: PLC0415

    from parlour.templating import TEMPLATES  # noqa: PLC0415

    env = jinja2.Environment(loader=jinja2.ChoiceLoader([
        jinja2.DictLoader({"main.html": "{% block extrahead %}{% endblock %}"
                                        "{% block content %}{% endblock %}"}),
        jinja2.FileSystemLoader(str(TEMPLATES)),
    ]))
    return env.get_template("parlour/record.html").render(parlour=parlour)


@pytest.mark.parametrize(("count", "folded"), [(20, False), (21, True)])
def test_a_long_related_list_is_folded(count, folded):
    parlour = {
        "og": [], "jsonld": "{}", "kind": "地点", "era": "", "era_key": "", "cite": "",
        "labels": {"related": "相关", "related.all": "全部{n}条", "cite": "引用",
                   "prevnext": "前后"},
        "related": [{"url": f"r{i}/", "title": f"R{i}", "kind": "事件"} for i in range(count)],
        "prev": None, "next": None,
    }
    page = render_record_page(parlour)
    assert page.count("<li>") == count
    assert ('<details class="parlour-related-fold">' in page) is folded
    assert (f"<summary>全部{count}条</summary>" in page) is folded


def test_events_and_segments_show_their_place_on_a_map_when_asked(html):
    """An event or an interview chapter at a place with a location links to that place's
    map; the map is there to land on."""
    timeline = html["timeline/index.md"]
    links = set(re.findall(r'<a class="parlour-on-map" href="\.\./places/([\w-]+)/#map">在地图上看</a>',
                           timeline))
    assert "hot-water-shop" in links
    for place in links:
        assert '<h2 id="map"' in html[f"places/{place}.md"], place
    interview = html["en/interviews/chen-guiying-1.md"]
    assert re.search(r'<a class="parlour-on-map" href="\.\./\.\./places/[\w-]+/#map">on the map</a>',
                     interview)
