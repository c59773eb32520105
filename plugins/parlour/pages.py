"""The archive as pages: every page Parlour adds to the site, as a view and a template.

:func:`generate_pages` returns plain :class:`~parlour.views.GeneratedPage` values: the view
(plain data, from the archive's redacted view), the page type's template that turns it into
HTML (``parlour/timeline.html``, ``parlour/interview.html`` ...) and the page's meta.
Nothing here knows about MkDocs: the plugin renders the pages and hands MkDocs their HTML,
and tests can call :func:`generate_pages` and :meth:`GeneratedPage.render` without a build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from .archive import Archive, Entry
from .archive.media import Published
from .archive.transcript import format_time
from .geo import map_view
from .i18n import default
from .record_pages import (
    SegmentLink, exhibit_page, interview_page, narrator_facts, object_page, place_page,
    place_pairs,
)
from .templating import RichText
from .views import (
    Block, Card, Figure, Filter, GeneratedPage, Image, Link, Text, Views, data_attrs, href,
    inline, meta,
)

#: Sections of the site, in navigation order: (src_uri, the key of its name in parlour/words.py).
SECTIONS = [
    (f"{key}/index.md", key)
    for key in ("timeline", "interviews", "objects", "places", "wishes", "exhibits", "themes",
                "people", "data")
]
ERAS = ("past", "present", "future")
LOAN_STATUSES = ("on-loan", "returned", "donated")


# ---------------------------------------------------------------------- views


@dataclass
class IndexView:
    """A section's index: its introduction, filters and a grid of cards."""

    intro: str
    filters: list[Filter] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    grid: str = "grid parlour-cards"
    filter_label: str = ""
    #: the places index's map beside its list (geo.MapView)
    map: Any = None


@dataclass
class Event:
    """An event on the timeline."""

    id: str
    data: dict[str, str]
    date: str
    status: str
    title: Text
    summary: Block
    figure: Figure | None
    place: Link | None
    related: list[Link]
    sources: list[Link | Text]
    tags: list[Link]
    #: where the event happened on a map, when asked: the place page's map
    on_map: Link | None = None


@dataclass
class Era:
    key: str
    name: str
    events: list[Event]


@dataclass
class TimelineView:
    intro: str
    filters: list[Filter]
    filter_label: str
    eras: list[Era]
    #: then-and-now pairs of the places events happened at, by place id: shown above the
    #: events when the place filter chooses that place
    pairs: dict[str, Any] = field(default_factory=dict)
    place_links: dict[str, Any] = field(default_factory=dict)


@dataclass
class Wish:
    id: str
    status: str
    status_word: str
    text: Text
    by: str
    date: str
    fulfilled: Link | None


@dataclass
class WishGroup:
    id: str
    heading: str
    wishes: list[Wish]


@dataclass
class WishesView:
    intro: str
    groups: list[WishGroup]
    comma: str


@dataclass
class LinkGroup:
    id: str
    heading: str
    links: list[Link]


@dataclass
class ThemeView:
    """A theme's page: its records by kind, and the interview segments about it."""

    description: Block
    groups: list[LinkGroup]
    mentions: list[SegmentLink]


@dataclass
class Person:
    id: str
    portrait: Image | None
    name: str
    trade: str
    roles: list[tuple[str, Link]]


@dataclass
class PeopleView:
    intro: str
    people: list[Person]


# ---------------------------------------------------------------------- generation


def generate_pages(
    archive: Archive, *, images: dict[str, Published] | None = None, lang: str | None = None,
    downloads: dict[str, list[tuple[str, str]]] | None = None,
    markdown: Callable[[str], Markup] | None = None,
) -> list[GeneratedPage]:
    """Every page the archive adds to the site in ``lang``: section indexes and record pages.

    Pages in the default language live at the site root, the others under ``<lang>/``.
    ``downloads`` maps an exhibition id to its printable panels: (panel id or "all", uri).
    ``markdown`` renders contributor Markdown to clean HTML (templating.RichText; share one
    between the languages of a build so each text is rendered once).
    """
    v = Views(archive, images or {}, lang or default(), markdown=markdown or RichText())
    segments = _SegmentIndex(v)
    pages: list[GeneratedPage] = [timeline_page(v)]
    pages += interview_pages(v)
    pages += object_pages(v)
    pages += place_pages(v, segments)
    pages.append(wishes_page(v))
    pages += exhibit_pages(v, downloads or {})
    pages += theme_pages(v, segments)
    pages.append(people_page(v))
    return pages


def section_page(v: Views, key: str, *, template: str, view: Any) -> GeneratedPage:
    """A section's index page (``timeline/index.md`` ...) in Material's section page."""
    return GeneratedPage(v.u(f"{key}/index.md"), template, view,
                         meta(v.L(key), template="parlour/section.html"), lang=v.lang,
                         words=v.words)


# ---------------------------------------------------------------------- timeline


def timeline_page(v: Views) -> GeneratedPage:
    """Every event, by era, with filters by era, theme and place."""
    uri = v.u("timeline/index.md")
    events = v.a.entries("events")
    places = {p: v.t(v.a.get("places", p).record.names[-1].name)
              for e in events if (p := e.record.place) and v.a.get("places", p)}
    by_era: dict[str, list[Event]] = {era: [] for era in ERAS}
    for entry in events:
        era = v.era(entry)
        by_era[era].append(_event(v, uri, entry, era))
    view = TimelineView(
        intro=v.L("intro.timeline"),
        filters=_filters(
            v.filter("era", [(k, v.L(f"era.{k}")) for k in ERAS]),
            v.filter("theme", v.theme_options(events)),
            v.filter("place", sorted(places.items(), key=lambda kv: kv[1])),
        ),
        filter_label=v.L("filter.label"),
        eras=[Era(era, v.L(f"era.{era}"), found) for era, found in by_era.items()],
    )
    for place_id in places:
        place = v.a.get("places", place_id)
        pair = next(iter(place_pairs(v, uri, place)), None)
        if pair is not None and pair.then and pair.now:
            view.pairs[place_id] = pair
            view.place_links[place_id] = v.link(uri, place)
    return section_page(v, "timeline", template="parlour/timeline.html", view=view)


def _filters(*filters: Filter) -> list[Filter]:
    return [f for f in filters if f.options]


def _event(v: Views, uri: str, entry: Entry, era: str) -> Event:
    r = entry.record
    place = v.a.get("places", r.place) if r.place else None
    related = [e for e in v.a.related(entry) if e.type in ("interviews", "objects")]
    return Event(
        id=entry.id,
        data=data_attrs(era=era, theme=r.themes, place=r.place),
        date=v.date(r.date),
        status=v.L(f"status.{r.status}") if r.status in ("planned", "wished", "ongoing") else "",
        title=v.text(r.title),
        summary=v.block(r.summary),
        figure=next((f for f in (v.figure(uri, image) for image in r.images[:1]) if f), None),
        place=v.link(uri, place) if place else None,
        on_map=v.map_link(uri, place),
        related=[v.link(uri, e) for e in related[:4]],
        sources=[
            Link(inline(v.t(s.title)), s.url) if s.url else Text(inline(v.t(s.title)))
            for s in r.sources
        ],
        tags=v.themes(uri, r.themes),
    )


# ---------------------------------------------------------------------- interviews


def interview_pages(v: Views) -> list[GeneratedPage]:
    """The interviews' index, with filters by theme, decade of birth and trade, and a page
    for each interview."""
    entries = v.a.entries("interviews")
    uri = v.u("interviews/index.md")
    narrators = [v.a.person(e.record.narrator) for e in entries]
    decades = sorted({
        str(p.born.parsed.decade) for p in narrators
        if p and p.born and p.born.parsed.decade is not None  # not for "XXXX" or "../1950"
    })
    trades = sorted({v.t(p.occupation) for p in narrators if p and p.occupation})
    view = IndexView(
        intro=v.L("intro.interviews"),
        filters=_filters(
            v.filter("theme", v.theme_options(entries)),
            v.filter("decade", [(d, v.L("born_in", d=d)) for d in decades], "born"),
            v.filter("trade", [(t, t) for t in trades]),
        ),
        filter_label=v.L("filter.label"),
        cards=[_interview_card(v, uri, entry) for entry in entries],
    )
    return [section_page(v, "interviews", template="parlour/interviews.html", view=view),
            *(interview_page(v, entry) for entry in entries)]


def _interview_card(v: Views, uri: str, entry: Entry) -> Card:
    r = entry.record
    decade, trade, _ = narrator_facts(v, r.narrator)
    portrait = v.a.portrait(r.narrator)
    return Card(
        v.link(uri, entry),
        image=v.img(uri, portrait, thumb=True, css="parlour-portrait") if portrait else None,
        lines=[[x for x in (v.person(r.narrator), trade, v.date(r.date)) if x]],
        quote=v.text(r.quotes[0].text) if r.quotes else None,
        tags=v.themes(uri, r.themes),
        data=data_attrs(theme=r.themes, decade=decade, trade=trade),
        era=v.era_mark(entry),
        sound=v.sound(entry),
    )


# ---------------------------------------------------------------------- objects


def object_pages(v: Views) -> list[GeneratedPage]:
    """The objects' index, with filters by kind, decade and loan, and a page for each."""
    entries = v.a.entries("objects")
    uri = v.u("objects/index.md")
    kinds = sorted({v.t(e.record.kind) for e in entries if e.record.kind})
    decades = sorted({_decade(e) for e in entries} - {""})
    cards = []
    for entry in entries:
        r = entry.record
        loan = r.loan.status if r.loan else ("donated" if r.donor else "")
        cards.append(Card(
            v.link(uri, entry),
            image=v.img(uri, r.images[0], thumb=True, css="parlour-thumb") if r.images else None,
            lines=[[x for x in (v.date(r.date), v.L(f"loan.{loan}") if loan else "") if x]],
            data=data_attrs(kind=v.t(r.kind) if r.kind else "", decade=_decade(entry),
                            loan=loan),
            era=v.era_mark(entry),
        ))
    view = IndexView(
        intro=v.L("intro.objects"),
        filters=_filters(
            v.filter("kind", [(k, k) for k in kinds]),
            v.filter("decade", [(d, v.L("decade", d=d)) for d in decades]),
            v.filter("loan", [(k, v.L(f"loan.{k}")) for k in LOAN_STATUSES]),
        ),
        filter_label=v.L("filter.label"),
        cards=cards,
        grid="grid parlour-cards parlour-cards--objects",
    )
    return [section_page(v, "objects", template="parlour/objects.html", view=view),
            *(object_page(v, entry) for entry in entries)]


def _decade(entry: Entry) -> str:
    date = entry.record.date
    return str(date.parsed.decade) if date and date.parsed.decade is not None else ""


# ---------------------------------------------------------------------- places


def place_pages(v: Views, segments: _SegmentIndex) -> list[GeneratedPage]:
    """The places' index (a card each, with its former names) and a page for each."""
    uri = v.u("places/index.md")
    sep = v.L("list_sep")
    cards, pages = [], []
    for entry in v.a.entries("places"):
        r = entry.record
        former = [v.t(n.name) for n in r.names[:-1]]
        pair = r.then_now[0] if r.then_now else None
        cards.append(Card(
            v.link(uri, entry),
            image=v.img(uri, None, src=pair.now, alt=pair.alt, thumb=True, css="parlour-thumb")
            if pair else None,
            lines=[[f"{v.L('formerly')}{v.L('colon')}{inline(sep.join(former))}"]] if former else [],
        ))
        mentions = segments.links(v.uri(entry), "places", {entry.id})
        pages.append(place_page(v, entry, mentions=mentions))
    hrefs = {e.id: href(uri, v.uri(e)) for e in v.a.entries("places")}
    view = IndexView(intro=v.L("intro.places"), cards=cards, map=map_view(
        v.a, images=v.images, lang=v.lang, words=v.words, media_url=href(uri, "media/"),
        hrefs=hrefs, label=v.L("map.places")))
    index = section_page(v, "places", template="parlour/places.html", view=view)
    # Material's page around it loads the map (parlour/places-page.html)
    index.meta["template"] = "parlour/places-page.html"
    return [index, *pages]


class _SegmentIndex:
    """Interview segments by the places and keywords they name, made once per language."""

    def __init__(self, v: Views):
        self.v = v
        self.hits = [
            (entry, i, seg)
            for entry in v.a.entries("interviews")
            for i, seg in enumerate(entry.record.segments, start=1)
        ]
        self.index: dict[str, dict[str, list[int]]] = {"places": {}, "keywords": {}}
        for n, (_, _, seg) in enumerate(self.hits):
            for name in ("places", "keywords"):
                for key in dict.fromkeys(getattr(seg, name)):
                    self.index[name].setdefault(key, []).append(n)

    def links(self, from_uri: str, field_: str, keys: set[str]) -> list[SegmentLink]:
        """The segments whose ``field_`` holds any of ``keys``, in interview order."""
        found = sorted({n for key in keys for n in self.index[field_].get(key, [])})
        v = self.v
        out = []
        for n in found:
            entry, i, seg = self.hits[n]
            out.append(SegmentLink(
                Link(inline(v.t(seg.title)), href(from_uri, v.uri(entry)) + f"#segment-{i}"),
                format_time(seg.start), inline(v.title(entry)),
            ))
        return out


# ---------------------------------------------------------------------- wishes


def wishes_page(v: Views) -> GeneratedPage:
    """The wish wall: wishes by theme, each with who wished it and what came of it."""
    uri = v.u("wishes/index.md")
    groups: dict[str, list[Entry]] = {}
    for entry in v.a.entries("wishes"):
        groups.setdefault(entry.record.theme or "", []).append(entry)
    order = [t for t in v.a.themes if t in groups] + ([""] if "" in groups else [])
    view = WishesView(intro=v.L("intro.wishes"), groups=[],
                      comma=v.L("comma"))
    for theme in order:
        heading = v.theme_name(theme) if theme in v.a.themes else v.L("other")
        view.groups.append(WishGroup(
            f"theme-{theme or 'other'}", heading, [_wish(v, uri, e) for e in groups[theme]]
        ))
    return section_page(v, "wishes", template="parlour/wishes.html", view=view)


def _wish(v: Views, uri: str, entry: Entry) -> Wish:
    r = entry.record
    by = r.by
    if str(by).startswith("people/"):
        by = v.person(by.split("/", 1)[1])
    elif by == "anonymous":
        by = v.L("anonymous")
    fulfilled = v.a.get("events", r.fulfilled_by) if r.fulfilled_by else None
    return Wish(
        id=entry.id, status=r.status, status_word=v.L(f"wish.{r.status}"), text=v.text(r.text),
        by=inline(str(by)), date=v.date(r.date),
        fulfilled=v.link(uri, fulfilled) if fulfilled else None,
    )


# ---------------------------------------------------------------------- exhibits


def exhibit_pages(v: Views, downloads: dict[str, list[tuple[str, str]]]) -> list[GeneratedPage]:
    """The exhibitions' index and a page for each, with their panels' PDFs if exported."""
    uri = v.u("exhibits/index.md")
    entries = v.a.entries("exhibits")
    cards = [
        Card(v.link(uri, entry), lines=[[x for x in (
            v.text(entry.record.venue) if entry.record.venue else "",
            v.date(entry.record.dates),
        ) if x]])
        for entry in entries
    ]
    view = IndexView(intro=v.L("intro.exhibits"), cards=cards)
    return [section_page(v, "exhibits", template="parlour/exhibits.html", view=view),
            *(exhibit_page(v, e, pdfs=dict(downloads.get(e.id, []))) for e in entries)]


# ---------------------------------------------------------------------- themes


def theme_pages(v: Views, segments: _SegmentIndex) -> list[GeneratedPage]:
    """The themes' index and a page for each theme: its records by kind and the interview
    segments whose keywords name it."""
    by_theme = v.a.by_theme()
    cards, pages = [], []
    index_uri = v.u("themes/index.md")
    for theme, names in v.a.themes.items():
        entries = by_theme.get(theme, [])
        uri = v.u(f"themes/{theme}.md")
        name = v.theme_name(theme)
        cards.append(Card(Link(name, href(index_uri, uri)),
                          lines=[[f"{len(entries)} {v.L('records')}"]]))
        groups: dict[str, list[Entry]] = {}
        for entry in entries:
            groups.setdefault(entry.type, []).append(entry)
        view = ThemeView(
            description=v.block(names.description),
            groups=[LinkGroup(f"kind-{type_}", v.L(f"kind.{type_}"),
                              [v.link(uri, e) for e in group])
                    for type_, group in groups.items()],
            # a segment whose keywords name this theme belongs here, whatever its
            # interview's themes
            mentions=segments.links(uri, "keywords", {theme, names.zh, names.en}),
        )
        pages.append(GeneratedPage(uri, "parlour/theme.html", view,
                                   meta(name, template="parlour/section.html"), lang=v.lang,
                                   words=v.words))
    view = IndexView(intro=v.L("intro.themes"), cards=cards)
    return [section_page(v, "themes", template="parlour/themes.html", view=view), *pages]


# ---------------------------------------------------------------------- people


def people_page(v: Views) -> GeneratedPage:
    """The people this audience may see, each with what they told, lent, gave or curated."""
    uri = v.u("people/index.md")
    roles: dict[str, list[tuple[str, Link]]] = {}

    def add(person: str | None, verb: str, entry: Entry) -> None:
        if person:
            roles.setdefault(person, []).append((v.L(verb), v.link(uri, entry)))

    for entry in v.a.all_entries():
        r = entry.record
        if entry.type == "interviews":
            add(r.narrator, "role.told", entry)
            for p in r.interviewers:
                add(p, "role.interviewed", entry)
        elif entry.type == "objects":
            add(r.lender, "role.lent", entry)
            add(r.donor, "role.gave", entry)
        elif entry.type == "exhibits":
            for p in r.curators:
                add(p, "role.curated", entry)
    people = []
    for entry in v.a.entries("people"):
        portrait = v.a.portrait(entry.id)
        r = entry.record
        people.append(Person(
            id=entry.id,
            portrait=v.img(uri, portrait, thumb=True, css="parlour-portrait") if portrait else None,
            name=v.person(entry.id), trade=inline(v.t(r.occupation)) if r.occupation else "",
            roles=roles.get(entry.id, []),
        ))
    view = PeopleView(intro=v.L("intro.people"), people=people)
    return section_page(v, "people", template="parlour/people.html", view=view)


__all__ = ["ERAS", "SECTIONS", "GeneratedPage", "generate_pages"]
