"""The checks of map records and of place locations that need more than one file.

A map places its picture by control points (three or more pixels tied to latitude and
longitude, not all on one line) or, for a drawn map with no geography, by pins (places at
pixels); a map with neither is shown as a picture only. Every pixel must lie inside the picture. A place that may be someone's home (linked
to a person, see :func:`~parlour.archive.locations.place_people`) whose person has not
consented publicly must not carry a location finer than its precision in the repository.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from itertools import combinations
from pathlib import Path

from .consent import Archive
from .loader import Loaded, Source
from .locations import effective_precision, finer_than
from .media import ImageError, MediaError, image_size
from ..catalog import M_
from .problems import ERROR, WARNING, Problem, problem

MEDIA_DIR = "stories/media"


def map_problems(loaded: Loaded, *, today: datetime.date | None = None) -> list[Problem]:
    """Problems of every map record and every place location (see the module's docstring);
    ``today`` decides embargoes, as for the views."""
    out: list[Problem] = []
    for id_, record in loaded.records.get("maps", {}).items():
        source = loaded.sources[("maps", id_)]
        out.extend(_map_problems(loaded.root, source, record))
    out.extend(_home_problems(loaded, today))
    return out


def _problem(source: Source, loc: tuple, code: str, message: str, hint: str,
             severity: str = ERROR, /, **params) -> Problem:
    line, col = source.marks.find(loc)
    return problem(source.path, line, col, code, message, hint, severity=severity, **params)


def _map_problems(root: Path, source: Source, record) -> list[Problem]:
    out = []
    points, pins = record.control_points, record.pins
    if 0 < len(points) < 3:
        out.append(_problem(
            source, ("control_points",), "map-control-points",
            M_("this map has {n} control points; it needs three or more to be placed")
            if len(points) > 1
            else M_("this map has 1 control point; it needs three or more to be placed"),
            M_("add control points at corners or crossings far apart on the picture"),
            n=len(points)))
    elif len(points) >= 3 and _collinear(points):
        out.append(_problem(
            source, ("control_points",), "map-control-points",
            M_("the control points lie on one line, so the picture cannot be placed"),
            M_("use points that form a triangle, far apart on the picture")))
    size = _size(root, record.image.src)
    if size is None:
        return out  # a missing or unreadable picture is the media check's to report
    width, height = size
    for key, items in (("control_points", points), ("pins", pins)):
        for i, item in enumerate(items):
            if item.x > width or item.y > height:
                out.append(_problem(
                    source, (key, i), "map-outside",
                    M_("({x}, {y}) is outside the picture, which is {width} × {height} "
                       "pixels"),
                    M_("x counts pixels from the left edge, y from the top edge"),
                    x=f"{item.x:g}", y=f"{item.y:g}", width=width, height=height))
    return out


def _collinear(points) -> bool:
    # twice the area of every triangle of three points: all zero means one line
    return all(
        abs((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x)) < 1e-6
        for p, q, r in combinations(points, 3)
    )


def _size(root: Path, src: str) -> tuple[int, int] | None:
    path = root / MEDIA_DIR / src
    if not path.is_file():
        return None
    try:
        return image_size(path)
    except (ImageError, MediaError, OSError):
        return None


def _home_problems(loaded: Loaded, today: datetime.date | None) -> list[Problem]:
    out = []
    places = loaded.records.get("places", {})
    # who keeps a location off the site is the one door's question: an archive of the people
    # and places alone (the links between them are all it needs) answers it cheaply
    door = Archive(replace(loaded, records={"people": loaded.records.get("people", {}),
                                            "places": places}), today=today)
    for id_, place in places.items():
        private = door.location_withheld_by(id_)
        if place.location is None or not private:
            continue
        precision = effective_precision(place.precision, linked_to_person=True)
        for key in ("lat", "lon"):
            value = getattr(place.location, key)
            if finer_than(value, precision):
                out.append(_problem(
                    loaded.sources[("places", id_)], ("location", key), "location-home",
                    M_("{key}: {value} is not rounded, and this place is linked to a person "
                       "who has not consented publicly ({people}); it may be their home"),
                    M_("round it to {precision} m ({rounded}), or remove the location; the "
                       "site leaves it out either way, but the repository is public"),
                    WARNING, key=key, value=value, people=", ".join(private),
                    precision=f"{precision:g}", rounded=round(value, 3)))
    return out
