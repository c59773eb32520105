"""`parlour bag` (issue 18, Build item 5): a BagIt bag of the archive as the public may see
it, checked with bagit, holding nothing a public build would leave out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import bagit
import pytest
from click.testing import CliRunner

from parlour import __version__
from parlour.archive.scan import find, scan_outputs
from parlour.cli import main
from tests.sample import copy_sample

ROOT = Path(__file__).resolve().parent.parent


def bag(root: Path, out: Path, *extra: str):
    return CliRunner().invoke(main, ["bag", str(out), "--root", str(root), *extra])


@pytest.fixture(scope="module")
def sample_bag(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bag") / "wutong-li"
    result = bag(ROOT, out)
    assert result.exit_code == 0, result.output
    return out


def test_the_sample_bag_validates_with_bagit(sample_bag):
    found = bagit.Bag(str(sample_bag))
    found.validate()  # raises on any missing, extra or changed file
    assert set(found.algorithms) == {"sha256", "sha512"}
    result = CliRunner().invoke(main, ["bag", "--validate", str(sample_bag)])
    assert result.exit_code == 0 and "is a valid bag" in result.output, result.output


def test_a_changed_file_fails_validation(sample_bag, tmp_path):
    """Negative control: --validate reads the checksums, not just the file list."""
    copy = tmp_path / "copy"
    shutil.copytree(sample_bag, copy)
    page = copy / "data/site/index.html"
    data = page.read_bytes()
    page.write_bytes(data.replace(b"<html", b"<HTML", 1))  # same size, other bytes
    result = CliRunner().invoke(main, ["bag", "--validate", str(copy)])
    assert result.exit_code == 1 and "NOT a valid bag" in result.output, result.output
    assert "data/site/index.html" in result.output
    result = CliRunner().invoke(main, ["bag", "--validate", str(tmp_path)])
    assert result.exit_code == 1 and "is not a bag" in result.output


def test_bag_info_says_who_when_what_and_under_which_consent(sample_bag):
    info = bagit.Bag(str(sample_bag)).info
    assert info["Source-Organization"] == "梧桐里 · 过去与现在"  # site_name: no site_author
    assert "Contact-Email" not in info  # the sample configures none
    assert info["External-Identifier"] == "https://wutong-li.example.org/"
    assert info["Parlour-Version"] == __version__
    assert info["Bagging-Date"]
    assert "agreed to publish" in info["Consent-Statement"]
    assert "同意公开" in info["Consent-Statement"]


def test_the_bag_holds_records_transcripts_site_media_and_open_data(sample_bag):
    data = sample_bag / "data"
    clock = json.loads((data / "records/objects/desk-clock.json").read_text(encoding="utf-8"))
    assert clock["title"]["zh"] and clock["credit_line"]["en"] == "Lent by Wang Jianguo"
    assert (data / "records/themes.json").is_file()
    vtt = (data / "transcripts/chen-guiying-1.zh.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT") and "-->" in vtt
    for path in ("site/index.html", "site/en/index.html", "site/data/archive.json",
                 "site/iiif/collection.json", "site/media/objects/desk-clock.svg",
                 "site/media/audio/chen-guiying-1.ogg", "README.txt"):
        assert (data / path).is_file(), path


def test_records_are_views_not_the_archive_files(sample_bag):
    data = sample_bag / "data"
    records = list((data / "records").rglob("*.json"))
    assert len(records) > 50
    for path in records:
        assert '"consent"' not in path.read_text(encoding="utf-8"), path
    # no file of stories/ came along
    assert not [p for p in data.rglob("*") if p.suffix in (".yml", ".yaml")]
    assert not (data / "stories").exists()
    # a credit the view withholds: the retired postman's name is private
    coin = json.loads((data / "records/objects/coin-phone.json").read_text(encoding="utf-8"))
    assert "credit_line" not in coin and coin["title"]["en"]


def test_private_community_and_withdrawn_people_are_not_in_the_bag(sample_bag):
    scanned = scan_outputs([sample_bag])
    # li-xiuzhen agreed to the parlour only (community): her name, her person record, her
    # gift (the enamel mug), her interview and her consent note stay out; resident-07 is
    # private and resident-11 withdrew (both tombstones, mentioned as an interviewer and
    # on a panel); no consent note of anyone's goes in
    absent = ["李秀珍", "Li Xiuzhen", "li-xiuzhen", "enamel-mug", "只同意在会客厅",
              "resident-11", "resident-07", "访谈仅供居委会内部参考", "本人已撤回同意"]
    leaks = {word: files[:5] for word in absent if (files := find(scanned, word))}
    assert not leaks, leaks
    # positive control: the same scan finds a public person, their material and their note
    # of interview (in records, transcripts, pages and open data alike)
    for word in ("王建国", "wang-jianguo", "desk-clock", "lin-xiaoyu", "陈阿婆"):
        files = find(scanned, word)
        assert any("/records/" in f for f in files), word
        assert any("/site/" in f for f in files), word


def test_material_under_embargo_is_left_out(tmp_path):
    """A public narrator whose consent is under embargo: her interview, recording,
    transcript, gifts and name are in no part of the bag; everyone else's still are."""
    root = copy_sample(tmp_path / "archive")
    person = root / "stories/people/chen-guiying.yml"
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace("  level: public\n",
                                   "  level: public\n  embargo_until: 2099-12-31\n", 1),
                      encoding="utf-8")
    out = tmp_path / "bag"
    result = bag(root, out)
    assert result.exit_code == 0, result.output
    bagit.Bag(str(out)).validate()
    scanned = scan_outputs([out])
    leaks = {w: find(scanned, w)[:5] for w in ("chen-guiying", "陈桂英", "Chen Guiying",
                                                "bamboo-tokens") if find(scanned, w)}
    assert not leaks, leaks
    assert not (out / "data/records/objects/thermos.json").exists()
    assert find(scanned, "wang-jianguo-1") and find(scanned, "desk-clock")  # positive control


def test_an_archive_with_a_withdrawn_persons_material_is_refused(tmp_path):
    """A withdrawal whose material is still in the repository is an error, as for the build:
    no bag at all, and nothing left behind."""
    root = copy_sample(tmp_path / "archive")
    person = root / "stories/people/zhao-min.yml"
    text = person.read_text(encoding="utf-8")
    assert "  level: public\n" in text
    person.write_text(text.replace("  level: public\n", "  level: withdrawn\n", 1),
                      encoding="utf-8")
    out = tmp_path / "bag"
    result = bag(root, out)
    assert result.exit_code == 1
    assert "no bag was made" in result.output and "private-committed" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_bag_is_never_written_over_something(sample_bag, tmp_path):
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "keep.txt").write_text("mine", encoding="utf-8")
    result = bag(ROOT, taken)
    assert result.exit_code == 1 and "not an empty folder" in result.output
    assert [p.name for p in taken.iterdir()] == ["keep.txt"]


def test_the_kiosk_config_is_refused(tmp_path):
    root = copy_sample(tmp_path / "archive")
    (root / "mkdocs.yml").unlink()
    (root / "mkdocs.community.yml").rename(root / "mkdocs.yml")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    # the kiosk's config, standing alone: its own settings, community audience
    (root / "mkdocs.yml").write_text(
        text.replace("INHERIT: mkdocs.yml\n", "site_name: Kiosk\n"), encoding="utf-8")
    out = tmp_path / "bag"
    result = bag(root, out)
    assert result.exit_code == 1 and "community audience" in result.output, result.output
    assert not out.exists()
