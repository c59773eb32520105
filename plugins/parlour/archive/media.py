"""Publish the archive's images for the website: resized, turned upright, metadata stripped.

Photos contributed by residents often carry EXIF with the GPS position of a home, the
camera's serial number or the owner's name. None of that may reach the site, so every
raster image is decoded and re-encoded from pixels only (the ICC profile is kept, because
it is colour, not information about anyone). SVGs are not re-rendered but are parsed and
written back without script, event handlers or editor metadata, because an SVG opened
directly in a browser runs script.

Files are read without following symbolic links and within the curator's size limits
(mediafiles.py). Recordings are published as cleaned copies too: :func:`publish_media`
(recordings.py) removes every tag and leaves the sound as it is.

Nothing here depends on MkDocs: the plugin calls :func:`publish_image` and
:func:`publish_media` per file and ``parlour check`` calls :func:`check_image` and
:func:`strip_metadata_problems`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import re
import shutil
import tempfile
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from xml.parsers import expat

import PIL
from PIL import ExifTags, Image, ImageFile, ImageOps, UnidentifiedImageError

from ..catalog import M_
from .problems import Message
from .mediafiles import (  # noqa: F401 - the media API is imported from here
    DEFAULT_MAX_IMAGE_MB,
    DEFAULT_MAX_MEDIA_MB,
    MediaError,
    MediaLimits,
    media_file,
    media_limits,
    open_media,
    through_link,
    too_large,
)
from .recordings import (  # noqa: F401 - as above
    CONVERT_HINT,
    RecordingError,
    check_recording,
    publish_media,
)

log = logging.getLogger(__name__)

DEFAULT_WIDTHS = (480, 960, 1600)

JPEG_QUALITY = 82

#: Formats we decode; anything else is refused before a decoder runs. The JPEG opener also
#: returns MPO, which is how Pillow names the JPEGs many phones write (a JPEG followed by a
#: second, depth or preview, picture).
RASTER_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "TIFF")

#: Bump when the rendering changes (quality, resampling, naming inside the cache) so that
#: cached renditions made by the old code are not reused.
RENDER_VERSION = 1

#: Keys Pillow puts in ``Image.info`` when a file carries metadata; none may survive.
_METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc")

GPS_WARNING = Message(M_("this photo records where it was taken (GPS)"))
_DAMAGED = M_("the image is damaged or incomplete and cannot be read ({reason})")


class ImageError(MediaError):
    """An image cannot be published (damaged, not an image, too large, a link, ...)."""

    code = "image-unreadable"


@dataclass(frozen=True)
class Published:
    """Where a published image went, relative to the site's media folder (``out_dir``).

    ``url`` is the default rendition (the largest one); ``width`` and ``height`` are its
    size, so a page can reserve the space before the image loads. ``srcset`` lists every
    rendition as (path, width), smallest first; it is empty for SVG. ``thumb`` is the
    smallest rendition (for SVG, the file itself).
    """

    url: str
    width: int
    height: int
    srcset: list[tuple[str, int]]
    thumb: str


def publish_image(
    source: Path,
    media_rel: str,
    out_dir: Path,
    *,
    widths: Iterable[int] = DEFAULT_WIDTHS,
    cache_dir: Path | None = None,
    max_bytes: int | None = DEFAULT_MAX_IMAGE_MB * 1_000_000,
) -> Published:
    """Write the web renditions of one archive image under ``out_dir`` and say where they are.

    ``source`` is the file in ``stories/media/`` and ``media_rel`` its path relative to that
    folder (``objects/coin-phone.jpg``); renditions keep that path with their width added
    (``objects/coin-phone-960.jpg``). Raster images get one rendition per width that is not
    larger than the upright original (never upscaled; a small image gets one rendition at its
    own size). An SVG is sanitised and written under its own name.

    With ``cache_dir``, renditions are kept there by the hash of the source's bytes, so a
    rebuild of an unchanged image only copies files; outputs whose bytes are already right
    are not rewritten. Without it, every call decodes and encodes again.

    Raises :class:`ImageError` for a file that cannot be read, is damaged, is not a
    supported image, is too large to decode safely, is larger than ``max_bytes``, or is a
    symbolic link (so are the folders between it and stories/media/).
    """
    rel = _check_media_rel(media_rel, source)
    wanted = _check_widths(widths)
    data = _read(source, link_depth=len(rel.parts), max_bytes=max_bytes)
    if rel.suffix.lower() == ".svg":
        return _publish_svg(data, source, rel, out_dir)

    entry = None
    if cache_dir is not None:
        entry = _cache_entry(cache_dir, data, wanted)
        cached = _cache_load(entry)
        if cached is not None:
            log.debug("image cache hit for %s", media_rel)
            ext, files = cached
            renditions = [(w, h, (entry / f"{w}.{ext}").read_bytes()) for w, h in files]
            return _write_outputs(rel, out_dir, ext, renditions)

    log.debug("rendering %s", media_rel)
    ext, renditions = _render(data, source, wanted)
    if entry is not None:
        _cache_store(entry, ext, renditions)
    return _write_outputs(rel, out_dir, ext, renditions)


def strip_metadata_problems(source: Path) -> list[str]:
    """Privacy warnings, in plain words, about metadata the source file itself carries.

    The website never shows this metadata (:func:`publish_image` strips it), but the
    original file sits in a public repository, so ``parlour check`` warns about it.
    Returns an empty list for SVG and for photos without such metadata. Raises
    :class:`ImageError` when the file cannot be read as an image.
    """
    if source.suffix.lower() == ".svg":
        return []
    problems = []
    # Only the header is read (load=False), so a huge file costs nothing here; the checks
    # report its size.
    with _open(source) as f, _decode(f, source, load=False) as im:
        try:
            gps = im.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        except Exception:  # noqa: BLE001 - a damaged EXIF block is not a GPS position
            gps = {}
        xmp = im.info.get("xmp") or im.info.get("XML:com.adobe.xmp") or b""
        if isinstance(xmp, str):
            xmp = xmp.encode("utf-8", "replace")
        # A GPS IFD holding only its version number records no position, so look for the
        # coordinates themselves; XMP can carry them too (exif:GPSLatitude).
        has_position = ExifTags.GPS.GPSLatitude in gps or ExifTags.GPS.GPSLongitude in gps
        if has_position or b"GPSLatitude" in xmp or b"GPSLongitude" in xmp:
            problems.append(GPS_WARNING)
    return problems


def check_image(source: Path, *, max_bytes: int | None = None) -> None:
    """Raise :class:`ImageError` if :func:`publish_image` would refuse this file.

    For ``parlour check``, which reports the reason at the record that names the picture:
    the file is read as the build will read it (no links, at most ``max_bytes``), an SVG
    parsed and measured, a raster image decoded whole (a JPEG at an eighth of its size).
    """
    data = _read(source, max_bytes=max_bytes)
    if source.suffix.lower() == ".svg":
        _svg_size(_parse_svg(data, source), source)
        return
    im = _decode(data, source, draft=True)
    try:
        ImageOps.exif_transpose(im).close()
    except Exception as exc:  # noqa: BLE001 - as in _render: a damaged picture, one message
        raise ImageError(source, Message(_DAMAGED, reason=exc)) from exc
    finally:
        im.close()


def image_size(source: Path, *, max_bytes: int | None = None) -> tuple[int, int]:
    """The picture's size in pixels as pages show it (an SVG's CSS pixels, a photo upright):
    the space a map's control points and pins are written in. Raises :class:`ImageError`."""
    data = _read(source, max_bytes=max_bytes)
    if source.suffix.lower() == ".svg":
        return _svg_size(_parse_svg(data, source), source)
    im = _decode(data, source, load=False)
    try:
        width, height = im.size
        orientation = im.getexif().get(0x0112, 1)
    finally:
        im.close()
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


# --------------------------------------------------------------------------- arguments


def _check_media_rel(media_rel: str, source: Path) -> PurePosixPath:
    # The loader already refuses such paths; this guards the writes if a caller does not.
    rel = PurePosixPath(media_rel)
    if not media_rel or "\\" in media_rel or rel.is_absolute() or ".." in rel.parts or not rel.stem:
        raise ImageError(source, Message(
            M_("the media path {path} must stay inside stories/media/"), path=repr(media_rel)))
    return rel


def _check_widths(widths: Iterable[int]) -> tuple[int, ...]:
    wanted = tuple(sorted(set(widths)))
    if not wanted or any(not isinstance(w, int) or w < 1 for w in wanted):
        raise ValueError(f"widths must be positive integers, got {widths!r}")
    return wanted


def _read(source: Path, *, link_depth: int = 1, max_bytes: int | None = None) -> bytes:
    with _open(source, link_depth=link_depth, max_bytes=max_bytes) as f:
        try:
            return f.read()
        except OSError as exc:
            raise ImageError(source, Message(M_("the file cannot be read ({reason})"),
                                             reason=exc.strerror or exc)) from exc


@contextlib.contextmanager
def _open(source: Path, *, link_depth: int = 1, max_bytes: int | None = None):
    """:func:`open_media` for an image: its errors as :class:`ImageError`."""
    try:
        with open_media(
            source, max_bytes=max_bytes, link_depth=link_depth, option="max_image_mb"
        ) as f:
            yield f
    except ImageError:
        raise
    except MediaError as err:
        raise ImageError(err.path, err.reason, code=err.code) from None


# --------------------------------------------------------------------------- raster


@contextlib.contextmanager
def _refuse_truncated():
    # WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES on import (the panels use
    # it); a half-uploaded photo must still be refused, not published with a grey band.
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _decode(
    data: bytes | BinaryIO, source: Path, *, load: bool = True, draft: bool = False
) -> Image.Image:
    """Open (and with ``load``, decode) an image, or raise :class:`ImageError` saying why.

    With ``draft``, a JPEG is decoded at an eighth of its size: every byte is still read, so
    a damaged or cut-short file is still found, in a fraction of the time (for the checks).
    """
    with warnings.catch_warnings(), _refuse_truncated():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; we refuse both, since
        # a contributed photo that large is a mistake or an attack, and decoding it could
        # take the build machine's memory.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            fp = io.BytesIO(data) if isinstance(data, bytes) else data
            im = Image.open(fp, formats=RASTER_FORMATS)
            if draft and im.format in ("JPEG", "MPO"):
                im.draft(im.mode, (max(1, im.width // 8), max(1, im.height // 8)))
            if load:
                im.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageError(source, Message(
                M_("the image is too large to publish safely (more than {pixels} pixels); "
                   "make it smaller"), pixels=f"{Image.MAX_IMAGE_PIXELS:,}",
            )) from exc
        except UnidentifiedImageError as exc:
            raise ImageError(source, Message(M_(
                "this is not an image the site can publish; use JPEG, PNG, WebP, GIF, TIFF "
                "or SVG (photos from iPhones in HEIC format need converting to JPEG first)"),
            )) from exc
        except Exception as exc:
            # Pillow's decoders raise many kinds of exceptions for damaged data (OSError,
            # SyntaxError, ValueError, struct.error, ...); a contributor needs one message.
            raise ImageError(source, Message(_DAMAGED, reason=exc)) from exc
    return im


def _render(
    data: bytes, source: Path, widths: tuple[int, ...]
) -> tuple[str, list[tuple[int, int, bytes]]]:
    """Decode, turn upright and encode each rendition; returns (extension, [(w, h, bytes)])."""
    im = _decode(data, source)
    try:
        try:
            source_format = "JPEG" if im.format == "MPO" else im.format
            icc = im.info.get("icc_profile")
            upright = ImageOps.exif_transpose(im)
            pixels, icc = _normalise_mode(upright, icc)
        except Exception as exc:
            raise ImageError(source, Message(_DAMAGED, reason=exc)) from exc
    finally:
        im.close()

    has_alpha = pixels.mode in ("LA", "RGBA")
    if source_format == "JPEG" or (source_format != "PNG" and not has_alpha):
        ext = "jpg"
        if has_alpha:  # cannot happen for a decoded JPEG; kept so encoding cannot fail
            pixels = pixels.convert("RGB")
    else:
        ext = "png"

    width, height = pixels.size
    sizes = [w for w in widths if w <= width] or [width]
    renditions = []
    for w in sizes:
        h = max(1, round(height * w / width))
        out = (
            pixels.copy()
            if w == width
            else pixels.resize((w, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
        )
        # Pillow copies ``info`` into derived images, and some encoders write what they
        # find there (the JPEG encoder writes a comment from it): start from nothing.
        out.info = {}
        encoded = _encode(out, ext, icc)
        _verify_clean(encoded, source)
        renditions.append((w, h, encoded))
    return ext, renditions


def _normalise_mode(im: Image.Image, icc: bytes | None) -> tuple[Image.Image, bytes | None]:
    """Bring any decoded mode to L, LA, RGB or RGBA, which resize well and encode anywhere."""
    mode = im.mode
    transparent = "transparency" in im.info
    if mode in ("L", "RGB") and not transparent:
        return im, icc
    if mode in ("LA", "RGBA"):
        return im, icc
    if mode == "CMYK":
        # The CMYK profile no longer describes RGB pixels; browsers then assume sRGB.
        return im.convert("RGB"), None
    if mode.startswith("I") or mode == "F":
        # 16-bit greyscale (PNG, TIFF scans): converting straight to L clips at 255.
        return im.convert("I").point(lambda v: v * (1 / 257)).convert("L"), icc
    if mode in ("1", "L"):
        return im.convert("LA" if transparent else "L"), icc
    if mode in ("P", "PA", "RGB", "RGBa", "La"):
        alpha = transparent or mode in ("PA", "RGBa", "La")
        return im.convert("RGBA" if alpha else "RGB"), icc
    return im.convert("RGB"), icc


def _encode(im: Image.Image, ext: str, icc: bytes | None) -> bytes:
    buffer = io.BytesIO()
    options: dict = {"icc_profile": icc} if icc else {}
    if ext == "jpg":
        im.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, **options)
    else:
        im.save(buffer, "PNG", optimize=True, **options)
    return buffer.getvalue()


def _verify_clean(encoded: bytes, source: Path) -> None:
    # Checked on every rendition, not only in tests: a Pillow upgrade that starts carrying
    # metadata over must stop the build, not publish someone's address.
    with Image.open(io.BytesIO(encoded)) as im:
        left = [key for key in _METADATA_KEYS if key in im.info]
        if im.getexif():
            left.append("EXIF")
        if getattr(im, "text", None):
            left.append("text chunks")
    if left:
        raise ImageError(source, Message(
            M_("metadata survived re-encoding ({left}); not publishing it"),
            left=", ".join(left)))


def _write_outputs(
    rel: PurePosixPath, out_dir: Path, ext: str, renditions: list[tuple[int, int, bytes]]
) -> Published:
    srcset = []
    for w, _h, data in renditions:
        name = (rel.parent / f"{rel.stem}-{w}.{ext}").as_posix()
        _write_if_changed(out_dir / name, data)
        srcset.append((name, w))
    largest_w, largest_h, _ = renditions[-1]
    return Published(
        url=srcset[-1][0], width=largest_w, height=largest_h, srcset=srcset, thumb=srcset[0][0]
    )


def _write_if_changed(path: Path, data: bytes) -> None:
    """Write atomically, and not at all when the file already holds these bytes.

    Leaving an unchanged file alone keeps its mtime, so ``mkdocs serve`` and rsync-style
    deploys see nothing to do; the temporary file means an interrupted build never leaves
    half an image behind.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- cache


def _cache_entry(cache_dir: Path, data: bytes, widths: tuple[int, ...]) -> Path:
    # The key holds everything the output depends on: the bytes (not the name or mtime, so
    # a renamed or re-checked-out file is still a hit and a changed one never is), the
    # widths, our rendering settings and Pillow's version (its encoders change over time).
    h = hashlib.sha256()
    h.update(f"{RENDER_VERSION}|{PIL.__version__}|{JPEG_QUALITY}|{widths}|".encode())
    h.update(data)
    key = h.hexdigest()
    return cache_dir / key[:2] / key


def _cache_load(entry: Path) -> tuple[str, list[tuple[int, int]]] | None:
    try:
        manifest = json.loads((entry / "manifest.json").read_text("utf-8"))
        ext = manifest["ext"]
        files = [(int(w), int(h)) for w, h in manifest["renditions"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if ext not in ("jpg", "png") or not files:
        return None
    if not all((entry / f"{w}.{ext}").is_file() for w, _h in files):
        return None
    return ext, files


def _cache_store(entry: Path, ext: str, renditions: list[tuple[int, int, bytes]]) -> None:
    # Built in a temporary folder and renamed into place, so a reader never sees an entry
    # with its manifest but not all its files. A cache that cannot be written only costs
    # time, so it is logged, not raised.
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=entry.parent, prefix=".tmp-"))
        try:
            for w, _h, data in renditions:
                (tmp / f"{w}.{ext}").write_bytes(data)
            manifest = {"ext": ext, "renditions": [[w, h] for w, h, _ in renditions]}
            (tmp / "manifest.json").write_text(json.dumps(manifest), "utf-8")
            if entry.exists():  # an incomplete entry left by an older crash
                shutil.rmtree(entry, ignore_errors=True)
            try:
                os.rename(tmp, entry)
            except OSError:
                pass  # another process stored the same entry first; theirs is as good
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError as exc:
        log.warning("cannot write the image cache in %s: %s", entry.parent, exc)


# --------------------------------------------------------------------------- SVG

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

#: Elements dropped with everything inside them. foreignObject can embed HTML (iframes,
#: forms, script); metadata holds RDF about the author and is never drawn.
_DROP_ELEMENTS = {"script", "foreignobject", "metadata", "handler"}

#: Namespaces dropped wholesale: editor bookkeeping (Inkscape records the author's file
#: paths there) and XHTML, which is only drawn inside foreignObject but whose <script> or
#: <iframe> would act anywhere in the file.
_DROP_NAMESPACES = {
    "http://www.w3.org/1999/xhtml",
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
}

_UNSAFE_VALUE = re.compile(r"(java|vb)script:|data:\s*text/html", re.IGNORECASE)
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20]+")

#: CSS pixels per unit, for width/height given in absolute units.
_UNITS = {"": 1.0, "px": 1.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "pt": 4 / 3, "pc": 16.0}
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-z]*)\s*$", re.IGNORECASE)


def _publish_svg(data: bytes, source: Path, rel: PurePosixPath, out_dir: Path) -> Published:
    root = _parse_svg(data, source)
    _sanitise(root)
    width, height = _svg_size(root, source)
    text = _serialise_svg(root)
    name = rel.as_posix()
    _write_if_changed(out_dir / name, text)
    return Published(url=name, width=width, height=height, srcset=[], thumb=name)


def _parse_svg(data: bytes, source: Path) -> ET.Element:
    # A DOCTYPE is where entities are declared (billion laughs, external files); SVG never
    # needs one, so any DOCTYPE is refused before ElementTree sees the file.
    def refuse(*_args: object) -> None:
        raise _DoctypeFound

    scanner = expat.ParserCreate()
    scanner.StartDoctypeDeclHandler = refuse
    scanner.EntityDeclHandler = refuse
    try:
        scanner.Parse(data, True)
        root = ET.fromstring(data)
    except _DoctypeFound:
        raise ImageError(source, Message(M_(
            "the SVG has a <!DOCTYPE> or <!ENTITY> declaration, which the site does not "
            "accept; remove it (or export again as plain SVG)"),
        )) from None
    except (expat.ExpatError, ET.ParseError) as exc:
        raise ImageError(source, Message(M_("the SVG is not valid XML ({reason})"),
                                         reason=exc)) from None
    if _local(root.tag) != "svg":
        raise ImageError(source, Message(M_("the file does not start with an <svg> element")))
    return root


def _serialise_svg(root: ET.Element) -> bytes:
    # ElementTree writes namespaced elements as <ns0:svg>, which is valid but unreadable,
    # and its default_namespace option refuses SVG's unprefixed attributes. So SVG elements
    # lose their namespace here and the root declares it as the default again; only done
    # when no element is outside every namespace, or those would land in SVG's.
    # xlink:href gets the same treatment, since nearly every older SVG uses it.
    svg = f"{{{SVG_NS}}}"
    xlink = f"{{{XLINK_NS}}}"
    if root.tag == f"{svg}svg" and all(el.tag.startswith("{") for el in root.iter()):
        uses_xlink = False
        for el in root.iter():
            el.tag = el.tag.removeprefix(svg)
            for attr in [a for a in el.attrib if a.startswith(xlink)]:
                el.set(f"xlink:{attr[len(xlink) :]}", el.attrib.pop(attr))
                uses_xlink = True
        root.set("xmlns", SVG_NS)
        if uses_xlink:
            root.set("xmlns:xlink", XLINK_NS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


class _DoctypeFound(Exception):
    pass


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _namespace(name: str) -> str:
    return name[1:].split("}", 1)[0] if name.startswith("{") else ""


def _sanitise(root: ET.Element) -> None:
    """Remove from the tree whatever could run script or record who made the file."""
    for parent in list(root.iter()):
        for child in list(parent):
            # Comments and processing instructions are already gone: ElementTree's default
            # parser drops them (an <?xml-stylesheet?> could otherwise load XSLT).
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if _local(tag).lower() in _DROP_ELEMENTS or _namespace(tag) in _DROP_NAMESPACES:
                parent.remove(child)
    for el in root.iter():
        for attr in list(el.attrib):
            value = _CONTROL_AND_SPACE.sub("", el.attrib[attr])
            if (
                _local(attr).lower().startswith("on")
                or _namespace(attr) in _DROP_NAMESPACES
                # Checked on every attribute, not only href: <animate values="javascript:..">
                # or <set to="javascript:.."> can turn a link into script.
                or _UNSAFE_VALUE.search(value)
            ):
                del el.attrib[attr]


def _svg_size(root: ET.Element, source: Path) -> tuple[int, int]:
    """The SVG's size in CSS pixels: from width/height, else from the viewBox."""
    width = _length(root.get("width"))
    height = _length(root.get("height"))
    box = _view_box(root.get("viewBox"))
    if width and height:
        return _pixels(width), _pixels(height)
    if box:
        box_w, box_h = box
        # One absolute side plus a viewBox: keep the viewBox's proportions.
        if width:
            return _pixels(width), _pixels(width * box_h / box_w)
        if height:
            return _pixels(height * box_w / box_h), _pixels(height)
        return _pixels(box_w), _pixels(box_h)
    raise ImageError(source, Message(M_(
        "the SVG says neither its size (width and height) nor a viewBox; add "
        'viewBox="0 0 WIDTH HEIGHT" so pages can make room for it'),
    ))


def _length(value: str | None) -> float | None:
    # Percentages and font-relative units (em, ex) have no size outside a page: ignored.
    match = _LENGTH.match(value or "")
    if not match or match.group(2).lower() not in _UNITS:
        return None
    number = float(match.group(1)) * _UNITS[match.group(2).lower()]
    return number if number > 0 else None


def _view_box(value: str | None) -> tuple[float, float] | None:
    parts = (value or "").replace(",", " ").split()
    if len(parts) != 4:
        return None
    try:
        _x, _y, w, h = (float(p) for p in parts)
    except ValueError:
        return None
    return (w, h) if w > 0 and h > 0 else None


def _pixels(value: float) -> int:
    return max(1, round(value))
