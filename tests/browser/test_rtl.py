"""Right to left (issue 15): a site in [ar, en] sets its Arabic pages right to left (Material's
`dir`, from its Arabic language file), mirrors Parlour's own layout with them, and axe finds
nothing serious on an Arabic page."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.sample import build, write_files

from .conftest import Server
from .test_axe import FAILING_IMPACTS, report, settle

CONFIG = """\
site_name: حارة الدلب · الماضي والحاضر
site_url: https://harat-al-dulb.example.org/
docs_dir: docs
theme:
  name: material
  language: ar
  font: false
  features: [navigation.instant, navigation.tabs, navigation.sections, navigation.top]
plugins:
  - search
  - parlour:
      languages: [ar, en]
      site_name_translations:
        en: Plane Tree Lane · Past and Present
markdown_extensions: [admonition, attr_list, md_in_html, tables, {toc: {permalink: true}}]
nav:
  - الرئيسية: index.md
  - حول: about.md
  - شارك: contribute.md
"""
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300">'
       '<rect width="400" height="300" fill="{colour}"/></svg>\n')
#: record texts are plain strings, the default language's (ar): the archive layer takes
#: {zh, en} mappings only today
ARCHIVE = {
    "mkdocs.yml": CONFIG,
    "docs/index.md": """\
        # حارة الدلب

        حارة قديمة فيها مقهى وفرن، وعند مدخلها شجرتا دلب. يجمع هذا الأرشيف حكايات الجيران.
        """,
    "docs/about.md": "# حول\n\nيجمع هذا الأرشيف تسجيلات الجيران وصورهم بموافقتهم.\n",
    "docs/contribute.md": "# شارك\n\nأحضر صورة قديمة أو احكِ لنا قصة عن الحارة.\n",
    "docs/en/index.md": """\
        # Plane Tree Lane

        An old lane with a café and a bakery, two plane trees at its mouth.
        """,
    "docs/en/about.md": "# About\n\nThis archive gathers the neighbours' recordings and photographs.\n",
    "docs/en/contribute.md": "# Contribute\n\nBring an old photograph, or tell us a story.\n",
    "stories/places/bakery.yml": """\
        names:
          - name: فرن أبو سمير
            from: 1950~
        description: >-
          فرن الحارة، يخبز الخبز كل صباح منذ خمسينيات القرن الماضي.
        location: {lat: 33.511, lon: 36.291}
        then_now:
          - then: places/bakery-then.svg
            now: places/bakery-now.svg
            alt: الفرن نفسه، قديما بفرن حطب وحديثا بواجهة زجاجية.
            then_date: 1960~
            now_date: 2026
        """,
    "stories/media/places/bakery-then.svg": SVG.format(colour="#c8a27a"),
    "stories/media/places/bakery-now.svg": SVG.format(colour="#7a9ec8"),
    "stories/places/cafe.yml": """\
        names:
          - name: مقهى الزاوية
            from: 1962
        description: >-
          مقهى صغير عند الزاوية، يلعب فيه الجيران الطاولة كل مساء.
        location: {lat: 33.512, lon: 36.292}
        """,
    "stories/events/bakery-opens.yml": """\
        date: 1952
        title: افتتاح الفرن
        place: bakery
        summary: >-
          افتتح أبو سمير فرنه عند مدخل الحارة.
        """,
    "stories/events/trees-planted.yml": """\
        date: 1930~
        title: غرس شجرتي الدلب
        summary: >-
          غرس السكان الأوائل شجرتين عند مدخل الحارة.
        """,
}
HTML_LANG = re.compile(r'<html lang="([^"]+)"')
BODY_DIR = re.compile(r'<body dir="([^"]+)"')
axe = Axe()


@pytest.fixture(scope="module")
def rtl_site(tmp_path_factory):
    root = write_files(tmp_path_factory.mktemp("ar-en"), ARCHIVE)
    site = root / "site"
    result = build(root, site)
    assert result.returncode == 0, result.stdout + result.stderr
    with Server(site) as server:
        yield site, server


def test_arabic_pages_are_right_to_left_and_english_ones_left_to_right(rtl_site):
    site, _ = rtl_site
    seen = {"ar": 0, "en": 0}
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("pagefind/", "assets/", "search/")):
            continue
        text = path.read_text(encoding="utf-8")
        lang = HTML_LANG.search(text).group(1)
        direction = BODY_DIR.search(text).group(1)
        expected = ("en", "ltr") if rel.startswith("en/") else ("ar", "rtl")
        assert (lang, direction) == expected, rel
        seen[lang] += 1
    assert seen["ar"] > 5 and seen["en"] > 5, seen  # record and list pages in both


#: what sits on the start side of the text: the timeline's rail and its dots, the era bands
START_SIDE = """() => {
    const style = el => getComputedStyle(document.querySelector(el));
    const rail = style('ol.parlour-timeline'), band = style('h2.parlour-era-heading');
    const list = document.querySelector('ol.parlour-timeline').getBoundingClientRect();
    const dot = document.querySelector('ol.parlour-timeline > li');
    const mark = dot.getBoundingClientRect(), before = getComputedStyle(dot, '::before');
    return {
        rail: parseFloat(rail.borderLeftWidth) ? 'left' : parseFloat(rail.borderRightWidth) ? 'right' : '',
        band: parseFloat(band.borderLeftWidth) ? 'left' : parseFloat(band.borderRightWidth) ? 'right' : '',
        dot: before.left !== 'auto' && parseFloat(before.left) < 0 ? 'left'
            : before.right !== 'auto' && parseFloat(before.right) < 0 ? 'right' : '',
        indent: mark.left - list.left > list.right - mark.right ? 'left' : 'right',
    };
}"""


@pytest.mark.parametrize(("path", "side"), [("timeline/", "right"), ("en/timeline/", "left")])
def test_the_timeline_is_mirrored_on_arabic_pages(page, rtl_site, path, side):
    _, server = rtl_site
    page.goto(server.url + path)
    found = page.evaluate(START_SIDE)
    assert found == {"rail": side, "band": side, "dot": side, "indent": side}, found


@pytest.mark.parametrize("path", ["", "places/bakery/", "timeline/"])
def test_arabic_pages_have_no_serious_axe_violations(page, rtl_site, path):
    _, server = rtl_site
    page.goto(server.url + path)
    assert page.evaluate("() => document.body.dir") == "rtl"
    settle(page)
    results = axe.run(page, options={"resultTypes": ["violations"]})
    serious = [v for v in results.response["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not serious, f"/{path}:\n" + report(serious)


@pytest.mark.parametrize("path", ["", "timeline/", "places/bakery/", "en/"])
def test_a_phone_does_not_scroll_sideways(page, rtl_site, path):
    """Nothing reaches past the window's edge (the text-size menu, centred on its button by
    Material, did: the Arabic pages opened scrolled by it, their right edge cut off)."""
    _, server = rtl_site
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server.url + path)
    width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], width


def test_panel_texts_are_set_in_their_language_direction():
    """A label's Arabic text is set right to left, its English left to right (the panels'
    templates give each text `dir` from its language; print.languages takes zh and en only
    today, so the label is made by hand)."""
    from parlour.panels.content import LabelView
    from parlour.panels.render import labels_html

    label = LabelView(
        id="bread-tin", title=[("ar", "صفيحة الخبز"), ("en", "Bread tin")], kind=[],
        date=[("ar", "١٩٥٢"), ("en", "1952")], material=[], credit=[], number="P-1",
        qr_url="", cta=[], era="past",
    )
    page = labels_html([label], "Labels")
    assert re.search(r'dir="rtl"[^>]*>صفيحة الخبز<', page), page
    assert re.search(r'dir="ltr"[^>]*>Bread tin<', page), page


#: which side of the figure the caption naming "then" stands on
THEN_WORD = """() => {
    const mid = el => { const r = el.getBoundingClientRect(); return r.left + r.width / 2; };
    const slider = document.querySelector('img-comparison-slider.parlour-compare');
    const word = document.querySelector('.parlour-compare-caption [data-era=past]');
    return mid(word) < mid(slider) ? 'left' : 'right';
}"""


def then_picture_side(page) -> str:
    """The side the slider shows its "then" picture on, from the pixels (then is brown,
    now blue): the component draws both pictures full size, one clipped, in its shadow."""
    import io  # noqa: PLC0415

    from PIL import Image  # noqa: PLC0415

    shot = Image.open(io.BytesIO(
        page.locator("img-comparison-slider.parlour-compare").screenshot())).convert("RGB")
    red, _, blue = shot.getpixel((shot.width // 4, shot.height // 2))
    return "left" if red > blue else "right"


@pytest.mark.parametrize("path", ["places/bakery/", "en/places/bakery/"])
def test_then_and_now_captions_stand_under_their_pictures(page, rtl_site, path):
    """The slider lays its pictures out left to right on any page (then on the left); on an
    Arabic page its captions used to follow the page's direction, "then" under "now"."""
    _, server = rtl_site
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server.url + path)
    page.wait_for_function("() => customElements.get('img-comparison-slider')")
    picture, word = then_picture_side(page), page.evaluate(THEN_WORD)
    assert word == picture, (picture, word)
