"""The site also builds under ProperDocs, the maintained fork of MkDocs 1.x.

ProperDocs redirects `mkdocs.*` imports to `properdocs.*`, so it never goes into the test
venv: it gets a venv of its own in .cache/properdocs-venv (git-ignored), made once and
reused while pyproject.toml is unchanged. The first run needs the package index.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".cache" / "properdocs-venv"
PROPERDOCS = "properdocs>=1.6,<2"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _bin(name: str) -> Path:
    return VENV / ("Scripts" if os.name == "nt" else "bin") / name


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, check=False, **kwargs
    )


def _check(result: subprocess.CompletedProcess, what: str) -> None:
    assert result.returncode == 0, (
        f"{what} failed ({result.returncode}): {' '.join(result.args)}\n"
        f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
    )


def properdocs_venv() -> Path:
    """The ProperDocs venv, (re)installed when pyproject.toml or the pin changed."""
    key = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + PROPERDOCS.encode() + sys.version.encode()
    ).hexdigest()
    marker = VENV / ".parlour-installed"
    if marker.is_file() and marker.read_text().strip() == key and _bin("properdocs").exists():
        return _bin("properdocs")
    marker.unlink(missing_ok=True)  # a failed install below must not look finished
    if not _bin("python").exists():
        _check(_run([sys.executable, "-m", "venv", VENV]), "creating the ProperDocs venv")
    _check(
        _run([_bin("python"), "-m", "pip", "install", "--quiet", PROPERDOCS, "-e", ROOT],
             env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}),
        "installing ProperDocs and Parlour",
    )
    marker.write_text(key + "\n")
    return _bin("properdocs")


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_site_builds_under_properdocs_like_under_mkdocs(tmp_path):
    properdocs = properdocs_venv()
    config = ROOT / "mkdocs.yml"

    proper_site = tmp_path / "properdocs-site"
    result = _run([properdocs, "build", "--strict", "-f", config, "-d", proper_site],
                  cwd=ROOT, env=ENV)
    _check(result, "properdocs build")
    assert (proper_site / "objects" / "coin-phone" / "index.html").is_file()
    assert (proper_site / "data" / "archive.json").is_file()

    mkdocs_site = tmp_path / "mkdocs-site"
    result = _run([sys.executable, "-m", "mkdocs", "build", "-f", config, "-d", mkdocs_site],
                  cwd=ROOT, env=ENV)
    _check(result, "mkdocs build")

    proper, mk = _files(proper_site), _files(mkdocs_site)
    assert proper == mk, (
        f"only under ProperDocs: {sorted(proper - mk)}\nonly under MkDocs: {sorted(mk - proper)}"
    )
