"""What in contributed text could run script in a visitor's browser: HTML tags and event
handlers, javascript: links (in HTML, in Markdown links, behind entities and whitespace), SVG
animations that set a link, and Markdown attribute lists, each with its line and column.

A hint for the contributor (``parlour check`` reports these with file and line): the defence is
elsewhere (record text is sanitised by an allow list when pages are built, and every page
carries a Content-Security-Policy: see parlour/sanitise.py). So these report what would try to
run script, not everything the sanitiser removes. Code, fenced or inline, is left alone: it is
shown, never run.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from xml.etree import ElementTree as etree

from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor

from ..catalog import M_
from .problems import ERROR, WARNING, Message

DANGEROUS_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background"}
#: SVG animation elements that set another element's attribute: to=javascript:... on a link
ANIMATION_TAGS = {"set", "animate", "animatemotion", "animatetransform"}
_BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)
# As in CommonMark, a backtick fence's info string holds no backtick: ```x``` is inline code.
_FENCE = re.compile(r"^( {0,3})(`{3,}(?=[^`]*$)|~{3,})")
_MD_LINK = re.compile(
    r"\]\([ \t]*<?([^)\s>]*)|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>",
    re.MULTILINE,
)
# a paragraph: Markdown finds inline code within one, never across a blank line
_BACKTICKS = BacktickInlineProcessor(BACKTICK_RE)
_PARAGRAPH = re.compile(r"(?s)(?:(?!\n[ \t]*\n).)+")
# Python-Markdown's attr_list: `{ #id .class key=value }` (and `{: ...}`) at the end of a
# heading, a paragraph or after a link, an image or emphasis
_ATTR_LIST = re.compile(r"\{:?[ ]*([^\}\n ][^\}\n]*)[ ]*\}")
_ATTR_TOKEN = re.compile(
    r"""([.#][\w-]+)|([A-Za-z_:][-\w:.]*)(?:=("[^"]*"|'[^']*'|[^\s}]*))?(?=\s|$)""", re.ASCII
)


_LINK_RUNS_CODE = M_("a {scheme}: link could run code")


def _bad_url(value: str) -> bool:
    # Browsers ignore whitespace and control characters inside a scheme: "java\tscript:".
    cleaned = re.sub(r"[\x00-\x20]+", "", html.unescape(value or ""))
    return bool(_BAD_SCHEME.match(cleaned))


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str]] = []

    def handle_starttag(self, tag, attrs):
        line, col = self.getpos()
        if tag in DANGEROUS_TAGS:
            self.found.append((line, col + 1, Message(
                M_("a <{tag}> tag could run code in visitors' browsers"), tag=tag)))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, col + 1, Message(
                    M_("the {name}= attribute on <{tag}> could run code"), name=name, tag=tag)))
            elif value and (name in URL_ATTRS or tag in ANIMATION_TAGS) and _bad_url(value):
                # SVG's <set to=javascript:...> makes a link of the element it animates
                self.found.append((line, col + 1, Message(
                    _LINK_RUNS_CODE, scheme=value.split(":", 1)[0])))
            elif (
                tag in ANIMATION_TAGS and name == "attributename"
                and (value or "").lower().split(":")[-1] in ("href", "src")
            ):
                self.found.append((line, col + 1, Message(
                    M_("<{tag} attributeName={value}> could run code"), tag=tag, value=value)))

    handle_startendtag = handle_starttag


def _blank_code(text: str) -> str:
    """Replace fenced and inline code with spaces, keeping lines and columns."""
    out, fence = [], None
    for line in text.split("\n"):
        m = _FENCE.match(line)
        if fence:
            if m and m.group(2)[0] == fence[0] and len(m.group(2)) >= len(fence):
                fence = None
            out.append(" " * len(line))
            continue
        if m:
            fence = m.group(2)
            out.append(" " * len(line))
            continue
        out.append(line)
    text = "\n".join(out)
    for start, end in reversed(code_spans(text)):
        text = text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]
    return text


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each inline code span of Markdown ``text``, found by Python-Markdown's
    own code (its rules changed between versions): a backslash-escaped backtick opens no
    code, so in \\`<img onerror=...>\\` the HTML is live."""
    spans = []
    for block in _PARAGRAPH.finditer(text):
        data, pos = block.group(0), 0
        while (m := _BACKTICKS.compiled_re.search(data, pos)) is not None:
            found, start, end = _BACKTICKS.handleMatch(m, data)
            if isinstance(found, etree.Element):
                spans.append((block.start() + start, block.start() + end))
            pos = max(end if end is not None else m.end(), m.end())
    return spans


def _attribute_lists(text: str) -> list[tuple[int, str, bool]]:
    """(offset, the list, whether it could run code) for each Markdown attribute list."""
    out = []
    for m in _ATTR_LIST.finditer(text):
        tokens = list(_ATTR_TOKEN.finditer(m.group(1)))
        if not tokens or "".join(t.group(0) for t in tokens) != "".join(m.group(1).split()):
            continue  # {1}, {注}, {a, b}: braces in prose, not an attribute list
        names = [(t.group(2) or "").lower() for t in tokens]
        values = [(t.group(3) or "").strip("\"'") for t in tokens]
        dangerous = any(n.startswith("on") for n in names) or any(_bad_url(v) for v in values)
        out.append((m.start(), m.group(0), dangerous))
    return out


def unsafe_markup(text: str) -> list[tuple[int, int, str, str]]:
    """(line, column, message, severity) for each piece of ``text`` that could run script when
    rendered (an error), and each attribute list, which Parlour prints as typed (a warning)."""
    text = _blank_code(text)
    found: list[tuple[int, int, str, str]] = []

    def where(at: int) -> tuple[int, int]:
        return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1

    if "<" in text:
        scanner = _Scanner()
        try:
            scanner.feed(text)
            scanner.close()
        except Exception:  # noqa: BLE001 - HTMLParser is lenient; be safe if it is not
            found.append((1, 1, Message(M_("this text holds HTML that cannot be read safely")),
                          ERROR))
        found.extend((line, col, message, ERROR) for line, col, message in scanner.found)
    for m in _MD_LINK.finditer(text):
        url = m.group(m.lastindex) if m.lastindex else ""
        if _bad_url(url):
            found.append((*where(m.start(m.lastindex)), Message(
                _LINK_RUNS_CODE, scheme=url.split(":", 1)[0].split("&", 1)[0]), ERROR))
    if "{" in text:
        for at, attrs, dangerous in _attribute_lists(text):
            if dangerous:
                found.append((*where(at), Message(
                    M_("the attribute list “{attrs}” could run code"), attrs=attrs), ERROR))
            else:
                found.append((*where(at), Message(
                    M_("“{attrs}” is shown as typed, not read as page attributes"), attrs=attrs),
                    WARNING))
    return found


def unsafe_html(text: str) -> list[tuple[int, int, str]]:
    """(line, column, message) for each piece of text that could run script when rendered."""
    return [(line, col, message) for line, col, message, severity in unsafe_markup(text)
            if severity == ERROR]
