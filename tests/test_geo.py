"""The geographic side of maps (issue 16): the sample's maps hold every place, the open
data validates and is no more precise than each place allows, the tile layer's host."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import geojson
import pytest
from mkdocs.exceptions import PluginError

from parlour.archive import Archive
from parlour.archive.loader import load_archive
from parlour.archive.locations import finer_than
from parlour.archive.media import image_size
from parlour.geo import (
    GEOJSON_FILE, fit_affine, geo_files, name_in, pixel_of, places_geojson, tile_hosts,
)
from parlour.sanitise import content_security_policy

from .test_maps import HOME, base

ROOT = Path(__file__).resolve().parent.parent
TODAY = datetime.date(2026, 11, 30)


@pytest.fixture(scope="module")
def sample() -> Archive:
    return Archive(load_archive(ROOT), audience="public", today=TODAY)


def _published(width: int, height: int, url: str):
    class Published:  # the fields geo reads of archive.media.Published
        pass
    out = Published()
    out.url, out.width, out.height = url, width, height
    return out


def test_every_place_with_a_location_falls_on_both_sample_maps(sample):
    maps = {m.record.kind: m for m in sample.entries("maps")}
    assert set(maps) == {"drawn", "old"}
    located = [p for p in sample.entries("places") if p.record.location is not None]
    assert len(located) == len(sample.entries("places")) >= 8
    for entry in maps.values():
        width, height = image_size(ROOT / "stories/media" / entry.record.image.src)
        for place in located:
            xy = pixel_of(entry, place)
            assert xy is not None, f"{place.id} is not on {entry.id}"
            assert 0 <= xy[0] <= width and 0 <= xy[1] <= height, (entry.id, place.id, xy)
    # the drawn map pins every place, so it can be shown without geography too
    pinned = {pin.place for pin in maps["drawn"].record.pins}
    assert pinned == {p.id for p in sample.entries("places")}


def test_the_old_maps_control_points_agree_with_its_drawing(sample):
    old = next(m for m in sample.entries("maps") if m.record.kind == "old")
    affine = fit_affine(old.record.control_points)
    for p in old.record.control_points:
        x, y = affine.pixel(p.lat, p.lon)
        assert abs(x - p.x) < 1 and abs(y - p.y) < 1  # within a pixel: an exact redrawing


def test_names_as_of_a_year(sample):
    lane = sample.get("places", "wutong-lane")
    assert name_in(lane, 1956, "en", "zh") == "Wutong Li"
    assert name_in(lane, 1970, "en", "zh") == "Xiangyang Li"
    assert name_in(lane, None, "zh", "zh") == "梧桐里"


def test_places_geojson_validates_and_is_no_more_precise_than_allowed(tmp_path):
    public = {**HOME, "stories/people/neighbour.yml": "name: 邻居\nconsent: {level: public}\n"}
    archive = Archive(load_archive(base(tmp_path, **public)), today=TODAY)
    document = geojson.loads(geo_files(archive)[GEOJSON_FILE].decode("utf-8"))
    assert document.is_valid, document.errors()
    by_id = {f["id"]: f for f in document["features"]}
    assert set(by_id) == {"lane", "flat"}
    flat = by_id["flat"]
    assert flat["properties"]["precision_m"] == 50
    for lon_lat in flat["geometry"]["coordinates"]:
        assert not finer_than(lon_lat, 50)
    assert flat["geometry"]["coordinates"] == [121.504, 31.272]


def test_places_geojson_leaves_out_a_private_persons_home(tmp_path):
    archive = Archive(load_archive(base(tmp_path, **HOME)), today=TODAY)
    text = json.dumps(places_geojson(archive))
    assert "31.27" in text  # positive control: the lane is there
    assert [f["id"] for f in places_geojson(archive)["features"]] == ["lane"]
    assert "31.272" not in text and "121.504" not in text


def test_georeference_annotations_need_a_site_url(sample):
    images = {str(m.record.image.src): _published(800, 960, "maps/x.svg")
              for m in sample.entries("maps")}
    assert set(geo_files(sample, images=images)) == {GEOJSON_FILE}
    files = geo_files(sample, site_url="https://example.org/", images=images)
    annotation = json.loads(files["maps/qingtong-survey-1956.json"])
    assert annotation["motivation"] == "georeferencing"
    assert annotation["target"]["source"]["id"] == "https://example.org/media/maps/x.svg"
    features = annotation["body"]["features"]
    assert len(features) == 5 and features[0]["properties"]["resourceCoords"] == [164.4, 663.7]
    assert geojson.loads(json.dumps(annotation["body"])).is_valid


def test_tile_host_is_allowed_on_the_public_site_only():
    tiles = {"url": "https://{s}.tiles.example.org/{z}/{x}/{y}.png", "attribution": "x"}
    assert tile_hosts(tiles, kiosk=False) == ("https://*.tiles.example.org",)
    assert tile_hosts(tiles, kiosk=True) == ()
    assert tile_hosts(None, kiosk=False) == ()
    with pytest.raises(PluginError, match="https"):
        tile_hosts({"url": "http://tiles.example.org/{z}/{x}/{y}.png"}, kiosk=False)
    policy = content_security_policy([], img_hosts=tile_hosts(tiles, kiosk=False))
    assert "img-src 'self' data: blob: https://*.tiles.example.org;" in policy
    assert "tiles.example.org" not in content_security_policy([])


def test_the_data_page_links_the_geojson_from_both_languages():
    from parlour.geo import data_page_section

    zh = data_page_section(lang="zh", page_uri="data/index.md")
    en = data_page_section(lang="en", page_uri="en/data/index.md")
    assert "(../data/places.geojson)" in zh and "(../../data/places.geojson)" in en


TILES = ('      map_tiles: {url: "https://{s}.tiles.example.org/{z}/{x}/{y}.png", '
         'attribution: "© Example contributors"}\n')


@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs.community.yml"])
def test_a_tile_layer_is_the_public_sites_only(tmp_path, config):
    """map_tiles turns on the online layer (and its host in the CSP) on the public site; the
    kiosk, configured the same, neither offers nor allows it."""
    import re
    import subprocess
    import sys

    from .test_build import ENV

    text = (ROOT / config).read_text(encoding="utf-8")
    text = text.replace("  - parlour:\n", f"  - parlour:\n      root: {ROOT}\n{TILES}", 1)
    text = text.replace("INHERIT: mkdocs.yml", f"INHERIT: {ROOT / 'mkdocs.yml'}")
    text = re.sub(r"^docs_dir: .*$", f"docs_dir: {ROOT / 'docs'}", text, flags=re.M)
    if "docs_dir:" not in text:
        text += f"\ndocs_dir: {ROOT / 'docs'}\n"
    path = tmp_path / config
    path.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(path), "-d",
                             str(site)], capture_output=True, text=True, env=ENV,
                            cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    places = (site / "places" / "index.html").read_text(encoding="utf-8")
    assert "data-parlour-map" in places  # positive control: the page has its map
    public = config == "mkdocs.yml"
    assert ("https://*.tiles.example.org" in places) is public
    assert ("data-tiles=" in places) is public
    other = (site / "objects" / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in other
