"""The kiosk build (mkdocs.community.yml) without a browser: what its pages would fetch.

tests/browser/test_kiosk.py watches the requests a browser really makes; this catches the same
leaks in the HTML where chromium is missing.
"""

from __future__ import annotations

import re

from .test_build import ROOT, mkdocs_build

# what makes a browser fetch: scripts, styles, images, media, frames, preconnects, fonts
FETCHING = re.compile(
    r"""<(?:script|img|audio|video|source|iframe|link[^>]*rel="?(?:stylesheet|preconnect|preload|modulepreload|icon)"?)"""
    r"""[^>]*?\s(?:src|href)="(https?:)?//""",
    re.IGNORECASE,
)


def test_kiosk_pages_fetch_nothing_from_other_hosts(tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(ROOT / "mkdocs.community.yml", site)
    assert result.returncode == 0, result.stderr
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(site)
        assert not FETCHING.search(html), f"{rel}: {FETCHING.search(html).group(0)}"
        # Material asks the GitHub API for the repository's facts from this component
        assert 'data-md-component="source"' not in html, rel
        assert "md-content__button" not in html, f"{rel}: an edit link"
        assert 'setAttribute("data-parlour-kiosk", "120")' in html, rel
    # the community may see more than the public: the build is for that audience
    assert (site / "index.html").is_file()


def test_public_site_loads_no_web_fonts(tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    assert "data-parlour-kiosk" not in html
