"""Maps: where places fall on the archive's own maps, the map data pages carry, and the
geographic open data (``data/places.geojson`` and each map's IIIF Georeference annotation).

Everything starts from the consent-filtered :class:`~parlour.archive.Archive`: a place's
``location`` in its view is already rounded to the place's precision, or left out when the
place may be the home of someone who did not consent publicly (archive/consent.py). Nothing
here reads a raw record. Nothing depends on MkDocs either: the plugin adds
:func:`geo_files` to the site's ``data/``, the pages call :func:`map_layers` and
:func:`place_markers`, and the panels :func:`pixel_of`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .i18n import languages, site_words
from .archive import Archive, Entry, tr
from .archive.eras import era_of

#: The places' GeoJSON, beside archive.json.
GEOJSON_FILE = "places.geojson"
#: Each map's georeferencing, as a IIIF Georeference annotation (Allmaps reads it).
GEOREF_DIR = "maps"
GEOREF_CONTEXT = [
    "http://iiif.io/api/extension/georef/1/context.json",
    "http://iiif.io/api/presentation/3/context.json",
]


# ---------------------------------------------------------------------- the warp


@dataclass(frozen=True)
class Affine:
    """x = a·lon + b·lat + c, y = d·lon + e·lat + f: a map picture's pixels from positions."""

    a: float
    b: float
    c: float
    d: float
    e: float
    f: float

    def pixel(self, lat: float, lon: float) -> tuple[float, float]:
        """The picture's pixel (from its top left corner) at ``lat``, ``lon``."""
        return (self.a * lon + self.b * lat + self.c, self.d * lon + self.e * lat + self.f)


def fit_affine(points: list[Any]) -> Affine | None:
    """The least-squares affine transform from three or more control points (``x``, ``y``,
    ``lat``, ``lon``); None for fewer, or for points on one line. A map drawn to scale or
    scanned askew is affine at a neighbourhood's scale; the pages fit the same way
    (assets/parlour/map.js)."""
    if len(points) < 3:
        return None
    rows = [(p.lon, p.lat, 1.0) for p in points]
    normal = [[sum(r[i] * r[j] for r in rows) for j in range(3)] for i in range(3)]
    xs = _solve(normal, [sum(r[i] * p.x for r, p in zip(rows, points)) for i in range(3)])
    ys = _solve(normal, [sum(r[i] * p.y for r, p in zip(rows, points)) for i in range(3)])
    if xs is None or ys is None:
        return None
    return Affine(*xs, *ys)


def _solve(m: list[list[float]], v: list[float]) -> list[float] | None:
    """Gaussian elimination with partial pivoting for a 3 × 3 system."""
    a = [row[:] + [b] for row, b in zip(m, v)]
    n = len(a)
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        if abs(a[pivot][col]) < 1e-18:
            return None
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, n):
            k = a[r][col] / a[col][col]
            a[r] = [x - k * y for x, y in zip(a[r], a[col])]
    out = [0.0] * n
    for r in range(n - 1, -1, -1):
        out[r] = (a[r][n] - sum(a[r][c] * out[c] for c in range(r + 1, n))) / a[r][r]
    return out


def pixel_of(map_entry: Entry, place: Entry) -> tuple[float, float] | None:
    """Where a visible place is on a map's picture: its pin, else its location through the
    map's control points; None when the map cannot say."""
    record = map_entry.record
    for pin in record.pins:
        if pin.place == place.id:
            return (pin.x, pin.y)
    location = getattr(place.record, "location", None)
    affine = fit_affine(record.control_points)
    if location is None or affine is None:
        return None
    return affine.pixel(location.lat, location.lon)


# ---------------------------------------------------------------------- page data


def name_in(place: Entry, year: int | None, lang: str, default: str) -> str:
    """The place's name in ``year`` (its ``names`` with dates), its latest without one."""
    names = place.record.names
    if year is not None:
        for name in names:
            start = name.from_.parsed.lower.year if name.from_ and name.from_.parsed.lower \
                else None
            end = name.to.parsed.upper.year if name.to and name.to.parsed.upper else None
            if (start is None or start <= year) and (end is None or year < end):
                return tr(name.name, lang, default)
    return tr(names[-1].name, lang, default)


def map_year(entry: Entry) -> int | None:
    """The year a map shows (the start of its date), None without a date."""
    date = getattr(entry.record, "date", None)
    lower = date.parsed.lower if date else None
    return lower.year if lower else None


def map_layers(archive: Archive, *, images: dict[str, Any], lang: str,
               media_url: str) -> list[dict[str, Any]]:
    """The archive's maps as the pages' script reads them (one JSON data-* attribute):
    picture URL (``media_url`` is the site's media/ folder relative to the page), size,
    title, kind, era, year, control points and pins. Maps whose picture is not published
    are left out."""
    out = []
    for entry in archive.entries("maps"):
        r = entry.record
        published = images.get(str(r.image.src))
        if published is None:
            continue
        pins = []
        for pin in r.pins:
            place = archive.get("places", pin.place)
            if place is not None:  # a pin of a place this audience may not see is dropped
                pins.append({"place": pin.place, "x": pin.x, "y": pin.y})
        out.append({
            "id": entry.id, "kind": r.kind, "era": era_of(archive, entry),
            "year": map_year(entry),
            "title": tr(r.title, lang, archive.default_lang),
            "src": media_url + published.url,
            "width": published.width, "height": published.height,
            "points": [[p.x, p.y, p.lat, p.lon] for p in r.control_points],
            "pins": pins,
        })
    return out


def place_markers(archive: Archive, *, lang: str, years: list[int]) -> dict[str, dict]:
    """Place id -> what a marker needs: its location (as the view publishes it) and its
    name now and in each of ``years`` (the maps' years), for the names-as-of choice."""
    out = {}
    for entry in archive.entries("places"):
        location = entry.record.location
        names = {str(y): name_in(entry, y, lang, archive.default_lang) for y in years}
        names["now"] = name_in(entry, None, lang, archive.default_lang)
        out[entry.id] = {
            "lat": location.lat if location else None,
            "lon": location.lon if location else None,
            "names": names,
        }
    return out


# ---------------------------------------------------------------------- open data


def places_geojson(archive: Archive, *, site_url: str = "") -> dict[str, Any]:
    """The visible places with a location, as a GeoJSON FeatureCollection: rounded and
    consent-filtered by the archive's view (a withheld location is simply absent)."""
    site = site_url.rstrip("/") + "/" if site_url else ""
    features = []
    for entry in archive.entries("places"):
        r = entry.record
        if r.location is None:
            continue
        names = [
            {
                "name": {lang: tr(n.name, lang, archive.default_lang) for lang in languages()},
                **({"from": str(n.from_)} if n.from_ else {}),
                **({"to": str(n.to)} if n.to else {}),
            }
            for n in r.names
        ]
        features.append({
            "type": "Feature",
            "id": entry.id,
            "geometry": {"type": "Point", "coordinates": [r.location.lon, r.location.lat]},
            "properties": {
                "id": entry.id,
                "name": names[-1]["name"],
                "names": names,
                "url": site + entry.url,
                # the rounding applied, in metres; absent: as the archive wrote it
                **({"precision_m": r.precision} if r.precision else {}),
            },
        })
    return {"type": "FeatureCollection", "features": features}


def georeference(archive: Archive, entry: Entry, *, site_url: str,
                 images: dict[str, Any]) -> dict[str, Any] | None:
    """A map's control points as a IIIF Georeference annotation (the georef extension 1.0):
    the picture's pixels (``resourceCoords``) tied to GeoJSON points. None for a map with
    fewer than three points or an unpublished picture."""
    r = entry.record
    published = images.get(str(r.image.src))
    if len(r.control_points) < 3 or published is None:
        return None
    site = site_url.rstrip("/") + "/"
    w, h = published.width, published.height
    return {
        "@context": GEOREF_CONTEXT,
        "id": f"{site}data/{GEOREF_DIR}/{entry.id}.json",
        "type": "Annotation",
        "motivation": "georeferencing",
        "target": {
            "type": "SpecificResource",
            "source": {"id": site + "media/" + published.url, "type": "Image",
                       "width": w, "height": h},
            "selector": {
                "type": "SvgSelector",
                "value": f'<svg width="{w}" height="{h}"><polygon points="0,0 {w},0 {w},{h} '
                         f'0,{h}" /></svg>',
            },
        },
        "body": {
            "type": "FeatureCollection",
            "transformation": {"type": "polynomial", "options": {"order": 1}},
            "features": [
                {
                    "type": "Feature",
                    "properties": {"resourceCoords": [p.x, p.y]},
                    "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                }
                for p in r.control_points
            ],
        },
    }


def geo_files(archive: Archive, *, site_url: str = "",
              images: dict[str, Any] | None = None) -> dict[str, bytes]:
    """The geographic open data as ``{path under data/: bytes}``: places.geojson always,
    each map's georeference annotation when there is a ``site_url`` (IIIF ids are
    absolute, as for the IIIF manifests)."""
    out = {GEOJSON_FILE: _json(places_geojson(archive, site_url=site_url))}
    if site_url:
        for entry in archive.entries("maps"):
            annotation = georeference(archive, entry, site_url=site_url, images=images or {})
            if annotation is not None:
                out[f"{GEOREF_DIR}/{entry.id}.json"] = _json(annotation)
    return out


def _json(document: Any) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# ---------------------------------------------------------------------- the pages' maps


@dataclass
class MapView:
    """What parlour/partials/map.html shows: the map's data for assets/parlour/map.js (JSON,
    in data-* attributes: the Content-Security-Policy allows no inline script), its name,
    the note that the list has everything, and the names-as-of choices (``now`` and each
    map's year)."""

    layers: str
    markers: str
    label: str
    note: str
    opacity: str
    names_label: str = ""
    name_options: list[tuple[str, str]] | None = None
    pinned: list[dict[str, Any]] | None = None

    def __bool__(self) -> bool:
        return self.layers != "[]" or self.markers != "[]"


def map_view(archive: Archive, *, images: dict[str, Any], lang: str, words: dict[str, str],
             media_url: str, hrefs: dict[str, str], label: str,
             only: str | None = None) -> MapView:
    """The map of the places index (every visible place with a location, in list order), or
    with ``only`` a place page's (that place). ``hrefs``: place id -> its page's URL from
    this page; ``media_url``: the site's media/ folder from this page."""
    layers = map_layers(archive, images=images, lang=lang, media_url=media_url)
    years = sorted({layer["year"] for layer in layers if layer["year"] and layer["points"]})
    markers = [
        {"id": pid, "href": hrefs[pid], **marker}
        for pid, marker in place_markers(archive, lang=lang, years=years).items()
        if marker["lat"] is not None and (only is None or pid == only) and pid in hrefs
    ]
    options = [("now", words["map.names_now"]), *((str(y), str(y)) for y in years)]
    pinned = []
    for layer in layers:
        if not layer["pins"]:
            continue
        pins = [{**pin, "n": n, "name": place_markers_name(archive, pin["place"], lang),
                 "href": hrefs.get(pin["place"], "")}
                for n, pin in enumerate(layer["pins"], start=1)]
        pinned.append({**layer, "pins": pins, "json": _attr_json({**layer, "pins": pins})})
    return MapView(
        layers=_attr_json(layers), markers=_attr_json(markers), label=label,
        note=words["map.note" if only is None else "map.note_place"],
        opacity=words["map.opacity"],
        names_label=words["map.names_as_of"] if len(options) > 1 and only is None else "",
        name_options=options, pinned=pinned if only is None else [],
    )


def place_markers_name(archive: Archive, place_id: str, lang: str) -> str:
    """A pinned place's present name (the drawn map shows the lanes as they are)."""
    entry = archive.get("places", place_id)
    return name_in(entry, None, lang, archive.default_lang) if entry else ""


def _attr_json(value: Any) -> str:
    # autoescaped into a data-* attribute by the template
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def tile_hosts(tiles: dict | None, *, kiosk: bool) -> tuple[str, ...]:
    """The host the Content-Security-Policy must allow pictures from for a configured online
    tile layer (``map_tiles``): none on the kiosk, which never uses one. Raises
    ``mkdocs.exceptions.PluginError`` for a layer that is not an https URL with a host."""
    if not tiles or kiosk:
        return ()
    from urllib.parse import urlsplit

    from mkdocs.exceptions import PluginError

    url = tiles.get("url")
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme != "https" or not parts.netloc:
        raise PluginError(
            "map_tiles: url should be an https address with {z}/{x}/{y}, like "
            "https://tiles.example.org/{z}/{x}/{y}.png")
    # Leaflet's {s} picks one of several subdomains: allow them all, and only them
    return (f"https://{parts.netloc.replace('{s}', '*')}",)


def data_page_section(*, lang: str, page_uri: str) -> str:
    """The /data/ page's lines about the geographic files (Markdown), linked relative to the
    page at ``page_uri`` (``data/index.md``, ``en/data/index.md``)."""
    up = "../" * page_uri.count("/")  # data/index.md is served as data/: one level up
    link = f"[`{GEOJSON_FILE}`]({up}data/{GEOJSON_FILE})"
    w = site_words(lang)
    return f"\n## {w.gettext('Maps')}\n\n" + w.gettext(
        "{link}: the places with a location (GeoJSON). A place that may be someone's home "
        "is rounded to its precision, and has no location while a person linked to it has "
        "not consented publicly. Each map with control points has a IIIF Georeference "
        "annotation ({file}), for Allmaps and other tools.",
        link=link, file="`data/" + GEOREF_DIR + "/<id>.json`",
    ) + "\n"
