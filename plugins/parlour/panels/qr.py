"""QR codes for panels and labels: what fits, and the code itself as vector SVG.

A QR code grows with its payload: segno picks the smallest version (21 + 4 × (v - 1)
modules a side) that holds the URL and raises ``DataOverflowError`` beyond version 40
(1,663 bytes at level Q). Long before that the code stops fitting where it is printed,
because a module is never smaller than a millimetre (geometry.py), so each place sets
the largest version it has room for, and pre-flight checks every URL against it.
"""

from __future__ import annotations

import base64
import io

import segno

#: The error correction the issue asks for: Q survives a quarter of the code being dirty.
QR_ERROR = "q"
QR_BORDER = 4
#: On a panel the footer grows with the code. Version 10 (57 modules and the quiet zone:
#: 97 mm on A1, 69 mm on A2) still leaves the content its room (the footer takes an eighth
#: of the height) and holds 151 bytes: with a 50-character site URL, 90 characters for
#: the exhibit's id and the panel's. The sample's URLs need version 6.
PANEL_MAX_VERSION = 10
#: A label is 85 mm wide with 1 mm modules: version 7 (53 mm with its quiet zone) leaves
#: 14 mm beside it for the call to action ("Scan for this object's story" wraps, but no
#: word is cut); it holds 86 bytes: with a 40-character site URL, 37 characters for the
#: object's id. The sample's object URLs need version 5.
LABEL_MAX_VERSION = 7


def version(url: str) -> int | None:
    """The QR version ``url`` needs, or None when no QR code can hold it at all."""
    try:
        return _make(url).version
    except segno.DataOverflowError:
        return None


def fits(url: str, max_version: int) -> bool:
    """Whether ``url`` fits in a QR code of at most ``max_version``."""
    needed = version(url)
    return needed is not None and needed <= max_version


def capacity(max_version: int) -> int:
    """How many bytes a QR code of ``max_version`` holds (at level Q, in byte mode)."""
    low, high = 1, 1663
    while low < high:  # the largest n that fits: versions hold what they hold, no formula
        mid = (low + high + 1) // 2
        if fits("x" * mid, max_version):
            low = mid
        else:
            high = mid - 1
    return low


def qr_svg(url: str, module_mm: float) -> tuple[str, float]:
    """A QR code as a vector SVG data URI and its printed side in mm (quiet zone included).

    Pre-flight has checked that the URL fits (see :func:`fits`); a URL that does not is a
    bug in the caller and raises ``segno.DataOverflowError``.
    """
    qr = _make(url)
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", xmldecl=False, svgns=True, nl=False, border=QR_BORDER,
            dark="#1c1511", light="#ffffff", scale=1)
    side = (qr.symbol_size(border=QR_BORDER)[0]) * module_mm
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"data:image/svg+xml;base64,{data}", round(side, 2)


def _make(url: str) -> segno.QRCode:
    # micro=False: a Micro QR code (segno's choice for a very short URL) is one most phone
    # cameras do not read
    return segno.make(url, error=QR_ERROR, boost_error=False, micro=False)
