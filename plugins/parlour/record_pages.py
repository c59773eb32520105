"""Record pages as views: an interview, an object, a place, an exhibition.

Each builder reads one entry of the archive's redacted view and returns a
:class:`~parlour.pages.GeneratedPage` whose template (``parlour/interview.html`` ...) turns
the view into HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from .archive import Entry
from .archive.transcript import TranscriptRow, format_time, transcript_rows
from .geo import map_view
from .i18n import languages
from .templating import Once
from .views import (
    Block, Card, Fact, Figure, GeneratedPage, Image, Link, Text, Views, href, inline, meta,
)

# ---------------------------------------------------------------------- views


@dataclass
class Player:
    """The recording: ``tag`` is audio or video."""

    tag: str
    url: str
    #: the large play button's words ("听陈阿婆讲") and the recording's length ("2:01")
    label: str = ""
    length: str = ""


@dataclass
class Segment:
    """A chapter of an interview."""

    number: int
    start: str  # seconds, for data-start
    time: str  # as shown, 12:03
    title: Text
    synopsis: Block
    #: keywords are written in the archive's language: marked as such on other pages
    keywords: Text
    places: list[Link]
    #: the first of its places with a location, on the map of that place's page
    on_map: Link | None = None


@dataclass
class Quote:
    """A quote of an interview, with the moment it is said (if known)."""

    id: str
    start: str
    time: str
    text: Text


@dataclass
class Transcript:
    """The transcript's cues, their language, and the note when it is not the page's.
    ``shared`` holds the cues' HTML, rendered once for every page that shows these rows."""

    rows: list[TranscriptRow]
    lang: str
    only: Text | None
    shared: Once = field(default_factory=Once)


@dataclass
class InterviewView:
    portrait: Image | None
    facts: list[Fact]
    player: Player | None
    summary: Block
    segments: list[Segment]
    quotes: list[Quote]
    transcript: Transcript | None
    notes: Block
    sep: str
    rights: Text | None = None


@dataclass
class ObjectView:
    figures: list[Figure]
    facts: list[Fact]
    story: Block


@dataclass
class PlaceName:
    name: Text
    when: str


@dataclass
class Pair:
    """A then-and-now pair of pictures."""

    then: Image | None
    now: Image | None
    then_date: str
    now_date: str
    caption: Text
    #: the slider's name for a screen reader ("老虎灶：从前和现在")
    label: str = ""


@dataclass
class SegmentLink:
    """A link to an interview's segment, with its time and the interview's title."""

    link: Link
    time: str
    interview: str


@dataclass
class PlaceView:
    description: Block
    names: list[PlaceName]
    pairs: list[Pair]
    mentions: list[SegmentLink]
    tags: list[Link]
    #: a small map with the place on it (geo.MapView); empty without a location
    map: Any = None


@dataclass
class PanelQuote:
    text: Text
    narrator: str
    link: Link


@dataclass
class Panel:
    """One panel of an exhibition: its picture, text, quotes and the records it shows."""

    id: str
    layout: str
    title: Text
    figure: Figure | None
    text: Block
    quotes: list[PanelQuote]
    cards: list[Card]
    pdf: str
    comma: str
    era: str = ""
    #: how many of its items this audience may not see (shown in the parlour only)
    withheld: int = 0

    @property
    def empty(self) -> bool:
        """Nothing left to show but the title (its items all withheld)."""
        return not (self.figure or self.text or self.quotes or self.cards)


@dataclass
class Section:
    number: int
    era: str
    title: str
    intro: Block
    panels: list[Panel]


@dataclass
class ExhibitView:
    facts: list[Fact]
    intro: Block
    all_panels: str
    sections: list[Section] = field(default_factory=list)


# ---------------------------------------------------------------------- pages


def record_page(v: Views, entry: Entry, *, template: str, view: Any,
                description: str = "") -> GeneratedPage:
    """A record's page: its view, shown by ``template`` inside Material's record page."""
    return GeneratedPage(
        v.uri(entry), template, view,
        meta(v.title(entry), template="parlour/record.html", description=inline(description)[:200]),
        entry=entry, lang=v.lang, words=v.words,
    )


def narrator_facts(v: Views, person_id: str) -> tuple[str, str, str]:
    """(decade of birth, trade, birth date in words) of a narrator this audience may see."""
    person = v.a.person(person_id)
    if person is None:
        return "", "", ""
    born = person.born
    decade = str(born.parsed.decade) if born and born.parsed.decade is not None else ""
    trade = v.t(person.occupation) if person.occupation else ""
    return decade, trade, v.date(born) if born else ""


def interview_page(v: Views, entry: Entry) -> GeneratedPage:
    """An interview: facts, the player, summary, chapters, quotes, transcript and notes."""
    uri = v.uri(entry)
    r = entry.record
    _, trade, born = narrator_facts(v, r.narrator)
    place = v.a.get("places", r.place) if r.place else None
    sep = v.L("list_sep")
    portrait = v.a.portrait(r.narrator)
    narrator = v.person(r.narrator)
    if trade:
        narrator = v.L("narrator_trade", name=narrator, trade=trade)
    src = r.video or r.audio  # the view holds neither without audio consent
    view = InterviewView(
        portrait=v.img(uri, portrait, thumb=True, css="parlour-portrait parlour-portrait--page")
        if portrait else None,
        facts=[
            Fact(v.L("narrator"), narrator),
            Fact(v.L("born"), born),
            Fact(v.L("interviewed_by"), sep.join(v.person(p) for p in r.interviewers)),
            Fact(v.L("date"), v.date(r.date)),
            Fact(v.L("place"), link=v.link(uri, place) if place else None),
            Fact(v.L("language"), v.language_name(r.language, spoken=True)),
            Fact(v.L("themes_label"), tags=v.themes(uri, r.themes)),
            Fact(v.L("provenance"), v.text(r.provenance) if r.provenance else ""),
        ],
        player=Player("video" if r.video else "audio", href(uri, f"media/{src}"),
                      label=v.L("play.listen", who=v.person(r.narrator)),
                      length=v.length(entry)) if src else None,
        summary=v.block(r.summary),
        segments=[_segment(v, uri, i, seg, sep) for i, seg in enumerate(r.segments, start=1)],
        quotes=[
            Quote(q.id, f"{q.at:g}" if q.at is not None else "",
                  format_time(q.at) if q.at is not None else "", v.text(q.text))
            for q in r.quotes
        ],
        transcript=_transcript(v, entry),
        notes=v.block(v.a.body(entry)),
        sep=sep,
        rights=v.text(r.rights) if r.rights else None,
    )
    return record_page(v, entry, template="parlour/interview.html", view=view,
                       description=v.t(r.summary))


def _segment(v: Views, uri: str, number: int, seg: Any, sep: str) -> Segment:
    places = [p for p in (v.a.get("places", p) for p in seg.places) if p]
    return Segment(
        number=number, start=f"{seg.start:g}", time=format_time(seg.start),
        title=v.text(seg.title), synopsis=v.block(seg.synopsis),
        keywords=Text(sep.join(seg.keywords), v.default if v.lang != v.default else ""),
        places=[v.link(uri, p) for p in places],
        on_map=next((link for p in places if (link := v.map_link(uri, p))), None),
    )


#: the rows (and their HTML) of the transcripts a page in one language showed that pages in
#: the others will show too, by audience (its Archive) and (language, cues), with how many
#: more pages will take them: the English page of an interview with only a Chinese
#: transcript reuses the Chinese page's, and the last page to take them lets them go
_SHARED: WeakKeyDictionary[Any, dict[tuple, tuple[list[TranscriptRow], Once, int]]] = (
    WeakKeyDictionary())


def _transcript_lang(record: Any, lang: str) -> str:
    """The language of the transcript a page in ``lang`` shows: the translation into
    ``lang`` when there is one, else the recording's own."""
    if lang != record.language and any(t.lang == lang for t in record.transcript_translations):
        return lang
    return record.language


def _transcript(v: Views, entry: Entry) -> Transcript | None:
    """The transcript, complete and searchable without JavaScript; None when withheld."""
    cues = v.a.transcript(entry, v.lang)  # speakers already relabelled by the view
    if not cues:
        return None
    language = _transcript_lang(entry.record, v.lang)
    shared = _SHARED.setdefault(v.a, {})
    # the same cues (voices relabelled alike) in the same language make the same rows
    key = (entry.key, language, tuple(cues))
    if key in shared:
        rows, once, left = shared.pop(key)
        if left > 1:
            shared[key] = (rows, once, left - 1)
    else:
        rows, once = transcript_rows(cues, label=lambda voice: voice or ""), Once()
        others = sum(1 for lang in languages() if lang != v.lang
                     and _transcript_lang(entry.record, lang) == language)
        if others:
            shared[key] = (rows, once, others)
    return Transcript(rows, language, v.only(v.written_in(language)), once)


def object_page(v: Views, entry: Entry) -> GeneratedPage:
    """An object: its pictures, facts and story."""
    uri = v.uri(entry)
    r = entry.record
    lender = r.lender or r.donor
    credit = v.t(r.credit_line) if r.credit_line else ""  # the view keeps it only when it may
    if not credit and lender:
        credit = v.L("lent_by" if r.lender else "given_by") + v.person(lender)
    loan = ""
    if r.loan:
        when = v.date(r.loan.from_) + (f" – {v.date(r.loan.to)}" if r.loan.to else "")
        loan = v.L("aside", text=v.L("loan." + r.loan.status), aside=when)
    place = v.a.get("places", r.place) if r.place else None
    body = v.a.body(entry)
    view = ObjectView(
        figures=[f for f in (v.figure(uri, image) for image in r.images) if f],
        facts=[
            Fact(v.L("number"), r.number or ""),
            Fact(v.L("kind"), v.text(r.kind) if r.kind else ""),
            Fact(v.L("object_date"), v.date(r.date)),
            Fact(v.L("material"), v.text(r.material) if r.material else ""),
            Fact(v.L("dimensions"), v.text(r.dimensions) if r.dimensions else ""),
            Fact(v.L("credit"), inline(credit)),
            Fact(v.L("loan"), loan),
            Fact(v.L("place"), link=v.link(uri, place) if place else None),
            Fact(v.L("themes_label"), tags=v.themes(uri, r.themes)),
        ],
        story=v.block(body),
    )
    return record_page(v, entry, template="parlour/object.html", view=view,
                       description=body[:200])


def place_pairs(v: Views, uri: str, entry: Entry) -> list[Pair]:
    """A place's then-and-now pairs, as the page ``uri`` shows them."""
    label = v.L("compare.label", place=v.title(entry))
    return [
        Pair(v.img(uri, None, src=p.then, alt=p.alt), v.img(uri, None, src=p.now, alt=p.alt),
             v.date(p.then_date), v.date(p.now_date), v.text(p.caption), label=label)
        for p in entry.record.then_now
    ]


def place_page(v: Views, entry: Entry, *, mentions: list[SegmentLink]) -> GeneratedPage:
    """A place: its names over time, then-and-now pictures and the segments that name it."""
    uri = v.uri(entry)
    r = entry.record
    names = []
    for n in r.names:
        when = (f"{v.date(n.from_) or '?'} – {v.date(n.to) or v.L('now')}"
                if n.from_ or n.to else "")
        names.append(PlaceName(v.text(n.name), when))
    pairs = place_pairs(v, uri, entry)
    view = PlaceView(
        description=v.block(r.description), names=names,
        pairs=pairs, mentions=mentions, tags=v.themes(uri, r.themes),
        map=map_view(v.a, images=v.images, lang=v.lang, words=v.words,
                     media_url=href(uri, "media/"), hrefs={entry.id: "./"},
                     label=v.L("map.place", place=v.title(entry)), only=entry.id)
        if r.location else None,
    )
    page = record_page(v, entry, template="parlour/place.html", view=view,
                       description=v.t(r.description))
    # Material's page around it loads the slider (parlour/place-page.html)
    page.meta["template"] = "parlour/place-page.html"
    return page


def exhibit_page(v: Views, entry: Entry, *, pdfs: dict[str, str]) -> GeneratedPage:
    """An exhibition: its facts and introduction, then its sections and their panels.
    ``pdfs`` maps a panel id (or "all") to its printable PDF's path in the site."""
    uri = v.uri(entry)
    r = entry.record
    sep = v.L("list_sep")
    view = ExhibitView(
        facts=[
            Fact(v.L("venue"), v.text(r.venue) if r.venue else ""),
            Fact(v.L("dates"), v.date(r.dates)),
            Fact(v.L("curators"), sep.join(v.person(p) for p in r.curators)),
        ],
        intro=v.block(r.intro),
        all_panels=href(uri, pdfs["all"]) if "all" in pdfs else "",
    )
    for number, section in enumerate(r.sections, start=1):
        panels = []
        for p, panel in enumerate(section.panels):
            out = _panel(v, uri, panel, pdfs.get(panel.id))
            out.era = section.era or ""
            items = ("sections", number - 1, "panels", p, "items")
            out.withheld = sum(1 for loc in entry.withheld if loc[:5] == items)
            panels.append(out)
        view.sections.append(Section(
            number=number, era=section.era or "", title=inline(v.t(section.title)),
            intro=v.block(section.intro), panels=panels,
        ))
    return record_page(v, entry, template="parlour/exhibit.html", view=view,
                       description=v.t(r.intro))


def _panel(v: Views, uri: str, panel: Any, pdf: str | None) -> Panel:
    """A panel: the quotes it names, and a card for each other record it shows."""
    quotes: list[PanelQuote] = []
    cards: list[Card] = []
    for ref in panel.items:
        target = v.a.resolve(ref)
        if target is None or target.type == "people":
            continue
        fragment = str(ref).split("#", 1)[1] if "#" in str(ref) else ""
        if fragment and target.type == "interviews":
            quote = next((q for q in target.record.quotes if q.id == fragment), None)
            if quote is not None:
                quotes.append(PanelQuote(
                    v.text(quote.text), v.person(target.record.narrator),
                    Link(inline(v.title(target)), href(uri, v.uri(target)) + f"#{fragment}"),
                ))
                continue
        if panel.layout == "timeline" and target.type == "events":
            cards.append(Card(v.link(uri, target), strong=False,
                              date=v.date(target.record.date), era=v.era_mark(target)))
        elif panel.layout == "grid" and getattr(target.record, "images", None):
            cards.append(Card(v.link(uri, target), strong=False, image=v.img(
                uri, target.record.images[0], thumb=True, css="parlour-thumb"),
                era=v.era_mark(target)))
        else:
            cards.append(Card(v.link(uri, target), strong=False,
                              kind=v.L(f"kind.{target.type}"), era=v.era_mark(target)))
    return Panel(
        id=panel.id, layout=panel.layout, title=v.text(panel.title),
        figure=v.figure(uri, panel.image) if panel.image else None, text=v.block(panel.text),
        quotes=quotes, cards=cards, pdf=href(uri, pdf) if pdf else "",
        comma=v.L("comma"),
    )


__all__ = ["exhibit_page", "interview_page", "object_page", "place_page"]
