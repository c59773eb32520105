"""A map panel (``layout: map``): the map's picture with a numbered pin for each item it can
place, keyed to the numbered list the panel prints under it (panel.html)."""

from __future__ import annotations

from typing import Any

from ..archive.media import ImageError, MediaError, image_size
from ..archive.problems import ERROR
from ..geo import pixel_of
from .content import Builder, MapPin, PanelView


def map_pins(builder: Builder, view: PanelView, panel: Any,
             where: tuple[str, int, int]) -> None:
    """A map panel: its picture is the map (unless the panel has its own image), and each
    item that the map can place (a place, or a record with a place) gets a numbered pin
    at its pin or its location through the map's control points (geo.pixel_of)."""
    map_entry = builder.a.get("maps", panel.map) if panel.map else None
    if map_entry is None:
        builder.problem(where, "panel-map-missing",
                        f"panel {panel.id} has layout: map but no map this audience may see",
                        "add map: <id of a file in stories/maps/>", ERROR)
        return
    if view.image is None:
        view.image = builder.image(map_entry.record.image, where)
    if view.image is None:
        return
    try:
        width, height = image_size(view.image.path)
    except (ImageError, MediaError):
        return
    view.map_aspect = height / width
    for item in view.items:
        place = builder.a.get("places", item.id) if item.type == "places" else None
        if place is None:
            entry = builder.a.get(item.type, item.id)
            ref = getattr(entry.record, "place", None) if entry else None
            place = builder.a.get("places", ref) if ref else None
        xy = pixel_of(map_entry, place) if place is not None else None
        if xy is None or not (0 <= xy[0] <= width and 0 <= xy[1] <= height):
            continue
        item.pin = str(len(view.pins) + 1)
        view.pins.append(MapPin(item.pin, round(100 * xy[0] / width, 2),
                                round(100 * xy[1] / height, 2)))
