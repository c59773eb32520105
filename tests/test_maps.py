"""Map records and place locations (issue 16): the checks, and the rounding and withholding
the archive's views apply (no build)."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import pytest

from parlour.archive import Archive
from parlour.archive.checks import check_archive
from parlour.archive.loader import load_archive
from parlour.archive.locations import decimals_for, finer_than, rounded
from tests.sample import write_files

TODAY = datetime.date(2026, 11, 30)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"/>\n'




def base(root: Path, **extra: str) -> Path:
    return write_files(root, {
        "stories/themes.yml": "lane-life: {zh: 弄堂生活, en: Lane life}\n",
        "stories/media/maps/lanes.svg": SVG,
        "stories/places/lane.yml": "names: [{name: 梧桐里}]\nlocation: {lat: 31.271, lon: 121.503}\n",
        **extra,
    })


def map_yaml(body: str) -> str:
    return ("title: 弄堂图\nkind: old\nimage: {src: maps/lanes.svg, alt: 弄堂的地图}\n"
            + textwrap.dedent(body).lstrip())


def codes(root: Path, rel: str) -> list[tuple[str, int]]:
    return [(p.code, p.line) for p in check_archive(root, today=TODAY) if p.path == rel]


POINTS = """\
control_points:
  - {x: 10, y: 10, lat: 31.275, lon: 121.500}
  - {x: 390, y: 10, lat: 31.275, lon: 121.508}
  - {x: 10, y: 290, lat: 31.267, lon: 121.500}
"""


def test_a_well_placed_map_has_no_problems(tmp_path):
    root = base(tmp_path, **{"stories/maps/old.yml": map_yaml(
        POINTS + "pins:\n  - {place: lane, x: 200, y: 150}\n")})
    assert codes(root, "stories/maps/old.yml") == []


def test_two_control_points_are_not_enough(tmp_path):
    two = "\n".join(POINTS.splitlines()[:3]) + "\n"
    root = base(tmp_path, **{"stories/maps/old.yml": map_yaml(two)})
    assert codes(root, "stories/maps/old.yml") == [("map-control-points", 4)]


def test_control_points_on_one_line_cannot_place_a_map(tmp_path):
    line = POINTS.replace("{x: 10, y: 290", "{x: 200, y: 10")
    root = base(tmp_path, **{"stories/maps/old.yml": map_yaml(line)})
    assert codes(root, "stories/maps/old.yml") == [("map-control-points", 4)]


def test_pixels_outside_the_picture_and_unknown_places_are_reported_at_their_line(tmp_path):
    root = base(tmp_path, **{"stories/maps/old.yml": map_yaml(
        POINTS.replace("x: 390", "x: 401")
        + "pins:\n  - {place: lane, x: 20, y: 20}\n  - {place: lane-mouth, x: 20, y: 301}\n")})
    found = codes(root, "stories/maps/old.yml")
    assert ("map-outside", 6) in found and ("map-outside", 10) in found
    assert ("unknown-reference", 10) in found
    assert len(found) == 3


@pytest.mark.parametrize(("metres", "digits"), [(None, 6), (0, 6), (1, 5), (10, 4), (50, 3),
                                                (1000, 2), (20_000, 0)])
def test_precision_in_metres_keeps_no_finer_decimals(metres, digits):
    assert decimals_for(metres) == digits
    # the step kept is never finer than the precision asked for
    if metres:
        assert 10 ** -digits * 111_320 >= metres


def test_rounding_and_its_check_agree():
    lat, lon = rounded(31.27149, 121.50351, 50)
    assert (lat, lon) == (31.271, 121.504)
    assert not finer_than(lat, 50) and finer_than(31.27149, 50)


HOME = {
    "stories/people/neighbour.yml": "consent: {level: private}\n",
    "stories/places/flat.yml": (
        "names: [{name: 三楼前厢房}]\nlocation: {lat: 31.272381, lon: 121.504467}\n"
        "related: [people/neighbour]\n"),
}


def test_a_home_of_a_private_person_loses_its_location_in_every_view(tmp_path):
    root = base(tmp_path, **HOME)
    for audience in ("public", "community"):
        archive = Archive(load_archive(root), audience=audience, today=TODAY)
        flat = archive.get("places", "flat")
        assert flat.record.location is None and flat.is_withheld("location")
        # positive control: a place linked to nobody keeps its location
        assert archive.get("places", "lane").record.location.lat == 31.271


def test_a_home_of_a_public_person_is_rounded_to_50_m_unless_it_says(tmp_path):
    public = {**HOME, "stories/people/neighbour.yml": "name: 邻居\nconsent: {level: public}\n"}
    root = base(tmp_path, **public)
    flat = Archive(load_archive(root), today=TODAY).get("places", "flat")
    assert (flat.record.location.lat, flat.record.location.lon) == (31.272, 121.504)
    assert flat.record.precision == 50
    # a person's own related list links them too, and a place may ask for coarser rounding
    write_files(root, {
        "stories/people/neighbour.yml": (
            "name: 邻居\nconsent: {level: public}\nrelated: [places/lane]\n"),
        "stories/places/lane.yml": (
            "names: [{name: 梧桐里}]\nlocation: {lat: 31.271, lon: 121.503}\nprecision: 1000\n"),
    })
    lane = Archive(load_archive(root), today=TODAY).get("places", "lane")
    assert (lane.record.location.lat, lane.record.location.lon) == (31.27, 121.5)


def test_check_warns_about_an_unrounded_home_of_a_private_person(tmp_path):
    root = base(tmp_path, **HOME)
    found = codes(root, "stories/places/flat.yml")
    assert ("location-home", 2) in found
    # rounded to its precision, the warning goes (the site leaves it out either way)
    write_files(root, {"stories/places/flat.yml": HOME["stories/places/flat.yml"].replace(
        "31.272381, lon: 121.504467", "31.272, lon: 121.504")})
    assert [c for c, _ in codes(root, "stories/places/flat.yml") if c == "location-home"] == []


def test_a_place_that_states_its_precision_is_not_held_to_three_decimals(tmp_path):
    exact = "names: [{name: 青桐实验小学}]\nlocation: {lat: 31.26812, lon: 121.50634}\n"
    root = base(tmp_path, **{"stories/places/school.yml": exact})
    assert [c for c, _ in codes(root, "stories/places/school.yml")] == ["location-precise"] * 2
    write_files(root, {"stories/places/school.yml": exact + "precision: 10\n"})
    assert codes(root, "stories/places/school.yml") == []
    school = Archive(load_archive(root), today=TODAY).get("places", "school")
    assert (school.record.location.lat, school.record.location.lon) == (31.2681, 121.5063)


def test_the_check_and_the_views_agree_on_an_embargoed_home(tmp_path):
    """A public person under an embargo is private until it ends (consent.py): the view leaves
    the location out, and the check asks for it to be rounded, as for any private person."""
    embargoed = {**HOME, "stories/people/neighbour.yml": (
        "name: 邻居\nconsent: {level: public, embargo_until: '2999'}\n")}
    root = base(tmp_path, **embargoed)
    flat = Archive(load_archive(root), today=TODAY).get("places", "flat")
    assert flat.record.location is None
    assert ("location-home", 2) in codes(root, "stories/places/flat.yml")
