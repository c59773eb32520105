"""Pages from templates: every page type's template escapes what records say, contributor
Markdown arrives cleaned, and a site overrides a page type through its theme's custom_dir."""

from __future__ import annotations

import datetime
import re
import textwrap
from pathlib import Path

import pytest
import yaml

from parlour.archive import Archive
from parlour.archive.loader import load_archive
from parlour.archive.media import Published
from parlour.context import expand_blocks
from parlour.kiosk import start_page
from parlour.pages import generate_pages
from parlour.templating import Renderer
from parlour.views import Views
from tests.test_build import ROOT, mkdocs_build

TODAY = datetime.date(2026, 11, 23)
BAD = "<b onmouseover=x>"
ESCAPED = "&lt;b onmouseover=x&gt;"
#: a raw tag with an event handler, however the template or Markdown spelled it
RAW = re.compile(r"<b\s+onmouseover", re.IGNORECASE)
#: every page type's template, each shown by at least one page of the hostile archive
PAGE_TEMPLATES = {
    f"parlour/{name}.html" for name in (
        "timeline", "interviews", "interview", "objects", "object", "places", "place",
        "wishes", "exhibits", "exhibit", "themes", "theme", "people",
    )
}


def both(text: str = BAD) -> str:
    """A localized text holding the payload in both languages (YAML flow mapping)."""
    return yaml.safe_dump({"zh": f"中 {text}", "en": f"en {text}"}, allow_unicode=True,
                          default_flow_style=True, width=1000).strip()


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """An archive of one record of every type with the payload in every text field."""
    root = tmp_path_factory.mktemp("hostile")
    b = both()
    image = f"{{src: pic.png, alt: {b}, caption: {b}, credit: {b}}}"
    write(root, "stories/themes.yml", f"""
        lane: {{zh: "中 {BAD}", en: "en {BAD}", description: {b}}}
    """)
    write(root, "stories/people/narrator.yml", f"""
        name: {b}
        display_name: {b}
        occupation: {b}
        born: 1936
        portrait: {image}
        consent: {{level: public}}
    """)
    write(root, "stories/interviews/talk.md", f"""
        ---
        title: {b}
        narrator: narrator
        interviewers: [narrator]
        date: 2025-03-20
        place: shop
        language: zh
        summary: {b}
        themes: [lane]
        transcript: talk.vtt
        segments:
          - {{start: "00:01", title: {b}, synopsis: {b}, keywords: ["{BAD}", lane],
              places: [shop]}}
        quotes:
          - {{id: q1, text: {b}, at: "00:02"}}
        ---

        Notes {BAD} **bold**.
    """)
    write(root, "stories/interviews/talk.vtt", """
        WEBVTT

        00:00:01.000 --> 00:00:04.000
        <v narrator>words &lt;b onmouseover=x&gt;
    """)
    write(root, "stories/objects/thing.md", f"""
        ---
        title: {b}
        kind: {b}
        number: "{BAD}"
        date: 1992
        material: {b}
        dimensions: {b}
        lender: narrator
        credit_line: {b}
        loan: {{from: 2026-09-01, status: on-loan}}
        images: [{image}]
        place: shop
        themes: [lane]
        ---

        Story {BAD}.
    """)
    write(root, "stories/events/happening.yml", f"""
        date: 1932
        title: {b}
        place: shop
        summary: {b}
        sources: [{{title: {b}, url: "https://example.org/x"}}, {{title: {b}}}]
        images: [{image}]
        themes: [lane]
        related: [interviews/talk, objects/thing]
    """)
    write(root, "stories/places/shop.yml", f"""
        names:
          - {{name: {b}, from: 1932, to: 1956}}
          - {{name: {b}, from: 1956}}
        description: {b}
        then_now: [{{then: pic.png, now: pic.png, alt: {b}, caption: {b}, then_date: 1985,
                     now_date: 2026}}]
        themes: [lane]
    """)
    write(root, "stories/wishes/hope.yml", f"""
        text: {b}
        by: "{BAD}"
        date: 2025-12
        theme: lane
        status: done
        approved: true
        fulfilled_by: happening
    """)
    write(root, "exhibits/show.yml", f"""
        title: {b}
        venue: {b}
        dates: 2026-09-01/2027-03-31
        curators: [narrator]
        intro: {b}
        sections:
          - title: {b}
            era: past
            intro: {b}
            panels:
              - {{id: one, title: {b}, layout: grid, text: {b}, image: {image},
                  items: [objects/thing, events/happening, interviews/talk#q1]}}
              - {{id: two, title: {b}, layout: timeline, items: [events/happening]}}
    """)
    return root


@pytest.fixture(scope="module")
def archive(hostile) -> Archive:
    loaded = load_archive(hostile)
    assert set(loaded.records) >= {"interviews", "objects", "events", "places", "wishes"}
    assert all(loaded.records[t] for t in ("interviews", "objects", "events", "places",
                                           "wishes", "exhibits", "people"))
    return Archive(loaded, audience="public", today=TODAY)


IMAGES = {"pic.png": Published(url="pic.png", width=10, height=10, srcset=[("pic-5.png", 5)],
                               thumb="pic-t.png")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_template_escapes_record_text(archive, lang):
    renderer = Renderer()
    shown: set[str] = set()
    for page in generate_pages(archive, images=IMAGES, lang=lang):
        html = page.render(renderer)
        assert not RAW.search(html), (page.src_uri, RAW.search(html))
        assert ESCAPED in html, page.src_uri  # the payload reached the page, escaped
        # MkDocs and Material print a page's title and description as they are
        assert not RAW.search(str(page.meta)), page.src_uri
        shown.add(page.template)
    assert shown == PAGE_TEMPLATES


def test_each_kind_of_field_arrives_escaped(archive):
    renderer = Renderer()
    pages = {p.src_uri: p.render(renderer) for p in generate_pages(archive, images=IMAGES)}
    interview, obj = pages["interviews/talk.md"], pages["objects/thing.md"]
    # a quote, a segment's title and keyword, the narrator's name, the transcript
    assert f'<blockquote id="q1" class="parlour-quote" data-start="2">\n<p>中 {ESCAPED}' \
        in interview
    assert re.search(r'<h3 id="segment-1"[^>]*>.*?中 ' + re.escape(ESCAPED), interview)
    assert f"<dd>中 {ESCAPED}（中 {ESCAPED}）</dd>" in interview  # name (trade)
    assert f'<span class="parlour-cue-text">words {ESCAPED}</span>' in interview
    # alt text, caption and credit of a picture; a credit line
    assert f'alt="中 {ESCAPED}"' in obj
    assert f"<figcaption>中 {ESCAPED} · 中 {ESCAPED}</figcaption>" in obj
    assert f"<dd>中 {ESCAPED}</dd>" in obj
    # Chinese first: a text that has Chinese shows no English second title on a Chinese page
    assert f"en {ESCAPED}" not in obj and "parlour-subtitle" not in obj


def test_contributor_markdown_is_rendered_and_cleaned(archive):
    renderer = Renderer()
    pages = {p.src_uri: p.render(renderer) for p in generate_pages(archive, images=IMAGES)}
    notes = pages["interviews/talk.md"].split('id="notes"', 1)[1]
    # Markdown works (bold), the payload's handler is gone: the allow list keeps <b> only
    assert "<strong>bold</strong>" in notes
    assert "Notes <b>" in notes and "onmouseover" not in notes
    story = pages["objects/thing.md"].split('id="story"', 1)[1]
    assert "<p>Story <b>.</b></p>" in story or "<p>Story <b>.</p>" in story


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_kiosk_start_screen_escapes_record_text(archive, lang):
    page = start_page(Views(archive, IMAGES, lang))
    html = page.render(Renderer())
    assert not RAW.search(html)
    # a quote, a wish, an event's title and a place's name reach the tiles and the loop
    assert html.count(ESCAPED) >= 3, html
    assert 'class="parlour-attract__slide parlour-attract__slide--quote"' in html


@pytest.mark.parametrize("block", ["latest-interviews", "featured-objects"])
def test_home_blocks_escape_record_text(archive, block):
    out = expand_blocks(f"<!-- parlour:{block} -->\n", archive=archive, images=IMAGES,
                        page_uri="index.md", lang="zh", renderer=Renderer())
    assert not RAW.search(out)
    assert out.count(ESCAPED) >= 2  # a title and the narrator, a quote or an alt text
    assert "\n\n" not in out.strip()  # one raw HTML block: Python-Markdown leaves it alone


def build_with_override(tmp_path: Path, name: str, template: str):
    """Build the sample site with ``template`` as ``parlour/<name>`` in its custom_dir."""
    custom = tmp_path / "overrides"
    (custom / "parlour").mkdir(parents=True)
    (custom / "parlour" / name).write_text(template, encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / "docs")
    config["theme"]["custom_dir"] = str(custom)
    config["plugins"] = ["search", {"parlour": {
        **config["plugins"][1]["parlour"], "root": str(ROOT), "search": False,
    }}]
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    site = tmp_path / "site"
    return mkdocs_build(path, site), site


def test_a_broken_override_is_a_problem_at_its_line_not_a_traceback(tmp_path):
    result, site = build_with_override(tmp_path, "object.html", "<p>\n{{ view.no_such_field }}")
    assert result.returncode == 1
    assert "parlour/object.html:2: " in result.stderr
    assert "no_such_field" in result.stderr and "Traceback" not in result.stderr
    assert not (site / "objects").exists()
