"""What goes on each panel: the exhibit's panels resolved against the archive.

Only :class:`~parlour.archive.Archive` is asked what exists, so a record or a person that
this audience may not see is absent here and therefore absent from the print: no title, no
alt text, no "1 item hidden". The result is plain data (dataclasses of strings and paths)
that the template turns into HTML and that the worker processes can receive by pickling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..archive import dates, eras
from ..archive.cjk import CJK
from ..archive import Archive, Entry
from ..archive.problems import ERROR, WARNING, Problem
from ..catalog import display_name
from ..i18n import label
from . import qr

#: (language the text is in, text); one pair per requested language that has words.
Bi = list[tuple[str, str]]

#: The named words (parlour/words.py, translated in the catalogs) of an event's or a wish's
#: status, as the site says it too
STATUS = {"ongoing": "status.ongoing", "planned": "status.planned", "wished": "status.wished",
          "new": "wish.new", "heard": "wish.heard", "in-progress": "wish.in-progress",
          "done": "wish.done"}


@dataclass
class ImageView:
    path: Path  # the file in stories/media/
    media: str  # its path relative to stories/media/, for messages
    alt: str = ""
    caption: Bi = field(default_factory=list)
    #: where the image is named, for a pre-flight message (path, line, column)
    where: tuple[str, int, int] = ("", 0, 0)
    #: words drawn inside an SVG, which the panel fonts will set too
    text: str = ""
    #: a photo's size in pixels (None for a drawing, which prints sharp at any size)
    pixels: tuple[int, int] | None = None


@dataclass
class Placeholder:
    """The drawn stand-in for a portrait the audience may not see (or that does not exist):
    a silhouette with the person's initials, or with none when their name is withheld too
    (the initials of a withheld name would tell it; a display name such as "A retired
    postman" has no initials worth the name)."""

    initials: str = ""


@dataclass
class ItemView:
    """A record on a panel: a card in a grid, a stop on a timeline, a line under a hero."""

    type: str
    id: str
    title: Bi
    url: str = ""  # site-relative
    date: Bi = field(default_factory=list)
    kind: Bi = field(default_factory=list)
    summary: Bi = field(default_factory=list)
    credit: Bi = field(default_factory=list)
    by: Bi = field(default_factory=list)
    status: Bi = field(default_factory=list)
    status_code: str = ""
    era: str = ""
    number: str = ""
    material: Bi = field(default_factory=list)
    dimensions: Bi = field(default_factory=list)
    image: ImageView | None = None
    placeholder: Placeholder | None = None
    #: where the record is (for a pre-flight message about its block on the panel)
    where: tuple[str, int, int] = ("", 0, 0)
    #: its number on a map panel's picture ("" when the map cannot place it)
    pin: str = ""


@dataclass
class MapPin:
    """A numbered pin on a map panel's picture, at a share of its width and height (%)."""

    number: str
    left: float
    top: float


@dataclass
class QuoteView:
    text: Bi
    who: Bi
    date: Bi
    source: Bi  # the interview's title
    url: str  # the interview page, at the quote
    portrait: ImageView | None = None
    audio: bool = False  # does the public website play the recording?
    placeholder: Placeholder | None = None
    where: tuple[str, int, int] = ("", 0, 0)  # the quote's text, for pre-flight messages


@dataclass
class PanelView:
    exhibit_id: str
    id: str
    number: int
    total: int
    layout: str
    era: str
    section: Bi
    exhibit: Bi
    title: Bi
    text: Bi = field(default_factory=list)
    image: ImageView | None = None
    items: list[ItemView] = field(default_factory=list)
    quotes: list[QuoteView] = field(default_factory=list)
    qr_url: str = ""  # absolute; "" when there is no site_url
    cta: Bi = field(default_factory=list)
    venue: Bi = field(default_factory=list)
    where: tuple[str, int, int] = ("", 0, 0)
    #: where the panel's text is written (for the text budget's message)
    text_where: tuple[str, int, int] = ("", 0, 0)
    #: the records on the panel (``type/id``), whose consent its fingerprint remembers
    records: list[str] = field(default_factory=list)
    #: a map panel's pins on its picture (``image``, the map), numbered as its items
    pins: list[MapPin] = field(default_factory=list)
    #: the map picture's height over its width (0 when there is no map)
    map_aspect: float = 0.0

    def strings(self) -> list[str]:
        """Every text that will be set on the panel (for the glyph check)."""
        out: list[str] = []

        def add(value: Any) -> None:
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, (list, tuple)):
                for v in value:
                    add(v)
            elif isinstance(value, (ItemView, QuoteView, ImageView, Placeholder)):
                for name in value.__dataclass_fields__:
                    if name not in ("path", "media", "where", "url", "type", "id", "era",
                                    "status_code"):
                        add(getattr(value, name))

        for name in ("section", "exhibit", "title", "text", "image", "items", "quotes", "cta",
                     "venue"):
            add(getattr(self, name))
        return out


@dataclass
class LabelView:
    """An object label: title, date in words, credit line and a QR to the object's page."""

    id: str
    title: Bi
    kind: Bi
    date: Bi
    material: Bi
    credit: Bi
    number: str
    qr_url: str
    cta: Bi
    era: str

    def strings(self) -> list[str]:
        return [t for pairs in (self.title, self.kind, self.date, self.material, self.credit,
                                self.cta) for _, t in pairs] + [self.number]


class Builder:
    """Resolves one exhibit into panel views for one audience and set of languages."""

    def __init__(self, archive: Archive, *, langs: list[str], site_url: str,
                 public: Archive | None = None):
        self.a = archive
        self.public = public  # what the website shows: QR codes must land on a real page
        self.langs = langs
        self.default = archive.default_lang
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.problems: list[Problem] = []
        self.root = archive.root
        self._image_bytes: int | None = None  # the site's limit, read when first needed

    # ------------------------------------------------------------------ words

    def at(self, type_: str, id_: str, loc: tuple = ()) -> tuple[str, int, int]:
        return self.a.where(type_, id_, loc)

    def problem(self, where: tuple[str, int, int], code: str, message: str, hint: str = "",
                severity: str = WARNING) -> None:
        self.problems.append(Problem(where[0], where[1], where[2], code, message, hint, severity))

    def bi(self, value: Any, where: tuple[str, int, int] | None = None, what: str = "") -> Bi:
        """The text in each requested language; a missing one falls back and is reported."""
        if value is None or value == "" or value == {}:
            return []
        out: Bi = []
        for lang in self.langs:
            if isinstance(value, str):
                text, actual = value, self.default
            elif value.get(lang):
                text, actual = value[lang], lang
            else:
                actual = self.default if value.get(self.default) else next(iter(value))
                text = value[actual]
            text = tidy(text, actual)
            if actual != lang and where is not None:
                self.problem(where, "missing-translation",
                             f"{what or 'a text'} has no {display_name(lang, 'en')} ({lang}) version; "
                             f"the panel will show the {display_name(actual, 'en')} text "
                             "instead",
                             f"add `{lang}: ...` beside `{actual}:`")
            if actual != lang and any(t == text for _, t in out):
                continue  # zh+en with no English: say it once, not twice
            out.append((actual, text))
        return out

    def fixed(self, key: str, **fmt: str) -> Bi:
        """Parlour's own wording (a named word of parlour/words.py: labels, calls to action)
        in each requested language."""
        return [(lang, label(key, lang).format(**fmt)) for lang in self.langs]

    def person(self, person_id: str) -> Bi:
        seen: Bi = []
        for lang in self.langs:
            label = self.a.person_label(person_id, lang)
            if not any(t == label for _, t in seen):
                seen.append((lang, label))
        return seen

    def date(self, value: Any) -> Bi:
        if not value:
            return []
        return [(lang, dates.words(value, lang)) for lang in self.langs]

    def url(self, site_relative: str) -> str:
        """The page a QR code opens: in the panel's first language (English panels open the
        /en/ pages; the default language lives at the site root)."""
        if not self.site_url:
            return ""
        first = self.langs[0] if self.langs else self.default
        prefix = "" if first == self.default else f"{first}/"
        return self.site_url + prefix + site_relative

    def plays_on_site(self, entry: Entry) -> bool:
        """Whether the website's view of an interview (what its QR code opens) has sound."""
        site = (self.public or self.a).get(entry.type, entry.id)
        return site is not None and bool(site.record.audio)

    def on_public_site(self, entry: Entry) -> bool:
        return self.public is None or self.public.get(entry.type, entry.id) is not None

    # ------------------------------------------------------------------ images

    def image(self, image: Any, where: tuple[str, int, int]) -> ImageView | None:
        if image is None:
            return None
        path = self.picture(image.src, where)
        if path is None:
            return None
        alt = self.bi(image.alt)
        return ImageView(path=path, media=str(image.src), alt=" / ".join(t for _, t in alt),
                         caption=self.bi(image.caption), where=where,
                         text=self.drawn_text(path, where), pixels=_pixels(path))

    def picture(self, src: Any, where: tuple[str, int, int]) -> Path | None:
        """The file of a picture in stories/media/, or None with the problem reported: as
        the website, a panel takes no link, nothing too large, nothing that does not decode
        (a drawing is read by :meth:`drawn_text`)."""
        from ..archive.media import MediaError, check_image, media_file, media_limits

        if self._image_bytes is None:
            self._image_bytes = media_limits(self.root).image_bytes
        try:
            path = media_file(self.root, "stories/media", str(src))
            if path.suffix.lower() != ".svg":
                check_image(path, max_bytes=self._image_bytes)
        except MediaError as err:
            if err.code == "media-missing":
                self.problem(where, "image-missing",
                             f"the picture {src} is not in stories/media/",
                             "check the file name, or add the file", ERROR)
            else:
                self.problem(where, err.code, f"the picture {src} cannot be used: {err.reason}",
                             "run `parlour check`, which says what to do", ERROR)
            return None
        return path

    def drawn_text(self, path: Path, where: tuple[str, int, int]) -> str:
        if path.suffix.lower() != ".svg":
            return ""
        from ..archive.media import ImageError
        from .fetch import svg_text

        try:
            return svg_text(path.read_bytes(), path)
        except (ImageError, OSError) as err:
            self.problem(where, "image-unreadable", f"the drawing cannot be used: {err}",
                         "export it again as plain SVG", ERROR)
            return ""

    def entry_image(self, entry: Entry) -> ImageView | None:
        r = entry.record
        if entry.type == "people":
            portrait = self.a.portrait(entry.id)
            return self.image(portrait, self.at("people", entry.id, ("portrait",)))
        if entry.type == "places" and r.then_now:
            then = r.then_now[0]
            where = self.at("places", entry.id, ("then_now", 0))
            path = self.picture(then.then, where)
            if path is not None:
                alt = " / ".join(t for _, t in self.bi(then.alt))
                return ImageView(path=path, media=str(then.then), alt=alt, where=where,
                                 text=self.drawn_text(path, where), pixels=_pixels(path))
            return None
        images = getattr(r, "images", None) or []
        return self.image(images[0], self.at(entry.type, entry.id, ("images", 0))) if images else None

    # ------------------------------------------------------------------ items

    def era_of(self, entry: Entry) -> str:
        """The entry's era, by the rule the web pages use too (archive/eras.py)."""
        return eras.era_of(self.a, entry)

    def credit(self, entry: Entry) -> Bi:
        r = entry.record
        if getattr(r, "credit_line", None):
            return self.bi(r.credit_line, self.at(entry.type, entry.id, ("credit_line",)),
                           "the credit line")
        for field_, key in (("lender", "panel.lent"), ("donor", "panel.given")):
            person = getattr(r, field_, None)
            if person:
                return [(lang, label(key, lang).format(who=in_sentence(
                    self.a.person_label(person, lang), lang=lang))) for lang in self.langs]
        return []

    def placeholder(self, person_id: str) -> Placeholder:
        """The drawn portrait of ``person_id``: initials only from a name this audience may
        see (the redacted view keeps ``name`` only then), never from a withheld one."""
        person = self.a.person(person_id)
        if person is None or not person.name:
            return Placeholder()
        return Placeholder(initials(self.a.person_label(person_id, self.langs[0])))

    def item(self, entry: Entry) -> ItemView:
        r = entry.record
        def w(*loc):
            return self.at(entry.type, entry.id, loc)

        title = (self.person(entry.id) if entry.type == "people"
                 else [(lang, self.a.title(entry, lang)) for lang in self.langs])
        if entry.type not in ("people", "wishes"):
            field_ = "names" if entry.type == "places" else "title"
            raw = r.names[-1].name if entry.type == "places" else r.title
            title = self.bi(raw, w(field_), "the title")
        view = ItemView(type=entry.type, id=entry.id, title=title, url=entry.url,
                        era=self.era_of(entry), image=self.entry_image(entry), where=w())
        if entry.type == "people" and view.image is None:
            view.placeholder = self.placeholder(entry.id)
        if entry.type == "objects":
            view.date = self.date(r.date)
            view.kind = self.bi(r.kind, w("kind"), "the kind of object")
            view.credit = self.credit(entry)
            view.number = r.number or ""
            view.material = self.bi(r.material, w("material"), "the material")
            view.dimensions = self.bi(r.dimensions, w("dimensions"), "the dimensions")
        elif entry.type == "events":
            view.date = self.date(r.date)
            view.summary = self.bi(r.summary, w("summary"), "the summary")
            view.status_code = r.status
            view.status = self.fixed(STATUS[r.status]) if r.status in STATUS else []
        elif entry.type == "wishes":
            view.title = self.bi(r.text, w("text"), "the wish")
            by = str(r.by)
            if by.startswith("people/"):
                view.by = self.person(by.split("/", 1)[1])
            elif by == "anonymous":
                view.by = self.fixed("anonymous")
            else:
                view.by = [(self.default, by)]
            view.date = self.date(r.date)
            view.status_code = r.status
            view.status = self.fixed(STATUS[r.status])
        elif entry.type == "people":
            if r.occupation:
                view.kind = self.bi(r.occupation, w("occupation"), "the occupation")
        elif entry.type == "interviews":
            view.by = self.person(r.narrator)
            view.date = self.date(r.date)
        elif entry.type == "places":
            view.summary = self.bi(r.description, w("description"), "the description")
        return view

    def quote(self, entry: Entry, quote: Any, index: int) -> QuoteView:
        r = entry.record
        portrait = self.a.portrait(r.narrator)
        where = self.at("interviews", entry.id, ("quotes", index, "text"))
        view = QuoteView(
            text=self.bi(quote.text, where, f"the quote {quote.id}"),
            who=self.person(r.narrator),
            date=self.date(r.date),
            source=self.bi(r.title),
            url=f"{entry.url}#{quote.id}",
            portrait=self.image(portrait, self.at("people", r.narrator, ("portrait",))),
            # the QR opens the website, so what counts is whether the website plays it: the
            # website's own view of the interview holds the recording only when it may
            audio=self.plays_on_site(entry),
            where=where,
        )
        if view.portrait is None:
            view.placeholder = self.placeholder(r.narrator)
        return view

    # ------------------------------------------------------------------ panels

    def panels(self, exhibit: Entry) -> list[PanelView]:
        r = exhibit.record
        total = sum(len(s.panels) for s in r.sections)
        out: list[PanelView] = []
        number = 0
        exhibit_title = self.bi(r.title, self.at("exhibits", exhibit.id, ("title",)),
                                "the exhibition's title")
        venue = self.bi(r.venue)
        for s_i, section in enumerate(r.sections):
            section_title = self.bi(section.title,
                                    self.at("exhibits", exhibit.id, ("sections", s_i, "title")),
                                    "the section title")
            for p_i, panel in enumerate(section.panels):
                number += 1
                loc = ("sections", s_i, "panels", p_i)
                where = self.at("exhibits", exhibit.id, loc)
                view = PanelView(
                    exhibit_id=exhibit.id, id=panel.id, number=number, total=total,
                    layout=panel.layout, era=section.era or "past", section=section_title,
                    exhibit=exhibit_title, venue=venue, where=where,
                    text_where=self.at("exhibits", exhibit.id, (*loc, "text")),
                    title=self.bi(panel.title, self.at("exhibits", exhibit.id, (*loc, "title")),
                                  f"the title of panel {panel.id}"),
                    text=self.bi(panel.text, self.at("exhibits", exhibit.id, (*loc, "text")),
                                 f"the text of panel {panel.id}"),
                    image=self.image(panel.image, self.at("exhibits", exhibit.id, (*loc, "image"))),
                )
                for ref in panel.items:
                    entry = self.a.resolve(ref)
                    if entry is None:
                        continue  # not for this audience: absent, and not mentioned
                    if returned(entry) and not panel.include_returned:
                        continue  # no longer in the room: a card would point at nothing
                    if entry.ref not in view.records:
                        view.records.append(entry.ref)
                    fragment = str(ref).split("#", 1)[1] if "#" in str(ref) else ""
                    if fragment and entry.type == "interviews":
                        found = [(i, q) for i, q in enumerate(entry.record.quotes)
                                 if q.id == fragment]
                        if found:
                            view.quotes.append(self.quote(entry, found[0][1], found[0][0]))
                            continue
                    view.items.append(self.item(entry))
                if panel.layout == "map":
                    from .maps import map_pins

                    map_pins(self, view, panel, self.at("exhibits", exhibit.id, (*loc, "map")))
                self.qr(view, exhibit)
                out.append(view)
        return out

    def qr(self, view: PanelView, exhibit: Entry) -> None:
        """The panel's QR: the interview when a quote panel quotes one recording the website
        may play, else the panel's own place on the exhibition page."""
        url = f"exhibits/{exhibit.id}/#{view.id}"
        cta = "panel.cta.more"
        interviews = {q.url.split("#")[0] for q in view.quotes}
        if (view.layout == "quote" and len(interviews) == 1 and not view.items
                and view.quotes[0].audio):
            url = view.quotes[0].url
        if any(q.audio for q in view.quotes):
            cta = "panel.cta.voices"
        if not self.on_public_site(exhibit):
            self.problem(view.where, "qr-no-page",
                         "the exhibition is not on the public website, so the QR code would "
                         "lead nowhere; the panel is printed without one", severity=WARNING)
            return
        view.cta = self.fixed(cta)
        if not self.site_url:
            self.problem(view.where, "qr-no-site-url",
                         f"panel {view.id} needs a QR code, but there is no site_url to point "
                         "it at; the panel is printed without one",
                         "set site_url in mkdocs.yml, or pass --site-url https://...")
            return
        # Too long for the code a panel has room for: the page without its anchor still
        # leads to the right exhibition or interview, so it is used without a word.
        for candidate in dict.fromkeys((url, url.split("#", 1)[0])):
            if qr.fits(self.url(candidate), qr.PANEL_MAX_VERSION):
                view.qr_url = self.url(candidate)
                return
        view.cta = []
        short = self.url(url.split("#", 1)[0])
        self.problem(
            view.where, "qr-too-long",
            f"the QR code of panel {view.id} cannot hold its link: {_clip(short)} is "
            f"{_bytes(short)} characters long, and a QR code that fits on a panel holds at "
            f"most {qr.capacity(qr.PANEL_MAX_VERSION)}",
            "use a shorter site_url (in mkdocs.yml, or --site-url), or shorter ids", ERROR)

    def labels(self, panels: list[PanelView]) -> list[LabelView]:
        """One label per object shown on the panels, in the order they are first shown."""
        out: dict[str, LabelView] = {}
        for panel in panels:
            for item in panel.items:
                if item.type != "objects" or item.id in out:
                    continue
                entry = self.a.get("objects", item.id)
                if returned(entry):
                    continue  # back with its owner: nothing in the room to label
                url = self.url(entry.url) if self.on_public_site(entry) else ""
                if url and not qr.fits(url, qr.LABEL_MAX_VERSION):
                    self.problem(
                        self.at("objects", item.id), "qr-too-long",
                        f"the QR code on the label of {entry.ref} cannot hold its link: "
                        f"{_clip(url)} is {_bytes(url)} characters long, and a QR code that "
                        f"fits on a label holds at most {qr.capacity(qr.LABEL_MAX_VERSION)}",
                        "use a shorter site_url (in mkdocs.yml, or --site-url) or give the "
                        "object a shorter id (its file name)", ERROR)
                    url = ""
                out[item.id] = LabelView(
                    id=item.id, title=item.title, kind=item.kind, date=item.date,
                    material=item.material, credit=item.credit, number=item.number,
                    qr_url=url, cta=self.fixed("panel.cta.object") if url else [], era=panel.era,
                )
        return list(out.values())


_CJK_GAP = re.compile(f"(?<=[{CJK}])\\s+(?=[{CJK}])")


_ZH_PUNCT_GAP = re.compile("(?<=[。，；：！？、）」』])\\s+|\\s+(?=[（「『。，；：！？、])")


def _clip(url: str, most: int = 80) -> str:
    return url if len(url) <= most else url[: most - 1] + "…"


def _bytes(url: str) -> int:
    # what the QR code holds: UTF-8 bytes, which is characters for an ASCII link
    return len(url.encode("utf-8"))


def _pixels(path: Path) -> tuple[int, int] | None:
    """A photo's width and height in pixels (read from its header), None for a drawing."""
    if path.suffix.lower() == ".svg":
        return None
    from PIL import Image

    with Image.open(path) as image:  # checked already by check_image: it decodes
        return image.size


def returned(entry: Entry) -> bool:
    """Whether ``entry`` is an object whose loan has ended (it is no longer in the room)."""
    loan = getattr(entry.record, "loan", None) if entry.type == "objects" else None
    return loan is not None and loan.status == "returned"


def in_sentence(label: str, *, lang: str) -> str:
    """A person's label as it reads inside a sentence: "Lent by a retired postman", not
    "Lent by A retired postman" (English display names are written as titles)."""
    if not lang.startswith("en"):
        return label
    words = label.split(" ", 2)
    if len(words) > 1 and (words[0] == "The" or (words[0] in ("A", "An") and words[1][:1].islower())):
        return words[0].lower() + label[len(words[0]):]
    return label


def initials(label: str) -> str:
    """The initials of a name as shown: a Chinese name's first character (the surname), or
    the first letters of the first two words of a name in Latin letters ("Li Xiuzhen": LX)."""
    label = label.strip()
    if not label:
        return ""
    if re.match(f"[{CJK}]", label):
        return label[0]
    letters = [w[0].upper() for w in re.findall(r"[^\W\d_][\w'’-]*", label)[:2]]
    return "".join(letters)


def tidy(text: str, lang: str = "zh") -> str:
    """One line of text: YAML's folded line ends become spaces, except between two Chinese
    characters or beside Chinese punctuation, where a space would print as a visible gap."""
    text = _CJK_GAP.sub("", " ".join(str(text).split()))
    return _ZH_PUNCT_GAP.sub("", text) if lang.split("-")[0] in ("zh", "yue", "ja") else text
