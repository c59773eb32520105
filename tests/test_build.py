"""Whole builds: the sample archive builds strictly; a broken archive builds nothing."""

from __future__ import annotations

import re

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True, text=True, env=ENV, cwd=config.parent, check=False,
    )


def test_sample_archive_builds_strictly(built_site):
    # (the session's one build of the sample, with --strict: tests/conftest.py)
    assert (built_site / "index.html").exists()
    assert (built_site / "about" / "index.html").exists()


def test_broken_archive_writes_nothing_and_says_where(tmp_path):
    for name in ("mkdocs.yml", "docs", "stories", "exhibits"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    story = sorted((tmp_path / "stories" / "people").glob("*.yml"))[0]
    story.write_text(story.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(tmp_path / "mkdocs.yml", site)
    assert result.returncode == 1
    rel = story.relative_to(tmp_path).as_posix()
    assert f"{rel}:" in result.stderr and "[unknown-field]" in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.exists()


def test_every_page_type_in_site_and_record_pages_stay_small(tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    for page in (
        "timeline", "interviews", "interviews/chen-guiying-1", "objects", "objects/coin-phone",
        "places", "places/hot-water-shop", "wishes", "exhibits", "exhibits/wutong-then-and-now",
        "themes", "themes/trades", "people", "data",
    ):
        assert (site / page / "index.html").is_file(), page
    for name in ("archive.json", "timelinejs.json", "objects.csv", "people.csv"):
        assert (site / "data" / name).is_file(), name
    record_pages = [
        p for t in ("interviews", "objects", "places", "exhibits")
        for p in (site / t).glob("*/index.html")
    ]
    assert len(record_pages) > 20
    for page in record_pages:
        html = page.read_text(encoding="utf-8")
        assert len(html.encode("utf-8")) < 60_000, page
        assert '<script type="application/ld+json">' in html
        assert 'property="og:title"' in html
        # no edit pencil for visitors (mkdocs.yml leaves out content.action.edit)
        assert 'rel="edit"' not in html and "/edit/main/" not in html, page
    # sections in the nav, never one entry per record
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary[^"]*".*?</nav>', home, re.S)
    tabs = re.search(r'<nav class="md-tabs".*?</nav>', home, re.S)
    assert nav and tabs
    assert "coin-phone/" not in nav.group(0) + tabs.group(0)
    assert 'href="objects/"' in tabs.group(0)  # the sections are there


def test_interview_without_audio_consent_publishes_no_audio(tmp_path):
    """zhou-meifang agreed to a public transcript but to her voice only in the parlour."""
    public, community = tmp_path / "public", tmp_path / "community"
    assert mkdocs_build(ROOT / "mkdocs.yml", public).returncode == 0
    # a copy of the config in tmp_path, pointed back at the repository's docs and archive
    config = tmp_path / "mkdocs.community.yml"
    config.write_text(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        .replace("  - parlour:\n", f"  - parlour:\n      audience: community\n      root: {ROOT}\n")
        .replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}"),
        encoding="utf-8",
    )
    assert mkdocs_build(config, community).returncode == 0

    leaked = [p for p in public.rglob("*") if "zhou-meifang-1.ogg" in p.name]
    assert leaked == []
    assert (public / "media/audio/wang-jianguo-1.ogg").is_file()  # a consented recording is there
    for page in public.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".json", ".csv", ".xml"):
            assert "zhou-meifang-1.ogg" not in page.read_text(encoding="utf-8", errors="replace"), page
    html = (public / "interviews/zhou-meifang-1/index.html").read_text(encoding="utf-8")
    assert "<audio" not in html
    assert html.count('class="parlour-cue"') >= 10  # the transcript is public

    assert (community / "media/audio/zhou-meifang-1.ogg").is_file()
    assert "<audio" in (community / "interviews/zhou-meifang-1/index.html").read_text(encoding="utf-8")


def test_exhibition_page_offers_public_panels_only(tmp_path):
    from parlour.panels import Options, export_panels

    for name in ("mkdocs.yml", "docs", "stories", "exhibits"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    exhibit = "wutong-then-and-now"
    # panels printed for the parlour (community) are never offered on the public site
    export_panels(tmp_path, exhibit, tmp_path / "dist/panels",
                  Options(audience="community", size="A2", previews=False, workers=1))
    site = tmp_path / "site"
    assert mkdocs_build(tmp_path / "mkdocs.yml", site).returncode == 0
    assert not (site / "exhibits" / exhibit / "panels").exists()
    page = (site / "exhibits" / exhibit / "index.html").read_text(encoding="utf-8")
    assert ".pdf" not in page

    shutil.rmtree(tmp_path / "dist")
    export_panels(tmp_path, exhibit, tmp_path / "dist/panels",
                  Options(audience="public", size="A2", previews=False, workers=1))
    result = mkdocs_build(tmp_path / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    pdfs = sorted((site / "exhibits" / exhibit / "panels").glob("*.pdf"))
    assert len(pdfs) >= 10
    page = (site / "exhibits" / exhibit / "index.html").read_text(encoding="utf-8")
    assert 'href="panels/' in page and f"{exhibit}-panels.pdf" in page
