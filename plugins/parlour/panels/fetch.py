"""What a panel may load, and in what state: files from stories/media/ only, drawings made
safe and set in the panel fonts, photos stripped of their metadata (render.py's worker)."""

from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path

from . import fonts


class Fetcher:
    """Lets a panel load files from stories/media/ only, and strips metadata from photos.

    A contributed SVG could name any file on the build machine (``<image href="file:///...">``)
    and a photo's EXIF can hold a home's GPS position; neither may end up in a print file.
    No link is followed (as for the website), and nothing larger than the site's limit.

    WeasyPrint keeps the path of a fetched file and, for a JPEG or PNG it need not convert,
    embeds that file's bytes in the PDF rather than the ones fetched: the original photo,
    with its EXIF, XMP and comment. So the cleaned pixels are written to ``clean_dir`` and
    the response names that copy: whatever WeasyPrint reads, it reads the clean one.
    """

    def __init__(self, media_root: str, clean_dir: str, max_bytes: int | None = None):
        self.root = Path(media_root).resolve()
        self.clean_dir = Path(clean_dir)
        self.max_bytes = max_bytes

    def __call__(self, url: str):
        from urllib.request import url2pathname

        from weasyprint.urls import URLFetcher, URLFetcherResponse

        from ..archive.media import _open, through_link

        if url.startswith("data:"):
            return URLFetcher()(url)
        if not url.startswith("file:"):
            raise ValueError(f"panels load nothing from the network ({url})")
        path = Path(os.path.normpath(url2pathname(url.split("?")[0].removeprefix("file://"))))
        if not path.is_relative_to(self.root) or through_link(
            self.root, path.relative_to(self.root).as_posix()
        ):
            raise ValueError(f"panels load files from stories/media/ only, never a link ({url})")
        with _open(path, max_bytes=self.max_bytes) as f:
            data = f.read()
        if path.suffix.lower() == ".svg":
            data = clean_svg(data, path)
            return URLFetcherResponse(url, data, headers={"Content-Type": "image/svg+xml"})
        data, ext = _clean_raster(data, path)
        clean = self.clean_dir / f"{hashlib.sha256(data).hexdigest()}.{ext}"
        clean.write_bytes(data)
        return URLFetcherResponse(clean.as_uri(), data)


_FONT_FAMILY = re.compile(r"font-family\s*:\s*[^;]+")


def _family(value: str) -> str:
    value = value.lower()
    serif = "serif" in value.replace("sans-serif", "").replace("sans serif", "")
    return f"'{fonts.SERIF if serif else fonts.SANS}'"


def clean_svg(data: bytes, path: Path) -> bytes:
    """A contributed SVG made safe (as for the website) and set in the panel fonts.

    Text in a drawing names its own fonts (``sans-serif``, ``Arial``); fontconfig would
    pick any installed font for it, whose glyphs nobody checked. So every font-family in
    the drawing becomes Noto Sans or Serif CJK, the fonts the glyph check knows.
    """
    from ..archive import media as images

    root = images._parse_svg(data, path)
    images._sanitise(root)
    for el in root.iter():
        if el.get("font-family") is not None:
            el.set("font-family", _family(el.get("font-family")))
        style = el.get("style")
        if style and "font-family" in style:
            el.set("style", _FONT_FAMILY.sub(lambda m: "font-family:" + _family(m.group(0)), style))
    if root.get("font-family") is None:
        root.set("font-family", _family("sans-serif"))
    return images._serialise_svg(root)


def svg_text(data: bytes, path: Path) -> str:
    """The words drawn in an SVG (for the glyph check)."""
    from ..archive import media as images

    root = images._parse_svg(data, path)
    return " ".join(
        "".join(el.itertext()) for el in root.iter()
        if isinstance(el.tag, str) and el.tag.rsplit("}", 1)[-1] in ("text", "textPath")
    )


def _clean_raster(data: bytes, path: Path) -> tuple[bytes, str]:
    """Pixels only, turned upright, ICC kept: what images.py publishes, at full size; and
    the extension (jpg or png) of the encoding."""
    from PIL import ImageOps

    from ..archive import media as images

    im = images._decode(data, path)
    icc = im.info.get("icc_profile")
    pixels, icc = images._normalise_mode(ImageOps.exif_transpose(im), icc)
    pixels.info = {}
    ext = "jpg" if im.format in ("JPEG", "MPO") and pixels.mode in ("L", "RGB") else "png"
    buffer = io.BytesIO()
    options = {"icc_profile": icc} if icc else {}
    if ext == "jpg":
        pixels.save(buffer, "JPEG", quality=92, **options)
    else:
        pixels.save(buffer, "PNG", **options)
    images._verify_clean(buffer.getvalue(), path)
    return buffer.getvalue(), ext
