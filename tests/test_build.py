"""Whole builds: the sample archive builds strictly; a broken archive builds nothing."""

from __future__ import annotations

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


def test_sample_archive_builds_strictly(tmp_path):
    result = mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "index.html").exists()
    assert (tmp_path / "site" / "about" / "index.html").exists()


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
