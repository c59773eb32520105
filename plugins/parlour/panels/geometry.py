"""Panel sizes, the type scale each size is set in, and how high a panel hangs.

Every size is laid out for itself: its body and caption sizes come from :data:`TYPE`, not
from A1 scaled by the area. A wall panel is read standing, from about two metres (A0, A1)
or one and a half (A2); A3 and A4 are for a table or a vitrine, read at 40 to 60 cm, where
type for older readers follows large-print practice (14 pt body, nothing under 11 pt; the
RNIB's clear print guidance asks 12 pt at least and 14 pt for older readers). The layout
may shrink a full panel's type down to the minimums, and grows a sparse panel's type above
the nominal sizes (render.py); pre-flight reports a panel that fits only below them.

Everything on a panel is measured in ``rem``: one rem is the size's nominal body size.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .errors import PanelError

#: ISO 216 A sizes, portrait, in mm.
A_SIZES = {
    "A0": (841.0, 1189.0),
    "A1": (594.0, 841.0),
    "A2": (420.0, 594.0),
    "A3": (297.0, 420.0),
    "A4": (210.0, 297.0),
}
_CUSTOM = re.compile(r"^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)mm$")

#: Space outside the bleed for crop marks, in mm, when marks are asked for.
SLUG_MM = 12.0
#: A QR module is never smaller than this, in mm (phones at arm's length need it).
MIN_MODULE_MM = 1.0
#: Where a panel's top edge is when print.hang_bottom is not given, in metres from the
#: floor: an A1 panel hangs with its bottom edge at 0.6 m, and every other size lines up
#: with it at the top (A0 0.25 m, A2 0.85, A3 1.02, A4 1.14). The QR code, beside the
#: title, then lands at 1.3 to 1.4 m whatever the size.
TOP_EDGE_M = 1.44
#: The height from the floor where a QR code and its call to action belong, in metres:
#: low enough for a child or a wheelchair user, high enough not to stoop for.
QR_WINDOW_M = (1.1, 1.5)


@dataclass(frozen=True)
class TypeScale:
    """Type sizes of one format, in points: nominal sizes and the least the layout may use."""

    use: str  # "wall" (read standing) or "table" (read leaning over it)
    body: float
    caption: float
    min_body: float
    min_caption: float


#: Per format: (use, body, caption, least body, least caption), in points.
TYPE = {
    "A0": TypeScale("wall", 36.0, 26.0, 24.0, 18.0),
    "A1": TypeScale("wall", 28.0, 20.0, 24.0, 18.0),
    "A2": TypeScale("wall", 22.0, 16.0, 18.0, 14.0),
    "A3": TypeScale("table", 17.0, 13.0, 14.0, 11.0),
    "A4": TypeScale("table", 15.0, 12.0, 14.0, 11.0),
}


def type_scale(width: float, height: float) -> TypeScale:
    """The type scale of a panel ``width`` × ``height`` mm: an A size's own, or for another
    size, the nearest A size's by area with its nominal sizes scaled by the area (never
    below that size's minimums, nor above A0's)."""
    for name, (w, h) in A_SIZES.items():
        if (width, height) in ((w, h), (h, w)):
            return TYPE[name]
    area = width * height
    a0 = A_SIZES["A0"][0] * A_SIZES["A0"][1]
    index = min(4, max(0, round(math.log2(a0 / area))))
    name = f"A{index}"
    base = TYPE[name]
    ratio = min(math.sqrt(area / (a0 / 2 ** index)), 1.0 if index == 0 else 2.0)
    return TypeScale(base.use, round(max(base.min_body, base.body * ratio), 1),
                     round(max(base.min_caption, base.caption * ratio), 1),
                     base.min_body, base.min_caption)


@dataclass(frozen=True)
class Geometry:
    """The physical page of one panel: trim size, bleed, slug and the size's type scale."""

    name: str
    width: float  # trim, mm
    height: float  # trim, mm
    bleed: float  # mm, each side
    marks: bool
    hang: float | None = None  # m, the bottom edge above the floor; None: the size's default

    @property
    def slug(self) -> float:
        """Extra paper outside the bleed that holds the crop marks (0 without marks)."""
        return SLUG_MM if self.marks else 0.0

    @property
    def scale(self) -> float:
        """Linear size relative to A1 (for margins and QR modules, not for type)."""
        a1 = A_SIZES["A1"]
        return math.sqrt((self.width * self.height) / (a1[0] * a1[1]))

    @property
    def type(self) -> TypeScale:
        return type_scale(self.width, self.height)

    @property
    def body_pt(self) -> float:
        """The nominal body size (one rem), in points."""
        return self.type.body

    @property
    def rem_mm(self) -> float:
        return self.body_pt * 25.4 / 72

    @property
    def safe(self) -> float:
        """The safe margin inside the trim, in mm: nothing that matters is closer to the cut."""
        return round(max(12.0, 2.6 * self.rem_mm), 2)

    @property
    def module_mm(self) -> float:
        return round(max(MIN_MODULE_MM, 1.5 * self.scale), 2)

    def default_hang(self) -> float:
        """The height of the bottom edge above the floor when the exhibit does not say, in m:
        the top edge at :data:`TOP_EDGE_M` (never below the floor)."""
        return round(max(0.0, TOP_EDGE_M - self.height / 1000), 2)

    @property
    def hang_m(self) -> float:
        """How high the bottom edge hangs, in m: as the exhibit says, or the default."""
        return self.default_hang() if self.hang is None else self.hang

    def label(self) -> str:
        return f"{self.name} ({self.width:g} × {self.height:g} mm)"


def parse_size(size: str) -> tuple[str, float, float]:
    """``A1`` or ``600x900mm`` -> (name, width mm, height mm)."""
    text = size.strip()
    if text.upper() in A_SIZES:
        w, h = A_SIZES[text.upper()]
        return text.upper(), w, h
    match = _CUSTOM.match(text.lower())
    if match:
        w, h = float(match.group(1)), float(match.group(2))
        if 100 <= w <= 5000 and 100 <= h <= 5000:
            return f"{w:g}x{h:g}mm", w, h
        raise PanelError(f"the size {size} is out of range: each side between 100 and 5000 mm")
    raise PanelError(f"unknown panel size {size!r}: use A0, A1, A2, A3, A4 or WIDTHxHEIGHTmm")


def geometry(size: str, *, bleed: float, marks: bool, hang: float | None = None) -> Geometry:
    """The :class:`Geometry` of ``size`` (A0–A4 or ``WIDTHxHEIGHTmm``) with its bleed and
    marks, hung with its bottom edge ``hang`` m above the floor (None: the size's default)."""
    name, w, h = parse_size(size)
    if not 0 <= bleed <= 20:
        raise PanelError(f"a bleed of {bleed} mm is out of range (0 to 20 mm)")
    return Geometry(name, w, h, float(bleed), bool(marks), None if hang is None else float(hang))
