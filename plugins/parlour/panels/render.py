"""HTML for panels and labels, and the worker that lays a panel out until it fills its sheet.

:func:`render_job` runs in a worker process, so its argument and result are plain,
picklable data. For a panel it lays the page out at a first zoom, measures the room left
under the last block, and lays it out again at a better zoom (layout.py) until the panel is
full, or as full as its largest zoom makes it; then it reads from the layout what
pre-flight needs (pages used, type set below the size's minimums, the printed size of every
raster image) before writing the PDF bytes. The caller decides, after every panel is back,
whether anything is written to disk.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import fonts
from .content import LabelView, PanelView
from .fetch import Fetcher, clean_svg, svg_text
from .geometry import Geometry
from .layout import (
    AIM_BLANK,
    MOST_BLANK,
    Fit,
    QrPlace,
    cards_of,
    cta_width,
    events_of,
    fit,
    margins,
    next_zoom,
    photo_limit,
    place_qr,
    text_budget,
    text_em,
    zoom_range,
)
from .qr import qr_svg
from .templates import ERA_COLOURS, template

__all__ = ["Job", "Result", "clean_svg", "labels_html", "panel_html", "preview_png",
           "render_job", "svg_text", "text_budget", "text_em"]

PAPER = "#fbf8f2"
#: Longest side of the on-screen preview, in pixels.
PREVIEW_PX = 1400
#: Layouts a panel may take to find the zoom that fills it (each takes about a second).
MAX_LAYOUTS = 5
PX_MM = 25.4 / 96  # WeasyPrint lays out in CSS pixels


# --------------------------------------------------------------------------- panels


def _url_parts(url: str) -> list[str]:
    """The printed link without its scheme, cut after each / and before the #, so it breaks
    into lines there rather than anywhere."""
    text = url.split("://", 1)[-1].rstrip("/")
    return [part for part in re.split(r"(?<=/)|(?=#)", text) if part]


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



@dataclass(frozen=True)
class Blocks:
    """The blocks of a panel that pre-flight can name, numbered as the template marks them
    (data-block): the panel itself, its text, its picture, each item and each quote."""

    where: list[tuple[str, tuple[str, int, int]]]  # (what, (file, line, column))
    panel: int
    text: int
    image: int
    items: dict[str, int]  # "type/id"
    quotes: list[int]


def blocks(p: PanelView) -> Blocks:
    """Number the blocks of ``p`` (the same numbers in the HTML and in pre-flight)."""
    where: list[tuple[str, tuple[str, int, int]]] = [(f"panel {p.id}", p.where)]
    text = image = 0
    if p.text:
        text = len(where)
        where.append((f"the text of panel {p.id}", p.text_where))
    if p.image is not None:
        image = len(where)
        where.append((f"the picture of panel {p.id}", p.image.where))
    items = {}
    for item in p.items:
        items[f"{item.type}/{item.id}"] = len(where)
        where.append((f"{item.type}/{item.id}", item.where))
    quotes = []
    for quote in p.quotes:
        quotes.append(len(where))
        where.append((f"the quote {quote.url.rsplit('/', 1)[-1].lstrip('#') or quote.url}",
                      quote.where))
    return Blocks(where, 0, text, image, items, quotes)


def date_lines(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A date in each language, less the ones that only repeat the first in figures
    ("1958年" / "1958"): a second language earns its line only with words of its own."""
    return [pair for i, pair in enumerate(pairs) if i == 0 or re.search(r"[^\W\d_]", pair[1])]


def panel_html(p: PanelView, g: Geometry, *, t: float = 1.0, shift: float = 0.0) -> str:
    """The panel as one HTML document at zoom ``t`` (layout.fit) with ``shift`` mm of room
    above its content, CSS inline, images as file URLs in stories/media/."""
    html, _, _ = panel_document(p, g, t=t, shift=shift)
    return html


def panel_document(p: PanelView, g: Geometry, *, t: float = 1.0, shift: float = 0.0
                   ) -> tuple[str, Fit, QrPlace]:
    """:func:`panel_html`, with the sizes it used and where its QR code went (for the
    height the panel hangs at, ``g.hang_m``)."""
    qr, side = qr_svg(p.qr_url, g.module_mm) if p.qr_url else ("", 0.0)
    place = place_qr(g, side=side, hang=g.hang_m)
    m = margins(g, place)
    f = fit(p, g, m, t=t, shift=shift)
    accent, tint = ERA_COLOURS.get(p.era, ERA_COLOURS["past"])
    marks = None
    if g.marks:
        outer = g.bleed + g.slug
        w, h = g.width + 2 * outer, g.height + 2 * outer
        # Marks start 1 mm outside the bleed, so trimming never leaves a hairline on the panel.
        lines = crop_marks(w, h, g.bleed + 1.0, g.slug - 2.0, [(outer, outer, g.width, g.height)])
        marks = {"w": round(w, 3), "h": round(h, 3), "lines": lines}
    css = template("panel.css").render(
        g=g, m=m, f=f, q=place, paper=PAPER, accent=accent, tint=tint, cap=g.type.caption,
        cta_w=cta_width(g), sans=fonts.SANS, serif=fonts.SERIF,
    )
    html = template("panel.html").render(
        p=p, g=g, f=f, q=place, b=blocks(p), css=jinja2.utils.markupsafe.Markup(css), qr=qr,
        marks=marks, url_parts=_url_parts(p.qr_url), cards=cards_of(p), events=events_of(p),
        accent=accent, sans=fonts.SANS, dates=date_lines, photo_limit=photo_limit,
    )
    return html, f, place


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
    html: str  # the document; for a panel, "" to lay it out from ``panel`` until it fills
    media_root: str  # images may come from here and nowhere else
    bleed: float = 0.0  # mm; the PDF BleedBox is set to the trim plus this
    preview: bool = True
    single_page: bool = True  # a panel must fit one page; labels may have many
    max_image_bytes: int | None = None  # the site's limit for a picture (None: no limit)
    panel: PanelView | None = None
    geometry: Geometry | None = None


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
    #: the zoom the panel was laid out at, how many layouts that took, and the room left
    #: under its last block (mm)
    zoom: float = 1.0
    layouts: int = 1
    blank: float = 0.0
    #: type set below the size's minimums: (block number, "body" or "caption", points)
    small: list[tuple[int, str, float]] = field(default_factory=list)
    #: the zooms tried and the room (mm) each used
    tried: list[tuple[float, float]] = field(default_factory=list)


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
        fetcher = Fetcher(job.media_root, clean_dir, job.max_image_bytes)

        def lay_out(html: str):
            return weasyprint.HTML(string=html, base_url=Path(job.media_root).as_uri() + "/",
                                   url_fetcher=fetcher).render()

        if job.panel is not None and job.geometry is not None and not job.html:
            document = _fill(job, result, lay_out)
        else:
            document = lay_out(job.html)
        result.pages = len(document.pages)
        result.images = _raster_sizes(document)
        if job.single_page and len(document.pages) > 1:
            document = document.copy(document.pages[:1])
        result.pdf = document.write_pdf(finisher=_bleed_boxes(job.bleed))
        if job.preview:
            result.png = preview_png(result.pdf)
    except Exception as err:  # noqa: BLE001 - reported per panel by the caller
        result.error = f"{type(err).__name__}: {err}"


def _fill(job: Job, result: Result, lay_out):
    """Lay the panel out until it fills its sheet: the largest zoom that fits on one page,
    found by measuring (:func:`layout.next_zoom`); a panel that even its largest zoom
    leaves short of full has its content set in the middle of the room it has."""
    p, g = job.panel, job.geometry
    floor, least, most = zoom_range(p, g)
    t, tried, best, document = 1.0, [], None, None
    room = aim = 0.0
    for _ in range(MAX_LAYOUTS):
        html, f, place = panel_document(p, g, t=t)
        room = g.height - margins(g, place).top - margins(g, place).bottom
        aim = room - AIM_BLANK * g.height
        document = lay_out(html)
        used = _used(document)
        tried.append((t, used))
        # below the least zoom only when the least zoom itself runs over
        lower = floor if any(z <= least + 1e-4 and u > room for z, u in tried) else least
        if used <= room and len(document.pages) == 1:
            if best is None or t > best[0]:
                best = (t, used, document)
            if t >= lower - 1e-4 and (room - used <= MOST_BLANK * g.height or t >= most):
                break
        elif t <= floor:
            break
        following = next_zoom(t, used, aim=aim, room=room, tried=tried, bounds=(lower, most))
        if abs(following - t) < 0.004:
            break
        t = following
    result.tried = tried
    result.layouts = len(tried)
    if best is None:  # even the smallest zoom runs over: pre-flight says so
        result.zoom, result.blank = t, 0.0
    else:
        t, used, document = best
        result.zoom, result.blank = t, room - used
        if room - used > MOST_BLANK * g.height:
            # as large as it may grow and still short: the room is shared above and below
            shift = (room - used) / 2
            html, _, _ = panel_document(p, g, t=t, shift=shift)
            document = lay_out(html)
            result.layouts += 1
            result.blank = room - used - shift
    result.small = small_type(document, g)
    return document


def _used(document) -> float:
    """How much room the panel's content (title row and everything under it) takes, in mm,
    on all its pages together."""
    total = 0.0
    for page in document.pages:
        root = page._page_box
        top = root.content_box_y()
        for box in root.descendants():
            if getattr(box, "element_tag", None) == "main":
                total += box.position_y + box.margin_height() - top
                break
    return total * PX_MM


def small_type(document, g: Geometry) -> list[tuple[int, str, float]]:
    """Every block on the printed page with type below the size's minimums: (block, role,
    the smallest size in pt); running text (data-role="body") against the body minimum,
    everything else against the caption minimum. Words drawn inside pictures are not type."""
    from weasyprint.formatting_structure import boxes

    least = {"body": g.type.min_body, "caption": g.type.min_caption}
    found: dict[tuple[int, str], float] = {}

    def walk(box, block: int, role: str) -> None:
        element = getattr(box, "element", None)
        if element is not None and not isinstance(box, boxes.TextBox):
            block = int(element.get("data-block", block))
            role = element.get("data-role", role)
        if isinstance(box, boxes.TextBox) and box.text.strip():
            size = box.style["font_size"] * 0.75  # px to pt
            if size < least[role] - 0.05:
                key = (block, role)
                found[key] = min(found.get(key, size), size)
        for child in getattr(box, "children", ()):
            walk(child, block, role)

    if document.pages:
        walk(document.pages[0]._page_box, 0, "caption")
    return [(block, role, round(size, 1)) for (block, role), size in sorted(found.items())]


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
