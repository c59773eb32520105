"""HTML for panels and labels, and the worker that turns one HTML into PDF and preview.

:func:`render_job` runs in a worker process, so its argument and result are plain,
picklable data. It lays the page out once and reads from that layout what pre-flight needs
(pages used, the printed size of every raster image) before writing the PDF bytes; the
caller decides, after every panel is back, whether anything is written to disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import math
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import fonts
from .content import LabelView, PanelView
from .geometry import Geometry
from .qr import qr_svg
from .templates import ERA_COLOURS, template

PAPER = "#fbf8f2"
#: Longest side of the on-screen preview, in pixels.
PREVIEW_PX = 1400



# --------------------------------------------------------------------------- QR


def _url_text(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


# --------------------------------------------------------------------------- panels


@dataclass(frozen=True)
class Margins:
    top: float
    side: float
    bottom: float
    band: float  # from the trim's top edge to the band's lower edge
    foot: float
    foot_pad: float


def margins(g: Geometry, qr_mm: float) -> Margins:
    rem = g.rem_mm
    band = round(g.safe + 1.9 * rem, 2)
    foot_pad = round(0.9 * rem, 2)
    foot = round(max(qr_mm, 3.2 * rem) + foot_pad, 2)
    top = round(band + 1.8 * rem, 2)
    bottom = round(g.safe + foot + 1.4 * rem, 2)
    return Margins(top, g.safe, bottom, band, foot, foot_pad)


def crop_marks(width: float, height: float, offset: float, outer: float,
               boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, ...]]:
    """Crop marks for rectangles ``(x, y, w, h)``: at every corner, two lines on the trim
    lines, starting ``offset`` mm outside the corner and ``outer`` mm long."""
    lines = []
    for x, y, w, h in boxes:
        for cx, sx in ((x, -1), (x + w, 1)):
            for cy, sy in ((y, -1), (y + h, 1)):
                lines.append((cx + sx * offset, cy, cx + sx * (offset + outer), cy))
                lines.append((cx, cy + sy * offset, cx, cy + sy * (offset + outer)))
    return [tuple(round(v, 3) for v in line) for line in lines
            if all(0 <= v <= lim for v, lim in zip(line, (width, height, width, height)))]


def _em(text: str) -> float:
    """Width of ``text`` in em: a Chinese character is one em, a Latin one about half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.48 for c in text)


def _height(texts: list[str], width_mm: float, size_rem: float, rem_mm: float,
            line: float = 1.5) -> float:
    """Estimated height in rem of ``texts`` set in a column ``width_mm`` wide."""
    per_line = max(1.0, width_mm / (size_rem * rem_mm))
    lines = sum(max(1, math.ceil(_em(t) / per_line)) for t in texts if t)
    return lines * size_rem * line


@dataclass(frozen=True)
class Fit:
    """The sizes that grow or shrink so a panel's content fills its space (rem or mm)."""

    cols: int
    hero_mm: float
    card_pic: float
    card_font: float
    quote_size: float
    tl_font: float
    tl_pic: float


def _room(g: Geometry, m: Margins) -> float:
    """Height in rem between the band and the footer, with a little air at the bottom."""
    return (g.height - m.top - m.bottom) / g.rem_mm - 0.8


def _title_height(p: PanelView, g: Geometry) -> float:
    """Estimated height in rem of the panel's title block (rule and margins included)."""
    width = g.width - 2 * g.safe
    return 1.3 + 1.12 + sum(
        _height([t], width, size, g.rem_mm, 1.15) + (0.35 if i else 0)
        for i, ((_, t), size) in enumerate(zip(p.title, (3.1, 1.6))))


#: Text over the estimated room by more than this is refused before layout (see
#: :func:`text_budget`); below it, the layout decides and pre-flight warns of an overflow.
TEXT_SLACK = 1.25
#: The least a hero picture is given (mm), as :func:`fit` gives it, and its caption (rem).
HERO_MIN_MM, HERO_CAPTION = 60.0, 1.6


def text_budget(p: PanelView, g: Geometry) -> float:
    """How much of one language's panel text can ever go on ``p``, in em: a Chinese
    character is one em, a Latin letter about half (see :func:`_em`).

    The panel text is set at body size (1 rem), which never shrinks to make room, in two
    columns (one language: CSS columns; two: a column each). So the most it can hold is
    what fits in its columns between the title and the footer, less the picture's least
    height on a hero panel; cards, quotes and timelines only take room away.

    Measured with WeasyPrint (the longest text that stays on one page, against this
    estimate without the slack): on A2 with a 63-character QR link, a column holds 949
    Chinese characters (estimate 950 em) or 1,866 letters of English (950 em / 0.48 =
    1,979); the same text alone in two columns 1,909 characters (2,005) or 4,019 letters
    (4,177); a hero panel 790 (791); A1 1,997 (2,057), A0 983 (1,003), A4 1,650 (1,636),
    1000x500mm 1,366 (1,407). The type scales with the panel, so the A sizes hold about the
    same, and the estimate is within 6% everywhere. The budget allows :data:`TEXT_SLACK`
    times the estimate, so no text the layout would fit is refused, and what is let
    through is laid out quickly (1,250 characters a language on A2: 3.5 s, two pages).
    Beyond it, two-language text running over pages takes WeasyPrint minutes to tell us
    what we know already: 2,000 characters a language 41 s, 3,000 76 s, 4,400 256 s.
    """
    qr_mm = qr_svg(p.qr_url, g.module_mm)[1] if p.qr_url else 0.0
    m = margins(g, qr_mm)
    rem = g.rem_mm
    room = _room(g, m) - _title_height(p, g) - 1.4  # 1.4: the space under the text
    if p.layout == "hero" and p.image is not None:
        room -= HERO_MIN_MM / rem + 1.4 + (HERO_CAPTION if p.image.caption else 0.0)
    column = (g.width - 2 * g.safe - 2.2 * rem) / 2 / rem  # em a line, at 1 rem
    columns = 2 if len(p.text) == 1 else 1
    return max(0.0, column * math.floor(max(0.0, room) / 1.5) * columns * TEXT_SLACK)


def text_em(text: str) -> float:
    """The width of ``text`` in em, as :func:`text_budget` counts it."""
    return _em(text)


def fit(p: PanelView, g: Geometry, m: Margins) -> Fit:
    """Estimate the heights of the fixed parts, and share the rest among the parts that can
    grow (the hero picture, card pictures, the quote, the timeline type). Only an estimate:
    the layout decides, and pre-flight reports a panel that still does not fit."""
    rem = g.rem_mm
    width = g.width - 2 * g.safe
    avail = _room(g, m)
    used = _title_height(p, g)
    if p.text:
        col = (width - 2.2 * rem) / 2
        if len(p.text) == 1:
            used += _height([p.text[0][1]], col, 1.0, rem) / 2 + 1.4
        else:
            used += max(_height([t], col, 1.0, rem) for _, t in p.text) + 1.4
    cards = [i for i in p.items if p.layout == "grid" and i.type != "events"]
    events = [i for i in p.items if p.layout == "timeline" or i.type == "events"]
    n = max(1, len(cards))
    cols = min(n, 2 if n <= 4 else 3 if n <= 6 or n == 9 else 4)
    rows = math.ceil(len(cards) / cols) if cards else 0
    if p.layout != "quote" and p.quotes:
        used += sum(_height([q.text[0][1]], width - 2.4 * rem, 1.15, rem, 1.45)
                    + _height([t for _, t in q.text[1:]], width - 2.4 * rem, 0.8, rem, 1.4)
                    + 5.0 for q in p.quotes)
    if p.layout == "grid" and events:
        ev_w = width / max(1, len(events))
        used += 7.0 + max(_height([t for _, t in e.title], ev_w - rem, 0.8, rem, 1.3)
                          for e in events)
    if p.layout == "hero":
        strip = 4.0 if p.items else 0.0
        caption = 1.6 if p.image and p.image.caption else 0.0
        hero = (avail - used - strip - caption - 1.4) * rem
        hero_mm = max(60.0, min(hero, (avail * rem) * 0.62))
    else:
        hero_mm = 0.0
    card_pic, card_font = 0.0, 0.66
    if cards:
        card_w = (width - (cols - 1) * 1.1 * rem) / cols - 1.6 * rem
        texts = max(
            _height([t for _, t in c.title], card_w, 0.86 if c.type != "wishes" else 0.9,
                    rem, 1.3)
            + _height([t for _, t in c.credit], card_w, 0.66, rem, 1.35) for c in cards)
        per_row = 0.92 * (avail - used) / rows - 1.1 - 1.5 - 1.2 - texts
        has_pic = any(c.image is not None or c.type == "people" for c in cards)
        if has_pic:
            card_pic = max(4.0, min(per_row, 0.9 * card_w / rem, 24.0))
        else:
            # wishes and the like: the words themselves grow into the room
            card_font = max(0.66, min(1.0, 0.66 * (1 + per_row / max(texts, 1.0) * 0.5)))
    quote_size = 1.15
    if p.layout == "quote" and p.quotes:
        free = avail - used
        for size in (3.6, 3.2, 2.8, 2.5, 2.2, 2.0, 1.8, 1.6, 1.4, 1.25, 1.15):
            need = sum(_height([q.text[0][1]], width - 1.6 * size * rem, size, rem, 1.45)
                       + sum(_height([t], width - 1.6 * size * rem, 0.62 * size, rem, 1.4)
                             for _, t in q.text[1:]) + 4.6 for q in p.quotes)
            if need <= free * 0.8:
                quote_size = size
                break
    tl_font, tl_pic = 0.66, 0.0
    if p.layout == "timeline" and events:
        col = width / len(events) - rem
        tl_pic = 6.0 if any(e.image for e in events) else 0.0
        for size in (1.0, 0.92, 0.85, 0.78, 0.72, 0.66):
            need = 4.5 + tl_pic + max(
                _height([t for _, t in e.date], col, 0.8 * size / 0.66 * 0.8, rem, 1.2)
                + _height([t for _, t in e.title], col, 1.25 * size, rem, 1.25)
                + _height([t for _, t in e.summary], col, size, rem, 1.4) for e in events)
            if need <= (avail - used) * 0.95:
                tl_font = size
                break
        tl_pic = max(tl_pic, min(12.0, (avail - used) * 0.2)) if tl_pic else 0.0
    return Fit(cols, round(hero_mm, 2), round(card_pic, 2), round(card_font, 3),
               quote_size, tl_font, round(tl_pic, 2))


def panel_html(p: PanelView, g: Geometry) -> str:
    """The panel as one HTML document, CSS inline, images as file URLs in stories/media/."""
    qr, qr_mm = qr_svg(p.qr_url, g.module_mm) if p.qr_url else ("", 0.0)
    m = margins(g, qr_mm)
    f = fit(p, g, m)
    accent, tint = ERA_COLOURS.get(p.era, ERA_COLOURS["past"])
    marks = None
    if g.marks:
        outer = g.bleed + g.slug
        w, h = g.width + 2 * outer, g.height + 2 * outer
        # Marks start 1 mm outside the bleed, so trimming never leaves a hairline on the panel.
        lines = crop_marks(w, h, g.bleed + 1.0, g.slug - 2.0, [(outer, outer, g.width, g.height)])
        marks = {"w": round(w, 3), "h": round(h, 3), "lines": lines}
    cards = [i for i in p.items if p.layout == "grid" and i.type != "events"]
    events = [i for i in p.items if p.layout == "timeline" or
              (p.layout == "grid" and i.type == "events")]
    css = template("panel.css").render(
        g=g, m=m, f=f, paper=PAPER, accent=accent, tint=tint, qr_mm=qr_mm,
        n_events=max(1, len(events)), sans=fonts.SANS, serif=fonts.SERIF,
    )
    return template("panel.html").render(p=p, g=g, css=jinja2.utils.markupsafe.Markup(css), qr=qr,
                                  marks=marks, url_text=_url_text(p.qr_url), cards=cards, f=f,
                                  events=events, accent=accent, sans=fonts.SANS)


# --------------------------------------------------------------------------- labels

LABEL_W, LABEL_H = 85.0, 130.0
LABEL_COLS, LABEL_ROWS = 2, 2
LABEL_GAP = 12.0  # room between labels for the cut marks
LABEL_MODULE_MM = 1.0


def labels_html(labels: list[LabelView], title: str) -> str:
    """Object labels, four to an A4 sheet, with cut marks in the gaps between them."""
    x0 = (210 - LABEL_COLS * LABEL_W - (LABEL_COLS - 1) * LABEL_GAP) / 2
    y0 = (297 - LABEL_ROWS * LABEL_H - (LABEL_ROWS - 1) * LABEL_GAP) / 2
    per_sheet = LABEL_COLS * LABEL_ROWS
    sheets = []
    qr_mm = 0.0
    for start in range(0, len(labels), per_sheet):
        placed = []
        for i, label in enumerate(labels[start:start + per_sheet]):
            col, row = i % LABEL_COLS, i // LABEL_COLS
            x = x0 + col * (LABEL_W + LABEL_GAP)
            y = y0 + row * (LABEL_H + LABEL_GAP)
            qr = ""
            if label.qr_url:
                qr, side = qr_svg(label.qr_url, LABEL_MODULE_MM)
                qr_mm = max(qr_mm, side)
            accent = ERA_COLOURS.get(label.era, ERA_COLOURS["past"])[0]
            placed.append({"x": round(x, 3), "y": round(y, 3), "v": label, "qr": qr,
                           "accent": accent})
        boxes = [(lab["x"], lab["y"], LABEL_W, LABEL_H) for lab in placed]
        sheets.append({"labels": placed,
                       "marks": crop_marks(210, 297, 2.0, min(LABEL_GAP / 2 - 2.5, 5.0), boxes)})
    return template("labels.html").render(sheets=sheets, lw=LABEL_W, lh=LABEL_H, title=title,
                                   qr_mm=qr_mm or 30, sans=fonts.SANS, serif=fonts.SERIF)


# --------------------------------------------------------------------------- worker


@dataclass
class Job:
    key: str  # panel id, or "labels"
    html: str
    media_root: str  # images may come from here and nowhere else
    bleed: float = 0.0  # mm; the PDF BleedBox is set to the trim plus this
    preview: bool = True
    single_page: bool = True  # a panel must fit one page; labels may have many
    max_image_bytes: int | None = None  # the site's limit for a picture (None: no limit)


@dataclass
class Result:
    key: str
    pdf: bytes = b""
    png: bytes = b""
    pages: int = 0
    #: raster images as printed: (media path, pixels across, ppi at the printed size)
    images: list[tuple[str, int, float]] = field(default_factory=list)
    seconds: float = 0.0
    error: str = ""


class _Fetcher:
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


def _raster_sizes(document) -> list[tuple[str, int, float]]:
    from weasyprint.formatting_structure import boxes
    from weasyprint.images import RasterImage

    out = []
    for page in document.pages[:1]:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.ReplacedBox) and isinstance(box.replacement, RasterImage):
                image = box.replacement
                if not box.width or not image.width:
                    continue
                # object-fit and max-* keep the ratio, so the narrower fit is what prints
                printed_px = min(box.width, box.height * image.width / image.height)
                ppi = image.width / (printed_px / 96)
                media = box.element.get("data-media", "") if box.element is not None else ""
                out.append((media, image.width, round(ppi, 1)))
    return out


def _bleed_boxes(bleed_mm: float):
    bleed_pt = bleed_mm * 72 / 25.4

    def finisher(_document, pdf) -> None:
        # WeasyPrint puts the BleedBox at most 10 pt outside the trim, and at the MediaBox
        # when marks widen the page; the printer needs it at exactly the bleed.
        import pydyf

        for number in pdf.pages["Kids"][::3]:
            page = pdf.objects[number]
            left, top, right, bottom = page["TrimBox"]
            page["BleedBox"] = pydyf.Array([left - bleed_pt, top - bleed_pt,
                                            right + bleed_pt, bottom + bleed_pt])

    return finisher


def render_job(job: Job) -> Result:
    """Lay out, measure and write one document; never raises (errors come back as text)."""
    import time

    start = time.perf_counter()
    result = Result(job.key)
    # the cleaned photos live until the PDF is written: WeasyPrint reads them late
    with contextlib.ExitStack() as stack:
        _render_into(job, result, stack)
    result.seconds = time.perf_counter() - start
    return result


def _render_into(job: Job, result: Result, stack: contextlib.ExitStack) -> None:
    try:
        import weasyprint

        clean_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="parlour-panel-"))
        document = weasyprint.HTML(
            string=job.html, base_url=Path(job.media_root).as_uri() + "/",
            url_fetcher=_Fetcher(job.media_root, clean_dir, job.max_image_bytes),
        ).render()
        result.pages = len(document.pages)
        result.images = _raster_sizes(document)
        if job.single_page and len(document.pages) > 1:
            document = document.copy(document.pages[:1])
        result.pdf = document.write_pdf(finisher=_bleed_boxes(job.bleed))
        if job.preview:
            result.png = preview_png(result.pdf)
    except Exception as err:  # noqa: BLE001 - reported per panel by the caller
        result.error = f"{type(err).__name__}: {err}"


def preview_png(pdf: bytes, longest: int = PREVIEW_PX, page: int = 0) -> bytes:
    """A PNG of one page (bleed and marks included), ``longest`` pixels on its long side."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        pdf_page = document[page]
        width, height = pdf_page.get_size()
        bitmap = pdf_page.render(scale=longest / max(width, height))
        buffer = io.BytesIO()
        bitmap.to_pil().save(buffer, "PNG", optimize=True)
        return buffer.getvalue()
    finally:
        document.close()
