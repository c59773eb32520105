"""Exported panels remember whom they show: a PDF is offered on the website only while the
consent fingerprint of the records and people on it, taken again in the PDF's audience, is
the one its export wrote (issue 12, Build 3).

The small archive in tests/fixtures/panels is exported once per test (two panels and a
label sheet, about a second); one test builds a copy of the sample site.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from parlour.archive import Archive
from parlour.archive.loader import load_archive
from parlour.panels import Options, export_panels, offer, panel_files
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "panels"
SITE = "https://wutong-li.example.org/"
SHOW = """title: {zh: 指纹, en: Fingerprints}
sections:
  - title: {zh: 从前, en: Then}
    era: past
    panels:
      - id: the-kettle
        title: {zh: 铜吊, en: The kettle}
        layout: grid
        items: [objects/kettle]
      - id: only-words
        title: {zh: 只有字, en: Only words}
        layout: text
        text: {zh: 这块展板上没有人。, en: Nobody is on this panel.}
print:
  size: A2
  marks: false
  languages: [zh, en]
"""
LENDER = "stories/people/lender.yml"


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE, root)
    media = root / "stories" / "media" / "objects"
    media.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (2000, 1500), (184, 115, 51)).save(media / "small-photo.png")
    (root / "exhibits" / "preflight-show.yml").unlink()  # this show is about something else
    (root / "exhibits" / "fp-show.yml").write_text(SHOW, "utf-8")
    return root


def archives(root: Path):
    """The archive as it is now, for each audience (what the website's build does)."""
    return lambda audience: Archive(load_archive(root), audience=audience)


def export(root: Path, audience: str = "public"):
    return export_panels(root, "fp-show", root / "dist" / "panels",
                         Options(audience=audience, site_url=SITE, previews=False, workers=1))


def set_consent(root: Path, consent: str) -> None:
    path = root / LENDER
    text = path.read_text("utf-8").split("consent:")[0]
    path.write_text(text + "consent:\n" + consent, "utf-8")


def test_manifest_fingerprints_every_panel_and_the_labels_in_its_audience(root):
    report = export(root)
    manifest = json.loads((report.out_dir / "manifest.json").read_text("utf-8"))
    assert manifest["audience"] == "public" and manifest["exported"]
    kettle, words = manifest["panels"]
    assert list(kettle["records"]) == ["objects/kettle"] and kettle["fingerprint"]
    assert words["records"] == {} and words["fingerprint"]
    assert list(manifest["labels"]["records"]) == ["objects/kettle"]
    # taken in the PDF's audience: the same records fingerprint differently for another
    community = archives(root)("community")
    assert community.fingerprint([community.get("objects", "kettle")]) != kettle["fingerprint"]


def test_current_panels_are_offered(root):
    report = export(root)
    found = offer("fp-show", root / "dist" / "panels", archive_for=archives(root))
    assert found.stale == []
    assert found.panels == report.panels
    assert found.combined == report.out_dir / "fp-show-panels.pdf"


def test_panel_of_a_person_who_withdrew_from_the_public_is_left_out_and_said_why(root):
    report = export(root)
    set_consent(root, "  level: community\n  recorded: 2025-01-01\n")
    found = offer("fp-show", root / "dist" / "panels", archive_for=archives(root))
    # the panel without anyone on it is still offered; the kettle's panel and the
    # combined PDF that holds it are not
    assert found.panels == [("only-words", report.out_dir / "only-words.pdf")]
    assert found.combined is None
    stale = {s.path.name: s.reason for s in found.stale}
    assert set(stale) == {"the-kettle.pdf", "fp-show-panels.pdf"}
    exported = json.loads((report.out_dir / "manifest.json").read_text("utf-8"))["exported"]
    assert stale["the-kettle.pdf"] == (
        "dist/panels/fp-show/the-kettle.pdf is left out of the site: the consent of the people "
        f"on it changed since it was exported on {exported} (no longer for the public "
        "audience: objects/kettle); run `parlour panels fp-show --audience public` again")


def test_a_narrowed_consent_makes_the_panel_stale_too(root):
    export(root)
    # still public, but no longer by name: the credit line the PDF prints is withheld now
    set_consent(root, "  level: public\n  name: private\n  recorded: 2025-01-01\n")
    found = offer("fp-show", root / "dist" / "panels", archive_for=archives(root))
    assert [pid for pid, _ in found.panels] == ["only-words"]
    [kettle] = [s for s in found.stale if s.path.name == "the-kettle.pdf"]
    assert "(changed, or the consent of the people they name did: objects/kettle)" in kettle.reason


def test_fingerprint_is_taken_again_in_the_pdfs_audience_not_the_sites(root):
    # public panels on the community site (the kiosk): checked with the public archive,
    # so nothing is stale when nothing changed
    report = export(root)
    found = offer("fp-show", root / "dist" / "panels", audience="community",
                  archive_for=archives(root))
    assert found.stale == [] and found.panels == report.panels


def test_an_export_without_fingerprints_is_never_offered(root):
    report = export(root)
    path = report.out_dir / "manifest.json"
    manifest = json.loads(path.read_text("utf-8"))
    for panel in manifest["panels"]:
        del panel["fingerprint"], panel["records"]
    path.write_text(json.dumps(manifest), "utf-8")
    found = offer("fp-show", root / "dist" / "panels", archive_for=archives(root))
    assert found.panels == [] and found.combined is None
    assert all("before panels carried a consent fingerprint" in s.reason
               for s in found.stale if s.path.suffix == ".pdf" and "-panels" not in s.path.name)
    assert panel_files("fp-show", root / "dist" / "panels", archive_for=archives(root)) == []


# ------------------------------------------------------------------ the website


def test_site_build_leaves_out_a_stale_panel_and_warns(tmp_path):
    for name in ("mkdocs.yml", "docs", "stories", "exhibits"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    exhibit = "wutong-then-and-now"
    export_panels(tmp_path, exhibit, tmp_path / "dist/panels",
                  Options(audience="public", size="A2", previews=False))
    # the retired postman (who lent the coin phone) now agrees to the parlour only
    person = tmp_path / "stories/people/retired-postman.yml"
    person.write_text(person.read_text("utf-8").replace("  level: public\n",
                                                        "  level: community\n"), "utf-8")
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(tmp_path / "mkdocs.yml"),
               "-d", str(site)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path,
                            check=False)
    assert result.returncode == 0, result.stderr
    offered = {p.name for p in (site / "exhibits" / exhibit / "panels").glob("*.pdf")}
    assert "public-phone.pdf" not in offered  # the coin phone and his interview are on it
    assert f"{exhibit}-panels.pdf" not in offered
    assert "lift-hero.pdf" in offered  # positive control: a panel he is not on
    assert (f"WARNING -  parlour: dist/panels/{exhibit}/public-phone.pdf is left out of the "
            "site") in result.stderr
    assert "no longer for the public audience: objects/coin-phone" in result.stderr
    page = (site / "exhibits" / exhibit / "index.html").read_text("utf-8")
    assert "public-phone.pdf" not in page and "lift-hero.pdf" in page
    # a strict build fails until the panels are exported again
    strict = subprocess.run([*command, "--strict"], capture_output=True, text=True, env=env,
                            cwd=tmp_path, check=False)
    assert strict.returncode == 1 and "public-phone.pdf is left out" in strict.stderr
