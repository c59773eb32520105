"""Helpers the tests share: a scratch copy of the sample archive, files written into an
archive, and a build of one in a subprocess (as `mkdocs build` runs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: the sample archive's parts a build reads (its two configurations included)
PARTS = ("stories", "exhibits", "docs", "mkdocs.yml", "mkdocs.community.yml")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def copy_sample(dest: Path, parts: tuple[str, ...] = PARTS) -> Path:
    """A copy of the sample archive's ``parts`` in ``dest`` (made if missing), to write into."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in parts:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        else:
            shutil.copy2(source, dest / name)
    return dest


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (path from ``root`` -> text, dedented) into ``root``."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


def build(root: Path, site: Path, *, config: str = "mkdocs.yml",
          strict: bool = True) -> subprocess.CompletedProcess:
    """``mkdocs build`` of the archive in ``root`` into ``site``, in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []),
         "-f", str(root / config), "-d", str(site)],
        cwd=root, capture_output=True, text=True, check=False, timeout=600, env=ENV,
    )
