"""The pieces of a page as plain data: texts, links, pictures, facts, cards and filters.

Pages are built in two steps. Python reads the archive's redacted view (``Entry.record``) and
builds *views*: plain dataclasses holding text, relative URLs and numbers, never HTML. The
templates in ``templates/parlour/`` turn views into HTML, with autoescape on, so every record
value is escaped by the template. The one exception is contributor Markdown (bodies,
summaries, synopses ...): :class:`Views` renders it and cleans it with the allow list, and
hands it over as :class:`markupsafe.Markup` inside a :class:`Block`.

Nothing here knows about MkDocs; :class:`Views` is shared by the page builders (pages.py,
record_pages.py) and the home page's blocks (context.py).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mutagen
from markupsafe import Markup

from .archive import Archive, Entry, dates, text, tr
from .archive.eras import era_of
from .archive.media import Published
from .catalog import display_name, locale
from .i18n import languages, prefix, site_words

#: spoken Chinese (ISO 639-3), all written in Chinese characters
CHINESE = {"zh", "cmn", "wuu", "yue", "nan", "hak", "gan", "hsn", "cjy", "cdo", "cpx", "czh"}

#: ``sizes`` of a full-width picture with renditions (the content column is 720 px wide)
SIZES = "(max-width: 960px) 100vw, 720px"


# ---------------------------------------------------------------------- view pieces


@dataclass(frozen=True)
class Text:
    """A one-line text, escaped by the template. ``lang`` is set when the text is not in the
    page's language (a fallback), so the template can mark it with a ``lang`` attribute."""

    text: str
    lang: str = ""

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


@dataclass(frozen=True)
class Link:
    """A link to a page of the site: its text and its URL relative to the linking page."""

    text: Text | str
    url: str


@dataclass(frozen=True)
class Image:
    """A published picture: a rendition's relative URL, its size, alt text and renditions."""

    src: str
    alt: str
    width: int
    height: int
    srcset: str = ""
    sizes: str = ""
    css: str = ""


@dataclass(frozen=True)
class Figure:
    """A picture with its caption and credit (one line, "caption · credit")."""

    image: Image
    caption: str = ""


@dataclass(frozen=True)
class Block:
    """A paragraph-length text: contributor Markdown, rendered and cleaned (``html``). When it
    is a fallback, ``lang`` is its language and ``only`` the note that says so."""

    html: Markup
    lang: str = ""
    only: Text | None = None

    def __bool__(self) -> bool:
        return bool(self.html)


@dataclass(frozen=True)
class Fact:
    """One row of a record's facts: a label and a text, a link or tags."""

    label: str
    text: Text | str = ""
    link: Link | None = None
    tags: list[Link] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.text or self.link or self.tags)


@dataclass(frozen=True)
class Filter:
    """A filter of an index page: the data-* attribute it filters on and its options."""

    name: str
    label: str
    options: list[tuple[str, str]]


@dataclass(frozen=True)
class EraMark:
    """A record's era as a badge shows it: ``key`` (past, present, future) and its word."""

    key: str
    word: str


@dataclass
class Card:
    """One card of a card grid. ``lines`` are paragraphs of parts joined by " · "; ``data``
    becomes data-* attributes the filters read."""

    title: Link
    strong: bool = True
    image: Image | None = None
    date: str = ""
    kind: str = ""
    lines: list[list[Text | str]] = field(default_factory=list)
    quote: Text | None = None
    tags: list[Link] = field(default_factory=list)
    data: dict[str, str] = field(default_factory=dict)
    era: EraMark | None = None
    #: an interview with a recording to hear: "有录音 · 2:01"
    sound: str = ""


@dataclass
class GeneratedPage:
    """One page the archive adds to the site: the view that ``template`` (a page type's
    template, ``parlour/interview.html``) shows, and the page's meta for MkDocs and Material
    (``title``, ``template``: Material's page around it, ``description``)."""

    src_uri: str
    template: str
    view: Any
    meta: dict[str, Any]
    entry: Entry | None = None
    lang: str = "zh"
    words: dict[str, str] = field(default_factory=dict)

    def render(self, renderer: Any) -> str:
        """The page's content as HTML (``renderer``: a templating.Renderer)."""
        return renderer.render(self.template, view=self.view, t=self.words, lang=self.lang)


def meta(title: str, *, template: str, **extra: str) -> dict[str, Any]:
    """A generated page's meta. MkDocs and Material print a page's title and description as
    HTML, as they are: both are escaped here. Material's side navigation and contents column
    are hidden (``hide``): a record or an index page is a room of the exhibition, reached
    from the header's tabs, the breadcrumb and the page's own links, not a chapter of a
    manual; on a phone the menu keeps the whole navigation."""
    out: dict[str, Any] = {
        "title": html.escape(inline(title)), "template": template,
        "hide": ["navigation", "toc"],
    }
    out.update({key: html.escape(value) for key, value in extra.items() if value})
    return out


def data_attrs(**values: Any) -> dict[str, str]:
    """data-* attributes of a card or an event: lists become space-separated words, empty
    values are left out."""
    out = {}
    for key, value in values.items():
        if isinstance(value, (list, tuple, set)):
            value = " ".join(str(v) for v in value)
        if value:
            out[key] = str(value)
    return out


# ---------------------------------------------------------------------- URLs


def page_url(uri: str) -> str:
    """The directory URL MkDocs gives a page (use_directory_urls)."""
    uri = uri.split("#", 1)[0]
    if uri.endswith("index.md"):
        return uri[: -len("index.md")]
    if uri.endswith(".md"):
        return uri[:-3] + "/"
    return uri  # a file (a panel PDF): its URL is its path


def href(from_uri: str, to_uri: str) -> str:
    """The URL of page (or file) ``to_uri``, anchor kept, relative to page ``from_uri``."""
    path, _, anchor = to_uri.partition("#")
    target, base = page_url(path), page_url(from_uri)
    if target == base:
        out = "./"
    else:
        out = _relpath(target, base)
        if target.endswith("/") or not target:
            out += "/"
    return f"{out}#{anchor}" if anchor else out


def _relpath(target: str, base: str) -> str:
    """``posixpath.relpath(target or ".", base or ".")`` for two paths inside the site, by
    their parts alone: relpath asks the OS for the working directory on every call, and a
    build makes tens of thousands of links."""
    if ".." in target or ".." in base or target.startswith("/") or base.startswith("/"):
        return posixpath.relpath(target or ".", base or ".")
    to = [part for part in target.split("/") if part and part != "."]
    start = [part for part in base.split("/") if part and part != "."]
    common = 0
    for a, b in zip(to, start):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def inline(value: str) -> str:
    """A one-line text: the line breaks of folded YAML become spaces."""
    return re.sub(r"\s*\n\s*", " ", str(value)).strip()


def clock(seconds: float) -> str:
    """A length as a player shows it: ``121`` -> ``2:01``, ``3723`` -> ``1:02:03``."""
    total = int(seconds + 0.5)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


#: recording lengths by (record key, file), read once per process
_LENGTHS: dict[tuple, float | None] = {}


def _seconds(path: Path) -> float | None:
    """A recording's length in seconds from its file, None when it cannot be read."""
    try:
        info = mutagen.File(path)
    except (OSError, mutagen.MutagenError):
        return None
    length = getattr(getattr(info, "info", None), "length", None)
    return float(length) if length else None


# ---------------------------------------------------------------------- the builder


class Views:
    """Builds view pieces for one archive, language and set of published pictures.

    ``markdown`` renders contributor Markdown to clean HTML (see templating.RichText); it is
    shared by the languages of a build, so each text is rendered once. Without it, only
    :meth:`block` is unavailable (the record context and the home blocks show no Markdown).
    """

    def __init__(self, archive: Archive, images: dict[str, Published], lang: str, *,
                 markdown: Callable[[str], Markup] | None = None):
        self.a = archive
        self.images = images
        self.lang = lang
        self.default = archive.default_lang
        self.prefix = prefix(lang)
        self.markdown = markdown
        self.catalog = site_words(lang)
        #: interface words in this language, for the templates (``t.summary``); ``t.colon``
        #: after a label is full width in Chinese ("曾名："), a colon and a space in English
        self.words = self.catalog.table()

    # ------------------------------------------------------------------ words and texts

    def L(self, key: str, **values: Any) -> str:  # noqa: N802 - reads like a gettext call
        """An interface word in this page's language."""
        word = self.words[key]
        return word.format(**values) if values else word

    def u(self, uri: str) -> str:
        """A page's source path in this language (``timeline/index.md`` -> ``en/timeline/...``)."""
        return self.prefix + uri

    def t(self, value: Any) -> str:
        """A localized text in this language (or its fallback), as it is."""
        return tr(value, self.lang, self.default)

    def text(self, value: Any) -> Text:
        """A one-line text, marked with its language when it is a fallback."""
        found, lang = text(value, self.lang, self.default)
        return Text(inline(found), lang if found and lang != self.lang else "")

    def block(self, value: Any) -> Block:
        """A paragraph-length text (contributor Markdown), rendered and cleaned; a fallback
        carries the note "Only in Chinese"."""
        found, lang = text(value, self.lang, self.default)
        if self.markdown is None:
            raise RuntimeError("Views.block needs a Markdown renderer (markdown=...)")
        html = self.markdown(found.strip()) if found and found.strip() else Markup("")
        if not html or lang == self.lang:
            return Block(html)
        return Block(html, lang=lang, only=self.only(lang))

    def only(self, lang: str) -> Text | None:
        """The note that a text exists only in ``lang``, in the page's language (for its
        ``lang`` attribute); None when ``lang`` is the page's."""
        if not lang or lang == self.lang:
            return None
        return Text(self.L("only_in", language=self.language_name(lang)), self.lang)

    def language_name(self, tag: str, *, spoken: bool = False) -> str:
        """A language's name in this page's language, CLDR's (中文, 英语, Spanish); a
        recording's language (``spoken``) by the catalog's ``lang.<tag>`` words where it
        has one (普通话, 上海话)."""
        if spoken and f"lang.{tag}" in self.words:
            return self.words[f"lang.{tag}"]
        return display_name(tag, self.lang)

    def written_in(self, spoken: str) -> str:
        """The site language a transcript of a recording in ``spoken`` is written in: a
        Chinese one for any spoken Chinese (上海话 is written in Chinese characters)."""
        try:
            if locale(spoken).language not in CHINESE:
                return spoken
        except ValueError:
            return spoken
        return next((tag for tag in languages() if locale(tag).language == "zh"), "zh")

    def date(self, value: Any) -> str:
        """A date in words, in this language."""
        return dates.words(value, self.lang) if value else ""

    def person(self, person_id: str) -> str:
        """A person as this audience may see them named."""
        return self.a.person_label(person_id, self.lang)

    def era(self, entry: Entry) -> str:
        """past, present or future: the record's own, or worked out (archive/eras.py; an
        interview by the time it tells of)."""
        return era_of(self.a, entry)

    def length(self, entry: Entry) -> str:
        """How long an interview's recording runs ("2:01"); "" when it has none this audience
        may hear, or its length is unknown. Read from the file (mutagen), else taken from the
        transcript's last cue; worked out once per build."""
        r = entry.record
        src = getattr(r, "video", None) or getattr(r, "audio", None)
        if not src:
            return ""
        key = (str(self.a.root), entry.key, str(src))
        if key not in _LENGTHS:
            _LENGTHS[key] = _seconds(self.a.root / "stories" / "media" / str(src))
            if _LENGTHS[key] is None:
                cues = self.a.transcript(entry, self.lang) or []
                _LENGTHS[key] = max((cue.end for cue in cues), default=None)
        seconds = _LENGTHS[key]
        return clock(seconds) if seconds else ""

    def sound(self, entry: Entry) -> str:
        """An interview card's note that it has sound, with the length ("有录音 · 2:01");
        "" when this audience has no recording to hear."""
        r = entry.record
        if not (getattr(r, "audio", None) or getattr(r, "video", None)):
            return ""
        length = self.length(entry)
        return f"{self.L('sound')}\u00a0· {length}" if length else self.L("sound")

    def era_mark(self, entry: Entry) -> EraMark | None:
        """The era badge of a record's card or page; None where an era would say nothing:
        people, exhibitions (their dates say when they are on) and undated records with no
        status or curator's era (a place has no one time)."""
        r = entry.record
        if entry.type in ("people", "exhibits"):
            return None
        dated = (getattr(r, "date", None) is not None or getattr(r, "status", None)
                 or r.era or entry.type in ("interviews", "wishes"))
        if not dated:
            return None
        key = self.era(entry)
        return EraMark(key, self.L(f"era.{key}"))

    def title(self, entry: Entry) -> str:
        """A record's title in this language."""
        return self.a.title(entry, self.lang)

    def theme_name(self, theme: str) -> str:
        """A theme's name in this language."""
        names = self.a.themes[theme]
        return self.t(names.model_dump() if hasattr(names, "model_dump") else names)

    # ------------------------------------------------------------------ links

    def uri(self, entry: Entry) -> str:
        """The source path of an entry's page in this language."""
        return self.u(entry.src_uri)

    def link(self, from_uri: str, entry: Entry, text_: str | None = None) -> Link:
        """A link to a record's page (or its anchor on a section page)."""
        return Link(inline(text_ or self.title(entry)), href(from_uri, self.uri(entry)))

    def map_link(self, from_uri: str, place: Entry | None) -> Link | None:
        """"On the map": a link to the map on a place's page, when this audience's view of
        the place has a location (so its page shows a map); else None."""
        if place is None or getattr(place.record, "location", None) is None:
            return None
        return Link(self.L("on_map"), href(from_uri, self.uri(place)) + "#map")

    def themes(self, from_uri: str, themes: Iterable[str] | None) -> list[Link]:
        """Links to the pages of the themes a record has (known themes only, once each)."""
        return [
            Link(self.theme_name(theme), href(from_uri, self.u(f"themes/{theme}.md")))
            for theme in dict.fromkeys(themes or []) if theme in self.a.themes
        ]

    # ------------------------------------------------------------------ pictures

    def img(self, from_uri: str, image: Any, *, src: str | None = None, alt: Any = None,
            css: str = "", thumb: bool = False) -> Image | None:
        """A published picture, with its size and renditions; None when it is not published."""
        media = src or image.src
        published = self.images.get(str(media))
        if published is None:
            return None
        chosen = published.thumb if thumb else published.url
        srcset = ""
        if published.srcset and not thumb:
            srcset = ", ".join(
                f"{href(from_uri, 'media/' + url)} {width}w" for url, width in published.srcset
            )
        return Image(
            src=href(from_uri, f"media/{chosen}"),
            alt=inline(self.t(alt if alt is not None else image.alt)),
            width=published.width, height=published.height,
            srcset=srcset, sizes=SIZES if srcset else "", css=css,
        )

    def figure(self, from_uri: str, image: Any) -> Figure | None:
        """A picture with its caption and credit; None when it is not published."""
        img = self.img(from_uri, image)
        if img is None:
            return None
        caption = self.t(image.caption) if image.caption else ""
        credit = self.t(image.credit) if getattr(image, "credit", None) else ""
        return Figure(img, " · ".join(inline(x) for x in (caption, credit) if x))

    # ------------------------------------------------------------------ filters

    def filter(self, name: str, options: list[tuple[str, str]], label_key: str = "") -> Filter:
        """A filter control over the data-``name`` attribute of the cards or events."""
        return Filter(name, self.L("filter." + (label_key or name)), options)

    def theme_options(self, entries: list[Entry]) -> list[tuple[str, str]]:
        """The themes the entries have, in the order of themes.yml, as filter options."""
        used = {t for e in entries for t in (getattr(e.record, "themes", None) or [])}
        return [(t, self.theme_name(t)) for t in self.a.themes if t in used]
