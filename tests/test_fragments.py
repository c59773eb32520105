"""Material's shared partials rendered once and reused (parlour/fragments.py): the site is the
same byte for byte with the cache and without it, and a fragment is rendered again whenever
something it shows differs (language, place of the page, active tab, the page in the nav)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment, FileSystemLoader
from mkdocs.utils.templates import url_filter

from parlour.fragments import OFF_VARIABLE, FragmentCache

REPO = Path(__file__).resolve().parent.parent


def _build(config: str, site: Path, *, cache: bool) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", OFF_VARIABLE: "" if cache else "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / config),
         "-d", str(site)],
        capture_output=True, text=True, cwd=REPO, check=False, timeout=600, env=env,
    )
    assert result.returncode == 0, f"the sample did not build:\n{result.stderr}"
    return site


def _pages(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*.html"))}


@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs.community.yml"])
def test_sample_same_with_and_without_fragment_cache(tmp_path, config):
    with_cache = _pages(_build(config, tmp_path / "cached", cache=True))
    without = _pages(_build(config, tmp_path / "plain", cache=False))
    assert with_cache.keys() == without.keys()
    differ = [name for name in with_cache if with_cache[name] != without[name]]
    assert not differ, f"{len(differ)} page(s) differ with the fragment cache: {differ[:10]}"
    # the comparison means something: pages at several depths, in both languages, some of them
    # in the navigation (an active tab), and the cached partials on every one of them
    names = list(with_cache)
    assert any(n.startswith("en/") for n in names) and any(n.count("/") >= 2 for n in names)
    assert "md-nav--primary" in with_cache["en/index.html"].decode()
    if config == "mkdocs.yml":  # the kiosk has no tabs
        assert 'class="md-tabs"' in with_cache["en/index.html"].decode()
        assert "md-tabs__item--active" in with_cache["index.html"].decode()


# A fragment that shows what each part of the key stands for: the interface language, a URL
# relative to the page, which tab is active and whether the page is the nav's own entry.
FRAGMENT = (
    '{% call parlour_fragment("t") %}{{ config.theme.language }} {{ "places/" | url }}'
    "{% for item in nav.items %} {{ item.active }}{{ item == page }}{% endfor %}{% endcall %}"
)


class _Item(SimpleNamespace):
    pass


def _env():
    env = Environment(loader=DictLoader({"t.html": FRAGMENT}))
    cache = FragmentCache(url_filter)
    env.filters["url"] = cache.url_filter()
    env.globals["parlour_fragment"] = cache.global_function()
    return env.get_template("t.html"), cache


#: one navigation for the whole "build" (the cache tells navigations apart by identity)
TAB = _Item(active=False, children=None)
NAV = SimpleNamespace(items=[TAB], pages=[])


def _context(*, url="interviews/a/", language="zh", nav=NAV):
    return {
        "config": SimpleNamespace(theme={"language": language}, site_name="S",
                                  site_description="D"),
        "page": SimpleNamespace(url=url), "base_url": "..", "nav": nav,
    }


def test_fragment_reused_for_pages_that_show_the_same():
    template, cache = _env()
    first = template.render(_context(url="interviews/a/"))
    second = template.render(_context(url="interviews/b/"))
    assert first == second == "zh ../../places/ FalseFalse"
    assert (cache.misses, cache.hits) == (1, 1)


@pytest.mark.parametrize("change, expected", [
    ({"language": "en"}, "en ../../places/ FalseFalse"),
    ({"url": "interviews/a/b/"}, "zh ../../../places/ FalseFalse"),  # deeper
    ({"url": "places/x/"}, "zh ../ FalseFalse"),  # same depth, another section
    ({"nav": SimpleNamespace(items=[_Item(active=False, title="x")], pages=[])},
     "zh ../../places/ FalseFalse"),  # another language's navigation
])
def test_fragment_rendered_again_when_what_it_shows_differs(change, expected):
    template, cache = _env()
    assert template.render(_context()) == "zh ../../places/ FalseFalse"
    assert template.render(_context(**change)) == expected
    assert cache.misses == 2


def test_fragment_rendered_again_for_an_active_tab():
    template, cache = _env()
    assert template.render(_context()) == "zh ../../places/ FalseFalse"
    TAB.active = True  # as MkDocs marks the section of the page it renders
    try:
        assert template.render(_context()) == "zh ../../places/ TrueFalse"
    finally:
        TAB.active = False
    assert cache.misses == 2


def test_page_in_the_nav_gets_its_own_fragment():
    template, cache = _env()
    listed = SimpleNamespace(url="interviews/a/", active=False, children=None)
    nav = SimpleNamespace(items=[listed], pages=[listed])  # its entry shows its toc
    ctx = {**_context(nav=nav), "page": listed}
    assert template.render(ctx) == "zh ../../places/ FalseTrue"
    assert template.render(_context(url="interviews/b/", nav=nav)) == (
        "zh ../../places/ FalseFalse"
    )
    assert cache.misses == 2


def test_nested_fragment_reused_inside_another_keeps_its_urls_noted():
    env = Environment(loader=DictLoader({
        "inner.html": '{% call parlour_fragment("in") %}{{ "places/" | url }}{% endcall %}',
        "outer.html": '{% call parlour_fragment("out") %}[{% include "inner.html" %}]'
                      "{% endcall %}",
        "both.html": '{% include "inner.html" %}{% include "outer.html" %}',
    }))
    cache = FragmentCache(url_filter)
    env.filters["url"] = cache.url_filter()
    env.globals["parlour_fragment"] = cache.global_function()
    # the inner fragment is stored first, so the outer one renders around a reused inner one:
    # the outer must still know it wrote a relative URL
    assert env.get_template("both.html").render(_context()) == "../../places/[../../places/]"
    assert env.get_template("both.html").render(_context(url="x/y/z/")) == (
        "../../../places/[../../../places/]"
    )


def test_theme_words_are_materials_words():
    import material  # noqa: PLC0415

    from parlour.fragments import ThemeWords  # noqa: PLC0415

    templates = Path(material.__file__).parent / "templates"
    env = Environment(loader=FileSystemLoader(str(templates)))
    words = ThemeWords(env)
    ask = '{% import "partials/language.html" as lang with context %}{{ lang.t(key) }}'
    for language in ("zh", "en", "zh-Hant"):
        config = SimpleNamespace(theme={"language": language})
        for key in ("search.placeholder", "action.skip", "clipboard.copy", "no.such.word"):
            material_word = env.from_string(ask).render(config=config, key=key)
            assert words(language)(key) == material_word, (language, key)
    assert words("zh")("action.skip") != words("en")("action.skip")  # the languages compared
