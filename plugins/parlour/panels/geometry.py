"""Panel sizes and the type scale that goes with them.

Everything on a panel is measured in ``rem``: one rem is the body size, which is 28 pt on
A1 (readable from about two metres) and scales with the square root of the area, so an A2
panel is the A1 panel shrunk, and an A0 panel the A1 panel grown.
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

#: Body type on A1, in points (the issue's minimum for reading at a distance).
BODY_PT_A1 = 28.0
#: Space outside the bleed for crop marks, in mm, when marks are asked for.
SLUG_MM = 12.0
#: A QR module is never smaller than this, in mm (phones at arm's length need it).
MIN_MODULE_MM = 1.0


@dataclass(frozen=True)
class Geometry:
    """The physical page of one panel: trim size, bleed, slug and the derived type scale."""

    name: str
    width: float  # trim, mm
    height: float  # trim, mm
    bleed: float  # mm, each side
    marks: bool

    @property
    def slug(self) -> float:
        """Extra paper outside the bleed that holds the crop marks (0 without marks)."""
        return SLUG_MM if self.marks else 0.0

    @property
    def scale(self) -> float:
        a1 = A_SIZES["A1"]
        return math.sqrt((self.width * self.height) / (a1[0] * a1[1]))

    @property
    def body_pt(self) -> float:
        return round(BODY_PT_A1 * self.scale, 2)

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


def geometry(size: str, *, bleed: float, marks: bool) -> Geometry:
    name, w, h = parse_size(size)
    if not 0 <= bleed <= 20:
        raise PanelError(f"a bleed of {bleed} mm is out of range (0 to 20 mm)")
    return Geometry(name, w, h, float(bleed), bool(marks))
