"""IIIF Presentation 3 manifests (issue 18, Build item 4): one per object and exhibition with
its published pictures, a collection of the objects, written into the built site from the
audience's view. Every manifest is loaded into the iiif-prezi3 models, and checked for what
those models let pass (absolute ids, language maps, pictures that exist)."""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from iiif_prezi3 import Collection, Manifest

from parlour.archive import Archive
from parlour.archive.loader import load_archive
from parlour.archive.media import Published
from parlour.context import image_sources
from parlour.exchange.iiif import COLLECTION, iiif_files, manifest_path

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://wutong-li.example.org/"  # the sample's mkdocs.yml
TODAY = datetime.date(2026, 11, 1)
LANGS = ["zh", "en"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("iiif") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
         "-d", str(out)], cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def manifests(site: Path) -> dict[str, dict]:
    return {p.relative_to(site).as_posix(): read(p)
            for p in sorted((site / "iiif").rglob("manifest.json"))}


def language_maps(value, where=""):
    """Every IIIF language map in a document: (where, map)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("label", "value", "summary") and isinstance(item, dict):
                yield f"{where}.{key}", item
            else:
                yield from language_maps(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from language_maps(item, f"{where}[{i}]")


def ids(value):
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            yield value["id"]
        for item in value.values():
            yield from ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from ids(item)


def archive_for(audience: str) -> tuple[Archive, dict]:
    """The sample for an audience, with its pictures "published" under their own names."""
    archive = Archive(load_archive(ROOT), audience=audience, today=TODAY)
    images = {src: Published(url=src, width=400, height=300, srcset=[], thumb=src)
              for src in image_sources(archive)}
    return archive, images


# --------------------------------------------------------------------------- the built site


def test_every_manifest_and_the_collection_load_into_the_prezi3_models(site):
    found = manifests(site)
    assert manifest_path("objects", "desk-clock") in found
    assert "iiif/exhibits/wutong-then-and-now/manifest.json" in found
    for path, document in found.items():
        manifest = Manifest(**document)
        assert manifest.items, f"{path}: no canvas"
        # the models keep what they read: nothing was dropped as unknown
        assert json.loads(manifest.json()) == document, path
    collection = read(site / COLLECTION)
    Collection(**collection)
    listed = {item["id"] for item in collection["items"]}
    objects = {d["id"] for p, d in found.items() if p.startswith("iiif/objects/")}
    assert listed == objects and len(objects) >= 10


def test_the_models_do_refuse_a_broken_manifest(site):
    """Negative control: loading into the models is a check, not a formality."""
    document = read(site / manifest_path("objects", "desk-clock"))
    document["rights"] = "all rights reserved"  # not a URI
    with pytest.raises(ValueError):
        Manifest(**document)
    document = read(site / manifest_path("objects", "desk-clock"))
    document["label"] = {"zh": "没有列表"}  # a language map holds lists
    with pytest.raises(ValueError):
        Manifest(**document)


def test_ids_are_absolute_and_every_picture_is_in_the_site(site):
    """What the models let pass: ids under site_url, pictures that a viewer can fetch."""
    for path, document in [*manifests(site).items(), (COLLECTION, read(site / COLLECTION))]:
        for value in ids(document):
            assert value.startswith(SITE_URL), f"{path}: {value}"
        assert document["id"] == SITE_URL + path
        for canvas in document.get("items", []) if document["type"] == "Manifest" else []:
            assert canvas["width"] > 0 and canvas["height"] > 0
            body = canvas["items"][0]["items"][0]["body"]
            assert body["type"] == "Image" and body["format"].startswith("image/")
            file = site / urlsplit(body["id"]).path.lstrip("/")
            assert file.is_file(), f"{path}: {body['id']} is not published"
            assert (body["width"], body["height"]) == (canvas["width"], canvas["height"])


def test_labels_and_metadata_are_language_maps_in_both_languages(site):
    document = read(site / manifest_path("objects", "desk-clock"))
    assert set(document["label"]) == {"zh", "en"}
    for where, value in language_maps(document):
        assert value and all(re.fullmatch(r"zh|en|none", k) for k in value), where
        assert all(isinstance(v, list) and all(isinstance(s, str) and s for s in v)
                   for v in value.values()), where
    rows = {row["label"]["en"][0]: row["value"] for row in document["metadata"]}
    assert {"Kind", "Number", "Date", "Material"} <= set(rows)
    assert set(rows["Material"]) == {"zh", "en"}
    homepages = {h["language"][0]: h["id"] for h in document["homepage"]}
    assert homepages == {"zh": SITE_URL + "objects/desk-clock/",
                         "en": SITE_URL + "en/objects/desk-clock/"}


def test_credit_line_only_where_the_lender_agreed_to_be_named(site):
    # desk-clock: lent by Wang Jianguo, who agreed to be named (positive control)
    named = read(site / manifest_path("objects", "desk-clock"))
    assert named["requiredStatement"]["value"] == {"zh": ["王建国惠借"],
                                                   "en": ["Lent by Wang Jianguo"]}
    # coin-phone: the retired postman's name is private, so the view withholds the credit
    coin = read(site / manifest_path("objects", "coin-phone"))
    assert coin["items"], "the object itself is public: it has its manifest"
    assert "requiredStatement" not in coin
    assert "惠借" not in json.dumps(coin, ensure_ascii=False)


def test_an_object_the_public_may_not_see_has_no_manifest(site):
    # the enamel mug was given by Li Xiuzhen, who agreed to the parlour only (community)
    assert not (site / "iiif" / "objects" / "enamel-mug").exists()
    everything = "\n".join(p.read_text(encoding="utf-8") for p in (site / "iiif").rglob("*.json"))
    assert "enamel-mug" not in everything and "李秀珍" not in everything
    assert "Li Xiuzhen" not in everything
    assert "desk-clock" in everything  # positive control: the scan reads the files


def test_exhibition_manifest_shows_panel_pictures_and_visible_objects(site):
    document = read(site / "iiif" / "exhibits/wutong-then-and-now/manifest.json")
    pictures = [c["items"][0]["items"][0]["body"]["id"] for c in document["items"]]
    assert SITE_URL + "media/places/wutong-lane-then.svg" in pictures  # a panel's picture
    assert SITE_URL + "media/objects/desk-clock.svg" in pictures  # an object on a panel
    assert not any("enamel-mug" in p for p in pictures)
    assert len(pictures) == len(set(pictures))
    canvas_ids = [c["id"] for c in document["items"]]
    assert len(canvas_ids) == len(set(canvas_ids))


def test_data_pages_link_the_collection(site):
    for page in ("data/index.html", "en/data/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        links = re.findall(r'href="([^"]*iiif/collection\.json)"', html)
        assert links, f"{page} does not link the IIIF collection"
        target = (site / page).parent / links[0]
        assert target.resolve().is_file(), f"{page}: {links[0]} does not resolve"


# --------------------------------------------------------------------------- unit level


def test_the_kiosk_audience_gets_the_community_objects_too():
    public, images = archive_for("public")
    community, community_images = archive_for("community")
    mug = manifest_path("objects", "enamel-mug")
    assert mug not in iiif_files(public, site_url=SITE_URL, images=images, langs=LANGS)
    kiosk = iiif_files(community, site_url=SITE_URL, images=community_images, langs=LANGS)
    document = json.loads(kiosk[mug])
    Manifest(**document)
    # the parlour may name the donor: the credit line is there
    assert document["requiredStatement"]["value"]["zh"] == ["李秀珍捐赠"]


def test_without_site_url_no_manifest_is_written():
    archive, images = archive_for("public")
    assert iiif_files(archive, site_url="", images=images, langs=LANGS) == {}


def test_an_object_without_published_pictures_has_no_manifest():
    archive, images = archive_for("public")
    images.pop("objects/desk-clock.svg")
    files = iiif_files(archive, site_url=SITE_URL, images=images, langs=LANGS)
    assert manifest_path("objects", "desk-clock") not in files
    assert manifest_path("objects", "coin-phone") in files  # positive control
    listed = [i["id"] for i in json.loads(files[COLLECTION])["items"]]
    assert not any("desk-clock" in i for i in listed)


def test_rights_uri_is_rights_and_a_rights_text_is_a_metadata_row():
    """Records carry no rights field yet (the OHMS work adds one to interviews): a view
    that has one is written as IIIF asks, a URI as ``rights``, words as a row."""
    archive, images = archive_for("public")
    clock = archive.get("objects", "desk-clock")
    from parlour.exchange.iiif import _Writer

    writer = _Writer(archive, site=SITE_URL, images=images, langs=LANGS)
    cc = "https://creativecommons.org/licenses/by/4.0/"
    with_uri = dataclasses.replace(clock, record=clock.record.model_copy(update={"rights": cc}))
    manifest = writer.manifest(with_uri)
    assert manifest["rights"] == cc
    Manifest(**manifest)
    words = {"zh": "仅供研究", "en": "For research only"}
    with_words = dataclasses.replace(clock, record=clock.record.model_copy(
        update={"rights": words}))
    manifest = writer.manifest(with_words)
    assert "rights" not in manifest
    rows = {row["label"]["en"][0]: row["value"] for row in manifest["metadata"]}
    assert rows["Rights"] == {"zh": ["仅供研究"], "en": ["For research only"]}


def test_a_text_in_one_language_is_given_in_that_language_only():
    archive, images = archive_for("public")
    clock = archive.get("objects", "desk-clock")
    from parlour.exchange.iiif import _Writer

    writer = _Writer(archive, site=SITE_URL, images=images, langs=LANGS)
    plain = dataclasses.replace(clock, record=clock.record.model_copy(
        update={"title": "台钟", "material": {"en": "Brass"}}))
    manifest = writer.manifest(plain)
    assert manifest["label"] == {"zh": ["台钟"]}  # a plain string is in the default language
    rows = {row["label"]["en"][0]: row["value"] for row in manifest["metadata"]}
    assert rows["Material"] == {"en": ["Brass"]}
