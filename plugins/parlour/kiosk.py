"""The parlour's touch screen (``kiosk: true``): its start screen and its attract loop.

The kiosk's home page is not the website's hand-written one: standing visitors get large
picture tiles (the three eras, voices, objects, wishes, the exhibition), and, while nobody
touches the screen, a silent loop of then-and-now pairs and quotes (parlour.js plays it). Both
are built from the archive's views for the kiosk's audience, like every other page: a picture,
quote or name the community may not see is never among them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .archive import Entry
from .pages import ERAS
from .views import GeneratedPage, Image, Text, Views, href, meta

#: the hand-written pages the kiosk leaves out (and their twins in other languages): contributing
#: and the open data are for the website, not for a screen in the parlour
LEFT_OUT = ("contribute.md",)
#: at most this many slides in the attract loop (each shows ATTRACT_SECONDS in parlour.js)
SLIDES = 12


@dataclass(frozen=True)
class Tile:
    """One door of the start screen: a picture (or a line of text) and where it leads."""

    key: str
    label: str
    blurb: str
    url: str
    image: Image | None = None
    #: what the tile shows without a picture (a wish's words)
    note: Text | None = None
    era: str = ""
    count: str = ""


@dataclass(frozen=True)
class Slide:
    """One step of the attract loop: a place then and now, or a resident's words."""

    kind: str  # "pair" or "quote"
    title: Text | str
    then: Image | None = None
    now: Image | None = None
    then_date: str = ""
    now_date: str = ""
    quote: Text | None = None
    by: str = ""
    era: str = ""


@dataclass
class StartView:
    """The kiosk's start screen."""

    welcome: str
    eras: list[Tile] = field(default_factory=list)
    doors: list[Tile] = field(default_factory=list)
    slides: list[Slide] = field(default_factory=list)
    touch: str = ""


def start_page(v: Views) -> GeneratedPage:
    """The kiosk's home page in ``v``'s language (``index.md`` or ``en/index.md``)."""
    uri = v.u("index.md")
    view = StartView(welcome=v.L("kiosk.welcome"), touch=v.L("kiosk.touch"))
    view.eras = [_era_tile(v, uri, era) for era in ERAS]
    view.doors = [tile for tile in (
        _section_tile(v, uri, "interviews", _voice_picture(v, uri)),
        _section_tile(v, uri, "objects", _first_picture(v, uri, "objects")),
        _wish_tile(v, uri),
        _exhibition_tile(v, uri),
    ) if tile is not None]
    view.slides = attract_slides(v, uri)
    page_meta = meta(v.L("home"), template="parlour/section.html")
    page_meta["search"] = {"exclude": True}  # the tiles repeat what the sections say
    return GeneratedPage(uri, "parlour/kiosk-start.html", view, page_meta, lang=v.lang,
                         words=v.words)


def attract_slides(v: Views, uri: str) -> list[Slide]:
    """Then-and-now pairs of places and quotes of interviews, taking turns."""
    pairs: list[Slide] = []
    for entry in v.a.entries("places"):
        for p in entry.record.then_now:
            then = v.img(uri, None, src=p.then, alt=p.alt)
            now = v.img(uri, None, src=p.now, alt=p.alt)
            if then and now:
                pairs.append(Slide("pair", v.title(entry), then=then, now=now,
                                   then_date=v.date(p.then_date), now_date=v.date(p.now_date)))
    quotes: list[Slide] = []
    for entry in v.a.entries("interviews"):
        r = entry.record
        for quote in r.quotes[:2]:
            words = v.text(quote.text)
            if words:
                quotes.append(Slide("quote", v.title(entry), quote=words,
                                    by=v.person(r.narrator) if r.narrator else "",
                                    era=v.era(entry)))
    slides: list[Slide] = []
    for i in range(max(len(pairs), len(quotes))):
        slides += [s[i] for s in (pairs, quotes) if i < len(s)]
    return slides[:SLIDES]


# ---------------------------------------------------------------------- tiles


def _era_tile(v: Views, uri: str, era: str) -> Tile:
    events = [e for e in v.a.entries("events") if v.era(e) == era]
    image = next((img for e in events for picture in (e.record.images or [])
                  if (img := v.img(uri, picture))), None)
    if image is None:  # a place as it was (past) or is (present) instead
        side = "then" if era == "past" else "now"
        image = next((img for e in v.a.entries("places") for p in e.record.then_now
                      if era != "future" and (img := v.img(uri, None, src=getattr(p, side),
                                                            alt=p.alt))), None)
    # no picture (the future seldom has one): the first of its events in words
    note = v.text(v.title(events[0])) if image is None and events else None
    timeline = v.u("timeline/index.md")
    return Tile(era, v.L(f"era.{era}"), v.L(f"blurb.{era}"), href(uri, f"{timeline}#{era}"),
                image=image, note=note, era=era, count=f"{len(events)} {v.L('events_count')}")


def _section_tile(v: Views, uri: str, key: str, image: Image | None) -> Tile | None:
    entries = v.a.entries(key)
    if not entries:
        return None
    return Tile(key, v.L(key), v.L(f"kiosk.blurb.{key}"),
                href(uri, v.u(f"{key}/index.md")), image=image)


def _voice_picture(v: Views, uri: str) -> Image | None:
    """A narrator's portrait, from the interviews that have sound first."""
    interviews = sorted(v.a.entries("interviews"),
                        key=lambda e: not (e.record.audio or e.record.video))
    for entry in interviews:
        portrait = v.a.portrait(entry.record.narrator) if entry.record.narrator else None
        image = v.img(uri, portrait) if portrait else None
        if image:
            return image
    return None


def _first_picture(v: Views, uri: str, kind: str) -> Image | None:
    entries: list[Entry] = v.a.entries(kind)
    return next((img for e in entries for picture in (e.record.images or [])
                 if (img := v.img(uri, picture))), None)


def _wish_tile(v: Views, uri: str) -> Tile | None:
    tile = _section_tile(v, uri, "wishes", None)
    if tile is None:
        return None
    wish = next((w for w in v.a.entries("wishes") if v.text(w.record.text)), None)
    note = v.text(wish.record.text) if wish else None
    return Tile(tile.key, tile.label, tile.blurb, tile.url, note=note)


def _exhibition_tile(v: Views, uri: str) -> Tile | None:
    exhibits = v.a.entries("exhibits")
    if not exhibits:
        return None
    # one exhibition: its own page; several: the list of them
    target = (href(uri, v.uri(exhibits[0])) if len(exhibits) == 1
              else href(uri, v.u("exhibits/index.md")))
    # an exhibition shows objects: the first of them that has a picture
    image = next((img for e in exhibits for kind, id_ in v.a.references(e) if kind == "objects"
                  for picture in (v.a.get("objects", id_).record.images or [])
                  if (img := v.img(uri, picture))), None)
    title = v.title(exhibits[0]) if len(exhibits) == 1 else v.L("exhibits")
    return Tile("exhibits", v.L("exhibits"), title, target, image=image)


__all__ = ["LEFT_OUT", "Slide", "StartView", "Tile", "attract_slides", "start_page"]
