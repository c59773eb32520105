"""What Material's page templates get beyond a page's content: related records, citation,
previous and next, JSON-LD and Open Graph; and the generated blocks a hand-written page can
embed (rendered by Parlour's templates, like the generated pages)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from mkdocs.utils import get_relative_url

from .catalog import og_locale
from .archive import dates
from .archive import Archive, Entry, tr
from .archive.media import Published
from .pages import ERAS
from .templating import Renderer
from .views import Card, Views, href, inline

#: schema.org types for record pages
SCHEMA_TYPES = {
    "interviews": "ArchiveComponent",
    "objects": "ArchiveComponent",
    "places": "Place",
    "exhibits": "ExhibitionEvent",
}


def image_sources(archive: Archive) -> dict[str, tuple[str, int, int]]:
    """Every stories/media/ path a page of this audience shows: nothing else is published.

    Each maps to where it is named first, (file, line, column), for a message about it.
    """
    out: dict[str, tuple[str, int, int]] = {}

    def add(src: object, entry: Entry, loc: tuple) -> None:
        if str(src) not in out:
            out[str(src)] = archive.where(entry.type, entry.id, loc)

    for entry in archive.all_entries():
        r = entry.record
        for i, image in enumerate(getattr(r, "images", []) or []):
            add(image.src, entry, ("images", i, "src"))
        for i, pair in enumerate(getattr(r, "then_now", []) or []):
            add(pair.then, entry, ("then_now", i, "then"))
            add(pair.now, entry, ("then_now", i, "now"))
        for s, section in enumerate(getattr(r, "sections", []) or []):
            for p, panel in enumerate(section.panels):
                if panel.image:
                    add(panel.image.src, entry, ("sections", s, "panels", p, "image", "src"))
        if entry.type == "people" and r.portrait is not None:  # the view: only if consented
            add(r.portrait.src, entry, ("portrait", "src"))
    for entry in archive.entries("maps"):  # shown on the places pages (geo.py), not listed
        add(entry.record.image.src, entry, ("image", "src"))
    return out


def audio_sources(archive: Archive) -> dict[str, tuple[str, int, int]]:
    """The recordings this audience may hear: a recording without consent is never copied.

    Each maps to where it is named, (file, line, column), for a message about it.
    """
    out: dict[str, tuple[str, int, int]] = {}
    for entry in archive.entries("interviews"):
        # the view holds no recording this audience may not hear
        field = "video" if entry.record.video else "audio"
        src = getattr(entry.record, field)
        if src and str(src) not in out:
            out[str(src)] = archive.where(entry.type, entry.id, (field,))
    return out


def record_context(
    entry: Entry, *, archive: Archive, page_url: str, site_url: str, lang: str,
    images: dict[str, Published], title: str, site_name: str = "",
) -> dict[str, Any]:
    """The ``parlour`` variable of a record page's template."""
    w = Views(archive, images, lang)
    site = site_url.rstrip("/") + "/" if site_url else ""

    def link(target: Entry) -> dict:
        path, _, anchor = target.url.partition("#")
        return {
            "title": w.title(target),
            "url": get_relative_url(w.prefix + path, page_url) + (f"#{anchor}" if anchor else ""),
            "kind": w.L(f"kind.{target.type}"),
        }

    prev, nxt = archive.neighbours(entry)
    absolute = site + w.prefix + entry.url
    r = entry.record
    date = getattr(r, "date", None) or getattr(r, "dates", None)
    who = ""
    if entry.type == "interviews":
        who = archive.person_label(r.narrator, lang)
    cite_parts = [p for p in (who, f"“{inline(title)}”", site_name,
                              dates.words(date, lang) if date else "", absolute) if p]
    # an exhibition's dates say when it is on, not which era it is about (Views.era_mark)
    mark = w.era_mark(entry)
    return {
        "kind": w.L(f"kind.{entry.type}"),
        "era": mark.word if mark else "",
        "era_key": mark.key if mark else "",
        # a place with a then-and-now pair: its page loads the comparison slider
        "compare": bool(getattr(entry.record, "then_now", None)),
        "labels": {key: w.L(key) for key in ("related", "related.all", "cite", "prevnext")},
        "related": [link(e) for e in _related(archive, entry)],
        "prev": link(prev) if prev else None,
        "next": link(nxt) if nxt else None,
        "cite": citation(w.words["cite.text"], source=w.L("comma").join(cite_parts[:-1]),
                         url=absolute),
        "jsonld": jsonld(entry, archive=archive, url=absolute, title=title, lang=lang,
                         site=site),
        "og": open_graph(entry, archive=archive, url=absolute, title=title, lang=lang, site=site,
                         images=images),
    }


_FIELD = re.compile(r"(\{(?:source|url|date)\})")


def citation(pattern: str, *, source: str, url: str) -> dict[str, str]:
    """A "cite this" text in its parts, for a page that carries no build date.

    The date a citation needs is the reader's (the day they read the page), so the page
    leaves an empty ``<time>`` where ``{date}`` stands and parlour.js fills it. The words
    written right next to ``{date}`` (" (accessed " and ")") belong to the date: they are
    ``before`` and ``after``, hidden until the script shows them, so without script the
    citation reads "source. url" alone. ``text`` and ``rest`` are the words either side.
    A build date would change every page every day, and no page could be reused.
    """
    parts = _FIELD.split(pattern)
    if "{date}" not in parts:  # a translation without a date: all of it is the citation
        parts += ["{date}", ""]
    at = parts.index("{date}")
    # split() alternates words and fields: the words next to {date} are at at-1 and at+1
    before, after = parts[at - 1], parts[at + 1] if at + 1 < len(parts) else ""
    values = {"{source}": source, "{url}": url}

    def fill(pieces: list[str]) -> str:
        return "".join(values.get(piece, piece) for piece in pieces)

    return {"text": fill(parts[:at - 1]), "before": before, "after": after,
            "rest": fill(parts[at + 2:])}


#: schema.org types without an inLanguage property (a Place is not a creative work)
_NO_LANGUAGE = {"Place"}


def jsonld(entry: Entry, *, archive: Archive, url: str, title: str, lang: str,
           site: str = "") -> str:
    """schema.org JSON-LD in the page's language, safe to put inside a <script> element.

    The context is inline (schema.org as the vocabulary, and the ``parlour:`` prefix for the
    record's own EDTF date, documented on the data page), so a JSON-LD processor reads it
    without fetching anything. Dates are ISO 8601 (a date, or an interval where the EDTF is
    a span, a decade or a season), worked out from the EDTF bounds.
    """
    r = entry.record
    schema_type = SCHEMA_TYPES.get(entry.type, "CreativeWork")
    data: dict[str, Any] = {
        "@context": {"@vocab": "https://schema.org/",
                     "parlour": (site + "data/#") if site else "urn:parlour:"},
        "@type": schema_type,
        "name": inline(title),
        "url": url,
    }
    if schema_type not in _NO_LANGUAGE:
        data["inLanguage"] = lang
    description = tr(getattr(r, "summary", None) or getattr(r, "description", None)
                     or getattr(r, "intro", None), lang)
    if description:
        data["description"] = inline(description)[:300]
    data.update(_jsonld_dates(entry))
    themes = [archive.themes[t] for t in getattr(r, "themes", []) if t in archive.themes]
    if themes:
        data["keywords"] = [getattr(label, lang, None) or label.zh for label in themes]
    if entry.type == "interviews":
        data["genre"] = "oral history"
        data["creator"] = {"@type": "Person", "name": archive.person_label(r.narrator, lang)}
    if entry.type == "places" and r.location:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": r.location.lat,
                       "longitude": r.location.lon}
    if entry.type == "exhibits" and r.venue:
        data["location"] = {"@type": "Place", "name": inline(tr(r.venue, lang))}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</script>" or "<!--" inside a string would end or confuse the script element
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _jsonld_dates(entry: Entry) -> dict[str, Any]:
    """ISO 8601 dates for schema.org, and the EDTF as written under ``parlour:edtf``."""
    r = entry.record
    out: dict[str, Any] = {}
    if entry.type == "exhibits":
        if r.dates is None:
            return out
        parsed = r.dates.parsed  # when the exhibition is on: its first and last day
        if parsed.first is not None:
            out["startDate"] = parsed.first.iso()
        if parsed.last is not None:
            out["endDate"] = parsed.last.iso()
        out["parlour:edtf"] = str(r.dates)
        return out
    date = getattr(r, "date", None)
    if date is not None and not date.parsed.unknown:
        iso = date.parsed.iso()
        if entry.type == "objects":
            out["temporalCoverage"] = iso  # an object's date: the time it is from
        elif "/" not in iso:
            out["dateCreated"] = iso  # a Date: an interval has no place here
    covers = getattr(r, "covers", None)
    if covers is not None and not covers.parsed.unknown:
        out["temporalCoverage"] = covers.parsed.iso()  # the time an interview tells of
    if date is not None:
        out["parlour:edtf"] = str(date)
    return out


def open_graph(entry: Entry, *, archive: Archive, url: str, title: str, lang: str, site: str,
               images: dict[str, Published]) -> list[tuple[str, str]]:
    r = entry.record
    out = [("og:type", "article"), ("og:title", inline(title)), ("og:url", url),
           ("og:locale", og_locale(lang))]
    description = tr(getattr(r, "summary", None) or getattr(r, "description", None)
                     or getattr(r, "intro", None), lang)
    if description:
        out.append(("og:description", inline(description)[:200]))
    image = None
    if getattr(r, "images", None):
        image = r.images[0]
    elif entry.type == "interviews":
        image = archive.portrait(r.narrator)
    if image is not None and str(image.src) in images and site:
        published = images[str(image.src)]
        out.append(("og:image", site + "media/" + published.url))
        out.append(("og:image:alt", inline(tr(image.alt, lang))))
    return out


# ---------------------------------------------------------------------- home blocks

BLOCK = re.compile(r"<!--\s*parlour:([a-z-]+)\s*-->")


@dataclass
class EraDoor:
    """One era on the home page: a link to its part of the timeline, a blurb, a count."""

    name: str
    url: str
    blurb: str
    count: str


def _related(archive: Archive, entry: Entry) -> list[Entry]:
    """The records a page lists as related. An exhibition's own panels already show (and
    link) what it names: only the records that refer to it are listed below them."""
    related = archive.related(entry)
    if entry.type != "exhibits":
        return related
    shown = set(archive.references(entry))
    return [e for e in related if e.key not in shown]


def expand_blocks(markdown: str, *, archive: Archive, images: dict[str, Published],
                  page_uri: str, lang: str, repo_url: str = "", branch: str = "main",
                  renderer: Renderer | None = None) -> str:
    """Replace ``<!-- parlour:NAME -->`` markers in hand-written pages with generated blocks:
    ``eras``, ``latest-interviews``, ``featured-objects``, ``contribute-forms``.

    Each block is rendered by its template (``parlour/blocks/<name>.html``, or
    ``parlour/contribute-forms.html``) as one raw HTML block: without blank lines, so
    Python-Markdown passes it through as it is.
    """
    if "parlour:" not in markdown:
        return markdown
    renderer = renderer or Renderer()
    w = Views(archive, images, lang)
    blocks = {
        "eras": lambda: ("parlour/blocks/eras.html", {"eras": _eras(w, page_uri)}),
        "latest-interviews": lambda: (
            "parlour/blocks/latest-interviews.html", {"cards": _latest_interviews(w, page_uri)}
        ),
        "featured-objects": lambda: (
            "parlour/blocks/featured-objects.html", {"cards": _featured_objects(w, page_uri)}
        ),
        "contribute-forms": lambda: ("parlour/contribute-forms.html", {
            "repo_url": repo_url, "branch": branch,
            "themes": [(t, w.theme_name(t)) for t in archive.themes],
        }),
    }

    def block(m: re.Match) -> str:
        if m.group(1) not in blocks:
            return m.group(0)
        template, context = blocks[m.group(1)]()
        html = renderer.render(template, t=w.words, _=w.catalog, lang=lang, **context)
        return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"

    return BLOCK.sub(block, markdown)


def _eras(w: Views, uri: str) -> list[EraDoor]:
    counts = dict.fromkeys(ERAS, 0)
    for entry in w.a.entries("events"):
        counts[w.era(entry)] += 1
    timeline = w.u("timeline/index.md")
    return [
        EraDoor(w.L(f"era.{era}"), href(uri, f"{timeline}#{era}"), w.L(f"blurb.{era}"),
                f"{counts[era]} {w.L('events_count')}")
        for era in ERAS
    ]


def _latest_interviews(w: Views, uri: str, n: int = 3) -> list[Card]:
    entries = sorted(w.a.entries("interviews"), key=lambda e: e.record.date.parsed.sort_key(),
                     reverse=True)[:n]
    return [
        Card(w.link(uri, e), lines=[[w.person(e.record.narrator), w.date(e.record.date)]],
             quote=w.text(e.record.quotes[0].text) if e.record.quotes else None,
             era=w.era_mark(e), sound=w.sound(e))
        for e in entries
    ]


def _featured_objects(w: Views, uri: str, n: int = 4) -> list[Card]:
    entries = [e for e in w.a.entries("objects") if e.record.images][:n]
    return [
        Card(w.link(uri, e),
             image=w.img(uri, e.record.images[0], thumb=True, css="parlour-thumb"),
             era=w.era_mark(e))
        for e in entries
    ]


__all__ = ["expand_blocks", "image_sources", "record_context"]
