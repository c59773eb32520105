"""The fonts panels are set in, and the check that every character has a glyph in them.

WeasyPrint asks fontconfig for a font and, when a character is missing, silently falls back
to another font or draws a box. On a printed A1 panel a box in someone's name is not
acceptable, so before anything is rendered every character of the panel's text is looked up
in the cmap of the font that will set it (fontTools reads the Noto CJK .ttc collections).
"""

from __future__ import annotations

import functools
import glob
import os
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import PanelError

SANS = "Noto Sans CJK SC"
SERIF = "Noto Serif CJK SC"
#: What each font sets: sans for everything, serif for the English lines and for quotes.
FAMILIES = (SANS, SERIF)
INSTALL_HINT = "install them with: apt-get install fonts-noto-cjk (Debian/Ubuntu)"

_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    os.path.expanduser("~/.local/share/fonts"),
    os.path.expanduser("~/.fonts"),
)


@dataclass(frozen=True)
class FontFile:
    family: str
    path: Path
    index: int  # the font's number inside a .ttc collection


def _fc_list(family: str) -> list[Path]:
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(
            ["fc-list", f":family={family}", "file"], capture_output=True, text=True,
            timeout=30, check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(Path(line.split(":", 1)[0].strip()) for line in out.splitlines() if line.strip())


def _glob(family: str) -> list[Path]:
    stem = family.replace(" ", "").replace("CJKSC", "CJK")  # NotoSansCJK-Regular.ttc
    found: list[Path] = []
    for folder in _FONT_DIRS:
        found += [Path(p) for p in glob.glob(f"{folder}/**/{stem}*", recursive=True)]
    return sorted(found)


@functools.cache
def find_font(family: str) -> FontFile:
    """The regular face of ``family`` as installed, or :class:`PanelError` saying what to install."""
    from fontTools.ttLib import TTFont

    candidates = _fc_list(family) or _glob(family)
    # Regular first: the cmap of the bold face is the same, and it is the one body text uses.
    candidates.sort(key=lambda p: ("Regular" not in p.name, p.name))
    for path in candidates:
        count = 1
        if path.suffix.lower() == ".ttc":
            from fontTools.ttLib import TTCollection

            with TTCollection(str(path), lazy=True) as collection:
                count = len(collection.fonts)
        for index in range(count):
            try:
                font = TTFont(str(path), fontNumber=index, lazy=True)
            except Exception:  # noqa: BLE001, S112 - a damaged font is simply not a candidate
                continue
            with font:
                names = {font["name"].getDebugName(i) for i in (1, 16)}
            if family in names:
                return FontFile(family, path, index)
    raise PanelError(f"the font “{family}” is not installed, and panels set in Chinese need it; "
                     f"{INSTALL_HINT}")


@functools.cache
def cmap(family: str) -> frozenset[int]:
    """Every code point the installed ``family`` has a glyph for."""
    from fontTools.ttLib import TTFont

    font = find_font(family)
    with TTFont(str(font.path), fontNumber=font.index, lazy=True) as tt:
        return frozenset(tt.getBestCmap())


def _needs_glyph(char: str) -> bool:
    # Spaces are set as space, and control/format characters (ZWJ, soft hyphen, BOM) draw
    # nothing; everything else must come from the font.
    return not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf")


def missing_glyphs(text: str, family: str) -> list[str]:
    """Characters of ``text`` that ``family`` cannot set, each once, in order of appearance."""
    have = cmap(family)
    return list(dict.fromkeys(c for c in text if _needs_glyph(c) and ord(c) not in have))


def describe(char: str) -> str:
    """``“☺” (U+263A WHITE SMILING FACE)`` for a message."""
    name = unicodedata.name(char, "unnamed character")
    return f"“{char}” (U+{ord(char):04X} {name})"
