"""Cells a spreadsheet would run as a formula: neutralised in every CSV Parlour writes,
restored when a curator's sheet is imported.

Excel, LibreOffice and Google Sheets read a cell that begins with ``=``, ``+``, ``-`` or
``@`` (or a tab, a carriage return or a NUL, after OWASP's CSV injection guidance and ASVS
1.2.10) as a formula, so a wish that reads ``=HYPERLINK("http://…?"&A1, "click")`` would send
the sheet's contents away when a curator opens the export. Such a cell is written with a
single quote in front (``'=HYPERLINK(…)``), the usual convention: a spreadsheet shows it as
text, quote and all, and runs nothing. Leading spaces do not help (LibreOffice can trim
them), so ``  =1+1`` is neutralised too.

What is left alone: a plain number (``-5``, ``+3``, ``-0.5``, a longitude ``-0.127``). A
spreadsheet reads it as a number, never as a formula, and users of the open data would not
want ``'-5`` among their numbers. ``-5+1`` is not a plain number and is neutralised. Dates
need no rule of their own: an EDTF date that starts with a formula character is a year
before the common era, ``-1985`` (a plain number, read back as the same text) or
``-1985-04`` (neutralised, so a spreadsheet does not subtract it); open intervals are
``1985/..`` and ``../1985``.

Import takes one quote off a cell that is quotes followed by such a start, so what was
exported comes back the same. A cell that already began with a quote before one of these
characters (``'=x``) is exported with one more (``''=x``), so it too comes back as it was.
"""

from __future__ import annotations

import re

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_START = "=+-@\t\r\0"
QUOTE = "'"
# quotes, then a formula start (after optional whitespace for = + - @)
_RISKY = re.compile(r"'*(?:[\t\r\0]|\s*[=+\-@])")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet may open it safely: a quote in front of a formula start."""
    if not cell or not _RISKY.match(cell):
        return cell
    if cell[0] != QUOTE and _NUMBER.fullmatch(cell):
        return cell
    return QUOTE + cell


def restore(cell: str) -> str:
    """The value :func:`neutralise` was given: one quote fewer before a formula start."""
    if cell.startswith(QUOTE) and _RISKY.match(cell):
        return cell[1:]
    return cell
