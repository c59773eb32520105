"""`parlour withdraw`: one edit, a list, a receipt, and a verification that reads every
output (issue 12, Build item 4), on a person of the sample archive."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from parlour.archive.checks import check_archive
from parlour.archive.problems import ERROR
from parlour.cli import main
from tests.sample import copy_sample

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
PERSON = "zhao-min"  # a public volunteer: narrator of one interview, interviewer of others
NAMES = ("赵敏", "Zhao Min", "zhao-min")


def build(root: Path, config: str, out: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", config, "-d",
                             str(out)], cwd=root, env=ENV, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr[-3000:]


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["withdraw", *args, "--root", str(root)])


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("withdraw") / "archive"
    root.mkdir()
    copy_sample(root)
    return root


def test_withdrawal_lists_tombstones_and_is_verified_after_the_rebuild(archive):
    person = (archive / f"stories/people/{PERSON}.yml").read_text(encoding="utf-8")
    assert "赵敏" in person  # the sample still names her: the test would prove nothing
    build(archive, "mkdocs.yml", archive / "site-before")
    assert any("赵敏" in p.read_text(encoding="utf-8", errors="replace")
               for p in (archive / "site-before").rglob("*.html"))  # positive control

    result = run(archive, PERSON)
    assert result.exit_code == 0, result.output
    # her own material is listed first, with what to do
    owned = [line for line in result.output.splitlines() if line.startswith("record")]
    assert owned and all("zhao-min" in line or "record-the-stories" in line for line in owned)
    tomb = (archive / f"stories/people/{PERSON}.yml").read_text(encoding="utf-8")
    assert "withdrawn" in tomb and "赵敏" not in tomb
    receipts = sorted((archive / "withdrawals").glob(f"{PERSON}-*.json"))
    assert len(receipts) == 1
    receipt = json.loads(receipts[0].read_text(encoding="utf-8"))
    assert set(NAMES) <= set(receipt["identifiers"])
    assert (archive / "withdrawals/.gitignore").read_text().strip().endswith("*")

    # the build refuses her material until it is gone: do what the receipt says
    errors = [p for p in check_archive(archive) if p.severity == ERROR]
    assert {p.code for p in errors} == {"private-committed"}, errors
    for item in receipt["items"]:
        if item["kind"] in ("record", "media"):
            (archive / item["path"]).unlink(missing_ok=True)
            vtt = (archive / item["path"]).with_suffix(".vtt")
            vtt.unlink(missing_ok=True)
    references = [i for i in receipt["items"] if i["kind"] == "reference"]
    # each is "- interviews/zhao-min-1", an item of a block list: removed bottom up, so the
    # other lines stay put; a list left empty becomes []
    for item in sorted(references, key=lambda i: (i["path"], -i["line"])):
        path = archive / item["path"]
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        n = item["line"] - 1
        assert lines[n].strip().startswith("- ") and (
            "zhao-min" in lines[n] or "record-the-stories" in lines[n]), lines[n]
        del lines[n]
        following = lines[n].strip() if n < len(lines) else ""
        if lines[n - 1].rstrip().endswith(":") and not following.startswith("- "):
            lines[n - 1] = lines[n - 1].rstrip() + " []\n"
        path.write_text("".join(lines), encoding="utf-8")
    assert not [p for p in check_archive(archive) if p.severity == ERROR]

    build(archive, "mkdocs.yml", archive / "site")
    build(archive, "mkdocs.community.yml", archive / "site-community")
    verified = run(archive, PERSON, "--verify")
    assert verified.exit_code == 0, verified.output
    receipt_md = receipts[0].with_suffix(".md").read_text(encoding="utf-8")
    assert "PASSED" in receipt_md

    # a stale page left in place (e.g. an upload that did not delete old files) fails it
    stale = archive / "site/interviews/zhao-min-1"
    shutil.copytree(archive / "site-before/interviews/zhao-min-1", stale)
    failed = run(archive, PERSON, "--verify")
    assert failed.exit_code == 1
    assert "site/interviews/zhao-min-1/index.html" in failed.output
    receipt_md = receipts[0].with_suffix(".md").read_text(encoding="utf-8")
    assert "FAILED" in receipt_md and "site/interviews/zhao-min-1/index.html" in receipt_md


def test_unknown_person_is_a_plain_error(archive):
    result = run(archive, "nobody-at-all")
    assert result.exit_code == 1 and "no person “nobody-at-all”" in result.output
    assert "Traceback" not in result.output


def test_verify_without_a_receipt_says_what_to_do(archive, tmp_path):
    result = run(archive, "wang-jianguo", "--verify")
    assert result.exit_code == 1
    assert "parlour withdraw wang-jianguo" in result.output


def test_a_withdrawal_writes_its_note_in_the_archives_own_languages(tmp_path):
    """In an archive in English and Spanish, the withdrawn person's file says so in en: and
    es: (a zh: text there would be an error), and the file checks clean."""
    from parlour.archive.withdraw import apply, plan  # noqa: PLC0415
    from parlour.init import create_archive  # noqa: PLC0415
    from tests.sample import write_files  # noqa: PLC0415

    root = tmp_path / "lane"
    create_archive(root, name="Lane", languages=["en", "es"])
    write_files(root, {"stories/people/ana.yml": """\
        name: Ana Ruiz
        consent:
          level: public
          recorded: 2025-03-01
        """})
    apply(root, plan(root, "ana"))
    text = (root / "stories/people/ana.yml").read_text(encoding="utf-8")
    assert "level: withdrawn" in text
    assert "en: \"Consent withdrawn" in text and "es: \"" in text and "zh:" not in text
    errors = [p for p in check_archive(root) if p.severity == ERROR]
    assert not errors, errors
