"""The page cache (parlour/pagecache.py): a build reuses every generated page nothing changed,
renders again exactly the pages a change reaches, and writes the same site as a build
without the cache, byte for byte. A consent change is never hidden by a warm cache.

One copy of the sample is built cold once (the module's fixture); each test copies that
archive with its warm cache, changes one thing, builds again, and reads which pages the
build rendered from the cache's last-build.json.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from parlour.pagecache import LAST_BUILD, PageCache, TemplateDigests, page_key, view_json

from .benchmarks.same_site import different_files, page_file
from .sample import ENV, REPO, copy_sample

PAGES = Path(".cache/parlour/pages/mkdocs")


def _build(root: Path, site: Path, *, no_cache: bool = False) -> dict:
    env = {**ENV, **({"PARLOUR_NO_CACHE": "1"} if no_cache else {})}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
         "-d", str(site)],
        cwd=root, capture_output=True, text=True, check=False, timeout=600, env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    if no_cache:
        return {"log": done.stderr}
    last = json.loads((root / PAGES / LAST_BUILD).read_text(encoding="utf-8"))
    return {**last, "log": done.stderr}


def assert_same_site(a: Path, b: Path) -> None:
    differ = different_files(a, b, search=True)
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:5]}"


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> tuple[Path, Path, dict]:
    """The sample, with a template override in a custom_dir (to change one template), built
    once: (archive, site, what the build rendered)."""
    root = copy_sample(tmp_path_factory.mktemp("cache") / "archive",
                       parts=("stories", "exhibits", "docs", "mkdocs.yml", "locale"))
    (root / "overrides" / "parlour").mkdir(parents=True)
    shutil.copy(REPO / "plugins/parlour/templates/parlour/object.html",
                root / "overrides/parlour/object.html")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("theme:\n  name: material\n",
                       "theme:\n  name: material\n  custom_dir: overrides\n", 1),
        encoding="utf-8")
    site = root.parent / "site-cold"
    first = _build(root, site)
    assert first["reused"] == 0 and len(first["rendered"]) > 50
    # the pages have their content (a cache of empty pages would compare equal, too)
    assert "parlour-cue" in (site / "interviews/chen-guiying-1/index.html").read_text("utf-8")
    assert "parlour-card" in (site / "en/interviews/index.html").read_text("utf-8")
    return root, site, first


@pytest.fixture
def archive(warm, tmp_path) -> Path:
    """A copy of the warm archive, its page cache included, to change."""
    root, _, _ = warm
    return Path(shutil.copytree(root, tmp_path / "archive", symlinks=True))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_warm_build_reuses_every_page_and_writes_the_same_site(warm, archive, tmp_path):
    _, cold, first = warm
    again = _build(archive, tmp_path / "warm")
    assert again["rendered"] == []
    assert again["reused"] == len(first["rendered"])
    assert f"0 rendered, {again['reused']} reused" in again["log"]
    assert_same_site(cold, tmp_path / "warm")
    # and without the cache: the same site, and the cache left as it was
    manifest = (archive / PAGES / "manifest.json").read_bytes()
    _build(archive, tmp_path / "none", no_cache=True)
    assert_same_site(cold, tmp_path / "none")
    assert (archive / PAGES / "manifest.json").read_bytes() == manifest


def test_a_record_renders_its_own_pages_again(archive, tmp_path):
    _edit(archive / "stories/objects/bamboo-chair.md", "\n---\n", "\n---\n\n一句新加的话。\n")
    built = _build(archive, tmp_path / "site")
    assert built["rendered"] == ["en/objects/bamboo-chair.md", "objects/bamboo-chair.md"]
    _build(archive, tmp_path / "none", no_cache=True)
    assert_same_site(tmp_path / "site", tmp_path / "none")


def test_a_title_renders_again_every_page_that_shows_it(archive, tmp_path):
    """The interview's Chinese title: its page, its section, and the pages that link to it
    by that title (related records, previous and next, places, themes); its English title
    did not change, so no English page is rendered again."""
    path = archive / "stories/interviews/chen-guiying-1.md"
    text = path.read_text(encoding="utf-8")
    old = text.split("title:", 1)[1].split("\n", 2)[1].strip()  # the zh line of the title
    assert old.startswith("zh:"), old
    _edit(path, old, "zh: 灶头楼上的一生")
    built = _build(archive, tmp_path / "site")
    rendered = built["rendered"]
    assert rendered == [
        "exhibits/wutong-then-and-now.md",  # a panel quotes it
        "interviews/chen-guiying-1.md",  # its own page
        "interviews/index.md",  # its card
        "interviews/zhou-meifang-1.md",  # previous / next
        "objects/bamboo-tokens.md", "objects/thermos.md",  # related records
        "people/index.md",  # what the narrator told
        "places/hot-water-shop.md", "places/wutong-lane.md",  # segments told there
        "themes/food.md", "themes/lane-life.md", "themes/trades.md",  # its themes
        "timeline/index.md",  # an event's related record
    ]
    site = tmp_path / "site"
    # every page that shows the new title was rendered again, and only those
    showing = sorted(
        p.relative_to(site).as_posix() for p in site.rglob("index.html")
        if "灶头楼上的一生" in p.read_text(encoding="utf-8")
    )
    assert showing == sorted(page_file(uri) for uri in rendered)
    _build(archive, tmp_path / "none", no_cache=True)
    assert_same_site(site, tmp_path / "none")


def test_a_template_renders_again_the_pages_of_that_template(archive, tmp_path, warm):
    _, _, first = warm
    override = archive / "overrides/parlour/object.html"
    override.write_text(override.read_text(encoding="utf-8") + "<p>新的一行</p>\n",
                        encoding="utf-8")
    built = _build(archive, tmp_path / "site")
    objects = sorted(u for u in first["rendered"]
                     if u.split("/")[-2:-1] == ["objects"] and not u.endswith("index.md")
                     or u.startswith("en/objects/") and not u.endswith("index.md"))
    assert built["rendered"] == objects and len(objects) > 10


def test_a_configuration_option_renders_every_page_again(archive, tmp_path, warm):
    _, _, first = warm
    _edit(archive / "mkdocs.yml", "extra:\n", "copyright: 梧桐里居委会\nextra:\n")
    built = _build(archive, tmp_path / "site")
    assert built["rendered"] == first["rendered"]


def test_a_catalog_word_renders_again_the_pages_of_its_language(archive, tmp_path, warm):
    _, _, first = warm
    po = archive / "locale/zh/LC_MESSAGES/parlour.po"
    text = po.read_text(encoding="utf-8")
    at = text.index('msgstr "', text.index("msgid"))
    po.write_text(text[:at] + 'msgstr "改' + text[at + len('msgstr "'):], encoding="utf-8")
    built = _build(archive, tmp_path / "site")
    assert built["rendered"] == sorted(u for u in first["rendered"] if not u.startswith("en/"))


def test_a_person_made_community_only_leaves_every_page_of_a_warm_build(warm, archive, tmp_path):
    _, cold, _ = warm
    name = "王建国"
    # positive control: the public site shows the name before the change
    assert any(name in p.read_text(encoding="utf-8", errors="replace")
               for p in cold.rglob("*.html"))
    _edit(archive / "stories/people/wang-jianguo.yml", "level: public", "level: community")
    site = tmp_path / "site"
    built = _build(archive, site)
    assert built["reused"] > 0  # the cache was warm, and used
    leaks = [p.relative_to(site).as_posix() for p in site.rglob("*")
             if p.is_file() and name.encode() in p.read_bytes()]
    assert leaks == []
    _build(archive, tmp_path / "none", no_cache=True)
    assert_same_site(site, tmp_path / "none")


# ------------------------------------------------------------------ the parts, without a build


def test_a_view_that_holds_an_object_the_cache_cannot_see_into_is_refused():
    class Opaque:
        pass

    with pytest.raises(TypeError, match="cannot digest"):
        view_json({"x": Opaque()})


def test_every_part_of_a_page_changes_its_key():
    base = {"src_uri": "a.md", "template": "t.html", "meta": {"title": "A"},
            "view": {"x": 1}, "context": None, "twins": [("en", "en/a/")], "words": "w",
            "templates": ["d1"]}
    key = page_key("salt", **base)
    assert page_key("salt", **base) == key
    changes = {"src_uri": "b.md", "template": "u.html", "meta": {"title": "B"},
               "view": {"x": 2}, "context": {"related": []}, "twins": [("en", "en/b/")],
               "words": "v", "templates": ["d2"]}
    for name, value in changes.items():
        assert page_key("salt", **{**base, name: value}) != key, name
    assert page_key("other", **base) != key


def test_a_template_digest_follows_includes_and_overrides(tmp_path):
    import jinja2

    site, theme = tmp_path / "site", tmp_path / "theme"
    for folder, files in ((theme, {"page.html": "{% include 'part.html' %}",
                                   "part.html": "part", "other.html": "other"}),
                          (site, {})):
        folder.mkdir()
        for name, text in files.items():
            (folder / name).write_text(text)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(site), str(theme)]))
    before = TemplateDigests(env, [site, theme])("page.html")
    (theme / "other.html").write_text("changed")  # not used by page.html
    assert TemplateDigests(env, [site, theme])("page.html") == before
    (site / "part.html").write_text("overridden")  # an override of a partial it includes
    assert TemplateDigests(env, [site, theme])("page.html") != before


def test_a_build_without_the_cache_keeps_nothing(tmp_path):
    cache = PageCache(None)
    copy = cache.keep_copy("zh", b"<html></html>")
    assert copy[1].read_bytes() == b"<html></html>"
    cache.store("k", "<html></html>", copy, src_uri="a.md")
    assert not cache.has("k") and cache.rendered == 1
    cache.close()
    assert not copy[1].exists()


def test_a_stopped_build_leaves_no_page_the_next_one_would_take(tmp_path):
    """A page is reused only when the manifest, written at the end of a build, lists it."""
    cache = PageCache(tmp_path / "pages")
    cache.store("k", "<html>half</html>", None, src_uri="a.md")
    # no finish(): the build stopped
    assert not PageCache(tmp_path / "pages").has("k")
    cache.finish()
    assert PageCache(tmp_path / "pages").has("k")


def test_parlour_build_no_cache_renders_everything(archive, tmp_path):
    last = (archive / PAGES / LAST_BUILD).read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "parlour.cli", "build", "--no-cache", "-q", "-f",
         str(archive / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        cwd=archive, capture_output=True, text=True, check=False, timeout=600,
        env={**ENV, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "site" / "index.html").is_file()
    assert (archive / PAGES / LAST_BUILD).read_bytes() == last  # the cache untouched

