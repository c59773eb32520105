"""Make the package importable when it is not pip-installed (PYTHONPATH-free runs)."""

from __future__ import annotations

import sys
from pathlib import Path

try:
    import parlour  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))


import os  # noqa: E402 - below the path set-up above, which must come first
import subprocess  # noqa: E402

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def sample_loaded():
    """The sample archive as loaded, once per session, for tests that only read it (views,
    pages): never change its records."""
    from parlour.archive.loader import load_archive  # noqa: PLC0415

    return load_archive(REPO)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample archive built once per test session as the public site (``mkdocs build
    --strict``), for tests that read the built files and for the browser tests, which serve
    it (tests/browser/conftest.py's site_server)."""
    site = tmp_path_factory.mktemp("sample-build") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"),
         "-d", str(site)],
        capture_output=True, text=True, cwd=REPO, check=False, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, f"the sample did not build:\n{result.stderr}"
    return site


@pytest.fixture(autouse=True)
def _site_languages():
    """Each test starts with the sample's languages (zh, en) and its own catalog, and what a
    test (or a build it runs in this process) configures does not leak into the next."""
    from parlour import i18n  # noqa: PLC0415

    saved = (i18n.languages(), list(i18n._CATALOGS))
    i18n.configure(["zh", "en"], catalogs=[REPO / "locale"])
    yield
    i18n.configure(saved[0], catalogs=saved[1])
