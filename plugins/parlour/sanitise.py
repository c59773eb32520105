"""Hostile text cannot run script: the allow list record-derived HTML is cleaned by, the
Markdown escape that keeps attribute lists out of contributor text, and the
Content-Security-Policy every page carries.

Anyone can open a pull request, so a record's text is hostile until cleaned. Three walls:

1. Record text never meets an attribute list: one-line texts reach autoescaping page
   templates as text, and contributor Markdown is rendered by Parlour without attr_list or
   md_in_html (templating.py), so ``{ autofocus onfocus=... }`` is printed, never read.
2. That rendered Markdown, and the HTML MkDocs renders for a page that shows records
   (the data page, a hand-written page with a block of records), is cleaned by nh3 (the
   Rust ``ammonia`` sanitiser) with an allow list of what Parlour itself writes
   (:func:`clean_html`): no script, no event handler, no ``javascript:`` or ``data:`` URL,
   no frame, form control, SVG or MathML.
3. Every page carries a Content-Security-Policy without ``'unsafe-inline'`` for scripts: only
   files from the site itself and the inline scripts of the page's template (by their sha256)
   run, so a handler the sanitiser missed still cannot (:func:`add_csp`).

``parlour check``'s unsafe-markup messages (archive/checks.py) help the contributor; they are
not one of the walls.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import nh3


#: Elements record-derived HTML may hold: what pages.py, transcript.py and Python-Markdown
#: (with the site's extensions) write, and plain text formatting. Not: script, style, iframe,
#: object, embed, base, meta, link, svg, math, input, button, textarea.
TAGS = {
    "a", "abbr", "audio", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code",
    "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section",
    "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "track", "u", "ul", "var", "video", "wbr",
    # the filter bar of the index pages (pages._filter_bar): a <form> that is never sent
    # (parlour.js cancels it) holding <select>s. Kept without action, method or target, and
    # with no input, button or textarea: nothing in it can be typed in or sent anywhere.
    "form", "label", "select", "option",
}
#: Elements removed with everything inside them (the others lose their tags, keep their text).
DROPPED_WITH_CONTENT = {
    "script", "style", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
    "noscript", "noembed", "noframes", "xmp", "plaintext", "svg", "math", "title", "textarea",
}
#: Attributes on every allowed element (plus every data-* and aria-* attribute).
GENERIC_ATTRIBUTES = {"class", "id", "lang", "dir", "title", "role", "hidden"}
ATTRIBUTES = {
    "*": GENERIC_ATTRIBUTES,
    "a": {"href", "hreflang", "rel", "download", "type"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding"},
    "audio": {"src", "controls", "preload", "loop", "muted"},
    "video": {"src", "controls", "preload", "loop", "muted", "playsinline", "poster", "width",
              "height"},
    "source": {"src", "type", "srcset", "sizes", "media"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "time": {"datetime"},
    "del": {"datetime"},
    "ins": {"datetime"},
    "option": {"value", "selected"},
}
#: Schemes a link or a media source may have; a relative URL (media/..., #t=1:05) always may.
#: Not data: (an HTML document or an SVG with script), nor javascript: or vbscript:.
URL_SCHEMES = {"http", "https", "mailto"}
_URL_ATTRIBUTES = {"href", "src", "poster"}


def _safe_url(value: str) -> bool:
    """A relative URL or one with an allowed scheme (the browser's reading of it: control
    characters and whitespace are ignored inside a scheme)."""
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", value)
    scheme = urlsplit(cleaned).scheme if ":" in cleaned else ""
    return not scheme or scheme.lower() in URL_SCHEMES


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    # ids and data-* attributes Material reads its own page from (#__config, #__drawer,
    # data-md-component ...): a record must not stand in for them (DOM clobbering)
    if name == "id" and value.startswith("__"):
        return None
    if name.startswith("data-md-"):
        return None
    # nh3 checks href and src; these carry URLs too
    if name in _URL_ATTRIBUTES and not _safe_url(value):
        return None
    if name == "srcset" and not all(
        _safe_url(part.strip().split(" ", 1)[0]) for part in value.split(",") if part.strip()
    ):
        return None
    return value


def clean_html(fragment: str) -> str:
    """``fragment`` (a page's content as MkDocs rendered it) with only allowed elements,
    attributes and URLs: no script, event handler, javascript:/data: URL, frame or form
    control survives, whatever the record said."""
    return nh3.clean(
        fragment,
        tags=TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        generic_attribute_prefixes={"data-", "aria-"},
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
        link_rel=None,  # rel is Parlour's own (prev/next); links stay as written
    )


# --------------------------------------------------------------------------- CSP

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
#: <script type> values a browser runs; any other (application/json, application/ld+json)
#: is data, which the policy does not need to allow
_RUN_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
META = '<meta http-equiv="Content-Security-Policy" content="{}">'
#: where Material's web fonts come from (its stylesheet, then the font files)
FONT_HOSTS = ("https://fonts.googleapis.com", "https://fonts.gstatic.com")


def inline_scripts(page_html: str) -> list[str]:
    """The text of every inline script a browser would run in ``page_html``."""
    out = []
    for m in _SCRIPT.finditer(page_html):
        attrs, body = m.group(1), m.group(2)
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if (kind.group(1).lower() if kind else "") in _RUN_TYPES:
            out.append(body)
    return out


def script_hash(script: str) -> str:
    """A CSP source for one inline script: ``'sha256-<base64>'`` of its exact text."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(scripts: Iterable[str], *, web_fonts: bool = False,
                            img_hosts: Iterable[str] = ()) -> str:
    """The policy of one page, allowing the inline ``scripts`` (by hash) and files of the site.

    Nothing comes from another host (DESIGN.md: a visit tells no third party about itself):
    Material's GitHub repository facts are blocked, its web fonts too unless ``web_fonts``
    (a site that did not set ``theme.font: false``; the kiosk always does). ``img_hosts``:
    the host of the maps' online tile layer when a public site configured one (map_tiles).
    ``data:`` images are Material's icons in its CSS. Styles may be inline: Material and our
    scripts set style attributes, CSS cannot run script in today's browsers, and record text
    has no style left after :func:`clean_html` anyway.
    """
    hashes = sorted({script_hash(s) for s in scripts})
    fonts_css, fonts = (" " + FONT_HOSTS[0], " " + FONT_HOSTS[1]) if web_fonts else ("", "")
    return "; ".join([
        "default-src 'self'",
        "script-src " + " ".join(["'self'", *hashes]),
        f"style-src 'self' 'unsafe-inline'{fonts_css}",
        " ".join(["img-src 'self' data: blob:", *img_hosts]),
        "media-src 'self' blob:",
        f"font-src 'self' data:{fonts}",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "frame-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def add_csp(page_html: str, *, untrusted: str = "", web_fonts: bool = False,
            img_hosts: Iterable[str] = ()) -> str:
    """``page_html`` with a Content-Security-Policy ``<meta>`` before its first script.

    Every inline script of the page is allowed by its hash, except those that are also in
    ``untrusted`` (the page's content, made from records): a script that came in with a
    record's text is never allowed, whether the sanitiser removed it or not.
    """
    head = _HEAD.search(page_html)
    if head is None:
        return page_html
    banned = set(inline_scripts(untrusted)) if untrusted else set()
    scripts = [s for s in inline_scripts(page_html) if s not in banned]
    policy = content_security_policy(scripts, web_fonts=web_fonts, img_hosts=img_hosts)
    meta = META.format(html.escape(policy, quote=False).replace('"', "&quot;"))
    # first in <head> after the charset: a policy covers only what comes after it
    first_script = page_html.find("<script", head.end())
    if first_script < 0:
        first_script = len(page_html)
    charset = _CHARSET.search(page_html, head.end(), first_script)
    at = charset.end() if charset else head.end()
    return page_html[:at] + meta + page_html[at:]
