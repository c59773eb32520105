"""A PMTiles file of the site's own under the maps (the plugin's `map_pmtiles`): published with
the site, read by Range requests from the site's own server, drawn by protomaps-leaflet, on the
kiosk too, with no request to another host (issue 16, base layers).

The file is made here: a few vector tiles around the sample's places, each half land and half
water, so that the water's colour on the map's canvas shows the file was read and drawn.
"""

from __future__ import annotations

import math
from pathlib import Path
from urllib.parse import urlsplit

import mapbox_vector_tile
import pytest
import yaml
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer

from tests.sample import build, copy_sample

from .conftest import PAGE_TYPES, REPO, KioskServer

#: the sample's places lie in this box (lon, lat): the tiles cover it
BOX = (121.495, 31.262, 121.512, 31.282)
ZOOMS = range(12, 16)
WATER = (128, 222, 234)  # protomaps' "light" flavour paints water #80deea


def tile_xy(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def make_pmtiles(path: Path) -> None:
    """Vector tiles over BOX at ZOOMS: land everywhere, water on each tile's left half."""
    tile = mapbox_vector_tile.encode([
        {"name": "earth", "features": [
            {"geometry": "POLYGON ((0 0, 4096 0, 4096 4096, 0 4096, 0 0))", "properties": {}}]},
        {"name": "water", "features": [
            {"geometry": "POLYGON ((0 0, 2048 0, 2048 4096, 0 4096, 0 0))",
             "properties": {"kind": "water"}}]},
    ])
    ids = []
    for z in ZOOMS:
        (x0, y1), (x1, y0) = tile_xy(BOX[0], BOX[1], z), tile_xy(BOX[2], BOX[3], z)
        ids += [zxy_to_tileid(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
    with path.open("wb") as f:
        writer = Writer(f)
        for tile_id in sorted(ids):
            writer.write_tile(tile_id, tile)
        writer.finalize({
            "tile_type": TileType.MVT, "tile_compression": Compression.NONE,
            "min_lon_e7": int(BOX[0] * 1e7), "min_lat_e7": int(BOX[1] * 1e7),
            "max_lon_e7": int(BOX[2] * 1e7), "max_lat_e7": int(BOX[3] * 1e7),
            "center_zoom": 15, "center_lon_e7": int((BOX[0] + BOX[2]) / 2 * 1e7),
            "center_lat_e7": int((BOX[1] + BOX[3]) / 2 * 1e7),
        }, {"vector_layers": [{"id": "earth", "fields": {}}, {"id": "water", "fields": {}}]})


@pytest.fixture(scope="module")
def pmtiles_site(tmp_path_factory) -> Path:
    """The sample built as the kiosk with a PMTiles file under its maps."""
    root = copy_sample(tmp_path_factory.mktemp("pmtiles"), ("stories", "exhibits", "docs"))
    (root / "maps").mkdir()
    make_pmtiles(root / "maps" / "wutong-li.pmtiles")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    options = config["plugins"][1]["parlour"]
    options.update(map_pmtiles="maps/wutong-li.pmtiles", audience="community", kiosk=True,
                   search=False)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    result = build(root, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_the_site_s_own_pmtiles_are_drawn_under_the_maps(page, pmtiles_site):
    assert (pmtiles_site / "maps" / "wutong-li.pmtiles").is_file()
    requests, ranges = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: ranges.append(r.status) if r.url.endswith(".pmtiles") else None)
    with KioskServer(pmtiles_site) as server:
        page.goto(server.url + PAGE_TYPES["place"])
        page.locator("[data-parlour-map][data-pmtiles-shown]").wait_for()
        # the water of the file, painted on one of the map's canvas tiles
        page.wait_for_function(
            """([r, g, b]) => [...document.querySelectorAll('.parlour-map canvas')].some(c => {
                if (!c.width || !c.height) return false;
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                for (let i = 0; i < d.length; i += 4 * 97)
                    if (Math.abs(d[i] - r) < 6 && Math.abs(d[i + 1] - g) < 6
                        && Math.abs(d[i + 2] - b) < 6 && d[i + 3] > 200) return true;
                return false;
            })""",
            arg=list(WATER),
        )
    # read in parts, from the site itself, and nothing from anywhere else
    assert ranges and set(ranges) == {206}, ranges
    assert any(url.endswith("/maps/wutong-li.pmtiles") for url in requests)
    outside = [u for u in requests if urlsplit(u).hostname not in ("127.0.0.1", None)
               and not u.startswith(("data:", "blob:"))]
    assert outside == []


def test_without_the_file_the_maps_are_the_archive_s_own(page, site_server):
    """The positive control: the sample's site, with no map_pmtiles, loads no PMTiles."""
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_server.url + PAGE_TYPES["place"])
    page.locator("[data-parlour-map][data-markers-shown]").wait_for()
    assert not page.locator("[data-pmtiles-shown]").count()
    assert not any(".pmtiles" in u or "protomaps" in u for u in requests)


def test_a_missing_pmtiles_file_is_a_clear_error(tmp_path):
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / "docs")
    config["plugins"][1]["parlour"].update(root=str(REPO), search=False,
                                           map_pmtiles="maps/nowhere.pmtiles")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    result = build(tmp_path, tmp_path / "site", strict=False)
    assert result.returncode == 1
    assert "map_pmtiles: maps/nowhere.pmtiles is not a .pmtiles file" in result.stderr
    assert "Traceback" not in result.stderr
