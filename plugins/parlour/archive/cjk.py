"""Chinese, Japanese and Korean text as contributors wrap it in YAML and Markdown.

A folded YAML scalar (``>``) or a Markdown paragraph joins its lines with a space; between two
Han characters (or beside full-width punctuation) that space prints as a gap no Chinese
typesetter would leave ("老物件， 还有"), and browsers do not remove it. The archive removes
it once, where texts are read, so pages, panels, search and open data agree.
"""

from __future__ import annotations

import re

#: CJK ideographs and radicals, full-width forms and CJK punctuation, kana and hangul
CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# spaces, or one line break with the spaces around it (a blank line is a paragraph: kept)
_GAP = re.compile(f"(?<=[{CJK}])(?:[ \\t]*\\r?\\n[ \\t]*|[ \\t]+)(?=[{CJK}])")


def join_cjk_lines(text: str) -> str:
    """``text`` without the spaces and single line breaks between two CJK characters."""
    return _GAP.sub("", text) if text else text
