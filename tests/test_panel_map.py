"""A `map` panel (issue 16): the archive's map printed at A1 with a numbered pin for each item
it can place, the pins keyed to the numbered list under it. Measured from the PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest

from parlour.archive import Archive
from parlour.archive.loader import load_archive
from parlour.geo import pixel_of
from parlour.panels import Options, PreflightFailed, export_panels, prepare

from .test_panel_wall import spans

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://wutong-li.example.org/"
#: places, and records with a place; the wish has none, so it is listed without a pin
ITEMS = ["places/wutong-lane", "places/qingtong-school", "events/building-7-completed",
         "places/textile-mill", "wishes/benches-in-shade"]
PT_MM = 25.4 / 72


def exhibit(root: Path, map_line: str = "        map: qingtong-survey-1956\n") -> None:
    (root / "exhibits" / "lanes.yml").write_text(
        "title: {zh: 弄堂地图, en: The lanes on a map}\nsections:\n"
        "  - title: {zh: 从前, en: Then}\n    era: past\n    panels:\n"
        "      - id: the-lanes\n        title: {zh: 1956年的青桐路, en: Qingtong Road in 1956}\n"
        f"        layout: map\n{map_line}"
        f"        items: [{', '.join(ITEMS)}]\n"
        "print:\n  size: A1\n  languages: [zh, en]\n", "utf-8")


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("map-panel") / "archive"
    for name in ("stories", "exhibits"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    exhibit(root)
    return root


def test_pins_are_numbered_as_the_items_the_map_can_place(archive):
    views, *_ = prepare(archive, "lanes", Options(site_url=SITE))
    [view] = views
    assert view.image is not None and view.image.media == "maps/qingtong-survey-1956.svg"
    numbers = [item.pin for item in view.items]
    assert numbers == ["1", "2", "3", "4", ""]  # the wish has no place: no pin
    assert [pin.number for pin in view.pins] == ["1", "2", "3", "4"]
    # each pin sits where the map's control points put its place (or the event's place)
    sample = Archive(load_archive(archive))
    old = sample.get("maps", "qingtong-survey-1956")
    lane = pixel_of(old, sample.get("places", "wutong-lane"))
    assert (view.pins[0].left, view.pins[0].top) == (round(100 * lane[0] / 900, 2),
                                                     round(100 * lane[1] / 1100, 2))


def test_a_map_panel_prints_at_a1_with_its_pins_where_the_list_says(archive, tmp_path):
    report = export_panels(archive, "lanes", tmp_path, Options(site_url=SITE, previews=False,
                                                                 workers=1))
    [(_, pdf)] = report.panels
    page = pypdf.PdfReader(pdf).pages[0]
    width, height = (float(v) * PT_MM for v in page.trimbox[2:])
    assert (round(width), round(height)) == (594, 841)
    found = spans(pdf)
    text = " ".join(t for *_, t in found)
    assert "Qingtong Road in 1956" in text and "Qingtong Experimental Primary School" in text
    # every number is set twice: on its pin (over the map) and in the list (below it)
    views, *_ = prepare(archive, "lanes", Options(site_url=SITE))
    for pin in views[0].pins:
        spots = sorted((y for _, x, y, t in found if t == pin.number), reverse=True)
        assert len(spots) == 2, (pin.number, spots)
    pins = {t: (x, y) for _, x, y, t in sorted(found, key=lambda s: s[2])
            if t in {p.number for p in views[0].pins}}  # the top one of each: the pin
    # the pins keep the map's arrangement: west to east and north to south as the places
    by_left = sorted(views[0].pins, key=lambda p: p.left)
    assert [pins[p.number][0] for p in by_left] == sorted(pins[p.number][0] for p in by_left)
    by_top = sorted(views[0].pins, key=lambda p: p.top)
    assert [pins[p.number][1] for p in by_top] == sorted((pins[p.number][1] for p in by_top),
                                                         reverse=True)


def test_a_map_panel_without_a_map_is_refused_before_printing(archive, tmp_path):
    exhibit(archive, map_line="")
    try:
        with pytest.raises(PreflightFailed) as caught:
            export_panels(archive, "lanes", tmp_path, Options(site_url=SITE, previews=False,
                                                                workers=1))
        assert [p.code for p in caught.value.problems if p.code == "panel-map-missing"]
    finally:
        exhibit(archive)
