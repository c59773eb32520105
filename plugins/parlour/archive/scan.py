"""Read every output as a stranger could, to prove what it does not say.

``scan_outputs`` turns each file under the given folders into every form a word could hide
in: its path, its bytes as text, gzip opened (the sitemap, Pagefind's fragments and index
chunks), JSON decoded, HTML entities and %-escapes undone, the zero-width spaces Pagefind
puts between Chinese words removed; for raster images the metadata Pillow still finds
(EXIF, GPS, XMP, comments); for PDFs the text of every page, the document information and
XMP, and the metadata of every embedded image; for recordings their tags (mutagen).

``parlour withdraw --verify`` and the consent-leak tests search these forms; neither
trusts that a published file is as clean as the code that wrote it meant it to be.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: Files whose bytes may be gzip: the sitemap and Pagefind's index.
GZIP_SUFFIXES = (".gz", ".pf_fragment", ".pf_index", ".pf_meta", ".pagefind")
JSON_SUFFIXES = (".json", ".json.gz", ".jsonld", ".geojson", ".webmanifest")
RASTER_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".avif"}
AUDIO_SUFFIXES = {".mp3", ".m4a", ".mp4", ".ogg", ".oga", ".opus", ".flac", ".wav", ".webm",
                  ".aac", ".m4v", ".mov"}
#: Image metadata that may carry words or a position (what a leak test reports by name).
_META_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc", "icc_profile")


@dataclass
class Scanned:
    """One file's readable forms, lowercased and joined, and the metadata it still carries."""

    path: str  # relative to the folder scanned, POSIX
    text: str
    #: names of the metadata still present (EXIF tags, GPS, XMP, tags of a recording...)
    metadata: list[str] = field(default_factory=list)


def scan_outputs(folders: Iterable[Path | str]) -> list[Scanned]:
    """Every file under ``folders`` (a folder's files are named ``<folder name>/<path>``)."""
    out: list[Scanned] = []
    for folder in folders:
        folder = Path(folder)
        if folder.is_file():
            out.append(scan_file(folder, folder.name))
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
            out.append(scan_file(path, f"{folder.name}/{path.relative_to(folder).as_posix()}"))
    return out


def scan_file(path: Path, name: str) -> Scanned:
    """The readable forms of one file."""
    data = path.read_bytes()
    views = [name, urllib.parse.unquote(name), *text_views(path.name, data)]
    metadata: list[str] = []
    suffix = path.suffix.lower()
    if suffix in RASTER_SUFFIXES:
        texts, metadata = image_metadata(data)
        views.extend(texts)
    elif suffix == ".pdf":
        texts, metadata = pdf_views(data)
        views.extend(texts)
    elif suffix in AUDIO_SUFFIXES:
        texts, metadata = audio_tags(path)
        views.extend(texts)
    return Scanned(name, "\n".join(views).lower(), metadata)


def text_views(name: str, data: bytes) -> list[str]:
    """The forms a word could hide in: raw, unzipped, JSON-decoded, unescaped."""
    if name.endswith(GZIP_SUFFIXES):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            pass
    # Pagefind's Chinese fragments put a zero-width space between words
    text = data.decode("utf-8", errors="replace").replace("\u200b", "")
    views = [text, html.unescape(text), urllib.parse.unquote(text)]
    if name.endswith(JSON_SUFFIXES) or name.endswith(".pf_fragment"):
        try:
            views.append(json.dumps(json.loads(text), ensure_ascii=False))
        except ValueError:
            pass
    return views


def image_metadata(data: bytes) -> tuple[list[str], list[str]]:
    """(text of every metadata value, names of the metadata present) of a raster image."""
    from PIL import ExifTags, Image  # noqa: PLC0415 - only images need Pillow

    try:
        im = Image.open(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - not an image Pillow reads: the raw bytes still count
        return [], []
    texts: list[str] = []
    present: list[str] = []
    with im:
        exif = im.getexif()
        gps_ifd, exif_ifd = ExifTags.IFD.GPSInfo, ExifTags.IFD.Exif
        for ifd_name, tags in (("IFD0", dict(exif)), ("Exif", dict(exif.get_ifd(exif_ifd))),
                               ("GPS", dict(exif.get_ifd(gps_ifd)))):
            for tag, value in tags.items():
                if ifd_name == "IFD0" and tag in (gps_ifd, exif_ifd):
                    continue
                if ifd_name == "GPS":
                    present.append(f"GPS {ExifTags.GPSTAGS.get(tag, tag)}")
                elif tag in (ExifTags.Base.ImageDescription, ExifTags.Base.Artist,
                             ExifTags.Base.Make, ExifTags.Base.Model, ExifTags.Base.Copyright):
                    present.append(ExifTags.TAGS.get(tag, str(tag)))
                texts.append(_as_text(value))
        if exif.get(gps_ifd) is not None:
            present.append("GPS IFD pointer")
        for key, value in im.info.items():
            if key in _META_KEYS and key != "icc_profile":
                present.append(f"info[{key!r}]")
            texts.append(_as_text(value))
    return texts, present


def pdf_views(data: bytes) -> tuple[list[str], list[str]]:
    """(page text, document information, XMP and embedded images' metadata; names of the
    image metadata present) of a PDF."""
    from pypdf import PdfReader  # noqa: PLC0415

    texts: list[str] = []
    present: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        info = reader.metadata or {}
        texts.extend(f"{k} {v}" for k, v in info.items())
        xmp = reader.xmp_metadata
        if xmp is not None:
            texts.append(_as_text(xmp.stream.get_data()))
        for number, page in enumerate(reader.pages, 1):
            texts.append(page.extract_text() or "")
            for image in _page_images(page):
                image_texts, image_present = image_metadata(image)
                texts.extend(image_texts)
                present.extend(f"page {number}: {p}" for p in image_present)
    except Exception as err:  # noqa: BLE001 - an unreadable PDF is reported, not skipped
        present.append(f"unreadable PDF: {err}")
    return texts, present


def _page_images(page) -> Iterator[bytes]:
    """The bytes of every image placed on a page, as embedded (JPEGs keep their markers)."""
    try:
        images = list(page.images)
    except Exception:  # noqa: BLE001 - pypdf cannot decode every filter; skip those
        return
    for image in images:
        yield image.data


def audio_tags(path: Path) -> tuple[list[str], list[str]]:
    """(tag values, tag names) of a recording, as mutagen reads them."""
    import mutagen  # noqa: PLC0415

    try:
        media = mutagen.File(path)
    except Exception:  # noqa: BLE001 - not a recording mutagen knows
        return [], []
    if media is None or not media.tags:
        return [], []
    texts, present = [], []
    for key, value in media.tags.items():
        present.append(f"tag {key}")
        texts.append(f"{key} {_as_text(value)}")
    return texts, present


def _as_text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").replace("\x00", "")
    if isinstance(value, (list, tuple)):
        return " ".join(_as_text(v) for v in value)
    return str(value)


def find(scanned: Iterable[Scanned], needle: str) -> list[str]:
    """The files (as named by :func:`scan_outputs`) whose any form holds ``needle``."""
    needle = needle.lower()
    return [f.path for f in scanned if needle in f.text]
