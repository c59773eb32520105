"""Generated pages, without a build: what exists, what links where, who is named, and
that every template escapes what records say."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from parlour.archive import Archive
from parlour.pages import SECTIONS, generate_pages
from parlour.plugin import _add_sections
from parlour.templating import Renderer

ROOT = Path(__file__).resolve().parent.parent
TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(scope="module")
def loaded(sample_loaded):
    return sample_loaded


@pytest.fixture(scope="module")
def pages(loaded):
    archive = Archive(loaded, audience="public", today=TODAY)
    return {p.src_uri: p for p in generate_pages(archive)}


@pytest.fixture(scope="module")
def html(pages):
    """Each page's content as its template renders it."""
    renderer = Renderer()
    return {uri: page.render(renderer) for uri, page in pages.items()}


def test_every_section_and_record_page_exists(pages, loaded):
    for uri, _ in SECTIONS:
        if uri != "data/index.md":  # written by the data module
            assert uri in pages
    for type_ in ("interviews", "objects", "places", "exhibits"):
        public = [i for i in loaded.records[type_] if f"{type_}/{i}.md" in pages]
        assert public, type_
    for theme in loaded.themes:
        assert f"themes/{theme}.md" in pages


def test_community_material_only_in_community_build(loaded, pages):
    # li-xiuzhen is community-level: her interview is absent from the public site
    assert "interviews/li-xiuzhen-1.md" not in pages
    community = {p.src_uri for p in generate_pages(Archive(loaded, audience="community", today=TODAY))}
    assert "interviews/li-xiuzhen-1.md" in community


def test_withdrawn_person_is_named_nowhere(pages, html):
    assert len(html) > 30
    for uri, page in html.items():
        assert "resident-11" not in page + str(pages[uri].meta), uri


def test_anonymous_narrator_appears_by_display_name_without_portrait(html):
    page = html["interviews/retired-postman-1.md"]
    assert "一位老邮递员" in page
    assert "portraits/" not in page


def test_backlinks_reach_both_ways(loaded):
    archive = Archive(loaded, audience="public", today=TODAY)
    phone = archive.get("objects", "coin-phone")
    interview = archive.get("interviews", "retired-postman-1")
    assert phone in archive.related(interview)
    assert interview in archive.related(phone)


def test_timeline_has_three_eras_and_works_without_script(html):
    timeline = html["timeline/index.md"]
    for era in ("past", "present", "future"):
        assert f'<h2 id="{era}" class="parlour-era-heading">' in timeline
    # the filters are hidden until the script shows them; the list itself is plain HTML
    assert '<form class="parlour-filters" aria-label="筛选" hidden>' in timeline
    assert timeline.count('class="parlour-event"') >= 20


def test_nav_gets_sections_not_records():
    nav = [{"首页 Home": "index.md"}, {"关于 About": "about.md"}]
    _add_sections(nav, default_lang="zh")
    assert nav[0] == {"首页 Home": "index.md"} and nav[-1] == {"关于 About": "about.md"}
    assert [list(i.values())[0] for i in nav[1:-1]] == [uri for uri, _ in SECTIONS]
    _add_sections(nav, default_lang="zh")  # idempotent: serve rebuilds call it again
    assert len(nav) == 2 + len(SECTIONS)
