"""The archive as pages: each generated page is Markdown (so MkDocs renders, validates and
indexes it for search) plus a template named in its meta.

Nothing here knows about MkDocs: pages are plain ``GeneratedPage`` values that the plugin
turns into files, and tests can call :func:`generate_pages` without a build.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from .archive import dates
from .archive import Archive, Entry, text, tr
from .i18n import DEFAULT, LABELS, ONLY_IN, label, prefix
from .archive.media import Published
from .archive.transcript import format_time, transcript_html
from .sanitise import inert_markdown

#: Sections of the site, in navigation order: (src_uri, zh, en).
SECTIONS = [
    (f"{key}/index.md", *LABELS[key])
    for key in ("timeline", "interviews", "objects", "places", "wishes", "exhibits", "themes",
                "people", "data")
]
ERA_LABELS = {era: LABELS[f"era.{era}"] for era in ("past", "present", "future")}
KIND_LABELS = {
    kind: LABELS[f"kind.{kind}"]
    for kind in ("interviews", "objects", "events", "places", "wishes", "exhibits", "people")
}
LOAN_STATUSES = ("on-loan", "returned", "donated")


@dataclass
class GeneratedPage:
    """One page to add to the site."""

    src_uri: str
    markdown: str
    meta: dict[str, Any] = field(default_factory=dict)
    entry: Entry | None = None

    @property
    def content(self) -> str:
        front = yaml.safe_dump(self.meta, allow_unicode=True, sort_keys=False)
        return f"---\n{front}---\n\n{self.markdown}"


def src_uri(entry: Entry) -> str:
    """Where an entry's page is (decided by the archive: :attr:`Entry.src_uri`)."""
    return entry.src_uri


def page_url(uri: str) -> str:
    """The directory URL MkDocs gives a page (use_directory_urls)."""
    uri = uri.split("#", 1)[0]
    if uri.endswith("index.md"):
        return uri[: -len("index.md")]
    return uri[:-3] + "/"


def rel(from_uri: str, to_uri: str) -> str:
    """A Markdown link from one page's source to another's, as MkDocs resolves them."""
    path, _, anchor = to_uri.partition("#")
    out = posixpath.relpath(path, posixpath.dirname(from_uri) or ".")
    return f"{out}#{anchor}" if anchor else out


def url_rel(from_uri: str, target_url: str) -> str:
    """A URL relative to a page's URL, for raw HTML that MkDocs does not rewrite."""
    base = page_url(from_uri)
    return posixpath.relpath(target_url, base or ".") if base else target_url


def esc(text: str) -> str:
    """Plain text safe inside HTML and inline Markdown.

    ``[`` and ``]`` would make links, ``{`` an attribute list (``{ onfocus=... }``): as
    character references Markdown prints them without reading them.
    """
    return (
        html.escape(str(text), quote=True)
        .replace("[", "&#91;").replace("]", "&#93;").replace("{", "&#123;")
    )


def inline(text: str) -> str:
    """A one-line text inside Markdown: newlines would break a list item or table cell."""
    return re.sub(r"\s*\n\s*", " ", str(text)).strip()


class _Writer:
    """Helpers bound to one archive, language and image map."""

    def __init__(self, archive: Archive, images: dict[str, Published], lang: str):
        self.a = archive
        self.images = images
        self.lang = lang
        self.default = archive.default_lang
        self.prefix = prefix(lang)
        self.downloads: dict[str, list[tuple[str, str]]] = {}

    # ------------------------------------------------------------------ text

    def L(self, key: str, **values: Any) -> str:  # noqa: N802 - reads like a gettext call
        """An interface word in this page's language."""
        word = label(key, self.lang)
        return word.format(**values) if values else word

    def u(self, uri: str) -> str:
        """A page's source path in this language (``timeline/index.md`` -> ``en/timeline/...``)."""
        return self.prefix + uri

    def t(self, value: Any) -> str:
        return tr(value, self.lang, self.default)

    def ti(self, value: Any) -> str:
        """A one-line text as escaped HTML, marked with its language when it is a fallback."""
        found, lang = text(value, self.lang, self.default)
        out = esc(inline(found))
        return f'<span lang="{lang}">{out}</span>' if found and lang != self.lang else out

    def block(self, value: Any, *, markdown: bool = True) -> str:
        """A paragraph-length text (Markdown); a fallback says "仅中文 / Chinese only" above it."""
        found, lang = text(value, self.lang, self.default)
        # contributor Markdown: `{ ... }` in it is text, never an attribute list
        found = inert_markdown(found.strip()) if markdown else esc(inline(found))
        if not found or lang == self.lang:
            return found
        return f"{self.only(lang)}\n<div lang=\"{lang}\" markdown>\n\n{found}\n\n</div>\n"

    def only(self, lang: str) -> str:
        """The visible note that the text below exists only in ``lang``."""
        if lang == self.lang or lang not in ONLY_IN:
            return ""
        return (f'<p class="parlour-only" lang="{self.lang}" data-pagefind-ignore>'
                f"{esc(ONLY_IN[lang])}</p>\n")

    def other(self, value: Any) -> str:
        """The text in the other language, if it differs from the one shown."""
        if isinstance(value, dict):
            second = value.get("en") if self.lang != "en" else value.get("zh")
            if second and second != self.t(value):
                return second
        return ""

    def date(self, value: Any) -> str:
        return dates.words(value, self.lang) if value else ""

    def date_en(self, value: Any) -> str:
        return dates.words(value, "en") if value else ""

    def person(self, person_id: str) -> str:
        return self.a.person_label(person_id, self.lang)

    def era(self, entry: Entry) -> str:
        record = entry.record
        if record.era:
            return record.era
        date = getattr(record, "date", None)
        status = getattr(record, "status", None)
        if date is None and status not in ("planned", "wished", "ongoing"):
            return "past"
        return dates.era(date, today=self.a.today, status=status)

    def title(self, entry: Entry) -> str:
        return self.a.title(entry, self.lang)

    def link(self, from_uri: str, entry: Entry, label: str | None = None) -> str:
        return f"[{esc(inline(label or self.title(entry)))}]({rel(from_uri, self.uri(entry))})"

    def uri(self, entry: Entry) -> str:
        """The source path of an entry's page in this language."""
        return self.u(src_uri(entry))

    def themes(self, from_uri: str, themes: list[str]) -> str:
        out = []
        for theme in dict.fromkeys(themes or []):
            label = self.a.themes.get(theme)
            if label is not None:
                out.append(
                    f"[{esc(label.zh if self.lang == 'zh' else label.en)}]"
                    f"({rel(from_uri, self.u(f'themes/{theme}.md'))}){{ .parlour-tag }}"
                )
        return " ".join(out)

    # ------------------------------------------------------------------ images

    def img(self, from_uri: str, image: Any, *, src: str | None = None, alt: Any = None,
            css: str = "", thumb: bool = False) -> str:
        """An <img> for a published image, with size, srcset and lazy loading."""
        media = src or image.src
        published = self.images.get(media)
        if published is None:
            return ""
        alt_text = inline(self.t(alt if alt is not None else image.alt))
        chosen = published.thumb if thumb else published.url
        url = url_rel(from_uri, f"media/{chosen}")
        attrs = [
            f'src="{esc(url)}"', f'alt="{esc(alt_text)}"',
            f'width="{published.width}"', f'height="{published.height}"',
            'loading="lazy"', 'decoding="async"',
        ]
        if published.srcset and not thumb:
            srcset = ", ".join(f"{url_rel(from_uri, 'media/' + u)} {w}w" for u, w in published.srcset)
            attrs.append(f'srcset="{esc(srcset)}"')
            attrs.append('sizes="(max-width: 960px) 100vw, 720px"')
        if css:
            attrs.append(f'class="{css}"')
        return f"<img {' '.join(attrs)}>"

    def figure(self, from_uri: str, image: Any) -> str:
        tag = self.img(from_uri, image)
        if not tag:
            return ""
        caption = self.t(image.caption) if image.caption else ""
        credit = self.t(image.credit) if getattr(image, "credit", None) else ""
        cap = " · ".join(esc(inline(x)) for x in (caption, credit) if x)
        return f'<figure class="parlour-figure">\n{tag}\n' + (
            f"<figcaption>{cap}</figcaption>\n" if cap else ""
        ) + "</figure>\n"


# ---------------------------------------------------------------------- generation


def generate_pages(
    archive: Archive, *, images: dict[str, Published] | None = None, lang: str = DEFAULT,
    downloads: dict[str, list[tuple[str, str]]] | None = None,
) -> list[GeneratedPage]:
    """Every page the archive adds to the site in ``lang``: section indexes and record pages.

    Pages in the default language live at the site root, the others under ``<lang>/``.
    ``downloads`` maps an exhibition id to its printable panels: (panel id or "all", uri).
    """
    w = _Writer(archive, images or {}, lang)
    w.downloads = downloads or {}
    pages: list[GeneratedPage] = []
    builders: list[Callable[[_Writer], list[GeneratedPage]]] = [
        timeline_page, interview_pages, object_pages, place_pages, wishes_page,
        exhibit_pages, theme_pages, people_page,
    ]
    for build in builders:
        pages.extend(build(w))
    return pages


def _meta(title: str, template: str | None = None, **extra) -> dict:
    # a page's title is HTML to MkDocs and Material, which print it as it is
    meta = {"title": esc(inline(title))}
    if template:
        meta["template"] = template
    meta.update({k: v for k, v in extra.items() if v})
    return meta


def _section_page(w: _Writer, key: str, markdown: str) -> GeneratedPage:
    return GeneratedPage(w.u(f"{key}/index.md"), markdown, _meta(w.L(key), "parlour/section.html"))


def _record_page(w: _Writer, entry: Entry, markdown: str, description: str = "") -> GeneratedPage:
    return GeneratedPage(
        w.uri(entry), markdown,
        _meta(w.title(entry), "parlour/record.html",
              description=esc(inline(description)[:200])),  # Material prints it as it is
        entry,
    )


def _facts(rows: list[tuple[str, str]]) -> str:
    """A definition list of a record's facts (label, value in Markdown)."""
    rows = [(k, v) for k, v in rows if v]
    if not rows:
        return ""
    items = "\n".join(f"<dt>{esc(k)}</dt>\n<dd markdown>{v}</dd>" for k, v in rows)
    return f'<dl class="parlour-facts" markdown>\n{items}\n</dl>\n'


def _intro(w: _Writer, key: str) -> str:
    """A section's introduction."""
    return w.L(f"intro.{key}") + "\n"


def _subtitle(w: _Writer, value: Any) -> str:
    second = w.other(value)
    other = "en" if w.lang != "en" else "zh"
    return (
        f'<p class="parlour-subtitle" lang="{other}">{esc(inline(second))}</p>\n' if second else ""
    )


def _filters(w: _Writer, name: str, options: list[tuple[str, str]], label_key: str = "") -> str:
    """A filter control; the list it filters works without it (it needs JavaScript)."""
    if not options:
        return ""
    opts = "".join(f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in options)
    return (
        f'<label class="parlour-filter">{esc(w.L("filter." + (label_key or name)))} '
        f'<select data-parlour-filter="{esc(name)}"><option value="">{esc(w.L("filter.all"))}'
        f"</option>{opts}</select></label>\n"
    )


def _filter_bar(w: _Writer, *filters: str) -> str:
    inner = "".join(f for f in filters if f)
    if not inner:
        return ""
    return (
        f'<form class="parlour-filters" aria-label="{esc(w.L("filter.label"))}" hidden>\n'
        f"{inner}</form>\n\n"
    )


def _card(lines: list[str], attrs: str = "") -> str:
    """One card of a Material card grid; its lines are Markdown."""
    body = "\n\n".join(line for line in lines if line)
    return f'<div class="card parlour-card" {attrs} markdown>\n\n{body}\n\n</div>\n'


GRID = '<div class="grid parlour-cards" markdown>\n'


def _theme_options(w: _Writer, entries: list[Entry]) -> list[tuple[str, str]]:
    used = {t for e in entries for t in (getattr(e.record, "themes", None) or [])}
    return [(t, w.a.themes[t].zh if w.lang == "zh" else w.a.themes[t].en)
            for t in w.a.themes if t in used]


def _data_attrs(**values: Any) -> str:
    parts = []
    for key, value in values.items():
        if isinstance(value, (list, tuple, set)):
            value = " ".join(str(v) for v in value)
        if value:
            parts.append(f'data-{key}="{esc(value)}"')
    return " ".join(parts)


# ---------------------------------------------------------------------- timeline


def timeline_page(w: _Writer) -> list[GeneratedPage]:
    uri = w.u("timeline/index.md")
    events = w.a.entries("events")
    out = [_intro(w, "timeline")]
    places = {p: w.t(w.a.get("places", p).record.names[-1].name)
              for e in events if (p := e.record.place) and w.a.get("places", p)}
    out.append(_filter_bar(
        w,
        _filters(w, "era", [(k, w.L(f"era.{k}")) for k in ERA_LABELS]),
        _filters(w, "theme", _theme_options(w, events)),
        _filters(w, "place", sorted(places.items(), key=lambda kv: kv[1])),
    ))
    by_era: dict[str, list[Entry]] = {"past": [], "present": [], "future": []}
    for entry in events:
        by_era[w.era(entry)].append(entry)
    for era, entries in by_era.items():
        out.append(f'## {w.L("era." + era)} {{ #{era} .parlour-era-heading }}\n')
        if not entries:
            out.append(w.L("none_yet") + "\n")
            continue
        out.append(f'<ol class="parlour-timeline" data-era="{era}" markdown>\n')
        for entry in entries:
            out.append(_timeline_item(w, uri, entry, era))
        out.append("</ol>\n")
    return [_section_page(w, "timeline", "\n".join(out))]


def _timeline_item(w: _Writer, uri: str, entry: Entry, era: str) -> str:
    r = entry.record
    status = w.L(f"status.{r.status}") if r.status in ("planned", "wished", "ongoing") else ""
    place = w.a.get("places", r.place) if r.place else None
    body = [
        f'<li id="{entry.id}" class="parlour-event" '
        f'{_data_attrs(era=era, theme=r.themes, place=r.place)} markdown>\n',
        f'<span class="parlour-date">{esc(w.date(r.date))}'
        + (f' <span class="parlour-status">{status}</span>' if status else "")
        + "</span>\n",
        f"**{w.ti(r.title)}**"
        + (f' <span lang="{_other_lang(w)}">{esc(inline(w.other(r.title)))}</span>'
           if w.other(r.title) else "")
        + "\n",
    ]
    if r.summary:
        body.append(f"\n{w.block(r.summary)}\n")
    for image in r.images[:1]:
        body.append("\n" + w.figure(uri, image))
    extras = []
    if place:
        extras.append(w.L("place") + " " + w.link(uri, place))
    related = [e for e in w.a.related(entry) if e.type in ("interviews", "objects")]
    extras.extend(w.link(uri, e) for e in related[:4])
    if extras:
        body.append("\n" + " · ".join(extras) + "\n")
    if r.sources:
        srcs = "; ".join(
            f"[{esc(inline(w.t(s.title)))}]({s.url})" if s.url else esc(inline(w.t(s.title)))
            for s in r.sources
        )
        body.append(f"\n<small>{w.L('sources')}: {srcs}</small>\n")
    tags = w.themes(uri, r.themes)
    if tags:
        body.append(f"\n{tags}\n")
    body.append("</li>\n")
    return "".join(body)


def _other_lang(w: _Writer) -> str:
    return "en" if w.lang != "en" else "zh"


# ---------------------------------------------------------------------- interviews


def interview_pages(w: _Writer) -> list[GeneratedPage]:
    entries = w.a.entries("interviews")
    index_uri = w.u("interviews/index.md")
    narrators = [w.a.person(e.record.narrator) for e in entries]
    decades = sorted({
        f"{p.born.parsed.lower.year // 10 * 10}" for p in narrators if p and p.born
    })
    trades = sorted({w.t(p.occupation) for p in narrators if p and p.occupation})
    out = [
        _intro(w, "interviews"),
        _filter_bar(
            w,
            _filters(w, "theme", _theme_options(w, entries)),
            _filters(w, "decade", [(d, w.L("born_in", d=d)) for d in decades], "born"),
            _filters(w, "trade", [(t, t) for t in trades]),
        ),
        GRID,
    ]
    pages = []
    for entry in entries:
        out.append(_interview_card(w, index_uri, entry))
        pages.append(_interview_page(w, entry))
    out.append("</div>\n")
    return [_section_page(w, "interviews", "\n".join(out)), *pages]


def _narrator_facts(w: _Writer, person_id: str) -> tuple[str, str, str]:
    person = w.a.person(person_id)
    if person is None:
        return "", "", ""
    born = person.born
    decade = str(born.parsed.lower.year // 10 * 10) if born else ""
    trade = w.t(person.occupation) if person.occupation else ""
    return decade, trade, w.date(born) if born else ""


def _interview_card(w: _Writer, uri: str, entry: Entry) -> str:
    r = entry.record
    decade, trade, _ = _narrator_facts(w, r.narrator)
    portrait = w.a.portrait(r.narrator)
    quote = w.ti(r.quotes[0].text) if r.quotes else ""
    return _card(
        [
            w.img(uri, portrait, thumb=True, css="parlour-portrait") if portrait else "",
            f"**{w.link(uri, entry)}**",
            esc(w.person(r.narrator)) + (f" · {esc(trade)}" if trade else "")
            + f" · {esc(w.date(r.date))}",
            f"> {quote}" if quote else "",
            w.themes(uri, r.themes),
        ],
        _data_attrs(theme=r.themes, decade=decade, trade=trade),
    )


def _seek(seconds: float) -> str:
    """A link to a moment of the recording; the player script seeks, without it it is a label."""
    t = format_time(seconds)
    return f'<a class="parlour-seek parlour-time" href="#t={t}">{t}</a>'


def _player(w: _Writer, uri: str, entry: Entry) -> str:
    """The audio or video player, only when the narrator agreed to this audience hearing it."""
    r = entry.record
    src = r.video or r.audio  # the view holds neither without audio consent
    if not src:
        return ""
    tag = "video" if r.video else "audio"
    extra = ' playsinline' if tag == "video" else ""
    url = url_rel(uri, f"media/{src}")
    return (
        f'<div class="parlour-player" data-parlour-player>\n'
        f'<{tag} controls preload="metadata"{extra} src="{esc(url)}"></{tag}>\n</div>\n'
    )


def _transcript(w: _Writer, entry: Entry) -> str:
    """The transcript as HTML at build time: complete and searchable without JavaScript."""
    cues = w.a.transcript(entry, w.lang)  # None when withheld; speakers already relabelled
    if not cues:
        return ""
    r = entry.record
    html_ = transcript_html(cues, label=lambda voice: voice or "", lang_attr=r.language)
    return w.only(DEFAULT if r.language in ("zh", "wuu") else r.language) + html_


def _interview_page(w: _Writer, entry: Entry) -> GeneratedPage:
    uri = w.uri(entry)
    r = entry.record
    _, trade, born = _narrator_facts(w, r.narrator)
    place = w.a.get("places", r.place) if r.place else None
    interviewers = [w.person(p) for p in r.interviewers]
    portrait = w.a.portrait(r.narrator)
    out = [_subtitle(w, r.title)]
    if portrait:
        out.append(w.img(uri, portrait, thumb=True, css="parlour-portrait parlour-portrait--page"))
    language = f"lang.{r.language}"
    sep = "、" if w.lang == "zh" else ", "
    out.append(_facts([
        (w.L("narrator"), esc(w.person(r.narrator)) + (
            (f"（{esc(trade)}）" if w.lang == "zh" else f" · {esc(trade)}") if trade else "")),
        (w.L("born"), esc(born)),
        (w.L("interviewed_by"), esc(sep.join(interviewers))),
        (w.L("date"), esc(w.date(r.date))),
        (w.L("place"), w.link(uri, place) if place else ""),
        (w.L("language"), w.L(language) if language in LABELS else esc(r.language)),
        (w.L("themes_label"), w.themes(uri, r.themes)),
    ]))
    media = _player(w, uri, entry)
    if media:
        out.append(media)
    if r.summary:
        out.append(f"## {w.L('summary')}\n\n{w.block(r.summary)}\n")
        if w.other(r.summary):
            out.append(f'<p lang="{_other_lang(w)}" class="parlour-en">'
                       f"{esc(inline(w.other(r.summary)))}</p>\n")
    if r.segments:
        out.append(f"## {w.L('chapters')}\n")
        for i, seg in enumerate(r.segments, start=1):
            anchor = f"segment-{i}"
            out.append(
                f"### {_seek(seg.start)} "
                f"{w.ti(seg.title)} {{ #{anchor} data-start=\"{seg.start:g}\" }}\n"
            )
            if w.other(seg.title):
                out.append(f'<p lang="{_other_lang(w)}" class="parlour-en">'
                           f"{esc(inline(w.other(seg.title)))}</p>\n")
            if seg.synopsis:
                out.append(f"{w.block(seg.synopsis)}\n")
            bits = []
            if seg.keywords:
                bits.append(f"{w.L('keywords')}: " + sep.join(esc(k) for k in seg.keywords))
            seg_places = [w.a.get("places", p) for p in seg.places]
            if any(seg_places):
                bits.append(f"{w.L('places_label')}: "
                            + sep.join(w.link(uri, p) for p in seg_places if p))
            if bits:
                out.append('<p class="parlour-segment-meta" markdown>' + " · ".join(bits) + "</p>\n")
    if r.quotes:
        out.append(f"## {w.L('quotes')}\n")
        for q in r.quotes:
            start = f' data-start="{q.at:g}"' if q.at is not None else ""
            at = f" <small>{_seek(q.at)}</small>" if q.at is not None else ""
            out.append(f'<blockquote id="{q.id}" class="parlour-quote"{start} markdown>\n'
                       f"{w.ti(q.text)}{at}\n")
            if w.other(q.text):
                out.append(f'\n<span lang="{_other_lang(w)}">{esc(inline(w.other(q.text)))}</span>\n')
            out.append("</blockquote>\n")
    transcript = _transcript(w, entry)
    if transcript:
        out.append(f"## {w.L('transcript')} {{ #transcript }}\n\n{transcript}\n")
    body = w.a.body(entry)
    if body:
        out.append(f"## {w.L('notes')}\n\n{w.block(body)}\n")
    return _record_page(w, entry, "\n".join(out), w.t(r.summary))


# ---------------------------------------------------------------------- objects


def _loan_word(w: _Writer, status: str) -> str:
    return w.L(f"loan.{status}")


def object_pages(w: _Writer) -> list[GeneratedPage]:
    entries = w.a.entries("objects")
    index_uri = w.u("objects/index.md")
    kinds = sorted({w.t(e.record.kind) for e in entries if e.record.kind})
    decades = sorted({_object_decade(e) for e in entries} - {""})
    out = [
        _intro(w, "objects"),
        _filter_bar(
            w,
            _filters(w, "kind", [(k, k) for k in kinds]),
            _filters(w, "decade", [(d, w.L("decade", d=d)) for d in decades]),
            _filters(w, "loan", [(k, _loan_word(w, k)) for k in LOAN_STATUSES]),
        ),
        '<div class="grid parlour-cards parlour-cards--objects" markdown>\n',
    ]
    pages = []
    for entry in entries:
        r = entry.record
        image = r.images[0] if r.images else None
        loan = r.loan.status if r.loan else ("donated" if r.donor else "")
        out.append(_card(
            [
                w.img(index_uri, image, thumb=True, css="parlour-thumb") if image else "",
                f"**{w.link(index_uri, entry)}**",
                esc(w.date(r.date)) + (f" · {esc(_loan_word(w, loan))}" if loan else ""),
            ],
            _data_attrs(kind=w.t(r.kind) if r.kind else "", decade=_object_decade(entry), loan=loan),
        ))
        pages.append(_object_page(w, entry))
    out.append("</div>\n")
    return [_section_page(w, "objects", "\n".join(out)), *pages]


def _object_decade(entry: Entry) -> str:
    date = entry.record.date
    return str(date.parsed.lower.year // 10 * 10) if date and date.parsed.lower else ""


def _object_page(w: _Writer, entry: Entry) -> GeneratedPage:
    uri = w.uri(entry)
    r = entry.record
    out = [_subtitle(w, r.title)]
    for image in r.images:
        out.append(w.figure(uri, image))
    lender = r.lender or r.donor
    credit = w.t(r.credit_line) if r.credit_line else ""  # the view keeps it only when it may
    if not credit and lender:
        credit = w.L("lent_by" if r.lender else "given_by") + w.person(lender)
    loan = ""
    if r.loan:
        open_, close = ("（", "）") if w.lang == "zh" else (" (", ")")
        loan = f"{_loan_word(w, r.loan.status)}{open_}{w.date(r.loan.from_)}" + (
            f" – {w.date(r.loan.to)}{close}" if r.loan.to else close
        )
    place = w.a.get("places", r.place) if r.place else None
    out.append(_facts([
        (w.L("number"), esc(r.number or "")),
        (w.L("kind"), w.ti(r.kind) if r.kind else ""),
        (w.L("object_date"), esc(w.date(r.date))),
        (w.L("material"), w.ti(r.material) if r.material else ""),
        (w.L("dimensions"), w.ti(r.dimensions) if r.dimensions else ""),
        (w.L("credit"), esc(credit)),
        (w.L("loan"), esc(loan)),
        (w.L("place"), w.link(uri, place) if place else ""),
        (w.L("themes_label"), w.themes(uri, r.themes)),
    ]))
    body = w.a.body(entry)
    if body:
        out.append(f"## {w.L('story')}\n\n{w.block(body)}\n")
    return _record_page(w, entry, "\n".join(out), body[:200])


# ---------------------------------------------------------------------- places


def place_pages(w: _Writer) -> list[GeneratedPage]:
    entries = w.a.entries("places")
    index_uri = w.u("places/index.md")
    sep = "、" if w.lang == "zh" else ", "
    out = [_intro(w, "places"), GRID]
    pages = []
    for entry in entries:
        r = entry.record
        former = [w.t(n.name) for n in r.names[:-1]]
        pair = r.then_now[0] if r.then_now else None
        out.append(_card([
            w.img(index_uri, None, src=pair.now, alt=pair.alt, thumb=True, css="parlour-thumb")
            if pair else "",
            f"**{w.link(index_uri, entry)}**",
            f"{w.L('formerly')}: {esc(sep.join(former))}" if former else "",
        ]))
        pages.append(_place_page(w, entry))
    out.append("</div>\n")
    return [_section_page(w, "places", "\n".join(out)), *pages]


def _place_page(w: _Writer, entry: Entry) -> GeneratedPage:
    uri = w.uri(entry)
    r = entry.record
    out = [_subtitle(w, r.names[-1].name)]
    if r.description:
        out.append(f"{w.block(r.description)}\n")
    out.append(f"## {w.L('names')}\n")
    out.append(f"| {w.L('name')} | {w.L('when')} |\n|---|---|")
    for n in r.names:
        when = (
            f"{w.date(n.from_) or '?'} – {w.date(n.to) or w.L('now')}"
            if n.from_ or n.to else ""
        )
        name = w.ti(n.name) + (f" · {esc(inline(w.other(n.name)))}" if w.other(n.name) else "")
        out.append(f"| {name} | {esc(when)} |")
    out.append("")
    if r.then_now:
        out.append(f"## {w.L('then_now')}\n")
        for pair in r.then_now:
            then = w.img(uri, None, src=pair.then, alt=pair.alt)
            now = w.img(uri, None, src=pair.now, alt=pair.alt)
            out.append(
                '<div class="parlour-then-now">\n'
                f'<figure>{then}<figcaption>{w.L("then")} {esc(w.date(pair.then_date))}'
                "</figcaption></figure>\n"
                f'<figure>{now}<figcaption>{w.L("now_cap")} {esc(w.date(pair.now_date))}'
                "</figcaption></figure>\n"
                "</div>\n"
            )
            if pair.caption:
                out.append(f"{w.ti(pair.caption)}\n")
    mentions = _segments_by(w, "places", {entry.id})
    if mentions:
        out.append(f"## {w.L('mentioned')}\n")
        out.extend(_segment_link(w, uri, e, i, seg) for e, i, seg in mentions)
        out.append("")
    tags = w.themes(uri, r.themes)
    if tags:
        out.append(f"\n{tags}\n")
    return _record_page(w, entry, "\n".join(out), w.t(r.description))


def _all_segments(w: _Writer) -> list[tuple[Entry, int, Any]]:
    return [
        (entry, i, seg)
        for entry in w.a.entries("interviews")
        for i, seg in enumerate(entry.record.segments, start=1)
    ]


def _segments_by(w: _Writer, field: str, keys: set[str]) -> list[tuple[Entry, int, Any]]:
    """The segments whose ``field`` (places or keywords) holds any of ``keys``, in interview
    order: from an index made once per writer, not a scan of every segment per page."""
    index = w.__dict__.get("_segment_index")
    if index is None:
        index = w._segment_index = {"places": {}, "keywords": {}}
        for n, hit in enumerate(_all_segments(w)):
            seg = hit[2]
            for name in ("places", "keywords"):
                for key in dict.fromkeys(getattr(seg, name)):
                    index[name].setdefault(key, []).append((n, hit))
    found = {n: hit for key in keys for n, hit in index[field].get(key, [])}
    return [found[n] for n in sorted(found)]


def _segment_link(w: _Writer, uri: str, entry: Entry, i: int, seg: Any) -> str:
    target = rel(uri, w.uri(entry)) + f"#segment-{i}"
    return (
        f"- [{esc(inline(w.t(seg.title)))}]({target}) <small>{format_time(seg.start)} · "
        f"{esc(inline(w.title(entry)))}</small>"
    )


# ---------------------------------------------------------------------- wishes


def wishes_page(w: _Writer) -> list[GeneratedPage]:
    uri = w.u("wishes/index.md")
    entries = w.a.entries("wishes")
    out = [_intro(w, "wishes")]
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.record.theme or "", []).append(entry)
    order = [t for t in w.a.themes if t in groups] + ([""] if "" in groups else [])
    for theme in order:
        label_ = w.a.themes.get(theme)
        heading = (label_.zh if w.lang == "zh" else label_.en) if label_ else w.L("other")
        out.append(f"## {esc(heading)} {{ #theme-{theme or 'other'} }}\n")
        out.append('<div class="parlour-wishes" markdown>\n')
        for entry in groups[theme]:
            r = entry.record
            by = r.by
            if str(by).startswith("people/"):
                by = w.person(by.split("/", 1)[1])
            elif by == "anonymous":
                by = w.L("anonymous")
            fulfilled = w.a.get("events", r.fulfilled_by) if r.fulfilled_by else None
            status = w.L(f"wish.{r.status}")
            comma = "，" if w.lang == "zh" else ", "
            out.append(
                f'<div id="{entry.id}" class="parlour-wish parlour-wish--{r.status}" markdown>\n\n'
                f"{w.ti(r.text)}\n\n"
                + (f'<span lang="{_other_lang(w)}" class="parlour-en">'
                   f"{esc(inline(w.other(r.text)))}</span>\n\n" if w.other(r.text) else "")
                + f'<span class="parlour-wish-by">— {esc(by)}'
                + (f"{comma}{esc(w.date(r.date))}" if r.date else "")
                + f'</span> <span class="parlour-status">{status}</span>'
                + (f" → {w.link(uri, fulfilled)}" if fulfilled else "")
                + "\n\n</div>\n"
            )
        out.append("</div>\n")
    return [_section_page(w, "wishes", "\n".join(out))]


# ---------------------------------------------------------------------- exhibits


def exhibit_pages(w: _Writer) -> list[GeneratedPage]:
    entries = w.a.entries("exhibits")
    index_uri = w.u("exhibits/index.md")
    out = [_intro(w, "exhibits"), GRID]
    pages = []
    for entry in entries:
        r = entry.record
        out.append(_card([
            f"**{w.link(index_uri, entry)}**",
            " · ".join(x for x in (w.ti(r.venue) if r.venue else "", esc(w.date(r.dates))) if x),
        ]))
        pages.append(_exhibit_page(w, entry))
    out.append("</div>\n")
    return [_section_page(w, "exhibits", "\n".join(out)), *pages]


def _exhibit_page(w: _Writer, entry: Entry) -> GeneratedPage:
    uri = w.uri(entry)
    r = entry.record
    curators = [w.person(p) for p in r.curators]
    sep = "、" if w.lang == "zh" else ", "
    out = [_subtitle(w, r.title), _facts([
        (w.L("venue"), w.ti(r.venue) if r.venue else ""),
        (w.L("dates"), esc(w.date(r.dates))),
        (w.L("curators"), esc(sep.join(curators))),
    ])]
    if r.intro:
        out.append(f"{w.block(r.intro)}\n")
    pdfs = dict(w.downloads.get(entry.id, []))
    if "all" in pdfs:
        out.append(f'[{w.L("all_panels")}]({rel(uri, pdfs["all"])}){{ .md-button }}\n')
    for s_i, section in enumerate(r.sections, start=1):
        era = f" .parlour-era-{section.era}" if section.era else ""
        out.append(f"## {esc(inline(w.t(section.title)))} {{ #section-{s_i}{era} }}\n")
        if w.other(section.title):
            out.append(f'<p lang="{_other_lang(w)}" class="parlour-en">'
                       f"{esc(inline(w.other(section.title)))}</p>\n")
        if section.intro:
            out.append(f"{w.block(section.intro)}\n")
        for panel in section.panels:
            out.append(_panel(w, uri, panel, pdfs.get(panel.id)))
    return _record_page(w, entry, "\n".join(out), w.t(r.intro))


def _panel(w: _Writer, uri: str, panel: Any, pdf: str | None = None) -> str:
    out = [f'<section id="{panel.id}" class="parlour-panel parlour-panel--{panel.layout}" markdown>\n',
           f"### {w.ti(panel.title)}\n"]
    if panel.image:
        out.append(w.figure(uri, panel.image))
    if panel.text:
        out.append(f"{w.block(panel.text)}\n")
    items = []
    comma = "，" if w.lang == "zh" else ", "
    for ref in panel.items:
        target = w.a.resolve(ref)
        if target is None or target.type == "people":
            continue
        fragment = str(ref).split("#", 1)[1] if "#" in str(ref) else ""
        if fragment and target.type == "interviews":
            quote = next((q for q in target.record.quotes if q.id == fragment), None)
            if quote is not None:
                out.append(
                    f'<blockquote class="parlour-quote" markdown>\n{w.ti(quote.text)}\n\n'
                    f"— {esc(w.person(target.record.narrator))}{comma}"
                    f"[{esc(inline(w.title(target)))}]({rel(uri, w.uri(target))}#{fragment})\n"
                    "</blockquote>\n"
                )
                continue
        if panel.layout == "timeline" and target.type == "events":
            items.append(_card([
                f'<span class="parlour-date">{esc(w.date(target.record.date))}</span>',
                w.link(uri, target),
            ]))
        elif panel.layout == "grid" and getattr(target.record, "images", None):
            items.append(_card([
                w.img(uri, target.record.images[0], thumb=True, css="parlour-thumb"),
                w.link(uri, target),
            ]))
        else:
            kind = w.L(f"kind.{target.type}")
            items.append(_card([f"{w.link(uri, target)} <small>{kind}</small>"]))
    if items:
        strip = " parlour-strip" if panel.layout == "timeline" else ""
        out.append(f'<div class="grid parlour-cards parlour-cards--objects{strip}" markdown>\n')
        out.extend(items)
        out.append("</div>\n")
    if pdf:
        out.append(f"[{w.L('panel_pdf')}]({rel(uri, pdf)}){{ .parlour-pdf }}\n")
    out.append("</section>\n")
    return "\n".join(out)


# ---------------------------------------------------------------------- themes


def theme_pages(w: _Writer) -> list[GeneratedPage]:
    by_theme = w.a.by_theme()
    index = [_intro(w, "themes"), GRID]
    pages = []
    for theme, label_ in w.a.themes.items():
        entries = by_theme.get(theme, [])
        uri = w.u(f"themes/{theme}.md")
        name = label_.zh if w.lang == "zh" else label_.en
        count = f"{len(entries)} {w.L('records')}"
        index.append(_card([f"**[{esc(name)}]({theme}.md)**", count]))
        out = []
        if label_.description:
            out.append(f"{w.block(label_.description)}\n")
        groups: dict[str, list[Entry]] = {}
        for entry in entries:
            groups.setdefault(entry.type, []).append(entry)
        for type_, group in groups.items():
            out.append(f"## {w.L('kind.' + type_)}\n")
            out.extend(f"- {w.link(uri, e)}" for e in group)
            out.append("")
        # a segment whose keywords name this theme belongs here, whatever its interview's themes
        mentions = _segments_by(w, "keywords", {theme, label_.zh, label_.en})
        if mentions:
            out.append(f"## {w.L('segments')}\n")
            out.extend(_segment_link(w, uri, e, i, seg) for e, i, seg in mentions)
            out.append("")
        if not entries and not mentions:
            out.append(w.L("none_yet") + "\n")
        pages.append(GeneratedPage(uri, "\n".join(out), _meta(name, "parlour/section.html")))
    index.append("</div>\n")
    return [_section_page(w, "themes", "\n".join(index)), *pages]


# ---------------------------------------------------------------------- people


def people_page(w: _Writer) -> list[GeneratedPage]:
    uri = w.u("people/index.md")
    out = [_intro(w, "people")]
    roles: dict[str, list[str]] = {}
    for entry in w.a.all_entries():
        r = entry.record
        if entry.type == "interviews":
            roles.setdefault(r.narrator, []).append(f"{w.L('role.told')} {w.link(uri, entry)}")
            for p in r.interviewers:
                roles.setdefault(p, []).append(f"{w.L('role.interviewed')} {w.link(uri, entry)}")
        elif entry.type == "objects":
            for p, verb in ((r.lender, "role.lent"), (r.donor, "role.gave")):
                if p:
                    roles.setdefault(p, []).append(f"{w.L(verb)} {w.link(uri, entry)}")
        elif entry.type == "exhibits":
            for p in r.curators:
                roles.setdefault(p, []).append(f"{w.L('role.curated')} {w.link(uri, entry)}")
    semi = "；" if w.lang == "zh" else "; "
    out.append('<div class="parlour-people" markdown>\n')
    for entry in w.a.entries("people"):
        r = entry.record
        portrait = w.a.portrait(entry.id)
        trade = w.t(r.occupation) if r.occupation else ""
        out.append(
            f'<div id="{entry.id}" class="parlour-person" markdown>\n\n'
            + (w.img(uri, portrait, thumb=True, css="parlour-portrait") + "\n\n" if portrait else "")
            + f"**{esc(w.person(entry.id))}**" + (f" · {esc(trade)}" if trade else "") + "\n\n"
            + (semi.join(roles.get(entry.id, [])) + "\n\n" if roles.get(entry.id) else "")
            + "</div>\n"
        )
    out.append("</div>\n")
    return [_section_page(w, "people", "\n".join(out))]
