"""What Pagefind reads of a built page: its copy (see :func:`page_copy`), made once per page as
the page is built and handed to :func:`parlour.search.build_index`.

A copy is the page's marked body (``data-pagefind-body``, put there by
:func:`parlour.search.mark_page`) in a page of its own whose ``<html lang>`` names the index
it goes to, with Han characters apart so that Pagefind indexes Chinese character by character,
and without a transcript another site language's page already holds (each text indexed once).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_HTML_LANG = re.compile(r"<html\b[^>]*?\blang=\"([^\"]*)\"", re.IGNORECASE)


def page_lang(output: str) -> str:
    """The page's ``<html lang>``, lower case, or ``unknown``."""
    match = _HTML_LANG.search(output[:2000])
    return match.group(1).strip().lower() if match and match.group(1).strip() else "unknown"


#: Pagefind segments the words of a page only when its language's first subtag is one of
#: these (Chinese with jieba, Japanese, Thai); every other language is cut at white space
SEGMENTED = ("zh", "ja", "th")
#: Chinese languages with their own ISO 639-3 code (the members of the macrolanguage
#: ``zh``, and Literary Chinese): written in Han characters like ``zh``, but to Pagefind
#: a language it does not segment
CHINESE = frozenset({
    "cdo", "cjy", "cmn", "cnp", "cpx", "csp", "czh", "czo", "gan", "hak", "hsn", "lzh",
    "mnp", "nan", "wuu", "yue",
})


def index_language(tag: str) -> str:
    """The language Pagefind files a page of ``tag`` (its ``<html lang>``) under, lower
    case: the tag itself (``zh``, ``zh-hant``, ``zh-tw``, ``en``...), but a Chinese language
    Pagefind would not segment (``yue``, ``cmn-hant``) as the extended form ``zh-yue``,
    which it does, so its Han text is found the same way as any Chinese page's. The worker
    opens the index of this name (see :func:`mark_page`)."""
    tag = tag.strip().lower() or "unknown"
    if tag.split("-")[0] in CHINESE:
        return f"zh-{tag}"
    return tag


#: Han characters (CJK ideographs, extensions A-F, compatibility ideographs, and the
#: ideographic iteration mark, zero and Hangzhou numerals: Han to the worker's \p{Script=Han})
HAN = ("\u3005\u3007\u3021-\u3029\u3038-\u303b"
       "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f")
_HAN_PAIR = re.compile(f"(?<=[{HAN}])(?=[{HAN}])")
#: CJK punctuation (the ideographic comma and stop, corner brackets...) and full-width forms
CJK_PUNCT = ("\u3000-\u3004\u3006\u3008-\u3020\u302a-\u3037\u303c-\u303f"
             "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65")
#: a Han character's edge, or a run of CJK punctuation, in text cut at white space only
_HAN_EDGE = re.compile(f"[{CJK_PUNCT}]+|(?<=[{HAN}])(?=[^{HAN}\\s])|(?<=[^{HAN}\\s])(?=[{HAN}])"
                       f"|(?<=[{HAN}])(?=[{HAN}])")
_TAG = re.compile(r"(<[^>]*>)")
_BODY = re.compile(r"<article\b[^>]*\bdata-pagefind-body\b[^>]*>.*?</article>", re.DOTALL)
_ANY_HAN = re.compile(f"[{HAN}{CJK_PUNCT}]")


def han_apart(fragment: str, *, segmented: bool = True) -> str:
    """HTML with its text's Han characters apart (not in tags or attributes), so that
    Pagefind indexes Chinese character by character.

    In a language Pagefind segments (``segmented``), a zero-width space between adjacent
    Han characters is enough (its segmenter cuts there, and the excerpts read as written).
    Any other language's text Pagefind cuts at white space only: each Han character gets
    spaces on its sides, and CJK punctuation becomes a space (``亮，大`` would be one word).
    """
    if not _ANY_HAN.search(fragment):
        return fragment  # most pages in a language written without Han: nothing to do
    parts = _TAG.split(fragment)
    if segmented:
        return "".join(p if i % 2 else _HAN_PAIR.sub("\u200b", p) for i, p in enumerate(parts))
    return "".join(p if i % 2 else _HAN_EDGE.sub(" ", p) for i, p in enumerate(parts))


_MARKED_LANG = re.compile(r'\bdata-parlour-lang="([^"]*)"')
#: the transcript list (partials/transcript.html) and its language
_TRANSCRIPT = re.compile(r'<ol\b[^>]*\bdata-parlour-transcript\b[^>]*>')
_LANG_ATTR = re.compile(r'\blang="([^"]*)"')


def indexed_language(page: str, body: str | None = None) -> str:
    """The index a built page goes to: the language :func:`mark_page` gave its body, else
    its ``<html lang>``'s. ``body`` is its marked body, when already found."""
    if body is None:
        body = _find_body(page) or ""
    marked = _MARKED_LANG.search(body[:4000])
    return index_language(html.unescape(marked.group(1)) if marked else page_lang(page))


def _find_body(page: str) -> str | None:
    """The marked ``<article>`` (as :data:`_BODY` finds it), by plain string search: a
    regular expression over a page of a long transcript costs more than the rest."""
    marker = page.find(" data-pagefind-body")
    if marker < 0:
        return None
    start = page.rfind("<article", 0, marker)
    end = page.find("</article>", marker)
    if start < 0 or end < 0 or ">" in page[start:marker]:
        found = _BODY.search(page)  # the marker is not in the article's tag: the slow way
        return found.group(0) if found else None
    return page[start:end + len("</article>")]


def written_language(tag: str, languages: Sequence[str]) -> str | None:
    """The site language whose pages hold a transcript in ``tag`` as their own (the one
    views.Views.written_in gives: any spoken Chinese is written in the site's Chinese);
    None when no site language's pages do."""
    by_case = {lang.lower(): lang for lang in languages}
    tag = tag.strip().lower()
    if tag in by_case:
        return by_case[tag]
    if tag.split("-")[0] in CHINESE or tag.split("-")[0] == "zh":
        return next((lang for lang in languages if lang.lower().split("-")[0] == "zh"), None)
    return None


def _drop_fallback_transcript(body: str, lang: str, languages: Sequence[str]) -> str:
    """``body`` without its transcript when the transcript is a fallback in another site
    language, whose page of the same record holds it (an English page showing the Chinese
    transcript): indexed there once, not on every language's page (see the search worker
    for how a Han query on an English page still finds it)."""
    found = _TRANSCRIPT.search(body)
    if found is None:
        return body
    tag = _LANG_ATTR.search(found.group(0))
    written = written_language(tag.group(1), languages) if tag else None
    if written is None or index_language(written) == lang:
        return body
    end = _closing(body, found.end(), "ol")
    return body[:found.start()] + body[end:] if end > 0 else body


def _closing(text: str, pos: int, name: str) -> int:
    """The end of the ``</name>`` closing the element whose start tag ends at ``pos``
    (nested elements of the same name counted); -1 if there is none."""
    depth, opening, closing = 1, re.compile(f"<{name}\\b", re.IGNORECASE), f"</{name}>"
    while depth:
        end = text.find(closing, pos)
        if end < 0:
            return -1
        depth += len(opening.findall(text, pos, end)) - 1
        pos = end + len(closing)
    return pos


#: what the index leaves out of a page's body, as Pagefind's ``--exclude-selectors`` (search.py
#: passes the same list): permalink signs, the edit button, the player, transcript and quote
#: timestamps, and the record page's furniture (related records are found on their own pages;
#: the citation repeats the title)
EXCLUDE_SELECTORS = (
    ".headerlink",
    ".md-content__button",
    ".md-source-file",
    ".parlour-player",
    ".parlour-time",
    ".parlour-cue-time",
    ".parlour-related",
    ".parlour-cite",
    ".parlour-prevnext",
)
_EXCLUDED_CLASS = "|".join(re.escape(s[1:]) for s in EXCLUDE_SELECTORS)
#: the start tag of an element the index leaves out: one of EXCLUDE_SELECTORS, or marked
#: data-pagefind-ignore (lists that repeat other records' titles: card grids, a theme's
#: records, segment links, a person's roles, an event's related records)
_LEFT_OUT = re.compile(
    r"<([a-zA-Z][\w-]*)\b[^>]*?(?:\sdata-pagefind-ignore\b|\sclass=\"[^\"]*?"
    rf"(?<![\w-])(?:{_EXCLUDED_CLASS})(?![\w-])[^\"]*\")[^>]*>")
#: elements without an end tag
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})


def _drop_left_out(body: str) -> str:
    """``body`` without the elements the index leaves out (:data:`_LEFT_OUT`): Pagefind would
    skip them anyway, and a copy without them changes only when what is indexed changes, so
    a title changed in a list on twenty pages re-indexes none of their parts."""
    out, pos = [], 0
    while (found := _LEFT_OUT.search(body, pos)) is not None:
        name = found.group(1).lower()
        end = found.end() if name in _VOID else _closing(body, found.end(), name)
        if end < 0:
            break  # no end tag: leave the rest as it is
        out.append(body[pos:found.start()])
        pos = end
    out.append(body[pos:])
    return "".join(out)


def page_copy(output: str, *, languages: Sequence[str] | None = None
              ) -> tuple[str, bytes] | None:
    """(index language, the copy's bytes) of a built page: what Pagefind reads for it, its
    marked body with Han characters apart; None for a page without a body to index.

    Why characters: Pagefind 1.5 segments Chinese pages with jieba when indexing but queries
    with the browser's Intl.Segmenter, and where they cut differently a query finds nothing
    (向阳里: jieba 向阳/里, the browser 向/阳/里; Pagefind issue #1237). Indexed character by
    character, and queried as the phrase of its characters (our worker does that), a
    Chinese query finds every page holding it as written, the substring match Chinese
    readers expect, whatever either segmenter knows. The published pages stay untouched.

    A transcript in another of the site's ``languages`` (by default the configured ones,
    :func:`parlour.i18n.languages`) is left out: that language's page holds it. The same
    ``output`` always gives the same copy (in one site's languages).
    """
    body = _find_body(output)
    if body is None:
        return None
    lang = indexed_language(output, body)
    if languages is None:
        from .i18n import languages as site_languages

        languages = site_languages()
    body = _drop_left_out(_drop_fallback_transcript(body, lang, languages))
    text = han_apart(body, segmented=lang.split("-")[0] in SEGMENTED)
    return lang, (
        f'<!doctype html><html lang="{html.escape(lang)}"><head><meta charset="utf-8"></head>'
        f"<body>{text}</body></html>"
    ).encode("utf-8")


def index_copy(page: str, *, languages: Sequence[str] | None = None) -> str | None:
    """:func:`page_copy`'s copy as text (tests, tools)."""
    copy = page_copy(page, languages=languages)
    return copy[1].decode("utf-8") if copy else None


@dataclass(frozen=True)
class IndexedPage:
    """A built page's copy for Pagefind (:func:`page_copy`), written to a file."""

    rel: str  # its path under site_dir: "interviews/x/index.html"
    lang: str  # page_copy's language
    source: Path  # a file holding page_copy's bytes
    digest: str  # hex blake2b of those bytes


def save_page_copy(output: str, *, rel: str, folder: Path,
                   languages: Sequence[str] | None = None) -> IndexedPage | None:
    """Write :func:`page_copy` of the built page ``output`` (at ``rel`` under the site) to
    ``folder/rel``; its :class:`IndexedPage`, None when it has nothing to index."""
    copy = page_copy(output, languages=languages)
    if copy is None:
        return None
    lang, data = copy
    source = Path(folder) / rel
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(data)
    return IndexedPage(rel, lang, source, hashlib.blake2b(data, digest_size=16).hexdigest())


