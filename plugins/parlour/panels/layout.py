"""How a panel uses its sheet: the margins, where the QR code goes for the panel's hanging
height, and the sizes that grow or shrink so the content fills the room it has.

A panel is laid out at a *zoom* ``t``: every size in its content (type and pictures) is
its nominal size times ``t``, captions grow more slowly than body text. The renderer
(render.py) lays the panel out, measures how much room is left under the last block, and
tries another ``t`` until the panel is full (:func:`next_zoom`); :func:`fit` turns ``t``
into sizes. The title, the band and the footer do not zoom.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from .content import PanelView
from .geometry import QR_WINDOW_M, Geometry
from .qr import qr_svg

PT_MM = 25.4 / 72
#: How far a layout may zoom a panel's content, by layout: a quote is display type and may
#: grow a long way; running text and pictures less.
ZOOM_MAX = {"quote": 3.2, "text": 1.7, "hero": 1.5, "grid": 1.5, "timeline": 1.3, "map": 1.4}
#: Below the least zoom that keeps the size's minimums (:func:`zoom_min`) the layout may
#: still shrink a panel this much further to get it onto its sheet; pre-flight then says
#: which block is set too small.
EMERGENCY = 0.75
#: The room left under the last block a layout aims at, and the most it accepts, as a
#: fraction of the trim height (the issue allows 20%, measured to the footer's rule).
AIM_BLANK, MOST_BLANK = 0.04, 0.09
#: At most this many timeline steps share a row: more would be too narrow to read at two
#: metres.
STEPS_PER_ROW = 4
#: Below this, a photo looks soft at reading distance: a layout that fills its sheet
#: never prints a photo larger than this allows (pre-flight warns of one printed coarser).
MIN_PPI = 150
#: ...unless that is smaller than this (mm, its longer side): a photo too small for a panel
#: is printed at a useful size, and pre-flight says it is too small.
PHOTO_LEAST_MM = 60.0
#: The most the footer may lift the QR code above the safe margin, as a fraction of the
#: trim height, to bring it up to the window.
MAX_LIFT = 0.22


def mm(points: float) -> float:
    """Points in millimetres."""
    return points * PT_MM


# --------------------------------------------------------------------------- the QR code


@dataclass(frozen=True)
class QrPlace:
    """Where a panel's QR code and call to action go, and how high that is on the wall."""

    where: str  # "top" (beside the title), "foot" (in the footer) or "" (no code)
    side: float = 0.0  # mm, the code with its quiet zone
    lift: float = 0.0  # mm, how far the footer raises the code above the safe margin
    centre: float = 0.0  # m from the floor, the code's centre
    hang: float = 0.0  # m, the bottom edge's height it was placed for
    ok: bool = True  # within QR_WINDOW_M
    #: hang_bottom values (m) that put the code in the window, for the warning's hint
    ranges: tuple[tuple[float, float], ...] = ()


def top_offset(g: Geometry) -> float:
    """From the trim's top edge to the title row's top (the content area's top), in mm."""
    return round(g.safe + 1.9 * g.rem_mm + 1.5 * g.rem_mm, 2)


def place_qr(g: Geometry, *, side: float, hang: float) -> QrPlace:
    """Put the code beside the title when that is 1.1–1.5 m from the floor, else in the
    footer, raised as far as :data:`MAX_LIFT` allows to reach 1.1 m; when neither reaches
    the window, the nearer of the two (and ``ok`` is False)."""
    if not side:
        return QrPlace("")
    lo, hi = QR_WINDOW_M
    top = hang + (g.height - top_offset(g) - side / 2) / 1000
    foot = hang + (g.safe + side / 2) / 1000
    most = MAX_LIFT * g.height
    ranges = _merge([
        (lo - (top - hang), hi - (top - hang)),
        (lo - (foot - hang) - most / 1000, hi - (foot - hang)),
    ])
    if lo <= top <= hi:
        return QrPlace("top", side, 0.0, round(top, 3), hang, True, ranges)
    lift = min(most, max(0.0, (lo + 0.02 - foot) * 1000))
    raised = foot + lift / 1000
    if lo <= raised <= hi:
        return QrPlace("foot", side, round(lift, 1), round(raised, 3), hang, True, ranges)
    if abs(top - (lo + hi) / 2) <= abs(raised - (lo + hi) / 2):
        return QrPlace("top", side, 0.0, round(top, 3), hang, False, ranges)
    return QrPlace("foot", side, round(lift, 1), round(raised, 3), hang, False, ranges)


def _merge(ranges: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    out: list[list[float]] = []
    for a, b in sorted((max(0.0, a), b) for a, b in ranges if b >= 0):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return tuple((round(a, 2), round(b, 2)) for a, b in out)


def qr_side(p: PanelView, g: Geometry) -> float:
    """The printed side of the panel's QR code with its quiet zone, in mm (0: no code)."""
    return qr_svg(p.qr_url, g.module_mm)[1] if p.qr_url else 0.0


# --------------------------------------------------------------------------- margins


@dataclass(frozen=True)
class Margins:
    top: float  # trim top to the content area (the title row), mm
    side: float
    bottom: float  # trim bottom to the content area's end
    band: float  # from the trim's top edge to the band's lower edge
    foot: float  # the footer's height (rule to safe margin)
    qr_box: float  # width of the QR code and its call to action beside the title (0: none)


def margins(g: Geometry, qr: QrPlace) -> Margins:
    """The page margins for ``qr``'s placement: the footer holds the venue, and the code
    when it is placed there (raised by its lift)."""
    rem = g.rem_mm
    band = round(g.safe + 1.9 * rem, 2)
    lines = 2 * mm(g.type.caption) * 1.35 + 0.6 * rem
    foot = lines if qr.where != "foot" else max(lines, qr.side + qr.lift + 0.4 * rem)
    bottom = round(g.safe + foot + 1.0 * rem, 2)
    qr_box = round(qr.side + cta_width(g), 2) if qr.where == "top" else 0.0
    return Margins(top_offset(g), g.safe, bottom, band, round(foot, 2), qr_box)


def cta_width(g: Geometry) -> float:
    """Width of the call to action beside its QR code, in mm."""
    return round(0.24 * (g.width - 2 * g.safe), 2)


# --------------------------------------------------------------------------- sizes


def zoom_min(g: Geometry) -> float:
    """The least zoom that keeps body type at the size's minimum (captions have their own
    floor, see :func:`fit`)."""
    return g.type.min_body / g.type.body


def zoom_range(p: PanelView, g: Geometry) -> tuple[float, float, float]:
    """(emergency floor, least zoom within the minimums, most zoom) for panel ``p``."""
    least = zoom_min(g)
    return round(least * EMERGENCY, 3), round(least, 3), ZOOM_MAX.get(p.layout, 1.5)


@dataclass(frozen=True)
class Fit:
    """The sizes of one layout of a panel: type in points, pictures in mm."""

    t: float
    body: float  # running text: the panel's text, summaries, wishes, quotes' translations
    caption: float  # everything small: credits, dates, chips, attributions, the footer
    quote: float  # a quote's own words on a quote panel
    small_quote: float  # a quote on another panel
    lead: float  # a card's or a timeline step's title
    hero: float  # the hero picture's height
    figure: float  # the picture of a quote or text panel
    card_pic: float
    tl_pic: float
    cols: int  # cards per row
    per_row: int  # timeline steps per row
    shift: float = 0.0  # mm of room above the content, when even the largest zoom leaves room


@dataclass(frozen=True)
class Base:
    """What does not change with the zoom: the columns, and the pictures' sizes at t = 1."""

    cols: int
    per_row: int
    hero: float
    figure: float
    card_pic: float
    tl_pic: float


def fit(p: PanelView, g: Geometry, m: Margins, *, t: float = 1.0, shift: float = 0.0) -> Fit:
    """The sizes of panel ``p`` at zoom ``t`` (and ``shift`` mm of room above the content)."""
    b = base(p, g, m)
    ty = g.type
    least = zoom_min(g)
    body = ty.body * t
    # Captions grow more slowly than the text, and shrink only to their own minimum while
    # the text is within its own (below it, in proportion: pre-flight reports both).
    grow = t if t <= 1 else math.sqrt(t)
    caption = max(ty.caption * grow, ty.min_caption * min(1.0, t / least))
    # pictures give way first when a panel is full: they shrink faster than the words
    pics = t if t >= 1 else t ** 3
    return Fit(
        t=round(t, 4), body=round(body, 2), caption=round(caption, 2),
        quote=round(body * 1.15, 2), small_quote=round(max(body * 1.1, caption), 2),
        lead=round(max(caption * 1.15, body * 1.08), 2),
        hero=round(b.hero * pics, 2), figure=round(b.figure * pics, 2),
        card_pic=round(b.card_pic * pics, 2), tl_pic=round(b.tl_pic * pics, 2),
        cols=b.cols, per_row=b.per_row, shift=round(shift, 2),
    )


def photo_limit(image) -> str:
    """CSS that keeps a photo from growing past :data:`MIN_PPI` (``""`` for a drawing)."""
    if image is None or not image.pixels:
        return ""
    w, h = image.pixels
    scale = max(25.4 / MIN_PPI, PHOTO_LEAST_MM / max(w, h))  # mm a pixel, at the most
    return f"max-height: {h * scale:.1f}mm"  # and its width by the ratio


def cards_of(p: PanelView) -> list:
    """The items shown as cards (a grid panel's records other than events)."""
    return [i for i in p.items if p.layout == "grid" and i.type != "events"]


def events_of(p: PanelView) -> list:
    """The items shown on a timeline (every item of a timeline panel, a grid's events)."""
    return [i for i in p.items if p.layout == "timeline" or
            (p.layout == "grid" and i.type == "events")]


def steps_per_row(n: int) -> int:
    """Timeline steps per row: as even as the rows can be, never more than four."""
    if n <= 0:
        return 1
    rows = math.ceil(n / STEPS_PER_ROW)
    return math.ceil(n / rows)


def base(p: PanelView, g: Geometry, m: Margins) -> Base:
    """Columns and the pictures' heights at zoom 1, estimated from what the panel holds;
    the renderer corrects the estimate by measuring the layout."""
    width = g.width - 2 * g.safe
    avail = g.height - m.top - m.bottom
    cards = cards_of(p)
    events = events_of(p)
    n = len(cards)
    cols = 1 if n <= 1 else 2 if n <= 4 else 3 if n <= 6 or n == 9 else 4
    per_row = steps_per_row(len(events))
    title = 5.0 * g.rem_mm
    text = _text_height(p, g, width)
    hero = figure = card_pic = tl_pic = 0.0
    if p.layout == "hero" and p.image is not None:
        strip = 4.5 * g.rem_mm if p.items else 0.0
        hero = max(60.0, 0.8 * (avail - title - text - strip))
    elif p.layout == "map" and p.image is not None:
        # the map is the panel: most of the sheet, its numbered list under it
        rows = math.ceil(len(p.items) / 2)
        figure = max(60.0, 0.9 * (avail - title - text) - rows * 2.2 * g.rem_mm)
        if p.map_aspect:  # never wider than the sheet: the pins are placed on the picture
            figure = min(figure, width * p.map_aspect)
    elif p.image is not None:
        figure = max(50.0, 0.3 * avail)
    if cards:
        rows = math.ceil(n / cols)
        card_w = (width - (cols - 1) * 1.1 * g.rem_mm) / cols
        room = avail - title - text - (0.25 * avail if events else 0.0)
        per = room / rows - 6 * mm(g.type.caption) * 1.35 - 2.5 * g.rem_mm
        if any(c.image is not None or c.placeholder is not None for c in cards):
            card_pic = max(4 * g.rem_mm, min(per * 0.75, 0.8 * card_w))
    if any(e.image is not None for e in events):
        col = width / max(1, per_row)
        tl_pic = min(0.55 * col, 0.1 * avail)
    return Base(cols, per_row, round(hero, 2), round(figure, 2), round(card_pic, 2),
                round(tl_pic, 2))


def _em(text: str) -> float:
    """Width of ``text`` in em: a Chinese character is one em, a Latin one about half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.48 for c in text)


def _text_height(p: PanelView, g: Geometry, width: float) -> float:
    """Estimated height in mm of the panel's text at body size, in its two columns."""
    if not p.text:
        return 0.0
    col = (width - 2.2 * g.rem_mm) / 2
    per_line = col / g.rem_mm
    lines = [max(1, math.ceil(_em(t) / per_line)) for _, t in p.text]
    count = math.ceil(lines[0] / 2) if len(lines) == 1 else max(lines)
    return count * 1.5 * g.rem_mm + 1.4 * g.rem_mm


def next_zoom(t: float, used: float, *, aim: float, room: float,
              tried: list[tuple[float, float]], bounds: tuple[float, float]) -> float:
    """The zoom to try after the layout at ``t`` used ``used`` mm of the ``room`` it has
    (more than ``room`` when it ran over), aiming at ``aim`` mm.

    Content grows a little faster than the zoom (text wraps into more lines), so its height
    is taken as ``used * (t' / t) ** k``, with ``k`` from the two latest tries when there
    are two, else 1.5; the answer stays between the largest zoom known to fit and the
    smallest known to run over, within ``bounds``.
    """
    low, high = bounds
    fits = [z for z, u in tried if u <= room]
    over = [z for z, u in tried if u > room]
    if fits:
        low = max(low, max(fits))
    if over:
        high = min(high, min(over))
    k = 1.5
    if len(tried) >= 2:
        (t1, u1), (t2, u2) = tried[-2], tried[-1]
        if t1 != t2 and u1 > 0 and u2 > 0 and u1 != u2:
            k = min(2.5, max(0.5, math.log(u2 / u1) / math.log(t2 / t1)))
    guess = t * (aim / max(used, 1e-6)) ** (1 / k)
    if fits and over and not max(fits) + 0.004 < guess < min(over) - 0.004:
        # a layout that ran over measures badly (a block moved whole to the next page):
        # between a zoom that fits and one that does not, halve the difference
        guess = (max(fits) + min(over)) / 2
    elif over and guess >= high:
        guess = high * 0.93
    return round(min(high, max(low, guess)), 4)


# --------------------------------------------------------------------------- budgets

#: Text over the estimated room by more than this is refused before layout (see
#: :func:`text_budget`); below it, the layout decides and pre-flight warns of an overflow.
TEXT_SLACK = 1.25
#: The least a hero picture is given (mm), and its caption (rem).
HERO_MIN_MM, HERO_CAPTION = 60.0, 1.6


def text_budget(p: PanelView, g: Geometry) -> float:
    """How much of one language's panel text can ever go on ``p``, in em: a Chinese
    character is one em, a Latin letter about half (see :func:`_em`).

    The panel text is set at body size, which the layout shrinks no further than the size's
    minimum (:func:`zoom_min`), in two columns (one language: CSS columns; two: a column
    each). So the most it can hold is what fits in its columns at the least zoom between
    the title and the footer, less the picture's least height on a hero panel; cards,
    quotes and timelines only take room away. The budget allows :data:`TEXT_SLACK` times
    that, so no text the layout would fit is refused, and what is let through is laid out
    quickly; beyond it, two-language text running over pages takes WeasyPrint minutes to
    tell us what we know already (2,000 characters a language 41 s, 4,400 256 s).
    """
    qr = place_qr(g, side=qr_side(p, g), hang=g.hang_m)
    m = margins(g, qr)
    rem = g.rem_mm * zoom_min(g)  # the body at its least
    room = (g.height - m.top - m.bottom) - 5.0 * g.rem_mm - 1.4 * rem  # title, air
    if qr.where == "top":
        room -= max(0.0, qr.side - 4.0 * g.rem_mm)  # the code may stand taller than the title
    if p.layout == "hero" and p.image is not None:
        room -= HERO_MIN_MM + 1.4 * rem + (HERO_CAPTION * rem if p.image.caption else 0.0)
    column = (g.width - 2 * g.safe - 2.2 * g.rem_mm) / 2 / rem  # em a line
    columns = 2 if len(p.text) == 1 else 1
    return max(0.0, column * math.floor(max(0.0, room) / (1.5 * rem)) * columns * TEXT_SLACK)


def text_em(text: str) -> float:
    """The width of ``text`` in em, as :func:`text_budget` counts it."""
    return _em(text)
