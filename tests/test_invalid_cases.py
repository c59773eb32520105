"""Golden tests: one broken file in a valid archive gives one expected problem, at its line.

The cases are listed in fixtures/invalid/cases.yml; each broken file goes into a copy of
fixtures/base/, a small archive that on its own has no problems at all.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pytest
import yaml

from parlour.archive.checks import check_archive
from parlour.archive.problems import ERROR, Problem

FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "base"
INVALID = FIXTURES / "invalid"
SPEC = yaml.safe_load((INVALID / "cases.yml").read_text(encoding="utf-8"))
CASES = SPEC["cases"]
CLEAN = SPEC["clean"]


def _png() -> bytes:
    """A 1x1 PNG: what a resident's photo looks like to Parlour when saved as .md."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _content(case: dict) -> bytes:
    how = case.get("generate")
    if how == "big":
        # 10 MB of a plausible story: too large to commit, so it is made here.
        head = b"---\ntitle: big\n---\n"
        return head + b"a" * (10_000_000 - len(head))
    if how == "binary":
        return _png()
    source = (INVALID / case["file"]).read_bytes()
    if how == "gbk":
        return source.decode("utf-8").encode("gbk")
    assert how is None, f"unknown generate: {how}"
    return source


def _archive(tmp_path: Path, case: dict | None = None) -> Path:
    root = tmp_path / "archive"
    shutil.copytree(BASE, root)
    if case is not None:
        target = root / case["target"]
        # a typo in a target must not turn a new file into a silent replacement, or back
        assert target.exists() == bool(case.get("replace")), case["target"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_content(case))
    return root


def _check(root: Path) -> list[Problem]:
    problems = check_archive(root)  # must never raise, whatever the file holds
    assert isinstance(problems, list)
    for p in problems:
        assert isinstance(p, Problem), p
        assert p.message.strip(), p
        assert p.line >= 0 and p.column >= 0, p
        assert "\\" not in p.path and not Path(p.path).is_absolute(), p
        assert (root / p.path).exists(), p
        assert p.severity in (ERROR, "warning"), p
    return problems


def _show(problems: list[Problem]) -> str:
    return "\n".join(
        f"  {p.path}:{p.line}:{p.column} {p.severity} [{p.code}] {p.message} | {p.hint}"
        for p in problems
    ) or "  (no problems)"


def test_base_archive_is_clean(tmp_path):
    problems = _check(_archive(tmp_path))
    assert problems == [], "the base archive must be valid:\n" + _show(problems)


def test_enough_cases():
    names = [c["name"] for c in CASES + CLEAN]
    assert len(names) == len(set(names)), "case names must be unique"
    assert len(CASES) >= 30
    assert len({c["code"] for c in CASES}) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_invalid_case(tmp_path, case):
    root = _archive(tmp_path, case)
    problems = _check(root)
    where = case.get("path", case["target"])
    severity = case.get("severity", ERROR)
    found = [
        p for p in problems
        if (p.path, p.code, p.line, p.severity) == (where, case["code"], case["line"], severity)
    ]
    assert found, (
        f"expected {where}:{case['line']} {severity} [{case['code']}], got:\n" + _show(problems)
    )
    if "hint" in case:
        assert any(case["hint"] in p.hint for p in found), _show(found)
    allowed = {case["target"], where, *case.get("also", [])}
    elsewhere = [p for p in problems if p.path not in allowed]
    assert not elsewhere, "the rest of the archive should stay clean:\n" + _show(elsewhere)


@pytest.mark.parametrize("case", CLEAN, ids=[c["name"] for c in CLEAN])
def test_clean_case(tmp_path, case):
    problems = _check(_archive(tmp_path, case))
    assert problems == [], _show(problems)
