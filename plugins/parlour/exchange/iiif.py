"""IIIF Presentation 3 manifests of the published pictures, so that the archive's objects open
in Mirador, the Universal Viewer or any other IIIF tool, beside other collections.

One manifest per object and per exhibition that has a published picture, and a collection of
every object's manifest, written into the built site::

    iiif/collection.json
    iiif/objects/<id>/manifest.json
    iiif/exhibits/<id>/manifest.json

Everything starts from the audience's :class:`~parlour.archive.Archive` view: an object the
audience may not see has no manifest, a credit line the view withholds (it names a lender
without name consent) is no ``requiredStatement``, and an exhibition lists only the panel
pictures and the visible objects of its view. The pictures are the site's published
renditions (``images``: the plugin's ``{media path: Published}``), never the files in
stories/media/: plain images with their size and format (a level-0 image service would mean
tiling every picture for little gain at these sizes).

Ids are absolute, made from ``site_url``: IIIF wants HTTP(S) URIs and a viewer fetches every
picture from them. Without a ``site_url`` no manifest is written (the build says so). The
kiosk build writes its own, as it writes its own open data (data.py): they are data, nothing
on a page loads them, and they carry the kiosk config's ``site_url``.

Texts are IIIF language maps in every language of the site (``{"zh": [...], "en": [...]}``);
a text without a translation is given only in the language it is written in.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any

from ..i18n import label, site_words
from ..archive import Archive, Entry, dates

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
COLLECTION = "iiif/collection.json"
#: what each picture's file is, by the extension of its published rendition
FORMATS = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
           ".webp": "image/webp", ".gif": "image/gif", ".svg": "image/svg+xml"}
#: the manifests' metadata labels: named words of parlour/words.py, by metadata key
WORDS = {
    "kind": "kind", "number": "number", "date": "object_date", "material": "material",
    "dimensions": "dimensions", "place": "place", "credit": "credit", "rights": "iiif.rights",
    "venue": "venue", "dates": "dates", "page": "iiif.page",
}
#: rights statements IIIF accepts as ``rights`` (others stay a line of the metadata)
RIGHTS_HOSTS = ("http://creativecommons.org/", "https://creativecommons.org/",
                "http://rightsstatements.org/", "https://rightsstatements.org/")


def manifest_path(type_: str, id_: str) -> str:
    """Where a record's manifest is in the site: ``iiif/objects/<id>/manifest.json``."""
    return f"iiif/{type_}/{id_}/manifest.json"


def iiif_files(
    archive: Archive,
    *,
    site_url: str,
    images: dict[str, Any],
    langs: list[str],
    site_names: dict[str, str] | None = None,
) -> dict[str, bytes]:
    """The manifests and the collection as ``{site path: JSON bytes}`` ({} without a
    ``site_url``). ``langs`` are the site's languages, the default first; ``site_names``
    labels the collection in each of them."""
    if not site_url:
        return {}
    writer = _Writer(archive, site=site_url.rstrip("/") + "/", images=images, langs=langs)
    out: dict[str, bytes] = {}
    listed = []
    for type_ in ("objects", "exhibits"):
        for entry in archive.entries(type_):
            manifest = writer.manifest(entry)
            if manifest is None:  # no published picture: nothing for a viewer to show
                continue
            out[manifest_path(type_, entry.id)] = _json(manifest)
            if type_ == "objects":
                listed.append(manifest)
    collection = {
        "@context": CONTEXT,
        "id": writer.site + COLLECTION,
        "type": "Collection",
        "label": writer.label(site_names or {}, fallback="objects"),
        "items": [
            {key: m[key] for key in ("id", "type", "label", "thumbnail") if key in m}
            for m in listed
        ],
    }
    out[COLLECTION] = _json(collection)
    return out


def data_page_section(*, lang: str, page_uri: str) -> str:
    """The /data/ page's lines about the IIIF files (Markdown), linked relative to the page
    at ``page_uri`` (``data/index.md``, ``en/data/index.md``)."""
    up = "../" * (len(PurePosixPath(page_uri).parts) - 1)
    link = f"[`{COLLECTION}`]({up}{COLLECTION})"
    return "\n## IIIF\n\n" + site_words(lang).gettext(
        "{link}: every object with a picture, as a IIIF collection (Presentation 3). Each "
        "object and each exhibition has its manifest ({manifests}), to open in Mirador, the "
        "Universal Viewer or any IIIF viewer, beside other collections.",
        link=link, manifests="`iiif/objects/<id>/manifest.json`, "
        "`iiif/exhibits/<id>/manifest.json`",
    ) + "\n"


def _json(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class _Writer:
    """Turns a visible object or exhibition into its manifest (a dict)."""

    def __init__(self, archive: Archive, *, site: str, images: dict[str, Any],
                 langs: list[str]):
        self.archive = archive
        self.site = site
        self.images = images
        self.langs = list(langs) or [archive.default_lang]

    # ------------------------------------------------------------------ texts

    def text(self, value: Any) -> dict[str, list[str]]:
        """A record's text as a language map: each site language it is written in."""
        if value is None:
            return {}
        if isinstance(value, str):
            return {self.archive.default_lang: [value]} if value.strip() else {}
        out = {lang: [value[lang]] for lang in self.langs if value.get(lang)}
        # a text only in a language the site does not show is still better than none
        return out or {lang: [v] for lang, v in value.items() if v}

    def label(self, names: dict[str, str], *, fallback: str) -> dict[str, list[str]]:
        out = {lang: [names[lang]] for lang in self.langs if names.get(lang)}
        return out or self.words(fallback)

    def words(self, key: str) -> dict[str, list[str]]:
        """A named word (parlour/words.py) as a IIIF language map of the site's languages."""
        return {lang: [label(key, lang)] for lang in self.langs}

    def pair(self, key: str, value: dict[str, list[str]]) -> dict[str, Any] | None:
        return {"label": self.words(WORDS[key]), "value": value} if value else None

    # ------------------------------------------------------------------ manifests

    def manifest(self, entry: Entry) -> dict[str, Any] | None:
        """The entry's manifest, or None when it has no published picture."""
        base = self.site + manifest_path(entry.type, entry.id).rsplit("/", 1)[0] + "/"
        pictures = self._pictures(entry)
        canvases = [self._canvas(base, n, picture) for n, picture in enumerate(pictures, 1)]
        canvases = [c for c in canvases if c is not None]
        if not canvases:
            return None
        record = entry.record
        manifest: dict[str, Any] = {
            "@context": CONTEXT,
            "id": base + "manifest.json",
            "type": "Manifest",
            "label": self.text(record.title),
        }
        metadata = [m for m in self._metadata(entry) if m is not None]
        if metadata:
            manifest["metadata"] = metadata
        credit = getattr(record, "credit_line", None)  # None: the view withheld it
        if credit:
            manifest["requiredStatement"] = self.pair("credit", self.text(credit))
        rights = getattr(record, "rights", None)
        if isinstance(rights, str) and rights.startswith(RIGHTS_HOSTS):
            manifest["rights"] = rights
        nav = self._nav_date(entry)
        if nav:
            manifest["navDate"] = nav
        manifest["homepage"] = [self._homepage(entry, lang) for lang in self.langs]
        manifest["thumbnail"] = canvases[0]["thumbnail"]
        if entry.type == "objects":
            manifest["partOf"] = [{"id": self.site + COLLECTION, "type": "Collection"}]
        manifest["items"] = canvases
        return manifest

    def _metadata(self, entry: Entry) -> list[dict[str, Any] | None]:
        record, archive = entry.record, self.archive
        date = getattr(record, "date", None) or getattr(record, "dates", None)
        when = {lang: [dates.words(date, lang)] for lang in self.langs} if date else {}
        rights = getattr(record, "rights", None)
        if isinstance(rights, str) and rights.startswith(RIGHTS_HOSTS):
            rights = None  # given as ``rights``
        if entry.type == "exhibits":
            return [self.pair("venue", self.text(record.venue)), self.pair("dates", when),
                    self.pair("rights", self.text(rights))]
        place = archive.get("places", record.place) if record.place else None
        where = {lang: [archive.title(place, lang)] for lang in self.langs} if place else {}
        return [
            self.pair("kind", self.text(record.kind)),
            self.pair("number", {"none": [record.number]} if record.number else {}),
            self.pair("date", when),
            self.pair("material", self.text(record.material)),
            self.pair("dimensions", self.text(record.dimensions)),
            self.pair("place", where),
            self.pair("rights", self.text(rights)),
        ]

    def _homepage(self, entry: Entry, lang: str) -> dict[str, Any]:
        prefix = "" if lang == self.langs[0] else f"{lang}/"
        return {
            "id": self.site + prefix + entry.url,
            "type": "Text",
            "label": {lang: [label(WORDS["page"], lang)]},
            "format": "text/html",
            "language": [lang],
        }

    @staticmethod
    def _nav_date(entry: Entry) -> str | None:
        date = getattr(entry.record, "date", None) or getattr(entry.record, "dates", None)
        lower = date.parsed.lower if date is not None else None
        return f"{lower.isoformat()}T00:00:00Z" if lower is not None else None

    # ------------------------------------------------------------------ pictures

    def _pictures(self, entry: Entry) -> list[tuple[Any, dict[str, list[str]]]]:
        """(Image, label) of every picture the entry's view shows, each once: an object's
        own; an exhibition's panel pictures and the pictures of the visible objects on its
        panels (the view has dropped the others)."""
        record = entry.record
        found: list[tuple[Any, dict[str, list[str]]]] = []
        if entry.type == "objects":
            title = self.text(record.title)
            found = [(image, self.text(image.caption or image.alt) or title)
                     for image in record.images]
        else:
            for section in record.sections:
                for panel in section.panels:
                    if panel.image is not None:
                        found.append((panel.image, self.text(panel.title)))
                    for ref in panel.items:
                        target = self.archive.get(ref.type, ref.id)
                        if target is None or target.type != "objects":
                            continue
                        title = self.text(target.record.title)
                        found += [(image, title) for image in target.record.images]
        seen: set[str] = set()
        return [(image, label) for image, label in found
                if not (str(image.src) in seen or seen.add(str(image.src)))]

    def _canvas(self, base: str, n: int, picture: tuple[Any, dict]) -> dict[str, Any] | None:
        image, label = picture
        published = self.images.get(str(image.src))
        if published is None:  # not published for this audience: not shown either
            return None
        canvas_id = f"{base}canvas/{n}"
        canvas: dict[str, Any] = {
            "id": canvas_id,
            "type": "Canvas",
            "label": label,
            "width": published.width,
            "height": published.height,
        }
        alt = self.text(image.alt)
        if alt and alt != label:
            # IIIF has no alt text: the summary is where a viewer shows a description
            canvas["summary"] = alt
        canvas["thumbnail"] = [self._thumbnail(published)]
        canvas["items"] = [{
            "id": f"{canvas_id}/page",
            "type": "AnnotationPage",
            "items": [{
                "id": f"{canvas_id}/page/image",
                "type": "Annotation",
                "motivation": "painting",
                "body": self._image(published.url, published.width, published.height),
                "target": canvas_id,
            }],
        }]
        return canvas

    def _image(self, name: str, width: int, height: int) -> dict[str, Any]:
        return {
            "id": self.site + "media/" + name,
            "type": "Image",
            "format": FORMATS.get(PurePosixPath(name).suffix.lower(), "image/jpeg"),
            "width": width,
            "height": height,
        }

    def _thumbnail(self, published: Any) -> dict[str, Any]:
        """The smallest rendition (an SVG is its own thumbnail)."""
        width = dict(published.srcset).get(published.thumb, published.width)
        height = max(1, round(published.height * width / max(1, published.width)))
        return self._image(published.thumb, width, height)
